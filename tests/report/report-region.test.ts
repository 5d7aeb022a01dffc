// The territory page of a 2,000-school region: a chart with a few readable numbers, lists grouped by cluster with counts, and its first A4 sheet against a baseline in headless Chromium.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results, SchoolResult } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { buildReport } from "../../functions/src/report/build-report.js";
import { escapeHtml } from "../../functions/src/report/html.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { expectPageCountsLikeBaseline, expectSheetLikeBaseline, pdfPages } from "./support/baselines.js";
import { useChromium } from "./support/browser-suite.js";
import { CHROMIUM_MISSING, findChromium } from "./support/chromium.js";

const SHOT = "index-2000.png";
const PAGES = "pdf-pages-2000.json";

// The fixed region of the baseline: change the seed or the size and the baseline must be rewritten.
const dataset = generateSampleTerritory({ schools: 2000, years: 3, seed: 2026 });
const checked = parseDataset(dataset);
if (!checked.success) throw new Error("the sample region did not validate");
const computed = computeResults(checked.data.dataset, checked.data.settings);
if (!computed.success) throw new Error(computed.error.message);
const results: Results = computed.data;
const index = buildReport(results, dataset).find((f) => f.path === "index.html")?.html ?? "";

const dir = mkdtempSync(join(tmpdir(), "shnor-report-region-"));
writeFileSync(join(dir, "index.html"), index);

const chromium = useChromium(dir);

const isListed = (s: SchoolResult) =>
  s.categories.includes("lowResults") || s.categories.includes("adverseSocial");
const numberOf = new Map(results.schools.map((s, i) => [s.schoolId, i + 1]));
/** The chart's SVG: from the figure to its end. */
const chart = index.slice(index.indexOf('<figure class="chart">'), index.indexOf("</figure>"));
/** Everything after the chart up to «Все школы»: the lists, the pairs. */
const lists = index.slice(index.indexOf("Списки школ с причинами"), index.indexOf("<h2>Все школы</h2>"));

describe("the territory page of a 2,000-school region", () => {
  it("draws every school with both indices, and prints the numbers of a few ШНОР/ШНСУ schools only", () => {
    const plotted = results.schools.filter((s) => s.socialIndex && s.resultsIndex);
    expect(plotted.length).toBeGreaterThan(1900);
    expect(chart.match(/<circle /g)?.length).toBe(plotted.length);
    const marks = [
      ...chart.matchAll(/<text x="([\d.]+)" y="([\d.]+)" font-size="2.5" fill="#222"[^>]*>(\d+)<\/text>/g),
    ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), n: Number(m[3]), width: (m[3] ?? "").length * 1.4 }));
    expect(marks.length).toBeGreaterThan(10);
    expect(marks.length).toBeLessThanOrEqual(40);
    const listedNumbers = new Set(results.schools.filter(isListed).map((s) => numberOf.get(s.schoolId)));
    for (const m of marks) expect(listedNumbers.has(m.n), `mark ${m.n}`).toBe(true);
    // no number covers another: their boxes (digits 1.4 mm wide, text 1.8 mm high) do not intersect
    for (const a of marks) {
      for (const b of marks) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || Math.abs(a.y - b.y) >= 1.8;
        expect(apart, `marks ${a.n} and ${b.n}`).toBe(true);
      }
    }
    // the school with the lowest results index on the lists is numbered
    const weakest = results.schools
      .filter((s) => isListed(s) && s.resultsIndex)
      .sort(
        (a, b) =>
          (a.resultsIndex?.value ?? 0) - (b.resultsIndex?.value ?? 0) ||
          (numberOf.get(a.schoolId) ?? 0) - (numberOf.get(b.schoolId) ?? 0),
      )[0];
    expect(marks.map((m) => m.n)).toContain(numberOf.get(weakest?.schoolId ?? ""));
    // the schools on no list are small unlabelled dots, and the caption says so
    const plain = plotted.filter((s) => s.categories.length === 0).length;
    expect(chart.match(/r="0.75"/g)?.length).toBe(plain);
    expect(chart).toContain("маленькие серые точки");
  });

  it("groups the long lists by cluster with counts that add up, naming each school once per list", () => {
    const low = results.schools.filter((s) => s.categories.includes("lowResults"));
    expect(low.length).toBeGreaterThan(60);
    const section = lists.slice(lists.indexOf("ШНОР — низкие"), lists.indexOf("ШНСУ — "));
    expect(section).toContain(`— ${low.length}</h3>`);
    const counts = [...section.matchAll(/<td class="nowrap">([^<]+)<\/td><td class="num">(\d+)<\/td>/g)];
    const byCluster = new Map<string, number>();
    for (const s of low)
      byCluster.set(s.cluster ?? "без кластера", (byCluster.get(s.cluster ?? "без кластера") ?? 0) + 1);
    expect(new Map(counts.map((m) => [m[1] ?? "", Number(m[2])]))).toEqual(
      new Map([...byCluster].map(([k, v]) => [escapeHtml(k), v])),
    );
    for (const s of low) expect(section).toContain(`href="schools/${s.schoolId}.html"`);
    // the reasons stay on the cards, not a hundred pages of them here
    for (const s of low.slice(0, 20)) {
      for (const r of s.reasons) expect(lists).not.toContain(escapeHtml(r.text));
    }
  });

  it("lists every pair, grouped by the mentee's cluster, one line each with both social indices", () => {
    expect(results.pairs.length).toBeGreaterThan(60);
    const pairs = index.slice(index.indexOf("Пары «школа — наставник»"), index.indexOf("<h2>Все школы</h2>"));
    const clusterOf = new Map(results.schools.map((s) => [s.schoolId, s.cluster]));
    expect(pairs.match(/<tr class="group">/g)?.length).toBe(
      new Set(results.pairs.map((p) => clusterOf.get(p.menteeId))).size,
    );
    const social = new Map(results.schools.map((s) => [s.schoolId, s.socialIndex?.value]));
    const whole = (v: number | undefined) => (v === undefined ? "" : String(Math.round(v)));
    for (const p of results.pairs) {
      expect(pairs).toContain(`${numberOf.get(p.menteeId)}. <a href="schools/${p.menteeId}.html">`);
      expect(pairs).toContain(`→ ${numberOf.get(p.mentorId)}. <a href="schools/${p.mentorId}.html">`);
    }
    const first = results.pairs[0];
    expect(pairs).toContain(
      `ИСБ ${whole(social.get(first?.menteeId ?? ""))} и ${whole(social.get(first?.mentorId ?? ""))}`,
    );
    // the long reasons stay on the cards
    expect(pairs).not.toContain("сильна там, где подопечная слабее всего");
  });

  it("has Chromium to check the page with", () => {
    expect(findChromium(), CHROMIUM_MISSING).not.toBeNull();
  });

  it("prints on no more A4 pages than the baseline", async () => {
    await chromium().load(pathToFileURL(join(dir, "index.html")).href);
    const { count } = pdfPages(await chromium().printToPdf(180_000));
    // grouped, the 2,000 schools take a few dozen sheets, not the ~80 of a row per school and a block per reason
    expect(count).toBeLessThanOrEqual(40);
    expectPageCountsLikeBaseline(PAGES, { index: count });
  }, 240_000);

  it("keeps the layout of the first A4 sheet: the tiles and a readable chart", async () => {
    await chromium().load(pathToFileURL(join(dir, "index.html")).href);
    expectSheetLikeBaseline(SHOT, await chromium().screenshot());
  }, 60_000);
});
