// The one stylesheet of the printable reports: an A4 page on screen and on paper, DejaVu Sans, nothing split across pages.

/**
 * Inline CSS of every report page. Sizes are in mm and pt so the screen view and the print match; on screen the
 * page is an A4 sheet with 15 mm padding, in print `@page` gives the same 15 mm margins.
 */
export const REPORT_CSS = `
@page { size: A4 portrait; margin: 15mm; }
* { box-sizing: border-box; }
html { background: #e8e8e8; }
body { margin: 0; font-family: "DejaVu Sans", sans-serif; font-size: 9pt; line-height: 1.35; color: #1a1a1a;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet { width: 210mm; min-height: 297mm; margin: 0 auto; padding: 15mm; background: #fff; }
@media print {
  html, body { background: #fff; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
}
h1 { font-size: 15pt; margin: 0 0 1.5mm; line-height: 1.2; }
h2 { font-size: 11.5pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 0.4mm solid #1a1a1a;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10pt; margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2mm; }
a { color: #0b4f9c; }
.subtitle { color: #444; margin-bottom: 4mm; }
.muted { color: #555; }
.small { font-size: 8pt; }
.nav { font-size: 8pt; margin-bottom: 3mm; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 2mm 0 3mm; }
.kpi { border: 0.3mm solid #bbb; border-radius: 1.5mm; padding: 1.8mm 2.2mm; break-inside: avoid; }
.kpi .value { font-size: 15pt; font-weight: bold; line-height: 1.1; }
.kpi .label { font-size: 7.5pt; color: #333; }
.kpi.accent { border-left: 1.6mm solid var(--c, #777); }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; break-inside: auto; }
tr, .avoid-break { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
th, td { border: 0.25mm solid #c4c4c4; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-weight: bold; font-size: 8pt; }
td.num, th.num { text-align: right; }
td.num, .nowrap { white-space: nowrap; }
table.compact td, table.compact th { padding: 0.7mm 1.3mm; font-size: 8pt; }
table.facts th, table.facts td { font-size: 8.5pt; }
table.facts th { width: 55mm; background: #f7f7f7; font-weight: normal; color: #333; }
.badge { display: inline-block; padding: 0.2mm 1.6mm; border-radius: 1mm; font-size: 7.5pt; font-weight: bold;
  color: #fff; background: var(--c, #777); margin: 0 0.8mm 0.5mm 0; white-space: nowrap; }
.school { border: 0.3mm solid #ccc; border-left: 1.4mm solid var(--c, #999); border-radius: 1mm;
  padding: 1.6mm 2.5mm; margin: 0 0 2mm; break-inside: avoid; page-break-inside: avoid; }
.school .head { font-weight: bold; }
.school .figures { font-size: 8pt; color: #444; margin: 0.5mm 0 0.8mm; }
ul { margin: 0.5mm 0 1mm; padding-left: 5mm; }
li { margin: 0 0 0.6mm; }
.chart { margin: 1mm 0 3mm; break-inside: avoid; page-break-inside: avoid; }
.chart svg { display: block; }
.chart figcaption { font-size: 7.5pt; color: #444; margin-top: 1mm; }
.legend { display: flex; flex-wrap: wrap; gap: 1mm 4mm; font-size: 7.5pt; margin-top: 1mm; }
.legend span::before { content: ""; display: inline-block; width: 2.6mm; height: 2.6mm; border-radius: 50%;
  background: var(--c); margin-right: 1mm; vertical-align: -0.3mm; }
.status-met { color: #1b5e20; font-weight: bold; }
.status-not_met { color: #b71c1c; font-weight: bold; }
.status-no_data { color: #666; }
.recommendation { margin: 0 0 1.8mm; break-inside: avoid; page-break-inside: avoid; }
.recommendation .title { font-weight: bold; }
.note { background: #fff8e1; border: 0.3mm solid #e0c46c; border-radius: 1mm; padding: 1.5mm 2.5mm; margin: 1mm 0 3mm;
  break-inside: avoid; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
footer { margin-top: 6mm; font-size: 7.5pt; color: #666; border-top: 0.3mm solid #ccc; padding-top: 1.5mm; }
`;
