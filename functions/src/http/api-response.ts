// Outcomes of the routes as values, and the one place that maps their codes to HTTP statuses and JSON bodies.
import type { SubmissionError, SubmissionErrorCode } from "../store/stored-documents.js";
import type { AuthError } from "./auth.js";
import { authErrorStatus } from "./auth.js";

/** Codes of expected failures a route can end with; each has exactly one status (see {@link STATUS_OF}). */
export type ApiErrorCode =
  | "malformed"
  | "too_large"
  | "unsupported_media_type"
  | "version_conflict"
  | "not_found"
  | "method_not_allowed"
  | "territory_not_found"
  | "results_not_found"
  | "missing_token"
  | "invalid_token"
  | "wrong_audience"
  | "not_allowed"
  | "rejected"
  | "respondent_not_allowed"
  | "publish_failed"
  | "import_refused"
  | "mapping_required"
  | "import_busy"
  | "import_not_found"
  | "import_not_applied"
  | "draft_not_found"
  | "approval_refused"
  | "approval_conflict"
  | "misconfigured"
  | "internal";

const STATUS_OF: Readonly<Record<ApiErrorCode, number>> = {
  malformed: 400,
  too_large: 413,
  unsupported_media_type: 415,
  version_conflict: 409,
  not_found: 404,
  method_not_allowed: 405,
  territory_not_found: 404,
  results_not_found: 404,
  missing_token: 401,
  invalid_token: 401,
  wrong_audience: 401,
  not_allowed: 403,
  rejected: 422,
  respondent_not_allowed: 403,
  publish_failed: 502,
  import_refused: 422,
  mapping_required: 422,
  import_busy: 409,
  import_not_found: 404,
  import_not_applied: 409,
  draft_not_found: 404,
  approval_refused: 422,
  approval_conflict: 409,
  misconfigured: 500,
  internal: 500,
};

/**
 * A route's answer: a body to send with 200 (or 202: stored, not settled), or a failure with its code, Russian
 * message and details. Not a `Result` (contract/result.ts): both sides are an HTTP response to write, a refusal
 * as much as a 200; a route's own expected failures are `Result`s until it answers.
 */
export type RouteOutcome =
  | { ok: true; body: unknown; status?: 200 | 202 }
  | { ok: false; code: ApiErrorCode; message: string; details?: Record<string, unknown> };

/**
 * The failure each reason of a rejected submission asks for: the respondent's address refused is 403
 * (`respondent_not_allowed`), every other reason 422 (`rejected`). A cut envelope's 413 is not here: it is the
 * request's own size, answered before its reasons are looked at (submit-route.ts).
 */
const FAILURE_OF_SUBMISSION_ERROR: Readonly<Record<SubmissionErrorCode, ApiErrorCode>> = {
  invalid_answer: "rejected",
  inconsistent_facts: "rejected",
  unknown_school: "rejected",
  response_too_large: "rejected",
  answers_too_large: "rejected",
  respondent_not_allowed: "respondent_not_allowed",
  respondent_unconfirmed: "rejected",
  more_errors: "rejected",
  version_conflict: "rejected",
  outdated_script: "rejected",
  malformed: "rejected",
  unclassified: "rejected",
};

/**
 * The failure code of a rejected submission, from its reasons' codes: `respondent_not_allowed` (403) when every
 * reason is the respondent's refused address — the school must not be told to fix its answers — else `rejected`
 * (422). Status by {@link statusOf}.
 */
export function rejectionCode(errors: readonly Pick<SubmissionError, "code">[]): ApiErrorCode {
  return errors.every((e) => FAILURE_OF_SUBMISSION_ERROR[e.code] === "respondent_not_allowed")
    ? "respondent_not_allowed"
    : "rejected";
}

/** The reasons as a reply lists them, `{field, message}`: the codes have chosen the status already. */
export function listedErrors(errors: readonly SubmissionError[]): { field: string; message: string }[] {
  return errors.map((e) => ({ field: e.field, message: e.message }));
}

/** The HTTP status of a failure code. */
export function statusOf(code: ApiErrorCode): number {
  return STATUS_OF[code];
}

/** A success value; 202 when the request was stored but not settled (an unconfirmed respondent address). */
export function ok(body: unknown, status: 200 | 202 = 200): RouteOutcome {
  return status === 200 ? { ok: true, body } : { ok: true, body, status };
}

/** A failure value; `details` go into the body next to `status` and `message` (e.g. `errors`). */
export function failure(
  code: ApiErrorCode,
  message: string,
  details?: Record<string, unknown>,
): RouteOutcome {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

/** An authentication or authorization refusal as a route outcome (401 or 403). */
export function authFailure(error: AuthError): RouteOutcome {
  return failure(authErrorStatus(error) === 403 ? "not_allowed" : error.code, error.message);
}

/**
 * Status and JSON body of an outcome. Failure bodies are `{status, code, message, ...details}` with `status`
 * «rejected» (422, 403 respondent_not_allowed, 413: a final refusal), «conflict» (409) or «error»; no stack ever.
 */
export function renderOutcome(outcome: RouteOutcome): { status: number; body: unknown } {
  if (outcome.ok) return { status: outcome.status ?? 200, body: outcome.body };
  const status = statusOf(outcome.code);
  const label =
    outcome.code === "rejected" || outcome.code === "respondent_not_allowed" || outcome.code === "too_large"
      ? "rejected"
      : outcome.code === "version_conflict"
        ? "conflict"
        : "error";
  return {
    status,
    body: { status: label, code: outcome.code, message: outcome.message, ...(outcome.details ?? {}) },
  };
}
