// A child process serving the REAL `api` function (production mode, ID tokens) on 127.0.0.1 over the test emulator.
//
// Started by real-api.ts with its setup in SHNOR_REAL_API_SETUP (JSON). It prints `ready <port>` once it listens.
// `dieBeforeSettle` names response ids for which the process kills itself (SIGKILL, no clean-up) after the raw
// envelope is stored and before it is settled: a crash at that exact point, as an instance stopped by Cloud Run.
import type { AddressInfo } from "node:net";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import type { Config } from "../../../functions/src/http/config.js";
import { apiRuntime, configureApi } from "../../../functions/src/index.js";

/** What the parent hands the child. */
export interface RealApiSetup {
  config: Config;
  /** PEM of the key ID tokens are signed with (key id `test-key`). */
  publicKeyPem: string;
  dieBeforeSettle?: string[];
}

const setup = JSON.parse(process.env.SHNOR_REAL_API_SETUP ?? "{}") as RealApiSetup;
configureApi({
  config: setup.config,
  overrides: {
    certs: async () => ({ "test-key": setup.publicKeyPem }),
    writer: { write: async () => ({ success: true, data: undefined }) },
    publishAfterChange: "await",
    log: { info: () => undefined, error: () => undefined },
  },
});

const runtime = await apiRuntime();
const doomed = new Set(setup.dieBeforeSettle ?? []);
if (doomed.size > 0) {
  const settle = runtime.store.submissions.settle.bind(runtime.store.submissions);
  runtime.store.submissions.settle = async (input) => {
    if (doomed.has(input.responseId)) process.kill(process.pid, "SIGKILL");
    return settle(input);
  };
}

const server = getTestServer("api");
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});
