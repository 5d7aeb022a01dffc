// Benchmarks of the `api` function (docs/design.md §7): Firestore operations per submit, submit → published workbook, a 1,000-envelope burst, Sheets request sizes, entry import time.
// Printed with PASS/OVER against the budgets; never fails the build.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { DateTime } from "luxon";
import supertest from "supertest";
import type { Dataset } from "../functions/src/contract/dataset.js";
import { parseDataset } from "../functions/src/contract/parse-dataset.js";
import { computeResults } from "../functions/src/domain/compute-results.js";
import { parseConfig } from "../functions/src/http/config.js";
import { apiRuntime, closeApi, configureApi } from "../functions/src/index.js";
import {
  coordinatorTabs,
  type SampleEnvelope,
  sampleEnvelopes,
} from "../functions/src/sample/sample-submissions.js";
import { generateSampleTerritory } from "../functions/src/sample/sample-territory.js";
import { buildWorkbook } from "../functions/src/sheets/build-workbook.js";
import { createSheetsClient, staticTokenAuth } from "../functions/src/sheets/google/sheets-client.js";
import { publishWorkbook } from "../functions/src/sheets/google-sheets-writer.js";
import { xlsxWorkbookWriter } from "../functions/src/sheets/workbook-writer.js";
import { startFirestoreEmulator } from "../functions/src/store/firestore-emulator.js";
import { startFakeSheetsServer } from "../tests/support/fake-sheets-server.js";

const root = resolve(import.meta.dirname, "..");
const USER = "metodist@example.ru";
const quiet = { info: () => undefined, error: () => undefined };
const rows: string[][] = [["benchmark", "value", "budget", "verdict"]];

