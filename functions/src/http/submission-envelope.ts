// Submission envelope v1 (docs/design.md §3.3), checked with zod at the edge; problems come back in Russian with the field path.
import { z } from "zod";
import { issuesFromZod, type ParseResult } from "../contract/validation-issue.js";
import { EMAIL_COLLECTIONS } from "../store/respondent-rule.js";
import { TERRITORY_ID_PATTERN } from "./config.js";

/** Longest form or response id kept readable; longer ones are still accepted (the store digests them). */
const MAX_ID_LENGTH = 500;

/**
 * Longest `submittedAt`: an ISO 8601 instant with nanoseconds and an offset is 35 characters. The format itself
 * allows any number of fraction digits, and the text is kept, compared, echoed by /receipts and shown on «Ошибки»
 * as sent when it cannot be read as a date — where Google Sheets refuses a cell over 50,000 characters and, with
 * it, the territory's whole publish.
 */
export const MAX_INSTANT_LENGTH = 40;

const AnswerValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

/** An e-mail field Apps Script leaves empty when the form collects none: empty means absent. */
const optionalText = z
  .string()
  .trim()
  .max(2_000)
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : value));

export const SubmissionEnvelopeSchema = z.object({
  format: z.literal("shnor-submission"),
  version: z.literal(1),
  territoryId: z.string().regex(TERRITORY_ID_PATTERN, {
    message: "код территории — латиница в нижнем регистре, цифры, - и _",
  }),
  form: z.object({
    kind: z.string().min(1),
    id: z.string().trim().min(1).max(MAX_ID_LENGTH),
    catalogVersion: z.string().min(1),
  }),
  response: z.object({
    id: z.string().trim().min(1).max(MAX_ID_LENGTH),
    submittedAt: z.iso
      .datetime({
        offset: true,
        message: "время отправки — дата и время ISO 8601, например 2026-03-02T09:00:00Z",
      })
      .max(MAX_INSTANT_LENGTH),
    respondentEmail: optionalText,
    editUrl: optionalText,
    /**
     * How the form collected `respondentEmail` (issue 9): absent in envelopes of older scripts, which are
     * accepted as before while «Ошибки» asks the coordinator to update the script.
     */
    emailCollection: z
      .enum(EMAIL_COLLECTIONS, {
        message: `способ сбора адресов — одно из значений: ${EMAIL_COLLECTIONS.join(", ")}`,
      })
      .optional(),
  }),
  answers: z.array(z.object({ key: z.string(), value: AnswerValueSchema }), {
    message: "ожидается список ответов вида {key, value}",
  }),
  locale: z.string().max(40).optional(),
});

export type SubmissionEnvelope = z.output<typeof SubmissionEnvelopeSchema>;

/** Checks an envelope; every problem names its field (`response.submittedAt`) in Russian. Never throws. */
export function parseSubmissionEnvelope(input: unknown): ParseResult<SubmissionEnvelope> {
  const parsed = SubmissionEnvelopeSchema.safeParse(input);
  if (parsed.success) return { success: true, data: parsed.data };
  return { success: false, error: { code: "invalid", issues: issuesFromZod(parsed.error, input) } };
}
