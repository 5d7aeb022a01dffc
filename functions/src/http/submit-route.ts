// POST /submit: authenticate → store the raw envelope → parse the answers → settle into the school's facts → publish.
import { parseAcademicYear, parseSchoolRef } from "../catalog/answer-coercion.js";
import { findForm } from "../catalog/form-catalog.js";
import { parseObjectionAnswers, parseSubmissionAnswers } from "../catalog/submission-answers.js";
import { AcademicYearSchema } from "../contract/academic-year.js";
import type { ValidationIssue } from "../contract/validation-issue.js";
import { capErrors, cutChars } from "../store/error-cap.js";
import type { SubmissionError } from "../store/stored-documents.js";
import { MAX_RAW_BYTES, type SettleOutcome, type SettleVerdict } from "../store/submission-repository.js";
import { authFailure, failure, listedErrors, ok, type RouteOutcome, rejectionCode } from "./api-response.js";
import type { ApiRuntime, KnownTerritory } from "./api-runtime.js";
import { type AuthRequest, authorizeCoordinator, type Caller } from "./auth.js";
import { TERRITORY_ID_PATTERN } from "./config.js";
import { type BodyRequest, type BodyResult, readJsonBody, stringField } from "./request-body.js";
import { parseSubmissionEnvelope, type SubmissionEnvelope } from "./submission-envelope.js";

/**
 * Longest form kind kept with a response: the catalog's kinds are a few letters, and an unknown kind of any
 * length is still refused (422) and listed on «Ошибки», where it is the «Форма» cell — Google Sheets refuses a
 * cell over 50,000 characters, and with it the territory's whole publish. The raw envelope keeps it whole.
 */
export const MAX_FORM_KIND_CHARS = 100;

/** How far after its receipt a response may say it was sent: more is a broken clock or a forged envelope. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/** What the route needs of a request. */
export interface SubmitRequest extends AuthRequest, BodyRequest {}

/**
 * The school and year a rejected response names, read leniently: the coordinator must see on «Ошибки» whose
 * answer was refused even when something else in it is wrong. A year that is not «2024/2025»-shaped is left out.
 */
function namedTarget(envelope: SubmissionEnvelope): { schoolId?: string; year?: string } {
  const text = (key: string) => {
    const value = envelope.answers.find((a) => a.key === key)?.value;
    return typeof value === "string" ? value : undefined;
  };
  const school = text("school");
  const yearText = text("year");
  // cut: a hostile «school» answer may be as long as the envelope, and it is stored with the reasons
  const schoolRef = school === undefined ? undefined : parseSchoolRef(school);
  const schoolId = schoolRef === undefined ? undefined : cutChars(schoolRef, 200);
  const year = yearText === undefined ? undefined : parseAcademicYear(yearText);
  const valid = year !== undefined && AcademicYearSchema.safeParse(year).success;
  return { ...(schoolId ? { schoolId } : {}), ...(valid ? { year } : {}) };
}

/** A response whose answers do not parse: each issue names its question (capped where stored, in decideSettle). */
function rejectedAnswers(envelope: SubmissionEnvelope, issues: readonly ValidationIssue[]): SettleVerdict {
  return {
    status: "rejected",
    errors: issues.map((issue) => ({ code: "invalid_answer", field: issue.path, message: issue.message })),
    target: namedTarget(envelope),
  };
}

/** An objection («Обращение школы по спискам»): a record verdict, settled by the same rules as facts (issue 13). */
function recordVerdictOf(envelope: SubmissionEnvelope, territory: KnownTerritory): SettleVerdict {
  const parsed = parseObjectionAnswers(envelope.form.kind, envelope.answers, envelope.locale ?? "ru_RU");
  if (!parsed.success) return rejectedAnswers(envelope, parsed.error.issues);
  return {
    status: "record",
    schoolId: parsed.data.schoolId,
    year: parsed.data.year,
    record: parsed.data,
    respondent: {
      email: envelope.response.respondentEmail,
      collection: envelope.response.emailCollection,
      coordinators: territory.coordinators,
    },
  };
}

function verdictOf(envelope: SubmissionEnvelope, territory: KnownTerritory): SettleVerdict {
  if (findForm(envelope.form.kind)?.record === true) return recordVerdictOf(envelope, territory);
  const parsed = parseSubmissionAnswers(envelope.form.kind, envelope.answers, envelope.locale ?? "ru_RU");
  if (!parsed.success) return rejectedAnswers(envelope, parsed.error.issues);
  const anonymous = findForm(envelope.form.kind)?.anonymous === true;
  return {
    status: "parsed",
    schoolId: parsed.data.schoolId,
    year: parsed.data.year,
    patch: parsed.data.patch,
    provenance: parsed.data.provenance,
    // the anonymous self-diagnosis has no respondent to check: it is only ever a tally per school
    ...(anonymous
      ? {}
      : {
          respondent: {
            email: envelope.response.respondentEmail,
            collection: envelope.response.emailCollection,
            coordinators: territory.coordinators,
          },
        }),
  };
}

