// «Проверить формы»: for every form — published and accepting, e-mail collection, submit trigger and owner, catalog version.
import { CATALOG_VERSION, FORMS } from "../../functions/src/catalog/form-catalog.js";
import { callApi } from "./api-client.js";
import { describeFormsApiError, formsApiFix, readAccess } from "./form-access.js";
import type { GasForm, Services } from "./gas-services.js";
import { readConnection, readFormRecord, readReconcileDoneAt } from "./settings-store.js";
import { ownership } from "./trigger-owner.js";
import { hasFormTrigger, hasTimeTrigger, RECONCILE_HANDLER, RESEND_HANDLER } from "./triggers.js";

/** One finding: what was checked and, when it is a problem, the one-line fix in Russian. */
export interface Finding {
  ok: boolean;
  text: string;
  fix?: string;
}

export interface FormFindings {
  title: string;
  findings: Finding[];
}

export interface FormCheckReport {
  forms: FormFindings[];
  general: Finding[];
  problems: number;
}

const RUN_CREATE_FORMS = "запустите «Создать формы»";

function ok(text: string): Finding {
  return { ok: true, text };
}

function problem(text: string, fix: string): Finding {
  return { ok: false, text, fix };
}

const COLLECTION_WORDS = {
  verified: "подтверждённые (вход в аккаунт Google)",
  responder_input: "вводит сам отвечающий (не подтверждены)",
  none: "не собираются",
} as const;

function accessFindings(services: Services, form: GasForm, anonymous: boolean): Finding[] {
  const findings: Finding[] = [];
  const access = readAccess(services, form);
  if (access.published === false)
    findings.push(problem("не опубликована — школы видят «форма недоступна»", RUN_CREATE_FORMS));
  else if (!access.acceptingResponses)
    findings.push(problem("не принимает ответы", `${RUN_CREATE_FORMS} (она снова откроет приём ответов)`));
  else
    findings.push(
      ok(access.published === undefined ? "принимает ответы" : "опубликована и принимает ответы"),
    );

  const expected = anonymous ? "none" : "verified";
  if (!access.collection.success) {
    findings.push(
      problem(
        `сбор адресов: не удалось прочитать — ${describeFormsApiError(access.collection.error)}`,
        formsApiFix(access.collection.error),
      ),
    );
  } else {
    const mode = access.collection.data;
    const words = mode ? COLLECTION_WORDS[mode] : "неизвестный режим";
    if (mode === expected) findings.push(ok(`адреса отвечающих: ${words}`));
    else
      findings.push(
        problem(
          `адреса отвечающих: ${words}, нужно — ${COLLECTION_WORDS[expected]}`,
          anonymous
            ? `${RUN_CREATE_FORMS} (анонимная форма не должна собирать адреса)`
            : `${RUN_CREATE_FORMS} (включит подтверждённый сбор адресов)`,
        ),
      );
  }
  return findings;
}

function triggerFinding(services: Services, formId: string): Finding {
  const who = ownership(services);
  switch (who.kind) {
    case "none":
      return problem("обработчик ответов не назначен", RUN_CREATE_FORMS);
    case "unknown":
      return problem(
        `обработку ответов ведёт ${who.owner}; ваш адрес Google не сообщил`,
        "войдите в таблицу под своей учётной записью Google и повторите проверку",
      );
    case "other":
      return ok(
        `отправку ответов ведёт ${who.owner}; его триггеры может проверить только он сам (или «Передать обработку ответов мне»)`,
      );
    case "mine":
      return hasFormTrigger(services.scriptApp, formId)
        ? ok(`триггер отправки ответов установлен (владелец ${who.owner})`)
        : problem("нет триггера отправки ответов — ответы не уходят на сервер", RUN_CREATE_FORMS);
  }
}

/**
 * Checks every form of the catalog. Reads only: one Forms API call per form, plus `/catalog` when the
 * connection is set up.
 */
