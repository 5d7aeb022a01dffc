// firestore.rules on the real emulator: clients can neither read nor write anything, at any depth; the functions' admin client still can.
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningFirestoreEmulator,
  startFirestoreEmulator,
} from "../../functions/src/store/firestore-emulator.js";
import { openStore, type Store } from "../../functions/src/store/open-store.js";

const PROJECT = "rules-check";
let emulator: RunningFirestoreEmulator;
let store: Store;

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An unsigned Firebase Auth ID token of a signed-in end user, as the emulator accepts them. */
function userToken(): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url({
    iss: `https://securetoken.google.com/${PROJECT}`,
    aud: PROJECT,
    sub: "teacher-1",
    user_id: "teacher-1",
    email: "teacher@school.example",
    email_verified: true,
    iat: now,
    exp: now + 3600,
    auth_time: now,
    firebase: { sign_in_provider: "password" },
  })}.`;
}

const documentUrl = (path: string) =>
  `http://${emulator.host}/v1/projects/${PROJECT}/databases/(default)/documents/${path}`;

async function clientRequest(method: "GET" | "PATCH" | "DELETE", path: string, token?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(documentUrl(path), {
    method,
    headers,
    ...(method === "PATCH" ? { body: JSON.stringify({ fields: { students: { integerValue: "1" } } }) } : {}),
  });
  return { status: response.status, body: await response.text() };
}

/**
 * Every kind of document the functions keep (stored-documents.ts), down to the deepest subcollection: a rule
 * that opened any of them — `results` to everyone, say — must fail this test, not pass it.
 */
const STORED_PATHS = [
  "territories/t1/shards/07",
  "territories/t1/submissions/form-1~resp-1",
  "territories/t1/submissions/form-1~resp-1/versions/abc123",
  "territories/t1/results/2025-2026",
  "territories/t1/results/2025-2026/chunks/3-0",
  "territories/t1/malformed/m1",
  "territories/t1/tasks/2025-2026~07",
  "territories/t1/imports/fisoko-vpr~abc",
  "territories/t1/imports/fisoko-vpr~abc/chunks/aggregates-0",
  "territories/t1/drafts/000001",
  "territories/t1/drafts/000001/chunks/0",
  "territories/t1/approvals/000001",
  "territories/t1/approvals/000001/chunks/0",
  "territories/t1/journal/2026-03-02T09:00:00.000Z~000001-abcd",
  "unrouted-submissions/u1",
] as const;

beforeAll(async () => {
  emulator = await startFirestoreEmulator({ rulesPath: resolve("firestore.rules") });
  store = openStore({ projectId: PROJECT, firestoreEmulatorHost: emulator.host });
  await store.db.set(store.db.doc("territories/t1"), { id: "t1", name: "Образцовский район" });
  for (const path of STORED_PATHS) await store.db.set(store.db.doc(path), { secret: `данные ${path}` });
}, 90_000);
afterAll(async () => {
  await store.close();
  await emulator.stop();
});

describe("firestore.rules", () => {
  it("refuses a signed-in client's read", async () => {
    const read = await clientRequest("GET", "territories/t1", userToken());
    expect(read.status).toBe(403);
    expect(read.body).toContain("PERMISSION_DENIED");
  });

  it("refuses a signed-in client's write and leaves the document as it was", async () => {
    const write = await clientRequest("PATCH", "territories/t1", userToken());
    expect(write.status).toBe(403);
    const stored = await store.db.get(store.db.doc("territories/t1"));
    expect(stored.data()).toEqual({ id: "t1", name: "Образцовский район" });
  });

  it("refuses an anonymous client's read and write", async () => {
    expect((await clientRequest("GET", "territories/t1")).status).toBe(403);
    expect((await clientRequest("PATCH", "territories/t2")).status).toBe(403);
    expect((await store.db.get(store.db.doc("territories/t2"))).exists).toBe(false);
  });

  describe.each(STORED_PATHS)("%s", (path) => {
    const collection = path.slice(0, path.lastIndexOf("/"));
    it.each([
      ["a signed-in client", userToken],
      ["an anonymous client", () => undefined],
    ])("refuses %s to read it, list its collection, change or delete it", async (_, token) => {
      for (const [method, target] of [
        ["GET", path],
        ["GET", collection],
        ["PATCH", path],
        ["DELETE", path],
      ] as const) {
        const response = await clientRequest(method, target, token());
        expect({ method, target, status: response.status }).toEqual({ method, target, status: 403 });
        expect(response.body).not.toContain("данные");
      }
      // and the document is there, as the functions wrote it: the refusal is the rules', not an absence
      expect((await store.db.get(store.db.doc(path))).data()).toEqual({ secret: `данные ${path}` });
    });
  });

  it("lets the functions' admin client read and write", async () => {
    await store.db.set(store.db.doc("territories/t1"), { id: "t1", name: "Переименованный район" });
    expect((await store.db.get(store.db.doc("territories/t1"))).data()?.name).toBe("Переименованный район");
    // and it is this emulator, the one enforcing the rules, that holds the document
    const asAdmin = await clientRequest("GET", "territories/t1", "owner");
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toContain("Переименованный район");
  });
});

describe("emulator lifecycle", () => {
  it("stop() leaves nothing listening on the emulator's port", async () => {
    const own = await startFirestoreEmulator();
    const url = `http://${own.host}/`;
    expect((await fetch(url)).ok).toBe(true);
    await own.stop();
    await expect(fetch(url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  }, 90_000);
});
