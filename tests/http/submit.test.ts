// POST /submit through the real functions-framework on the emulator: statuses, Russian messages, idempotency, history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SampleEnvelope } from "../../functions/src/sample/sample-submissions.js";
import { submissionDocId } from "../../functions/src/store/stored-documents.js";
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

const submit = (envelope: unknown, authorization: string | null = bearer()) => {
  const request = api.request.post("/submit");
  if (authorization !== null) request.set("Authorization", authorization);
  return request.send(envelope as object);
};

/** A fresh response id, so tests do not see each other's responses. */
let next = 0;
function fresh(envelope: SampleEnvelope): SampleEnvelope {
  next++;
  return { ...envelope, response: { ...envelope.response, id: `test-${next}` } };
}

async function factsOf(schoolId: string, year: string) {
  return (await api.runtime.store.territories.getStoredFact(TERRITORY, schoolId, year))?.facts;
}

describe("POST /submit", () => {
  it("accepts answers typed the way people type them and stores them in the school's facts", async () => {
    const base = firstOf(api.envelopes, "social");
    const envelope = fresh(
      withAnswers(base, {
        "social.students": "1 200",
        "social.singleParentFamilies": "35",
        "social.remote": "Да",
        "social.infrastructureDeficit": "нет",
        "social.chronicAbsence": "",
      }),
    );
    const response = await submit(envelope);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "accepted" });
    const schoolId = /\[(.+)\]$/.exec(String(base.answers[0]?.value))?.[1] ?? "";
    const facts = await factsOf(schoolId, String(base.answers[1]?.value));
    expect(facts?.social).toMatchObject({
      students: 1200,
      singleParentFamilies: 35,
      remote: true,
      infrastructureDeficit: false,
    });
  });

  it("reads decimals with a comma: «3,5» is 3.5", async () => {
    const base = firstOf(api.envelopes, "gia", 3);
    const envelope = fresh(withAnswers(base, { "oge.math.meanGrade": "3,5" }));
    const response = await submit(envelope);
    expect(response.status).toBe(200);
    const schoolId = /\[(.+)\]$/.exec(String(base.answers[0]?.value))?.[1] ?? "";
    const facts = await factsOf(schoolId, String(base.answers[1]?.value));
    expect(facts?.oge?.find((o) => o.subject === "math")?.meanGrade).toBe(3.5);
  });

  it("answers a replay with `duplicate` and an edited response with `updated`, keeping every version", async () => {
    const envelope = fresh(firstOf(api.envelopes, "staff"));
    expect((await submit(envelope)).body).toEqual({ status: "accepted" });
    expect((await submit(envelope)).body).toEqual({ status: "duplicate" });
    const edited = {
      ...withAnswers(envelope, { "staff.vacancies": "3" }),
      response: { ...envelope.response, submittedAt: "2026-06-20T10:00:00Z" },
    };
    const updated = await submit(edited);
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ status: "updated" });
    expect((await submit(edited)).body).toEqual({ status: "duplicate" });

    const stored = await api.runtime.store.submissions.getResponse({
      territoryId: TERRITORY,
      formId: envelope.form.id,
      responseId: envelope.response.id,
    });
    expect(stored.versions.map((v) => v.submittedAt)).toEqual([
      envelope.response.submittedAt,
      "2026-06-20T10:00:00Z",
    ]);
    expect(stored.current?.settledVersions).toBe(2);
    expect(JSON.parse(stored.versions[0]?.raw ?? "{}")).toEqual(envelope);
  });

  it("rejects wrong answers with 422 and a Russian message per question, and keeps the response with its reasons", async () => {
    const envelope = fresh(
      withAnswers(firstOf(api.envelopes, "social", 1), {
        "social.students": "много",
        "social.remote": "может быть",
      }),
    );
    const response = await submit(envelope);
    expect(response.status).toBe(422);
    expect(response.body.status).toBe("rejected");
    const fields = (response.body.errors as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(["social.remote", "social.students"]);
    const students = response.body.errors.find((e: { field: string }) => e.field === "social.students");
    expect(students.message).toMatch(/«много» — ожидается число/);
    const rejected = await api.runtime.store.submissions.listRejected(TERRITORY);
    expect(rejected.some((r) => r.responseId === envelope.response.id)).toBe(true);
  });

  it("refuses a respondent who is not the school's with 403 and stores the refusal for «Ошибки»", async () => {
    const envelope = fresh(firstOf(api.envelopes, "support"));
    const stranger = {
      ...envelope,
      response: { ...envelope.response, respondentEmail: "someone@gmail.com" },
    };
    const response = await submit(stranger);
    expect(response.status).toBe(403);
    expect(response.body.errors[0].message).toMatch(/someone@gmail\.com не указан у школы/);
  });

  it("answers a replay of a response stored before errors had codes with the same status and message", async () => {
    // documents written before SubmissionError.code hold `{field, message}` only: strip the codes, replay
    const stripCodes = async (envelope: SampleEnvelope) => {
      const ref = api.runtime.store.db.doc(
        `territories/${TERRITORY}/submissions/${submissionDocId(envelope.form.id, envelope.response.id)}`,
      );
      const stored = (await api.runtime.store.db.get(ref)).data() ?? {};
      const errors = (stored.errors as { code?: string; field: string; message: string }[]).map(
        ({ field, message }) => ({ field, message }),
      );
      expect(errors.length).toBeGreaterThan(0);
      await api.runtime.store.db.set(ref, { errors }, { merge: true });
      expect((await api.runtime.store.db.get(ref)).data()?.errors).toEqual(errors);
    };
    const refused = fresh(firstOf(api.envelopes, "support", 2));
    const stranger = { ...refused, response: { ...refused.response, respondentEmail: "old@gmail.com" } };
    const wrong = fresh(withAnswers(firstOf(api.envelopes, "social", 2), { "social.students": "много" }));
    for (const [envelope, status] of [
      [stranger, 403],
      [wrong, 422],
    ] as const) {
      const first = await submit(envelope);
      expect(first.status).toBe(status);
      await stripCodes(envelope);
      const replay = await submit(envelope);
      expect(replay.status).toBe(status);
      expect(replay.body).toEqual(first.body);
    }
  });

  it("lets a coordinator answer for a school", async () => {
    const envelope = fresh(firstOf(api.envelopes, "support", 1));
    const byCoordinator = { ...envelope, response: { ...envelope.response, respondentEmail: COORDINATOR } };
    expect((await submit(byCoordinator)).status).toBe(200);
  });

  it("answers 400 with the broken field for a malformed envelope, and keeps it", async () => {
    const envelope = fresh(firstOf(api.envelopes, "staff", 1));
    const broken = { ...envelope, version: 2, response: { ...envelope.response, submittedAt: "вчера" } };
    const response = await submit(broken);
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["version", "response.submittedAt"]));
    const kept = await api.runtime.store.db.query(
      api.runtime.store.db.collection(`territories/${TERRITORY}/malformed`),
    );
    expect(kept.docs.some((d) => String(d.data().raw).includes("вчера"))).toBe(true);
  });

  it("answers 400 in Russian for a body that is not JSON", async () => {
    const response = await api.request
      .post("/submit")
      .set("Authorization", bearer())
      .set("Content-Type", "text/plain")
      .send("{not json");
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/не JSON/);
  });

  it("writes nothing when the caller has no token (401), a bad token (401) or is not a coordinator (403)", async () => {
    const envelope = fresh(firstOf(api.envelopes, "staff", 2));
    const noToken = await submit(envelope, null);
    expect(noToken.status).toBe(401);
    expect(noToken.body.message).toMatch(/нет токена/);
    const forged = await submit(envelope, "Bearer abc.def.ghi");
    expect(forged.status).toBe(401);
    const otherApp = await submit(envelope, bearer(COORDINATOR, "other-app.apps.googleusercontent.com"));
    expect(otherApp.status).toBe(401);
    expect(otherApp.body.message).toMatch(/аудитория/);
    const stranger = await submit(envelope, bearer("someone@gmail.com"));
    expect(stranger.status).toBe(403);
    expect(stranger.body.message).toMatch(/someone@gmail\.com нет в списке координаторов/);
    const devHeader = await api.request.post("/submit").set("X-Shnor-Dev-User", COORDINATOR).send(envelope);
    expect(devHeader.status).toBe(401);

    const stored = await api.runtime.store.submissions.getResponse({
      territoryId: TERRITORY,
      formId: envelope.form.id,
      responseId: envelope.response.id,
    });
    expect(stored).toEqual({ current: undefined, versions: [] });
  });

  it("answers 404 for a territory it does not serve, without writing", async () => {
    const envelope = { ...fresh(firstOf(api.envelopes, "staff", 3)), territoryId: "nowhere" };
    const response = await submit(envelope);
    expect(response.status).toBe(404);
    expect(response.body.message).toMatch(/«nowhere» не обслуживается/);
    expect(await api.runtime.store.territories.getTerritory("nowhere")).toBeUndefined();
  });

  it("keeps no respondent address for the anonymous self-diagnosis", async () => {
    const base = firstOf(api.envelopes, "social", 2);
    const school = base.answers[0]?.value ?? null;
    const envelope = fresh({
      ...base,
      form: { ...base.form, kind: "selfDiagnosis", id: "sample-form-selfDiagnosis" },
      response: { ...base.response, respondentEmail: "teacher@gmail.com" },
      answers: [
        { key: "school", value: school },
        { key: "year", value: base.answers[1]?.value ?? null },
        { key: "selfDiagnosis.deficits", value: ["Методика преподавания предмета"] },
      ],
    });
    const response = await submit(envelope);
    expect(response.status).toBe(200);
    const stored = await api.runtime.store.submissions.getResponse({
      territoryId: TERRITORY,
      formId: envelope.form.id,
      responseId: envelope.response.id,
    });
    expect(stored.current?.respondentEmail).toBeUndefined();
  });
});
