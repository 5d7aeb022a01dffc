// The real @google-cloud/firestore client, and a thin counting wrapper every repository goes through.
import {
  type CollectionReference,
  type DocumentData,
  type DocumentReference,
  type DocumentSnapshot,
  type FieldPath,
  Firestore,
  type Query,
  type QuerySnapshot,
  type SetOptions,
  type Transaction,
  type UpdateData,
  type WriteBatch,
} from "@google-cloud/firestore";
import { OAuth2Client } from "google-auth-library";

export interface FirestoreClientConfig {
  projectId: string;
  /** `host:port` of the emulator; absent in production (Application Default Credentials are used). */
  firestoreEmulatorHost?: string;
}

/**
 * Creates the Firestore client the functions use: REST transport (`preferRest`, much faster cold start than
 * gRPC), project from configuration, and the emulator host from configuration rather than the process
 * environment. `ignoreUndefinedProperties` lets optional fields of the contract types be written as-is.
 * Note: the client itself still lets a FIRESTORE_EMULATOR_HOST in the process environment override the
 * host given here; parseConfig reads the same variable, so in the functions both agree.
 */
export function createFirestore(config: FirestoreClientConfig): Firestore {
  const settings: ConstructorParameters<typeof Firestore>[0] = {
    projectId: config.projectId,
    preferRest: true,
    ignoreUndefinedProperties: true,
  };
  if (config.firestoreEmulatorHost !== undefined) {
    settings.host = config.firestoreEmulatorHost;
    settings.ssl = false;
    // The REST transport otherwise looks for Application Default Credentials even for the emulator
    // (googleapis/nodejs-firestore#1811); the emulator treats the token "owner" as the admin.
    const emulatorAuth = new OAuth2Client();
    emulatorAuth.setCredentials({ access_token: "owner" });
    settings.authClient = emulatorAuth;
  }
  return new Firestore(settings);
}

/** Firestore operations: documents read, documents written, and round trips (calls) to the service. */
export interface OperationCount {
  reads: number;
  writes: number;
  calls: number;
}

/**
 * Counts what the repositories ask of Firestore, the way Firestore bills it: one read per document
 * returned (a query that returns nothing still costs one), one write per document written (a failed
 * `create` included), and every attempt of a retried transaction. `operations` = reads + writes.
 */
export class OperationCounter {
  reads = 0;
  writes = 0;
  calls = 0;

  get operations(): number {
    return this.reads + this.writes;
  }

  snapshot(): OperationCount {
    return { reads: this.reads, writes: this.writes, calls: this.calls };
  }

  reset(): void {
    this.reads = 0;
    this.writes = 0;
    this.calls = 0;
  }

  /** Runs `fn` and returns what it cost in addition to its value (not meaningful under concurrency). */
  async measure<T>(fn: () => Promise<T>): Promise<{ value: T; count: OperationCount; operations: number }> {
    const before = this.snapshot();
    const value = await fn();
    const count = {
      reads: this.reads - before.reads,
      writes: this.writes - before.writes,
      calls: this.calls - before.calls,
    };
    return { value, count, operations: count.reads + count.writes };
  }
}

/** Transaction view with counting; the same calls as Firestore's `Transaction`, only the ones we use. */
export class CountedTransaction {
  constructor(
    private readonly tx: Transaction,
    private readonly counter: OperationCounter,
  ) {}

  async getAll(...refs: DocumentReference[]): Promise<DocumentSnapshot[]> {
    this.counter.calls++;
    this.counter.reads += refs.length;
    return this.tx.getAll(...refs);
  }

  async get(ref: DocumentReference): Promise<DocumentSnapshot> {
    const [snapshot] = await this.getAll(ref);
    if (snapshot === undefined) throw new Error("Firestore returned no snapshot");
    return snapshot;
  }

  async query(query: Query): Promise<QuerySnapshot> {
    this.counter.calls++;
    const snapshot = await this.tx.get(query);
    this.counter.reads += Math.max(1, snapshot.size);
    return snapshot;
  }

  set(ref: DocumentReference, data: DocumentData, options?: SetOptions): this {
    this.counter.writes++;
    if (options === undefined) this.tx.set(ref, data);
    else this.tx.set(ref, data, options);
    return this;
  }

  update(ref: DocumentReference, data: UpdateData<DocumentData>): this {
    this.counter.writes++;
    this.tx.update(ref, data);
    return this;
  }

  /** Replaces one (nested) field, leaving the rest of the document as it is. */
  updateField(ref: DocumentReference, field: FieldPath, value: unknown): this {
    this.counter.writes++;
    this.tx.update(ref, field, value);
    return this;
  }

  /** Replaces several (nested) fields of one document in one write; a value may be `FieldValue.delete()`. */
  updateFields(ref: DocumentReference, fields: readonly (readonly [FieldPath, unknown])[]): this {
    const [first, ...rest] = fields;
    if (first === undefined) return this;
    this.counter.writes++;
    this.tx.update(ref, first[0], first[1], ...rest.flat());
    return this;
  }

  create(ref: DocumentReference, data: DocumentData): this {
    this.counter.writes++;
    this.tx.create(ref, data);
    return this;
  }

  delete(ref: DocumentReference): this {
    this.counter.writes++;
    this.tx.delete(ref);
    return this;
  }
}

/** Commits of a batch before an ABORTED one is given up: each waits twice as long as the last (50 ms first). */
const BATCH_ATTEMPTS = 5;