function outcomeOf(settled: SettleOutcome): RouteOutcome {
  if (settled.replay === "conflict") {
    return failure(
      "version_conflict",
      "конфликт версий: этот ответ уже получен с тем же временем отправки, но с другими ответами; обе версии " +
        "сохранены, в расчёте остаётся полученная первой",
    );
  }
  if (settled.status === "pending") {
    return ok(
      {
        status: "pending_confirmation",
        message:
          "ответ сохранён, но не учтён: адрес респондента не подтверждён; он будет учтён, когда координатор " +
          "добавит адрес школе (лист «Школы», столбец «Электронная почта»)",
        errors: listedErrors(settled.errors),
      },
      202,
    );
  }
  if (settled.status === "rejected") {
    const code = rejectionCode(settled.errors);
    return failure(
      code,
      code === "respondent_not_allowed"
        ? "ответ не принят: респондент не относится к школе"
        : "ответ не принят: исправьте ответы и отправьте форму ещё раз",
      { errors: listedErrors(settled.errors) },
    );
  }
  switch (settled.replay) {
    case "new":
      return ok({ status: "accepted" });
    case "edit":
      return ok({ status: "updated" });
    case "duplicate":
      return ok({ status: "duplicate" });
    case "stale":
      return ok({ status: "duplicate", message: "более поздняя версия этого ответа уже учтена" });
  }
}

/**
 * A body that names no territory served here (not JSON, no readable `territoryId`, an unknown territory) is
 * kept under `unrouted-submissions` when a coordinator of some territory sent it — a school's script runs as
 * its coordinator — so nothing a school sent is lost; anyone else is refused before anything is written.
 */
async function unrouted(
  runtime: ApiRuntime,
  caller: Caller,
  body: BodyResult,
  claimedTerritoryId: string | undefined,
): Promise<RouteOutcome> {
  const coordinators = await runtime.allCoordinators();
  if (!coordinators.some((c) => c.toLowerCase() === caller.email)) {
    return failure("not_allowed", `${caller.email} нет в списке координаторов ни одной территории`);
  }
  const raw = body.success ? body.data.rawJson : body.error.rawText;
  const reason = !body.success
    ? body.error.message
    : claimedTerritoryId === undefined
      ? "не указан код территории (territoryId)"
      : TERRITORY_ID_PATTERN.test(claimedTerritoryId)
        ? `территория «${claimedTerritoryId}» не обслуживается`
        : "неверный код территории (territoryId)";
  if (raw.trim() !== "") {
    runtime.logs.unrouted(caller.email, reason, claimedTerritoryId);
    await runtime.store.submissions.keepUnrouted({
      rawJson: raw,
      reason,
      receivedAt: runtime.now(),
      caller: caller.email,
      ...(claimedTerritoryId !== undefined ? { claimedTerritoryId } : {}),
    });
  }
  if (!body.success) return failure("malformed", `неверный конверт ответа: ${body.error.message}`);
  if (claimedTerritoryId !== undefined && TERRITORY_ID_PATTERN.test(claimedTerritoryId)) {
    return failure("territory_not_found", `территория «${claimedTerritoryId}» не обслуживается`);
  }
  return failure("malformed", "неверный конверт ответа: не указан код территории (territoryId)", {
    errors: [{ field: "territoryId", message: "обязательное поле: код территории" }],
  });
}

/** A `submittedAt` more than {@link MAX_FUTURE_MS} after receipt: the reason, or undefined when it is plausible. */
export function futureSubmission(submittedAt: string, receivedAt: Date): string | undefined {
  const at = Date.parse(submittedAt);
  if (Number.isNaN(at) || at - receivedAt.getTime() <= MAX_FUTURE_MS) return undefined;
  return (
    `время отправки ${submittedAt} позже времени получения больше чем на сутки — у ответа Google Формы так не ` +
    "бывает (проверьте часы компьютера и скрипт таблицы); ответ сохранён, но не принят"
  );
}

/**
 * Handles one envelope. Nothing is written before the caller is authenticated (and, for a body with no readable
 * territory, a coordinator somewhere: it is kept unrouted); for a known territory the caller must be its
 * coordinator. After that, the envelope is stored before anything else looks at it (a malformed or too large
 * one via `receiveMalformed`), so nothing a school sent is lost. A `submittedAt` more than a day ahead is
 * refused (422) and not settled, so it cannot lock the response against later edits. Answers typed as people
 * type them are coerced by the catalog; a rejected response is stored with its reasons (at most 50, and how
 * many more) and shows on «Ошибки»; an unconfirmed address is stored and answered 202; a conflicting version 409.
 */
