// The small routes and the edges of the router: /health, /catalog, /sync row errors, unknown paths and methods.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorTabs } from "../../functions/src/sample/sample-submissions.js";
import { type ApiHarness, bearer, discardingWriter, startApi, TERRITORY } from "./api-fixture.js";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ writer: discardingWriter });
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe("routes", () => {
  it("answers /health without a token", async () => {
    const response = await api.request.get("/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ok", mode: "production" });
  });

  it("describes every form and coordinator tab on /catalog, in Russian", async () => {
    const response = await api.request.get("/catalog");
    expect(response.status).toBe(200);
    expect(response.body.forms.map((f: { kind: string }) => f.kind)).toEqual([
      "social",
      "gia",
      "vpr",
      "staff",
      "support",
      "selfDiagnosis",
      "objection",
    ]);
    const objection = response.body.forms.find((f: { kind: string }) => f.kind === "objection");
    expect(objection.title).toBe("Обращение школы по спискам");
    const schools = response.body.coordinatorTabs.find((t: { name: string }) => t.name === "Школы");
    expect(schools.columns[0]).toMatchObject({ header: "Код школы", key: "id" });
  });

  it("syncs the coordinator's tabs and reports bad rows with the tab, row, column and a Russian message", async () => {
    await api.syncSample();
    const tabs = coordinatorTabs(api.dataset);
    const schools = tabs.Школы ?? [];
    const broken = [
      ...schools,
      ["sch-bad", "МБОУ «Новая школа»", "Подводная", "", "может быть", "", "", "", ""],
    ];
    const response = await api.request
      .post("/sync")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY, tabs: { ...tabs, Школы: broken } });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe("ok");
    const errors = response.body.errors as { tab: string; row: number; column: string; message: string }[];
    expect(errors.map((e) => [e.tab, e.row, e.column])).toEqual([
      ["Школы", 1, ""],
      ["Школы", broken.length, "Местность"],
      ["Школы", broken.length, "Малокомплектная"],
    ]);
    expect(errors[0]?.message).toMatch(/^лист не применён/);
    expect(errors[1]?.message).toMatch(/«Подводная»/);
    // «Школы» is taken whole or not at all: the registry synced before stands, without the bad new row
    const loaded = await api.runtime.store.territories.loadDataset(TERRITORY);
    expect(loaded.success && loaded.data.dataset.schools.map((s) => s.id)).toEqual(
      api.dataset.schools.map((s) => s.id),
    );
  });

  it("refuses /sync of a configured territory to someone not on its allowlist", async () => {
    const response = await api.request
      .post("/sync")
      .set("Authorization", bearer("someone@gmail.com"))
      .send({ territoryId: TERRITORY, tabs: {} });
    expect(response.status).toBe(403);
  });

  it("answers 400 for a sync without tabs", async () => {
    const response = await api.request
      .post("/sync")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe("tabs");
  });

  it.each([
    [
      "a bracketed parameter",
      `/results?territoryId=${TERRITORY}&year[a]=1`,
      /«year\[a\]» — ожидается простое значение/,
    ],
    [
      "a bracketed parameter, percent-encoded",
      `/results?territoryId=${TERRITORY}&year%5Ba%5D=1`,
      /«year\[a\]»/,
    ],
    [
      "a repeated parameter",
      `/results?territoryId=${TERRITORY}&year=2025/2026&year=2024/2025`,
      /«year» указан больше одного раза/,
    ],
    [
      "a repeated territory",
      `/results?territoryId=${TERRITORY}&territoryId=other`,
      /«territoryId» указан больше одного раза/,
    ],
    ["a bracketed parameter on a POST route", "/sync?debug[x]=1", /«debug\[x\]»/],
  ])("answers 400, not a silent default, for %s", async (_, url, message) => {
    const request = url.startsWith("/sync") ? api.request.post(url).send({}) : api.request.get(url);
    const response = await request.set("Authorization", bearer());
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
  });

  it("answers 404 for an unknown path and 405 for a wrong method, in Russian", async () => {
    const missing = await api.request.get("/nowhere");
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/нет такого адреса/);
    const wrong = await api.request.get("/submit");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe("POST");
    expect(wrong.body.message).toMatch(/принимает только POST/);
  });
});
