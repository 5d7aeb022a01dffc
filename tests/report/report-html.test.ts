// The printable report's pages as a coordinator gets them: every school named with its reasons, one card each, hostile names escaped, and the `report` command's exit codes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { buildReport, type ReportFile } from "../../functions/src/report/build-report.js";
import { escapeHtml } from "../../functions/src/report/html.js";
import { generateSampleTerritory, SAMPLE_SCHOOL_IDS } from "../../functions/src/sample/sample-territory.js";

const root = resolve(import.meta.dirname, "../..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const main = join(root, "functions", "src", "cli", "main.ts");
const dir = mkdtempSync(join(tmpdir(), "shnor-report-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = "<script>alert(1)</script>";

/** The day the sample's roadmap is judged on, here and in the CLI runs, so pages compare byte for byte. */
const AS_OF = "2026-11-23";

function compute(dataset: Dataset): Results {
  const checked = parseDataset(dataset);
  if (!checked.success) throw new Error(JSON.stringify(checked.error.issues));
  const computed = computeResults(checked.data.dataset, checked.data.settings, { asOf: AS_OF });
  if (!computed.success) throw new Error(computed.error.message);
  return computed.data;
}

/** The fixed sample territory with a hostile school name, a hostile id and markup in the territory name. */
function hostileTerritory(): Dataset {
  const dataset = generateSampleTerritory({ schools: 24, years: 3, seed: 2026 });
  const renamed = new Map<string, string>([[SAMPLE_SCHOOL_IDS.lowResults, "../../<b>evil</b>"]]);
  const id = (value: string) => renamed.get(value) ?? value;
  return {
    ...dataset,
    territory: { ...dataset.territory, name: 'Район "Тест" & <i>курсив</i>' },
    schools: dataset.schools.map((s) =>
      s.id === SAMPLE_SCHOOL_IDS.watch ? { ...s, name: HOSTILE } : { ...s, id: id(s.id) },
    ),
    facts: dataset.facts.map((f) => ({ ...f, schoolId: id(f.schoolId) })),
    roadmap: (dataset.roadmap ?? []).map((r) => (r.schoolIds ? { ...r, schoolIds: r.schoolIds.map(id) } : r)),
  };
}

const dataset = generateSampleTerritory({ schools: 24, years: 3, seed: 2026 });
const results = compute(dataset);
const files = buildReport(results, dataset);
const index = files.find((f) => f.path === "index.html") as ReportFile;
const cardOf = (id: string) => files.find((f) => f.path === `schools/${id}.html`) as ReportFile;

describe("report pages", () => {
  it("has the territory page and exactly one card per school, named by the school id", () => {
    expect(files.map((f) => f.path).sort()).toEqual(
      ["index.html", ...results.schools.map((s) => `schools/${s.schoolId}.html`)].sort(),
    );
  });

  it("names every school on the territory page and links to its card", () => {
    for (const school of dataset.schools) {
      expect(index.html).toContain(escapeHtml(school.name));
      expect(index.html).toContain(`href="schools/${school.id}.html"`);
    }
  });

  it("lists the ШНОР and ШНСУ schools with their reasons, and the pairs with theirs", () => {
    const listed = results.schools.filter((s) => s.categories.length > 0);
    expect(listed.length).toBeGreaterThan(3);
    for (const school of listed) {
      for (const reason of school.reasons) expect(index.html).toContain(escapeHtml(reason.text));
    }
    expect(results.pairs.length).toBeGreaterThan(0);
    for (const pair of results.pairs) {
      for (const reason of pair.reasons) expect(index.html).toContain(escapeHtml(reason));
    }
    expect(index.html).toContain("ШНОР (низкие результаты)");
    expect(index.html).toContain("ШНОР — низкие образовательные результаты");
  });

  it("writes numbers with a decimal comma", () => {
    const share = results.summary.negativeDynamics;
    expect(typeof share).toBe("number");
    expect(Number.isInteger(share)).toBe(false);
    expect(index.html).toContain(`<td class="num">${String(share).replace(".", ",")}</td>`);
    expect(index.html).not.toContain(`<td class="num">${String(share)}</td>`);
  });

  it("shows on a card the school's categories with reasons, mentor, measures, criteria, dynamics and component charts", () => {
    for (const school of results.schools) {
      const card = cardOf(school.schoolId).html;
      expect(card).toContain(escapeHtml(school.name ?? ""));
      for (const reason of school.reasons) expect(card).toContain(escapeHtml(reason.text));
      for (const r of school.recommendations) {
        expect(card).toContain(escapeHtml(r.title));
        expect(card).toContain(escapeHtml(r.rationale));
      }
      for (const c of school.criteria ?? []) expect(card).toContain(escapeHtml(c.title));
      if (school.mentorId !== null) {
        const mentor = results.schools.find((s) => s.schoolId === school.mentorId);
        expect(card).toContain(`href="${school.mentorId}.html">${escapeHtml(mentor?.name ?? "")}</a>`);
      }
      if (school.mentorNote !== undefined) expect(card).toContain(escapeHtml(school.mentorNote));
      expect(card).toContain("Динамика");
      // one bar chart per index the school has
      const indices = [school.socialIndex, school.resultsIndex].filter((i) => i !== null).length;
      expect(card.match(/<svg /g)?.length ?? 0).toBe(indices);
    }
    const planted = cardOf(SAMPLE_SCHOOL_IDS.lowResults).html;
    expect(planted).toContain("ШНОР — низкие образовательные результаты");
    expect(planted).toContain("Критерии результативности поддержки");
    expect(planted).toMatch(/эталон \d+,\d+/);
  });

  it("needs no network and no scripts: no external URL, no script, no stylesheet link", () => {
    for (const file of files) {
      expect(file.html).not.toMatch(
        /<script|<link|<img|<iframe|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i,
      );
      expect(file.html).toContain("Content-Security-Policy");
    }
  });

  it("is deterministic: the same results give the same bytes", () => {
    expect(buildReport(results, dataset)).toEqual(files);
  });

  it("escapes hostile names everywhere and keeps every card inside schools/", () => {
    const hostile = hostileTerritory();
    const pages = buildReport(compute(hostile), hostile);
    expect(pages).toHaveLength(25);
    for (const page of pages) {
      expect(page.html).not.toMatch(/<script|<b>evil|<i>курсив/i);
      expect(page.path).toMatch(/^(index\.html|schools\/[^/\\]+\.html)$/);
      expect(page.path).not.toContain("..");
    }
    const home = pages.find((p) => p.path === "index.html") as ReportFile;
    expect(home.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(home.html).toContain("Район &quot;Тест&quot; &amp; &lt;i&gt;курсив&lt;/i&gt;");
    expect(new Set(pages.map((p) => p.path)).size).toBe(pages.length);
  });
});

function shnor(args: string[]) {
  const run = spawnSync(tsx, [main, ...args], { cwd: root, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("shnor report", () => {
  const input = join(dir, "territory.json");
  writeFileSync(input, JSON.stringify(dataset));

  it("writes index.html and one card per school, and says where", () => {
    const out = join(dir, "report");
    const run = shnor(["report", "--input", input, "--out", out, "--as-of", AS_OF]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe(index.html);
    expect(readdirSync(join(out, "schools")).sort()).toEqual(
      results.schools.map((s) => `${s.schoolId}.html`).sort(),
    );
    expect(run.stderr).toMatch(/Отчёт за 2025\/2026 записан в папку/);
  });

  it("refuses an invalid dataset with Russian messages, exit code 2 and nothing written", () => {
    const bad = join(dir, "bad.json");
    const broken = structuredClone(dataset);
    const fact = broken.facts[0];
    if (fact?.social) fact.social.singleParentFamilies = fact.social.students + 5;
    writeFileSync(bad, JSON.stringify(broken));
    const out = join(dir, "refused");
    const run = shnor(["report", "--input", bad, "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/facts\[0\]\.social\.singleParentFamilies/);
    expect(run.stderr).toMatch(/набор данных не принят.*отчёт не записан/);
    expect(existsSync(out)).toBe(false);
  });

  it("shows the roadmap status, the monitoring calendar and the working group on the --as-of day", () => {
    const withRoadmap: Dataset = {
      ...dataset,
      roadmap: [
        {
          id: "r1",
          title: "Утверждение программ повышения качества",
          from: "2025-10-01",
          to: "2025-12-15",
          responsible: "Руководители <ШНОР>",
        },
        { id: "r2", title: "Семинар по критериям оценивания ВПР", from: "2026-02-01", to: "2026-02-20" },
      ],
      meetings: [
        {
          date: "2025-09-15",
          members: 9,
          present: 6,
          chairPresent: true,
          decisions: [{ title: "Утвердить план", for: 5, against: 1 }],
        },
      ],
    };
    const path = join(dir, "roadmap.json");
    writeFileSync(path, JSON.stringify(withRoadmap));
    const out = join(dir, "roadmap-report");
    const run = shnor(["report", "--input", path, "--out", out, "--as-of", "2026-01-20"]);
    expect(run.code).toBe(0);
    const page = readFileSync(join(out, "index.html"), "utf8");
    expect(page).toContain("Дорожная карта на 20.01.2026");
    expect(page).toContain("01.10.2025 – 15.12.2025");
    expect(page).toMatch(/status-not_met">просрочено на 36 дн\./);
    expect(page).toContain("начало через 12 дн.");
    expect(page).toContain("Руководители &lt;ШНОР&gt;");
    expect(page).toContain("Промежуточный мониторинг");
    expect(page).toContain("кворум есть: присутствовали 6 из 9");
    expect(page).toMatch(/IV квартал 2025: не было ни одного заседания рабочей группы/);
  });

  it("asks for the output folder", () => {
    const run = shnor(["report", "--input", input]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/не указана папка для отчёта/);
  });

  it("reports an unknown year with exit code 2", () => {
    const out = join(dir, "no-year");
    const run = shnor(["report", "--input", input, "--out", out, "--year", "2010/2011"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/За 2010\/2011 данных нет/);
    expect(existsSync(out)).toBe(false);
  });
});
