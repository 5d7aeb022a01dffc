// The HTML document around every report page: Russian, self-contained (inline CSS and SVG), no scripts, no network.
import { type HtmlPart, html, trusted } from "./html.js";
import { REPORT_CSS } from "./report-css.js";

/**
 * Content-Security-Policy of every page: nothing may be loaded or run — inline styles and data: images only.
 * A report that ever tried to fetch something would log a violation, which the browser tests catch.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** A complete HTML document with the given title and body content. */
export function reportDocument(title: string, body: HtmlPart): string {
  return html`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<main class="sheet">
${body}
</main>
</body>
</html>
`.value;
}
