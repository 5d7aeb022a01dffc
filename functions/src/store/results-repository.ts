// Results v1 per territory and academic year in Firestore: gzip-compressed JSON split into chunks of bounded size.
import { gunzipSync, gzipSync } from "node:zlib";
import type { AcademicYear } from "../contract/academic-year.js";
import { type Results, ResultsSchema } from "../contract/results.js";
import type { Db } from "./firestore-client.js";
import {
  ResultsChunkDocSchema,
  type ResultsHeaderDoc,
  ResultsHeaderDocSchema,
  TerritoryDocSchema,
  yearDocId,
} from "./stored-documents.js";

/** Bytes per chunk: Firestore bytes fields hold up to 1 MiB minus a little; keep a margin. */
export const RESULTS_CHUNK_BYTES = 700_000;

export interface SaveResultsInput {
  territoryId: string;
  results: Results;
  /** `factsVersion` of the dataset the results were computed from (from `loadDataset`). */
  factsVersion: number;
  now: Date;
}

/**
 * `saved` with the new generation (what /flush publishes and `markPublished` records), or `stale` when
 * results from newer facts were stored meanwhile (a slow recomputation never overwrites a newer one).
 */
export type SaveResultsOutcome =
  | { status: "saved"; generation: number }
  | { status: "stale"; storedFactsVersion: number };

/** Stored results with the generation they belong to. */
export interface StoredResults {
  results: Results;
  generation: number;
  factsVersion: number;
  computedAt: string;
}

/** Port of the results store. */
export interface ResultsRepository {
  saveResults(input: SaveResultsInput): Promise<SaveResultsOutcome>;
  loadResults(territoryId: string, year?: AcademicYear): Promise<StoredResults | undefined>;
}

/** Firestore implementation of {@link ResultsRepository}. */
export class FirestoreResultsRepository implements ResultsRepository {
  constructor(private readonly db: Db) {}

  private headerRef(territoryId: string, year: string) {
    return this.db.doc(`territories/${territoryId}/results/${yearDocId(year)}`);
  }

  /**
   * Stores one year's results in one transaction: the new chunks (gzip of the JSON, split every
   * {@link RESULTS_CHUNK_BYTES}), the header pointing at them, removal of the previous chunks, and the
   * territory's `resultsGeneration`/`resultsFactsVersion`. Readers never see a mix of two versions.
   */
  async saveResults(input: SaveResultsInput): Promise<SaveResultsOutcome> {
    const checked = ResultsSchema.parse(input.results);
    if (checked.territoryId !== input.territoryId) {
      throw new Error(`results of ${checked.territoryId} saved under ${input.territoryId}`);
    }
    const packed = gzipSync(Buffer.from(JSON.stringify(checked), "utf8"));
    const chunks: Buffer[] = [];
    for (let at = 0; at < packed.length; at += RESULTS_CHUNK_BYTES) {
      chunks.push(packed.subarray(at, at + RESULTS_CHUNK_BYTES));
    }
    const territoryRef = this.db.doc(`territories/${input.territoryId}`);
    const headerRef = this.headerRef(input.territoryId, checked.year);
    return this.db.runTransaction(async (tx): Promise<SaveResultsOutcome> => {
      const [territorySnap, headerSnap] = await tx.getAll(territoryRef, headerRef);
      const territory = territorySnap?.exists
        ? TerritoryDocSchema.parse(territorySnap.data())
        : TerritoryDocSchema.parse({ id: input.territoryId });
      const stored = territory.resultsFactsVersion;
      if (stored !== undefined && stored > input.factsVersion) {
        return { status: "stale", storedFactsVersion: stored };
      }
      const previous = headerSnap?.exists ? ResultsHeaderDocSchema.parse(headerSnap.data()) : undefined;
      const generation = territory.resultsGeneration + 1;
      const chunkRef = (g: number, i: number) => headerRef.collection("chunks").doc(`${g}-${i}`);
      chunks.forEach((data, index) => {
        tx.set(chunkRef(generation, index), { index, data });
      });
      if (previous !== undefined) {
        for (let i = 0; i < previous.chunkCount; i++) tx.delete(chunkRef(previous.generation, i));
      }
      const header: ResultsHeaderDoc = {
        year: checked.year,
        generation,
        chunkCount: chunks.length,
        factsVersion: input.factsVersion,
        computedAt: input.now.toISOString(),
        bytes: packed.length,
      };
      tx.set(headerRef, header);
      const latest =
        territory.latestResultsYear === undefined || territory.latestResultsYear <= checked.year
          ? checked.year
          : territory.latestResultsYear;
      tx.set(
        territoryRef,
        {
          id: input.territoryId,
          resultsGeneration: generation,
          resultsFactsVersion: input.factsVersion,
          resultsComputedAt: header.computedAt,
          latestResultsYear: latest,
        },
        { merge: true },
      );
      return { status: "saved", generation };
    });
  }

  /** The stored results of `year`, or of the latest year stored when `year` is absent. */
  async loadResults(territoryId: string, year?: AcademicYear): Promise<StoredResults | undefined> {
    let wanted = year;
    if (wanted === undefined) {
      const snap = await this.db.get(this.db.doc(`territories/${territoryId}`));
      if (!snap.exists) return undefined;
      wanted = TerritoryDocSchema.parse(snap.data()).latestResultsYear;
      if (wanted === undefined) return undefined;
    }
    const headerRef = this.headerRef(territoryId, wanted);
    // one consistent snapshot, so a concurrent save cannot swap the chunks between the two reads
    return this.db.runTransaction(
      async (tx) => {
        const headerSnap = await tx.get(headerRef);
        if (!headerSnap.exists) return undefined;
        const header = ResultsHeaderDocSchema.parse(headerSnap.data());
        const refs = Array.from({ length: header.chunkCount }, (_, i) =>
          headerRef.collection("chunks").doc(`${header.generation}-${i}`),
        );
        const snaps = await tx.getAll(...refs);
        const parts = snaps.map((s) => {
          if (!s.exists) throw new Error(`results chunk ${s.ref.path} is missing`);
          return Buffer.from(ResultsChunkDocSchema.parse(s.data()).data);
        });
        const json: unknown = JSON.parse(gunzipSync(Buffer.concat(parts)).toString("utf8"));
        return {
          results: ResultsSchema.parse(json),
          generation: header.generation,
          factsVersion: header.factsVersion,
          computedAt: header.computedAt,
        };
      },
      { readOnly: true },
    );
  }
}
