// Wires the Firestore repositories over one client: what the `api` function and `shnor serve` hold.
import { type DecisionRepository, FirestoreDecisionRepository } from "./decision-repository.js";
import { createFirestore, Db, type FirestoreClientConfig, OperationCounter } from "./firestore-client.js";
import { FirestoreImportRepository, type ImportRepository } from "./import-repository.js";
import { FirestoreResultsRepository, type ResultsRepository } from "./results-repository.js";
import { FirestoreSubmissionRepository, type SubmissionRepository } from "./submission-repository.js";
import { FirestoreTerritoryRepository, type TerritoryRepository } from "./territory-repository.js";

/** The repositories over one Firestore client, and the counter of the operations they made. */
export interface Store {
  db: Db;
  counter: OperationCounter;
  submissions: SubmissionRepository;
  territories: TerritoryRepository;
  results: ResultsRepository;
  imports: ImportRepository;
  decisions: DecisionRepository;
  /** Closes the client's connections (tests, `shnor serve` on exit). */
  close(): Promise<void>;
}

/** Opens the store for a project (and emulator host, locally); nothing is contacted until first use. */
export function openStore(config: FirestoreClientConfig): Store {
  const counter = new OperationCounter();
  const db = new Db(createFirestore(config), counter);
  return {
    db,
    counter,
    submissions: new FirestoreSubmissionRepository(db),
    territories: new FirestoreTerritoryRepository(db),
    results: new FirestoreResultsRepository(db),
    imports: new FirestoreImportRepository(db),
    decisions: new FirestoreDecisionRepository(db),
    close: () => db.firestore.terminate(),
  };
}
