// The decision store on the emulator: numbered drafts, notifications that never touch the draft, immutable approvals, earlier orders once, documents within 1 MiB.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Approval, Draft } from "../../functions/src/contract/decision-cycle.js";
import { documentBytes, FIRESTORE_DOCUMENT_LIMIT } from "../../functions/src/store/document-size.js";
import { PACKED_PART_BYTES, splitParts } from "../../functions/src/store/packed-json.js";
import { openTestStore, type TestStore } from "../support/emulator.js";
import { NOW, sampleDataset, seedTerritory } from "./store-fixture.js";

const T = "decisions";
let t: TestStore;
const entry = { at: NOW.toISOString(), by: "metodist@example.ru" };

function draft(number: number, schools = 2, reasonBytes = 40): Draft {
  return {
    number,
    createdAt: NOW.toISOString(),
    createdBy: "metodist@example.ru",
    date: "2026-03-02",
    year: "2025/2026",
    methodology: { version: "2026.1", preset: null },
    dataVersion: 3,
    reviewWorkingDays: 10,
    reviewDeadline: "2026-03-17",
    schools: Array.from({ length: schools }, (_, i) => ({
      schoolId: `sch-${String(i).padStart(5, "0")}`,
      name: `Школа ${i}`,
      categories: ["lowResults" as const],
      // random text: gzip cannot shrink it, so the test controls the stored size
      reasons: [{ category: "lowResults" as const, text: randomBytes(reasonBytes).toString("base64") }],
      emails: [`school${i}@example.ru`],
    })),
  };
}

const approval = (version: number, extra: Partial<Approval> = {}): Approval => ({
  version,
  year: "2025/2026",
  order: { number: `${version}-од`, date: "2026-03-20" },
  reason: "decision",
  schools: [{ schoolId: "sch-00000", categories: ["lowResults"], grounds: ["основание"] }],
  ...extra,
});

beforeAll(async () => {
  t = await openTestStore("decision-store");
  await seedTerritory(t.store, sampleDataset(T, 6));
});
afterAll(async () => {
  await t.close();
});

