// Safe HTML building: a tagged template that escapes every interpolated string, so data never becomes markup.
import { escapeHtml } from "../catalog/escape-html.js";

/** Markup we built ourselves (or escaped): interpolated into `html` as it is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), numbers, our own markup, lists of them; null/undefined/false vanish. */
export type HtmlPart = SafeHtml | string | number | boolean | null | undefined | readonly HtmlPart[];

export { escapeHtml };

function render(part: HtmlPart): string {
  if (part instanceof SafeHtml) return part.value;
  if (part === null || part === undefined || part === false || part === true) return "";
  if (typeof part === "number") return String(part);
  if (typeof part === "string") return escapeHtml(part);
  return part.map(render).join("");
}

/**
 * Template tag: the literal parts are trusted markup, every interpolated string is escaped. A school named
 * `<script>` therefore prints as text, wherever a template puts it.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlPart[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlPart) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Trusted constant markup (our CSS, our SVG fragments) that must not be escaped. Never pass data here. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
