// Two configured territories over HTTP: a coordinator of one can neither read nor change the other, on every route.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorTabs } from "../../functions/src/sample/sample-submissions.js";
import {
  type ApiHarness,
  bearer,
  COORDINATOR,
  firstOf,
  OTHER_COORDINATOR,
  OTHER_TERRITORY,
  SCHEDULER,
  startApi,
  TERRITORY,
} from "./api-fixture.js";

let api: ApiHarness;
const written: string[] = [];

beforeAll(async () => {
  api = await startApi(
    {
      writer: {
        write: async (target) => {
          written.push(target.territoryId);
          return { success: true, data: undefined };
        },
      },
      minPublishIntervalMs: 0,
    },
    { schools: 12, otherTerritory: true },
  );
  await api.syncSample();
  const other = await api.request
    .post("/sync")
    .set("Authorization", bearer(OTHER_COORDINATOR))
    .send({ territoryId: OTHER_TERRITORY, tabs: coordinatorTabs(api.dataset) });
  expect(other.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const ROUTES = [
  "/submit",
  "/sync",
  "/recalculate",
  "/results",
  "/receipts",
  "/compare",
  "/imports",
  "/draft",
  "/draft/letters",
  "/draft/notified",
  "/approve",
  "/approvals",
  "/journal",
  "/documents",
] as const;

/** Every route that names a territory, as `who` would call it for `territoryId`. */
function calls(
  territoryId: string,
  who: string,
): Record<(typeof ROUTES)[number], () => ReturnType<typeof api.request.get>> {
  const auth = bearer(who);
  const envelope = { ...firstOf(api.envelopes, "staff"), territoryId };
  return {
    "/submit": () => api.request.post("/submit").set("Authorization", auth).send(envelope),
    "/sync": () =>
      api.request
        .post("/sync")
        .set("Authorization", auth)
        .send({ territoryId, tabs: coordinatorTabs(api.dataset) }),
    "/recalculate": () => api.request.post("/recalculate").set("Authorization", auth).send({ territoryId }),
    "/results": () => api.request.get("/results").query({ territoryId }).set("Authorization", auth),
    "/receipts": () =>
      api.request
        .post("/receipts")
        .set("Authorization", auth)
        .send({
          territoryId,
          formId: envelope.form.id,
          responses: [{ responseId: envelope.response.id, submittedAt: envelope.response.submittedAt }],
        }),
    // well-formed bodies: the refusal must come from the coordinator check, not from a malformed request
    "/compare": () =>
      api.request
        .post("/compare")
        .set("Authorization", auth)
        .send({ territoryId, preset: "neftekumsk-2020" }),
    "/imports": () => api.request.get("/imports").query({ territoryId }).set("Authorization", auth),
    "/draft": () => api.request.post("/draft").set("Authorization", auth).send({ territoryId }),
    "/draft/letters": () =>
      api.request.get("/draft/letters").query({ territoryId }).set("Authorization", auth),
    "/draft/notified": () =>
      api.request
        .post("/draft/notified")
        .set("Authorization", auth)
        .send({ territoryId, draft: 1, schools: [{ schoolId: api.dataset.schools[0]?.id, recipients: 1 }] }),
    "/approve": () =>
      api.request
        .post("/approve")
        .set("Authorization", auth)
        .send({
          territoryId,
          order: { number: "1-од", date: "2026-06-01" },
          correction: { note: "опечатка" },
        }),
    "/approvals": () => api.request.get("/approvals").query({ territoryId }).set("Authorization", auth),
    "/journal": () => api.request.get("/journal").query({ territoryId }).set("Authorization", auth),
    "/documents": () =>
      api.request.get("/documents").query({ territoryId, version: "1" }).set("Authorization", auth),
  };
}

describe("a coordinator of one territory", () => {
  for (const [territoryId, stranger] of [
    [OTHER_TERRITORY, COORDINATOR],
    [TERRITORY, OTHER_COORDINATOR],
  ] as const) {
    for (const route of ROUTES) {
      it(`${stranger} → ${route} of «${territoryId}»: 403 in Russian, nothing written`, async () => {
        const decisions = api.runtime.store.decisions;
        const before = await api.runtime.store.territories.getTerritory(territoryId);
        const [drafts, approvals, journal] = await Promise.all([
          decisions.listDrafts(territoryId),
          decisions.listApprovals(territoryId),
          decisions.listJournal(territoryId),
        ]);
        const response = await calls(territoryId, stranger)[route]();
        expect(response.status).toBe(403);
        expect(response.body.message).toMatch(new RegExp(`${stranger} нет в списке координаторов`));
        const after = await api.runtime.store.territories.getTerritory(territoryId);
        expect(after?.factsVersion).toBe(before?.factsVersion);
        expect(after?.syncedAt).toBe(before?.syncedAt);
        expect(await decisions.listDrafts(territoryId)).toEqual(drafts);
        expect(await decisions.listApprovals(territoryId)).toEqual(approvals);
        expect(await decisions.listJournal(territoryId)).toEqual(journal);
      });
    }
  }

  it("flushes and names only their own territories; the scheduler flushes all", async () => {
    // new facts in both, published by nobody yet
    for (const id of [TERRITORY, OTHER_TERRITORY])
      await api.runtime.store.territories.importFacts(id, api.dataset.facts, "import:sample", new Date());
    written.length = 0;
    const mine = await api.request.post("/flush").set("Authorization", bearer(COORDINATOR)).send({});
    expect(mine.status).toBe(200);
    expect(mine.body.territories.map((t: { territoryId: string }) => t.territoryId)).toEqual([TERRITORY]);
    expect(written).toEqual([TERRITORY]);
    const states = await api.runtime.store.territories.listStates();
    expect(states.find((s) => s.territoryId === OTHER_TERRITORY)?.needsRecompute).toBe(true);

    const all = await api.request.post("/flush").set("Authorization", bearer(SCHEDULER)).send({});
    expect(all.status).toBe(200);
    expect(all.body.territories.map((t: { territoryId: string }) => t.territoryId)).toEqual([
      OTHER_TERRITORY,
    ]);
    expect(written).toEqual([TERRITORY, OTHER_TERRITORY]);
  });
});
