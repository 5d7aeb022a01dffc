// POST /receipts (issue 9 §2): which responses the server does not hold, or holds only in an older version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RECEIPTS } from "../../functions/src/http/receipts-route.js";
import type { SampleEnvelope } from "../../functions/src/sample/sample-submissions.js";
import {
  type ApiHarness,
  bearer,
  discardingWriter,
  firstOf,
  SCHEDULER,
  startApi,
  TERRITORY,
  withAnswers,
} from "./api-fixture.js";

let api: ApiHarness;
const FORM = "sample-form-staff";
const base = () => firstOf(api.envelopes, "staff", 1);

const submit = (envelope: SampleEnvelope) =>
  api.request.post("/submit").set("Authorization", bearer()).send(envelope);
const version = (
  id: string,
  submittedAt: string,
  extra: Partial<SampleEnvelope["response"]> = {},
): SampleEnvelope => {
  const envelope = base();
  return { ...envelope, response: { ...envelope.response, id, submittedAt, ...extra } };
};
const receipts = (responses: unknown, authorization = bearer(), formId = FORM) =>
  api.request
    .post("/receipts")
    .set("Authorization", authorization)
    .send({ territoryId: TERRITORY, formId, responses });

beforeAll(async () => {
  api = await startApi({ writer: discardingWriter });
  await api.syncSample();
  expect(base().form.id).toBe(FORM);
  // held: an accepted response, an edited one, a rejected one, a pending one
  for (const envelope of [
    version("held", "2026-06-15T09:00:00Z"),
    version("edited", "2026-06-15T09:00:00Z"),
    version("edited", "2026-06-16T09:00:00Z"),
    withAnswers(version("rejected", "2026-06-15T09:00:00Z"), { "staff.teachers": "сорок" }),
    version("pending", "2026-06-15T09:00:00Z", {
      respondentEmail: "typed@mail.example",
      emailCollection: "responder_input",
    } as Partial<SampleEnvelope["response"]>),
  ]) {
    expect((await submit(envelope)).status).toBeLessThan(500);
  }
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe("POST /receipts", () => {
  it("lists, in the order asked, what is not held or held only in an older version, comparing instants", async () => {
    const response = await receipts([
      { responseId: "never-sent", submittedAt: "2026-06-15T09:00:00Z" },
      { responseId: "held", submittedAt: "2026-06-15T09:00:00Z" },
      // the same instant written in another zone: held
      { responseId: "held", submittedAt: "2026-06-15T12:00:00+03:00" },
      // the form has a later edit than the server: a lost edit, sent again
      { responseId: "held", submittedAt: "2026-06-15T10:00:00Z" },
      // the server holds a later version than the form asks about: held
      { responseId: "edited", submittedAt: "2026-06-15T09:00:00Z" },
      // later as text, earlier as an instant: held
      { responseId: "edited", submittedAt: "2026-06-16T11:00:00+03:00" },
      { responseId: "rejected", submittedAt: "2026-06-15T09:00:00Z" },
      { responseId: "pending", submittedAt: "2026-06-15T09:00:00Z" },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: "ok",
      missing: [
        { responseId: "never-sent", submittedAt: "2026-06-15T09:00:00Z", held: null },
        { responseId: "held", submittedAt: "2026-06-15T10:00:00Z", held: "2026-06-15T09:00:00Z" },
      ],
    });
  });

  it("answers the response ids of another form as not held", async () => {
    const response = await receipts(
      [{ responseId: "held", submittedAt: "2026-06-15T09:00:00Z" }],
      bearer(),
      "other-form",
    );
    expect(response.body.missing).toEqual([
      { responseId: "held", submittedAt: "2026-06-15T09:00:00Z", held: null },
    ]);
  });

  it(`takes ${MAX_RECEIPTS} responses in a bounded number of Firestore calls, and refuses ${MAX_RECEIPTS + 1}`, async () => {
    const many = Array.from({ length: MAX_RECEIPTS }, (_, i) => ({
      responseId: i === 500 ? "held" : `r-${i}`,
      submittedAt: "2026-06-15T09:00:00Z",
    }));
    const measured = await api.runtime.store.counter.measure(() => receipts(many));
    expect(measured.value.status).toBe(200);
    expect(measured.value.body.missing).toHaveLength(MAX_RECEIPTS - 1);
    expect(measured.value.body.missing[500].responseId).toBe("r-501");
    // 10 getAll calls of 100 (plus the territory's identity on first use), not 1,000 reads one by one
    expect(measured.count.calls).toBeLessThanOrEqual(12);

    const tooMany = await receipts([
      ...many,
      { responseId: "one-more", submittedAt: "2026-06-15T09:00:00Z" },
    ]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/не больше 1000 ответов за один запрос/);
  });

  it.each([
    ["no responses", []],
    ["a time that is not ISO 8601", [{ responseId: "x", submittedAt: "вчера" }]],
    ["a response without an id", [{ submittedAt: "2026-06-15T09:00:00Z" }]],
  ])("refuses %s with 400 in Russian", async (_, responses) => {
    const response = await receipts(responses);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^неверный запрос сверки/);
  });

  it("is for coordinators only: the scheduler account and strangers get 403", async () => {
    const one = [{ responseId: "held", submittedAt: "2026-06-15T09:00:00Z" }];
    expect((await receipts(one, bearer(SCHEDULER))).status).toBe(403);
    expect((await receipts(one, bearer("someone@gmail.com"))).status).toBe(403);
  });
});
