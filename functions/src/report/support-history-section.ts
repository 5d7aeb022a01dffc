// «История поддержки» on a school card: a small chart of the school's lists year by year as the approved orders fixed them, and the decisions, mentors and measures of each year.
import type { TimelineYear } from "../domain/support-timeline.js";
import { type HtmlPart, html, trusted } from "./html.js";
import { CATEGORY_COLOURS } from "./report-text.js";

const CELL_W = 78;
const CELL_H = 18;

function listsText(lists: readonly string[] | null | undefined): string {
  if (lists === null || lists === undefined) return "нет приказа";
  if (lists.length === 0) return "не входит";
  return lists.map((l) => (l === "lowResults" ? "ШНОР" : "ШНСУ")).join(", ");
}

/**
 * One cell per academic year: red for ШНОР, orange for ШНСУ, both halves for both, grey for «не входит», a dashed
 * outline for a year no approved order covers; today's computation is a thin bar under the report year's cell.
 */
function strip(timeline: readonly TimelineYear[]): HtmlPart {
  const width = timeline.length * CELL_W + 2;
  const cells = timeline.map((y, i) => {
    const x = 1 + i * CELL_W;
    const lists = y.approved ?? [];
    const fills =
      y.approved === null
        ? []
        : lists.length === 0
          ? [CATEGORY_COLOURS.none]
          : lists.map((l) => CATEGORY_COLOURS[l]);
    const part = fills.length === 0 ? 0 : (CELL_W - 4) / fills.length;
    const bars = fills
      .map(
        (fill, k) =>
          `<rect x="${x + 2 + k * part}" y="14" width="${part}" height="${CELL_H}" fill="${fill}"/>`,
      )
      .join("");
    const outline =
      y.approved === null
        ? `<rect x="${x + 2}" y="14" width="${CELL_W - 4}" height="${CELL_H}" fill="none" stroke="#999" stroke-dasharray="3 2"/>`
        : "";
    const computed =
      y.computed === undefined
        ? ""
        : (y.computed.length === 0 ? [CATEGORY_COLOURS.none] : y.computed.map((l) => CATEGORY_COLOURS[l]))
            .map(
              (fill, k, all) =>
                `<rect x="${x + 2 + (k * (CELL_W - 4)) / all.length}" y="${16 + CELL_H}" width="${(CELL_W - 4) / all.length}" height="3" fill="${fill}"/>`,
            )
            .join("");
    return `<text x="${x + CELL_W / 2}" y="10" font-size="8" text-anchor="middle">${y.year}</text>${bars}${outline}${computed}`;
  });
  // every interpolated value above is a number, a colour constant or an academic year (validated ГГГГ/ГГГГ)
  return trusted(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${CELL_H + 24}" role="img" aria-label="Списки по годам">${cells.join("")}</svg>`,
  );
}

/**
 * The section, or nothing when the territory has no approved lists (the card is then as it always was). Membership
 * is the approved orders', never a recomputation: an import that rewrites past facts does not rewrite this history.
 */
export function supportHistorySection(
  timeline: readonly TimelineYear[] | undefined,
  nameOf: (id: string) => string,
): HtmlPart {
  if (timeline === undefined || timeline.length === 0) return "";
  // it follows the mentor section on the same line of the template: its own line break keeps other cards as they were
  return html`
<section class="avoid-break"><h2>История поддержки</h2>
<figure class="chart">${strip(timeline)}<figcaption>Списки по утверждённым приказам: <span style="color:${CATEGORY_COLOURS.lowResults}">■</span> ШНОР, <span style="color:${CATEGORY_COLOURS.adverseSocial}">■</span> ШНСУ, <span style="color:${CATEGORY_COLOURS.none}">■</span> не входит, пунктир — приказа нет; тонкая полоса — расчёт сейчас.</figcaption></figure>
<table class="compact"><thead><tr><th>Год</th><th>Утверждено</th><th>Приказ</th><th>Наставник</th><th>Решения и меры</th></tr></thead><tbody>
${timeline.map(
  (y) =>
    html`<tr><td>${y.year}</td><td>${listsText(y.approved)}${y.computed !== undefined ? html`<br><span class="small muted">расчёт сейчас: ${listsText(y.computed)}</span>` : ""}</td><td>${y.order ?? ""}</td><td>${y.mentorId === undefined ? "" : nameOf(y.mentorId)}</td><td>${[...y.decisions, ...y.measures].join("; ")}</td></tr>`,
)}
</tbody></table></section>`;
}
