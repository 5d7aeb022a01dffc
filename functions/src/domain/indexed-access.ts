// Reading an element the code knows is there: a bug, loudly, if it is not — instead of a cast that hides it.

/**
 * `array[index]` for an index the algorithm guarantees to be in range (a loop bound, a position found
 * earlier), or `map.get(key)` for a key it put there. `noUncheckedIndexedAccess` types every such read as
 * possibly undefined; this says «it is there» and checks it, where `as number` would only silence the compiler
 * and let a hole become NaN downstream. Throws a RangeError (a bug, never a user's error) when the element is
 * missing. O(1).
 * @example at([10, 20, 30], 1) → 20; at([10], 3) throws; at(new Map([["a", 1]]), "a") → 1
 */
export function at<T>(array: ArrayLike<T>, index: number): T;
export function at<K, V>(map: ReadonlyMap<K, V>, key: K): V;
export function at<T>(collection: ArrayLike<T> | ReadonlyMap<unknown, T>, key: unknown): T {
  const value = collection instanceof Map ? collection.get(key) : (collection as ArrayLike<T>)[key as number];
  if (value === undefined) throw new RangeError(`bug: no element ${String(key)} where the code put one`);
  return value;
}
