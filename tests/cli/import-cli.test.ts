// `shnor import`, `shnor template` and `shnor sample --vpr-files` as a user runs them: real processes, files, exit codes, Russian messages.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../functions/src/contract/dataset.js";
import { openXlsx } from "../../functions/src/import/xlsx-rows.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { writeXlsxTable } from "../../functions/src/sample/table-files.js";
import type { SampleCell } from "../../functions/src/sample/vpr-f1-files.js";

const root = resolve(import.meta.dirname, "../..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const main = join(root, "functions", "src", "cli", "main.ts");
const dir = mkdtempSync(join(tmpdir(), "shnor-import-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shnor(args: string[]) {
  const run = spawnSync(tsx, [main, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const dataset = generateSampleTerritory({ schools: 24, years: 3, seed: 2026 });
const input = join(dir, "territory.json");
const files = join(dir, "files");
const f1 = join(files, "f1-vpr-2025-2026-5-russian.xlsx");

/** The rows of a written file, to change one cell and write it back as a corrected export. */
async function rowsOf(path: string): Promise<SampleCell[][]> {
  const out: SampleCell[][] = [];
  for await (const row of (await openXlsx(readFileSync(path))).rows())
    out.push(row.cells.map((c) => (typeof c === "boolean" ? String(c) : c)));
  return out;
}

beforeAll(() => {
  writeFileSync(input, JSON.stringify(dataset));
  const run = shnor(["sample", "--schools", "24", "--vpr-files", files, "--gia-files", files]);
  if (run.code !== 0) throw new Error(run.stderr);
});

describe("shnor sample --vpr-files --gia-files", () => {
  it("writes a Ф1 per paper and the ГИА tables, and no dataset on stdout", () => {
    expect(readdirSync(files).sort()).toEqual([
      "f1-vpr-2025-2026-5-math.xlsx",
      "f1-vpr-2025-2026-5-russian.xlsx",
      "f1-vpr-2025-2026-8-math.xlsx",
      "f1-vpr-2025-2026-8-russian.xlsx",
      "gia-ege-2025-2026.csv",
      "gia-oge-2025-2026.xlsx",
    ]);
  });
});

describe("shnor import", () => {
  it("merges a Ф1 into the dataset: the same ВПР facts as the dataset had, plus the task results; exit 0", () => {
    const out = join(dir, "merged.json");
    const run = shnor(["import", "--into", input, "--file", f1, "--out", out]);
    expect(run.code).toBe(0);
    const merged = JSON.parse(readFileSync(out, "utf8")) as Dataset;
    const latest = (d: Dataset) => d.facts.filter((f) => f.year === "2025/2026");
    expect(latest(merged).map((f) => f.vpr)).toEqual(latest(dataset).map((f) => f.vpr));
    expect(
      latest(merged).every((f) => f.vprTasks?.[0]?.grade === 5 && f.vprTasks[0].subject === "russian"),
    ).toBe(true);
    expect(run.stderr).toContain("Процедуры: ВПР 2025/2026, 5 класс, русский язык.");
    expect(run.stderr).toContain("Школ найдено в реестре: 24 (по наименованию 24).");
    expect(run.stderr).toContain("Не читались столбцы: «ФИО», «Пол».");
  });

  it("changes nothing when the same file comes twice: the bytes are the same", () => {
    const once = join(dir, "once.json");
    const twice = join(dir, "twice.json");
    expect(shnor(["import", "--into", input, "--file", f1, "--out", once]).code).toBe(0);
    const again = shnor(["import", "--into", once, "--file", f1, "--out", twice]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("Изменено записей «школа — год»: 0 (новых 0).");
    expect(readFileSync(twice, "utf8")).toBe(readFileSync(once, "utf8"));
  });

  it("lets a corrected file of the same paper replace what the earlier one gave; the file wins over the dataset", async () => {
    const rows = await rowsOf(f1);
    const header = rows.findIndex((r) => r.includes("Код участника"));
    const mark = (rows[header] ?? []).indexOf("Отметка");
    const first = rows[header + 1] as SampleCell[];
    const school = first[2];
    first[mark] = first[mark] === 5 ? 4 : 5;
    const corrected = join(dir, "corrected.xlsx");
    await writeXlsxTable(corrected, "Индивидуальные результаты", rows);
    const earlier = join(dir, "earlier.json");
    const later = join(dir, "later.json");
    const direct = join(dir, "direct.json");
    expect(shnor(["import", "--into", input, "--file", f1, "--out", earlier]).code).toBe(0);
    expect(shnor(["import", "--into", earlier, "--file", corrected, "--out", later]).code).toBe(0);
    expect(shnor(["import", "--into", input, "--file", corrected, "--out", direct]).code).toBe(0);
    expect(readFileSync(later, "utf8")).toBe(readFileSync(direct, "utf8"));
    const schoolId = dataset.schools.find((s) => s.name === school)?.id;
    const grades = (path: string) =>
      (JSON.parse(readFileSync(path, "utf8")) as Dataset).facts
        .find((f) => f.schoolId === schoolId && f.year === "2025/2026")
        ?.vpr?.find((v) => v.grade === 5 && v.subject === "russian")?.grades;
    expect(grades(direct)).not.toEqual(grades(earlier));
  });

  it("refuses a bad file with every issue as «лист, строка, столбец: что не так», writes nothing and exits 2", async () => {
    const rows = await rowsOf(f1);
    const header = rows.findIndex((r) => r.includes("Код участника"));
    const mark = (rows[header] ?? []).indexOf("Отметка");
    (rows[header + 2] as SampleCell[])[mark] = 6;
    (rows[header + 5] as SampleCell[])[mark] = 0;
    const bad = join(dir, "bad.xlsx");
    await writeXlsxTable(bad, "Индивидуальные результаты", rows);
    const out = join(dir, "never.json");
    const run = shnor(["import", "--into", input, "--file", bad, "--out", out]);
    expect(run.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("лист"))).toEqual([
      `лист «Индивидуальные результаты», строка ${header + 3}, столбец «Отметка»: 6 — отметка должна быть от 2 до 5`,
      `лист «Индивидуальные результаты», строка ${header + 6}, столбец «Отметка»: 0 — отметка должна быть от 2 до 5`,
    ]);
    expect(run.stderr).toContain(
      "не принят (ошибок: 2); из него ничего не загружено, набор данных не записан",
    );
  });

  it.each([
    [["import", "--into", "territory.json"], "не указан файл для загрузки"],
    [
      ["import", "--into", "territory.json", "--file", "x.xlsx", "--format", "xls"],
      "--format: «xls» — допустимые: auto, template, fisoko-vpr, gia",
    ],
    [
      ["import", "--into", "territory.json", "--file", "нет-такого.xlsx"],
      "не удалось прочитать «нет-такого.xlsx»: файл не найден",
    ],
  ])("exits 1 on a usage or I/O problem: %j", (args, message) => {
    const run = shnor(args.map((a) => (a === "territory.json" ? input : a)));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
  });

  it("exits 1 on a column map it cannot use, naming the field", () => {
    const map = join(dir, "map.json");
    writeFileSync(map, JSON.stringify({ columns: { shool: "Код ОО" } }));
    const run = shnor([
      "import",
      "--into",
      input,
      "--file",
      join(files, "gia-ege-2025-2026.csv"),
      "--map",
      map,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("columns.shool: неизвестное поле");
  });

  it("imports a ГИА CSV with the usual headers and no map", () => {
    const out = join(dir, "gia.json");
    const run = shnor([
      "import",
      "--into",
      input,
      "--file",
      join(files, "gia-ege-2025-2026.csv"),
      "--out",
      out,
    ]);
    expect(run.code).toBe(0);
    const merged = JSON.parse(readFileSync(out, "utf8")) as Dataset;
    const counts = (d: Dataset) =>
      d.facts
        .filter((f) => f.year === "2025/2026")
        .map((f) => f.ege?.map((e) => [e.subject, e.participants, e.atLeast80, e.belowMinimum]));
    expect(counts(merged)).toEqual(counts(dataset));
  });
});

describe("shnor template", () => {
  it("writes the template from a dataset; importing it back changes nothing", () => {
    const template = join(dir, "template.xlsx");
    const written = shnor(["template", "--input", input, "--out", template]);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain(`Шаблон записан в «${template}»`);
    const out = join(dir, "from-template.json");
    const run = shnor(["import", "--into", input, "--file", template, "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Изменено записей «школа — год»: 0 (новых 0).");
    expect(readFileSync(out, "utf8")).toBe(`${JSON.stringify(dataset)}\n`);
  });

  it("refuses to write the workbook to stdout", () => {
    const run = shnor(["template", "--out", "-"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("книгу Excel можно записать только в файл");
  });
});
