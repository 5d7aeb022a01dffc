// WorkbookWriter port and its two adapters: Google Sheets (production) and an .xlsx file per territory (dev, `shnor serve`).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { sheets_v4 } from "@googleapis/sheets";
import { fail, type Result, succeed } from "../contract/result.js";
import { writeFileAtomically } from "./atomic-file.js";
import type { WriteBudget } from "./google/write-budget.js";
import type { Workbook } from "./workbook-model.js";

/** Where a territory's workbook goes. */
export interface WorkbookTarget {
  territoryId: string;
  /** The coordinator's spreadsheet (configuration); the Sheets writer needs it, the .xlsx writer does not. */
  spreadsheetId?: string | undefined;
}

/**
 * Why a workbook was not written. `retryAfterMs`: nothing was written because the installation's Sheets write
 * budget is spent until then (the publish is deferred, not failed).
 */
export interface WriteFailure {
  code: string;
  message: string;
  retryAfterMs?: number | undefined;
}

/** A write's result (contract/result.ts): nothing to report on success, a {@link WriteFailure} otherwise. */
export type WriteOutcome = Result<undefined, WriteFailure>;

/** How a write may spend the installation's Google quota; writers without one ignore it. */
export interface WriteContext {
  /** The installation's Sheets write budget, shared by every territory and function instance. */
  budget?: WriteBudget | undefined;
}

/** Writes one rendered workbook; expected failures (quota, access, missing sheet) are values. */
export interface WorkbookWriter {
  write(target: WorkbookTarget, workbook: Workbook, context?: WriteContext): Promise<WriteOutcome>;
}

/** Options of the Google Sheets writer. */
export interface SheetsWriterOptions {
  /** The client to use; built lazily (with Application Default Credentials) when absent. */
  client?: () => Promise<sheets_v4.Sheets>;
  /** Service account named as the only editor of the protected output tabs. */
  editorEmail?: string | undefined;
}

/**
 * Google Sheets adapter: `publishWorkbook` (one get + batchUpdates of ≤ 2 MB, 429/5xx retried with backoff,
 * every call taken from `context.budget`). The client and the writer modules are imported on first use, so
 * the function's cold start does not pay for them.
 */
export function sheetsWorkbookWriter(options: SheetsWriterOptions = {}): WorkbookWriter {
  let client: Promise<sheets_v4.Sheets> | undefined;
  const getClient = () => {
    client ??= options.client?.() ?? import("./google/sheets-client.js").then((m) => m.createSheetsClient());
    return client;
  };
  return {
    async write(target, workbook, context = {}) {
      if (target.spreadsheetId === undefined) {
        return fail({
          code: "no_spreadsheet",
          message: `у территории «${target.territoryId}» не указана таблица (spreadsheetId в SHNOR_TERRITORIES)`,
        });
      }
      const [{ publishWorkbook }, { PUBLISH_FAILURE_TEXT }] = await Promise.all([
        import("./google-sheets-writer.js"),
        import("./google/api-failure.js"),
      ]);
      const outcome = await publishWorkbook(await getClient(), target.spreadsheetId, workbook, {
        editorEmail: options.editorEmail,
        budget: context.budget,
      });
      if (outcome.success) return succeed(undefined);
      const { code, retryAfterMs } = outcome.error;
      return fail({
        code,
        message: PUBLISH_FAILURE_TEXT[code],
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    },
  };
}

/**
 * .xlsx adapter for local runs: `<outDir>/<territoryId>.xlsx`, written under a temporary name and renamed, so
 * whoever opens the file never sees half of it.
 */
export function xlsxWorkbookWriter(outDir: string): WorkbookWriter {
  return {
    async write(target, workbook) {
      const { writeXlsx } = await import("./xlsx-writer.js");
      await mkdir(outDir, { recursive: true });
      const path = join(outDir, `${target.territoryId}.xlsx`);
      const temporary = join(outDir, `.${target.territoryId}.${process.pid}.${Date.now()}.tmp.xlsx`);
      try {
        await writeFileAtomically(path, (at) => writeXlsx(workbook, at), temporary);
        return succeed(undefined);
      } catch (error) {
        return fail({
          code: "write_failed",
          message: `не удалось записать ${path}: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    },
  };
}
