// POST /submit: authenticate → store the raw envelope → parse the answers → settle into the school's facts → publish.
import { parseAcademicYear, parseSchoolRef } from "../catalog/answer-coercion.js";
import { findForm } from "../catalog/form-catalog.js";
import { parseSubmissionAnswers } from "../catalog/submission-answers.js";
import { AcademicYearSchema } from "../contract/academic-year.js";
import type { School } from "../contract/dataset.js";
import type { SubmissionError } from "../store/stored-documents.js";
import type { SettleOutcome, SettleVerdict } from "../store/submission-repository.js";
import { authFailure, failure, ok, type RouteOutcome } from "./api-response.js";
import type { ApiRuntime, KnownTerritory } from "./api-runtime.js";
import { type AuthRequest, authorizeCoordinator } from "./auth.js";
import { TERRITORY_ID_PATTERN } from "./config.js";
import { type BodyRequest, readJsonBody, stringField } from "./request-body.js";
import { parseSubmissionEnvelope, type SubmissionEnvelope } from "./submission-envelope.js";

/** What the route needs of a request. */
export interface SubmitRequest extends AuthRequest, BodyRequest {}

/** Field of the respondent check, shown on «Ошибки» as «Адрес электронной почты респондента». */
export const RESPONDENT_FIELD = "respondentEmail";

/**
 * The respondent must be one of the school's registry e-mails (column «Электронная почта» of «Школы») or a
 * coordinator of the territory. Checked inside the settle transaction against the registry it reads.
 */
export function respondentCheck(
  respondentEmail: string | undefined,
  coordinators: readonly string[],
): (school: School) => SubmissionError[] {
  return (school) => {
    if (respondentEmail === undefined) {
      return [
        {
          field: RESPONDENT_FIELD,
          message:
            "в ответе нет адреса электронной почты: включите в форме сбор адресов, чтобы ответ можно было отнести к школе",
        },
      ];
    }
    const email = respondentEmail.toLowerCase();
    const allowed = [...(school.emails ?? []), ...coordinators].map((e) => e.toLowerCase());
    if (allowed.includes(email)) return [];
    return [
      {
        field: RESPONDENT_FIELD,
        message:
          `${respondentEmail} не указан у школы «${school.name}» (лист «Школы», столбец «Электронная почта»); ` +
          "ответ не принят. Добавьте адрес в реестр или заполните форму с адреса школы",
      },
    ];
  };
}

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
  const schoolId = school === undefined ? undefined : parseSchoolRef(school);
  const year = yearText === undefined ? undefined : parseAcademicYear(yearText);
  const valid = year !== undefined && AcademicYearSchema.safeParse(year).success;
  return { ...(schoolId ? { schoolId } : {}), ...(valid ? { year } : {}) };
}

function verdictOf(envelope: SubmissionEnvelope, territory: KnownTerritory): SettleVerdict {
  const parsed = parseSubmissionAnswers(envelope.form.kind, envelope.answers, envelope.locale ?? "ru_RU");
  if (!parsed.success) {
    return {
      status: "rejected",
      errors: parsed.error.issues.map((issue) => ({ field: issue.path, message: issue.message })),
      target: namedTarget(envelope),
    };
  }
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
      : { checkSchool: respondentCheck(envelope.response.respondentEmail, territory.coordinators) }),
  };
}

function outcomeOf(settled: SettleOutcome): RouteOutcome {
  if (settled.status === "rejected") {
    const onlyRespondent = settled.errors.every((e) => e.field === RESPONDENT_FIELD);
    return failure(
      onlyRespondent ? "respondent_not_allowed" : "rejected",
      onlyRespondent
        ? "ответ не принят: респондент не относится к школе"
        : "ответ не принят: исправьте ответы и отправьте форму ещё раз",
      { errors: settled.errors },
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
 * Handles one envelope. Nothing is written before the caller is authenticated and allowed for the
 * territory; after that, the envelope is stored before anything else looks at it (a malformed one via
 * `receiveMalformed`), so nothing a school sent is lost. Answers typed as people type them are coerced by
 * the catalog; a rejected response is stored with its reasons (and shows on «Ошибки»).
 */
export async function submitRoute(runtime: ApiRuntime, req: SubmitRequest): Promise<RouteOutcome> {
  const caller = await runtime.auth.identify(req);
  if (!caller.success) return authFailure(caller.error);

  const body = readJsonBody(req);
  if (!body.success) return failure("malformed", `неверный конверт ответа: ${body.message}`);
  const territoryId = stringField(body.value, "territoryId");
  if (territoryId === undefined || !TERRITORY_ID_PATTERN.test(territoryId)) {
    return failure("malformed", "неверный конверт ответа: не указан код территории (territoryId)", {
      errors: [{ field: "territoryId", message: "обязательное поле: код территории" }],
    });
  }
  const territory = await runtime.findTerritory(territoryId);
  if (territory === undefined) {
    return failure("territory_not_found", `территория «${territoryId}» не обслуживается`);
  }
  const allowed = authorizeCoordinator(caller.data, territoryId, territory.coordinators);
  if (!allowed.success) return authFailure(allowed.error);

  const receivedAt = runtime.now();
  const envelope = parseSubmissionEnvelope(body.value);
  if (!envelope.success) {
    const errors = envelope.error.issues.map((i) => ({ field: i.path, message: i.message }));
    await runtime.store.submissions.receiveMalformed(
      territoryId,
      body.rawJson,
      errors.map((e) => `${e.field}: ${e.message}`).join("; "),
      receivedAt,
    );
    return failure("malformed", "неверный конверт ответа (формат shnor-submission, версия 1)", { errors });
  }
  const { form, response } = envelope.data;
  const ref = { territoryId, formId: form.id, responseId: response.id };
  const received = await runtime.store.submissions.receive({
    ...ref,
    submittedAt: response.submittedAt,
    answers: envelope.data.answers,
    rawJson: body.rawJson,
    receivedAt,
  });
  if (!received.success) {
    await runtime.store.submissions.receiveMalformed(
      territoryId,
      body.rawJson,
      `слишком большой ответ: ${received.error.bytes} байт`,
      receivedAt,
    );
    return failure("malformed", `ответ слишком большой (${received.error.bytes} байт)`);
  }

  const anonymous = findForm(form.kind)?.anonymous === true;
  const settled = await runtime.store.submissions.settle({
    ...ref,
    versionId: received.data.versionId,
    submittedAt: response.submittedAt,
    formKind: form.kind,
    // an anonymous form keeps no one's address, even if a client sent one
    ...(response.respondentEmail !== undefined && !anonymous
      ? { respondentEmail: response.respondentEmail }
      : {}),
    ...(response.editUrl !== undefined && !anonymous ? { editUrl: response.editUrl } : {}),
    verdict: verdictOf(envelope.data, territory),
    now: runtime.now(),
  });
  if (settled.replay === "new" || settled.replay === "edit") {
    await runtime.publishAfterChange(territoryId);
  }
  return outcomeOf(settled);
}
