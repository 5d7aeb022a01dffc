// Submissions on the real Firestore emulator: raw kept first, replays are duplicates, edits keep history, rejections are listed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { documentBytes, FIRESTORE_DOCUMENT_LIMIT } from "../../functions/src/store/document-size.js";
import { shardOf } from "../../functions/src/store/stored-documents.js";
import { MAX_RAW_BYTES } from "../../functions/src/store/submission-repository.js";
import { openTestStore, type TestStore } from "../support/emulator.js";
import { factsOf, must, NOW, sampleDataset, seedTerritory, submitPatch } from "./store-fixture.js";

const T = "submissions";
let t: TestStore;
const dataset = sampleDataset(T, 12);
const school = must(dataset.schools[3], "fourth school");
const year = "2025/2026";

const social = (students: number, singleParentFamilies: number): SchoolYearFacts => ({
  schoolId: school.id,
  year,
  social: { students, singleParentFamilies },
});

beforeAll(async () => {
  t = openTestStore("submissions");
  await seedTerritory(t.store, { ...dataset, facts: [] });
});
afterAll(async () => {
  await t.close();
});

describe("submission store", () => {
  it("stores the raw envelope before anything is validated", async () => {
    const received = await t.store.submissions.receive({
      territoryId: T,
      formId: "form-raw",
      responseId: "resp-raw",
      submittedAt: "2026-03-01T10:00:00Z",
      answers: [{ key: "students", value: "три сотни" }],
      rawJson: '{"answers":[{"key":"students","value":"три сотни"}]}',
      receivedAt: NOW,
    });
    expect(received.success).toBe(true);
    const stored = await t.store.submissions.getResponse({
      territoryId: T,
      formId: "form-raw",
      responseId: "resp-raw",
    });
    expect(stored.current).toBeUndefined();
    expect(stored.versions).toHaveLength(1);
    expect(stored.versions[0]?.raw).toContain("три сотни");
  });

  it("accepts a response once and answers a replay with duplicate, changing nothing", async () => {
    const first = await submitPatch(t.store.submissions, social(400, 30), {
      territoryId: T,
      responseId: "r1",
      submittedAt: "2026-03-01T10:00:00Z",
    });
    expect(first).toMatchObject({ replay: "new", status: "accepted" });
    const before = await t.store.territories.getTerritory(T);
    const replay = await submitPatch(t.store.submissions, social(400, 30), {
      territoryId: T,
      responseId: "r1",
      submittedAt: "2026-03-01T10:00:00Z",
    });
    expect(replay).toMatchObject({ replay: "duplicate", status: "accepted" });
    const after = await t.store.territories.getTerritory(T);
    expect(after?.factsVersion).toBe(before?.factsVersion);
    const stored = await t.store.submissions.getResponse({
      territoryId: T,
      formId: "form-social",
      responseId: "r1",
    });
    expect(stored.versions).toHaveLength(1);
    expect((await factsOf(t.store, T, school.id, year))?.social).toEqual({
      students: 400,
      singleParentFamilies: 30,
    });
  });

  it("an edited response updates the facts and keeps the earlier version in the history", async () => {
    const edit = await submitPatch(t.store.submissions, social(410, 31), {
      territoryId: T,
      responseId: "r1",
      submittedAt: "2026-03-01T12:00:00Z",
    });
    expect(edit).toMatchObject({ replay: "edit", status: "accepted" });
    expect((await factsOf(t.store, T, school.id, year))?.social).toEqual({
      students: 410,
      singleParentFamilies: 31,
    });
    const stored = await t.store.submissions.getResponse({
      territoryId: T,
      formId: "form-social",
      responseId: "r1",
    });
    expect(stored.versions.map((v) => v.submittedAt)).toEqual([
      "2026-03-01T10:00:00Z",
      "2026-03-01T12:00:00Z",
    ]);
    expect(stored.current).toMatchObject({ submittedAt: "2026-03-01T12:00:00Z", settledVersions: 2 });
  });

  it("an edit that leaves an answer empty clears it, unless another response has filled it since", async () => {
    const other = must(dataset.schools[5], "sixth school");
    const facts = (extra: Partial<SchoolYearFacts>): SchoolYearFacts => ({
      schoolId: other.id,
      year,
      social: { students: 300 },
      ...extra,
    });
    const first = await submitPatch(
      t.store.submissions,
      facts({
        staff: { teachers: 20, vacancies: 3 },
        ege: [{ subject: "math", participants: 10, meanScore: 50, atLeast80: 2 }],
      }),
      { territoryId: T, responseId: "clear-1", submittedAt: "2026-03-02T10:00:00Z" },
    );
    expect(first).toMatchObject({ status: "accepted" });
    // another form later fills «staff.vacancies» itself: that value is no longer this response's to clear
    await submitPatch(
      t.store.submissions,
      { schoolId: other.id, year, staff: { teachers: 20, vacancies: 4 } },
      {
        territoryId: T,
        responseId: "clear-2",
        formId: "form-staff",
        formKind: "staff",
        submittedAt: "2026-03-02T11:00:00Z",
      },
    );
    // the edit drops the 80+ count and the vacancies it gave before, and keeps the rest
    const edit = await submitPatch(
      t.store.submissions,
      facts({ staff: { teachers: 20 }, ege: [{ subject: "math", participants: 10, meanScore: 50 }] }),
      { territoryId: T, responseId: "clear-1", submittedAt: "2026-03-02T12:00:00Z" },
    );
    expect(edit).toMatchObject({ replay: "edit", status: "accepted" });
    const stored = await factsOf(t.store, T, other.id, year);
    expect(stored?.ege).toEqual([{ subject: "math", participants: 10, meanScore: 50 }]);
    expect(stored?.staff).toEqual({ teachers: 20, vacancies: 4 });
  });

  it("an older version arriving late is kept in the history but does not overwrite the newer one", async () => {
    const late = await submitPatch(t.store.submissions, social(390, 29), {
      territoryId: T,
      responseId: "r1",
      submittedAt: "2026-03-01T11:00:00Z",
    });
    expect(late).toMatchObject({ replay: "stale", status: "accepted" });
    expect((await factsOf(t.store, T, school.id, year))?.social?.students).toBe(410);
    const stored = await t.store.submissions.getResponse({
      territoryId: T,
      formId: "form-social",
      responseId: "r1",
    });
    expect(stored.versions).toHaveLength(3);
  });

  it("records provenance: which response filled which dataset path", async () => {
    await submitPatch(
      t.store.submissions,
      { schoolId: school.id, year, staff: { teachers: 40, vacancies: 2 } },
      {
        territoryId: T,
        formId: "form-staff",
        formKind: "staff",
        responseId: "s1",
        submittedAt: "2026-03-01T13:00:00Z",
      },
    );
    const stored = await t.store.territories.getStoredFact(T, school.id, year);
    const sources = stored?.sources ?? [];
    expect(sources.find((s) => s.submission === "form-staff~s1")?.paths).toEqual([
      "staff.teachers",
      "staff.vacancies",
    ]);
    expect(sources.find((s) => s.submission === "form-social~r1")?.paths).toEqual([
      "social.singleParentFamilies",
      "social.students",
    ]);
  });

  it("a rejected response is stored with its Russian reasons and listed for «Ошибки»; the facts stay", async () => {
    const errors = [
      { code: "invalid_answer" as const, field: "students", message: "«три сотни» — ожидается число" },
    ];
    const rejected = await submitPatch(t.store.submissions, social(0, 0), {
      territoryId: T,
      responseId: "bad-1",
      submittedAt: "2026-03-01T14:00:00Z",
      respondentEmail: "director@school.example",
      verdict: { status: "rejected", errors },
    });
    expect(rejected).toEqual({ replay: "new", status: "rejected", errors });
    const replay = await submitPatch(t.store.submissions, social(0, 0), {
      territoryId: T,
      responseId: "bad-1",
      submittedAt: "2026-03-01T14:00:00Z",
      verdict: { status: "rejected", errors },
    });
    expect(replay).toEqual({ replay: "duplicate", status: "rejected", errors });
    const listed = await t.store.submissions.listRejected(T);
    expect(listed).toContainEqual(
      expect.objectContaining({ responseId: "bad-1", respondentEmail: "director@school.example", errors }),
    );
    expect((await factsOf(t.store, T, school.id, year))?.social?.students).toBe(410);
  });

  it("rejects facts for a school that is not in the registry, naming the code", async () => {
    const outcome = await submitPatch(
      t.store.submissions,
      { schoolId: "no-such-school", year, social: { students: 10 } },
      { territoryId: T, responseId: "ghost", submittedAt: "2026-03-01T15:00:00Z" },
    );
    expect(outcome.status).toBe("rejected");
    expect(outcome.errors[0]?.message).toContain("«no-such-school» — школы с таким кодом нет в реестре");
  });

  it("the school check (respondent e-mail) can reject, and its message reaches the list", async () => {
    const outcome = await submitPatch(t.store.submissions, social(420, 30), {
      territoryId: T,
      responseId: "stranger",
      submittedAt: "2026-03-01T16:00:00Z",
      respondentEmail: "stranger@example.ru",
      verdict: {
        status: "parsed",
        schoolId: school.id,
        year,
        patch: social(420, 30),
        provenance: ["social.students"],
        respondent: { email: "stranger@example.ru", collection: "verified", coordinators: [] },
      },
    });
    expect(outcome.status).toBe("rejected");
    expect(outcome.errors[0]?.message).toContain("stranger@example.ru не указан у школы");
    expect((await t.store.submissions.listRejected(T)).map((r) => r.responseId)).toContain("stranger");
    expect((await factsOf(t.store, T, school.id, year))?.social?.students).toBe(410);
  });

  it("rejects a response that contradicts the school's earlier facts, keeping them", async () => {
    // 410 students were reported; 500 of them single-parent families cannot be
    const outcome = await submitPatch(
      t.store.submissions,
      { schoolId: school.id, year, social: { students: 410, singleParentFamilies: 500 } },
      { territoryId: T, responseId: "contradiction", submittedAt: "2026-03-01T17:00:00Z" },
    );
    expect(outcome.status).toBe("rejected");
    expect(outcome.errors[0]?.field).toContain("singleParentFamilies");
    expect((await factsOf(t.store, T, school.id, year))?.social?.singleParentFamilies).toBe(31);
  });

  it("an edited anonymous self-diagnosis is counted once, even after a rejected edit in between", async () => {
    const teacher = must(dataset.schools[5], "sixth school");
    const answer = (deficits: Record<string, number>): SchoolYearFacts => ({
      schoolId: teacher.id,
      year,
      selfDiagnosis: { respondents: 1, deficits },
    });
    const base = { territoryId: T, formId: "form-self", formKind: "selfDiagnosis", responseId: "teacher-1" };
    await submitPatch(t.store.submissions, answer({ assessment: 1 }), {
      ...base,
      submittedAt: "2026-03-01T10:00:00Z",
    });
    await submitPatch(t.store.submissions, answer({}), {
      ...base,
      submittedAt: "2026-03-01T11:00:00Z",
      verdict: {
        status: "rejected",
        errors: [{ code: "invalid_answer", field: "deficits", message: "выберите хотя бы один вариант" }],
      },
    });
    const edit = await submitPatch(t.store.submissions, answer({ motivation: 1 }), {
      ...base,
      submittedAt: "2026-03-01T12:00:00Z",
    });
    expect(edit).toMatchObject({ replay: "edit", status: "accepted" });
    expect((await factsOf(t.store, T, teacher.id, year))?.selfDiagnosis).toEqual({
      respondents: 1,
      deficits: { motivation: 1 },
    });
  });

  it("keeps an envelope that cannot even be keyed, with the reason", async () => {
    await t.store.submissions.receiveMalformed(T, '{"format":"shnor-submission","answers":', "не JSON", NOW);
    const kept = await t.store.db.query(t.store.db.collection(`territories/${T}/malformed`));
    expect(kept.docs.map((d) => d.data())).toEqual([
      { raw: '{"format":"shnor-submission","answers":', reason: "не JSON", receivedAt: NOW.toISOString() },
    ]);
  });

  it("keeps an envelope larger than a Firestore document cut to size, and says it was cut", async () => {
    const ref = { territoryId: T, formId: "f", responseId: "huge" };
    const received = await t.store.submissions.receive({
      ...ref,
      submittedAt: "2026-03-01T10:00:00Z",
      answers: [],
      rawJson: "я".repeat(500_000),
      receivedAt: NOW,
    });
    expect(received.data.truncatedBytes).toBe(1_000_000);
    const [version] = (await t.store.submissions.getResponse(ref)).versions;
    expect(version?.truncatedBytes).toBe(1_000_000);
    expect(Buffer.byteLength(String(version?.raw), "utf8")).toBeLessThanOrEqual(MAX_RAW_BYTES + 3); // + «…»
    expect(Buffer.byteLength(String(version?.raw), "utf8")).toBeGreaterThan(MAX_RAW_BYTES - 4);
  });
});

