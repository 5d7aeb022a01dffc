// Files a careless or hostile district sends: a large UTF-8 CSV, ; each is read or refused in Russian, never a crash.
import { describe, expect, it } from "vitest";
import { importFile } from "../../functions/src/import/import-file.js";
import { describeImportIssue } from "../../functions/src/import/import-issue.js";
import { type Cell, csvBytes, REGISTRY } from "./support/import-fixture.js";

const GIA_HEADER = [
  "Код ОО",
  "Наименование ОО",
  "Код участника",
  "Экзамен",
  "Предмет",
  "Дата экзамена",
  "Балл",
];

function messages(outcome: Awaited<ReturnType<typeof importFile>>): string[] {
  return outcome.success ? [] : outcome.error.issues.map(describeImportIssue);
}

describe("a large CSV in UTF-8", () => {
  it("is read as UTF-8 wherever its first MiB ends, a Cyrillic letter cut in two included", async () => {
    const rows: Cell[][] = [GIA_HEADER];
    for (let i = 0; i < 12000; i++)
      rows.push([
        "500001",
        "МБОУ «СОШ № 1» села Кириллово",
        `A${i}`,
        "ЕГЭ",
        "Русский язык",
        "30.05.2025",
        50,
      ]);
    const base = csvBytes(rows);
    // Spaces after the BOM shift the text until byte 1,048,576 falls inside a two-byte letter.
    const pad = Array.from({ length: 60 }, (_, n) => n).find(
      (n) => ((base[(1 << 20) - n] ?? 0) & 0xc0) === 0x80,
    );
    if (pad === undefined) throw new Error("no letter at the first MiB's end");
    const bytes = new Uint8Array(base.length + pad);
    bytes.set(base.subarray(0, 3));
    bytes.fill(0x20, 3, 3 + pad);
    bytes.set(base.subarray(3), 3 + pad);
    expect((bytes[1 << 20] ?? 0) & 0xc0).toBe(0x80);
    const outcome = await importFile(bytes, "ege-2025.csv", { format: "auto", schools: REGISTRY });
    expect(messages(outcome)).toEqual([]);
    expect(outcome.success && outcome.data.facts).toEqual([
      {
        schoolId: "sch-1",
        year: "2024/2025",
        ege: [{ subject: "russian", participants: 12000, meanScore: 50, atLeast80: 0 }],
      },
    ]);
  });
});
