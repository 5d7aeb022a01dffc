// Academic year «2024/2025»: the schema and the arithmetic every layer needs (previous year, ordering).
import { z } from "zod";

const academicYearPattern = /^(\d{4})\/(\d{4})$/;

/** An academic year written as the documents write it: `2024/2025`, the second number the first plus one. */
export const AcademicYearSchema = z.string().superRefine((value, ctx) => {
  const match = academicYearPattern.exec(value);
  if (!match) {
    ctx.addIssue({ code: "custom", message: `«${value}» — учебный год записывается как 2024/2025` });
    return;
  }
  if (Number(match[2]) !== Number(match[1]) + 1) {
    ctx.addIssue({
      code: "custom",
      message: `«${value}» — второй год должен быть на единицу больше первого`,
    });
  }
});

export type AcademicYear = z.infer<typeof AcademicYearSchema>;

/** First calendar year of an academic year: `2024/2025` → 2024. Assumes a validated year. */
export function startYear(year: AcademicYear): number {
  return Number(year.slice(0, 4));
}

/** `2024/2025` → `2023/2024`. */
export function previousAcademicYear(year: AcademicYear): AcademicYear {
  const start = startYear(year) - 1;
  return `${start}/${start + 1}`;
}

/** Calendar start year → academic year: 2024 → `2024/2025`. */
export function academicYearStarting(start: number): AcademicYear {
  return `${start}/${start + 1}`;
}
