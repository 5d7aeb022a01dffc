// «Импорт файла…»: a Drive file (or a Google Sheet, exported as .xlsx) sent to `/import` as it is; the mapping of a ГИА table, undo, the list.
import { MAX_FILE_NAME, MAX_IMPORT_BYTES } from "../../functions/src/contract/import-limits.js";
import { type ApiResult, callApiWithRetry, describeFailure } from "./api-client.js";
import type { GasBlob, Services } from "./gas-services.js";
import type { ConnectionSettings } from "./settings-store.js";

/** The kinds of file the coordinator may name (the server recognises them itself by default). */
export const FORMAT_CHOICES = [
  ["auto", "определить по содержимому"],
  ["template", "шаблон ШНОР-Монитора"],
  ["fisoko-vpr", "ВПР: «Ф1 Индивидуальные результаты» из ФИС ОКО"],
  ["gia", "ГИА: таблица результатов РЦОИ"],
] as const;

/** The columns of a ГИА table the mapping dialog asks about (the server's `GiaColumns`), with Russian labels. */
export const GIA_COLUMN_ROLES = [
  ["school", "Код ОО (школы)", true],
  ["schoolName", "Наименование ОО", false],
  ["participant", "Код участника (для проверки повторов)", false],
  ["exam", "Экзамен (ЕГЭ или ОГЭ)", false],
  ["subject", "Предмет", false],
  ["score", "Балл (ЕГЭ)", false],
  ["mark", "Отметка (ОГЭ, базовая математика)", false],
  ["passed", "Зачёт / преодолел минимальный порог", false],
  ["minimum", "Минимальный порог", false],
  ["date", "Дата экзамена", false],
] as const;

const SHEETS_MIME = "application/vnd.google-apps.spreadsheet";
const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * What the Drive API's files.export gives at most: «the exported content is limited to 10 MB»
 * (https://developers.google.com/drive/api/v3/reference/files/export). A larger Google Sheet must be saved as
 * .xlsx by hand (Файл → Скачать → Microsoft Excel) and uploaded to Drive.
 */
export const SHEETS_EXPORT_LIMIT = 10 * 1024 * 1024;

/** The file id a Drive link (`…/d/<id>/…`, `…?id=<id>`) or a bare id names; undefined for anything else. */
export function driveFileId(text: string): string | undefined {
  const t = text.trim();
  const match = /\/d\/([A-Za-z0-9_-]{10,})/.exec(t) ?? /[?&]id=([A-Za-z0-9_-]{10,})/.exec(t);
  if (match?.[1] !== undefined) return match[1];
  return /^[A-Za-z0-9_-]{10,200}$/.test(t) ? t : undefined;
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1).replace(".", ",");
}

type Read =
  | { success: true; data: { id: string; name: string; size: number; blob: GasBlob } }
  | { success: false; message: string };

/**
 * Reads a Drive file as a Blob: an uploaded .xlsx or .csv as it is (its size checked first), a Google Sheet
 * exported as .xlsx through the Drive API (with the script's own OAuth token). A file over
 * {@link MAX_IMPORT_BYTES} is refused here, before anything is sent. The Blob goes to UrlFetchApp as it is.
 */
