// The submit-path defects a hostile probe found (issue 9 §4), each over HTTP through the real functions-framework.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SampleEnvelope } from "../../functions/src/sample/sample-submissions.js";
import { MAX_RAW_BYTES } from "../../functions/src/store/submission-repository.js";
import {
  type ApiHarness,
  bearer,
  COORDINATOR,
  discardingWriter,
  firstOf,
  startApi,
  TERRITORY,
  withAnswers,
} from "./api-fixture.js";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ writer: discardingWriter });
  await api.syncSample();
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const submit = (envelope: unknown, authorization = bearer()) =>
  api.request
    .post("/submit")
    .set("Authorization", authorization)
    .send(envelope as object);

let next = 0;
/** The envelope under a response id no other test uses. */
function fresh(envelope: SampleEnvelope, id = `defect-${++next}`): SampleEnvelope {
  return { ...envelope, response: { ...envelope.response, id } };
}

const schoolOf = (envelope: SampleEnvelope) =>
  /\[(.+)\]$/.exec(String(envelope.answers[0]?.value))?.[1] ?? "";
const yearOf = (envelope: SampleEnvelope) => String(envelope.answers[1]?.value);
const factsOf = async (schoolId: string, year: string) =>
  (await api.runtime.store.territories.getStoredFact(TERRITORY, schoolId, year))?.facts;
const stored = (envelope: SampleEnvelope) =>
  api.runtime.store.submissions.getResponse({
    territoryId: TERRITORY,
    formId: envelope.form.id,
    responseId: envelope.response.id,
  });

describe("§4.1 thousands of bad answers", () => {
  it("6,000 invalid answers: 422 with the first 50 reasons and «и ещё …», the raw envelope kept whole", async () => {
    const base = firstOf(api.envelopes, "social", 3);
    const answers = Array.from({ length: 6_000 }, (_, i) => ({ key: `вопрос-${i}`, value: "много" }));
    const envelope = fresh({ ...base, answers });
    const response = await submit(envelope);
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveLength(51);
    // 6,000 unknown questions and the required ones left unanswered
    expect(response.body.errors[50].message).toMatch(/^и ещё 595\d ошиб/);
    expect(JSON.stringify(response.body).length).toBeLessThan(30_000);
    const kept = await stored(envelope);
    expect(JSON.parse(kept.versions[0]?.raw ?? "{}").answers).toHaveLength(6_000);
    expect(kept.current?.errors).toHaveLength(51);
  }, 60_000);

  it(`an envelope past ${MAX_RAW_BYTES} bytes: 413 in its own words, kept cut to size as a rejected answer`, async () => {
    const base = firstOf(api.envelopes, "staff", 4);
    const envelope = fresh(withAnswers(base, { "staff.vacancies": "я".repeat(MAX_RAW_BYTES / 2) }));
    const response = await submit(envelope);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ status: "rejected", code: "too_large" });
    expect(response.body.message).toMatch(/ответ слишком большой/);
    expect(response.body.errors[0].message).toMatch(/ответ слишком большой/);
    const kept = await stored(envelope);
    expect(kept.current?.status).toBe("rejected");
    expect(kept.versions[0]?.truncatedBytes).toBeGreaterThan(MAX_RAW_BYTES);
    expect(kept.versions[0]?.raw).toContain(envelope.response.id);
    // the client resends nothing: /receipts counts it as held
    const receipts = await api.request
      .post("/receipts")
      .set("Authorization", bearer())
      .send({
        territoryId: TERRITORY,
        formId: envelope.form.id,
        responses: [{ responseId: envelope.response.id, submittedAt: envelope.response.submittedAt }],
      });
    expect(receipts.body.missing).toEqual([]);
    // and a shorter edit of the same response is taken
    const edit = await submit({
      ...base,
      response: { ...envelope.response, submittedAt: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(edit.status).toBe(200);
  });
});

describe("§4.2 a submittedAt far in the future", () => {
  it("is refused with 422 in Russian and kept raw; a later genuine version is still accepted", async () => {
    const base = fresh(firstOf(api.envelopes, "staff", 5));
    const forged = { ...base, response: { ...base.response, submittedAt: "9999-12-31T00:00:00Z" } };
    const refused = await submit(forged);
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ field: "response.submittedAt" });
    expect(refused.body.errors[0].message).toMatch(/позже времени получения больше чем на сутки/);
    expect((await stored(base)).versions.map((v) => v.submittedAt)).toEqual(["9999-12-31T00:00:00Z"]);

    const genuine = await submit({
      ...base,
      response: { ...base.response, submittedAt: "2026-06-21T10:00:00Z" },
    });
    expect(genuine.status).toBe(200);
    expect(genuine.body).toEqual({ status: "accepted" });
  });

  it("a clock a few hours ahead is still accepted (the limit is a day)", async () => {
    const base = fresh(firstOf(api.envelopes, "staff", 6));
    const soon = new Date(Date.now() + 6 * 3_600_000).toISOString();
    expect((await submit({ ...base, response: { ...base.response, submittedAt: soon } })).status).toBe(200);
  });
});

