// A hostile but fair probe of issue 9's submit path over HTTP: odd envelopes, odd instants, races, other callers.
//
// Each attack asserts what a user would notice: no 5xx for bad input, every raw envelope findable in the store,
// «Ошибки» (the workbook the function publishes) still written and readable, the facts counted once.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorTabs, type SampleEnvelope } from "../../functions/src/sample/sample-submissions.js";
import type { Workbook } from "../../functions/src/sheets/workbook-model.js";
import {
  type ApiHarness,
  bearer,
  COORDINATOR,
  firstOf,
  recordingWriter,
  SCHEDULER,
  startApi,
  TERRITORY,
  withAnswers,
} from "./api-fixture.js";

let api: ApiHarness;
const written: Workbook[] = [];
/** The function's clock: real time unless a test pins it. */
let pinned: number | undefined;

beforeAll(async () => {
  api = await startApi({
    writer: recordingWriter(written),
    clock: { now: () => pinned ?? Date.now() },
    minPublishIntervalMs: 0,
  });
  await api.syncSample();
  // facts to publish: «Ошибки» is written with every publish
  await api.runtime.store.territories.importFacts(TERRITORY, api.dataset.facts, "import:sample", new Date());
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const submit = (envelope: unknown, authorization = bearer()) =>
  api.request
    .post("/submit")
    .set("Authorization", authorization)
    .send(envelope as object);
const submitText = (text: string, contentType = "application/json") =>
  api.request.post("/submit").set("Authorization", bearer()).set("Content-Type", contentType).send(text);

let next = 0;
/** The envelope under a response id no other test uses. */
function fresh(envelope: SampleEnvelope, submittedAt?: string): SampleEnvelope {
  return {
    ...envelope,
    response: {
      ...envelope.response,
      id: `probe-${++next}-${Date.now()}`,
      ...(submittedAt !== undefined ? { submittedAt } : {}),
    },
  };
}
const staff = (skip = 0) => firstOf(api.envelopes, "staff", skip);
const schoolOf = (envelope: SampleEnvelope) =>
  /\[(.+)\]$/.exec(String(envelope.answers[0]?.value))?.[1] ?? "";
const yearOf = (envelope: SampleEnvelope) => String(envelope.answers[1]?.value);
const stored = (envelope: SampleEnvelope) =>
  api.runtime.store.submissions.getResponse({
    territoryId: TERRITORY,
    formId: envelope.form.id,
    responseId: envelope.response.id,
  });

/** Every raw text the store keeps anywhere: response versions, malformed envelopes, unrouted bodies. */
async function everyRaw(): Promise<string[]> {
  const firestore = api.runtime.store.db.firestore;
  const [versions, malformed, unrouted] = await Promise.all([
    firestore.collectionGroup("versions").get(),
    firestore.collection(`territories/${TERRITORY}/malformed`).get(),
    firestore.collection("unrouted-submissions").get(),
  ]);
  return [...versions.docs, ...malformed.docs, ...unrouted.docs].map((d) => String(d.get("raw")));
}

/** The cells of «Ошибки» in the last workbook the function wrote. */
function errorCells(): unknown[][] {
  const tab = written.at(-1)?.tabs.find((t) => t.name === "Ошибки");
  return (tab?.rows ?? []).map((row) => [...row]);
}

describe("odd envelopes", () => {
  const base = () => JSON.stringify(fresh(staff()));
  const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;
  const rows: [string, (marker: string) => string][] = [
    [
      "an answer nested 100,000 deep",
      (m) => base().replace('"answers":[', `"answers":[{"key":"${m}","value":${nested(100_000)}},`),
    ],
    [
      "the answers nested 100,000 deep",
      (m) => base().replace(/"answers":\[.*\],"locale"/, `"answers":${nested(100_000)},"locale":"${m}"`),
    ],
    [
      "prototype keys at every level",
      (m) =>
        base()
          .replace(
            '{"format"',
            `{"__proto__":{"territoryId":"sosnovsky"},"constructor":{"prototype":{"x":"${m}"}},"format"`,
          )
          .replace('"response":{', '"response":{"__proto__":{"respondentEmail":"admin@example.ru"},'),
    ],
    ["the version as a string", (m) => base().replace('"version":1', `"version":"1","note":"${m}"`)],
    [
      "a number answer as NaN",
      (m) => base().replace('"answers":[', `"answers":[{"key":"${m}","value":NaN},`),
    ],
    [
      "a number past double range",
      (m) => base().replace('"answers":[', `"answers":[{"key":"${m}","value":1e400},`),
    ],
    ["a byte-order mark in front", (m) => `\ufeff${base().replace('"locale"', `"note":"${m}","locale"`)}`],
    [
      "a lone surrogate in the response id",
      (m) => base().replace(/"id":"probe-[^"]+"/, `"id":"\\ud800${m}"`),
    ],
    ["a response id of dots", (m) => base().replace(/"id":"probe-[^"]+"/, `"id":"..","note":"${m}"`)],
    [
      "the territory given twice (the last one wins in JSON)",
      (m) => base().replace('{"format"', `{"territoryId":"nowhere","note":"${m}","format"`),
    ],
    ["an array instead of an envelope", (m) => `[{"territoryId":"${TERRITORY}"},"${m}"]`],
  ];

  it.each(rows)("%s: a 4xx or 2xx in Russian, never a 5xx, and the raw text is kept", async (_, make) => {
    const marker = `marker-${++next}-${Date.now()}`;
    const response = await submitText(make(marker));
    expect(response.status).toBeLessThan(500);
    expect(response.body.status).toEqual(expect.any(String));
    if (response.status >= 400) expect(response.body.message).toMatch(/[а-яё]/i);
    expect((await everyRaw()).some((raw) => raw.includes(marker))).toBe(true);
  });

  it("prototype keys change nothing: the envelope stays in its own territory, the respondent is its own", async () => {
    const envelope = fresh(staff(1));
    const text = JSON.stringify(envelope)
      .replace('{"format"', '{"__proto__":{"territoryId":"sosnovsky","devMode":true},"format"')
      .replace('"response":{', '"response":{"__proto__":{"respondentEmail":"metodist@example.ru"},');
    const response = await submitText(text);
    expect(response.status).toBe(200);
    expect((await stored(envelope)).current?.respondentEmail).toBe(envelope.response.respondentEmail);
    expect(({} as Record<string, unknown>).territoryId).toBeUndefined();
  });
});

describe("submittedAt", () => {
  it("is refused only past 24 hours after receipt, to the millisecond, whatever the zone it is written in", async () => {
    pinned = Date.parse("2026-06-20T12:00:00.000Z");
    try {
      const at = (iso: string) => submit(fresh(staff(2), iso));
      expect((await at("2026-06-21T12:00:00.000Z")).status).toBe(200);
      expect((await at("2026-06-21T17:00:00.000+05:00")).status).toBe(200);
      expect((await at("2026-06-21T12:00:00.001Z")).status).toBe(422);
      expect((await at("2026-06-21T17:00:00.001+05:00")).status).toBe(422);
      expect((await at("2026-06-21T01:00:00.001-11:00")).status).toBe(422);
      // far past and odd-but-valid instants are ordinary versions
      expect((await at("0001-01-01T00:00:00Z")).status).toBe(200);
      expect((await at("2026-06-20T23:59:59.999999999+14:00")).status).toBe(200);
    } finally {
      pinned = undefined;
    }
  });

  it.each([
    ["no zone", "2026-06-01T10:00:00"],
    ["a compact offset", "2026-06-01T10:00:00+0300"],
    ["a leap second", "2016-12-31T23:59:60Z"],
    ["30 February", "2026-02-30T10:00:00Z"],
    ["hour 24", "2026-06-01T24:00:00Z"],
    ["a number", 1_780_000_000_000],
  ])("%s: 400 naming response.submittedAt, the raw envelope kept", async (_, value) => {
    const envelope = fresh(staff(3));
    const response = await submit({ ...envelope, response: { ...envelope.response, submittedAt: value } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe("response.submittedAt");
    expect((await everyRaw()).some((raw) => raw.includes(envelope.response.id))).toBe(true);
  });
});

describe("races (one instance)", () => {
  it("two versions with the same instant and other answers, at once: one counts, the other is 409, both kept", async () => {
    for (let round = 0; round < 5; round++) {
      const one = fresh(staff(4), "2026-06-01T10:00:00Z");
      const other = withAnswers(one, { "staff.vacancies": String(round + 1) });
      const answers = await Promise.all([submit(one), submit(other)]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      expect((await stored(one)).versions).toHaveLength(2);
    }
  });

  it("an edit racing its original: the later version is in force whichever lands first", async () => {
    for (let round = 0; round < 5; round++) {
      const original = fresh(staff(5), "2026-06-01T10:00:00Z");
      const edit = {
        ...withAnswers(original, { "staff.vacancies": "7" }),
        response: { ...original.response, submittedAt: "2026-06-01T10:05:00+00:00" },
      };
      const answers = await Promise.all(
        round % 2 ? [submit(original), submit(edit)] : [submit(edit), submit(original)],
      );
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect((await stored(original)).current?.submittedAt).toBe("2026-06-01T10:05:00+00:00");
    }
    const last = await api.runtime.store.territories.getStoredFact(
      TERRITORY,
      schoolOf(staff(5)),
      yearOf(staff(5)),
    );
    expect(last?.facts.staff?.vacancies).toBe(7);
  });

  it("a move racing an edit: the values end up at exactly one school-year, the latest version's", async () => {
    const first = firstOf(api.envelopes, "social", 6);
    const other = api.envelopes.find(
      (e) => e.form.kind === "social" && schoolOf(e) !== schoolOf(first) && yearOf(e) === yearOf(first),
    );
    if (other === undefined) throw new Error("no second school");
    const original = { ...fresh(first, "2026-06-01T10:00:00Z") };
    original.response = { ...original.response, respondentEmail: COORDINATOR };
    expect((await submit(original)).status).toBe(200);
    const moved = {
      ...withAnswers(original, { school: other.answers[0]?.value ?? null }),
      response: { ...original.response, submittedAt: "2026-06-01T11:00:00Z" },
    };
    const edited = {
      ...withAnswers(original, { "social.remote": "Да" }),
      response: { ...original.response, submittedAt: "2026-06-01T10:30:00Z" },
    };
    const answers = await Promise.all([submit(edited), submit(moved)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const at = async (envelope: SampleEnvelope) =>
      (
        await api.runtime.store.territories.getStoredFact(TERRITORY, schoolOf(envelope), yearOf(envelope))
      )?.sources.some((s) => s.submission.endsWith(original.response.id)) ?? false;
    expect([await at(first), await at(other)]).toEqual([false, true]);
  });

  it("an unconfirmed answer confirmed by /sync while the same address sends a newer version: the newer one counts", async () => {
    const base = staff(6);
    const address = `zavuch-${Date.now()}@mail.example`;
    const typed = (submittedAt: string, vacancies: string) => ({
      ...withAnswers(base, { "staff.vacancies": vacancies }),
      response: {
        ...base.response,
        id: `typed-race-${Date.now()}`,
        submittedAt,
        respondentEmail: address,
        emailCollection: "responder_input" as const,
      },
    });
    const first = typed("2026-06-01T10:00:00Z", "1");
    expect((await submit(first)).status).toBe(202);
    const later = {
      ...typed("2026-06-01T11:00:00Z", "2"),
      response: { ...first.response, submittedAt: "2026-06-01T11:00:00Z" },
    };
    const dataset = {
      ...api.dataset,
      schools: api.dataset.schools.map((s) =>
        s.id === schoolOf(base) ? { ...s, emails: [...(s.emails ?? []), address] } : s,
      ),
    };
    const [sync, answer] = await Promise.all([
      api.request
        .post("/sync")
        .set("Authorization", bearer())
        .send({ territoryId: TERRITORY, tabs: coordinatorTabs(dataset) }),
      submit(withAnswers(later, { "staff.vacancies": "2" })),
    ]);
    expect(sync.status).toBe(200);
    expect([200, 202]).toContain(answer.status);
    expect((await stored(first)).current).toMatchObject({
      status: "accepted",
      submittedAt: "2026-06-01T11:00:00Z",
    });
    await api.syncSample();
  });
});

describe("/receipts", () => {
  it("answers duplicates inside one request one by one, in the order asked", async () => {
    const envelope = fresh(staff(7), "2026-06-02T10:00:00Z");
    expect((await submit(envelope)).status).toBe(200);
    const id = envelope.response.id;
    const response = await api.request
      .post("/receipts")
      .set("Authorization", bearer())
      .send({
        territoryId: TERRITORY,
        formId: envelope.form.id,
        responses: [
          { responseId: id, submittedAt: "2026-06-02T10:00:00Z" },
          { responseId: id, submittedAt: "2026-06-02T10:00:00.001Z" },
          { responseId: "never-sent", submittedAt: "2026-06-02T10:00:00Z" },
          { responseId: id, submittedAt: "2026-06-02T13:00:00+03:00" },
          { responseId: "never-sent", submittedAt: "2026-06-02T10:00:00Z" },
        ],
      });
    expect(response.body.missing).toEqual([
      { responseId: id, submittedAt: "2026-06-02T10:00:00.001Z", held: "2026-06-02T10:00:00Z" },
      { responseId: "never-sent", submittedAt: "2026-06-02T10:00:00Z", held: null },
      { responseId: "never-sent", submittedAt: "2026-06-02T10:00:00Z", held: null },
    ]);
  });
});

describe("other callers", () => {
  it("the scheduler's account may flush and nothing else; a stranger may do nothing", async () => {
    const routes = {
      submit: () => submit(fresh(staff()), bearer(SCHEDULER)),
      sync: () =>
        api.request
          .post("/sync")
          .set("Authorization", bearer(SCHEDULER))
          .send({ territoryId: TERRITORY, tabs: {} }),
      receipts: () =>
        api.request
          .post("/receipts")
          .set("Authorization", bearer(SCHEDULER))
          .send({
            territoryId: TERRITORY,
            formId: "f",
            responses: [{ responseId: "r", submittedAt: "2026-01-01T00:00:00Z" }],
          }),
      recalculate: () =>
        api.request
          .post("/recalculate")
          .set("Authorization", bearer(SCHEDULER))
          .send({ territoryId: TERRITORY }),
      results: () =>
        api.request.get("/results").query({ territoryId: TERRITORY }).set("Authorization", bearer(SCHEDULER)),
    };
    for (const [name, call] of Object.entries(routes)) expect((await call()).status, name).toBe(403);
    expect((await api.request.post("/flush").set("Authorization", bearer(SCHEDULER)).send({})).status).toBe(
      200,
    );
    expect(
      (await api.request.post("/flush").set("Authorization", bearer("someone@gmail.com")).send({})).status,
    ).toBe(403);
  });

  it.each([
    ["/results?territoryId=obraztsovsky&territoryId=sosnovsky", "get"],
    ["/results?territoryId[]=obraztsovsky", "get"],
    ["/results?territoryId%5Bx%5D=obraztsovsky", "get"],
    ["/results?territoryId[__proto__]=x", "get"],
    ["/submit?a[b]=1", "post"],
    ["/receipts?x=1&x=2", "post"],
    ["/flush?constructor[prototype]=1", "post"],
  ])("%s: 400 in Russian naming the parameter", async (path, method) => {
    const request = method === "get" ? api.request.get(path) : api.request.post(path).send({});
    const response = await request.set("Authorization", bearer());
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^неверный параметр запроса: параметр «/);
  });
});

describe("compressed bodies", () => {
  /** POSTs bytes over a real socket (supertest re-encodes Buffer bodies sent with a JSON content type). */
  async function postRaw(path: string, body: Buffer, headers: Record<string, string>) {
    const server = api.server.listen(0, "127.0.0.1");
    try {
      await new Promise((done) => server.once("listening", done));
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: "POST",
        headers,
        body: new Uint8Array(body),
      });
      return {
        status: response.status,
        type: response.headers.get("content-type") ?? "",
        text: await response.text(),
      };
    } finally {
      await new Promise((done) => server.close(done));
    }
  }

  it("a gzip bomb (40 KB that inflate to 40 MB, sent before any token is checked) is refused 413 in Russian", async () => {
    const blanks = Buffer.alloc(40 * 1024 * 1024, 0x20);
    const bomb = gzipSync(Buffer.concat([blanks, Buffer.from(`{"territoryId":"${TERRITORY}"}`)]), {
      level: 9,
    });
    expect(bomb.length).toBeLessThan(100_000);
    const response = await postRaw("/submit", bomb, {
      "Content-Type": "application/json",
      "Content-Encoding": "gzip",
    });
    expect(response.status).toBe(413);
    expect(response.type).toMatch(/^application\/json/);
    expect(JSON.parse(response.text)).toMatchObject({ status: "error", code: "too_large" });
    expect(JSON.parse(response.text).message).toMatch(/^запрос слишком большой/);
  }, 60_000);

  it("a compressed envelope that inflates to less is still read and stored", async () => {
    const envelope = fresh(staff(8));
    const response = await postRaw("/submit", gzipSync(JSON.stringify(envelope)), {
      Authorization: bearer(),
      "Content-Type": "application/json",
      "Content-Encoding": "gzip",
    });
    expect(response.status).toBe(200);
    expect((await stored(envelope)).current?.status).toBe("accepted");
  });
});

describe("what a client may make arbitrarily long", () => {
  /** Google Sheets refuses a cell over 50,000 characters, and with it the whole publish of the territory. */
  const SHEETS_CELL_LIMIT = 50_000;

  it("a form kind of 60,000 characters is refused 422 and «Ошибки» still fits in Google Sheets' cells", async () => {
    const envelope = fresh(staff(9));
    const response = await submit({ ...envelope, form: { ...envelope.form, kind: "к".repeat(60_000) } });
    expect(response.status).toBe(422);
    const row = errorCells().find((cells) => cells.includes(envelope.response.respondentEmail));
    expect(row).toBeDefined();
    expect(
      Math.max(
        ...errorCells()
          .flat()
          .map((cell) => String(cell ?? "").length),
      ),
    ).toBeLessThanOrEqual(SHEETS_CELL_LIMIT);
  });

  it("a submittedAt with 60,000 digits of fraction is a malformed envelope (400), kept, and never a cell", async () => {
    const envelope = fresh(staff(10));
    const response = await submit(
      withAnswers(
        {
          ...envelope,
          response: { ...envelope.response, submittedAt: `2026-06-01T10:00:00.${"1".repeat(60_000)}Z` },
        },
        { "неизвестный вопрос": "1" },
      ),
    );
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe("response.submittedAt");
    expect((await everyRaw()).some((raw) => raw.includes(envelope.response.id))).toBe(true);
    expect(
      Math.max(
        ...errorCells()
          .flat()
          .map((cell) => String(cell ?? "").length),
      ),
    ).toBeLessThanOrEqual(SHEETS_CELL_LIMIT);
  });

  it("/receipts refuses such a submittedAt too, instead of echoing a thousand of them", async () => {
    const response = await api.request
      .post("/receipts")
      .set("Authorization", bearer())
      .send({
        territoryId: TERRITORY,
        formId: "f",
        responses: [{ responseId: "r", submittedAt: `2026-06-01T10:00:00.${"1".repeat(60_000)}Z` }],
      });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body).length).toBeLessThan(5_000);
  });
});

describe("answer keys named like Object's own properties", () => {
  // `questionTitle` looked the field up with `RESPONSE_FIELDS[field] ?? field`: «constructor», «toString» or
  // «__proto__» put a function or Object.prototype into the «Вопрос» cell, and every later publish failed.
  it.each(["constructor", "__proto__", "toString"])(
    "a rejected answer keyed «%s» is listed on «Ошибки» under its own name, as text",
    async (key) => {
      const envelope = fresh(staff(11));
      const response = await submit({ ...envelope, answers: [...envelope.answers, { key, value: "1" }] });
      expect(response.status).toBe(422);
      const row = errorCells().find((cells) =>
        cells.some((cell) => String(cell).includes(`«${key}» — такого вопроса нет`)),
      );
      expect(row?.[4]).toBe(key);
    },
  );
});

describe("an envelope the server refuses, sent again and again", () => {
  // Apps Script resends whatever was answered 400, 404 or 413 every 10 minutes (and «Досылка ответов» daily):
  // each delivery must not add another stored copy — a 413 one is 900,000 bytes each time.
  const copies = async (path: string, marker: string) =>
    (await api.runtime.store.db.firestore.collection(path).get()).docs.filter((d) =>
      String(d.get("raw")).includes(marker),
    ).length;

  it("is kept once, however often it comes: too large (413), malformed (400), not routable (404)", async () => {
    const big = withAnswers(fresh(staff(12)), { "staff.vacancies": "я".repeat(460_000) });
    const malformed = { ...fresh(staff(12)), version: 2 };
    const unroutable = { ...fresh(staff(12)), territoryId: "kirovsky-typo" };
    for (let i = 0; i < 3; i++) {
      expect((await submit(big)).status).toBe(413);
      expect((await submit(malformed)).status).toBe(400);
      expect((await submit(unroutable)).status).toBe(404);
    }
    // the too-large one is a (cut, rejected) version of its response: a replay is the same version
    const kept = await api.runtime.store.submissions.getResponse({
      territoryId: TERRITORY,
      formId: big.form.id,
      responseId: big.response.id,
    });
    expect(kept.versions).toHaveLength(1);
    expect(await copies(`territories/${TERRITORY}/malformed`, big.response.id)).toBe(0);
    expect(await copies(`territories/${TERRITORY}/malformed`, malformed.response.id)).toBe(1);
    expect(await copies("unrouted-submissions", unroutable.response.id)).toBe(1);
    // a different body is a different copy
    const other = { ...unroutable, locale: "ru_RU", answers: [] };
    expect((await submit(other)).status).toBe(404);
    expect(await copies("unrouted-submissions", unroutable.response.id)).toBe(2);
  }, 60_000);
});

describe("the content type a client forgets", () => {
  // UrlFetchApp sends `application/x-www-form-urlencoded` when `contentType` is not given
  // (https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)), and so does
  // `curl -d`: the framework then parses the JSON text as a form, into an object with one odd key.
  it("an envelope posted as a form is read as the JSON text it is, on /submit and /receipts alike", async () => {
    const envelope = fresh(staff(13));
    const response = await submitText(JSON.stringify(envelope), "application/x-www-form-urlencoded");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "accepted" });
    const receipts = await api.request
      .post("/receipts")
      .set("Authorization", bearer())
      .set("Content-Type", "application/x-www-form-urlencoded")
      .send(
        JSON.stringify({
          territoryId: TERRITORY,
          formId: envelope.form.id,
          responses: [{ responseId: envelope.response.id, submittedAt: envelope.response.submittedAt }],
        }),
      );
    expect(receipts.status).toBe(200);
    expect(receipts.body).toEqual({ status: "ok", missing: [] });
  });

  it("a real form body is still not an envelope: 400, kept unrouted", async () => {
    const marker = `form-body-${Date.now()}`;
    const response = await submitText(
      `territoryId=${TERRITORY}&note=${marker}`,
      "application/x-www-form-urlencoded",
    );
    expect(response.status).toBe(400);
    expect((await everyRaw()).some((raw) => raw.includes(marker))).toBe(true);
  });
});
