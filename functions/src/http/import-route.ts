// POST /import (a file's bytes → school-level facts with their provenance), /import/undo, /import/map, GET /imports.
import { createHash } from "node:crypto";
import { z } from "zod";
import { findForm } from "../catalog/form-catalog.js";
import { MAX_FILE_NAME, MAX_IMPORT_BYTES } from "../contract/import-limits.js";
import type { Result } from "../contract/result.js";
import { cellText } from "../import/cell-values.js";
import { isF1Header, isF1Title } from "../import/fisoko-f1.js";
import { type GiaMap, parseGiaMap } from "../import/gia-map.js";
import { isGiaHeader, locateGiaColumns } from "../import/gia-table.js";
import { importFile } from "../import/import-file.js";
import { describeImportIssue, type ImportIssue } from "../import/import-issue.js";
import { IMPORT_FORMAT_NAMES, IMPORT_FORMATS, type ImportFormat } from "../import/import-result.js";
import { openTableFile } from "../import/table-file.js";
import { subjectName } from "../import/vocabulary.js";
import type { ApplyImportOutcome, ImportState } from "../store/import-repository.js";
import type { ImportDoc } from "../store/stored-documents.js";
import { authFailure, failure, ok, type RouteOutcome } from "./api-response.js";
import type { ApiRuntime, KnownTerritory } from "./api-runtime.js";
import type { AuthRequest, Caller } from "./auth.js";
import { TERRITORY_ID_PATTERN } from "./config.js";
import { coordinatedTerritory } from "./coordinated-territory.js";
import { readQuery } from "./query-params.js";
import { type BodyRequest, readJsonBody } from "./request-body.js";

export { MAX_FILE_NAME, MAX_IMPORT_BYTES } from "../contract/import-limits.js";

/** Drive file ids are URL-safe letters, digits, `-` and `_`. */
const DRIVE_FILE_ID = /^[A-Za-z0-9_-]{10,200}$/;

export interface ImportRequest extends AuthRequest, BodyRequest {
  originalUrl?: string | undefined;
  url?: string | undefined;
}

/** The caller, allowed as a coordinator of `territoryId`, or the refusal. */
async function coordinatorOf(
  runtime: ApiRuntime,
  req: AuthRequest,
  territoryId: string | undefined,
): Promise<Result<{ caller: Caller; territory: KnownTerritory }, RouteOutcome>> {
  const caller = await runtime.auth.identify(req);
  if (!caller.success) return { success: false, error: authFailure(caller.error) };
  if (territoryId === undefined || !TERRITORY_ID_PATTERN.test(territoryId))
    return { success: false, error: failure("malformed", "укажите код территории (territoryId)") };
  const territory = await coordinatedTerritory(runtime, caller.data, territoryId);
  if (!territory.success) return territory;
  return { success: true, data: { caller: caller.data, territory: territory.data } };
}

/** Runs `work` holding the territory's import lease; 409 when another import or undo holds it. */
async function withLease(
  runtime: ApiRuntime,
  territoryId: string,
  work: () => Promise<RouteOutcome>,
): Promise<RouteOutcome> {
  const lease = await runtime.store.imports.acquireLease(territoryId, runtime.now());
  if (lease === undefined)
    return failure(
      "import_busy",
      "сейчас идёт другая загрузка или отмена загрузки файла этой территории; повторите через минуту",
    );
  try {
    return await work();
  } finally {
    await runtime.store.imports.releaseLease(territoryId, lease);
  }
}

/** The procedures of a record in Russian: «ВПР 2024/2025, 5 класс, русский язык». */
export function procedureText(p: ImportDoc["procedures"][number]): string {
  if (p.kind === "vpr") return `ВПР ${p.year}, ${p.grade} класс, ${subjectName(p.subject ?? "")}`;
  if (p.kind === "ege" || p.kind === "oge")
    return `${p.kind === "ege" ? "ЕГЭ" : "ОГЭ"} ${p.year}, ${subjectName(p.subject ?? "")}`;
  return `форма «${findForm(p.form ?? "")?.title ?? p.form ?? ""}», ${p.year}`;
}