export function checkForms(services: Services): FormCheckReport {
  const props = services.propertiesService.getDocumentProperties();
  const forms: FormFindings[] = [];
  for (const definition of FORMS) {
    const record = readFormRecord(props, definition.kind);
    if (!record) {
      forms.push({ title: definition.title, findings: [problem("форма не создана", RUN_CREATE_FORMS)] });
      continue;
    }
    let form: GasForm;
    try {
      form = services.formApp.openById(record.id);
    } catch {
      forms.push({
        title: definition.title,
        findings: [
          problem(
            "форма удалена или недоступна",
            `${RUN_CREATE_FORMS}: форма будет создана заново, новую ссылку нужно разослать школам`,
          ),
        ],
      });
      continue;
    }
    const findings = [
      ...accessFindings(services, form, definition.anonymous),
      triggerFinding(services, record.id),
    ];
    findings.push(
      record.catalogVersion === CATALOG_VERSION
        ? ok(`версия каталога ${record.catalogVersion}`)
        : problem(
            `форма построена по каталогу ${record.catalogVersion}, в скрипте — ${CATALOG_VERSION}`,
            `${RUN_CREATE_FORMS} (вопросы обновятся, ссылка останется прежней)`,
          ),
    );
    forms.push({ title: definition.title, findings });
  }
  const general = generalFindings(services);
  const problems = [...forms.flatMap((f) => f.findings), ...general].filter((f) => !f.ok).length;
  return { forms, general, problems };
}

function generalFindings(services: Services): Finding[] {
  const props = services.propertiesService.getDocumentProperties();
  const findings: Finding[] = [];
  const connection = readConnection(props);
  if (!connection) {
    findings.push(
      problem("подключение к серверу не настроено", "меню «ШНОР-Монитор» → «Настройка подключения»"),
    );
  } else {
    const catalog = callApi(services, connection, "get", "/catalog");
    const version =
      catalog.kind === "http" && catalog.status === 200
        ? (catalog.body as { catalogVersion?: unknown } | undefined)?.catalogVersion
        : undefined;
    if (typeof version !== "string")
      findings.push(
        problem("сервер не ответил на запрос версии каталога", "проверьте «Настройка подключения»"),
      );
    else if (version !== CATALOG_VERSION)
      findings.push(
        problem(
          `версия каталога на сервере ${version}, в скрипте ${CATALOG_VERSION}`,
          "обновите скрипт таблицы или функцию до одной версии, затем «Создать формы»",
        ),
      );
    else findings.push(ok(`сервер работает с тем же каталогом ${version}`));
  }
  const who = ownership(services);
  if (who.kind === "mine") {
    findings.push(
      hasTimeTrigger(services.scriptApp, RESEND_HANDLER)
        ? ok("повтор неотправленных каждые 10 минут включён")
        : problem("повтор неотправленных не включён", RUN_CREATE_FORMS),
      hasTimeTrigger(services.scriptApp, RECONCILE_HANDLER)
        ? ok("ежедневная «Досылка ответов» включена")
        : problem("ежедневная «Досылка ответов» не включена", RUN_CREATE_FORMS),
    );
  }
  const done = readReconcileDoneAt(props);
  if (done)
    findings.push(ok(`последняя полная «Досылка ответов»: ${done.slice(0, 16).replace("T", " ")} UTC`));
  return findings;
}

/** The report as the dialog shows it: per form «✓ …» or «✗ … → fix», then the general findings. */
export function renderFormCheck(report: FormCheckReport): string[] {
  const line = (f: Finding) => (f.ok ? `  ✓ ${f.text}` : `  ✗ ${f.text}\n     → ${f.fix ?? ""}`);
  const lines =
    report.problems === 0
      ? ["Проблем не найдено: формы готовы к рассылке школам.", ""]
      : [`Найдено проблем: ${report.problems}. У каждой — что сделать (после стрелки).`, ""];
  for (const form of report.forms) {
    lines.push(`«${form.title}»`, ...form.findings.map(line), "");
  }
  lines.push("Общее", ...report.general.map(line));
  return lines;
}
