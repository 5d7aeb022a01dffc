// One headless Chromium per test file, on an A4 screen, closed after the file; a missing browser fails each test by name.
import { rmSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { CHROMIUM_MISSING, findChromium, HeadlessChromium } from "./chromium.js";

/**
 * Starts Chromium before the file's tests and closes it (and removes `dir`) after them. Returns the browser getter:
 * not a skip, because without a browser every test using it fails with CHROMIUM_MISSING and the run says so plainly.
 */
export function useChromium(dir: string): () => HeadlessChromium {
  const binary = findChromium();
  let browser: HeadlessChromium | undefined;
  beforeAll(async () => {
    if (binary === null) return;
    browser = await HeadlessChromium.launch(binary);
    await browser.emulateA4Screen();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (browser === undefined) throw new Error(CHROMIUM_MISSING);
    return browser;
  };
}