export function readDriveFile(
  services: Pick<Services, "driveApp" | "urlFetchApp" | "scriptApp">,
  id: string,
): Read {
  let file: ReturnType<Services["driveApp"]["getFileById"]>;
  try {
    file = services.driveApp.getFileById(id);
  } catch {
    return {
      success: false,
      message:
        "Файл не найден или нет доступа к нему. Проверьте ссылку и что файл открыт вашей учётной записи Google.",
    };
  }
  const name = file.getName();
  const mime = file.getMimeType();
  const tooLarge = (size: number) =>
    `Файл «${name}» — ${megabytes(size)} МБ, а загрузить можно не больше ${megabytes(MAX_IMPORT_BYTES)} МБ. ` +
    "Разделите его (например, по предметам) и загрузите частями.";
  if (mime === SHEETS_MIME) {
    const response = services.urlFetchApp.fetch(
      `https://www.googleapis.com/drive/v3/files/${encodeURIComponent(id)}/export?mimeType=${encodeURIComponent(XLSX_MIME)}`,
      {
        method: "get",
        headers: { Authorization: `Bearer ${services.scriptApp.getOAuthToken()}` },
        muteHttpExceptions: true,
      },
    );
    if (response.getResponseCode() !== 200) {
      const big = /exportSizeLimitExceeded/.test(response.getContentText());
      return {
        success: false,
        message: big
          ? `Таблица Google «${name}» больше 10 МБ в формате Excel: Google выгружает не больше. Сохраните её как .xlsx (Файл → Скачать → Microsoft Excel), загрузите файл на Диск и укажите его.`
          : `Не удалось выгрузить таблицу Google «${name}» (ответ ${response.getResponseCode()}).`,
      };
    }
    // at most 10 MB (the export's own limit): the length is known without reading the body into an array
    const declared = (response.getHeaders() as Record<string, unknown>)["Content-Length"];
    const length = declared === undefined ? response.getContent().length : Number(declared);
    if (length > MAX_IMPORT_BYTES) return { success: false, message: tooLarge(length) };
    return {
      success: true,
      data: {
        id,
        name: /\.xlsx$/i.test(name) ? name : `${name}.xlsx`,
        size: length,
        blob: response.getBlob(),
      },
    };
  }
  if (mime.startsWith("application/vnd.google-apps."))
    return {
      success: false,
      message: `«${name}» — это не таблица: загрузить можно книгу Excel (.xlsx), CSV или таблицу Google.`,
    };
  const size = file.getSize();
  if (size > MAX_IMPORT_BYTES) return { success: false, message: tooLarge(size) };
  if (size === 0) return { success: false, message: `Файл «${name}» пустой.` };
  return { success: true, data: { id, name, size, blob: file.getBlob() } };
}

/** What the dialog shows; `mapping` asks for the columns of a ГИА table the server did not recognise. */
export interface ImportReply {
  ok: boolean;
  lines: string[];
  mapping?: { headers: string[]; file: string; format: string };
}

/** What the import dialog sends. */
export interface ImportInput {
  file?: unknown;
  format?: unknown;
}

interface ImportSummary {
  status?: string;
  formatName?: string | null;
  file?: { name?: string };
  rows?: { read?: number; taken?: number };
  procedures?: string[];
  matched?: number;
  unmatched?: {
    fileName: string;
    fileCode?: string;
    rows: number;
    suggestions: { schoolId: string; name: string }[];
  }[];
  unmatchedCount?: number;
  conflictCount?: number;
  changed?: number;
  ignoredColumns?: string[];
  issues?: string[];
  issueCount?: number;
  replaced?: string[];
}

/** How many schools and errors an alert lists before «…и ещё N». */
const LISTED = 10;

/** The lines of a successful import, as the coordinator reads them. */
export function importSummaryLines(body: ImportSummary): string[] {
  const name = body.file?.name ?? "";
  if (body.status === "unchanged")
    return [`Файл «${name}» уже загружен; данные не изменились.`, "Подробности — на листе «Импорт»."];
  const lines = [`Файл «${name}» загружен: ${body.formatName ?? ""}.`];
  if ((body.procedures ?? []).length > 0) lines.push(`Что в файле: ${(body.procedures ?? []).join("; ")}.`);
  lines.push(
    `Строк прочитано: ${body.rows?.read ?? 0}, учтено: ${body.rows?.taken ?? 0}. Школ найдено в реестре: ${body.matched ?? 0}. Изменено записей «школа — год»: ${body.changed ?? 0}.`,
  );
  const unmatched = body.unmatched ?? [];
  if ((body.unmatchedCount ?? 0) > 0) {
    lines.push(`Школ нет в реестре: ${body.unmatchedCount} — их строки не загружены:`);
    for (const u of unmatched.slice(0, LISTED)) {
      const like = u.suggestions.map((s) => `«${s.name}» [${s.schoolId}]`).join(", ");
      lines.push(
        `• «${u.fileName}»${u.fileCode ? ` (${u.fileCode})` : ""}${like ? `; похожие: ${like}` : ""}`,
      );
    }
    if ((body.unmatchedCount ?? 0) > Math.min(unmatched.length, LISTED))
      lines.push(`…и ещё ${(body.unmatchedCount ?? 0) - Math.min(unmatched.length, LISTED)}.`);
    lines.push(
      "Добавьте этим школам код из файла на листе «Школы», синхронизируйте данные и загрузите файл ещё раз.",
    );
  }
  if ((body.conflictCount ?? 0) > 0)
    lines.push(
      `Расхождений с ответами форм школ: ${body.conflictCount}. В расчёте — ответы форм; список — на листе «Импорт».`,
    );
  if ((body.ignoredColumns ?? []).length > 0)
    lines.push(
      `Не читались столбцы: ${(body.ignoredColumns ?? []).map((c) => `«${c}»`).join(", ")} — их значения не загружались и не хранятся.`,
    );
  if ((body.replaced ?? []).length > 0)
    lines.push("Прежний файл того же вида, года и процедуры заменён этим.");
  lines.push("Результаты обновятся в течение минуты.");
  return lines;
}

