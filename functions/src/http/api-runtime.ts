// Everything one process of the `api` function holds: configuration, ONE store, the authenticator, the publish scheduler.

import { sheetsWorkbookWriter, type WorkbookWriter, xlsxWorkbookWriter } from "../sheets/workbook-writer.js";
import { openStore, type Store } from "../store/open-store.js";
import type { TerritoryDoc } from "../store/stored-documents.js";
import { type Authenticator, type CertsSource, createAuthenticator } from "./auth.js";
import type { Config, TerritoryConfig } from "./config.js";
import { FirestorePublishMarkers } from "./firestore-publish-markers.js";
import { type ApiLogs, apiLogs, type LogSink } from "./logs.js";
import {
  type Clock,
  MIN_PUBLISH_INTERVAL_MS,
  type PublishDecision,
  PublishScheduler,
} from "./publish-scheduler.js";
import { RESPONSE_ITEMS_BUDGET_BYTES } from "./response-budget.js";
import { territoryPublisher } from "./territory-publisher.js";

/** What tests, `shnor serve` and the demo may replace; production uses none of these. */
export interface ApiOverrides {
  /** Signing keys of ID tokens (tests: a locally generated key). */
  certs?: CertsSource;
  /** Where workbooks go; default: Google Sheets in production, `.xlsx` in `outDir` in development mode. */
  writer?: WorkbookWriter;
  /** Folder of the development-mode `.xlsx` writer; `out` by default. */
  outDir?: string;
  clock?: Clock;
  /** Minimum interval between publishes of one territory (10 s by default, docs/design.md §6). */
  minPublishIntervalMs?: number;
  /**
   * `background`: a submit answers first and publishes afterwards (development mode's default);
   * `await`: the publish decision (and a publish, at most once per interval) finishes before the answer —
   * production's default, because Cloud Functions throttles the CPU of an instance once it has answered.
   */
  publishAfterChange?: "background" | "await";
  log?: LogSink;
  /**
   * Bytes of items one paged answer carries (/draft/letters); Cloud Run's budget by default
   * (`RESPONSE_ITEMS_BUDGET_BYTES`). Tests lower it to page a small territory's letters.
   */
  responseItemsBudgetBytes?: number;
}

/** A territory as the routes see it: who coordinates it and where its sheet is. */
export interface KnownTerritory {
  id: string;
  coordinators: string[];
  spreadsheetId?: string | undefined;
  configured: boolean;
}