/**
 * Whether Firestore refused a commit for contention (gRPC ABORTED, 409 over REST): the write was not applied and
 * may be sent again. A batch meets it when a transaction holds a lock on one of its documents, e.g. an import
 * writing fact shards while a /submit settles a response in one of them
 * (https://cloud.google.com/firestore/docs/transaction-data-contention).
 */
export function isContention(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, status, message } = error as { code?: unknown; status?: unknown; message?: unknown };
  return (
    code === 10 ||
    code === "ABORTED" ||
    status === 409 ||
    (typeof message === "string" && /\bABORTED\b/.test(message))
  );
}

/**
 * Batch view with counting. The writes are kept so that a commit refused for contention is replayed into a new
 * batch (a WriteBatch commits once); an ABORTED commit applied nothing, so sending the same writes again is safe,
 * `FieldValue.increment` included.
 */
export class CountedBatch {
  private readonly writes: ((batch: WriteBatch) => void)[] = [];

  constructor(
    private readonly newBatch: () => WriteBatch,
    private readonly counter: OperationCounter,
  ) {}

  set(ref: DocumentReference, data: DocumentData, options?: SetOptions): this {
    this.counter.writes++;
    this.writes.push((batch) => {
      if (options === undefined) batch.set(ref, data);
      else batch.set(ref, data, options);
    });
    return this;
  }

  delete(ref: DocumentReference): this {
    this.counter.writes++;
    this.writes.push((batch) => batch.delete(ref));
    return this;
  }

  /** Fails the whole batch with ALREADY_EXISTS when the document exists. */
  create(ref: DocumentReference, data: DocumentData): this {
    this.counter.writes++;
    this.writes.push((batch) => batch.create(ref, data));
    return this;
  }

  async commit(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const batch = this.newBatch();
      for (const write of this.writes) write(batch);
      this.counter.calls++;
      try {
        await batch.commit();
        return;
      } catch (error) {
        if (attempt >= BATCH_ATTEMPTS || !isContention(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** (attempt - 1)));
      }
    }
  }
}

/** Options of a counted transaction: attempts before giving up (contention on one shard retries). */
export interface TransactionOptions {
  maxAttempts?: number;
  readOnly?: boolean;
}

/**
 * The Firestore handle the repositories use: the real client plus an {@link OperationCounter}, so tests
 * and benchmarks can assert the number of operations a `submit` costs.
 */
export class Db {
  constructor(
    readonly firestore: Firestore,
    readonly counter: OperationCounter = new OperationCounter(),
  ) {}

  doc(path: string): DocumentReference {
    return this.firestore.doc(path);
  }

  collection(path: string): CollectionReference {
    return this.firestore.collection(path);
  }

  async get(ref: DocumentReference): Promise<DocumentSnapshot> {
    this.counter.calls++;
    this.counter.reads++;
    return ref.get();
  }

  async getAll(...refs: DocumentReference[]): Promise<DocumentSnapshot[]> {
    if (refs.length === 0) return [];
    this.counter.calls++;
    this.counter.reads += refs.length;
    return this.firestore.getAll(...refs);
  }

  /**
   * Reads documents returning only `fields` (a field mask: less to transfer, still one read per document, as
   * Firestore bills it). One call per invocation; callers batch large lists.
   */
  async getAllFields(
    refs: readonly DocumentReference[],
    fields: readonly string[],
  ): Promise<DocumentSnapshot[]> {
    if (refs.length === 0) return [];
    this.counter.calls++;
    this.counter.reads += refs.length;
    return this.firestore.getAll(...refs, { fieldMask: [...fields] });
  }

  async query(query: Query): Promise<QuerySnapshot> {
    this.counter.calls++;
    const snapshot = await query.get();
    this.counter.reads += Math.max(1, snapshot.size);
    return snapshot;
  }

  /** `create` fails with ALREADY_EXISTS when the document exists; the attempt is counted as a write. */
  async create(ref: DocumentReference, data: DocumentData): Promise<void> {
    this.counter.calls++;
    this.counter.writes++;
    await ref.create(data);
  }

  async set(ref: DocumentReference, data: DocumentData, options?: SetOptions): Promise<void> {
    this.counter.calls++;
    this.counter.writes++;
    if (options === undefined) await ref.set(data);
    else await ref.set(data, options);
  }

  batch(): CountedBatch {
    return new CountedBatch(() => this.firestore.batch(), this.counter);
  }

  /** Runs `fn` in a Firestore transaction; each attempt's reads and writes are counted. */
  async runTransaction<T>(
    fn: (tx: CountedTransaction) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    return this.firestore.runTransaction(
      async (tx) => {
        this.counter.calls++; // the commit (or the read-only snapshot) of this attempt
        return fn(new CountedTransaction(tx, this.counter));
      },
      options.readOnly === true ? { readOnly: true } : { maxAttempts: options.maxAttempts ?? 30 },
    );
  }
}

/** Status codes of "the document already exists": gRPC's ALREADY_EXISTS, and HTTP 409 over REST. */
export const ALREADY_EXISTS_CODES: readonly unknown[] = [6, 409];

/** True when a Firestore error says the document already exists (a replay hitting `create`). */
export function isAlreadyExists(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    ALREADY_EXISTS_CODES.includes((error as { code?: unknown }).code)
  );
}
