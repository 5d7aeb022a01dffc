// A territory whose schools have sent nothing yet: /flush says so once and then stops loading it every minute.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, bearer, FUNCTION_URL, SCHEDULER, startApi, TERRITORY } from "./api-fixture.js";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi();
  await api.syncSample();
  await api.runtime.idle();
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const flush = () => api.request.post("/flush").set("Authorization", bearer(SCHEDULER, FUNCTION_URL)).send({});

describe("a territory with a registry and no answers yet", () => {
  it("is reported once as having nothing to compute, then left alone until something arrives", async () => {
    const first = await flush();
    expect(first.status).toBe(200);
    const mine = (
      first.body.territories as { territoryId: string; action: string; message: string }[]
    ).filter((t) => t.territoryId === TERRITORY);
    // the sync itself may already have tried and settled it; either way nothing is published
    expect(mine.every((t) => t.action !== "published")).toBe(true);
    const second = await flush();
    expect(second.status).toBe(200);
    expect(second.body.territories).toEqual([]);
    const states = await api.runtime.store.territories.listStates();
    const state = states.find((s) => s.territoryId === TERRITORY);
    expect(state?.needsRecompute).toBe(false);

    // the first answer makes it stale again
    const envelope = api.envelopes.find((e) => e.form.kind === "social");
    if (!envelope) throw new Error("no social form in the sample");
    const submitted = await api.request.post("/submit").set("Authorization", bearer()).send(envelope);
    expect(submitted.status).toBe(200);
    await api.runtime.idle();
    const after = (await api.runtime.store.territories.listStates()).find((s) => s.territoryId === TERRITORY);
    expect(after?.needsRecompute || after?.needsPublish || after?.publishedGeneration).toBeTruthy();
  });
});
