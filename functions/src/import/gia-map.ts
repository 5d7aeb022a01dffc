// The column map of a regional ГИА table (`--map file.json`, later saved per territory): which header holds what; only mapped columns are read.
import { z } from "zod";
import { AcademicYearSchema } from "../contract/academic-year.js";
import { SubjectSchema } from "../contract/dataset.js";
import { issuesFromZod, type ParseResult } from "../contract/validation-issue.js";

const header = z.string().trim().min(1, { message: "пустой заголовок столбца" });

/** What each column of a ГИА table is. `school` is required; the rest as the region's export has them. */
export const GiaColumnsSchema = z.strictObject({
  school: header,
  schoolName: header.optional(),
  participant: header.optional(),
  exam: header.optional(),
  subject: header.optional(),
  score: header.optional(),
  mark: header.optional(),
  passed: header.optional(),
  minimum: header.optional(),
  date: header.optional(),
});

/**
 * A column map. `exam`, `subject` and `year` fix what the file does not say in a column (a file of one exam,
 * one subject, one year); `subjects` translates the file's subject codes or names (`"01": "russian"`).
 */
export const GiaMapSchema = z.strictObject({
  format: z.literal("shnor-gia-map").optional(),
  version: z.literal(1).optional(),
  exam: z.enum(["ege", "oge"]).optional(),
  subject: SubjectSchema.optional(),
  year: AcademicYearSchema.optional(),
  columns: GiaColumnsSchema,
  subjects: z.record(z.string(), SubjectSchema).optional(),
});

export type GiaMap = z.infer<typeof GiaMapSchema>;
export type GiaColumn = keyof z.infer<typeof GiaColumnsSchema>;

/**
 * Headers the importer looks for when no map is given (normalised: case, ё/е, spaces and a trailing colon do not
 * matter), in the order tried. They follow the usual РЦОИ export: «Код ОО», «Наименование ОО», «Предмет»,
 * «Балл», «Отметка», «Зачёт», «Минимальный порог».
 */
export const DEFAULT_GIA_HEADERS: Readonly<Record<GiaColumn, readonly string[]>> = {
  school: ["код оо", "код образовательной организации", "код школы", "код оу"],
  schoolName: ["наименование оо", "название оо", "образовательная организация", "наименование оу"],
  participant: ["код участника", "код работы", "номер участника"],
  exam: ["экзамен", "форма гиа", "вид экзамена", "форма экзамена"],
  subject: ["предмет", "код предмета", "наименование предмета"],
  score: ["тестовый балл", "балл", "баллы"],
  mark: ["отметка", "оценка", "отметка по пятибалльной шкале"],
  passed: ["зачет", "зачёт", "преодолел минимальный порог"],
  minimum: ["минимальный порог", "минимальный балл", "порог"],
  date: ["дата экзамена", "дата"],
};

/** Parses a map file's JSON value; Russian issues naming the field on failure. */
export function parseGiaMap(value: unknown): ParseResult<GiaMap> {
  const parsed = GiaMapSchema.safeParse(value);
  if (parsed.success) return { success: true, data: parsed.data };
  return { success: false, error: { code: "invalid", issues: issuesFromZod(parsed.error, value) } };
}
