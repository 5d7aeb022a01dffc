// Development mode (what `shnor serve` runs): the X-Shnor-Dev-User header from loopback, territories created by first sync.
import { getTestServer } from "@google-cloud/functions-framework/testing";
import supertest from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../functions/src/http/config.js";
import { apiRuntime, closeApi, configureApi } from "../../functions/src/index.js";
import { coordinatorTabs, sampleEnvelopes } from "../../functions/src/sample/sample-submissions.js";
import { clearEmulatorProject } from "../../functions/src/store/firestore-emulator.js";
import { emulatorHost, uniqueProjectId } from "../support/emulator.js";
import { discardingWriter, quiet, sampleDataset } from "./api-fixture.js";

const projectId = uniqueProjectId("dev");
let request: ReturnType<typeof supertest>;

beforeAll(() => {
  const config = parseConfig({
    SHNOR_DEV_MODE: "1",
    SHNOR_PROJECT_ID: projectId,
    FIRESTORE_EMULATOR_HOST: emulatorHost(),
  });
  if (!config.success) throw new Error(JSON.stringify(config.error));
  configureApi({
    config: config.data,
    overrides: { writer: discardingWriter, log: quiet },
  });
  request = supertest(getTestServer("api"));
});

afterAll(async () => {
  await closeApi();
  await clearEmulatorProject(emulatorHost(), projectId);
});

describe("development mode", () => {
  const dataset = { ...sampleDataset(), territory: { ...sampleDataset().territory, id: "dev-territory" } };

  it("creates a territory on its first sync, with the caller as its only coordinator", async () => {
    const first = await request
      .post("/sync")
      .set("X-Shnor-Dev-User", "metodist@example.ru")
      .send({ territoryId: "dev-territory", name: dataset.territory.name, tabs: coordinatorTabs(dataset) });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: "ok", errors: [] });
    const runtime = await apiRuntime();
    const stored = await runtime.store.territories.getTerritory("dev-territory");
    expect(stored?.coordinators).toEqual(["metodist@example.ru"]);
    expect(stored?.name).toBe(dataset.territory.name);

    const takeover = await request
      .post("/sync")
      .set("X-Shnor-Dev-User", "other@example.ru")
      .send({ territoryId: "dev-territory", tabs: {} });
    expect(takeover.status).toBe(403);
  });

  it("accepts submissions named by the dev header and refuses requests naming nobody", async () => {
    const envelope = sampleEnvelopes(dataset)[0];
    const accepted = await request
      .post("/submit")
      .set("X-Shnor-Dev-User", "metodist@example.ru")
      .send(envelope);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ status: "accepted" });
    const nobody = await request.post("/submit").send(envelope);
    expect(nobody.status).toBe(401);
    const health = await request.get("/health");
    expect(health.body.mode).toBe("development");
  });
});
