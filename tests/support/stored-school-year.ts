// A school-year shaped as the store keeps it after six forms and a Ф1 import: what the document-size test and bench measure.
import type { SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { patchKeys, procedureOfKey } from "../../functions/src/store/import-plan.js";
import type { SchoolYearWrite } from "../../functions/src/store/shard-school-years.js";

/**
 * A school-year as the store keeps it after six forms and one Ф1: one provenance source per form (a form id and a
 * response id as Google writes them) with the keys it filled, and the import's source with the ВПР keys.
 */
export function asStored(fact: SchoolYearFacts): SchoolYearWrite {
  const byForm = new Map<string, string[]>();
  for (const key of patchKeys(fact)) {
    const form = key.startsWith("vpr")
      ? "import"
      : (procedureOfKey("template", key, fact.year).split(":")[1] ?? "");
    byForm.set(form, [...(byForm.get(form) ?? []), key]);
  }
  const sources = [...byForm].map(([form, paths], i) => ({
    submission:
      form === "import"
        ? `import:fisoko-vpr:${"ab".repeat(32)}`
        : `1FAIpQLSe${"x".repeat(47)}~2_ABaOnud${String(i).repeat(56)}`,
    formKind: form === "import" ? "fisoko-vpr" : form,
    submittedAt: "2026-03-02T09:00:00.000Z",
    paths,
  }));
  return { schoolId: fact.schoolId, year: fact.year, fact: { facts: fact, sources } };
}
