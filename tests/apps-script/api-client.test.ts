// The script's calls to the function carry its ID token in Authorization and X-Serverless-Authorization alike.
import { describe, expect, it } from "vitest";
import { callApi, callApiWithRetry } from "../../apps-script/src/api-client.js";
import { createFakes } from "./fakes/fake-services.js";

const connection = {
  apiUrl: "https://europe-west1-shnor.cloudfunctions.net/api",
  territoryId: "obraztsovsky",
};

describe("the ID token on every call", () => {
  it("goes in both headers, for reads and writes, so Cloud Run can check one and the function verify the other", () => {
    const fakes = createFakes();
    fakes.scriptApp.token = "eyJ.token-of-coordinator.sig";
    callApi(fakes.services, connection, "get", "/results?territoryId=obraztsovsky");
    callApi(fakes.services, connection, "post", "/sync", { territoryId: "obraztsovsky" });
    expect(fakes.urlFetchApp.requests.map((r) => r.headers)).toEqual([
      {
        Authorization: "Bearer eyJ.token-of-coordinator.sig",
        "X-Serverless-Authorization": "Bearer eyJ.token-of-coordinator.sig",
      },
      {
        Authorization: "Bearer eyJ.token-of-coordinator.sig",
        "X-Serverless-Authorization": "Bearer eyJ.token-of-coordinator.sig",
      },
    ]);
  });

  it("is fetched again for each retry, and each retry sends it in both headers", () => {
    const fakes = createFakes();
    let issued = 0;
    fakes.scriptApp.getIdentityToken = () => `token-${++issued}`;
    fakes.urlFetchApp.replyInOrder({ status: 503 }, { status: 200, body: { status: "ok" } });
    const { attempts } = callApiWithRetry(fakes.services, connection, "post", "/recalculate", {});
    expect(attempts).toBe(2);
    expect(
      fakes.urlFetchApp.requests.map((r) => [
        r.headers.Authorization,
        r.headers["X-Serverless-Authorization"],
      ]),
    ).toEqual([
      ["Bearer token-1", "Bearer token-1"],
      ["Bearer token-2", "Bearer token-2"],
    ]);
  });
});
