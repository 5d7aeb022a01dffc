// «Настройка подключения»: the dialog for the function URL and territory id, and the connection test it runs.
import { CATALOG_VERSION } from "../../functions/src/catalog/form-catalog.js";
import { type ApiResult, callApi, describeFailure } from "./api-client.js";
import { type DialogReply, dialogButton, dialogField, dialogHtml } from "./dialog-template.js";
import type { Services } from "./gas-services.js";
import {
  type ConnectionSettings,
  readConnection,
  TERRITORY_ID_PATTERN,
  writeConnection,
} from "./settings-store.js";
import { ownership } from "./trigger-owner.js";
import { ensureResendTrigger } from "./triggers.js";

/** What the dialog shows after «Сохранить и проверить»: each line is one finding, in Russian. */
export type ConnectionReport = DialogReply;

function codeOf(result: ApiResult): string | undefined {
  if (result.kind !== "http") return undefined;
  const code = (result.body as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Checks the connection step by step: the function answers (`/health`), its catalog matches the script's
 * (`/catalog`), and this account may work with the territory (`/results`, which needs the token and the
 * allowlist). Stops at the first step that fails, naming what to fix.
 */
export function testConnection(
  services: Pick<Services, "urlFetchApp" | "scriptApp" | "session">,
  connection: ConnectionSettings,
): ConnectionReport {
  const lines: string[] = [];
  const health = callApi(services, connection, "get", "/health");
  if (health.kind !== "http" || health.status !== 200) {
    lines.push(`Сервер не отвечает по адресу ${connection.apiUrl}: ${describeFailure(health)}.`);
    lines.push("Проверьте адрес функции (вывод function_url команды terraform output).");
    return { ok: false, lines };
  }
  lines.push("Сервер отвечает.");

  const catalog = callApi(services, connection, "get", "/catalog");
  const serverVersion =
    catalog.kind === "http"
      ? (catalog.body as { catalogVersion?: unknown } | undefined)?.catalogVersion
      : undefined;
  if (typeof serverVersion === "string" && serverVersion !== CATALOG_VERSION) {
    lines.push(
      `Внимание: версия каталога форм на сервере (${serverVersion}) отличается от версии скрипта (${CATALOG_VERSION}). ` +
        "Обновите скрипт таблицы или функцию, затем запустите «Создать формы».",
    );
  }

  const email = safeEmail(services);
  const results = callApi(
    services,
    connection,
    "get",
    `/results?territoryId=${encodeURIComponent(connection.territoryId)}`,
  );
  const code = codeOf(results);
  if (results.kind === "http" && (results.status === 200 || code === "results_not_found")) {
    lines.push(
      `Доступ к территории «${connection.territoryId}» есть${email ? ` (вы вошли как ${email})` : ""}.`,
    );
    lines.push(
      results.status === 200
        ? "Результаты расчёта уже есть на сервере."
        : "Результатов пока нет: они появятся после «Синхронизировать данные» и первых анкет.",
    );
    return { ok: true, lines };
  }
  if (results.kind === "http" && results.status === 401) {
    lines.push(
      "Сервер не принял подтверждение входа (ID-токен скрипта). Вероятно, в настройках функции указана другая " +
        "аудитория ID-токена: сверьте список id_token_audiences с шагом 3.5 инструкции docs/deploy.md.",
    );
  } else if (results.kind === "http" && results.status === 403) {
    lines.push(
      `Адрес ${email || "этой учётной записи"} не входит в список координаторов территории «${connection.territoryId}». ` +
        "Попросите администратора добавить его в coordinator_emails и выполнить terraform apply.",
    );
  } else if (code === "territory_not_found") {
    lines.push(
      `Территория «${connection.territoryId}» на сервере не найдена: проверьте код территории (ключ в territories).`,
    );
  } else {
    lines.push(`Проверка доступа к территории не удалась: ${describeFailure(results)}.`);
  }
  return { ok: false, lines };
}

function safeEmail(services: Pick<Services, "session">): string {
  try {
    return services.session.getEffectiveUser().getEmail();
  } catch {
    return "";
  }
}

/** What the dialog sends: the two fields as typed. */
export interface ConnectionInput {
  apiUrl?: unknown;
  territoryId?: unknown;
}

/**
 * The dialog's «Сохранить и проверить»: checks the two values, saves them to the document properties, makes
 * sure the outbox trigger exists (unless another account owns the triggers: a second resend trigger would only
 * retire itself), then tests the connection. Invalid input is not saved.
 */
export function saveAndTestConnection(services: Services, input: ConnectionInput): ConnectionReport {
  const apiUrl = typeof input.apiUrl === "string" ? input.apiUrl.trim().replace(/\/+$/, "") : "";
  const territoryId = typeof input.territoryId === "string" ? input.territoryId.trim() : "";
  const problems: string[] = [];
  if (!/^https:\/\/[^\s/]+/.test(apiUrl))
    problems.push("Адрес функции должен начинаться с https://, например https://api-xxxx.a.run.app.");
  if (!TERRITORY_ID_PATTERN.test(territoryId))
    problems.push("Код территории — латинские строчные буквы, цифры, «-» и «_», например kirovsky-rayon.");
  if (problems.length > 0) return { ok: false, lines: [...problems, "Настройки не сохранены."] };
  const connection = { apiUrl, territoryId };
  writeConnection(services.propertiesService.getDocumentProperties(), connection);
  if (ownership(services).kind !== "other") ensureResendTrigger(services.scriptApp);
  const report = testConnection(services, connection);
  return { ok: report.ok, lines: ["Настройки сохранены.", ...report.lines] };
}

/** The dialog's page; the saved values are filled in, the button calls the global `saveConnectionSettings`. */
export function connectionDialogHtml(services: Pick<Services, "propertiesService">): string {
  const saved = readConnection(services.propertiesService.getDocumentProperties());
  const apiUrl = dialogField({
    id: "apiUrl",
    label: "Адрес функции",
    hint: "Значение function_url из вывода terraform (его сообщает администратор).",
    value: saved?.apiUrl ?? "",
    placeholder: "https://…",
  });
  const territoryId = dialogField({
    id: "territoryId",
    label: "Код территории",
    hint: "Латиница, как в настройке territories у администратора.",
    value: saved?.territoryId ?? "",
    placeholder: "kirovsky-rayon",
  });
  return dialogHtml({
    style: "form",
    body: `${apiUrl}\n${territoryId}\n<br>${dialogButton("Сохранить и проверить")}`,
    serverFunction: "saveConnectionSettings",
    args: "{apiUrl:document.getElementById('apiUrl').value,territoryId:document.getElementById('territoryId').value}",
    busy: "Проверка подключения…",
  });
}