describe("decision store", () => {
  it("numbers drafts one after another, keeps them as made, and records who was notified beside them", async () => {
    const { draft: first } = await t.store.decisions.createDraft(T, (n) => draft(n), entry);
    const { draft: second } = await t.store.decisions.createDraft(T, (n) => draft(n, 3), entry);
    expect([first.number, second.number]).toEqual([1, 2]);
    const marked = await t.store.decisions.markNotified(
      T,
      2,
      [
        { schoolId: "sch-00001", recipients: 1 },
        { schoolId: "not-in-draft", recipients: 1 },
      ],
      entry,
    );
    expect(marked).toEqual({ marked: 1 });
    // a second report of the same letter changes nothing
    expect(
      await t.store.decisions.markNotified(T, 2, [{ schoolId: "sch-00001", recipients: 1 }], entry),
    ).toEqual({ marked: 0 });
    const latest = await t.store.decisions.latestDraft(T);
    expect(latest?.draft).toEqual(second);
    expect(Object.keys(latest?.notified ?? {})).toEqual(["sch-00001"]);
    expect(await t.store.decisions.markNotified(T, 9, [], entry)).toBeUndefined();
    const journal = await t.store.decisions.listJournal(T);
    expect(journal.map((e) => e.kind)).toEqual(["letters", "draft", "draft"]);
    expect(journal[0]?.text).toBe("Письма о проекте списков № 2 отправлены школам: 1 (адресов 1)");
  });

  it("stores an approved version only on top of the versions it was decided from", async () => {
    expect(
      await t.store.decisions.createApproval(T, approval(1), { ...entry, text: "Утверждены списки" }),
    ).toEqual({
      status: "created",
    });
    // a second approval decided from the same state (version 1 again) is refused, nothing is written
    expect(await t.store.decisions.createApproval(T, approval(1), { ...entry, text: "x" })).toEqual({
      status: "conflict",
      storedVersions: 1,
    });
    expect(await t.store.decisions.createApproval(T, approval(3), { ...entry, text: "x" })).toEqual({
      status: "conflict",
      storedVersions: 1,
    });
    expect((await t.store.decisions.listApprovals(T)).map((a) => a.version)).toEqual([1]);
  });

  it("adds an earlier order once, and a corrected row as a later version", async () => {
    const order = {
      year: "2023/2024",
      order: { number: "112-од", date: "2023-10-15" },
      reason: "earlier" as const,
      schools: [{ schoolId: "sch-00000", categories: ["lowResults" as const], grounds: [] }],
    };
    expect(await t.store.decisions.addEarlierOrders(T, [order], entry)).toBe(1);
    expect(await t.store.decisions.addEarlierOrders(T, [order], entry)).toBe(0);
    expect(
      await t.store.decisions.addEarlierOrders(
        T,
        [order, { ...order, order: { number: "112-од/1", date: "2023-10-15" } }],
        entry,
      ),
    ).toBe(1);
    expect(
      (await t.store.decisions.listApprovals(T)).map((a) => [a.version, a.reason, a.order.number]),
    ).toEqual([
      [1, "decision", "1-од"],
      [2, "earlier", "112-од"],
      [3, "earlier", "112-од/1"],
    ]);
  });

  it("splits packed values at 700,000 bytes: exactly that is one part, one byte more is two", () => {
    expect(splitParts(Buffer.alloc(PACKED_PART_BYTES)).parts).toHaveLength(1);
    expect(splitParts(Buffer.alloc(PACKED_PART_BYTES + 1)).parts.map((p) => p.length)).toEqual([
      PACKED_PART_BYTES,
      1,
    ]);
  });

  it("keeps a region's draft past 1 MiB in chunks, every document within Firestore's limit, and reads it back whole", async () => {
    // 4,000 listed schools with 400 random bytes of reasons each: ~2.3 MB of gzip, far past one document
    const { draft: big } = await t.store.decisions.createDraft(T, (n) => draft(n, 4_000, 400), entry);
    const header = await t.store.db.get(t.store.db.doc(`territories/${T}/drafts/00000${big.number}`));
    const chunkCount = header.get("chunkCount") as number;
    expect(header.get("bytes")).toBeGreaterThan(FIRESTORE_DOCUMENT_LIMIT);
    expect(chunkCount).toBe(Math.ceil((header.get("bytes") as number) / PACKED_PART_BYTES));
    const chunks = await t.store.db.query(
      t.store.db.collection(`territories/${T}/drafts/00000${big.number}/chunks`),
    );
    expect(chunks.size).toBe(chunkCount);
    for (const doc of [header, ...chunks.docs])
      expect(documentBytes(doc.ref.path, doc.data() ?? {})).toBeLessThan(FIRESTORE_DOCUMENT_LIMIT);
    expect((await t.store.decisions.latestDraft(T))?.draft).toEqual(big);
  });
});

describe("a decision journalled once", () => {
  it("two syncs bringing the same new decision at the same moment leave one entry in «Журнал решений»", async () => {
    const before = (await t.store.decisions.listJournal(T)).length;
    const decision = { at: NOW.toISOString(), by: "metodist@example.ru", kind: "decision" as const };
    const once = '["2026-05-28","6","Утвердить списки","approveLists"]';
    const appended = await Promise.all([
      t.store.decisions.appendJournalOnce(T, once, {
        ...decision,
        text: "28.05.2026, протокол № 6: утвердить",
      }),
      t.store.decisions.appendJournalOnce(T, once, {
        ...decision,
        text: "28.05.2026, протокол № 6: утвердить",
      }),
    ]);
    expect(appended.filter(Boolean)).toHaveLength(1);
    // the same decision brought again later, and another decision
    expect(await t.store.decisions.appendJournalOnce(T, once, { ...decision, text: "снова" })).toBe(false);
    expect(
      await t.store.decisions.appendJournalOnce(T, `${once}+`, { ...decision, text: "другое решение" }),
    ).toBe(true);
    const journal = await t.store.decisions.listJournal(T);
    expect(journal).toHaveLength(before + 2);
    expect(journal.filter((e) => e.text.startsWith("28.05.2026"))).toHaveLength(1);
  });
});
