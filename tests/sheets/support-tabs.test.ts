// The support programme's tabs on the sample territory: mentors, measures, criteria, roadmap and the «Сводка» KPIs.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../functions/src/contract/dataset.js";
import { SUMMARY_LABELS, type SummaryKey } from "../../functions/src/contract/labels.js";
import type { Results, SchoolResult } from "../../functions/src/contract/results.js";
import { buildWorkbook } from "../../functions/src/sheets/build-workbook.js";
import { CRITERION_STATUS_FILLS } from "../../functions/src/sheets/tabs/criteria-tab.js";
import {
  EMPTY_ROADMAP_MESSAGE,
  ROADMAP_NOT_COMPUTED_MESSAGE,
} from "../../functions/src/sheets/tabs/roadmap-tab.js";
import { STATUS_FILLS } from "../../functions/src/sheets/tabs/status-fills.js";
import {
  type CellValue,
  hexToArgb,
  type Section,
  type Tab,
  type TabName,
  type Workbook,
  workbookProblems,
} from "../../functions/src/sheets/workbook-model.js";
import { renderXlsxBuffer } from "../../functions/src/sheets/xlsx-writer.js";
import { sampleSupportResults } from "./workbook-fixture.js";

type Row = Record<string, CellValue>;

/** The rows of a table as records keyed by column header, as a coordinator reads the tab. */
function byHeader(table: { columns: Tab["columns"]; rows: CellValue[][] }): Row[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c.header, row[i] ?? null])));
}

function tabOf(workbook: Workbook, name: TabName): Tab {
  const found = workbook.tabs.find((t) => t.name === name);
  if (!found) throw new Error(`no tab ${name}`);
  return found;
}

function sectionOf(tab: Tab, key: string): Section {
  const found = tab.sections?.find((s) => s.key === key);
  if (!found) throw new Error(`no section ${key} on ${tab.name}`);
  return found;
}

const byName = (a: string, b: string) => a.localeCompare(b, "ru", { numeric: true });

const isListed = (s: SchoolResult) =>
  s.categories.includes("lowResults") || s.categories.includes("adverseSocial");

/** Leaders and resilient schools in similar conditions only (the pool of method 2026.1): some schools get none. */
const SCARCE_MENTORS = { mentoring: { effectiveClusterShare: 0, maxRelaxedSocialGap: 0.3 } };

let dataset: Dataset;
let results: Results;
let workbook: Workbook;
/** The same territory with a scarce mentor pool, for the rows of schools without a mentor. */
let scarce: { results: Results; workbook: Workbook };
let nameOf: (id: string) => string;

beforeAll(() => {
  ({ dataset, results } = sampleSupportResults());
  workbook = buildWorkbook(results, dataset);
  const scarceRun = sampleSupportResults({ methodology: SCARCE_MENTORS });
  scarce = { results: scarceRun.results, workbook: buildWorkbook(scarceRun.results, scarceRun.dataset) };
  const names = new Map(dataset.schools.map((s) => [s.id, s.name]));
  nameOf = (id) => names.get(id) ?? id;
});

