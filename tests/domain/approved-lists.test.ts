// Approved versions: decisions applied to a draft, the version in force, years in support and escalation on approved versions only, differences from today's computation.
import { describe, expect, it } from "vitest";
import type { Approval } from "../../functions/src/contract/decision-cycle.js";
import type { SchoolResult } from "../../functions/src/contract/results.js";
import {
  applyDecisions,
  approvedLists,
  listDifferences,
  versionInForce,
} from "../../functions/src/domain/approved-lists.js";

const approval = (
  version: number,
  year: string,
  schools: Approval["schools"],
  extra: Partial<Approval> = {},
): Approval => ({
  version,
  year,
  order: { number: `${version}-од`, date: `${year.slice(5)}-01-15` },
  reason: "decision",
  schools,
  ...extra,
});
const on = (schoolId: string, ...categories: ("lowResults" | "adverseSocial")[]) => ({
  schoolId,
  categories,
  grounds: [`основание ${schoolId}`],
});
const computed = (schoolId: string, categories: SchoolResult["categories"]): SchoolResult =>
  ({ schoolId, categories }) as unknown as SchoolResult;
const nameOf = (id: string) => `Школа ${id}`;

describe("approved lists", () => {
  it("applies include, exclude and remove in order, keeping a school on its other list", () => {
    const base = [on("a", "lowResults", "adverseSocial"), on("b", "lowResults"), on("c", "adverseSocial")];
    const after = applyDecisions(base, [
      {
        title: "не включать a в ШНОР",
        action: "exclude",
        schoolIds: ["a"],
        lists: ["lowResults"],
        grounds: "обращение школы: ошибка в данных ГИА",
      },
      { title: "не включать b", action: "exclude", schoolIds: ["b"] },
      {
        title: "включить d",
        action: "include",
        schoolIds: ["d"],
        lists: ["lowResults"],
        grounds: "аккредитация приостановлена",
      },
      { title: "утвердить", action: "approveLists", schoolIds: [] },
    ]);
    expect(after.map((s) => [s.schoolId, s.categories])).toEqual([
      ["a", ["adverseSocial"]],
      ["c", ["adverseSocial"]],
      ["d", ["lowResults"]],
    ]);
    expect(after.find((s) => s.schoolId === "d")?.grounds).toEqual([
      "Решение рабочей группы: аккредитация приостановлена",
    ]);
    // the base is not changed: a stored draft stays as it was
    expect(base[0]?.categories).toEqual(["lowResults", "adverseSocial"]);
  });

  it("takes the highest version of the report year or earlier as the one in force", () => {
    const versions = [
      approval(1, "2024/2025", [on("a", "lowResults")]),
      approval(2, "2025/2026", [on("a", "lowResults")]),
      approval(3, "2025/2026", [on("a", "lowResults")], { reason: "correction", note: "опечатка в номере" }),
      approval(4, "2026/2027", []),
    ];
    expect(versionInForce(versions, "2025/2026")?.version).toBe(3);
    expect(versionInForce(versions, "2024/2025")?.version).toBe(1);
    expect(versionInForce(versions, "2023/2024")).toBeUndefined();
  });

  it("keeps the report year's version in force when an earlier year's order is entered after it", () => {
    const versions = [
      approval(1, "2025/2026", [on("a", "lowResults")]),
      approval(2, "2023/2024", [on("b", "adverseSocial")], { reason: "earlier" }),
      approval(3, "2024/2025", [on("c", "lowResults")], { reason: "earlier" }),
    ];
    expect(versionInForce(versions, "2025/2026")?.version).toBe(1);
    expect(versionInForce(versions, "2024/2025")?.version).toBe(3);
    expect(versionInForce(versions, "2023/2024")?.version).toBe(2);
    // a later order of the same year still replaces the earlier one
    expect(versionInForce([...versions, approval(4, "2024/2025", [])], "2024/2025")?.version).toBe(4);
  });

  it("names every difference from today's computation in both directions", () => {
    const differences = listDifferences(
      approval(1, "2025/2026", [on("a", "lowResults"), on("b", "adverseSocial")]),
      [computed("a", ["lowResults"]), computed("b", ["leader"]), computed("c", ["lowResults", "watch"])],
      nameOf,
    );
    expect(differences).toEqual([
      {
        schoolId: "b",
        category: "adverseSocial",
        kind: "approvedOnly",
        text: "Школа b: в утверждённом списке ШНСУ; по расчёту сейчас в него не входит",
      },
      {
        schoolId: "c",
        category: "lowResults",
        kind: "computedOnly",
        text: "Школа c: по расчёту вошла бы в ШНОР; в утверждённом списке её нет",
      },
    ]);
  });

  it("counts years in support and escalation on approved versions, earlier orders included", () => {
    const versions = [
      approval(1, "2022/2023", [on("a", "lowResults")], { reason: "earlier" }),
      approval(2, "2023/2024", [on("a", "lowResults")], { reason: "earlier" }),
      approval(3, "2024/2025", [on("a", "lowResults"), on("b", "lowResults")], { reason: "earlier" }),
      approval(4, "2025/2026", [on("a", "lowResults", "adverseSocial"), on("b", "lowResults")]),
    ];
    const lists = approvedLists({
      approvals: versions,
      year: "2025/2026",
      schools: [computed("a", ["lowResults"]), computed("b", [])],
      nameOf,
      escalationYears: 4,
    });
    const a = lists?.schools.find((s) => s.schoolId === "a");
    expect(a?.yearsInSupport).toEqual({ lowResults: 4, adverseSocial: 1 });
    expect(a?.escalation).toEqual([
      "в утверждённых списках ШНОР 4 года подряд: 2022/2023 (приказ № 1-од от 15.01.2023), 2023/2024 (приказ № 2-од от 15.01.2024), " +
        "2024/2025 (приказ № 3-од от 15.01.2025), 2025/2026 (приказ № 4-од от 15.01.2026); после 4 лет поддержки — усиленное сопровождение",
    ]);
    expect(a?.history.map((h) => h.year)).toEqual(["2022/2023", "2023/2024", "2024/2025", "2025/2026"]);
    const b = lists?.schools.find((s) => s.schoolId === "b");
    expect(b?.yearsInSupport.lowResults).toBe(2);
    expect(b?.escalation).toBeUndefined();
    expect(lists?.differences.map((d) => [d.schoolId, d.category, d.kind])).toEqual([
      ["a", "adverseSocial", "approvedOnly"],
      ["b", "lowResults", "approvedOnly"],
    ]);
    expect(lists?.versions).toBe(4);
  });

  it("never counts a year the approved versions do not list, whatever the computation says", () => {
    const versions = [
      approval(1, "2023/2024", [on("a", "lowResults")]),
      // 2024/2025: an order without the school
      approval(2, "2024/2025", [on("b", "lowResults")]),
      approval(3, "2025/2026", [on("a", "lowResults")]),
    ];
    const lists = approvedLists({
      approvals: versions,
      year: "2025/2026",
      schools: [computed("a", ["lowResults"])],
      nameOf,
      escalationYears: 2,
    });
    expect(lists?.schools.find((s) => s.schoolId === "a")?.yearsInSupport.lowResults).toBe(1);
    expect(lists?.schools.find((s) => s.schoolId === "a")?.escalation).toBeUndefined();
  });
});
