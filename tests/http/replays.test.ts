// Deliveries that repeat over HTTP: identical replays in parallel count once; a version stored but never settled is settled by its retry.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SampleEnvelope } from "../../functions/src/sample/sample-submissions.js";
import { type ApiHarness, bearer, discardingWriter, firstOf, startApi, TERRITORY } from "./api-fixture.js";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({
    writer: discardingWriter,
    publishAfterChange: "background",
  });
  await api.syncSample();
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const submit = (envelope: SampleEnvelope) =>
  api.request.post("/submit").set("Authorization", bearer()).send(envelope);

/** One teacher's anonymous self-diagnosis: a tally, so an answer counted twice shows as one respondent too many. */
function teacher(id: string): SampleEnvelope {
  const base = firstOf(api.envelopes, "social", 4);
  return {
    ...base,
    form: { ...base.form, kind: "selfDiagnosis", id: "sample-form-selfDiagnosis" },
    response: { id, submittedAt: "2026-06-20T10:00:00Z" },
    answers: [
      { key: "school", value: base.answers[0]?.value ?? null },
      { key: "year", value: "2026/2027" },
      { key: "selfDiagnosis.deficits", value: ["Методика преподавания предмета"] },
    ],
  };
}

const schoolId = () =>
  /\[(.+)\]$/.exec(String(firstOf(api.envelopes, "social", 4).answers[0]?.value))?.[1] ?? "";
const tally = async () =>
  (await api.runtime.store.territories.getStoredFact(TERRITORY, schoolId(), "2026/2027"))?.facts
    .selfDiagnosis;

describe("replays", () => {
  it("12 identical deliveries at once: all 200, one «accepted», the answer counted once", async () => {
    const envelope = teacher("parallel-1");
    const before = (await api.runtime.store.territories.getTerritory(TERRITORY))?.factsVersion ?? 0;
    const responses = await Promise.all(Array.from({ length: 12 }, () => submit(envelope)));
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const statuses = responses.map((r) => r.body.status).sort();
    expect(statuses).toEqual(["accepted", ...Array.from({ length: 11 }, () => "duplicate")]);
    expect((await tally())?.respondents).toBe(1);
    expect((await api.runtime.store.territories.getTerritory(TERRITORY))?.factsVersion).toBe(before + 1);
    await api.runtime.idle();
  });

  it("a version stored but never settled (the instance died in between) is settled by its retry", async () => {
    const envelope = teacher("crash-1");
    const settle = vi
      .spyOn(api.runtime.store.submissions, "settle")
      .mockRejectedValueOnce(new Error("instance stopped after storing the raw envelope"));
    try {
      const crashed = await submit(envelope);
      expect(crashed.status).toBe(500);
      expect(crashed.body.message).toMatch(/запрос можно повторить позже/);
      const stored = await api.runtime.store.submissions.getResponse({
        territoryId: TERRITORY,
        formId: envelope.form.id,
        responseId: envelope.response.id,
      });
      expect(stored.versions).toHaveLength(1);
      expect(stored.current).toBeUndefined();
      // «Досылка ответов» finds it missing, so the script sends it again
      const receipts = await api.request
        .post("/receipts")
        .set("Authorization", bearer())
        .send({
          territoryId: TERRITORY,
          formId: envelope.form.id,
          responses: [{ responseId: envelope.response.id, submittedAt: envelope.response.submittedAt }],
        });
      expect(receipts.body.missing).toHaveLength(1);

      const retried = await submit(envelope);
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual({ status: "accepted" });
      expect((await tally())?.respondents).toBe(2);
    } finally {
      settle.mockRestore();
      await api.runtime.idle();
    }
  });
});