describe("support tabs on the sample territory", () => {
  it("adds «Наставники», «Рекомендации», «Критерии результативности», «Дорожная карта: статус» after the lists, renderable", () => {
    expect(workbook.tabs.map((t) => t.name)).toEqual([
      "Сводка",
      "Индексы",
      "ШНОР и ШНСУ",
      "Наставники",
      "Рекомендации",
      "Критерии результативности",
      "Дорожная карта: статус",
    ]);
    expect(workbookProblems(workbook)).toEqual([]);
  });

  describe("«Наставники»", () => {
    it("has one row per ШНОР/ШНСУ school and per pinned school, by name, with Russian headers", () => {
      const { results, workbook } = scarce;
      const tab = tabOf(workbook, "Наставники");
      expect(tab.columns.map((c) => c.header)).toEqual([
        "Школа",
        "Категории",
        "ИСБ",
        "Индекс результатов",
        "Школа-наставник",
        "Категория наставника",
        "ИСБ наставника",
        "Индекс результатов наставника",
        "Основания подбора",
      ]);
      const listed = results.schools.filter((s) => isListed(s) || s.mentorId !== null);
      // the scarce pool leaves schools both with and without a mentor, so both kinds of row are checked below
      expect(listed.some((s) => s.mentorId !== null) && listed.some((s) => s.mentorId === null)).toBe(true);
      // a school off the lists with a pinned partner (the sample's recovered school) has its row too
      expect(listed.some((s) => !isListed(s))).toBe(true);
      const names = byHeader(tab).map((r) => r.Школа);
      expect(names).toHaveLength(listed.length);
      expect([...names].sort()).toEqual(listed.map((s) => nameOf(s.schoolId)).sort());
      // «СОШ № 4» before «СОШ № 15», as a reader of a registry expects
      expect(names).toEqual([...names].sort((a, b) => byName(String(a), String(b))));
    });

    it("names the mentor with its indices and the pair's reasons one per line", () => {
      const tab = tabOf(workbook, "Наставники");
      const rows = byHeader(tab);
      for (const pair of results.pairs) {
        const mentor = results.schools.find((s) => s.schoolId === pair.mentorId);
        const row = rows.find((r) => r.Школа === nameOf(pair.menteeId));
        expect(row).toMatchObject({
          "Школа-наставник": nameOf(pair.mentorId),
          "ИСБ наставника": mentor?.socialIndex?.value ?? null,
          "Индекс результатов наставника": mentor?.resultsIndex?.value ?? null,
          "Основания подбора": pair.reasons.join("\n"),
        });
        const pinned = pair.reasons[0] === "закреплено координатором";
        const circle = mentor?.categories.some((c) => c === "leader" || c === "resilient");
        expect(String(row?.["Категория наставника"])).toMatch(
          circle ? /Лидер|Резильентная/ : pinned ? /^$/ : /^Эффективная$/,
        );
      }
      // the default pool reaches beyond leaders: an effective school is named as such
      expect(rows.some((r) => r["Категория наставника"] === "Эффективная")).toBe(true);
      expect(tab.columns.find((c) => c.key === "reasons")?.wrap).toBe(true);
    });

    it("says why a school has no mentor, on a warning-coloured row", () => {
      const { results, workbook } = scarce;
      const tab = tabOf(workbook, "Наставники");
      const rows = byHeader(tab);
      const without = results.schools.filter((s) => isListed(s) && s.mentorId === null);
      expect(without.length).toBeGreaterThan(0);
      for (const school of without) {
        const i = rows.findIndex((r) => r.Школа === nameOf(school.schoolId));
        expect(rows[i]?.["Школа-наставник"]).toBe("не назначен");
        expect(rows[i]?.["Основания подбора"]).toBe(school.mentorNote);
        expect(String(rows[i]?.["Основания подбора"])).toMatch(/^Наставник не назначен: /);
        expect(tab.rowFills?.[i]).toBe(STATUS_FILLS.warning);
      }
      const paired = rows.flatMap((r, i) => (r["Школа-наставник"] === "не назначен" ? [] : [i]));
      expect(paired.map((i) => tab.rowFills?.[i])).toEqual(paired.map(() => null));
    });

    it("lists each mentor school with how many mentees it carries", () => {
      const load = byHeader(sectionOf(tabOf(workbook, "Наставники"), "mentorLoad"));
      const mentors = new Set(results.pairs.map((p) => p.mentorId));
      expect(load).toHaveLength(mentors.size);
      for (const id of mentors) {
        const mentees = results.pairs.filter((p) => p.mentorId === id);
        const row = load.find((r) => r["Школа-наставник"] === nameOf(id));
        expect(row?.Подопечных).toBe(mentees.length);
        for (const p of mentees) expect(String(row?.["Подопечные школы"])).toContain(nameOf(p.menteeId));
      }
    });

    it("shows a coordinator's pin as «закреплено координатором», first among the reasons", () => {
      const mentee = scarce.results.schools.find((s) => isListed(s) && s.mentorId === null);
      const leader = results.schools.find((s) => s.categories.includes("leader"));
      if (!mentee || !leader) throw new Error("the sample has no unpaired school or no leader");
      const pinned = sampleSupportResults({
        pins: [{ menteeId: mentee.schoolId, mentorId: leader.schoolId }],
        methodology: SCARCE_MENTORS,
      });
      const rows = byHeader(tabOf(buildWorkbook(pinned.results, pinned.dataset), "Наставники"));
      const row = rows.find((r) => r.Школа === nameOf(mentee.schoolId));
      expect(row?.["Школа-наставник"]).toBe(nameOf(leader.schoolId));
      expect(String(row?.["Основания подбора"]).split("\n")[0]).toBe("закреплено координатором");
    });
  });

  describe("«Рекомендации»", () => {
    it("has every measure of every school, by school name then priority, with the priority in words", () => {
      const tab = tabOf(workbook, "Рекомендации");
      expect(tab.columns.map((c) => c.header)).toEqual([
        "Школа",
        "Категории",
        "Приоритет",
        "Мера поддержки",
        "Обоснование",
      ]);
      const rows = byHeader(tab);
      const expected = results.schools.flatMap((s) =>
        s.recommendations.map((r) => [nameOf(s.schoolId), r.title, r.rationale]),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(rows.map((r) => [r.Школа, r["Мера поддержки"], r.Обоснование]).sort()).toEqual(expected.sort());
      // every ШНОР/ШНСУ school gets at least one measure
      for (const s of results.schools.filter(isListed)) {
        expect(rows.some((r) => r.Школа === nameOf(s.schoolId))).toBe(true);
      }
      const words: Record<string, string> = { "1": "высокий", "2": "средний", "3": "обычный" };
      for (const r of rows) {
        const [digit, word] = String(r.Приоритет).split(" — ");
        expect(words[digit ?? ""]).toBe(word);
      }
      const order = rows.map((r) => [String(r.Школа), String(r.Приоритет)] as const);
      for (let i = 1; i < order.length; i++) {
        const [prev, cur] = [order[i - 1], order[i]] as [(typeof order)[number], (typeof order)[number]];
        const names = byName(prev[0], cur[0]);
        expect(names < 0 || (names === 0 && prev[1] <= cur[1])).toBe(true);
      }
      expect(tab.columns.find((c) => c.header === "Обоснование")?.wrap).toBe(true);
    });

    it("gives a paired school the mentoring measure naming its mentor", () => {
      const rows = byHeader(tabOf(workbook, "Рекомендации"));
      const pair = results.pairs[0];
      if (!pair) throw new Error("the sample has no pairs");
      const mine = rows.filter((r) => r.Школа === nameOf(pair.menteeId));
      expect(mine.some((r) => String(r.Обоснование).includes(nameOf(pair.mentorId)))).toBe(true);
    });
  });

  describe("«Критерии результативности»", () => {
    it("shows each criterion of each school in support with its status in Russian and its colour", () => {
      const tab = tabOf(workbook, "Критерии результативности");
      expect(tab.columns.map((c) => c.header)).toEqual([
        "Школа",
        "Категории",
        "Критерий результативности",
        "Ожидаемое значение",
        "Фактическое значение",
        "Статус",
      ]);
      const inSupport = results.schools.filter((s) => s.criteria !== undefined);
      const rows = byHeader(tab);
      expect(rows).toHaveLength(inSupport.reduce((n, s) => n + (s.criteria?.length ?? 0), 0));
      const text = { met: "выполнен", not_met: "не выполнен", no_data: "нет данных" } as const;
      for (const school of inSupport) {
        for (const c of school.criteria ?? []) {
          const i = rows.findIndex(
            (r) => r.Школа === nameOf(school.schoolId) && r["Критерий результативности"] === c.title,
          );
          expect(rows[i]).toMatchObject({
            "Ожидаемое значение": c.expected,
            "Фактическое значение": c.actual,
            Статус: text[c.status],
          });
          expect(tab.rowFills?.[i]).toBe(CRITERION_STATUS_FILLS[c.status]);
        }
      }
      // the sample has all three outcomes, so the coordinator sees all three colours
      expect(new Set(rows.map((r) => r.Статус))).toEqual(new Set(Object.values(text)));
    });

    it("counts met criteria per school", () => {
      const tab = tabOf(workbook, "Критерии результативности");
      const rows = byHeader(tab);
      const counts = byHeader(sectionOf(tab, "criteriaCounts"));
      expect(counts).toHaveLength(results.schools.filter((s) => s.criteria !== undefined).length);
      for (const c of counts) {
        const mine = rows.filter((r) => r.Школа === c.Школа);
        expect(c.Выполнено).toBe(mine.filter((r) => r.Статус === "выполнен").length);
        expect(c["Не выполнено"]).toBe(mine.filter((r) => r.Статус === "не выполнен").length);
        expect(c["Всего критериев"]).toBe(mine.length);
      }
    });
  });

  describe("«Дорожная карта: статус»", () => {
    it("asks to fill in the roadmap when the results carry none", () => {
      const tab = tabOf(workbook, "Дорожная карта: статус");
      expect(tab.rows).toHaveLength(1);
      expect(tab.rows[0]?.[0]).toBe(EMPTY_ROADMAP_MESSAGE);
      expect(EMPTY_ROADMAP_MESSAGE).toBe(
        "Дорожная карта не заполнена — заполните лист «Дорожная карта» и нажмите «Синхронизировать данные»",
      );
    });

    it("says the status was not computed, not «не заполнена», when the roadmap is filled but has no report day", () => {
      const noDay = sampleSupportResults({
        roadmap: [{ id: "1", title: "Совещание руководителей ШНОР", from: "2025-09-01", to: "2025-10-01" }],
      });
      expect(noDay.results.roadmap).toBeUndefined();
      const tab = tabOf(buildWorkbook(noDay.results, noDay.dataset), "Дорожная карта: статус");
      expect(tab.rows.map((r) => r[0])).toEqual([ROADMAP_NOT_COMPUTED_MESSAGE]);
    });

    it("shows each measure's status on the day, the warnings and the meetings", () => {
      const withRoadmap = sampleSupportResults({
        asOf: "2026-03-15",
        roadmap: [
          {
            id: "1",
            title: "Совещание руководителей ШНОР",
            from: "2025-09-01",
            to: "2025-10-01",
            done: "2025-09-20",
          },
          {
            id: "2",
            title: "Адресные КПК для учителей математики",
            from: "2025-10-01",
            to: "2026-01-31",
            responsible: "Иванова Е. П.",
          },
          { id: "3", title: "Диагностика профессиональных дефицитов", from: "2026-04-01", to: "2026-05-31" },
        ],
        meetings: [
          {
            date: "2025-10-15",
            members: 9,
            present: 7,
            decisions: [{ title: "Утвердить план работы", for: 6, against: 1 }],
          },
          { date: "2026-02-10", members: 9, present: 4 },
        ],
      });
      const tab = tabOf(buildWorkbook(withRoadmap.results, withRoadmap.dataset), "Дорожная карта: статус");
      expect(tab.columns.map((c) => c.header)).toEqual([
        "Мероприятие",
        "Статус на 15.03.2026",
        "Начало",
        "Срок",
        "Ответственный",
        "Подробно",
        "Код",
      ]);
      const rows = byHeader(tab);
      const kpk = rows.findIndex((r) => r.Мероприятие === "Адресные КПК для учителей математики");
      expect(rows[kpk]).toMatchObject({
        "Статус на 15.03.2026": "просрочено",
        Срок: "2026-01-31",
        Ответственный: "Иванова Е. П.",
        Подробно: "просрочено на 43 дн.",
      });
      expect(tab.rowFills?.[kpk]).toBe(STATUS_FILLS.bad);
      const done = rows.findIndex((r) => r.Мероприятие === "Совещание руководителей ШНОР");
      expect(rows[done]?.["Статус на 15.03.2026"]).toBe("выполнено");
      expect(tab.rowFills?.[done]).toBe(STATUS_FILLS.good);
      const soon = rows.find((r) => r.Мероприятие === "Диагностика профессиональных дефицитов");
      expect(soon?.Подробно).toBe("начало через 17 дн.");

      const warnings = byHeader(sectionOf(tab, "warnings"));
      expect(warnings.some((w) => String(w.Предупреждение).includes("Адресные КПК"))).toBe(true);
      expect(warnings.length).toBe(
        (withRoadmap.results.roadmap?.warnings.length ?? 0) +
          (withRoadmap.results.roadmap?.workingGroup.warnings.length ?? 0),
      );
      const meetingsSection = sectionOf(tab, "meetings");
      const meetings = byHeader(meetingsSection);
      expect(meetings.map((m) => m["Дата заседания"])).toEqual(["2025-10-15", "2026-02-10"]);
      expect(String(meetings[0]?.Решения)).toMatch(/^Утвердить план работы: принято/);
      expect(String(meetings[1]?.Кворум)).toMatch(/^кворума нет|нет кворума/);
      expect(meetingsSection.rowFills).toEqual([null, STATUS_FILLS.bad]);
      expect(sectionOf(tab, "monitoring").rows.length).toBeGreaterThan(0);
    });
  });

  describe("«Сводка»", () => {
    it("shows every KPI label, the percentages as percent numbers with one decimal", () => {
      const tab = tabOf(workbook, "Сводка");
      const labels = [tab, ...(tab.sections ?? [])].flatMap((t) => t.rows.map((r) => r[0]));
      for (const label of Object.values(SUMMARY_LABELS)) expect(labels).toContain(label);

      const percent = sectionOf(tab, "supportIndicators");
      expect(percent.columns.map((c) => [c.header, c.format])).toEqual([
        ["Показатель", "text"],
        ["Значение, %", "decimal1"],
      ]);
      const percentKeys = (Object.keys(SUMMARY_LABELS) as SummaryKey[]).filter((k) =>
        SUMMARY_LABELS[k].endsWith(", %"),
      );
      expect(percent.rows).toEqual(percentKeys.map((k) => [SUMMARY_LABELS[k], results.summary[k]]));
      // 0..100 as computed, not a 0..1 share
      expect(percent.rows.some((r) => typeof r[1] === "number" && r[1] > 1)).toBe(true);
    });

    it("has a section with the pairs count and the ШНОР/ШНСУ schools without a mentor", () => {
      const { results, workbook } = scarce;
      const tab = tabOf(workbook, "Сводка");
      const without = results.schools.filter((s) => isListed(s) && s.mentorId === null);
      expect(sectionOf(tab, "mentoring").rows).toEqual([
        [SUMMARY_LABELS.pairs, results.pairs.length],
        [SUMMARY_LABELS.withoutMentor, without.length],
      ]);
      const listed = byHeader(sectionOf(tab, "withoutMentor"));
      expect(listed.map((r) => r.Школа).sort()).toEqual(without.map((s) => nameOf(s.schoolId)).sort());
      expect(
        listed.every((r) => String(r["Почему нет наставника"]).startsWith("Наставник не назначен")),
      ).toBe(true);
    });
  });

  it("renders to .xlsx that Excel readers open with the same cells, formats and colours", async () => {
    // The scarce pool, so that «Наставники» has a row without a mentor to colour.
    const { results, workbook } = scarce;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderXlsxBuffer(workbook)) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((w) => w.name).slice(3)).toEqual([
      "Наставники",
      "Рекомендации",
      "Критерии результативности",
      "Дорожная карта — статус",
    ]);
    const cell = (sheet: string, row: number, column: number) => {
      const ws = book.getWorksheet(sheet);
      if (!ws) throw new Error(`no worksheet ${sheet}`);
      return ws.getCell(row, column);
    };
    const fill = (c: ExcelJS.Cell) => (c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;

    // «Наставники»: the first paired row has its reasons on separate lines, wrapped
    const mentors = tabOf(workbook, "Наставники");
    const pairedRow = mentors.rows.findIndex((r) => r[4] !== "не назначен");
    const reasons = cell("Наставники", pairedRow + 2, 9);
    expect(cell("Наставники", 1, 5).value).toBe("Школа-наставник");
    expect(String(reasons.value).split("\n").length).toBeGreaterThan(1);
    expect(reasons.alignment?.wrapText).toBe(true);
    const unpairedRow = mentors.rows.findIndex((r) => r[4] === "не назначен");
    expect(fill(cell("Наставники", unpairedRow + 2, 1))).toBe(hexToArgb(STATUS_FILLS.warning));

    // «Критерии результативности»: a met criterion is green, its status in Russian
    const criteria = tabOf(workbook, "Критерии результативности");
    const met = criteria.rows.findIndex((r) => r[5] === "выполнен");
    expect(cell("Критерии результативности", met + 2, 6).value).toBe("выполнен");
    expect(fill(cell("Критерии результативности", met + 2, 6))).toBe(hexToArgb(STATUS_FILLS.good));

    // «Сводка»: a percent KPI is the number 0..100 shown with one decimal
    const summary = book.getWorksheet("Сводка");
    let found: ExcelJS.Cell | undefined;
    summary?.eachRow((row) => {
      if (row.getCell(1).value === SUMMARY_LABELS.listedPositiveDynamics) found = row.getCell(2);
    });
    expect(found?.value).toBe(results.summary.listedPositiveDynamics);
    expect(found?.numFmt).toBe("0.0");

    expect(cell("Дорожная карта — статус", 2, 1).value).toBe(EMPTY_ROADMAP_MESSAGE);
  });
});