describe("§4.3 an edit that moves a response to another school", () => {
  it("takes the values out of the first school in the same transaction", async () => {
    const first = firstOf(api.envelopes, "social", 9);
    const other = api.envelopes.find(
      (e) => e.form.kind === "social" && schoolOf(e) !== schoolOf(first) && yearOf(e) === yearOf(first),
    );
    if (other === undefined) throw new Error("no second school");
    // the coordinator may answer for any school, so the same response can name either
    const original = fresh({ ...first, response: { ...first.response, respondentEmail: COORDINATOR } });
    expect((await submit(original)).status).toBe(200);
    const given = (await factsOf(schoolOf(first), yearOf(first)))?.social;
    expect(given?.students).toBeGreaterThan(0);

    const moved = {
      ...withAnswers(original, { school: other.answers[0]?.value ?? null }),
      response: { ...original.response, submittedAt: "2026-06-22T10:00:00Z" },
    };
    const response = await submit(moved);
    expect(response.body).toEqual({ status: "updated" });
    expect(await factsOf(schoolOf(first), yearOf(first))).toBeUndefined();
    expect((await factsOf(schoolOf(other), yearOf(first)))?.social).toEqual(given);
  });
});

describe("§4.4 two versions with the same submittedAt and different answers", () => {
  it("answers 409 «конфликт версий», keeps both raw and the first in force", async () => {
    const envelope = fresh(firstOf(api.envelopes, "staff", 7));
    expect((await submit(envelope)).status).toBe(200);
    const before = await factsOf(schoolOf(envelope), yearOf(envelope));
    const other = withAnswers(envelope, { "staff.vacancies": "9" });
    const response = await submit(other);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ status: "conflict", code: "version_conflict" });
    expect(response.body.message).toMatch(/^конфликт версий/);
    // a replay of the conflicting version is the same conflict, never «duplicate»
    expect((await submit(other)).status).toBe(409);
    expect((await stored(envelope)).versions).toHaveLength(2);
    expect(await factsOf(schoolOf(envelope), yearOf(envelope))).toEqual(before);
    const listed = await api.runtime.store.submissions.listRejected(TERRITORY);
    expect(listed.find((r) => r.responseId === envelope.response.id)?.errors[0]?.message).toMatch(
      /конфликт версий/,
    );
  });
});

describe("§4.8 envelopes with no readable territory", () => {
  const unrouted = async () =>
    (await api.runtime.store.db.query(api.runtime.store.db.collection("unrouted-submissions"))).docs.map(
      (d) => d.data(),
    );

  it("a body that is not JSON, from a coordinator: 400 in Russian, kept unrouted with the reason", async () => {
    const response = await api.request
      .post("/submit")
      .set("Authorization", bearer())
      .set("Content-Type", "text/plain")
      .send("{не json: 1");
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/не JSON/);
    expect(await unrouted()).toContainEqual(
      expect.objectContaining({ raw: "{не json: 1", caller: COORDINATOR, reason: "тело запроса — не JSON" }),
    );
  });

  it("an envelope without a territory, or for one not served: kept unrouted with what it claimed", async () => {
    const base = fresh(firstOf(api.envelopes, "staff", 8));
    const { territoryId: _, ...withoutTerritory } = base;
    expect((await submit(withoutTerritory)).status).toBe(400);
    const elsewhere = { ...fresh(base), territoryId: "nowhere" };
    const response = await submit(elsewhere);
    expect(response.status).toBe(404);
    const kept = await unrouted();
    expect(
      kept.some((d) => String(d.raw).includes(base.response.id) && d.claimedTerritoryId === undefined),
    ).toBe(true);
    expect(kept).toContainEqual(
      expect.objectContaining({
        claimedTerritoryId: "nowhere",
        reason: "территория «nowhere» не обслуживается",
      }),
    );
    expect(await api.runtime.store.territories.getTerritory("nowhere")).toBeUndefined();
  });

  it("someone who coordinates no territory gets 403 and nothing is written", async () => {
    const before = (await unrouted()).length;
    const response = await api.request
      .post("/submit")
      .set("Authorization", bearer("someone@gmail.com"))
      .set("Content-Type", "text/plain")
      .send("мусор");
    expect(response.status).toBe(403);
    expect(await unrouted()).toHaveLength(before);
  });
});