/** What the sheet's script shows after an import: the record's report, in plain values. */
function summary(record: ImportDoc, status: string, replaced: readonly string[] = []) {
  return {
    status,
    importId: record.id,
    format: record.format,
    formatName: record.format === null ? null : IMPORT_FORMAT_NAMES[record.format],
    file: record.file,
    rows: record.rows,
    procedures: record.procedures.map(procedureText),
    matched: record.matched,
    unmatched: record.unmatched.slice(0, 50),
    unmatchedCount: record.unmatchedCount,
    conflictCount: record.conflictCount,
    changed: record.changed,
    ignoredColumns: record.ignoredColumns,
    issues: record.issues.slice(0, 50),
    issueCount: record.issueCount,
    replaced,
  };
}

/** Issue codes that mean «the columns were not found»: a ГИА table of a regional layout the map dialog can fix. */
const LAYOUT_CODES = new Set<ImportIssue["code"]>([
  "layout_unknown",
  "format_mismatch",
  "header_missing",
  "exam_unknown",
  "year_missing",
]);

/** How many leading rows are looked at to recognise a file before it is parsed (as the importer does). */
const PEEK_ROWS = 60;

/**
 * The leading rows of a file, for choosing a saved column map and for the mapping dialog. Undefined when the
 * file is not a table.
 */
async function leadingRows(bytes: Uint8Array, name: string): Promise<string[][] | undefined> {
  const opened = await openTableFile(bytes, name);
  if (!opened.success) return undefined;
  const rows: string[][] = [];
  try {
    for await (const row of opened.data.rows()) {
      rows.push(row.cells.map((c) => cellText(c)));
      if (rows.length >= PEEK_ROWS) break;
    }
  } catch {
    return undefined;
  }
  return rows;
}

/**
 * The saved map to read a ГИА table with: none when the usual headers are there (or the file is a Ф1 or a
 * template), else the first saved map whose every column is in one header row.
 */
function chooseSavedMap(
  rows: readonly string[][],
  saved: Readonly<Record<string, GiaMap>>,
): GiaMap | undefined {
  if (rows.some((r) => isGiaHeader(r, undefined) || isF1Header(r) || r.some((c) => isF1Title(c))))
    return undefined;
  for (const kind of ["ege", "oge", "gia", ...Object.keys(saved)]) {
    const map = saved[kind];
    if (map === undefined) continue;
    const fits = rows.some((r) => {
      const found = locateGiaColumns(r, map);
      return found !== undefined && Object.keys(map.columns).every((c) => c in found) && isGiaHeader(r, map);
    });
    if (fits) return map;
  }
  return undefined;
}

/**
 * The row the mapping dialog offers as headers: the first of the leading rows with at least three filled cells
 * (a table's header comes before its data). Only that row leaves the server: never a participant's row.
 */
function headerCandidates(rows: readonly string[][]): string[] {
  const row = rows.find((r) => r.filter((c) => c.trim() !== "").length >= 3) ?? [];
  return row.slice(0, 80).map((c) => c.trim().slice(0, 100));
}

const FormatSchema = z.enum(["auto", ...IMPORT_FORMATS]);

/**
 * POST /import?territoryId=…&format=auto|template|fisoko-vpr|gia&name=<file name>[&driveFileId=…]: the file's
 * bytes as the body (`application/octet-stream`: no base64, so a 32 MB request holds a 32 MB file). A
 * coordinator of the territory only. Parses the file (a per-participant file is read in memory and never stored),
 * then applies what it gives: 200 `applied` or `unchanged` (the same file again) with the report; 422
 * `import_refused` with every issue (nothing applied, the refusal listed on «Импорт»); 422 `mapping_required`
 * with the header row when a ГИА table's columns are not found and no saved map fits; 413 over
 * {@link MAX_IMPORT_BYTES}. Publishes after every change.
 */
