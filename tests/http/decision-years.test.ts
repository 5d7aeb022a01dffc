// Three years of the decision cycle through the real function: a list approved each spring, the years in support counted on approved versions, «усиленное сопровождение» after N years, and an exit the method sees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Meeting } from "../../functions/src/contract/dataset.js";
import type { Results } from "../../functions/src/contract/results.js";
import { type ApiHarness, discardingWriter, startApi, TERRITORY } from "./api-fixture.js";
import { approveLists, CHAIR } from "./support/meetings.js";
import { sheetCalls } from "./support/sheet-calls.js";

let now = 0;
let api: ApiHarness;
const sheet = sheetCalls(() => api);
/** The district's own settings: «усиленное сопровождение» after 3 years, an exit after 1 year out of the bottom. */
const methodology = { decisions: { escalationYears: 3, exitYears: 1 } };
const meetings: Meeting[] = [];

beforeAll(async () => {
  api = await startApi({ writer: discardingWriter, clock: { now: () => now } });
  await api.syncSample();
}, 120_000);
afterAll(async () => {
  await api.close();
});

/**
 * One spring of the cycle for `year`: its facts arrive, the draft is made on `draftDay`, the working group meets on
 * `meetingDay` (quorum, a majority for every decision) and the order of the next day approves the lists.
 */
async function spring(
  year: string,
  draftDay: string,
  meetingDay: string,
  order: string,
  decisions: NonNullable<Meeting["decisions"]> = [],
): Promise<string> {
  now = Date.parse(`${draftDay}T06:00:00Z`);
  const facts = api.dataset.facts.filter((f) => f.year === year);
  await api.runtime.store.territories.importFacts(TERRITORY, facts, `import:${year}`, new Date(now));
  const draft = await sheet.post("/draft");
  expect(draft.status, JSON.stringify(draft.body)).toBe(200);
  expect(draft.body.year).toBe(year);

  now = Date.parse(`${meetingDay}T07:00:00Z`);
  meetings.push({
    date: meetingDay,
    protocol: `${year.slice(0, 4)}-1`,
    members: 9,
    present: 7,
    ...CHAIR,
    decisions: [...decisions, approveLists(year)],
  });
  await sheet.meetings(meetings, { ...api.dataset, methodology });
  const approved = await sheet.post("/approve", {
    order: { number: order, date: meetingDay },
    meeting: { date: meetingDay, protocol: `${year.slice(0, 4)}-1` },
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body.message;
}

describe("the decision cycle over three years", () => {
  let approved: Results["approved"];

  it("approves a list each spring, each year's version in force for its own year", async () => {
    // the first spring's meeting came before the schools' window closed (27 May): allowed, and said
    const early = await spring("2023/2024", "2024-05-13", "2024-05-20", "101-од");
    expect(early).toContain(
      "Внимание: утверждено до окончания срока обращений школ (до 27.05.2024 включительно)",
    );
    const journal = (await sheet.get("/journal")).body.entries as { text: string }[];
    expect(journal[0]?.text).toContain(
      "утверждено до окончания срока обращений школ (до 27.05.2024 включительно)",
    );
    expect(await spring("2024/2025", "2025-05-12", "2025-05-28", "111-од")).not.toContain("Внимание");
    // 2025/2026: the working group keeps МБОУ «Калиновская СОШ» on the ШНОР list for its second year of support,
    // though the method no longer lists it
    await spring("2025/2026", "2026-05-12", "2026-05-28", "121-од", [
      {
        title: "Оставить МБОУ «Калиновская СОШ» в списке ШНОР на второй год сопровождения",
        action: "include",
        schoolIds: ["kalinovka-sosh"],
        lists: ["lowResults"],
        grounds: "программа перехода в эффективный режим работы рассчитана на два года",
        for: 7,
        against: 0,
      },
    ]);
    const versions = (await sheet.get("/approvals")).body.approvals as { version: number; year: string }[];
    expect(versions.map((v) => [v.version, v.year])).toEqual([
      [1, "2023/2024"],
      [2, "2024/2025"],
      [3, "2025/2026"],
    ]);
    await sheet.publish();
    approved = (await sheet.results()).approved;
    expect(approved).toMatchObject({ version: 3, year: "2025/2026", versions: 3 });
  });

  it("counts the years in support on the approved versions and escalates a school after three", () => {
    const school = (id: string) => approved?.schools.find((s) => s.schoolId === id);
    // on the ШНСУ list in all three approved versions
    const sosnovka = school("sosnovka-oosh");
    expect(sosnovka?.yearsInSupport).toEqual({ lowResults: 2, adverseSocial: 3 });
    expect(sosnovka?.history.map((h) => [h.year, h.version, h.categories])).toEqual([
      ["2023/2024", 1, ["adverseSocial"]],
      ["2024/2025", 2, ["lowResults", "adverseSocial"]],
      ["2025/2026", 3, ["lowResults", "adverseSocial"]],
    ]);
    expect(sosnovka?.escalation).toEqual([
      expect.stringMatching(
        /^в утверждённых списках ШНСУ 3 года подряд: 2023\/2024 \(приказ № 101-од от 20\.05\.2024\), 2024\/2025 \(приказ № 111-од от 28\.05\.2025\), 2025\/2026 \(приказ № 121-од от 28\.05\.2026\); после 3 лет поддержки — усиленное сопровождение$/,
      ),
    ]);
    // two years on ШНОР: under the three that escalate
    expect(school("sch-00024")?.yearsInSupport.lowResults).toBe(2);
    expect(school("sch-00024")?.escalation).toBeUndefined();
  });

  it("shows the exit the method sees for a school the working group kept in support", () => {
    const kalinovka = approved?.schools.find((s) => s.schoolId === "kalinovka-sosh");
    expect(kalinovka?.categories).toEqual(["lowResults"]);
    expect(kalinovka?.yearsInSupport.lowResults).toBe(2);
    expect(kalinovka?.exits).toEqual([
      {
        category: "lowResults",
        text: expect.stringMatching(
          /^1 год подряд вне нижних 20% своего кластера \(2025\/2026: место \d+ из \d+\) — может выйти из ШНОР по решению рабочей группы$/,
        ),
      },
    ]);
    // kept by the working group, not by the method: shown as a difference from today's computation
    expect(approved?.differences.some((d) => d.schoolId === "kalinovka-sosh")).toBe(true);
  });
});
