// functions-framework's body-parser failures answered in our Russian JSON (issue 9 §4.7), as production serves them.
//
// The server is functions-framework's own (`getTestServer`, the same `getServer` its production `main` uses);
// nothing here calls `answerBodyErrorsAsJson`: the handler comes from the entry module alone, as in production.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiHarness,
  bearer,
  COORDINATOR,
  discardingWriter,
  startApi,
  TERRITORY,
} from "./api-fixture.js";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ writer: discardingWriter });
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const post = (
  path: string,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
) => {
  const request = api.request.post(path).set("Authorization", bearer()).set("Content-Type", contentType);
  for (const [name, value] of Object.entries(headers)) request.set(name, value);
  return request.send(body);
};

describe("a body functions-framework cannot parse", () => {
  const rows: [string, string, string, string | Buffer, Record<string, string>, number, string, RegExp][] = [
    [
      "broken JSON declared as JSON",
      "/submit",
      "application/json",
      '{"territoryId": "obraztsovsky",',
      {},
      400,
      "malformed",
      /^неверный конверт ответа: тело запроса — не JSON$/,
    ],
    [
      "broken JSON to /sync",
      "/sync",
      "application/json",
      "{tabs",
      {},
      400,
      "malformed",
      /тело запроса — не JSON/,
    ],
    [
      "JSON in a charset other than UTF-8",
      "/submit",
      "application/json; charset=latin1",
      '{"territoryId":"obraztsovsky"}',
      {},
      415,
      "unsupported_media_type",
      /^кодировка «latin1» не поддерживается: отправляйте JSON в UTF-8/,
    ],
    [
      "text in a charset nobody knows",
      "/sync",
      "text/plain; charset=klingon",
      "{}",
      {},
      415,
      "unsupported_media_type",
      /^кодировка «klingon» не поддерживается/,
    ],
    [
      "a content encoding nobody knows",
      "/submit",
      "application/json",
      "{}",
      { "Content-Encoding": "compress" },
      415,
      "unsupported_media_type",
      /^сжатие тела «compress» \(Content-Encoding\) не поддерживается/,
    ],
    [
      "gzip that is not gzip",
      "/submit",
      "application/json",
      "not gzip at all",
      { "Content-Encoding": "gzip" },
      400,
      "malformed",
      /запрос не прочитан/,
    ],
  ];

  it.each(rows)(
    "%s: %s → %s in Russian JSON",
    async (_, path, type, body, headers, status, code, message) => {
      const response = await post(path, type, body, headers);
      expect(response.status).toBe(status);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({ status: "error", code });
      expect(response.body.message).toMatch(message);
      expect(response.text).not.toMatch(/<html|<pre|at JSON\.parse/i);
    },
  );

  it("keeps broken JSON from a coordinator, as text, with the reason (nothing a school sent is lost)", async () => {
    const body = '{"territoryId": "obraztsovsky", "answers": [';
    expect((await post("/submit", "application/json", body)).status).toBe(400);
    const kept = await api.runtime.store.db.query(api.runtime.store.db.collection("unrouted-submissions"));
    expect(kept.docs.map((d) => d.data())).toContainEqual(
      expect.objectContaining({ raw: body, caller: COORDINATOR, reason: "тело запроса — не JSON" }),
    );
  });

  it("still reads a gzip-compressed envelope the framework can inflate", async () => {
    // over a real socket: supertest re-encodes Buffer bodies sent with a JSON content type
    const server = api.server.listen(0, "127.0.0.1");
    try {
      await new Promise((done) => server.once("listening", done));
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/sync`, {
        method: "POST",
        headers: { Authorization: bearer(), "Content-Type": "application/json", "Content-Encoding": "gzip" },
        body: gzipSync(JSON.stringify({ territoryId: TERRITORY, tabs: {} })),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok", errors: [] });
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