function verdict(pass: boolean): string {
  return pass ? "PASS" : "OVER";
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** A fresh API over the emulator in development mode, with the territory's registry synced and its facts imported. */
async function territoryApi(
  host: string,
  schools: number,
  projectId: string,
  outDir: string,
  minPublishIntervalMs?: number,
) {
  const territoryId = `bench-${schools}`;
  // a configured territory, as in production: its allowlist comes from configuration, not from a read
  const parsed = parseConfig({
    SHNOR_DEV_MODE: "1",
    SHNOR_PROJECT_ID: projectId,
    FIRESTORE_EMULATOR_HOST: host,
    SHNOR_TERRITORIES: JSON.stringify([
      { id: territoryId, name: "Бенчмарк", spreadsheetId: "unused", coordinators: [USER] },
    ]),
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error));
  configureApi({
    config: parsed.data,
    overrides: {
      writer: xlsxWorkbookWriter(outDir),
      publishAfterChange: "await",
      log: quiet,
      ...(minPublishIntervalMs !== undefined ? { minPublishIntervalMs } : {}),
    },
  });
  const request = supertest(getTestServer("api"));
  const runtime = await apiRuntime();
  const generated = generateSampleTerritory({ schools, years: 3, seed: 2026 });
  const dataset: Dataset = { ...generated, territory: { ...generated.territory, id: territoryId } };
  const sync = await request
    .post("/sync")
    .set("X-Shnor-Dev-User", USER)
    .send({
      territoryId: dataset.territory.id,
      name: dataset.territory.name,
      tabs: coordinatorTabs(dataset),
    });
  if (sync.status !== 200) throw new Error(`sync: ${JSON.stringify(sync.body)}`);
  // the earlier years as an import (fast), the latest year's forms go through /submit below
  const latest =
    dataset.facts
      .map((f) => f.year)
      .sort()
      .at(-1) ?? "";
  await runtime.store.territories.importFacts(
    dataset.territory.id,
    dataset.facts.filter((f) => f.year !== latest),
    "bench",
    new Date(),
  );
  const envelopes = sampleEnvelopes(dataset, USER).filter((e) => e.answers[1]?.value === latest);
  return { request, runtime, dataset, envelopes };
}

async function submit(request: ReturnType<typeof supertest>, envelope: SampleEnvelope) {
  const response = await request.post("/submit").set("X-Shnor-Dev-User", USER).send(envelope);
  if (response.status !== 200) throw new Error(`submit: ${response.status} ${JSON.stringify(response.body)}`);
}

/** Firestore operations of one submit inside a burst (receive + settle; the publish is left to the interval or /flush). */
async function operationsPerSubmit(host: string, schools: number, outDir: string): Promise<void> {
  const api = await territoryApi(host, schools, `bench-ops-${schools}`, outDir);
  try {
    // one publish now: the 10 s interval then defers the publishes the measured submits ask for
    const first = api.envelopes[0];
    if (first === undefined) throw new Error("no envelope");
    await submit(api.request, first);
    const counts: number[] = [];
    for (const envelope of api.envelopes.slice(1, 11)) {
      const measured = await api.runtime.store.counter.measure(() => submit(api.request, envelope));
      counts.push(measured.operations);
    }
    const worst = Math.max(...counts);
    rows.push([
      `Firestore operations per submit, ${schools} schools (worst of ${counts.length})`,
      `${worst} (reads + writes)`,
      "≤ 6, independent of size",
      verdict(worst <= 6),
    ]);
  } finally {
    await closeApi();
  }
}

/** Wall time of a submit whose publish runs inline: store, recompute, results stored, workbook rendered and written. */
async function submitToWorkbook(host: string, outDir: string): Promise<void> {
  // no interval: every submit publishes inline, so its wall time covers the whole path
  const api = await territoryApi(host, 50, "bench-e2e-50", outDir, 0);
  try {
    const times: number[] = [];
    for (const envelope of api.envelopes.slice(0, 5)) {
      const started = performance.now();
      await submit(api.request, envelope);
      times.push(performance.now() - started);
    }
    const typical = median(times);
    rows.push([
      "local submit → results stored → workbook written (.xlsx), 50 schools (median of 5)",
      `${typical.toFixed(0)} ms`,
      "≤ 1000 ms",
      verdict(typical <= 1000),
    ]);
  } finally {
    await closeApi();
  }
}

// ── Submit burst (issue 9 §6): 1,000 envelopes at once ─────────────────────────────────────────────────────

/** Envelopes in the burst, and how many are in flight at once (Apps Script runs up to 30 executions at a time). */
const BURST_SIZE = 1_000;
const BURST_IN_FLIGHT = 30;
/** A territory large enough to give the burst 1,000 distinct envelopes of its latest year (about 4 per school). */
const BURST_SCHOOLS = 260;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * 1,000 distinct envelopes of a 260-school territory posted with 30 in flight, publishing as production does
 * (awaited, at most once per 10 s): how many were accepted, how many the store does not hold afterwards (lost,
 * must be 0: read back with heldVersions), throughput and the 95th percentile of the answer time.
 */
async function submitBurst(host: string, outDir: string): Promise<void> {
  const api = await territoryApi(host, BURST_SCHOOLS, "bench-burst", outDir);
  try {
    const envelopes = api.envelopes.slice(0, BURST_SIZE);
    if (envelopes.length < BURST_SIZE) throw new Error(`only ${envelopes.length} envelopes for the burst`);
    const times: number[] = [];
    const statuses: string[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      for (let i = next++; i < envelopes.length; i = next++) {
        const envelope = envelopes[i] as SampleEnvelope;
        const at = performance.now();
        const response = await api.request.post("/submit").set("X-Shnor-Dev-User", USER).send(envelope);
        times.push(performance.now() - at);
        statuses.push(response.status === 200 ? String(response.body.status) : `HTTP ${response.status}`);
      }
    };
    await Promise.all(Array.from({ length: BURST_IN_FLIGHT }, worker));
    const seconds = (performance.now() - started) / 1000;
    await api.runtime.idle();

    const byForm = new Map<string, string[]>();
    for (const e of envelopes) byForm.set(e.form.id, [...(byForm.get(e.form.id) ?? []), e.response.id]);
    let lost = 0;
    for (const [formId, ids] of byForm) {
      for (let i = 0; i < ids.length; i += 1_000) {
        const held = await api.runtime.store.submissions.heldVersions(
          api.dataset.territory.id,
          ids.slice(i, i + 1_000).map((responseId) => ({ formId, responseId })),
        );
        lost += held.filter((h) => h.held === undefined).length;
      }
    }
    const accepted = statuses.filter((s) => s === "accepted").length;
    const others = [...new Set(statuses.filter((s) => s !== "accepted"))].join(", ");
    rows.push([
      `submit burst: ${BURST_SIZE} envelopes, ${BURST_IN_FLIGHT} in flight, ${BURST_SCHOOLS} schools — accepted`,
      `${accepted}${others === "" ? "" : ` (others: ${others})`}`,
      `${BURST_SIZE}`,
      verdict(accepted === BURST_SIZE),
    ]);
    rows.push(["submit burst — lost (not held afterwards)", String(lost), "0", verdict(lost === 0)]);
    rows.push([
      "submit burst — throughput",
      `${(BURST_SIZE / seconds).toFixed(1)} envelopes/s`,
      "reported",
      "—",
    ]);
    rows.push(["submit burst — answer time p95", `${percentile(times, 95).toFixed(0)} ms`, "reported", "—"]);
  } finally {
    await closeApi();
  }
}

// ── Google Sheets publish: request sizes (issue 9 §3) ──────────────────────────────────────────────

const MIB = 1024 * 1024;

/**
 * The real `@googleapis/sheets` client publishes the workbook of a 2,000- and a 5,000-school sample territory
 * into the local fake Sheets endpoint, which records every body as received: the largest must stay ≤ 2 MiB
 * (Google recommends 2 MB; its front end refuses more than 10,485,760 bytes). The number of write requests
 * is what one publish takes from the installation's 60 a minute.
 */
async function sheetsPublishSizes(): Promise<void> {
  const server = await startFakeSheetsServer();
  try {
    const client = createSheetsClient({ auth: staticTokenAuth("bench"), rootUrl: server.rootUrl });
    for (const schools of [2_000, 5_000]) {
      const generated = generateSampleTerritory({ schools, years: 3, seed: 2026 });
      const checked = parseDataset(generated);
      if (!checked.success) throw new Error("sample dataset refused");
      const computed = computeResults(checked.data.dataset, checked.data.settings, {
        asOf: DateTime.fromISO("2026-03-02"),
      });
      if (!computed.success) throw new Error(computed.error.message);
      const workbook = buildWorkbook(computed.data, checked.data.dataset, { rejected: [] });
      const spreadsheetId = `bench-${schools}`;
      server.addSpreadsheet(spreadsheetId, ["Лист1"]);
      server.requests.length = 0;
      const outcome = await publishWorkbook(client, spreadsheetId, workbook, {
        effects: { sleep: async () => {}, random: () => 0.5 },
      });
      const writes = server.writes();
      const largest = Math.max(0, ...writes.map((w) => w.bodyBytes));
      const accepted = outcome.success && writes.every((w) => w.status === 200);
      rows.push([
        `Google Sheets publish, ${schools} schools: largest request`,
        `${(largest / MIB).toFixed(2)} MiB (${largest} bytes); ${writes.length} write requests${accepted ? "" : ", REFUSED"}`,
        "≤ 2 MiB each; 60 writes/min per installation",
        verdict(accepted && largest <= 2 * MIB),
      ]);
    }
  } finally {
    await server.close();
  }
}

/** Time to import functions/lib/index.js in a fresh node (built first with tsc), median of 5. */
function entryImportTime(): void {
  const build = spawnSync(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  if (build.status !== 0) {
    rows.push(["import of functions/lib/index.js", "build failed", "≤ 400 ms", "—"]);
    console.error(build.stdout, build.stderr);
    return;
  }
  const entry = pathToFileURL(join(root, "functions/lib/index.js")).href;
  const script = `const t = performance.now(); await import(${JSON.stringify(entry)}); console.log(performance.now() - t);`;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    times.push(Number(run.stdout.trim()));
  }
  const typical = median(times);
  rows.push([
    "import of functions/lib/index.js in a fresh node (median of 5)",
    `${typical.toFixed(0)} ms`,
    "≤ 400 ms",
    verdict(typical <= 400),
  ]);
  // What the first request of a cold instance adds: the router with its routes, then the importer and the decision
  // cycle (with report/: the protocol, the order and the cards), each loaded on its first use.
  const lib = (path: string) => JSON.stringify(pathToFileURL(join(root, "functions/lib", path)).href);
  const lazy: [string, string, string][] = [
    ["first request: the router and its routes (http/api-handler.js)", "index.js", "http/api-handler.js"],
    [
      "first import: the importer, xlsx and csv readers (http/import-route.js)",
      "http/api-handler.js",
      "http/import-route.js",
    ],
    [
      "first decision request: the decision routes and report/ (http/decision-routes.js)",
      "http/api-handler.js",
      "http/decision-routes.js",
    ],
  ];
  for (const [label, before, module] of lazy) {
    const script = `await import(${lib(before)}); const t = performance.now(); await import(${lib(module)}); console.log(performance.now() - t);`;
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
        cwd: root,
        encoding: "utf8",
      });
      runs.push(Number(run.stdout.trim()));
    }
    rows.push([`${label}, median of 5`, `${median(runs).toFixed(0)} ms`, "measured, no budget", "—"]);
  }
}

const outDir = mkdtempSync(join(tmpdir(), "shnor-bench-functions-"));
const emulator = await startFirestoreEmulator();
try {
  await operationsPerSubmit(emulator.host, 50, outDir);
  await operationsPerSubmit(emulator.host, 2_000, outDir);
  await submitToWorkbook(emulator.host, outDir);
  await submitBurst(emulator.host, outDir);
} finally {
  await emulator.stop();
  rmSync(outDir, { recursive: true, force: true });
}
await sheetsPublishSizes();
entryImportTime();

const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
console.log("\n`api` function benchmarks (docs/design.md §7)");
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  "));
