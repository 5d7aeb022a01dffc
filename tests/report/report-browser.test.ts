// The printable report in headless Chromium: every page renders without console errors, prints on A4, and its layout matches the committed baselines.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { REPORT_CSP } from "../../functions/src/report/page-layout.js";
import { generateSampleTerritory, SAMPLE_SCHOOL_IDS } from "../../functions/src/sample/sample-territory.js";
import { expectA4PrintLikeBaseline, expectSheetLikeBaseline } from "./support/baselines.js";
import { useChromium } from "./support/browser-suite.js";
import { CHROMIUM_MISSING, findChromium } from "./support/chromium.js";
import { writeReportFiles } from "./support/report-files.js";

const CARD = SAMPLE_SCHOOL_IDS.lowResults;

const dir = mkdtempSync(join(tmpdir(), "shnor-report-browser-"));
const url = (path: string) => pathToFileURL(join(dir, path)).href;

// The fixed territory of the baselines: change the seed or the size and every baseline must be rewritten.
const pages = writeReportFiles(generateSampleTerritory({ schools: 24, years: 3, seed: 2026 }), dir);

const chromium = useChromium(dir);

describe("report in headless Chromium", () => {
  it("has Chromium to check the report with", () => {
    expect(findChromium(), CHROMIUM_MISSING).not.toBeNull();
  });

  it("sees a console error when a page has one (the check itself works)", async () => {
    const probe = join(dir, "probe.html");
    writeFileSync(
      probe,
      `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}"></head>` +
        `<body><img src="https://example.invalid/logo.png" alt=""></body></html>`,
    );
    const load = await chromium().load(pathToFileURL(probe).href);
    expect(load.problems.map((p) => p.text).join("\n")).toMatch(/Content Security Policy/);
  });

  it("renders every page of the report without console errors", async () => {
    expect(pages).toHaveLength(25);
    const problems: string[] = [];
    for (const page of pages) {
      const load = await chromium().load(url(page));
      for (const p of load.problems) problems.push(`${page}: [${p.source}] ${p.text}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it("fits the A4 width: no horizontal overflow, charts sized in millimetres", async () => {
    for (const page of ["index.html", `schools/${CARD}.html`]) {
      await chromium().load(url(page));
      const layout = await chromium().evaluate<{ overflow: number; charts: number[] }>(
        `({ overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            charts: [...document.querySelectorAll("figure svg")].map((s) => s.getBoundingClientRect().width) })`,
      );
      expect(layout.overflow, page).toBeLessThanOrEqual(0);
      expect(layout.charts.length, page).toBeGreaterThan(0);
      // 180 mm at 96 CSS px per inch
      for (const width of layout.charts) expect(width).toBeCloseTo((180 / 25.4) * 96, 0);
    }
  });

  it("prints the territory report and a school card on A4 pages, as many as the baseline", async () => {
    await expectA4PrintLikeBaseline(
      chromium(),
      [
        ["index", url("index.html")],
        ["card", url(`schools/${CARD}.html`)],
      ],
      "pdf-pages.json",
    );
  });

  it.each([
    ["index.png", "index.html"],
    [`card-${CARD}.png`, `schools/${CARD}.html`],
  ])("keeps the layout of the first A4 sheet (%s)", async (name, page) => {
    await chromium().load(url(page));
    expectSheetLikeBaseline(name, await chromium().screenshot());
  });
});
