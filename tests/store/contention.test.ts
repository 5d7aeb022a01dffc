// Which Firestore failures a batch may send again: contention (ABORTED) only, in the shapes the gRPC and REST clients throw.
import { describe, expect, it } from "vitest";
import { isContention } from "../../functions/src/store/firestore-client.js";

describe("isContention", () => {
  it("recognises ABORTED from gRPC (code 10) and from the REST fallback (409 with status ABORTED)", () => {
    expect(isContention(Object.assign(new Error("10 ABORTED: Too much contention"), { code: 10 }))).toBe(
      true,
    );
    // the emulator's answer to /sync's registry batch while a /submit transaction held a shard (seen in the probe)
    const rest = new Error('{"error":{"code":409,"message":"Transaction lock timeout.","status":"ABORTED"}}');
    expect(isContention(Object.assign(rest, { status: 409 }))).toBe(true);
    expect(isContention(rest)).toBe(true);
  });

  it("leaves every other failure to the caller: a batch is not sent again when it may have been applied or never can be", () => {
    expect(isContention(Object.assign(new Error("6 ALREADY_EXISTS"), { code: 6 }))).toBe(false);
    expect(isContention(Object.assign(new Error("3 INVALID_ARGUMENT: too big"), { code: 3 }))).toBe(false);
    expect(isContention(Object.assign(new Error("4 DEADLINE_EXCEEDED"), { code: 4 }))).toBe(false);
    expect(isContention(new Error("socket hang up"))).toBe(false);
    expect(isContention("ABORTED")).toBe(false);
    expect(isContention(null)).toBe(false);
  });
});
