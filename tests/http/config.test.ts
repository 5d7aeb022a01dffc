// Configuration from the environment: parsed once, all problems at once, each with the valid values.
import { describe, expect, it } from "vitest";
import { formatConfigIssues, parseConfig } from "../../functions/src/http/config.js";

const territories = JSON.stringify([
  {
    id: "obraztsovsky",
    name: "Образцовский район",
    spreadsheetId: "1AbCdEf",
    coordinators: ["Metodist@Example.ru"],
    timeZone: "Asia/Yekaterinburg",
  },
]);

const production = {
  SHNOR_PROJECT_ID: "shnor-prod",
  SHNOR_TERRITORIES: territories,
  SHNOR_ID_TOKEN_AUDIENCES: "111-a.apps.googleusercontent.com, https://api.example.run.app",
  SHNOR_SCHEDULER_EMAIL: "scheduler@shnor-prod.iam.gserviceaccount.com",
};

function issuesOf(env: Record<string, string>) {
  const result = parseConfig(env);
  if (result.success) throw new Error("expected a configuration error");
  return result.error.issues;
}

describe("parseConfig", () => {
  it("reads a production configuration", () => {
    expect(parseConfig(production)).toEqual({
      success: true,
      data: {
        projectId: "shnor-prod",
        territories: [
          {
            id: "obraztsovsky",
            name: "Образцовский район",
            spreadsheetId: "1AbCdEf",
            coordinators: ["metodist@example.ru"],
            timeZone: "Asia/Yekaterinburg",
          },
        ],
        idTokenAudiences: ["111-a.apps.googleusercontent.com", "https://api.example.run.app"],
        schedulerEmail: "scheduler@shnor-prod.iam.gserviceaccount.com",
        devMode: false,
        bindHost: "0.0.0.0",
      },
    });
  });

  it("development mode needs nothing else and binds to loopback", () => {
    const result = parseConfig({ SHNOR_DEV_MODE: "1", FIRESTORE_EMULATOR_HOST: "127.0.0.1:8085" });
    expect(result).toMatchObject({
      success: true,
      data: {
        devMode: true,
        bindHost: "127.0.0.1",
        projectId: "shnor-local",
        firestoreEmulatorHost: "127.0.0.1:8085",
      },
    });
  });

  it("refuses development mode on a non-loopback address, listing the allowed ones", () => {
    const [issue] = issuesOf({ SHNOR_DEV_MODE: "true", SHNOR_BIND_HOST: "0.0.0.0" });
    expect(issue?.path).toBe("SHNOR_BIND_HOST");
    expect(issue?.message).toContain("127.0.0.1, ::1, localhost");
  });

  it("lists the valid values of a flag it does not understand", () => {
    const issues = issuesOf({ ...production, SHNOR_DEV_MODE: "maybe" });
    expect(issues).toEqual([
      expect.objectContaining({
        path: "SHNOR_DEV_MODE",
        message: expect.stringContaining("1, true, yes, on"),
      }),
    ]);
  });

  it("reports every problem at once, naming the variable and the field", () => {
    const issues = issuesOf({
      SHNOR_TERRITORIES: JSON.stringify([
        { id: "Bad Id", name: "Район", spreadsheetId: "x", coordinators: ["not-an-email"] },
      ]),
      FIRESTORE_EMULATOR_HOST: "localhost",
      SHNOR_SCHEDULER_EMAIL: "scheduler",
    });
    const paths = issues.map((i) => i.path).sort();
    expect(paths).toEqual([
      "FIRESTORE_EMULATOR_HOST",
      "SHNOR_ID_TOKEN_AUDIENCES",
      "SHNOR_PROJECT_ID",
      "SHNOR_SCHEDULER_EMAIL",
      "SHNOR_TERRITORIES[0].coordinators[0]",
      "SHNOR_TERRITORIES[0].id",
    ]);
    expect(formatConfigIssues(issues)).toMatch(/^Ошибка конфигурации \/ configuration error:\n {2}/);
  });

  it("explains a territories list that is not JSON, with an example", () => {
    const [issue] = issuesOf({ ...production, SHNOR_TERRITORIES: "[{id: obraztsovsky}]" });
    expect(issue?.path).toBe("SHNOR_TERRITORIES");
    expect(issue?.message).toContain('"coordinators":["metodist@example.ru"]');
  });

  it("reads private mode (SHNOR_PRIVATE_MODE, set by Terraform), and leaves it off when absent or false", () => {
    const on = parseConfig({ ...production, SHNOR_PRIVATE_MODE: "true" });
    expect(on).toMatchObject({ success: true, data: { privateMode: true, devMode: false } });
    for (const off of [{}, { SHNOR_PRIVATE_MODE: "false" }, { SHNOR_PRIVATE_MODE: "" }]) {
      const parsed = parseConfig({ ...production, ...off });
      expect(parsed.success && parsed.data.privateMode).toBeFalsy();
    }
  });

  it("refuses private mode without the scheduler's e-mail, together with development mode, or with a word it does not know", () => {
    const { SHNOR_SCHEDULER_EMAIL: _omitted, ...withoutScheduler } = production;
    expect(issuesOf({ ...withoutScheduler, SHNOR_PRIVATE_MODE: "1" })).toEqual([
      expect.objectContaining({
        path: "SHNOR_SCHEDULER_EMAIL",
        message: expect.stringContaining("планировщика"),
      }),
    ]);
    expect(
      issuesOf({
        SHNOR_DEV_MODE: "1",
        SHNOR_PRIVATE_MODE: "1",
        SHNOR_SCHEDULER_EMAIL: "s@x.iam.gserviceaccount.com",
      }),
    ).toEqual([
      expect.objectContaining({
        path: "SHNOR_PRIVATE_MODE",
        message: expect.stringContaining("несовместимы"),
      }),
    ]);
    expect(issuesOf({ ...production, SHNOR_PRIVATE_MODE: "private" })).toEqual([
      expect.objectContaining({
        path: "SHNOR_PRIVATE_MODE",
        message: expect.stringContaining("1, true, yes, on"),
      }),
    ]);
  });

  it("refuses the same territory twice", () => {
    const twice = JSON.stringify([...JSON.parse(territories), ...JSON.parse(territories)]);
    const [issue] = issuesOf({ ...production, SHNOR_TERRITORIES: twice });
    expect(issue).toEqual({
      path: "SHNOR_TERRITORIES[1].id",
      message: "«obraztsovsky» — код территории повторяется / duplicate territory id",
    });
  });
});
