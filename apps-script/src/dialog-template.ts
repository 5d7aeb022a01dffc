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
input,select{width:100%;box-sizing:border-box;padding:6px;margin-top:4px}
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

/**
 * A name the page's script writes as it is: a top-level function of the bundle (apps-script/build.mjs) that
 * `google.script.run` calls, a page function, a button's id.
 */
const NAME = /^[A-Za-z_$][\w$]*$/;

/** A button's call of a server function: what it sends and what the result line says meanwhile. */
interface DialogCall {
  /** The global function of the script the button calls (it must be one of the bundle's entry points). */
  serverFunction: string;
  /** The call's arguments, a JavaScript expression read from the page: `document.getElementById('x').value`. */
  args: string;
  /** What the result line says while the server works. */
  busy: string;
  /** Statements run first (a `return` there sends nothing). */
  before?: string;
}

/**
 * A further step of a dialog with a server call of its own, such as the column mapping a reply asks for: the page's
 * {@link DialogPage.script} builds its fields and a button whose click calls the page function `name()`.
 */
export interface DialogStep extends DialogCall {
  /** The page function that sends, `name()`. */
  name: string;
  /** The id of the step's button: disabled while the server works, enabled again by the reply like `go`. */
  button: string;
}

/** One dialog: what it shows and which server function its button calls. */
export interface DialogPage extends DialogCall {
  style: keyof typeof STYLES;
  /**
   * The page above the result line, as HTML: text, fields ({@link dialogField}) and the button
   * ({@link dialogButton}). Whatever the user or the sheet supplied must already be escaped here.
   */
  body: string;
  /** Parameters of the button's `go(…)`; none by default. */
  params?: string;
  /** Statements run once the button is disabled. */
  sending?: string;
  /** Statements run once a reply is shown. */
  shown?: string;
  /**
   * The buttons stay disabled once a reply is shown: what the page offers is stale after the call (a file whose
   * import was undone), so the dialog is opened again for the next one.
   */
  once?: boolean;
  /** The page's own declarations and functions, at the top of the script (values from the server via {@link scriptValue}). */
  script?: string;
  /** Further steps, each with its own button and server call; a reply to any of them is shown as the button's. */
  steps?: readonly DialogStep[];
}

/**
 * A value as a JavaScript literal inside `<script>` (JSON is one): no `</script>` or `<!--` in it can end or
 * break the script.
 *
 * @example scriptValue("</script>") // "\u003c/script>" in quotes
 */
export function scriptValue(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** `name` if it is a plain {@link NAME}: anything else would be script text on the page. */
function checkedName(name: string, what: string): string {
  if (!NAME.test(name)) throw new Error(`not a ${what}: ${name}`);
  return name;
}

/** The statements that disable `button`, show `busy` and make the call, its reply or failure going to `show`. */
function sendStatements(button: string, call: DialogCall, sending: string | undefined): string {
  return `document.getElementById('${checkedName(button, "button id")}').disabled=true;${sending === undefined ? "" : `\n  ${sending}`}
  document.getElementById('result').className='';
  document.getElementById('result').textContent=${scriptValue(call.busy)};
  google.script.run.withSuccessHandler(show).withFailureHandler(function(e){show({ok:false,lines:['Ошибка: '+(e&&e.message?e.message:e)]});}).${checkedName(call.serverFunction, "function name")}(${call.args});`;
}

/**
 * The dialog's whole HTML page. Its button (`id="go"`) calls `go(…)`, which disables it, shows `busy` and calls
 * `serverFunction(args)` through `google.script.run`; the reply (a {@link DialogReply}) or the failure of the call
 * («Ошибка: …») is shown under the body, and the button is enabled again (unless `once`). Each of `steps` is a
 * page function doing the same for its own button and server function; any reply enables all the buttons.
 *
 * @example dialogHtml({ style: "form", body: dialogButton("Сохранить"), serverFunction: "save", args: "1", busy: "…" })
 */
export function dialogHtml(page: DialogPage): string {
  const lines = (code: string | undefined) => (code === undefined ? "" : `\n  ${code}`);
  const go = sendStatements("go", page, page.sending);
  const steps = (page.steps ?? []).map(
    (step) =>
      `\nfunction ${checkedName(step.name, "function name")}(){${lines(step.before)}\n  ${sendStatements(step.button, step, undefined)}\n}`,
  );
  // A step's button is on the page only once its step has been built.
  const enable =
    page.once === true
      ? ""
      : `\n  document.getElementById('go').disabled=false;${(page.steps ?? [])
          .map(
            (step) =>
              `\n  if(document.getElementById('${step.button}'))document.getElementById('${step.button}').disabled=false;`,
          )
          .join("")}`;
  return `<!DOCTYPE html>
<html><head><base target="_top"><style>
${STYLES[page.style]}
</style></head><body>
${page.body}
<div id="result"></div>
<script>${page.script === undefined ? "" : `\n${page.script}`}
function show(reply){
  var el=document.getElementById('result');
  el.className=reply.ok?'ok':'fail';
  el.textContent=reply.lines.join('\\n');${enable}${lines(page.shown)}
}
function go(${page.params ?? ""}){${lines(page.before)}
  ${go}
}${steps.join("")}
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
