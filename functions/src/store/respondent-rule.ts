// Whose answer it is: the respondent's address against the school's registry e-mails, by how the form collected it.
import type { School } from "../contract/dataset.js";
import type { SubmissionError } from "./stored-documents.js";

/** Field of the respondent check, shown on «Ошибки» as «Адрес электронной почты респондента». */
export const RESPONDENT_FIELD = "respondentEmail";

/**
 * How the form collected `respondentEmail` (envelope `response.emailCollection`): `verified` — the respondent
 * signed in with a Google account; `responder_input` — typed by the respondent; `none` — not collected.
 */
export const EMAIL_COLLECTIONS = ["verified", "responder_input", "none"] as const;
export type EmailCollection = (typeof EMAIL_COLLECTIONS)[number];

/** What a response says about who sent it. */
export interface RespondentClaim {
  email: string | undefined;
  /** Absent: an older script that does not say; its address is checked as it was before (as if verified). */
  collection: EmailCollection | undefined;
  /** The territory's coordinators, who may answer for any school with a verified address. */
  coordinators: readonly string[];
}

/**
 * `allowed` — the answer counts; `refused` — rejected (403 respondent_not_allowed); `unconfirmed` — stored, not
 * counted until the coordinator adds the address to the school (202 pending_confirmation).
 */
export type RespondentVerdict =
  | { kind: "allowed" }
  | { kind: "refused"; errors: SubmissionError[] }
  | { kind: "unconfirmed"; errors: SubmissionError[] };

function listed(email: string, emails: readonly string[]): boolean {
  const lower = email.toLowerCase();
  return emails.some((e) => e.toLowerCase() === lower);
}

/**
 * Judges the respondent of a response against the school it names:
 * - a verified address (or one from an older script) must be one of the school's e-mails (column «Электронная
 *   почта» of «Школы») or a coordinator's, else `refused`;
 * - an unverified address (`responder_input`, `none`) is only a hint: `allowed` when it already is one of the
 *   school's e-mails, otherwise `unconfirmed` — anyone can type any address, a coordinator's included.
 */
export function judgeRespondent(claim: RespondentClaim, school: School): RespondentVerdict {
  const emails = school.emails ?? [];
  const verified = claim.collection === undefined || claim.collection === "verified";
  if (claim.email === undefined) {
    return verified
      ? {
          kind: "refused",
          errors: [
            {
              code: "respondent_not_allowed",
              field: RESPONDENT_FIELD,
              message:
                "в ответе нет адреса электронной почты: включите в форме сбор адресов, чтобы ответ можно было отнести к школе",
            },
          ],
        }
      : {
          kind: "unconfirmed",
          errors: [
            {
              code: "respondent_unconfirmed",
              field: RESPONDENT_FIELD,
              message:
                "адрес не подтверждён: форма не собирает адреса, поэтому ответ нельзя отнести к школе; он сохранён, " +
                "но в расчёт не вошёл. Включите в форме сбор подтверждённых адресов («Проверить формы») и попросите " +
                "школу отправить форму ещё раз",
            },
          ],
        };
  }
  if (listed(claim.email, emails)) return { kind: "allowed" };
  if (verified) {
    if (listed(claim.email, claim.coordinators)) return { kind: "allowed" };
    return {
      kind: "refused",
      errors: [
        {
          code: "respondent_not_allowed",
          field: RESPONDENT_FIELD,
          message:
            `${claim.email} не указан у школы «${school.name}» (лист «Школы», столбец «Электронная почта»); ` +
            "ответ не принят. Добавьте адрес в реестр или заполните форму с адреса школы",
        },
      ],
    };
  }
  return {
    kind: "unconfirmed",
    errors: [
      {
        code: "respondent_unconfirmed",
        field: RESPONDENT_FIELD,
        message:
          `адрес не подтверждён: ${claim.email} введён вручную и не указан у школы «${school.name}»; ответ сохранён, ` +
          "но в расчёт не вошёл. Если это адрес школы, добавьте его на лист «Школы» (столбец «Электронная почта») " +
          "и синхронизируйте таблицу — ответ будет учтён",
      },
    ],
  };
}
