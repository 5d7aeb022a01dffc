// Issue 11 §5 on the server: a Ф1 and a ГИА table imported through the route leave no participant code or name in Firestore, the results, the sheet or the logs.
import { gunzipSync } from "node:zlib";
import type { DocumentReference } from "@google-cloud/firestore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { giaFileRows } from "../../functions/src/sample/gia-files.js";
import { f1FileRows, SAMPLE_PAPERS, type SampleCell } from "../../functions/src/sample/vpr-f1-files.js";
import type { Workbook } from "../../functions/src/sheets/workbook-model.js";
import { csvBytes, xlsxBytes } from "../import/support/import-fixture.js";
import { type ApiHarness, bearer, recordingWriter, startApi, TERRITORY } from "./api-fixture.js";

let api: ApiHarness;
const written: Workbook[] = [];
const logLines: string[] = [];
const YEAR = "2025/2026";

beforeAll(async () => {
  api = await startApi(
    {
      writer: recordingWriter(written),
      minPublishIntervalMs: 0,
      log: { info: (line) => logLines.push(line), error: (line) => logLines.push(line) },
    },
    { schools: 12 },
  );
  await api.syncSample();
  // the earlier years through the store, so the territory has results to publish
  await api.runtime.store.territories.importFacts(
    TERRITORY,
    api.dataset.facts.filter((f) => f.year !== YEAR),
    "import:sample",
    new Date(),
  );
}, 60_000);

afterAll(async () => {
  await api?.close();
});

/** Gives every participant a code no figure can contain by chance, and remembers codes and names. */
function marked(rows: Iterable<SampleCell[]>, secrets: Set<string>): SampleCell[][] {
  const out: SampleCell[][] = [];
  let codeAt = -1;
  let nameAt = -1;
  let n = 0;
  for (const row of rows) {
    if (codeAt < 0 && row.includes("Код участника")) {
      codeAt = row.indexOf("Код участника");
      nameAt = row.indexOf("ФИО");
      out.push(row);
      continue;
    }
    if (codeAt >= 0 && row[codeAt] !== null) {
      const code = `ЛИЧН-${String(++n).padStart(6, "0")}-КОД`;
      secrets.add(code);
      secrets.add(String(row[nameAt]));
      out.push(row.map((cell, i) => (i === codeAt ? code : cell)));
    } else out.push(row);
  }
  return out;
}

/** Every document of the project, depth first, as text; chunked gzip (results, what a file gave) unpacked. */
async function everyDocument(): Promise<{ texts: string[]; unpacked: number }> {
  const texts: string[] = [];
  let unpacked = 0;
  const visit = async (refs: DocumentReference[]) => {
    const chunks = new Map<string, { index: number; data: Buffer }[]>();
    for (const ref of refs) {
      const snap = await ref.get();
      if (snap.exists) {
        const data = snap.data() ?? {};
        if (ref.parent.id === "chunks" && data.data instanceof Uint8Array) {
          const group = `${ref.parent.path}/${ref.id.replace(/-\d+$/, "")}`;
          chunks.set(group, [
            ...(chunks.get(group) ?? []),
            { index: Number(data.index), data: Buffer.from(data.data) },
          ]);
        } else texts.push(`${ref.path} ${JSON.stringify(data)}`);
      }
      for (const sub of await ref.listCollections()) await visit(await sub.listDocuments());
    }
    for (const [group, parts] of chunks) {
      const joined = Buffer.concat(parts.sort((a, b) => a.index - b.index).map((p) => p.data));
      const gzip = joined[0] === 0x1f && joined[1] === 0x8b;
      if (gzip) unpacked++;
      texts.push(`${group} ${gzip ? gunzipSync(joined).toString("utf8") : joined.toString("latin1")}`);
    }
  };
  for (const collection of await api.runtime.store.db.firestore.listCollections())
    await visit(await collection.listDocuments());
  return { texts, unpacked };
}

describe("privacy of imported per-participant files on the server", () => {
  it("keeps no participant code or name in any Firestore document, the results, the published sheet or the logs", async () => {
    const secrets = new Set<string>();
    const paper = SAMPLE_PAPERS[0] as (typeof SAMPLE_PAPERS)[number];
    const f1 = await xlsxBytes({
      "Индивидуальные результаты": marked(
        f1FileRows(api.dataset, api.dataset.facts, YEAR, paper, 1),
        secrets,
      ),
    });
    const gia = csvBytes(marked(giaFileRows(api.dataset, api.dataset.facts, YEAR, "oge", 1), secrets));
    expect(secrets.size).toBeGreaterThan(500);

    for (const [bytes, name] of [
      [f1, "Ф1 ВПР 5 русский.xlsx"],
      [gia, "ОГЭ 2026.csv"],
    ] as const) {
      const response = await api.request
        .post("/import")
        .query({ territoryId: TERRITORY, name })
        .set("Authorization", bearer())
        .set("Content-Type", "application/octet-stream")
        .send(Buffer.from(bytes));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.status).toBe("applied");
      expect(JSON.stringify(response.body)).not.toMatch(/ЛИЧН-/);
    }
    const results = await api.request
      .get("/results")
      .query({ territoryId: TERRITORY })
      .set("Authorization", bearer());
    expect(results.status).toBe(200);

    const { texts, unpacked } = await everyDocument();
    const store = texts.join("\n");
    // the imports really landed: task results, ОГЭ sums, the records and what each file gave
    expect(store).toContain("vprTasks");
    expect(store).toMatch(/"oge"/);
    expect(store).toContain("fisoko-vpr~");
    expect(unpacked).toBeGreaterThanOrEqual(3);
    const sheet = JSON.stringify(written.at(-1));
    expect(sheet).toContain("Ф1 ВПР 5 русский.xlsx");
    const everything = [store, JSON.stringify(results.body), sheet, logLines.join("\n")].join("\n");
    expect([...secrets].filter((s) => everything.includes(s))).toEqual([]);
  }, 120_000);
});
