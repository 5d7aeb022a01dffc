// The printable protocol (seed 004's structure, seed 002 п. 3.3) and the draft order with the approved lists as appendix; written by `shnor report` only for a dataset with approvals.
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { buildReport } from "../../functions/src/report/build-report.js";
import { orderPage, protocolPage } from "../../functions/src/report/decision-documents.js";
import {
  approval,
  dataset,
  exclude,
  first,
  meeting,
  second,
  withDecisions,
} from "./support/decision-fixture.js";

describe("the protocol of a meeting", () => {
  const page = protocolPage(meeting, dataset);

  it("follows the protocols' structure: heading, those present, agenda, decisions, dissent, signatures", () => {
    const order = [
      "ПРОТОКОЛ № 6",
      "Присутствовали",
      "Повестка дня",
      "Решили",
      "Особые мнения",
      "Председательствующий",
    ];
    // the chair is named under those present too: the signatures are the last mention
    const at = order.map((text) =>
      text === "Председательствующий" ? page.lastIndexOf(text) : page.indexOf(text),
    );
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(page).toContain("Членов рабочей группы: 9; присутствовали: 7 — кворум имеется");
    expect(page).toContain("Секретарь</th><td>Петров С. В.");
    expect(page).toContain("Сидорова Е. И.: оставить школу под наблюдением");
    expect(page).toContain("Приобщаются к протоколу (Положение о рабочей группе, п. 3.3).");
  });

  it("says for each decision whether it stands, naming the rule when it does not", () => {
    // 4 for of 7 present is a majority of those present; 3:3 carried by the chair's vote
    expect(page).toContain("Решение принято (принято: за 4, против 1, воздержались 2 из 7 присутствующих).");
    expect(page).toContain("Решение принято (принято решающим голосом председательствующего");
    const refused = protocolPage({ ...meeting, decisions: [{ ...exclude, for: 3 }] }, dataset);
    expect(refused).toContain("Решение не принято:");
    expect(refused).toContain(
      "п. 3.3: «Решение Рабочей группы принимается простым большинством голосов от числа присутствующих на заседании»",
    );
  });
});

describe("the draft order", () => {
  const page = orderPage(approval, dataset);

  it("approves each list by a point and carries the lists as appendices with the grounds", () => {
    expect(page).toContain("№ 128-од");
    expect(page).toContain("на основании решения рабочей группы (протокол № 6 от 28.05.2026)");
    expect(page).toContain(
      "Утвердить список школ с низкими образовательными результатами (ШНОР) на 2025/2026 учебный год (приложение 1)",
    );
    expect(page).toContain("Приложение 2 к приказу № 128-од от 29.05.2026");
    expect(page).toContain(second.name.replace(/"/g, "&quot;"));
    expect(page).toContain("контекстный результат в нижних 20% кластера");
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("shnor report", () => {
  it("writes the order and the protocol only when the dataset has approvals", () => {
    const compute = (d: Dataset) => {
      const checked = parseDataset(d);
      if (!checked.success) throw new Error(JSON.stringify(checked.error.issues.slice(0, 2)));
      return computeResults(checked.data.dataset, checked.data.settings);
    };
    const results = compute(dataset);
    if (!results.success) throw new Error(results.error.message);
    const without = buildReport(results.data, dataset).map((f) => f.path);
    expect(without.filter((p) => p.startsWith("decisions/"))).toEqual([]);
    const computed = compute(withDecisions);
    if (!computed.success) throw new Error(computed.error.message);
    const files = buildReport(computed.data, withDecisions).map((f) => f.path);
    expect(files.filter((p) => p.startsWith("decisions/"))).toEqual([
      "decisions/order-v1.html",
      "decisions/protocol-2026-05-28-6.html",
    ]);
  });
});

describe("the school card's support history", () => {
  it("charts the school's lists by the approved orders, and stays away from a territory without approvals", () => {
    const checked = parseDataset(withDecisions);
    if (!checked.success) throw new Error("invalid");
    const computed = computeResults(checked.data.dataset, checked.data.settings);
    if (!computed.success) throw new Error(computed.error.message);
    const card = (d: Dataset, r: typeof computed.data, id: string) =>
      buildReport(r, d).find((f) => f.path.startsWith("schools/") && f.html.includes(`школа ${id} ·`))
        ?.html ?? "";
    const withHistory = card(checked.data.dataset, computed.data, second.id);
    expect(withHistory).toContain("<h2>История поддержки</h2>");
    expect(withHistory).toContain('aria-label="Списки по годам"');
    expect(withHistory).toContain("приказ № 128-од от 29.05.2026");
    // the excluded school's card names the decision of the meeting about it
    expect(card(checked.data.dataset, computed.data, first.id)).toContain("не включать");
    const plain = parseDataset(dataset);
    if (!plain.success) throw new Error("invalid");
    const without = computeResults(plain.data.dataset, plain.data.settings);
    if (!without.success) throw new Error(without.error.message);
    expect(card(plain.data.dataset, without.data, second.id)).not.toContain("История поддержки");
  });
});

describe("the territory page's approved lists", () => {
  it("shows the order in force with a link to it, and is absent without approvals", () => {
    const checked = parseDataset(withDecisions);
    if (!checked.success) throw new Error("invalid");
    const computed = computeResults(checked.data.dataset, checked.data.settings);
    if (!computed.success) throw new Error(computed.error.message);
    const index =
      buildReport(computed.data, checked.data.dataset).find((f) => f.path === "index.html")?.html ?? "";
    expect(index).toContain("<h2>Утверждённые списки</h2>");
    expect(index).toContain("Действует приказ № 128-од от 29.05.2026 — версия 1 из 1");
    expect(index).toContain('<a href="decisions/order-v1.html">Проект приказа со списками</a>');
    // every difference between the order and today's computation is listed (the sample lists other schools)
    expect(computed.data.approved?.differences.length).toBeGreaterThan(0);
    expect(index).toContain(
      `Отличия от расчёта по текущим данным — ${computed.data.approved?.differences.length}.`,
    );
    for (const d of computed.data.approved?.differences ?? [])
      expect(index).toContain(d.text.replace(/"/g, "&quot;"));
    const plain = parseDataset(dataset);
    if (!plain.success) throw new Error("invalid");
    const without = computeResults(plain.data.dataset, plain.data.settings);
    if (!without.success) throw new Error(without.error.message);
    const page =
      buildReport(without.data, plain.data.dataset).find((f) => f.path === "index.html")?.html ?? "";
    expect(page).not.toContain("Утверждённые списки");
  });
});
