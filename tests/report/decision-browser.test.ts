// The draft order, the meeting's protocol and a school card's support history in headless Chromium: no console errors, A4 print, layout as the baselines.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { expectA4PrintLikeBaseline, expectSheetLikeBaseline } from "./support/baselines.js";
import { useChromium } from "./support/browser-suite.js";
import { second, withDecisions } from "./support/decision-fixture.js";
import { writeReportFiles } from "./support/report-files.js";

const dir = mkdtempSync(join(tmpdir(), "shnor-decision-browser-"));
const url = (path: string) => pathToFileURL(join(dir, path)).href;

const ORDER = "decisions/order-v1.html";
const PROTOCOL = "decisions/protocol-2026-05-28-6.html";
/** The card of a school the order lists: its «История поддержки» charts the lists by the orders. */
const CARD = `schools/${second.id}.html`;

const pages = writeReportFiles(withDecisions, dir);
const chromium = useChromium(dir);

describe("decision documents in headless Chromium", () => {
  it("writes the order, the protocol and the card with a support history", () => {
    expect(pages).toEqual(expect.arrayContaining([ORDER, PROTOCOL, CARD]));
  });

  it("renders them and the territory page without console errors", async () => {
    const problems: string[] = [];
    for (const page of [ORDER, PROTOCOL, CARD, "index.html"]) {
      const load = await chromium().load(url(page));
      for (const p of load.problems) problems.push(`${page}: [${p.source}] ${p.text}`);
    }
    expect(problems).toEqual([]);
  });

  it("prints the order and the protocol on A4 sheets, as many as the baseline", async () => {
    await expectA4PrintLikeBaseline(
      chromium(),
      [
        ["order", url(ORDER)],
        ["protocol", url(PROTOCOL)],
      ],
      "pdf-pages-decisions.json",
    );
  });

  it.each([
    ["order-v1.png", ORDER],
    ["protocol.png", PROTOCOL],
  ])("keeps the layout of the first A4 sheet (%s)", async (name, page) => {
    await chromium().load(url(page));
    expectSheetLikeBaseline(name, await chromium().screenshot());
  });

  it("keeps the layout of the card's support history (card-history.png)", async () => {
    await chromium().load(url(CARD));
    // The history is further down the card: the sheet that begins with its heading.
    const found = await chromium().evaluate<boolean>(
      `(() => { const h = [...document.querySelectorAll("h2")].find((e) => e.textContent === "История поддержки");
        if (!h) return false; window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY); return true; })()`,
    );
    expect(found, "«История поддержки» on the card").toBe(true);
    expectSheetLikeBaseline("card-history.png", await chromium().screenshot());
  });
});
