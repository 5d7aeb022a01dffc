// The settle rules, table by table, without Firestore: replays, conflicts, verdicts, respondents, edits, moves, confirmations, sizes.
import { describe, expect, it } from "vitest";
import type { School, SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { DOCUMENT_BUDGET, valueBytes } from "../../functions/src/store/document-size.js";
import type { EmailCollection } from "../../functions/src/store/respondent-rule.js";
import {
  decideSettle,
  MAX_PATCH_BYTES,
  movedFrom,
  type SettleInput,
  type SettleReads,
  type SettleVerdict,
} from "../../functions/src/store/settle-decision.js";
import {
  encodeStoredFact,
  type StoredFact,
  type SubmissionDoc,
} from "../../functions/src/store/stored-documents.js";

const NOW = new Date("2026-03-02T09:00:00Z");
const YEAR = "2025/2026";
const SUBMISSION = "form-1~resp-1";
const COORDINATOR = "metodist@example.ru";

const school = (id: string, emails: string[] = [`${id}@edu.example`]): School => ({
  id,
  name: `Школа ${id}`,
  emails,
});

const social = (schoolId: string, fields: Record<string, number>, year = YEAR): SchoolYearFacts => ({
  schoolId,
  year,
  social: { students: 300, ...fields },
});

const parsed = (patch: SchoolYearFacts, extra: Partial<Extract<SettleVerdict, { status: "parsed" }>> = {}) =>
  ({
    status: "parsed",
    schoolId: patch.schoolId,
    year: patch.year,
    patch,
    provenance: Object.keys(patch.social ?? {}).map((k) => `social.${k}`),
    ...extra,
  }) satisfies SettleVerdict;

function input(verdict: SettleVerdict, overrides: Partial<SettleInput> = {}): SettleInput {
  return {
    territoryId: "t",
    formId: "form-1",
    responseId: "resp-1",
    versionId: "2026-03-01T10:00:00Z~bbbb",
    answersDigest: "digest-b",
    submittedAt: "2026-03-01T10:00:00Z",
    formKind: "social",
    verdict,
    now: NOW,
    ...overrides,
  };
}

/** The response document of an earlier accepted version at `submittedAt`. */
function accepted(patch: SchoolYearFacts, overrides: Partial<SubmissionDoc> = {}): SubmissionDoc {
  return {
    territoryId: "t",
    formId: "form-1",
    responseId: "resp-1",
    formKind: "social",
    versionId: "2026-03-01T10:00:00Z~aaaa",
    answersDigest: "digest-a",
    submittedAt: "2026-03-01T10:00:00Z",
    settledAt: NOW.toISOString(),
    status: "accepted",
    errors: [],
    schoolId: patch.schoolId,
    year: patch.year,
    patch,
    provenance: Object.keys(patch.social ?? {}).map((k) => `social.${k}`),
    settledVersions: 1,
    ...overrides,
  };
}

function storedOf(facts: SchoolYearFacts, sources: StoredFact["sources"]): StoredFact {
  return { facts, sources };
}

function reads(current: SubmissionDoc | undefined, target?: Partial<SettleReads["target"]>): SettleReads {
  return {
    current,
    target: {
      shard: 1,
      shardBytes: 10_000,
      school: school("s1"),
      stored: undefined,
      ...target,
    },
  };
}

describe("which version is in force", () => {
  const patch = social("s1", { singleParentFamilies: 30 });
  const rows: [string, SubmissionDoc | undefined, Partial<SettleInput>, string, boolean][] = [
    ["no earlier version: new", undefined, {}, "new", true],
    [
      "the same version again: duplicate, nothing written",
      accepted(patch, { versionId: "2026-03-01T10:00:00Z~bbbb" }),
      {},
      "duplicate",
      false,
    ],
    ["same instant, other answers: conflict", accepted(patch), {}, "conflict", true],
    [
      "same instant written differently, same answers: duplicate",
      accepted(patch, { submittedAt: "2026-03-01T13:00:00+03:00", answersDigest: "digest-b" }),
      {},
      "duplicate",
      false,
    ],
    [
      "a conflict already recorded: conflict again, nothing written",
      accepted(patch, {
        conflicts: [
          { versionId: "2026-03-01T10:00:00Z~bbbb", submittedAt: "2026-03-01T10:00:00Z", receivedAt: "x" },
        ],
      }),
      {},
      "conflict",
      false,
    ],
    [
      "an older version after a newer one: stale",
      accepted(patch),
      { submittedAt: "2026-03-01T09:00:00Z" },
      "stale",
      false,
    ],
    ["a later version: edit", accepted(patch), { submittedAt: "2026-03-01T11:00:00Z" }, "edit", true],
    [
      "later by instant although earlier as text: edit",
      accepted(patch, { submittedAt: "2026-03-01T12:00:00+03:00" }),
      { submittedAt: "2026-03-01T10:00:00Z" },
      "edit",
      true,
    ],
  ];
  it.each(rows)("%s", (_, current, overrides, replay, writes) => {
    const decision = decideSettle(
      input(parsed(social("s1", { singleParentFamilies: 31 })), overrides),
      reads(current),
    );
    expect(decision.outcome.replay).toBe(replay);
    expect(decision.submission !== undefined).toBe(writes);
  });

  it("a conflict keeps the version in force and its facts, and records the other version", () => {
    const current = accepted(patch);
    const decision = decideSettle(input(parsed(social("s1", { singleParentFamilies: 99 }))), reads(current));
    expect(decision.facts).toEqual([]);
    expect(decision.submission).toMatchObject({
      versionId: current.versionId,
      patch,
      status: "accepted",
      conflicts: [{ versionId: "2026-03-01T10:00:00Z~bbbb", submittedAt: "2026-03-01T10:00:00Z" }],
      lastConflictAt: NOW.toISOString(),
    });
    expect(decision.territory).toEqual({});
  });
});

describe("verdicts and respondents", () => {
  const patch = social("s1", { singleParentFamilies: 30 });
  const claim = (email: string | undefined, collection: EmailCollection | undefined) => ({
    email,
    collection,
    coordinators: [COORDINATOR],
  });
  const rows: [string, SettleVerdict, string, string | RegExp][] = [
    [
      "the school's address, older script",
      parsed(patch, { respondent: claim("s1@edu.example", undefined) }),
      "accepted",
      "",
    ],
    [
      "a coordinator's address, older script",
      parsed(patch, { respondent: claim(COORDINATOR, undefined) }),
      "accepted",
      "",
    ],
    [
      "a stranger, older script",
      parsed(patch, { respondent: claim("x@gmail.com", undefined) }),
      "rejected",
      /x@gmail\.com не указан у школы «Школа s1»/,
    ],
    [
      "the school's address, verified",
      parsed(patch, { respondent: claim("S1@edu.example", "verified") }),
      "accepted",
      "",
    ],
    [
      "a coordinator's address, verified",
      parsed(patch, { respondent: claim(COORDINATOR, "verified") }),
      "accepted",
      "",
    ],
    [
      "a stranger, verified",
      parsed(patch, { respondent: claim("x@gmail.com", "verified") }),
      "rejected",
      /не указан у школы/,
    ],
    [
      "no address, verified",
      parsed(patch, { respondent: claim(undefined, "verified") }),
      "rejected",
      /нет адреса/,
    ],
    [
      "the school's address, typed",
      parsed(patch, { respondent: claim("s1@edu.example", "responder_input") }),
      "accepted",
      "",
    ],
    [
      "another address, typed",
      parsed(patch, { respondent: claim("x@gmail.com", "responder_input") }),
      "pending",
      /адрес не подтверждён: x@gmail\.com введён вручную/,
    ],
    [
      "a coordinator's address, typed (anyone can type it)",
      parsed(patch, { respondent: claim(COORDINATOR, "responder_input") }),
      "pending",
      /адрес не подтверждён/,
    ],
    [
      "no address, not collected",
      parsed(patch, { respondent: claim(undefined, "none") }),
      "pending",
      /не собирает адреса/,
    ],
    ["anonymous (no respondent to judge)", parsed(patch), "accepted", ""],
    [
      "answers the catalog refused",
      {
        status: "rejected",
        errors: [{ code: "invalid_answer", field: "social.students", message: "«много» — ожидается число" }],
      },
      "rejected",
      /ожидается число/,
    ],
    [
      "a school not in the registry",
      parsed(social("ghost", {})),
      "rejected",
      /«ghost» — школы с таким кодом нет в реестре/,
    ],
  ];
  it.each(rows)("%s → %s", (_, verdict, status, message) => {
    const target = verdict.status === "parsed" && verdict.schoolId === "ghost" ? { school: undefined } : {};
    const decision = decideSettle(input(verdict), reads(undefined, target));
    expect(decision.outcome.status).toBe(status);
    expect(decision.submission?.status).toBe(status);
    if (message !== "") expect(decision.outcome.errors[0]?.message).toMatch(message);
    // only an accepted version reaches the facts; every settled version marks the territory changed
    expect(decision.facts.length > 0).toBe(status === "accepted");
    expect(decision.territory).toBeDefined();
  });

  it("a pending version keeps its own patch aside and the earlier accepted one in force", () => {
    const earlier = social("s1", { singleParentFamilies: 30 });
    const next = social("s1", { singleParentFamilies: 40 });
    const decision = decideSettle(
      input(parsed(next, { respondent: claim("x@gmail.com", "responder_input") }), {
        submittedAt: "2026-03-01T11:00:00Z",
        emailCollection: "responder_input",
      }),
      reads(accepted(earlier)),
    );
    expect(decision.outcome).toMatchObject({ replay: "edit", status: "pending" });
    expect(decision.submission).toMatchObject({
      status: "pending",
      patch: earlier,
      pending: { patch: next, provenance: ["social.students", "social.singleParentFamilies"] },
      emailCollection: "responder_input",
    });
    expect(decision.facts).toEqual([]);
  });

  it("a rejected edit keeps the earlier version's patch (its values stay in the facts)", () => {
    const earlier = social("s1", { singleParentFamilies: 30 });
    const decision = decideSettle(
      input(
        { status: "rejected", errors: [{ code: "invalid_answer", field: "x", message: "нет" }] },
        { submittedAt: "2026-03-01T11:00:00Z" },
      ),
      reads(accepted(earlier)),
    );
    expect(decision.submission).toMatchObject({ status: "rejected", patch: earlier });
  });

  it("6,000 reasons are stored and answered as the first 50 and «и ещё 5950 ошибок»", () => {
    const errors = Array.from({ length: 6_000 }, (_, i) => ({
      code: "invalid_answer" as const,
      field: `q${i}`,
      message: `«${"x".repeat(5_000)}»`,
    }));
    const decision = decideSettle(input({ status: "rejected", errors }), reads(undefined));
    expect(decision.outcome.errors).toHaveLength(51);
    expect(decision.outcome.errors[50]?.message).toMatch(/^и ещё 5950 ошибок/);
    expect(decision.submission?.errors).toEqual(decision.outcome.errors);
    expect(Math.max(...decision.outcome.errors.map((e) => e.message.length))).toBeLessThanOrEqual(600);
  });
});

describe("edits", () => {
  const base = (facts: SchoolYearFacts, paths: string[]) =>
    storedOf(facts, [
      { submission: SUBMISSION, formKind: "social", submittedAt: "2026-03-01T10:00:00Z", paths },
    ]);

  it("an edit of the same school-year supersedes: the new values win, an answer left empty is cleared", () => {
    const earlier = social("s1", { singleParentFamilies: 30, disabilities: 4 });
    const next = social("s1", { singleParentFamilies: 31 });
    const stored = base(earlier, ["social.disabilities", "social.singleParentFamilies", "social.students"]);
    const decision = decideSettle(
      input(parsed(next), { submittedAt: "2026-03-01T11:00:00Z" }),
      reads(accepted(earlier), { stored }),
    );
    expect(decision.outcome.status).toBe("accepted");
    expect(decision.facts).toHaveLength(1);
    expect(decision.facts[0]?.fact?.facts.social).toEqual({ students: 300, singleParentFamilies: 31 });
  });

  it("an answer another response has filled since is not cleared", () => {
    const earlier = social("s1", { singleParentFamilies: 30, disabilities: 4 });
    const stored = storedOf(social("s1", { singleParentFamilies: 30, disabilities: 5 }), [
      {
        submission: SUBMISSION,
        formKind: "social",
        submittedAt: "x",
        paths: ["social.singleParentFamilies", "social.students"],
      },
      { submission: "form-2~other", formKind: "social", submittedAt: "y", paths: ["social.disabilities"] },
    ]);
    const decision = decideSettle(
      input(parsed(social("s1", { singleParentFamilies: 31 })), { submittedAt: "2026-03-01T11:00:00Z" }),
      reads(accepted(earlier), { stored }),
    );
    expect(decision.facts[0]?.fact?.facts.social).toEqual({
      students: 300,
      singleParentFamilies: 31,
      disabilities: 5,
    });
  });

  it("an edit that contradicts the school's other facts is rejected and writes no facts", () => {
    const stored = storedOf(social("s1", {}), [
      { submission: "form-2~other", formKind: "social", submittedAt: "y", paths: ["social.students"] },
    ]);
    const decision = decideSettle(
      input(parsed({ schoolId: "s1", year: YEAR, social: { students: 300, singleParentFamilies: 500 } })),
      reads(undefined, { stored }),
    );
    expect(decision.outcome.status).toBe("rejected");
    expect(decision.outcome.errors[0]?.message).toMatch(
      /вместе с ранее присланными данными школы за 2025\/2026/,
    );
    expect(decision.facts).toEqual([]);
  });
});

describe("an edit that moves the response to another school or year", () => {
  const earlier = social("s1", { singleParentFamilies: 30 });
  const oldStored = (extra: StoredFact["sources"] = [], facts = earlier) =>
    storedOf(facts, [
      {
        submission: SUBMISSION,
        formKind: "social",
        submittedAt: "2026-03-01T10:00:00Z",
        paths: ["social.singleParentFamilies", "social.students"],
      },
      ...extra,
    ]);
  const moveTo = (schoolId: string, year = YEAR) =>
    input(parsed(social(schoolId, { singleParentFamilies: 30 }, year)), {
      submittedAt: "2026-03-01T11:00:00Z",
    });

  const rows: [string, string, string, number, number][] = [
    ["to another school in another shard", "s2", YEAR, 1, 2],
    ["to another school in the same shard", "s3", YEAR, 1, 1],
    ["to another year of the same school", "s1", "2024/2025", 1, 1],
  ];
  it.each(rows)(
    "%s: the new school-year gets the values, the old one loses them",
    (_, schoolId, year, targetShard, oldShard) => {
      const current = accepted(earlier);
      expect(movedFrom(current, moveTo(schoolId, year).verdict)).toEqual({ schoolId: "s1", year: YEAR });
      const decision = decideSettle(moveTo(schoolId, year), {
        current,
        target: { shard: targetShard, shardBytes: 10_000, school: school(schoolId), stored: undefined },
        previous: { shard: oldShard, shardBytes: 10_000, school: school("s1"), stored: oldStored() },
      });
      expect(decision.outcome).toMatchObject({ replay: "edit", status: "accepted" });
      expect(decision.facts.map((f) => [f.schoolId, f.year, f.shard])).toEqual([
        [schoolId, year, targetShard],
        ["s1", YEAR, oldShard],
      ]);
      expect(decision.facts[0]?.fact?.facts.social).toEqual({ students: 300, singleParentFamilies: 30 });
      // nothing else was there: the old school-year is removed
      expect(decision.facts[1]?.fact).toBeUndefined();
    },
  );

  it("keeps at the old school-year what other responses gave it", () => {
    const facts: SchoolYearFacts = { ...earlier, staff: { teachers: 20 } };
    const decision = decideSettle(moveTo("s2"), {
      current: accepted(earlier),
      target: { shard: 1, shardBytes: 10_000, school: school("s2"), stored: undefined },
      previous: {
        shard: 2,
        shardBytes: 10_000,
        school: school("s1"),
        stored: oldStored(
          [{ submission: "form-staff~x", formKind: "staff", submittedAt: "y", paths: ["staff.teachers"] }],
          facts,
        ),
      },
    });
    expect(decision.facts[1]?.fact).toEqual({
      facts: { schoolId: "s1", year: YEAR, staff: { teachers: 20 } },
      sources: [
        { submission: "form-staff~x", formKind: "staff", submittedAt: "y", paths: ["staff.teachers"] },
      ],
    });
  });

  it("takes an anonymous answer out of the old school's tally", () => {
    const teacher = (schoolId: string): SchoolYearFacts => ({
      schoolId,
      year: YEAR,
      selfDiagnosis: { respondents: 1, deficits: { assessment: 1 } },
    });
    const current = accepted(teacher("s1"), {
      provenance: ["selfDiagnosis.respondents", "selfDiagnosis.deficits.assessment"],
    });
    const tally: StoredFact = storedOf(
      {
        schoolId: "s1",
        year: YEAR,
        selfDiagnosis: { respondents: 3, deficits: { assessment: 2, motivation: 1 } },
      },
      [],
    );
    const decision = decideSettle(
      input(
        parsed(teacher("s2"), {
          provenance: ["selfDiagnosis.respondents", "selfDiagnosis.deficits.assessment"],
        }),
        {
          submittedAt: "2026-03-01T11:00:00Z",
          formKind: "selfDiagnosis",
        },
      ),
      {
        current,
        target: { shard: 1, shardBytes: 0, school: school("s2"), stored: undefined },
        previous: { shard: 2, shardBytes: 0, school: school("s1"), stored: tally },
      },
    );
    expect(decision.facts[1]?.fact?.facts.selfDiagnosis).toEqual({
      respondents: 2,
      deficits: { assessment: 1, motivation: 1 },
    });
  });

  it("a moved edit that is refused (a stranger) leaves both school-years alone", () => {
    const decision = decideSettle(
      input(
        parsed(social("s2", { singleParentFamilies: 30 }), {
          respondent: { email: "x@gmail.com", collection: "verified", coordinators: [] },
        }),
        { submittedAt: "2026-03-01T11:00:00Z" },
      ),
      {
        current: accepted(earlier),
        target: { shard: 1, shardBytes: 0, school: school("s2"), stored: undefined },
        previous: { shard: 2, shardBytes: 0, school: school("s1"), stored: oldStored() },
      },
    );
    expect(decision.outcome.status).toBe("rejected");
    expect(decision.facts).toEqual([]);
    expect(decision.submission?.patch).toEqual(earlier);
  });
});

describe("confirmation by /sync", () => {
  const pendingPatch = social("s1", { singleParentFamilies: 40 });
  const pendingDoc = (overrides: Partial<SubmissionDoc> = {}): SubmissionDoc => ({
    ...accepted(pendingPatch),
    status: "pending",
    errors: [{ code: "respondent_unconfirmed", field: "respondentEmail", message: "адрес не подтверждён" }],
    patch: undefined,
    provenance: undefined,
    pending: { patch: pendingPatch, provenance: ["social.students", "social.singleParentFamilies"] },
    respondentEmail: "new@edu.example",
    emailCollection: "responder_input",
    versionId: "2026-03-01T10:00:00Z~aaaa",
    ...overrides,
  });
  /** What /sync settles: the version the pending document held when the query listed it. */
  const confirm = () =>
    input(
      parsed(pendingPatch, {
        respondent: { email: "new@edu.example", collection: "responder_input", coordinators: [] },
      }),
      {
        versionId: "2026-03-01T10:00:00Z~aaaa",
        mode: "confirm",
        emailCollection: "responder_input",
        respondentEmail: "new@edu.example",
      },
    );
  const rows: [string, SubmissionDoc, string[], string][] = [
    [
      "the address is now the school's: counted",
      pendingDoc(),
      ["s1@edu.example", "new@edu.example"],
      "accepted",
    ],
    ["the address is still not the school's: stays pending", pendingDoc(), ["s1@edu.example"], "pending"],
    [
      "a newer version came meanwhile: nothing",
      pendingDoc({ versionId: "2026-03-01T12:00:00Z~cccc" }),
      ["new@edu.example"],
      "pending",
    ],
    ["already accepted: nothing", { ...pendingDoc(), status: "accepted" }, ["new@edu.example"], "accepted"],
  ];
  it.each(rows)("%s", (_, doc, emails, status) => {
    const decision = decideSettle(confirm(), reads(doc, { school: school("s1", emails) }));
    expect(decision.outcome.status).toBe(status);
    const settles =
      status === "accepted" && doc.status === "pending" && doc.versionId === "2026-03-01T10:00:00Z~aaaa";
    expect(decision.facts.length > 0).toBe(settles);
    if (settles) {
      expect(decision.submission).toMatchObject({
        status: "accepted",
        patch: pendingPatch,
        settledVersions: 1,
      });
      expect(decision.submission?.pending).toBeUndefined();
      // a confirmation is no new envelope: it leaves the script notice alone
      expect(decision.territory).toEqual({});
    }
  });
});

describe("the territory's script notice", () => {
  const rows: [string, Partial<SettleInput>, unknown][] = [
    [
      "an envelope from an older script sets it",
      { outdatedScript: true },
      { submittedAt: "2026-03-01T10:00:00Z", formKind: "social" },
    ],
    ["an envelope from a current script clears it", { outdatedScript: false }, null],
  ];
  it.each(rows)("%s", (_, overrides, notice) => {
    const decision = decideSettle(input(parsed(social("s1", {})), overrides), reads(undefined));
    expect(decision.territory).toEqual({ outdatedScript: notice });
  });
});

describe("Firestore's 1 MiB document limit", () => {
  it(`a patch of more than ${MAX_PATCH_BYTES} bytes is refused, one at the cap is accepted`, () => {
    const withUrl = (bytes: number): SchoolYearFacts => {
      const patch = (programUrl: string): SchoolYearFacts => ({
        schoolId: "s1",
        year: YEAR,
        support: { programUrl },
      });
      const url = "https://school.example/";
      // Firestore counts the ids, the field names and the URL text: pad the URL to the size asked
      return patch(url + "a".repeat(bytes - valueBytes(patch(url))));
    };
    expect(valueBytes(withUrl(MAX_PATCH_BYTES))).toBe(MAX_PATCH_BYTES);
    const atCap = decideSettle(input(parsed(withUrl(MAX_PATCH_BYTES))), reads(undefined));
    expect(atCap.outcome.status).toBe("accepted");
    const past = decideSettle(input(parsed(withUrl(MAX_PATCH_BYTES + 1))), reads(undefined));
    expect(past.outcome.status).toBe("rejected");
    expect(past.outcome.errors[0]?.message).toMatch(/ответ слишком большой: 100001 байт/);
  });

  it("a version that would grow its shard past the budget is refused; up to it, accepted (its map keys counted)", () => {
    const patch = social("s1", { singleParentFamilies: 30 });
    const decision = decideSettle(input(parsed(patch)), reads(undefined, { shardBytes: 0 }));
    // What the shard document gains: `facts.s1.<year>` holding the entry's JSON text (each key and string + 1 byte)
    const year = decision.facts[0]?.year ?? "";
    const text = Buffer.byteLength(encodeStoredFact(decision.facts[0]?.fact as StoredFact), "utf8") + 1;
    const entry = Buffer.byteLength("s1") + 1 + Buffer.byteLength(year) + 1 + text;
    expect(year).toMatch(/^\d{4}\/\d{4}$/);
    const fits = decideSettle(
      input(parsed(patch)),
      reads(undefined, { shardBytes: DOCUMENT_BUDGET - entry }),
    );
    expect(fits.outcome.status).toBe("accepted");
    const over = decideSettle(
      input(parsed(patch)),
      reads(undefined, { shardBytes: DOCUMENT_BUDGET - entry + 1 }),
    );
    expect(over.outcome.status).toBe("rejected");
    expect(over.outcome.errors[0]?.message).toMatch(/больше, чем хранилище держит в одном документе/);
  });
});