export async function submitRoute(runtime: ApiRuntime, req: SubmitRequest): Promise<RouteOutcome> {
  const caller = await runtime.auth.identify(req);
  if (!caller.success) return authFailure(caller.error);

  const body = readJsonBody(req);
  const claimed = body.success ? stringField(body.data.value, "territoryId") : undefined;
  const territory =
    claimed !== undefined && TERRITORY_ID_PATTERN.test(claimed)
      ? await runtime.findTerritory(claimed)
      : undefined;
  if (!body.success || territory === undefined) return unrouted(runtime, caller.data, body, claimed);
  const territoryId = territory.id;
  const allowed = authorizeCoordinator(caller.data, territoryId, territory.coordinators);
  if (!allowed.success) return authFailure(allowed.error);

  const receivedAt = runtime.now();
  const envelope = parseSubmissionEnvelope(body.data.value);
  if (!envelope.success) {
    const errors = capErrors(
      envelope.error.issues.map((i) => ({ code: "malformed", field: i.path, message: i.message })),
    );
    await runtime.store.submissions.receiveMalformed(
      territoryId,
      body.data.rawJson,
      errors.map((e) => `${e.field}: ${e.message}`).join("; "),
      receivedAt,
    );
    return failure("malformed", "неверный конверт ответа (формат shnor-submission, версия 1)", {
      errors: listedErrors(errors),
    });
  }
  const { form, response } = envelope.data;
  const ref = { territoryId, formId: form.id, responseId: response.id };
  const received = await runtime.store.submissions.receive({
    ...ref,
    submittedAt: response.submittedAt,
    answers: envelope.data.answers,
    rawJson: body.data.rawJson,
    receivedAt,
  });
  const truncatedBytes = received.data.truncatedBytes;
  const future = futureSubmission(response.submittedAt, receivedAt);
  if (future !== undefined) {
    return failure("rejected", "ответ не принят: неверное время отправки", {
      errors: [{ field: "response.submittedAt", message: future }],
    });
  }

  const anonymous = findForm(form.kind)?.anonymous === true;
  const settled = await runtime.store.submissions.settle({
    ...ref,
    versionId: received.data.versionId,
    answersDigest: received.data.answersDigest,
    submittedAt: response.submittedAt,
    formKind: cutChars(form.kind, MAX_FORM_KIND_CHARS),
    // an anonymous form keeps no one's address, even if a client sent one
    ...(response.respondentEmail !== undefined && !anonymous
      ? { respondentEmail: response.respondentEmail }
      : {}),
    ...(response.editUrl !== undefined && !anonymous ? { editUrl: response.editUrl } : {}),
    ...(response.emailCollection !== undefined ? { emailCollection: response.emailCollection } : {}),
    outdatedScript: response.emailCollection === undefined,
    verdict:
      truncatedBytes === undefined
        ? verdictOf(envelope.data, territory)
        : { status: "rejected", errors: [tooLargeError(truncatedBytes)], target: namedTarget(envelope.data) },
    now: runtime.now(),
  });
  // issue 13: «Журнал решений» records every objection accepted (a new one, or an edit of it)
  if (anonymous === false && findForm(form.kind)?.record === true && settled.status === "accepted") {
    if (settled.replay === "new" || settled.replay === "edit") {
      const answers = parseObjectionAnswers(
        form.kind,
        envelope.data.answers,
        envelope.data.locale ?? "ru_RU",
      );
      if (answers.success)
        await runtime.store.decisions.appendJournal(territoryId, {
          at: runtime.now().toISOString(),
          by: response.respondentEmail ?? "школа",
          kind: "objection",
          text:
            `${settled.replay === "edit" ? "Обращение изменено" : "Получено обращение"}: школа ${answers.data.schoolId}, ` +
            `${answers.data.year}; просит ${answers.data.request === "exclude" ? "не включать" : "включить"}; ` +
            `основания: ${answers.data.grounds}`,
        });
    }
  }
  // a new or edited version changes the facts or «Ошибки» (a rejection, a pending address, a conflict)
  if (settled.replay === "new" || settled.replay === "edit" || settled.replay === "conflict") {
    await runtime.publishAfterChange(territoryId);
  }
  if (truncatedBytes !== undefined && settled.status === "rejected") {
    // kept cut and settled as rejected: final for the client (one letter), held for /receipts, shown on «Ошибки»
    return failure("too_large", tooLargeError(truncatedBytes).message, {
      errors: listedErrors(settled.errors),
    });
  }
  return outcomeOf(settled);
}

/** Why an envelope larger than a Firestore document can hold is not taken (its raw text is kept cut). */
function tooLargeError(bytes: number): SubmissionError {
  return {
    code: "response_too_large",
    field: "response",
    message:
      `ответ слишком большой (${bytes} байт; хранится не больше ${MAX_RAW_BYTES}): сохранён в обрезанном виде, ` +
      "но не принят. Сократите самые длинные ответы и отправьте форму ещё раз",
  };
}