function listedIssues(body: { issues?: unknown; more?: unknown }): string[] {
  const issues = Array.isArray(body.issues) ? body.issues.map(String) : [];
  const more = (typeof body.more === "number" ? body.more : 0) + Math.max(0, issues.length - LISTED);
  return [...issues.slice(0, LISTED).map((i) => `• ${i}`), ...(more > 0 ? [`…и ещё ${more}.`] : [])];
}

/** The path of `/import` for a file: territory, kind, name (cut, so the URL stays under UrlFetchApp's 2 KB) and Drive id. */
export function importPath(
  connection: ConnectionSettings,
  format: string,
  name: string,
  fileId: string,
): string {
  const params = [
    ["territoryId", connection.territoryId],
    ["format", format],
    ["name", name.slice(0, MAX_FILE_NAME)],
    ["driveFileId", fileId],
  ];
  return `/import?${params.map(([k, v]) => `${k}=${encodeURIComponent(v ?? "")}`).join("&")}`;
}

function replyOf(result: ApiResult, file: string, format: string): ImportReply {
  if (result.kind === "http" && result.status === 200)
    return { ok: true, lines: importSummaryLines(result.body as ImportSummary) };
  const body = (result.kind === "http" ? result.body : undefined) as
    | { code?: unknown; message?: unknown; headers?: unknown; issues?: unknown; more?: unknown }
    | undefined;
  if (result.kind === "http" && body?.code === "mapping_required" && Array.isArray(body.headers))
    return {
      ok: false,
      lines: [String(body.message ?? "")],
      mapping: { headers: body.headers.map(String), file, format },
    };
  if (result.kind === "http" && body?.code === "import_refused")
    return {
      ok: false,
      lines: [
        `${String(body.message ?? "Файл не принят")}.`,
        ...listedIssues(body),
        "Исправьте файл и загрузите его снова; ошибки — также на листе «Импорт».",
      ],
    };
  return { ok: false, lines: [`Файл не загружен: ${describeFailure(result)}.`] };
}

/**
 * The dialog's «Загрузить»: reads the Drive file and sends its bytes to `/import` (one retry on a 5xx or no
 * answer: a large file is not sent four times). Returns what to show, or the header row to map.
 */
export function importFromDrive(
  services: Services,
  connection: ConnectionSettings,
  input: ImportInput,
): ImportReply {
  const text = typeof input.file === "string" ? input.file : "";
  const format = FORMAT_CHOICES.some(([value]) => value === input.format) ? String(input.format) : "auto";
  const id = driveFileId(text);
  if (id === undefined)
    return {
      ok: false,
      lines: [
        "Укажите ссылку на файл Google Диска (или его идентификатор), например https://drive.google.com/file/d/…/view.",
      ],
    };
  const read = readDriveFile(services, id);
  if (!read.success) return { ok: false, lines: [read.message] };
  const { result } = callApiWithRetry(
    services,
    connection,
    "post",
    importPath(connection, format, read.data.name, id),
    { contentType: "application/octet-stream", blob: read.data.blob },
    { attempts: 2, firstDelayMs: 2_000 },
  );
  return replyOf(result, text, format);
}

/** What the mapping dialog sends: the file again, the header chosen for each column, the exam and year if fixed. */
export interface MappingInput extends ImportInput {
  exam?: unknown;
  year?: unknown;
  columns?: unknown;
}

