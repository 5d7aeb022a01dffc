// POST /receipts: which of a form's responses the server does not hold, or holds only in an older version («Досылка ответов»).
import { z } from "zod";
import { issuesFromZod } from "../contract/validation-issue.js";
import { capErrors } from "../store/error-cap.js";
import { authFailure, failure, listedErrors, ok, type RouteOutcome } from "./api-response.js";
import type { ApiRuntime } from "./api-runtime.js";
import type { AuthRequest } from "./auth.js";
import { TERRITORY_ID_PATTERN } from "./config.js";
import { coordinatedTerritory } from "./coordinated-territory.js";
import { type BodyRequest, readJsonBody } from "./request-body.js";
import { MAX_INSTANT_LENGTH } from "./submission-envelope.js";

/** Responses per request: Apps Script asks in chunks of at most this many per form. */
export const MAX_RECEIPTS = 1_000;

const instantText = z.iso
  .datetime({
    offset: true,
    message: "время отправки — дата и время ISO 8601, например 2026-03-02T09:00:00Z",
  })
  .max(MAX_INSTANT_LENGTH);

const ReceiptsRequestSchema = z.object({
  territoryId: z.string().regex(TERRITORY_ID_PATTERN, {
    message: "код территории — латиница в нижнем регистре, цифры, - и _",
  }),
  formId: z.string().trim().min(1).max(500),
  responses: z
    .array(z.object({ responseId: z.string().trim().min(1).max(500), submittedAt: instantText }))
    .min(1, { message: "нужен хотя бы один ответ" })
    .max(MAX_RECEIPTS, { message: `не больше ${MAX_RECEIPTS} ответов за один запрос` }),
});

export interface ReceiptsRequest extends AuthRequest, BodyRequest {}

/** A response the client must send again: not held, or held only in a version older than the form's. */
export interface MissingResponse {
  responseId: string;
  submittedAt: string;
  held: string | null;
}

/**
 * Compares the form's responses with what the server holds. Listed as missing, in the order asked: responses
 * the server does not hold (`held: null`), and responses whose version in force is older than the form's
 * (`held` < `submittedAt`, compared as instants, not as text), so a lost edit is sent again too. A response
 * held in any state (accepted, rejected, pending, in conflict) at the same or a later instant is not missing.
 * Only a coordinator of the territory may ask (403 otherwise).
 */
export async function receiptsRoute(runtime: ApiRuntime, req: ReceiptsRequest): Promise<RouteOutcome> {
  const caller = await runtime.auth.identify(req);
  if (!caller.success) return authFailure(caller.error);
  const body = readJsonBody(req);
  if (!body.success) return failure("malformed", `неверный запрос сверки: ${body.error.message}`);
  const parsed = ReceiptsRequestSchema.safeParse(body.data.value);
  if (!parsed.success) {
    const errors = capErrors(
      issuesFromZod(parsed.error, body.data.value).map((i) => ({
        code: "malformed",
        field: i.path,
        message: i.message,
      })),
    );
    const tooMany = parsed.error.issues.some((i) => i.code === "too_big" && i.path[0] === "responses");
    return failure(
      "malformed",
      tooMany
        ? `неверный запрос сверки: не больше ${MAX_RECEIPTS} ответов за один запрос`
        : "неверный запрос сверки: ожидается {territoryId, formId, responses: [{responseId, submittedAt}]}",
      { errors: listedErrors(errors) },
    );
  }
  const { territoryId, formId, responses } = parsed.data;
  const territory = await coordinatedTerritory(runtime, caller.data, territoryId);
  if (!territory.success) return territory.error;

  const held = await runtime.store.submissions.heldVersions(
    territoryId,
    responses.map((r) => ({ formId, responseId: r.responseId })),
  );
  const missing: MissingResponse[] = [];
  responses.forEach((response, i) => {
    const at = held[i]?.held;
    if (at === undefined) {
      missing.push({ responseId: response.responseId, submittedAt: response.submittedAt, held: null });
      return;
    }
    const heldMs = Date.parse(at);
    // a held version whose time cannot be read is treated as older: sending it again costs a duplicate at most
    if (Number.isNaN(heldMs) || heldMs < Date.parse(response.submittedAt)) {
      missing.push({ responseId: response.responseId, submittedAt: response.submittedAt, held: at });
    }
  });
  return ok({ status: "ok", missing });
}
