// What the script and the scheduler send, after Cloud Run IAM, through the real function in each mode (no Firestore).
import { getTestServer } from "@google-cloud/functions-framework/testing";
import supertest from "supertest";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { callApi } from "../../apps-script/src/api-client.js";
import { parseConfig } from "../../functions/src/http/config.js";
import { closeApi, configureApi } from "../../functions/src/index.js";
import { createFakes } from "../apps-script/fakes/fake-services.js";
import {
  COORDINATOR,
  certs,
  claims,
  FUNCTION_URL,
  forged,
  INVOKER,
  SCHEDULER,
  SCRIPT_AUDIENCE,
  signed,
  throughCloudRun,
} from "./id-tokens.js";

/** A territory the function does not serve: its 404 says authentication passed, without touching Firestore. */
const PATH = "/results?territoryId=nowhere";
const PASSED = { status: 404, message: "территория «nowhere» не обслуживается" };

/** The environment Terraform gives the function (infra/function.tf), in one mode or the other. */
function environment(privateMode: boolean): Record<string, string> {
  return {
    SHNOR_PROJECT_ID: "shnor-test",
    SHNOR_TERRITORIES: JSON.stringify([
      {
        id: "obraztsovsky",
        name: "Образцовский район",
        spreadsheetId: "sheet-1",
        coordinators: [COORDINATOR],
      },
    ]),
    SHNOR_ID_TOKEN_AUDIENCES: `${SCRIPT_AUDIENCE},${FUNCTION_URL}`,
    SHNOR_SCHEDULER_EMAIL: SCHEDULER,
    SHNOR_PRIVATE_MODE: String(privateMode),
    // the discard port: a request that reached Firestore would fail loudly instead of leaving the machine
    FIRESTORE_EMULATOR_HOST: "127.0.0.1:9",
  };
}

const server = getTestServer("api");
const quiet = { info: () => undefined, error: () => undefined };

async function start(privateMode: boolean): Promise<void> {
  await closeApi();
  const config = parseConfig(environment(privateMode));
  if (!config.success) throw new Error(JSON.stringify(config.error.issues));
  configureApi({ config: config.data, overrides: { certs, log: quiet } });
}

afterAll(async () => {
  await closeApi();
});

/** The headers the Apps Script really sends (its api-client over a fake UrlFetchApp), with `token` as its ID token. */
function scriptHeaders(token: string): Record<string, string> {
  const fakes = createFakes();
  fakes.scriptApp.token = token;
  callApi(fakes.services, { apiUrl: FUNCTION_URL, territoryId: "nowhere" }, "get", PATH);
  const [sent] = fakes.urlFetchApp.requests;
  if (sent === undefined) throw new Error("the script sent nothing");
  return sent.headers;
}

/** What Cloud Scheduler sends with `oidc_token` (infra/scheduler.tf): its token in Authorization only. */
function schedulerHeaders(): Record<string, string> {
  return { Authorization: `Bearer ${signed(claims(SCHEDULER))}` };
}

async function get(headers: Record<string, string>) {
  const response = await supertest(server).get(PATH).set(headers);
  return { status: response.status, message: response.body.message as string };
}

describe("private mode (SHNOR_PRIVATE_MODE=true): Cloud Run IAM checks a token before the function", () => {
  beforeEach(async () => {
    await start(true);
  });

  it("lets the script in: Cloud Run checked X-Serverless-Authorization, the function verified Authorization", async () => {
    const sent = scriptHeaders(signed(claims(COORDINATOR)));
    expect(sent["X-Serverless-Authorization"]).toBe(sent.Authorization);
    expect(await get(throughCloudRun(sent))).toEqual(PASSED);
  });

  it("lets the scheduler in, whose only token Cloud Run checked and passed on without its signature", async () => {
    expect(await get(throughCloudRun(schedulerHeaders()))).toEqual(PASSED);
  });

  it("lets the scheduler in if Cloud Run passes its token on signed after all", async () => {
    expect(await get(schedulerHeaders())).toEqual(PASSED);
  });

  it("refuses an invoker who sends their own token to Cloud Run and a forged scheduler token to the function", async () => {
    const attack = {
      "X-Serverless-Authorization": `Bearer ${signed(claims(INVOKER))}`,
      Authorization: `Bearer ${forged(claims(SCHEDULER))}`,
    };
    const answer = await get(throughCloudRun(attack));
    expect(answer.status).toBe(401);
    expect(answer.message).toMatch(/Cloud Run проверяла другой токен/);
  });

  it("tells a coordinator whose script sends only Authorization (an old version) to update it", async () => {
    const old = { Authorization: `Bearer ${signed(claims(COORDINATOR))}` };
    const answer = await get(throughCloudRun(old));
    expect(answer.status).toBe(401);
    expect(answer.message).toMatch(/X-Serverless-Authorization — обновите скрипт/);
  });
});

describe("default mode: anyone reaches the function, which verifies every token itself", () => {
  beforeEach(async () => {
    await start(false);
  });

  it("lets the script in with both headers untouched", async () => {
    expect(await get(scriptHeaders(signed(claims(COORDINATOR))))).toEqual(PASSED);
  });

  it("lets the scheduler in with its signed token", async () => {
    expect(await get(schedulerHeaders())).toEqual(PASSED);
  });

  it("refuses an unsigned scheduler token: here nothing checked it before the function", async () => {
    const answer = await get({ Authorization: `Bearer ${forged(claims(SCHEDULER))}` });
    expect(answer.status).toBe(401);
    expect(answer.message).toMatch(/без подписи/);
  });
});
