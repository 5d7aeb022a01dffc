// One trigger owner: who processes answers, how a former owner's triggers retire, and how the role is handed over.
import { FORM_KINDS } from "../../functions/src/catalog/form-catalog.js";
import type { GasForm, Services } from "./gas-services.js";
import { readFormRecord, readTriggerOwner, writeTriggerOwner } from "./settings-store.js";
import {
  deleteOwnTriggers,
  ensureFormTrigger,
  ensureReconcileTrigger,
  ensureResendTrigger,
} from "./triggers.js";

/** Addresses compare without case or surrounding spaces, as Google accounts do. */
export function sameAccount(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The account running this code: in a trigger, the trigger's owner; "" when Google does not tell. */
export function effectiveAccount(services: Pick<Services, "session">): string {
  try {
    return services.session.getEffectiveUser().getEmail() ?? "";
  } catch {
    return "";
  }
}

/** Who owns the triggers as seen by the caller. */
export type Ownership =
  | { kind: "none" } // nobody recorded yet (a sheet set up before issue 9)
  | { kind: "mine"; owner: string }
  | { kind: "other"; owner: string; me: string }
  | { kind: "unknown"; owner: string }; // the caller's address is not available

export function ownership(services: Pick<Services, "session" | "propertiesService">): Ownership {
  const owner = readTriggerOwner(services.propertiesService.getDocumentProperties());
  if (!owner) return { kind: "none" };
  const me = effectiveAccount(services);
  if (me === "") return { kind: "unknown", owner };
  return sameAccount(owner, me) ? { kind: "mine", owner } : { kind: "other", owner, me };
}

/**
 * The guard at the top of every trigger handler. A trigger installed by someone who is no longer the recorded
 * owner does nothing and deletes its owner's triggers of this project (the caller's only: a script cannot see
 * anyone else's), so after a hand-over every trigger of the former owner retires at its next firing. With no
 * owner recorded, or no address to compare, the handler runs as before: dropping work would lose answers.
 */
export function mayHandle(services: Pick<Services, "session" | "propertiesService" | "scriptApp">): boolean {
  const who = ownership(services);
  if (who.kind !== "other") return true;
  const deleted = deleteOwnTriggers(services.scriptApp);
  console.warn(
    `ШНОР-Монитор: ответы обрабатывает ${who.owner}; триггеры ${who.me} (${deleted}) удалены, запуск пропущен`,
  );
  return false;
}

/** What a hand-over did. */
export interface TakeOverReport {
  owner: string;
  previous: string | undefined;
  installed: number;
  missingForms: string[];
}

/**
 * «Передать обработку ответов мне»: records the caller as the owner, then installs the caller's triggers (the
 * resend and the daily reconcile, then one per form the script built). In that order: a trigger of the caller
 * firing before the record would find someone else recorded and retire all of the caller's triggers. If
 * installing stops midway, «Проверить формы» names the missing triggers and the daily reconcile (installed
 * first) sends what they missed. The former owner's triggers retire themselves at their next firing.
 */
export function takeOverResponses(
  services: Pick<Services, "session" | "propertiesService" | "scriptApp" | "formApp">,
  me: string,
): TakeOverReport {
  const props = services.propertiesService.getDocumentProperties();
  const previous = readTriggerOwner(props);
  writeTriggerOwner(props, me);
  let installed = 0;
  if (ensureResendTrigger(services.scriptApp)) installed += 1;
  if (ensureReconcileTrigger(services.scriptApp)) installed += 1;
  const missingForms: string[] = [];
  for (const kind of FORM_KINDS) {
    const record = readFormRecord(props, kind);
    if (!record) continue;
    let form: GasForm;
    try {
      form = services.formApp.openById(record.id);
    } catch {
      missingForms.push(kind);
      continue;
    }
    if (ensureFormTrigger(services.scriptApp, form)) installed += 1;
  }
  return {
    owner: me,
    previous: previous && !sameAccount(previous, me) ? previous : undefined,
    installed,
    missingForms,
  };
}
