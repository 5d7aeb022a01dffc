// Every log line the functions write, as named functions: one JSON object per line, which Cloud Logging reads as structured.
import type { ValidationIssue } from "../contract/validation-issue.js";
import type { PublishDecision } from "./publish-scheduler.js";

/** Where lines go; stdout/stderr through `console` in production, anything in tests. */
export interface LogSink {
  info(line: string): void;
  error(line: string): void;
}

export const consoleSink: LogSink = {
  info: (line) => console.log(line),
  error: (line) => console.error(line),
};

function entry(severity: "INFO" | "WARNING" | "ERROR", message: string, fields: Record<string, unknown>) {
  return JSON.stringify({ severity, message, ...fields });
}

/** The log lines of the `api` function. */
export function apiLogs(sink: LogSink = consoleSink) {
  return {
    /** The environment did not parse: every request answers 500 `misconfigured` until it is fixed. */
    configInvalid(issues: readonly ValidationIssue[]) {
      const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
      sink.error(entry("ERROR", `Ошибка конфигурации / configuration error: ${list}`, { issues }));
    },
    /** A framework started by hand with SHNOR_DEV_MODE (`shnor serve` prints its own warning). */
    devMode(warning: string) {
      sink.error(entry("WARNING", warning, {}));
    },
    /** A module of the function failed to load; the next request tries again. */
    loadFailed(error: unknown) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      sink.error(entry("ERROR", "module load failed", { detail }));
    },
    unexpected(route: string, error: unknown) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      sink.error(entry("ERROR", "unexpected failure", { route, detail }));
    },
    publishDecisions(territoryId: string, decisions: readonly PublishDecision[]) {
      for (const d of decisions) {
        const severity = d.action === "failed" ? "WARNING" : "INFO";
        const line = entry(severity, `publish ${d.action}`, { ...d, territoryId });
        if (severity === "WARNING") sink.error(line);
        else sink.info(line);
      }
    },
    /** A body kept under unrouted-submissions: no sheet shows it, so the log is where an operator learns of it. */
    unrouted(caller: string, reason: string, claimedTerritoryId: string | undefined) {
      sink.error(entry("WARNING", "submission kept unrouted", { caller, reason, claimedTerritoryId }));
    },
    /** An imported file (or its undo): which record, how it ended. Never a file's contents or a participant. */
    imported(
      territoryId: string,
      what: { id: string; format: string | null; status: string; rows: number; changed: number },
    ) {
      sink.info(entry("INFO", `import ${what.status}`, { territoryId, ...what }));
    },
    publishCrashed(territoryId: string, error: unknown) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      sink.error(entry("ERROR", "publish crashed", { territoryId, detail }));
    },
  };
}

export type ApiLogs = ReturnType<typeof apiLogs>;
