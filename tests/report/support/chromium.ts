// Headless Chromium (Debian's `chromium`) driven over the DevTools protocol on --remote-debugging-pipe: load a page, collect its console errors, screenshot, print to PDF.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** One message the page logged at error level: a console.error, an uncaught exception, a blocked load, a CSP violation. */
export interface ConsoleProblem {
  source: string;
  text: string;
  url: string;
}

export interface PageLoad {
  problems: ConsoleProblem[];
}

/** Where Chromium is: $CHROMIUM_BIN, else `chromium` or `chromium-browser` on PATH. Null when it is not installed. */
export function findChromium(): string | null {
  const explicit = process.env.CHROMIUM_BIN;
  if (explicit !== undefined && explicit !== "") return existsSync(explicit) ? explicit : null;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const name of ["chromium", "chromium-browser"]) {
      const path = join(dir, name);
      if (dir !== "" && existsSync(path)) return path;
    }
  }
  return null;
}

export const CHROMIUM_MISSING =
  "Chromium не найден: браузерные проверки отчётов требуют Debian-пакет chromium (и шрифты fonts-dejavu-core). " +
  "Установите: apt-get update && apt-get install -y chromium fonts-dejavu-core (так делает .ci/run) " +
  "или укажите путь в переменной CHROMIUM_BIN.";

type Pending = {
  resolve(value: unknown): void;
  reject(error: Error): void;
  method: string;
  timer: NodeJS.Timeout;
};
type Listener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