/**
 * The mapping dialog's «Сохранить и загрузить»: saves the column map for the territory (the next table of this
 * layout is read without asking), then imports the file as a ГИА table.
 */
export function saveMappingAndImport(
  services: Services,
  connection: ConnectionSettings,
  input: MappingInput,
): ImportReply {
  const chosen = (input.columns ?? {}) as Record<string, unknown>;
  const columns: Record<string, string> = {};
  for (const [role] of GIA_COLUMN_ROLES) {
    const header = chosen[role];
    if (typeof header === "string" && header.trim() !== "") columns[role] = header;
  }
  if (columns.school === undefined)
    return {
      ok: false,
      lines: ["Выберите столбец с кодом ОО (школы): без него строки не связать со школами."],
    };
  const exam = input.exam === "ege" || input.exam === "oge" ? input.exam : undefined;
  const year = typeof input.year === "string" && input.year.trim() !== "" ? input.year.trim() : undefined;
  const map = {
    format: "shnor-gia-map",
    version: 1,
    ...(exam ? { exam } : {}),
    ...(year ? { year } : {}),
    columns,
  };
  const saved = callApiWithRetry(services, connection, "post", "/import/map", {
    territoryId: connection.territoryId,
    map,
  }).result;
  if (saved.kind !== "http" || saved.status !== 200) {
    const errors =
      saved.kind === "http"
        ? (saved.body as { errors?: { message?: string }[] } | undefined)?.errors
        : undefined;
    return {
      ok: false,
      lines: [
        `Схема столбцов не сохранена: ${describeFailure(saved)}.`,
        ...(errors ?? []).map((e) => `• ${e.message ?? ""}`),
      ],
    };
  }
  const imported = importFromDrive(services, connection, { file: input.file, format: "gia" });
  return {
    ...imported,
    lines: [
      "Схема столбцов сохранена: следующие таблицы такого вида загрузятся без вопросов.",
      ...imported.lines,
    ],
  };
}

/** An imported file as «Отменить импорт» offers it. */
export interface ImportListItem {
  importId: string;
  label: string;
}

/** The files whose import can be undone (applied ones), newest first, labelled for the dialog. */
export function undoableImports(
  services: Services,
  connection: ConnectionSettings,
): { success: true; data: ImportListItem[] } | { success: false; message: string } {
  const { result } = callApiWithRetry(
    services,
    connection,
    "get",
    `/imports?territoryId=${encodeURIComponent(connection.territoryId)}`,
    undefined,
  );
  if (result.kind !== "http" || result.status !== 200)
    return { success: false, message: describeFailure(result) };
  const list = ((result.body as { imports?: unknown[] } | undefined)?.imports ?? []) as {
    importId: string;
    status: string;
    file: { name: string };
    importedAt: string;
    procedures: string[];
  }[];
  return {
    success: true,
    data: list
      .filter((i) => i.status === "applied" || i.status === "applying")
      .map((i) => ({
        importId: i.importId,
        label: `${i.file.name} — ${i.procedures.join("; ")} (загружен ${i.importedAt.slice(0, 10).split("-").reverse().join(".")})`,
      })),
  };
}

/** «Отменить импорт» of one file: the server removes what the file still gives and publishes. */
export function undoImport(
  services: Services,
  connection: ConnectionSettings,
  importId: unknown,
): ImportReply {
  if (typeof importId !== "string" || importId === "") return { ok: false, lines: ["Выберите файл."] };
  const { result } = callApiWithRetry(services, connection, "post", "/import/undo", {
    territoryId: connection.territoryId,
    importId,
  });
  if (result.kind === "http" && result.status === 200) {
    const body = result.body as { file?: { name?: string }; changed?: number };
    return {
      ok: true,
      lines: [
        `Загрузка файла «${body.file?.name ?? ""}» отменена: убрано то, что он дал (записей «школа — год»: ${body.changed ?? 0}).`,
        "Ответы форм школ не затронуты. Результаты обновятся в течение минуты.",
      ],
    };
  }
  return { ok: false, lines: [`Загрузка не отменена: ${describeFailure(result)}.`] };
}
