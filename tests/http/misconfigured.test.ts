// A function deployed with a wrong environment: every request answers 500 `misconfigured`, and the log says why in one structured line.
import { getTestServer } from "@google-cloud/functions-framework/testing";
import supertest from "supertest";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeApi, configureApi } from "../../functions/src/index.js";

afterAll(async () => {
  await closeApi();
});

describe("api with an invalid environment", () => {
  it("answers 500 misconfigured in Russian and logs the invalid settings as one JSON line", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    try {
      await closeApi();
      configureApi({ env: { SHNOR_PROJECT_ID: "shnor-test" } });
      const response = await supertest(getTestServer("api")).get("/health");
      expect(response.status).toBe(500);
      expect(response.body).toMatchObject({ status: "error", code: "misconfigured" });
      expect(response.body.message).toMatch(/настроена неверно/);
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry.severity).toBe("ERROR");
    expect(entry.message).toMatch(/^Ошибка конфигурации \/ configuration error: /);
    expect(entry.message).toContain("SHNOR_ID_TOKEN_AUDIENCES");
    expect(entry.issues.map((issue: { path: string }) => issue.path)).toContain("SHNOR_ID_TOKEN_AUDIENCES");
  });
});