/** A Chromium process and one page (tab) in it. */
export class HeadlessChromium {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private buffer = "";
  private sessionId = "";
  private problems: ConsoleProblem[] = [];
  private stderrTail = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const output = child.stdio[4] as Readable;
    output.setEncoding("utf8");
    output.on("data", (chunk: string) => this.receive(chunk));
    (child.stderr as Readable).on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-4000);
    });
    child.on("exit", (code) => {
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(`Chromium exited (code ${code}) during ${p.method}\n${this.stderrTail}`));
      }
      this.pending.clear();
    });
  }

  /** Starts Chromium with no network services, a throwaway profile and the DevTools pipe; opens one page. */
  static async launch(binary: string): Promise<HeadlessChromium> {
    const profile = mkdtempSync(join(tmpdir(), "shnor-chromium-"));
    const child = spawn(
      binary,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--mute-audio",
        "--font-render-hinting=none",
        `--user-data-dir=${profile}`,
        "--remote-debugging-pipe",
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
    );
    const browser = new HeadlessChromium(child, profile);
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    const { targetId } = (await browser.send("Target.createTarget", { url: "about:blank" })) as {
      targetId: string;
    };
    const { sessionId } = (await browser.send("Target.attachToTarget", { targetId, flatten: true })) as {
      sessionId: string;
    };
    browser.sessionId = sessionId;
    browser.on("Runtime.consoleAPICalled", (p) => {
      if (p.type !== "error" && p.type !== "assert") return;
      const args = (p.args as { value?: unknown; description?: string }[]) ?? [];
      browser.problems.push({
        source: "console",
        text: args.map((a) => String(a.value ?? a.description ?? "")).join(" "),
        url: String(
          (p.stackTrace as { callFrames?: { url?: string }[] } | undefined)?.callFrames?.[0]?.url ?? "",
        ),
      });
    });
    browser.on("Runtime.exceptionThrown", (p) => {
      const details = p.exceptionDetails as {
        text?: string;
        url?: string;
        exception?: { description?: string };
      };
      browser.problems.push({
        source: "exception",
        text: `${details.text ?? ""} ${details.exception?.description ?? ""}`.trim(),
        url: details.url ?? "",
      });
    });
    browser.on("Log.entryAdded", (p) => {
      const entry = p.entry as { level: string; source: string; text: string; url?: string };
      if (entry.level === "error")
        browser.problems.push({ source: entry.source, text: entry.text, url: entry.url ?? "" });
    });
    await browser.send("Page.enable", {}, sessionId);
    await browser.send("Runtime.enable", {}, sessionId);
    await browser.send("Log.enable", {}, sessionId);
    return browser;
  }

  /** The page as an A4 sheet at 150 dpi: 794 × 1123 CSS px (210 × 297 mm) at 1.5625 device px each = 1240 × 1754. */
  async emulateA4Screen(): Promise<void> {
    await this.send(
      "Emulation.setDeviceMetricsOverride",
      { width: 794, height: 1123, deviceScaleFactor: 1.5625, mobile: false },
      this.sessionId,
    );
  }

  /** Navigates to `url`, waits for the load event and the fonts; returns the errors the page logged meanwhile. */
  async load(url: string): Promise<PageLoad> {
    this.problems = [];
    const loaded = this.once("Page.loadEventFired");
    const navigation = (await this.send("Page.navigate", { url }, this.sessionId)) as { errorText?: string };
    if (navigation.errorText) throw new Error(`Chromium could not open ${url}: ${navigation.errorText}`);
    await loaded;
    await this.send(
      "Runtime.evaluate",
      {
        expression:
          "document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => r(true))))",
        awaitPromise: true,
      },
      this.sessionId,
    );
    // Log entries of the load arrive before the load event, but give the pipe one round-trip to drain.
    await this.send("Runtime.evaluate", { expression: "1" }, this.sessionId);
    return { problems: [...this.problems] };
  }

  /** Runs an expression in the page and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = (await this.send(
      "Runtime.evaluate",
      { expression, returnByValue: true },
      this.sessionId,
    )) as {
      result: { value: T };
    };
    return reply.result.value;
  }

  /** PNG of the viewport (the first A4 sheet after emulateA4Screen). */
  async screenshot(): Promise<Buffer> {
    const { data } = (await this.send("Page.captureScreenshot", { format: "png" }, this.sessionId)) as {
      data: string;
    };
    return Buffer.from(data, "base64");
  }

  /**
   * The page printed as the browser would print it: the CSS @page size and margins, backgrounds on. A region's
   * page of dozens of sheets takes longer than the usual 20 s on a loaded machine: `timeoutMs`.
   */
  async printToPdf(timeoutMs = 20_000): Promise<Buffer> {
    const { data } = (await this.send(
      "Page.printToPDF",
      { preferCSSPageSize: true, printBackground: true },
      this.sessionId,
      timeoutMs,
    )) as { data: string };
    return Buffer.from(data, "base64");
  }

  async close(): Promise<void> {
    try {
      await this.send("Browser.close", {});
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else {
        const timer = setTimeout(() => {
          this.child.kill("SIGKILL");
        }, 5000);
        this.child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      }
    });
    rmSync(this.profile, { recursive: true, force: true });
  }

  private send(
    method: string,
    params: Record<string, unknown>,
    sessionId?: string,
    timeoutMs = 20_000,
  ): Promise<unknown> {
    const id = this.nextId++;
    const message = JSON.stringify(
      sessionId === undefined ? { id, method, params } : { id, method, params, sessionId },
    );
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new Error(`Chromium did not answer ${method} within ${timeoutMs / 1000} s\n${this.stderrTail}`),
        );
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, method, timer });
      (this.child.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  private on(method: string, listener: Listener): () => void {
    const set = this.listeners.get(method) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(method, set);
    return () => set.delete(listener);
  }

  private once(method: string): Promise<void> {
    return new Promise((resolve) => {
      const off = this.on(method, (_p, sessionId) => {
        if (sessionId !== this.sessionId) return;
        off();
        resolve();
      });
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf("\0");
    while (end >= 0) {
      const raw = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      end = this.buffer.indexOf("\0");
      const message = JSON.parse(raw) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
        sessionId?: string;
      };
      if (message.id !== undefined) {
        const pending = this.pending.get(message.id);
        if (!pending) continue;
        this.pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.error) pending.reject(new Error(`${pending.method}: ${message.error.message}`));
        else pending.resolve(message.result);
      } else if (message.method !== undefined) {
        for (const listener of this.listeners.get(message.method) ?? [])
          listener(message.params ?? {}, message.sessionId);
      }
    }
  }
}
