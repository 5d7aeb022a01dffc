// The committed baselines of the browser tests: first A4 sheets as PNG, printed page counts as JSON; UPDATE_BASELINES=1 rewrites them.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "vitest";
import type { HeadlessChromium } from "./chromium.js";
import { compareImages, decodePng } from "./png.js";

const BASELINES = resolve(import.meta.dirname, "..", "baselines");
const UPDATE = process.env.UPDATE_BASELINES === "1";
/**
 * Share of pixels allowed to differ beyond anti-aliasing noise. Here two runs are pixel-identical (0); the margin is
 * for CI, whose Chromium is whatever Debian ships that day. A moved block or a reflowed table is far more; a few
 * words changed within one line are less (20 characters in a bold line: 0.08%), and the text tests catch those.
 */
const MAX_CHANGED_SHARE = 0.005;

function baselinePath(name: string): string {
  return join(BASELINES, name);
}

function readBaseline(name: string): Buffer {
  try {
    return readFileSync(baselinePath(name));
  } catch {
    throw new Error(
      `no baseline ${name} in tests/report/baselines: run once with UPDATE_BASELINES=1 and commit it`,
    );
  }
}

/** Pages of a PDF and the size of the first one in points (A4 is 595 × 842). */
export function pdfPages(pdf: Buffer): { count: number; mediaBox: number[] } {
  const text = pdf.toString("latin1");
  const count = (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  const box = /\/MediaBox\s*\[([^\]]+)\]/.exec(text)?.[1] ?? "";
  return { count, mediaBox: box.trim().split(/\s+/).map(Number) };
}

/** Printed page counts by name equal the baseline file `name` (a JSON object). */
export function expectPageCountsLikeBaseline(name: string, counts: Record<string, number>): void {
  if (UPDATE) writeFileSync(baselinePath(name), `${JSON.stringify(counts, null, 2)}\n`);
  expect(counts).toEqual(JSON.parse(readBaseline(name).toString("utf8")));
}

/**
 * Prints each page (name → URL) as the browser would: every sheet A4 (595 × 842 pt), at least one, and as many
 * sheets per page as the baseline file `baseline` holds.
 */
export async function expectA4PrintLikeBaseline(
  browser: HeadlessChromium,
  pages: readonly (readonly [name: string, url: string])[],
  baseline: string,
): Promise<void> {
  const counts: Record<string, number> = {};
  for (const [name, url] of pages) {
    await browser.load(url);
    const pdf = pdfPages(await browser.printToPdf());
    expect(pdf.mediaBox[2] ?? 0, `${name} page width`).toBeCloseTo(595, -1);
    expect(pdf.mediaBox[3] ?? 0, `${name} page height`).toBeCloseTo(842, -1);
    expect(pdf.count, name).toBeGreaterThan(0);
    counts[name] = pdf.count;
  }
  expectPageCountsLikeBaseline(baseline, counts);
}

/**
 * A screenshot of one A4 sheet matches the baseline PNG `name`: same size, at most 0.5% of pixels changed, and
 * not blank. A failing screenshot is saved to the temporary folder, and the message says where.
 */
export function expectSheetLikeBaseline(name: string, shot: Buffer): void {
  if (UPDATE) {
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(baselinePath(name), shot);
  }
  const actual = decodePng(shot);
  const expected = decodePng(readBaseline(name));
  const diff = compareImages(actual, expected);
  const saved = join(tmpdir(), `shnor-report-actual-${name}`);
  if (!diff.sameSize || diff.changedShare > MAX_CHANGED_SHARE) writeFileSync(saved, shot);
  expect(
    { width: actual.width, height: actual.height },
    `screenshot size (actual saved to ${saved})`,
  ).toEqual({
    width: expected.width,
    height: expected.height,
  });
  expect(
    diff.changedShare,
    `share of changed pixels; the actual screenshot is saved to ${saved}; if the change is intended, rerun with UPDATE_BASELINES=1`,
  ).toBeLessThanOrEqual(MAX_CHANGED_SHARE);
  // a blank or half-rendered sheet would also differ, but say it plainly
  expect(diff.ink[0]).toBeGreaterThan(0.02);
}
