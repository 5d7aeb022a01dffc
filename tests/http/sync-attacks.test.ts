// «Синхронизировать данные» pressed by a hurried coordinator: a typo on «Школы» or an overgrown tab never takes a school's answers off the lists and never answers 500.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { School } from "../../functions/src/contract/dataset.js";
import { fitSetup } from "../../functions/src/http/sync-route.js";
import { coordinatorTabs } from "../../functions/src/sample/sample-submissions.js";
import { DOCUMENT_BUDGET, documentBytes } from "../../functions/src/store/document-size.js";
import { REGISTRY_BUDGET, registryBytes } from "../../functions/src/store/territory-repository.js";
import { type ApiHarness, bearer, discardingWriter, firstOf, startApi } from "./api-fixture.js";
import { approveLists, CHAIR } from "./support/meetings.js";
import { sheetCalls } from "./support/sheet-calls.js";

let api: ApiHarness;
const sheet = sheetCalls(() => api);

beforeAll(async () => {
  api = await startApi({ writer: discardingWriter });
}, 60_000);

beforeEach(async () => {
  await api.resetTerritory();
}, 60_000);

afterAll(async () => {
  await api?.close();
});

async function stored() {
  const loaded = await api.runtime.store.territories.loadDataset(api.dataset.territory.id);
  if (!loaded.success) throw new Error("territory not found");
  return loaded.data;
}

const LONG = "Мероприятие дорожной карты с подробным описанием ожидаемого результата. ".repeat(20);