export async function importRoute(runtime: ApiRuntime, req: ImportRequest): Promise<RouteOutcome> {
  const query = readQuery(req.originalUrl ?? req.url ?? "");
  const params = query.success ? query.data : new Map<string, string>();
  const allowed = await coordinatorOf(runtime, req, params.get("territoryId"));
  if (!allowed.success) return allowed.error;
  const territoryId = allowed.data.territory.id;
  const format = FormatSchema.safeParse(params.get("format") ?? "auto");
  if (!format.success)
    return failure("malformed", `format: допустимые значения — auto, ${IMPORT_FORMATS.join(", ")}`);
  const driveFileId = params.get("driveFileId");
  if (driveFileId !== undefined && !DRIVE_FILE_ID.test(driveFileId))
    return failure("malformed", "driveFileId: это не идентификатор файла Google Диска");
  const name = (params.get("name") ?? "").trim().slice(0, MAX_FILE_NAME) || "файл";
  const body = req.rawBody ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
  if (body === undefined || body.length === 0)
    return failure(
      "malformed",
      "нет файла: отправьте его содержимое телом запроса (Content-Type: application/octet-stream)",
    );
  if (body.length > MAX_IMPORT_BYTES)
    return failure(
      "too_large",
      `файл «${name}» — ${body.length} байт, больше допустимых ${MAX_IMPORT_BYTES}; ` +
        "разделите его (например, по предметам) и загрузите частями",
    );
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.length);

  return withLease(runtime, territoryId, async () => {
    const state = await runtime.store.imports.loadState(territoryId);
    if (state === undefined)
      return failure("territory_not_found", `территория «${territoryId}» ещё не синхронизирована`);
    const rows = format.data === "auto" || format.data === "gia" ? await leadingRows(bytes, name) : undefined;
    const map = rows === undefined ? undefined : chooseSavedMap(rows, state.territory.giaMaps ?? {});
    const imported = await importFile(bytes, name, {
      format: format.data,
      schools: state.registry,
      map,
    });
    const now = runtime.now();
    if (!imported.success) {
      const { issues, more } = imported.error;
      const layoutOnly = issues.every((i) => LAYOUT_CODES.has(i.code));
      const recognised = imported.error.format;
      if (
        rows !== undefined &&
        map === undefined &&
        layoutOnly &&
        (recognised === undefined || recognised === "gia")
      ) {
        return failure(
          "mapping_required",
          "столбцы файла не распознаны; если это таблица результатов ГИА, укажите, в каком столбце что записано",
          {
            headers: headerCandidates(rows),
            issues: issues.map(describeImportIssue),
          },
        );
      }
      const described = issues.map(describeImportIssue);
      const record = await runtime.store.imports.recordRefusal({
        territoryId,
        format: recognised,
        file: {
          name,
          size: bytes.length,
          sha256: sha256Of(bytes),
          ...(driveFileId !== undefined ? { driveFileId } : {}),
        },
        issues: described,
        more,
        by: allowed.data.caller.email,
        now,
      });
      runtime.logs.imported(territoryId, {
        id: record.id,
        format: recognised ?? null,
        status: "refused",
        rows: 0,
        changed: 0,
      });
      await runtime.publishAfterChange(territoryId);
      return failure(
        "import_refused",
        `файл «${name}» не принят (ошибок: ${described.length + more}); из него ничего не загружено`,
        { issues: described.slice(0, 200), more: Math.max(0, described.length - 200) + more },
      );
    }
    const outcome: ApplyImportOutcome = await runtime.store.imports.apply(state, {
      territoryId,
      report: imported.data,
      driveFileId,
      by: allowed.data.caller.email,
      now,
      bytes,
    });
    runtime.logs.imported(territoryId, {
      id: outcome.record.id,
      format: imported.data.format,
      status: outcome.status,
      rows: imported.data.rows.taken,
      changed: outcome.status === "refused" ? 0 : outcome.record.changed,
    });
    if (outcome.status === "unchanged") return ok(summary(outcome.record, "unchanged"));
    await runtime.publishAfterChange(territoryId);
    if (outcome.status === "refused")
      return failure(
        "import_refused",
        `файл «${name}» не принят: вместе с уже известными данными он нарушает правила набора данных; из него ничего не загружено`,
        { issues: outcome.record.issues, more: outcome.record.issueCount - outcome.record.issues.length },
      );
    return ok(summary(outcome.record, "applied", outcome.replaced));
  });
}

function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const UndoSchema = z.object({
  territoryId: z.string().regex(TERRITORY_ID_PATTERN),
  importId: z.string().min(1).max(200),
});

