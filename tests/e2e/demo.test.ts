// `npm run demo` the real way: emulator + api, /sync, history as files to /import, the current year's forms over HTTP, /flush; nothing left running.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { parseDatasetJson } from "../../functions/src/contract/parse-dataset.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { sampleEnvelopes } from "../../functions/src/sample/sample-submissions.js";
import { generateSampleTerritory, SAMPLE_DEFAULTS } from "../../functions/src/sample/sample-territory.js";

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
  it("imports the history as files, posts the current year's forms over HTTP, prints the summary, writes the files and stops everything", async () => {
    const sample = generateSampleTerritory({ ...SAMPLE_DEFAULTS });
    const current = sampleEnvelopes({
      ...sample,
      facts: sample.facts.filter((f) => f.year === SAMPLE_DEFAULTS.lastYear),
    }).length;
    expect(current).toBeLessThan(sampleEnvelopes(sample).length);
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "functions/src/cli/main.ts", "demo", "--out-dir", outDir],
      {
        cwd: root,
        encoding: "utf8",
        // 70 s alone here; the whole suite on two cores has made it take over 180 s
        timeout: 480_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ШНОР-Монитор — пример расчёта на синтетической территории/);
    expect(run.stdout).toContain(
      `история 2023/2024 и 2024/2025 и ВПР из ФИС ОКО — файлами в /import, ответы форм 2025/2026 — в /submit: принято ${current})`,
    );
    expect(run.stdout).toMatch(/ШНОР — низкие образовательные результаты — \d+/);
    expect(run.stderr).toContain(`Отправка ответов форм: ${current}/${current}`);
    expect(run.stderr).toMatch(
      /Импорт: «template-2023-2025\.xlsx» — шаблон ШНОР-Монитора \(процедур: \d+\); строк учтено \d+, школ найдено 24/,
    );
    expect(run.stderr).toMatch(
      /Импорт: «f1-vpr-2025-2026-5-russian\.xlsx» — «Ф1 Индивидуальные результаты» ВПР \(ФИС ОКО\): ВПР 2025\/2026, 5 класс, русский язык; строк учтено \d+, школ найдено 24/,
    );

    // the decision cycle ends with an approved order, and one later answer the approved lists do not follow
    expect(run.stdout).toMatch(/Сформирован проект списков № 1 за 2025\/2026: школ \d+/);
    expect(run.stdout).toContain("обращение отклонено (за 6, против 1)");
    expect(run.stdout).toMatch(
      /Утверждённые списки 2025\/2026: версия 1 из 1, приказ № \d+-од от \d\d\.\d\d\.\d{4}/,
    );
    expect(run.stdout).toContain("Отличия утверждённых списков от расчёта сейчас — 1\n");

    const results = JSON.parse(readFileSync(join(outDir, "results.json"), "utf8"));
    expect(results.approved.version).toBe(1);
    expect(results.approved.differences).toHaveLength(1);
    expect(results.approved.differences[0].kind).toBe("approvedOnly");
    expect(results.territoryId).toBe("obraztsovsky");
    expect(results.schools).toHaveLength(24);
    expect(existsSync(join(outDir, "dataset.json"))).toBe(true);
    // Every fact of the sample travels through a file or a form: the server's lists are those of a direct calculation
    // on the dataset it holds (the sample and the Ф1's task results).
    expect(readFileSync(join(outDir, "dataset.json"), "utf8")).toContain('"vprTasks"');
    const checked = parseDatasetJson(readFileSync(join(outDir, "dataset.json"), "utf8"));
    if (!checked.success) throw new Error("dataset.json is not a valid dataset");
    const direct = computeResults(checked.data.dataset, checked.data.settings);
    if (!direct.success) throw new Error(direct.error.message);
    const lists = (r: { schools: { schoolId: string; categories: string[] }[] }) =>
      Object.fromEntries(r.schools.map((x) => [x.schoolId, x.categories]));
    expect(lists(results)).toEqual(lists(direct.data));
    expect(results.pairs).toEqual(direct.data.pairs);
    // the dataset file carries the approval: `shnor compute` on it shows the same approved lists and difference
    expect(checked.data.dataset.approvals).toHaveLength(1);
    expect(direct.data.approved?.differences).toEqual(results.approved.differences);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(outDir, "obraztsovsky.xlsx"));
    expect(book.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining([
        "Сводка",
        "Индексы",
        "ШНОР и ШНСУ",
        "Ошибки",
        "Импорт",
        "Проект списков",
        "Обращения",
        "Утверждённые списки",
        "Журнал решений",
        "История",
      ]),
    );
    // «Импорт» shows both files, loaded, with the columns of the Ф1 that were never read
    const imports: string[][] = [];
    book.getWorksheet("Импорт")?.eachRow((row) => {
      // exceljs leaves holes for empty cells: Array.from fills them
      imports.push(Array.from(row.values as unknown[], (v) => String(v ?? "")).slice(1));
    });
    const files = imports.filter((r) => r[4] !== "" && r[4] !== "Состояние").map((r) => [r[1], r[4]]);
    expect(files).toEqual([
      ["f1-vpr-2025-2026-5-russian.xlsx", "Загружен"],
      ["template-2023-2025.xlsx", "Загружен"],
    ]);
    expect(imports.some((r) => r[12]?.startsWith("«ФИО», «Пол»"))).toBe(true);

    const emulatorPort = Number(/Эмулятор Firestore: 127\.0\.0\.1:(\d+)/.exec(run.stderr)?.[1]);
    const apiPort = Number(/функция api: http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stderr)?.[1]);
    expect(emulatorPort).toBeGreaterThan(0);
    expect(await accepting(emulatorPort)).toBe(false);
    expect(await accepting(apiPort)).toBe(false);
  }, 500_000);
});