describe("/sync against a hurried coordinator", () => {
  it("keeps a school that sent answers on the lists when its row on «Школы» gets a typo, and says the tab was not applied", async () => {
    const envelope = firstOf(api.envelopes, "social");
    const submitted = await api.request.post("/submit").set("Authorization", bearer()).send(envelope);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const schoolId = (await stored()).dataset.facts[0]?.schoolId;
    expect(schoolId).toBeDefined();

    const tabs = coordinatorTabs(api.dataset);
    const rows = tabs.Школы ?? [];
    const at = rows.findIndex((r) => r[0] === schoolId);
    const email = (rows[0] ?? []).indexOf("Электронная почта");
    const typo = rows.map((r, i) => (i === at ? r.map((c, j) => (j === email ? "director@school" : c)) : r));
    const response = await sheet.sync({ Школы: typo });
    expect(response.body.errors).toEqual([
      {
        tab: "Школы",
        row: 1,
        column: "",
        message:
          "лист не применён, пока в нём есть ошибки: действует прежний список школ, ни одна школа не добавлена и не удалена",
      },
      {
        tab: "Школы",
        row: at + 1,
        column: "Электронная почта",
        message: "«director@school» — это не адрес электронной почты",
      },
    ]);
    const after = await stored();
    expect(after.dataset.schools.map((s) => s.id)).toEqual(api.dataset.schools.map((s) => s.id));
    expect(after.dataset.facts.map((f) => f.schoolId)).toContain(schoolId);
    expect(after.orphanFacts).toBe(0);
  });

  it("tells the coordinator which schools with answers a sync takes off the lists (a deleted row, a changed code), and brings them back with their code", async () => {
    for (const envelope of api.envelopes.slice(0, 40)) {
      const submitted = await api.request.post("/submit").set("Authorization", bearer()).send(envelope);
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    }
    const facts = (await stored()).dataset.facts;
    const withFacts = [...new Set(facts.map((f) => f.schoolId))];
    const yearsOf = (id: string) =>
      facts
        .filter((f) => f.schoolId === id)
        .map((f) => f.year)
        .sort()
        .join(", ");
    expect(withFacts.length).toBeGreaterThanOrEqual(2);
    const [deleted, renamed] = withFacts as [string, string];
    const tabs = coordinatorTabs(api.dataset);
    const rows = tabs.Школы ?? [];
    const without = rows
      .filter((r) => r[0] !== deleted)
      .map((r) => (r[0] === renamed ? [`${renamed}-new`, ...r.slice(1)] : r));
    const response = await sheet.sync({ Школы: without });
    const notes = (response.body.errors as { tab: string; row: number; column: string; message: string }[])
      .filter((e) => e.tab === "Школы")
      .map((e) => e.message);
    expect(notes).toEqual(
      [deleted, renamed]
        .sort()
        .map(
          (id) =>
            `школа «${id}» убрана с листа: её данные за ${yearsOf(id)} уч. г. сохранены, но не входят в расчёт, пока этот код не вернётся на лист`,
        ),
    );
    expect((await stored()).orphanFacts).toBeGreaterThanOrEqual(2);

    const back = await sheet.sync({ Школы: rows });
    expect(back.body.errors.filter((e: { tab: string }) => e.tab === "Школы")).toEqual([]);
    const after = await stored();
    expect(after.orphanFacts).toBe(0);
    expect(new Set(after.dataset.facts.map((f) => f.schoolId))).toEqual(new Set(withFacts));
  });

  it("leaves one coordinator's «Школы» whole when two press «Синхронизировать» at once with different edits", async () => {
    const tabs = coordinatorTabs(api.dataset);
    const rows = tabs.Школы ?? [];
    const ids = api.dataset.schools.map((s) => s.id);
    // each coordinator deletes a different half of the schools: a registry mixed from both would keep neither half
    const half = Math.floor(ids.length / 2);
    const first = rows.filter((_, i) => i === 0 || i > half);
    const second = rows.filter((_, i) => i <= half);
    const [a, b] = await Promise.all([sheet.sync({ Школы: first }), sheet.sync({ Школы: second })]);
    expect(a.body.status).toBe("ok");
    expect(b.body.status).toBe("ok");
    const registry = (await stored()).dataset.schools.map((s) => s.id);
    expect([ids.slice(half), ids.slice(0, half)]).toContainEqual(registry);
  });

  it("keeps the previous «Настройки» in force when an edit is refused («30» typed for a share of 30 %), not the defaults", async () => {
    const settings = (rows: string[][]) => sheet.sync({ Настройки: [["Параметр", "Значение"], ...rows] });
    const first = await settings([
      ["lowResults.clusterShare", "0,25"],
      ["minN", "15"],
    ]);
    expect(first.body.errors).toEqual([]);
    const edited = await settings([
      ["lowResults.clusterShare", "30"],
      ["minN", "12"],
    ]);
    expect(edited.body.errors).toEqual([
      {
        tab: "Настройки",
        row: 1,
        column: "",
        message: "лист не применён, пока в нём есть ошибки: действуют прежние настройки",
      },
      {
        tab: "Настройки",
        row: 2,
        column: "Значение",
        message: "lowResults.clusterShare: 30 — должно быть не больше 1",
      },
    ]);
    expect((await stored()).dataset.methodology).toEqual({ lowResults: { clusterShare: 0.25 }, minN: 15 });
  });

  it("refuses a «Дорожная карта» too big for the store with a Russian message, keeps the stored one and applies the other tabs", async () => {
    const tabs = coordinatorTabs(api.dataset);
    const road = tabs["Дорожная карта"] ?? [];
    const before = (await stored()).dataset.roadmap;
    // 800 measures of ~1.4 KB each in three columns: ~3.4 MB, past a Firestore document's 1 MiB
    const big = [
      road[0] ?? [],
      ...Array.from({ length: 800 }, (_, i) => [
        `${i + 1}`,
        LONG,
        "01.09.2026",
        "31.10.2026",
        LONG,
        LONG,
        "",
        "",
      ]),
    ];
    const response = await sheet.sync({
      "Дорожная карта": big,
      Настройки: [
        ["Параметр", "Значение"],
        ["minN", "15"],
      ],
    });
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0]).toMatchObject({ tab: "Дорожная карта", row: 1, column: "" });
    expect(response.body.errors[0].message).toMatch(
      /^лист не сохранён: вместе с другими листами ввода он занял бы \d+(,\d)? МБ, а хранилище принимает не больше 0,95 МБ; действует прежний лист\. Сократите текст или число строк$/,
    );
    const after = (await stored()).dataset;
    expect(after.roadmap).toEqual(before);
    expect(after.methodology).toEqual({ minN: 15 });
  });

  it("refuses a registry too big for one write (10,000 schools with ten addresses each) instead of a 500, keeping the stored one", async () => {
    const header = coordinatorTabs(api.dataset).Школы?.[0] ?? [];
    const column = (name: string) => header.indexOf(name);
    const huge = [
      header,
      ...Array.from({ length: 10_000 }, (_, i) => {
        const row = header.map(() => "");
        row[column("Код школы")] = `s-${i}`;
        row[column("Наименование")] = `${LONG.slice(0, 250)} № ${i}`;
        row[column("Электронная почта")] = Array.from(
          { length: 10 },
          (_, j) => `teacher${j}.${i}@edu-obraztsovsk.example`,
        ).join(", ");
        return row;
      }),
    ];
    const response = await sheet.sync({ Школы: huge });
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0]).toMatchObject({ tab: "Школы", row: 1, column: "" });
    expect(response.body.errors[0].message).toMatch(
      /^лист не сохранён: реестр занял бы \d+(,\d)? МБ, а одна запись в хранилище — не больше 8 МБ; действует прежний список школ\. Сократите наименования или число адресов$/,
    );
    expect((await stored()).dataset.schools.map((s) => s.id)).toEqual(api.dataset.schools.map((s) => s.id));
  }, 120_000);

  it("stores 10,000 schools typed as a large region has them, at the size a write takes", async () => {
    const header = coordinatorTabs(api.dataset).Школы?.[0] ?? [];
    const column = (name: string) => header.indexOf(name);
    const many = [
      header,
      ...Array.from({ length: 10_000 }, (_, i) => {
        const row = header.map(() => "");
        row[column("Код школы")] = `s-${i}`;
        row[column("Наименование")] = `МБОУ «Средняя общеобразовательная школа № ${i} имени героя»`;
        row[column("Электронная почта")] = `school${i}@edu.example, director${i}@edu.example`;
        return row;
      }),
    ];
    const response = await sheet.sync({ Школы: many });
    expect(response.body.errors).toEqual([]);
    expect((await stored()).dataset.schools).toHaveLength(10_000);
  }, 120_000);
});

