// A Google Forms response → submission envelope v1 (docs/design.md §3.3): answers as people typed them, keyed by the catalog.
import { findForm, formFields } from "../../functions/src/catalog/form-catalog.js";
import type { EmailCollection } from "./form-access.js";
import type { GasFormResponse } from "./gas-services.js";
import type { FormRecord } from "./settings-store.js";

export type AnswerValue = string | number | boolean | string[] | null;

/**
 * Envelope v1, as the `submit` route accepts it. `response.emailCollection` (issue 9) says which collection mode
 * of the form produced `respondentEmail`; the server takes an address that is not `verified` as a hint only.
 */
export interface SubmissionEnvelope {
  format: "shnor-submission";
  version: 1;
  territoryId: string;
  form: { kind: string; id: string; catalogVersion: string };
  response: {
    id: string;
    submittedAt: string;
    respondentEmail?: string;
    editUrl?: string;
    emailCollection?: EmailCollection;
  };
  answers: { key: string; value: AnswerValue }[];
  locale?: string;
}

/**
 * What Forms hands over as an item's answer → an envelope value. Text stays as typed (`3,5`, `1 200`: the server
 * reads them with the locale), checkboxes stay lists, grids are flattened; blank text and an empty list are null.
 */
export function answerValue(raw: unknown): AnswerValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "string") return raw.trim() === "" ? null : raw;
  if (typeof raw === "number" || typeof raw === "boolean") return raw;
  if (Array.isArray(raw)) {
    const items = raw
      .flat()
      .filter((item): item is string | number => typeof item === "string" || typeof item === "number")
      .map(String)
      .filter((item) => item.trim() !== "");
    return items.length === 0 ? null : items;
  }
  return String(raw);
}

/**
 * Builds the envelope of one response. Every question the form had when it was built is sent, an unanswered
 * one with `null`, so the server sees what was left blank. An edited response keeps its id (Forms reuses it)
 * and gets its new time. The anonymous form never sends an address, whatever Forms recorded, and says so
 * (`emailCollection: "none"`).
 */
export function buildEnvelope(
  territoryId: string,
  record: FormRecord,
  response: GasFormResponse,
  locale: string,
  emailCollection: EmailCollection,
): SubmissionEnvelope {
  const byItem = new Map<string, AnswerValue>();
  for (const itemResponse of response.getItemResponses()) {
    byItem.set(String(itemResponse.getItem().getId()), answerValue(itemResponse.getResponse()));
  }
  // Catalog order, not the map's: an object's integer-like keys (item ids) iterate in numeric order.
  const definition = findForm(record.kind);
  const itemOf = new Map(Object.entries(record.items).map(([itemId, key]) => [key, itemId]));
  const keys = definition
    ? formFields(definition)
        .map((f) => f.key)
        .filter((key) => itemOf.has(key))
    : [];
  for (const key of itemOf.keys()) if (!keys.includes(key)) keys.push(key);
  const answers = keys.map((key) => ({ key, value: byItem.get(itemOf.get(key) ?? "") ?? null }));
  const anonymous = definition?.anonymous ?? false;
  const envelopeResponse: SubmissionEnvelope["response"] = {
    id: response.getId(),
    submittedAt: new Date(response.getTimestamp().getTime()).toISOString(),
    emailCollection: anonymous ? "none" : emailCollection,
  };
  const email = anonymous ? "" : safely(() => response.getRespondentEmail());
  if (email) envelopeResponse.respondentEmail = email;
  const editUrl = safely(() => response.getEditResponseUrl());
  if (editUrl && !anonymous) envelopeResponse.editUrl = editUrl;
  const envelope: SubmissionEnvelope = {
    format: "shnor-submission",
    version: 1,
    territoryId,
    form: { kind: record.kind, id: record.id, catalogVersion: record.catalogVersion },
    response: envelopeResponse,
    answers,
  };
  if (locale) envelope.locale = locale;
  return envelope;
}

// Forms throws from getRespondentEmail/getEditResponseUrl in some configurations; a missing value is fine.
function safely(read: () => string): string {
  try {
    return read() ?? "";
  } catch {
    return "";
  }
}
