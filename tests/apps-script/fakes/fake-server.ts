// Our `api` function as the script sees it over UrlFetchApp: /submit stores and answers, /receipts answers from what it holds.
import type { SubmissionEnvelope } from "../../../apps-script/src/submission-envelope.js";
import type { FakeReply, SeenRequest } from "./fake-services.js";

/** Answers that settle a response on the server (stored in some state); anything else stores nothing. */
function stores(reply: FakeReply): boolean {
  if ("networkError" in reply) return false;
  const code = (reply.body as { code?: unknown } | undefined)?.code;
  return (
    [200, 202, 409, 422].includes(reply.status) || (reply.status === 403 && code === "respondent_not_allowed")
  );
}

/**
 * Keeps, per form and response, the latest `submittedAt` it holds, and answers `/receipts` by the contract of
 * issue 9: in request order, the responses it does not hold (`held: null`) or holds only in an older version,
 * instants compared as instants; more than 1000 responses is a 400.
 */
export class FakeServer {
  readonly held = new Map<string, string>();
  readonly submitted: SubmissionEnvelope[] = [];
  readonly receipts: { formId: string; count: number }[] = [];
  /** How /submit answers an envelope; by default 200 accepted. */
  verdict: (envelope: SubmissionEnvelope) => FakeReply = () => ({
    status: 200,
    body: { status: "accepted" },
  });
  /** No answer at all (network) for every request while true. */
  down = false;

  handle(request: SeenRequest): FakeReply {
    if (this.down) return { networkError: "Address unavailable" };
    const path = new URL(request.url).pathname;
    if (path.endsWith("/submit")) return this.submit(request.body as SubmissionEnvelope);
    if (path.endsWith("/receipts")) return this.answerReceipts(request.body);
    return { status: 200, body: { status: "ok" } };
  }

  private submit(envelope: SubmissionEnvelope): FakeReply {
    this.submitted.push(envelope);
    const reply = this.verdict(envelope);
    if (stores(reply)) {
      const key = `${envelope.form.id}|${envelope.response.id}`;
      const before = this.held.get(key);
      if (!before || Date.parse(before) < Date.parse(envelope.response.submittedAt))
        this.held.set(key, envelope.response.submittedAt);
    }
    return reply;
  }

  private answerReceipts(body: unknown): FakeReply {
    const request = body as { formId?: string; responses?: { responseId: string; submittedAt: string }[] };
    const responses = request.responses ?? [];
    if (responses.length < 1 || responses.length > 1000)
      return {
        status: 400,
        body: { status: "error", message: "не больше 1000 ответов за один запрос" },
      };
    this.receipts.push({ formId: request.formId ?? "", count: responses.length });
    const missing = responses
      .map((r) => ({ ...r, held: this.held.get(`${request.formId}|${r.responseId}`) ?? null }))
      .filter((r) => r.held === null || Date.parse(r.held) < Date.parse(r.submittedAt));
    return { status: 200, body: { status: "ok", missing } };
  }

  /** Test helper: how many times /submit saw this response. */
  timesSubmitted(responseId: string): number {
    return this.submitted.filter((e) => e.response.id === responseId).length;
  }
}
