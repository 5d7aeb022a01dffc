// «Синхронизировать данные» when the store of the schools' answers is nearly full: a large «Школы» is refused in Russian, never a 500, and no answer moves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { School } from "../../functions/src/contract/dataset.js";
import { coordinatorTabs } from "../../functions/src/sample/sample-submissions.js";
import { DOCUMENT_BUDGET, FIRESTORE_DOCUMENT_LIMIT } from "../../functions/src/store/document-size.js";
import { shardOf } from "../../functions/src/store/stored-documents.js";
import { registryBytes } from "../../functions/src/store/territory-repository.js";
import { fillShard, readShard } from "../store/shard-filling.js";
import { type ApiHarness, discardingWriter, startApi, TERRITORY } from "./api-fixture.js";
import { sheetCalls } from "./support/sheet-calls.js";

let api: ApiHarness;
const sheet = sheetCalls(() => api);

beforeAll(async () => {
  api = await startApi({ writer: discardingWriter });
  await api.resetTerritory();
}, 60_000);

afterAll(async () => {
  await api?.close();
});

async function stored() {
  const loaded = await api.runtime.store.territories.loadDataset(TERRITORY);
  if (!loaded.success) throw new Error("territory not found");
  return loaded.data;
}

describe("«Школы» that would not fit beside the answers already stored", () => {
  it("is refused with a Russian message naming the tab, keeps the previous list and every stored answer, and applies the other tabs", async () => {
    const store = api.runtime.store;
    const first = api.dataset.schools[0] as School;
    const shard = shardOf(first.id);
    const years = [...new Set(api.dataset.facts.map((f) => f.year))].sort();
    const template = api.dataset.facts.find((f) => f.schoolId === first.id) ?? api.dataset.facts[0];
    if (template === undefined) throw new Error("the sample has no facts");
    // the school's own answers, then years of answers of schools closed since, fill its shard to the budget the
    // submit path keeps (registry included)
    await store.territories.importFacts(
      TERRITORY,
      years.map((year) => ({ ...template, schoolId: first.id, year })),
      "import:archive",
      new Date("2026-03-02T09:00:00Z"),
    );
    await fillShard(store, TERRITORY, shard, DOCUMENT_BUDGET, template, years);
    const before = await readShard(store, TERRITORY, shard);
    const datasetBefore = await stored();
    expect(datasetBefore.dataset.facts.filter((f) => f.schoolId === first.id)).toHaveLength(years.length);

    // the district joins a region: 10,000 more schools, five addresses each
    const tabs = coordinatorTabs(api.dataset);
    const rows = tabs.Школы ?? [];
    const header = rows[0] ?? [];
    const column = (name: string) => header.indexOf(name);
    const added = Array.from({ length: 10_000 }, (_, i) => {
      const row = header.map(() => "");
      row[column("Код школы")] = `reg-${i}`;
      row[column("Наименование")] = `МБОУ «Средняя общеобразовательная школа № ${i} имени героя»`;
      row[column("Электронная почта")] = Array.from(
        { length: 5 },
        (_, j) => `teacher${j}.school${i}@edu.example`,
      ).join(", ");
      return row;
    });
    // what this shard's schools on the new sheet take: past what Firestore holds in one document beside the answers
    const inShard: School[] = added
      .map((r) => ({
        id: r[column("Код школы")] ?? "",
        name: r[column("Наименование")] ?? "",
        emails: (r[column("Электронная почта")] ?? "").split(", "),
      }))
      .filter((s) => shardOf(s.id) === shard);
    expect(registryBytes(inShard)).toBeGreaterThan(FIRESTORE_DOCUMENT_LIMIT - DOCUMENT_BUDGET);

    const response = await sheet.sync({
      // the school with answers left off by mistake: nothing is taken off the lists while the sheet is refused
      Школы: [...rows.filter((r) => r[column("Код школы")] !== first.id), ...added],
      Настройки: [
        ["Параметр", "Значение"],
        ["minN", "15"],
      ],
    });
    const notes = response.body.errors.filter((e: { tab: string }) => e.tab === "Школы");
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ tab: "Школы", row: 1, column: "" });
    // the codes the coordinator finds on the sheet: the shard's schools in the sheet's order
    const codes = [...rows.slice(1), ...added]
      .filter((r) => r[column("Код школы")] !== first.id)
      .map((r) => r[column("Код школы")] ?? "")
      .filter((id) => shardOf(id) === shard);
    const [a, b, c] = codes;
    const numbers = notes[0].message.match(
      /занимают (\d,\d\d) МБ, а вместе со строками этих школ заняли бы (\d,\d\d) МБ/,
    );
    expect(notes[0].message).toBe(
      `лист не сохранён: хранилище ответов школ почти заполнено — в части хранилища, где лежат данные школ «${a}», «${b}», «${c}» и ещё ${codes.length - 3}, ` +
        `ответы уже занимают ${numbers?.[1]} МБ, а вместе со строками этих школ заняли бы ${numbers?.[2]} МБ — больше предела 0,95 МБ; ` +
        "действует прежний список школ, ответы не затронуты. Сократите у этих школ наименования или число адресов либо сообщите разработчикам",
    );
    // the answers fill the shard to the budget; with the rows it would pass the 1 MiB Firestore holds
    expect(numbers?.[1]).toBe("0,95");
    expect(Number(numbers?.[2]?.replace(",", "."))).toBeGreaterThan(1);

    const after = await stored();
    expect(after.dataset.schools).toEqual(datasetBefore.dataset.schools);
    expect(after.dataset.facts).toEqual(datasetBefore.dataset.facts);
    expect(after.orphanFacts).toBe(datasetBefore.orphanFacts);
    expect(await readShard(store, TERRITORY, shard)).toEqual(before);
    expect(after.dataset.methodology).toEqual({ ...datasetBefore.dataset.methodology, minN: 15 });

    // the same sheet without the region's schools fits, and is taken as usual
    const again = await sheet.sync({ Школы: rows });
    expect(again.body.errors).toEqual([]);
  }, 180_000);
});