describe("issue 9 on the emulator: the transaction writes what the decision says", () => {
  const other = (n: number) => must(dataset.schools[n], `school ${n}`);

  it("an edit that moves a response to a school in another shard removes its values from the first school", async () => {
    const from = other(7);
    const to = dataset.schools.find((s) => shardOf(s.id) !== shardOf(from.id) && s.id !== school.id);
    if (to === undefined) throw new Error("no school in another shard");
    const patch = (schoolId: string): SchoolYearFacts => ({
      schoolId,
      year,
      staff: { teachers: 33, vacancies: 2 },
    });
    const base = { territoryId: T, formId: "form-staff", formKind: "staff", responseId: "moving" };
    await submitPatch(t.store.submissions, patch(from.id), { ...base, submittedAt: "2026-03-03T10:00:00Z" });
    expect((await factsOf(t.store, T, from.id, year))?.staff).toEqual({ teachers: 33, vacancies: 2 });
    const moved = await submitPatch(t.store.submissions, patch(to.id), {
      ...base,
      submittedAt: "2026-03-03T11:00:00Z",
    });
    expect(moved).toMatchObject({ replay: "edit", status: "accepted" });
    expect(await factsOf(t.store, T, from.id, year)).toBeUndefined();
    expect((await factsOf(t.store, T, to.id, year))?.staff).toEqual({ teachers: 33, vacancies: 2 });
    expect(await t.store.territories.getStoredFact(T, from.id, year)).toBeUndefined();
  });

  it("a second version with the same time and other answers is a conflict: kept raw, listed, facts unchanged", async () => {
    const target = other(8);
    const base = {
      territoryId: T,
      formId: "form-conflict",
      responseId: "twice",
      submittedAt: "2026-03-03T12:00:00Z",
    };
    await submitPatch(t.store.submissions, { schoolId: target.id, year, social: { students: 200 } }, base);
    const second = await submitPatch(
      t.store.submissions,
      { schoolId: target.id, year, social: { students: 999 } },
      base,
    );
    expect(second.replay).toBe("conflict");
    expect((await factsOf(t.store, T, target.id, year))?.social?.students).toBe(200);
    const stored = await t.store.submissions.getResponse({
      territoryId: T,
      formId: "form-conflict",
      responseId: "twice",
    });
    expect(stored.versions.map((v) => JSON.parse(v.raw).answers[0].value)).toHaveLength(2);
    const listed = (await t.store.submissions.listRejected(T)).find((r) => r.responseId === "twice");
    expect(listed?.errors[0]?.message).toMatch(/^конфликт версий/);
  });

  it("an unconfirmed address waits; confirmPending settles it once the registry has the address", async () => {
    const target = other(9);
    const patch: SchoolYearFacts = { schoolId: target.id, year, social: { students: 150, disabilities: 3 } };
    const pending = await submitPatch(t.store.submissions, patch, {
      territoryId: T,
      formId: "form-typed",
      responseId: "typed-1",
      submittedAt: "2026-03-03T13:00:00Z",
      respondentEmail: "Zavuch@Mail.example",
      settle: { emailCollection: "responder_input" },
      verdict: {
        status: "parsed",
        schoolId: target.id,
        year,
        patch,
        provenance: ["social.students", "social.disabilities"],
        respondent: { email: "Zavuch@Mail.example", collection: "responder_input", coordinators: [] },
      },
    });
    expect(pending.status).toBe("pending");
    expect(await factsOf(t.store, T, target.id, year)).toBeUndefined();
    expect((await t.store.submissions.listRejected(T)).map((r) => r.responseId)).toContain("typed-1");

    // a sync whose registry still lacks the address confirms nothing
    expect(await t.store.submissions.confirmPending(T, dataset.schools, NOW)).toEqual({
      confirmed: 0,
      checked: 0,
    });
    const registry = dataset.schools.map((s) =>
      s.id === target.id ? { ...s, emails: [...(s.emails ?? []), "zavuch@mail.example"] } : s,
    );
    await t.store.territories.saveSetup(T, { schools: registry }, NOW);
    expect(await t.store.submissions.confirmPending(T, registry, NOW)).toEqual({ confirmed: 1, checked: 1 });
    expect((await factsOf(t.store, T, target.id, year))?.social).toEqual({ students: 150, disabilities: 3 });
    expect((await t.store.submissions.listRejected(T)).map((r) => r.responseId)).not.toContain("typed-1");
    // restore the registry for the other tests
    await t.store.territories.saveSetup(T, { schools: dataset.schools }, NOW);
  });

  it("an envelope from an older script puts one notice first on «Ошибки»; one from a current script clears it", async () => {
    const target = other(10);
    const send = (responseId: string, outdatedScript: boolean) =>
      submitPatch(
        t.store.submissions,
        { schoolId: target.id, year, staff: { teachers: 12 } },
        {
          territoryId: T,
          formId: "form-script",
          formKind: "staff",
          responseId,
          submittedAt: "2026-03-03T14:00:00Z",
          settle: { outdatedScript },
        },
      );
    await send("old-script", true);
    const listed = await t.store.submissions.listRejected(T);
    expect(listed[0]?.errors[0]?.message).toMatch(/^Скрипт таблицы устарел/);
    expect(listed.filter((r) => r.errors[0]?.field === "script")).toHaveLength(1);
    await send("new-script", false);
    expect((await t.store.submissions.listRejected(T)).some((r) => r.errors[0]?.field === "script")).toBe(
      false,
    );
  });

  it("heldVersions answers 250 responses in the order asked, with the version in force or nothing", async () => {
    const refs = Array.from({ length: 250 }, (_, i) => ({
      formId: i % 2 === 0 ? "form-social" : "form-none",
      responseId: i === 0 ? "r1" : `absent-${i}`,
    }));
    const measured = await t.store.counter.measure(() => t.store.submissions.heldVersions(T, refs));
    expect(measured.value).toHaveLength(250);
    expect(measured.value[0]).toEqual({
      formId: "form-social",
      responseId: "r1",
      held: "2026-03-01T12:00:00Z",
    });
    expect(measured.value.slice(1).every((h) => h.held === undefined)).toBe(true);
    // three getAll calls, not 250 reads one by one
    expect(measured.count.calls).toBe(3);
  });

  it("keeps bodies of any size below Firestore's 1 MiB: a malformed one and an unrouted one", async () => {
    const huge = `{"x":"${"я".repeat(1_000_000)}"}`; // 2 MB of UTF-8
    const reason = "причина ".repeat(200_000);
    await t.store.submissions.receiveMalformed(T, huge, reason, NOW);
    await t.store.submissions.keepUnrouted({
      rawJson: huge,
      reason,
      receivedAt: NOW,
      caller: "metodist@example.ru",
      claimedTerritoryId: "nowhere",
    });
    const malformed = await t.store.db.query(t.store.db.collection(`territories/${T}/malformed`));
    const unrouted = await t.store.db.query(t.store.db.collection("unrouted-submissions"));
    for (const doc of [...malformed.docs, ...unrouted.docs]) {
      expect(documentBytes(doc.ref.path, doc.data())).toBeLessThan(FIRESTORE_DOCUMENT_LIMIT);
    }
    const kept = unrouted.docs.map((d) => d.data()).find((d) => d.claimedTerritoryId === "nowhere");
    expect(Buffer.byteLength(String(kept?.raw), "utf8")).toBeGreaterThan(MAX_RAW_BYTES - 4);
    expect(kept?.caller).toBe("metodist@example.ru");
  });
});
