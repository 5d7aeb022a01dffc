// Shared fixture of the HTTP tests: the real `api` function on functions-framework's test server, over the emulator.
import { createSign, generateKeyPairSync } from "node:crypto";
import type { Server } from "node:http";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import supertest from "supertest";
import type { Dataset, SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import type { ApiOverrides, ApiRuntime } from "../../functions/src/http/api-runtime.js";
import type { Config } from "../../functions/src/http/config.js";
import { apiRuntime, closeApi, configureApi } from "../../functions/src/index.js";
import {
  coordinatorTabs,
  type SampleEnvelope,
  sampleEnvelopes,
} from "../../functions/src/sample/sample-submissions.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import type { Workbook } from "../../functions/src/sheets/workbook-model.js";
import type { WorkbookWriter } from "../../functions/src/sheets/workbook-writer.js";
import { clearEmulatorProject } from "../../functions/src/store/firestore-emulator.js";
import { emulatorHost, uniqueProjectId } from "../support/emulator.js";

export const TERRITORY = "obraztsovsky";
export const COORDINATOR = "metodist@example.ru";
export const SCHEDULER = "shnor-scheduler@shnor-test.iam.gserviceaccount.com";
export const SCRIPT_AUDIENCE = "1234567890-script.apps.googleusercontent.com";
export const FUNCTION_URL = "https://europe-west1-shnor-test.cloudfunctions.net/api";
export const SPREADSHEET = "sheet-obraztsovsky";
/** A second configured territory with its own coordinator (cross-territory tests). */
export const OTHER_TERRITORY = "sosnovsky";
export const OTHER_COORDINATOR = "metodist@sosnovka.example";

const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
const certs = async () => ({ "test-key": key.publicKey.export({ type: "spki", format: "pem" }).toString() });

/** A Google ID token for `email`, signed by the locally generated key the function is told to trust. */
export function idToken(email: string, audience = SCRIPT_AUDIENCE): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: "https://accounts.google.com",
    aud: audience,
    sub: "1098765",
    email,
    email_verified: true,
    iat: now,
    exp: now + 3600,
  };
  const unsigned = `${encode({ alg: "RS256", kid: "test-key", typ: "JWT" })}.${encode(payload)}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(key.privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

export const bearer = (email = COORDINATOR, audience = SCRIPT_AUDIENCE) =>
  `Bearer ${idToken(email, audience)}`;

/** The sample territory (seeded, so every run has the same schools) under {@link TERRITORY}. */
export function sampleDataset(schools = 24): Dataset {
  const dataset = generateSampleTerritory({ schools, years: 3, seed: 2026 });
  return { ...dataset, territory: { ...dataset.territory, id: TERRITORY } };
}

/** supertest bound to the function's server. */
export type Agent = ReturnType<typeof supertest>;

export interface ApiHarness {
  request: Agent;
  server: Server;
  runtime: ApiRuntime;
  projectId: string;
  dataset: Dataset;
  envelopes: SampleEnvelope[];
  /** POSTs the sample territory's coordinator tabs as the coordinator. */
  syncSample(): Promise<void>;
  /** Empties the emulator project and syncs the sample again: a fresh territory with only its registry. */
  resetTerritory(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Configures the function for production mode (ID tokens, the configured territory with its allowlist)
 * on a fresh emulator project, and returns supertest bound to functions-framework's test server.
 */
export async function startApi(
  overrides: ApiOverrides = {},
  options: { schools?: number; otherTerritory?: boolean } = {},
): Promise<ApiHarness> {
  const host = emulatorHost();
  const projectId = uniqueProjectId("http");
  const dataset = sampleDataset(options.schools);
  const config: Config = {
    projectId,
    territories: [
      {
        id: TERRITORY,
        name: dataset.territory.name,
        spreadsheetId: SPREADSHEET,
        coordinators: [COORDINATOR],
        timeZone: "Europe/Samara",
      },
      ...(options.otherTerritory === true
        ? [
            {
              id: OTHER_TERRITORY,
              name: "Сосновский район",
              spreadsheetId: "sheet-sosnovsky",
              coordinators: [OTHER_COORDINATOR],
            },
          ]
        : []),
    ],
    idTokenAudiences: [SCRIPT_AUDIENCE, FUNCTION_URL],
    schedulerEmail: SCHEDULER,
    firestoreEmulatorHost: host,
    devMode: false,
    bindHost: "0.0.0.0",
  };
  configureApi({ config, overrides: { certs, publishAfterChange: "await", log: quiet, ...overrides } });
  const server = getTestServer("api");
  const request = supertest(server);
  const runtime = await apiRuntime();
  const syncSample = async () => {
    const response = await request
      .post("/sync")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY, tabs: coordinatorTabs(dataset) });
    if (response.status !== 200 || response.body.errors.length > 0) {
      throw new Error(`sync failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
  };
  return {
    request,
    server,
    runtime,
    projectId,
    dataset,
    envelopes: sampleEnvelopes(dataset, COORDINATOR),
    syncSample,
    async resetTerritory() {
      await clearEmulatorProject(host, projectId);
      await syncSample();
    },
    async close() {
      await closeApi();
      await clearEmulatorProject(host, projectId);
    },
  };
}

/** Keeps the function's structured log lines out of the test output. */
export const quiet = { info: () => undefined, error: () => undefined };

/** A workbook writer that accepts every publish and keeps nothing: for tests that read the store or the answers. */
export const discardingWriter: WorkbookWriter = { write: async () => ({ success: true, data: undefined }) };

/** A workbook writer that accepts every publish and keeps each workbook in `into`: the last one is what the sheet shows. */
export function recordingWriter(into: Workbook[]): WorkbookWriter {
  return {
    write: async (_target, workbook) => {
      into.push(workbook);
      return { success: true, data: undefined };
    },
  };
}

/** The facts the store holds for a territory now, as the computation would load them. */
export async function storedFacts(api: ApiHarness, territoryId = TERRITORY): Promise<SchoolYearFacts[]> {
  const loaded = await api.runtime.store.territories.loadDataset(territoryId);
  if (!loaded.success) throw new Error(loaded.error.code);
  return loaded.data.dataset.facts;
}

/** An envelope with some answers replaced (by key), others kept. */
export function withAnswers(
  envelope: SampleEnvelope,
  replace: Record<string, SampleEnvelope["answers"][number]["value"]>,
): SampleEnvelope {
  const answers = envelope.answers.map((a) =>
    a.key in replace ? { key: a.key, value: replace[a.key] ?? null } : a,
  );
  for (const [key, value] of Object.entries(replace)) {
    if (!answers.some((a) => a.key === key)) answers.push({ key, value: value ?? null });
  }
  return { ...envelope, answers };
}

/** The first sample envelope of a form kind. */
export function firstOf(envelopes: readonly SampleEnvelope[], kind: string, skip = 0): SampleEnvelope {
  const found = envelopes.filter((e) => e.form.kind === kind)[skip];
  if (found === undefined) throw new Error(`no sample envelope of ${kind}`);
  return found;
}
