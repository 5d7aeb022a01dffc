// In-process queue per key: settles touching the same shard or response run one after another within an instance.
//
// Firestore transactions already make concurrent settles correct; this only keeps one instance from
// contending with itself. Production Firestore resolves contention quickly (wound-wait), but the emulator
// resolves it by 30-second lock timeouts, which would make `shnor serve` and the tests crawl under a burst.

/** Runs functions one at a time per key, in arrival order; different keys run in parallel. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier holder of each of `keys` has finished (keys locked in sorted order). */
  async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const key of sorted) releases.push(await this.acquire(key));
      return await fn();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      // forget the key once nobody queued behind this holder, so the map does not grow without bound
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
