// An objection goes the settle path of issue 9 as a record: new, edit, replay, unknown school, respondent, unconfirmed address — and never a fact.
import { describe, expect, it } from "vitest";
import type { School } from "../../functions/src/contract/dataset.js";
import type { Objection } from "../../functions/src/contract/decision-cycle.js";
import {
  decideSettle,
  type SettleInput,
  type SettleReads,
} from "../../functions/src/store/settle-decision.js";
import type { SubmissionDoc } from "../../functions/src/store/stored-documents.js";

const NOW = new Date("2026-05-06T09:00:00Z");
const school: School = { id: "s1", name: "Первая школа", emails: ["s1@edu.example"] };
const objection: Objection = {
  schoolId: "s1",
  year: "2025/2026",
  request: "exclude",
  lists: ["lowResults"],
  grounds: "ошибка в данных ГИА исправлена",
};
const verdict = (email: string, collection: "verified" | "responder_input" = "verified") =>
  ({
    status: "record",
    schoolId: "s1",
    year: "2025/2026",
    record: objection,
    respondent: { email, collection, coordinators: ["metodist@example.ru"] },
  }) as const;
const input = (v: SettleInput["verdict"], overrides: Partial<SettleInput> = {}): SettleInput => ({
  territoryId: "t",
  formId: "objection-form",
  responseId: "r1",
  versionId: "2026-05-06T08:00:00Z~aaaa",
  answersDigest: "a",
  submittedAt: "2026-05-06T08:00:00Z",
  formKind: "objection",
  verdict: v,
  now: NOW,
  ...overrides,
});
const reads = (current?: SubmissionDoc, known = true): SettleReads => ({
  current,
  target: { shard: 3, shardBytes: 1_000, school: known ? school : undefined, stored: undefined },
});

describe("settling an objection", () => {
  it("keeps it on the response as a record, writes no school-year, and marks the territory changed", () => {
    const decision = decideSettle(input(verdict("s1@edu.example")), reads());
    expect(decision.outcome).toEqual({ replay: "new", status: "accepted", errors: [] });
    expect(decision.facts).toEqual([]);
    expect(decision.submission).toMatchObject({
      status: "accepted",
      schoolId: "s1",
      year: "2025/2026",
      record: objection,
    });
    expect(decision.submission?.patch).toBeUndefined();
    expect(decision.territory).toEqual({ outdatedScript: null });
  });

  it("is a duplicate when the same version comes again, and an edit replaces the record", () => {
    const first = decideSettle(input(verdict("s1@edu.example")), reads()).submission as SubmissionDoc;
    expect(decideSettle(input(verdict("s1@edu.example")), reads(first)).outcome.replay).toBe("duplicate");
    const edited = decideSettle(
      input(
        { ...verdict("s1@edu.example"), record: { ...objection, grounds: "уточнены основания" } },
        { versionId: "2026-05-07T08:00:00Z~bbbb", submittedAt: "2026-05-07T08:00:00Z", answersDigest: "b" },
      ),
      reads(first),
    );
    expect(edited.outcome.replay).toBe("edit");
    expect(edited.submission?.record?.grounds).toBe("уточнены основания");
    expect(edited.facts).toEqual([]);
  });

  it("refuses a school the registry does not know, and a respondent who is not the school's", () => {
    const unknown = decideSettle(input(verdict("s1@edu.example")), reads(undefined, false));
    expect(unknown.outcome.status).toBe("rejected");
    expect(unknown.outcome.errors[0]?.message).toBe(
      "«s1» — школы с таким кодом нет в реестре (лист «Школы»)",
    );
    const stranger = decideSettle(input(verdict("someone@else.example")), reads());
    expect(stranger.outcome.status).toBe("rejected");
    expect(stranger.facts).toEqual([]);
  });

  it("waits for an unconfirmed address, and a confirmation settles the record, still no facts", () => {
    const pending = decideSettle(input(verdict("new@school.example", "responder_input")), reads());
    expect(pending.outcome.status).toBe("pending");
    expect(pending.submission?.record).toEqual(objection);
    const confirmed = decideSettle(
      input(verdict("new@school.example", "responder_input"), { mode: "confirm" }),
      {
        ...reads(pending.submission),
        target: {
          shard: 3,
          shardBytes: 1_000,
          school: { ...school, emails: ["new@school.example"] },
          stored: undefined,
        },
      },
    );
    expect(confirmed.outcome.status).toBe("accepted");
    expect(confirmed.facts).toEqual([]);
    expect(confirmed.submission?.record).toEqual(objection);
  });
});