export interface ApiRuntime {
  config: Config;
  store: Store;
  auth: Authenticator;
  scheduler: PublishScheduler;
  logs: ApiLogs;
  /** Bytes of items one paged answer carries: {@link ApiOverrides.responseItemsBudgetBytes}. */
  responseItemsBudgetBytes: number;
  now(): Date;
  /** The territory by id: configured ones (their identity stored once per process), or stored ones in dev mode. */
  findTerritory(territoryId: string): Promise<KnownTerritory | undefined>;
  /** Development mode: creates the territory on its first sync with the caller as coordinator. */
  createDevTerritory(
    territoryId: string,
    coordinator: string,
    name: string | undefined,
  ): Promise<KnownTerritory>;
  /** Every coordinator of every territory (configured and, in dev mode, stored): who may call /flush. */
  allCoordinators(): Promise<string[]>;
  /** Ids of the territories `email` coordinates (configured and, in dev mode, stored): what its /flush touches. */
  territoriesOf(email: string): Promise<string[]>;
  /** Asks the scheduler to bring a territory's sheet up to date, per {@link ApiOverrides.publishAfterChange}. */
  publishAfterChange(territoryId: string): Promise<void>;
  /** Resolves once every background publish started so far has ended (tests, the demo, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function fromDoc(doc: TerritoryDoc, configured: TerritoryConfig | undefined): KnownTerritory {
  return {
    id: doc.id,
    coordinators: configured?.coordinators ?? doc.coordinators,
    spreadsheetId: configured?.spreadsheetId ?? doc.spreadsheetId,
    configured: configured !== undefined,
  };
}

/** Wires the runtime of one process from a parsed configuration. Nothing is contacted until first use. */
export function createApiRuntime(config: Config, overrides: ApiOverrides = {}): ApiRuntime {
  const store = openStore({
    projectId: config.projectId,
    ...(config.firestoreEmulatorHost !== undefined
      ? { firestoreEmulatorHost: config.firestoreEmulatorHost }
      : {}),
  });
  const clock: Clock = overrides.clock ?? { now: () => Date.now() };
  const now = () => new Date(clock.now());
  const logs = apiLogs(overrides.log);
  const auth = createAuthenticator({
    audiences: config.idTokenAudiences,
    devMode: config.devMode,
    ...(overrides.certs !== undefined ? { certs: overrides.certs } : {}),
    // parseConfig refuses private mode without the scheduler's e-mail
    ...(config.privateMode === true && config.schedulerEmail !== undefined
      ? { privateMode: { schedulerEmail: config.schedulerEmail } }
      : {}),
  });
  const configured = new Map(config.territories.map((t) => [t.id, t]));
  const writer =
    overrides.writer ??
    (config.devMode ? xlsxWorkbookWriter(overrides.outDir ?? "out") : sheetsWorkbookWriter());

  // A configured territory's identity is written once per process, on first use.
  const ensured = new Map<string, Promise<void>>();
  const ensure = (territory: TerritoryConfig) => {
    let done = ensured.get(territory.id);
    if (done === undefined) {
      done = store.territories.ensureTerritory(
        {
          id: territory.id,
          name: territory.name,
          coordinators: territory.coordinators,
          spreadsheetId: territory.spreadsheetId,
          ...(territory.timeZone !== undefined ? { timeZone: territory.timeZone } : {}),
        },
        now(),
      );
      done.catch(() => ensured.delete(territory.id));
      ensured.set(territory.id, done);
    }
    return done;
  };

  const findTerritory = async (territoryId: string): Promise<KnownTerritory | undefined> => {
    const fromConfig = configured.get(territoryId);
    if (fromConfig !== undefined) {
      await ensure(fromConfig);
      return {
        id: fromConfig.id,
        coordinators: fromConfig.coordinators,
        spreadsheetId: fromConfig.spreadsheetId,
        configured: true,
      };
    }
    if (!config.devMode) return undefined;
    const doc = await store.territories.getTerritory(territoryId);
    return doc === undefined || doc.coordinators.length === 0 ? undefined : fromDoc(doc, undefined);
  };

  const scheduler = new PublishScheduler({
    store: new FirestorePublishMarkers(store.db),
    clock,
    publish: territoryPublisher({
      store,
      writer,
      spreadsheetIdOf: async (id) => (await findTerritory(id))?.spreadsheetId,
      now,
    }),
    ...(overrides.minPublishIntervalMs !== undefined
      ? { minIntervalMs: overrides.minPublishIntervalMs }
      : {}),
  });

  const pending = new Set<Promise<void>>();
  // When this process last saw the publish interval of a territory close: inside it the scheduler would
  // only answer `deferred` after reading the markers, so a submit in a burst skips that read (≤ 6
  // operations per submit, docs/design.md §7); the trailing publish is /flush's, as for any deferred request.
  const intervalEnds = new Map<string, number>();
  const minInterval = overrides.minPublishIntervalMs ?? MIN_PUBLISH_INTERVAL_MS;
  const remember = (decisions: readonly PublishDecision[]) => {
    for (const d of decisions) {
      if (d.action === "published") intervalEnds.set(d.territoryId, d.publishedAt + minInterval);
      else if (d.action === "deferred") intervalEnds.set(d.territoryId, clock.now() + d.retryAfterMs);
      else if (d.action === "failed") intervalEnds.delete(d.territoryId);
    }
  };
  const publish = async (territoryId: string) => {
    if (clock.now() < (intervalEnds.get(territoryId) ?? Number.NEGATIVE_INFINITY)) return;
    try {
      const decisions = await scheduler.requestPublish(territoryId);
      remember(decisions);
      logs.publishDecisions(territoryId, decisions);
    } catch (error) {
      // the submission is stored either way; /flush publishes what this attempt could not
      logs.publishCrashed(territoryId, error);
    }
  };
  const mode = overrides.publishAfterChange ?? (config.devMode ? "background" : "await");

  return {
    config,
    store,
    auth,
    scheduler,
    logs,
    responseItemsBudgetBytes: overrides.responseItemsBudgetBytes ?? RESPONSE_ITEMS_BUDGET_BYTES,
    now,
    findTerritory,
    async createDevTerritory(territoryId, coordinator, name) {
      const { territory } = await store.territories.createTerritoryIfMissing(
        { id: territoryId, name: name ?? territoryId, coordinators: [coordinator] },
        now(),
      );
      return fromDoc(territory, undefined);
    },
    async allCoordinators() {
      const emails = new Set(config.territories.flatMap((t) => t.coordinators));
      if (config.devMode) {
        const states = await store.territories.listStates();
        const docs = await Promise.all(states.map((s) => store.territories.getTerritory(s.territoryId)));
        for (const doc of docs) for (const email of doc?.coordinators ?? []) emails.add(email);
      }
      return [...emails];
    },
    async territoriesOf(email) {
      const lower = email.toLowerCase();
      const ids = new Set(
        config.territories
          .filter((t) => t.coordinators.some((c) => c.toLowerCase() === lower))
          .map((t) => t.id),
      );
      if (config.devMode) {
        const states = await store.territories.listStates();
        for (const state of states) {
          if (ids.has(state.territoryId)) continue;
          const known = await findTerritory(state.territoryId);
          if (known?.coordinators.some((c) => c.toLowerCase() === lower)) ids.add(state.territoryId);
        }
      }
      return [...ids];
    },
    async publishAfterChange(territoryId) {
      if (mode === "await") return publish(territoryId);
      const task: Promise<void> = publish(territoryId).finally(() => pending.delete(task));
      pending.add(task);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      while (pending.size > 0) await Promise.all([...pending]);
      await store.close();
    },
  };
}