/** POST /import/undo {territoryId, importId}: «Отменить импорт» — removes exactly what that file still gives. */
export async function importUndoRoute(runtime: ApiRuntime, req: ImportRequest): Promise<RouteOutcome> {
  const body = readJsonBody(req);
  const parsed = UndoSchema.safeParse(body.success ? body.data.value : undefined);
  const allowed = await coordinatorOf(runtime, req, parsed.success ? parsed.data.territoryId : undefined);
  if (!allowed.success) return allowed.error;
  if (!parsed.success) return failure("malformed", "ожидается {territoryId, importId}");
  const { territoryId, importId } = parsed.data;
  return withLease(runtime, territoryId, async () => {
    const state: ImportState | undefined = await runtime.store.imports.loadState(territoryId);
    if (state === undefined) return failure("territory_not_found", `территория «${territoryId}» не найдена`);
    const outcome = await runtime.store.imports.undo(
      state,
      importId,
      allowed.data.caller.email,
      runtime.now(),
    );
    if (outcome.status === "not_found")
      return failure("import_not_found", `загрузки «${importId}» нет в этой территории`);
    if (outcome.status === "not_applied")
      return failure(
        "import_not_applied",
        outcome.record.status === "undone"
          ? `загрузка файла «${outcome.record.file.name}» уже отменена`
          : `файл «${outcome.record.file.name}» не был загружен: отменять нечего`,
      );
    if (outcome.status === "refused")
      return failure("import_refused", "отменить загрузку нельзя: без неё данные школ нарушали бы правила", {
        issues: outcome.issues.slice(0, 200),
      });
    runtime.logs.imported(territoryId, {
      id: importId,
      format: outcome.record.format,
      status: "undone",
      rows: 0,
      changed: outcome.changed,
    });
    await runtime.publishAfterChange(territoryId);
    return ok({ status: "undone", importId, file: outcome.record.file, changed: outcome.changed });
  });
}

const MapRequestSchema = z.object({
  territoryId: z.string().regex(TERRITORY_ID_PATTERN),
  map: z.unknown(),
});

/**
 * POST /import/map {territoryId, map}: saves a ГИА column map for the territory, under its exam (`ege`, `oge`)
 * or `gia` when the table says the exam in a column; the next table of that layout is read with it.
 */
export async function importMapRoute(runtime: ApiRuntime, req: ImportRequest): Promise<RouteOutcome> {
  const body = readJsonBody(req);
  const parsed = MapRequestSchema.safeParse(body.success ? body.data.value : undefined);
  const allowed = await coordinatorOf(runtime, req, parsed.success ? parsed.data.territoryId : undefined);
  if (!allowed.success) return allowed.error;
  if (!parsed.success) return failure("malformed", "ожидается {territoryId, map}");
  const map = parseGiaMap(parsed.data.map);
  if (!map.success)
    return failure("malformed", "схема столбцов не принята", {
      errors: map.error.issues.map((i) => ({ field: i.path, message: i.message })),
    });
  const kind = map.data.exam ?? "gia";
  await runtime.store.imports.saveGiaMap(parsed.data.territoryId, kind, map.data, runtime.now());
  return ok({ status: "saved", kind });
}

/** GET /imports?territoryId=…: the territory's imported files, newest first (what «Отменить импорт» offers). */
export async function importsListRoute(runtime: ApiRuntime, req: ImportRequest): Promise<RouteOutcome> {
  const query = readQuery(req.originalUrl ?? req.url ?? "");
  const params = query.success ? query.data : new Map<string, string>();
  const allowed = await coordinatorOf(runtime, req, params.get("territoryId"));
  if (!allowed.success) return allowed.error;
  const records = await runtime.store.imports.listRecords(allowed.data.territory.id);
  return ok({
    imports: records.map((r) => ({
      importId: r.id,
      status: r.status,
      format: r.format,
      formatName: r.format === null ? null : IMPORT_FORMAT_NAMES[r.format as ImportFormat],
      file: r.file,
      importedAt: r.importedAt,
      importedBy: r.importedBy,
      procedures: r.procedures.map(procedureText),
      changed: r.changed,
    })),
  });
}
