// The Russian e-mail a school gets when its response was not accepted: what to correct, and the link to correct it.
import { findForm } from "../../functions/src/catalog/form-catalog.js";
import type { SubmissionEnvelope } from "./submission-envelope.js";

/** One problem the server found (`field` is the question key, `message` names the question in Russian). */
export interface RejectionError {
  field: string;
  message: string;
}

export interface RejectionMail {
  to: string;
  subject: string;
  body: string;
  name: string;
}

/** Reads `errors: [{field, message}]` from a 422 body; anything else becomes one general line. */
export function rejectionErrors(body: unknown, fallback: string): RejectionError[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  const read = Array.isArray(errors)
    ? errors
        .filter(
          (e): e is { field?: unknown; message: string } =>
            e !== null && typeof e === "object" && typeof (e as { message?: unknown }).message === "string",
        )
        .map((e) => ({ field: typeof e.field === "string" ? e.field : "", message: e.message }))
    : [];
  if (read.length > 0) return read;
  const message = (body as { message?: unknown } | undefined)?.message;
  return [{ field: "", message: typeof message === "string" ? message : fallback }];
}

/**
 * The letter: which form and when, every problem as a numbered line, the edit link (the form opens with the
 * answers already filled in), and what happens after the correction. Undefined when there is no address.
 */
export function rejectionMail(
  envelope: SubmissionEnvelope,
  errors: readonly RejectionError[],
  submittedAtText: string,
): RejectionMail | undefined {
  const to = envelope.response.respondentEmail;
  if (!to) return undefined;
  const title = findForm(envelope.form.kind)?.title ?? envelope.form.kind;
  const lines = [
    "Здравствуйте!",
    "",
    `Анкета «${title}», отправленная ${submittedAtText}, не принята: в ответах есть ошибки.`,
    "",
    "Что нужно исправить:",
    ...errors.map((error, i) => `${i + 1}. ${error.message}`),
    "",
  ];
  if (envelope.response.editUrl) {
    lines.push(
      "Исправить ответы можно по ссылке — анкета откроется с уже введёнными ответами:",
      envelope.response.editUrl,
      "",
      "После исправления нажмите «Отправить»: анкета будет проверена заново.",
    );
  } else {
    lines.push("Заполните анкету ещё раз с исправленными ответами.");
  }
  lines.push(
    "",
    "Письмо отправлено автоматически системой «ШНОР-Монитор». С вопросами обращайтесь к муниципальному координатору.",
  );
  return {
    to,
    subject: `ШНОР-Монитор: анкета «${title}» не принята — нужно исправить ответы`,
    body: lines.join("\n"),
    name: "ШНОР-Монитор",
  };
}