describe("fitSetup at the store's limits", () => {
  const roadmapOf = (length: number) => [
    { id: "1", title: "x".repeat(length), from: "2026-09-01", to: "2026-10-31" },
  ];
  const docBytes = (length: number) => documentBytes("territories/t", { roadmap: roadmapOf(length) });

  it("keeps a tab that brings the territory document to exactly its budget and refuses one byte more", () => {
    const length = 1000 + DOCUMENT_BUDGET - docBytes(1000);
    expect(docBytes(length)).toBe(DOCUMENT_BUDGET);
    const atLimit = { roadmap: roadmapOf(length) };
    expect(fitSetup("t", undefined, atLimit)).toEqual([]);
    expect(atLimit.roadmap).toBeDefined();
    const past = { roadmap: roadmapOf(length + 1), pins: [{ menteeId: "a", mentorId: "b" }] };
    expect(fitSetup("t", undefined, past).map((e) => [e.tab, e.row])).toEqual([["Дорожная карта", 1]]);
    expect(past).toEqual({ pins: [{ menteeId: "a", mentorId: "b" }] });
  });

  it("keeps a registry of exactly its budget and refuses one byte more", () => {
    const schools: School[] = Array.from({ length: 100 }, (_, i) => ({
      id: `s-${i}`,
      name: "x".repeat(80_000),
    }));
    const last = schools[99] as School;
    last.name = "x".repeat(80_000 + REGISTRY_BUDGET - registryBytes(schools));
    expect(registryBytes(schools)).toBe(REGISTRY_BUDGET);
    expect(fitSetup("t", undefined, { schools })).toEqual([]);
    last.name += "x";
    const past = { schools };
    expect(fitSetup("t", undefined, past).map((e) => [e.tab, e.row])).toEqual([["Школы", 1]]);
    expect(past).toEqual({});
  });
});

describe("two coordinators bringing the same new meeting at the same moment", () => {
  it("«Журнал решений» tells the decision once", async () => {
    const meeting = {
      date: "2026-05-28",
      protocol: "6",
      members: 9,
      present: 7,
      ...CHAIR,
      decisions: [approveLists()],
    };
    const tabs = coordinatorTabs({ ...api.dataset, meetings: [...(api.dataset.meetings ?? []), meeting] });
    const [a, b] = await Promise.all([sheet.sync(tabs), sheet.sync(tabs)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // and once more later: still the same decision
    await sheet.sync(tabs);
    const journal = await api.runtime.store.decisions.listJournal(api.dataset.territory.id);
    expect(
      journal.filter((e) => e.kind === "decision" && e.text.startsWith("28.05.2026, протокол № 6")),
    ).toHaveLength(1);
  });
});
