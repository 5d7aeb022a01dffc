// A response document with every field a client can grow at its cap still fits in one Firestore document (1 MiB).
import { describe, expect, it } from "vitest";
import type { SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import {
  documentBytes,
  FIRESTORE_DOCUMENT_LIMIT,
  valueBytes,
} from "../../functions/src/store/document-size.js";
import { MAX_LISTED_ERRORS } from "../../functions/src/store/error-cap.js";
import {
  decideSettle,
  MAX_CONFLICTS,
  MAX_PATCH_BYTES,
  type SettleInput,
  type SettleVerdict,
} from "../../functions/src/store/settle-decision.js";
import { type SubmissionDoc, submissionDocId } from "../../functions/src/store/stored-documents.js";

const NOW = new Date("2026-03-02T09:00:00Z");
const YEAR = "2025/2026";
/** Three UTF-8 bytes per character: the worst a text can cost per character Firestore counts. */
const wide = (chars: number) => "語".repeat(chars);
/** The longest `submittedAt` the envelope schema lets through (40 characters). */
const LONGEST_INSTANT = "2026-03-01T10:00:00.1234567890123456789Z";

/** A patch just under the cap, in the one free-text answer a school has. */
function patchAtCap(schoolId: string): SchoolYearFacts {
  const patch: SchoolYearFacts = { schoolId, year: YEAR, support: { programUrl: "" } };
  const room = MAX_PATCH_BYTES - valueBytes(patch) - 10;
  return { ...patch, support: { programUrl: wide(Math.floor(room / 3)) } };
}

/** The response's earlier accepted version, with every client-grown field at its cap and a full conflict list. */
function earlierAtCap(): SubmissionDoc {
  const patch = patchAtCap("s1");
  expect(valueBytes(patch)).toBeLessThanOrEqual(MAX_PATCH_BYTES);
  return {
    territoryId: "t",
    formId: "f".repeat(500),
    responseId: "r".repeat(500),
    formKind: "k".repeat(100),
    versionId: `${LONGEST_INSTANT}~${"a".repeat(24)}`,
    answersDigest: "a".repeat(24),
    submittedAt: LONGEST_INSTANT,
    settledAt: NOW.toISOString(),
    status: "accepted",
    errors: [],
    respondentEmail: wide(2_000),
    editUrl: wide(2_000),
    schoolId: "s1",
    year: YEAR,
    patch,
    provenance: ["support.programUrl"],
    settledVersions: 1,
    conflicts: Array.from({ length: MAX_CONFLICTS }, (_, i) => ({
      versionId: `${LONGEST_INSTANT}~${String(i).padStart(24, "0")}`,
      submittedAt: LONGEST_INSTANT,
      receivedAt: NOW.toISOString(),
    })),
    lastConflictAt: NOW.toISOString(),
  };
}

function input(verdict: SettleVerdict, current: SubmissionDoc): SettleInput {
  return {
    territoryId: "t",
    formId: current.formId,
    responseId: current.responseId,
    versionId: `2026-03-05T10:00:00.1234567890123456789Z~${"b".repeat(24)}`,
    answersDigest: "b".repeat(24),
    submittedAt: "2026-03-05T10:00:00.1234567890123456789Z",
    formKind: current.formKind,
    respondentEmail: wide(2_000),
    editUrl: wide(2_000),
    emailCollection: "responder_input",
    verdict,
    now: NOW,
  };
}

const bytesOf = (doc: SubmissionDoc | undefined) =>
  documentBytes(`territories/t/submissions/${submissionDocId(doc?.formId ?? "", doc?.responseId ?? "")}`, {
    ...doc,
  });

describe("the response document at every cap", () => {
  it("a rejected edit with thousands of wide reasons keeps the earlier patch and stays under 1 MiB", () => {
    const current = earlierAtCap();
    const errors = Array.from({ length: 6_000 }, (_, i) => ({
      code: "invalid_answer" as const,
      field: `${wide(1_000)}${i}`,
      message: wide(5_000),
    }));
    const decision = decideSettle(
      input({ status: "rejected", errors, target: { schoolId: "s".repeat(200) } }, current),
      {
        current,
      },
    );
    expect(decision.submission?.errors).toHaveLength(MAX_LISTED_ERRORS + 1);
    expect(decision.submission?.patch).toEqual(current.patch);
    expect(bytesOf(decision.submission)).toBeLessThan(FIRESTORE_DOCUMENT_LIMIT);
  });

  it("an unconfirmed edit keeps both patches (the one in force and its own) and stays under 1 MiB", () => {
    const current = earlierAtCap();
    const patch = patchAtCap("s1");
    const decision = decideSettle(
      input(
        {
          status: "parsed",
          schoolId: "s1",
          year: YEAR,
          patch,
          provenance: ["support.programUrl"],
          respondent: { email: wide(2_000), collection: "responder_input", coordinators: [] },
        },
        current,
      ),
      {
        current,
        target: {
          shard: 1,
          shardBytes: 0,
          school: { id: "s1", name: "Школа", emails: [] },
          stored: undefined,
        },
      },
    );
    expect(decision.submission?.status).toBe("pending");
    expect(decision.submission?.pending?.patch).toEqual(patch);
    expect(decision.submission?.patch).toEqual(current.patch);
    expect(bytesOf(decision.submission)).toBeLessThan(FIRESTORE_DOCUMENT_LIMIT);
  });
});
