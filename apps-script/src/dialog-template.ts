// The one page of the sheet's HTML dialogs: their styles, the result line and the script that calls the server and shows its reply.
import { escapeHtml } from "../../functions/src/catalog/escape-html.js";

/** What a dialog's server function answers: the lines to show, green (`ok`) or red. */
export interface DialogReply {
  ok: boolean;
  lines: string[];
}

/**
 * The two looks of the dialogs: `form` (bold labels over full-width fields, a green success) and `choice`
 * (radio buttons close together, a smaller result in plain black, which is often a long text to read).
 */
const STYLES = {
  form: `body{font-family:Arial,sans-serif;font-size:14px;margin:12px}
label{display:block;margin-top:12px;font-weight:bold}
input{width:100%;box-sizing:border-box;padding:6px;margin-top:4px}
small{color:#555}
button{margin-top:16px;padding:8px 16px}
#result{margin-top:16px;white-space:pre-wrap}
.ok{color:#137333}.fail{color:#c5221f}`,
  choice: `body{font-family:Arial,sans-serif;font-size:14px;margin:12px}
label{display:block;margin-top:8px}
button{margin-top:16px;padding:8px 16px}
#result{margin-top:16px;white-space:pre-wrap;font-size:13px}
.ok{color:#202124}.fail{color:#c5221f}`,
} as const;

/** A name `google.script.run` can call: a top-level function of the bundle (apps-script/build.mjs). */
const FUNCTION_NAME = /^[A-Za-z_$][\w$]*$/;

/** One dialog: what it shows and which server function its button calls. */
export interface DialogPage {
  style: keyof typeof STYLES;
  /**
   * The page above the result line, as HTML: text, fields ({@link dialogField}) and the button
   * ({@link dialogButton}). Whatever the user or the sheet supplied must already be escaped here.
   */
  body: string;
  /** The global function of the script the button calls (it must be one of the bundle's entry points). */
  serverFunction: string;
  /** The call's arguments, a JavaScript expression read from the page: `document.getElementById('x').value`. */
  args: string;
  /** What the result line says while the server works. */
  busy: string;
  /** Parameters of the button's `go(…)`; none by default. */
  params?: string;
  /** Statements `go` runs first (a `return` there sends nothing). */
  before?: string;
  /** Statements run once the button is disabled. */
  sending?: string;
  /** Statements run once a reply is shown. */
  shown?: string;
}

/** A text as a JavaScript string literal inside `<script>`: no `</script>` can end the script early. */
function scriptString(text: string): string {
  return JSON.stringify(text).replace(/</g, "\\u003c");
}

/**
 * The dialog's whole HTML page. Its button (`id="go"`) calls `go(…)`, which disables it, shows `busy` and calls
 * `serverFunction(args)` through `google.script.run`; the reply (a {@link DialogReply}) or the failure of the call
 * («Ошибка: …») is shown under the body, and the button is enabled again.
 *
 * @example dialogHtml({ style: "form", body: dialogButton("Сохранить"), serverFunction: "save", args: "1", busy: "…" })
 */
export function dialogHtml(page: DialogPage): string {
  if (!FUNCTION_NAME.test(page.serverFunction))
    throw new Error(`not a function name: ${page.serverFunction}`);
  const lines = (code: string | undefined) => (code === undefined ? "" : `\n  ${code}`);
  return `<!DOCTYPE html>
<html><head><base target="_top"><style>
${STYLES[page.style]}
</style></head><body>
${page.body}
<div id="result"></div>
<script>
function show(reply){
  var el=document.getElementById('result');
  el.className=reply.ok?'ok':'fail';
  el.textContent=reply.lines.join('\\n');
  document.getElementById('go').disabled=false;${lines(page.shown)}
}
function go(${page.params ?? ""}){${lines(page.before)}
  document.getElementById('go').disabled=true;${lines(page.sending)}
  document.getElementById('result').className='';
  document.getElementById('result').textContent=${scriptString(page.busy)};
  google.script.run.withSuccessHandler(show).withFailureHandler(function(e){show({ok:false,lines:['Ошибка: '+(e&&e.message?e.message:e)]});}).${page.serverFunction}(${page.args});
}
</script></body></html>`;
}

/** The button that sends: `go(call arguments)` on click. */
export function dialogButton(label: string, goArguments = ""): string {
  return `<button id="go" onclick="go(${goArguments})">${escapeHtml(label)}</button>`;
}

/** A labelled text field with a hint below it; `value` and `placeholder` fill it in (all escaped). */
export function dialogField(field: {
  id: string;
  label: string;
  hint: string;
  value?: string;
  placeholder?: string;
}): string {
  const value = field.value === undefined ? "" : ` value="${escapeHtml(field.value)}"`;
  const placeholder =
    field.placeholder === undefined ? "" : ` placeholder="${escapeHtml(field.placeholder)}"`;
  const id = escapeHtml(field.id);
  return `<label for="${id}">${escapeHtml(field.label)}</label><input id="${id}"${value}${placeholder}><small>${escapeHtml(field.hint)}</small>`;
}
