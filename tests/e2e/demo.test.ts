// `npm run demo` the real way: emulator + api, /sync, every form response over HTTP, /flush; files written, nothing left running.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { parseDatasetJson } from "../../functions/src/contract/parse-dataset.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";

const root = resolve(import.meta.dirname, "../..");
const outDir = mkdtempSync(join(tmpdir(), "shnor-demo-"));

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

function accepting(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

describe("shnor demo", () => {
  it("posts the sample territory's forms over HTTP, prints the summary, writes the files and stops everything", async () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "functions/src/cli/main.ts", "demo", "--out-dir", outDir],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 180_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ШНОР-Монитор — пример расчёта на синтетической территории/);
    expect(run.stdout).toMatch(/ответы форм — в \/submit: принято 300/);
    expect(run.stdout).toMatch(/ШНОР — низкие образовательные результаты — \d+/);
    expect(run.stderr).toMatch(/Отправка ответов форм: 300\/300/);

    const results = JSON.parse(readFileSync(join(outDir, "results.json"), "utf8"));
    expect(results.territoryId).toBe("obraztsovsky");
    expect(results.schools).toHaveLength(24);
    expect(existsSync(join(outDir, "dataset.json"))).toBe(true);
    // Every fact of the sample travels through a form: the server's lists are those of a direct calculation.
    const checked = parseDatasetJson(readFileSync(join(outDir, "dataset.json"), "utf8"));
    if (!checked.success) throw new Error("dataset.json is not a valid dataset");
    const direct = computeResults(checked.data.dataset, checked.data.settings);
    if (!direct.success) throw new Error(direct.error.message);
    const lists = (r: { schools: { schoolId: string; categories: string[] }[] }) =>
      Object.fromEntries(r.schools.map((x) => [x.schoolId, x.categories]));
    expect(lists(results)).toEqual(lists(direct.data));
    expect(results.pairs).toEqual(direct.data.pairs);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(outDir, "obraztsovsky.xlsx"));
    expect(book.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(["Сводка", "Индексы", "ШНОР и ШНСУ", "Ошибки"]),
    );

    const emulatorPort = Number(/Эмулятор Firestore: 127\.0\.0\.1:(\d+)/.exec(run.stderr)?.[1]);
    const apiPort = Number(/функция api: http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stderr)?.[1]);
    expect(emulatorPort).toBeGreaterThan(0);
    expect(await accepting(emulatorPort)).toBe(false);
    expect(await accepting(apiPort)).toBe(false);
  }, 200_000);
});
