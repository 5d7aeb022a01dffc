// 20 submissions for one territory at once end with the same facts and results as the same submissions one by one.
import { describe, expect, it } from "vitest";
import type { SampleEnvelope } from "../../functions/src/sample/sample-submissions.js";
import { bearer, discardingWriter, startApi, TERRITORY, withAnswers } from "./api-fixture.js";

/** 16 responses of a few schools, then 4 edits of them (later time, other values), in that order. */
function submissions(envelopes: readonly SampleEnvelope[]): SampleEnvelope[] {
  const originals = envelopes.filter((e) => e.answers[1]?.value === "2025/2026").slice(0, 16);
  const change: Record<string, Record<string, string>> = {
    social: { "social.onPreventiveRegister": "0", "social.remote": "Да" },
    support: { "support.eventsHeld": "7" },
    staff: { "staff.vacancies": "4" },
  };
  const edits = originals
    .filter((e) => change[e.form.kind] !== undefined)
    .slice(0, 4)
    .map((original) => ({
      ...withAnswers(original, change[original.form.kind] ?? {}),
      response: { ...original.response, submittedAt: "2026-07-01T08:00:00.000Z" },
    }));
  if (originals.length !== 16 || edits.length !== 4) throw new Error("too few sample envelopes");
  return [...originals, ...edits];
}

async function run(mode: "sequential" | "concurrent") {
  const api = await startApi({
    writer: discardingWriter,
    publishAfterChange: "background",
  });
  try {
    await api.syncSample();
    const list = submissions(api.envelopes);
    const send = (e: SampleEnvelope) => api.request.post("/submit").set("Authorization", bearer()).send(e);
    const statuses: number[] = [];
    if (mode === "sequential") for (const e of list) statuses.push((await send(e)).status);
    else statuses.push(...(await Promise.all(list.map(send))).map((r) => r.status));
    await api.runtime.idle();
    const recalculated = await api.request
      .post("/recalculate")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY });
    expect(recalculated.status).toBe(200);
    const results = await api.request
      .get("/results")
      .query({ territoryId: TERRITORY })
      .set("Authorization", bearer());
    const loaded = await api.runtime.store.territories.loadDataset(TERRITORY);
    if (!loaded.success) throw new Error("territory missing");
    return { statuses, results: results.body, facts: loaded.data.dataset.facts };
  } finally {
    await api.close();
  }
}

describe("concurrent submissions", () => {
  it("give the same facts and results as the same submissions in sequence", async () => {
    const sequential = await run("sequential");
    const concurrent = await run("concurrent");
    expect(sequential.statuses).toEqual(sequential.statuses.map(() => 200));
    expect(concurrent.statuses).toEqual(concurrent.statuses.map(() => 200));
    expect(concurrent.facts).toEqual(sequential.facts);
    expect(concurrent.results).toEqual(sequential.results);
  }, 120_000);
});
