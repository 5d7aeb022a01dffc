// Keeps docs/methodology.md true to the code: every setting with its default, every component with its direction and weight.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CATEGORY_LABELS,
  RESULTS_COMPONENT_LABELS,
  SOCIAL_COMPONENT_LABELS,
} from "../../functions/src/contract/labels.js";
import { DEFAULT_SETTINGS, METHODOLOGY_VERSION } from "../../functions/src/contract/methodology-settings.js";
import { RESULTS_COMPONENTS, SOCIAL_COMPONENTS } from "../../functions/src/domain/indicators.js";

const doc = readFileSync(new URL("../../docs/methodology.md", import.meta.url), "utf8");

/** The text between the heading that starts with `from` and the next heading of the same level. */
function section(from: string): string {
  const start = doc.indexOf(`\n${from}`);
  if (start < 0) throw new Error(`docs/methodology.md has no heading «${from}»`);
  const level = from.slice(0, from.indexOf(" ") + 1);
  const end = doc.indexOf(`\n${level}`, start + 1);
  return end < 0 ? doc.slice(start) : doc.slice(start, end);
}

/** Table rows of `text` as trimmed cells (the leading and trailing pipes dropped; header and rule rows kept). */
function tableRows(text: string): string[][] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .slice(1, line.trimEnd().endsWith("|") ? line.trimEnd().length - 1 : undefined)
        .split("|")
        .map((cell) => cell.trim()),
    );
}

/** `{a: {b: 1}}` → `[["a.b", 1]]`: the keys as a coordinator types them on the «Настройки» tab. */
function flatten(value: unknown, prefix = ""): [string, unknown][] {
  if (value === null || typeof value !== "object") return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
}

/** A default as the doc writes it for a Russian reader: decimal comma, Да/Нет. */
function shownDefault(value: unknown): string {
  if (typeof value === "boolean") return value ? "Да" : "Нет";
  if (typeof value === "number") return String(value).replace(".", ",");
  throw new Error(`unexpected setting type: ${JSON.stringify(value)}`);
}

/** `` `key` `` → `key`; null when the cell is not a single code span. */
function code(cell: string | undefined): string | null {
  const match = /^`([^`]+)`$/.exec(cell ?? "");
  return match ? (match[1] as string) : null;
}

describe("docs/methodology.md: settings table", () => {
  const documented = new Map<string, string>();
  for (const cells of tableRows(section("## 10."))) {
    const key = code(cells[0]);
    if (key !== null) documented.set(key, cells[1] ?? "");
  }
  const settings = flatten(DEFAULT_SETTINGS);

  it.each(settings)("%s is documented with its default %s", (key, value) => {
    expect(documented.has(key), `no row for \`${key}\` in section 10`).toBe(true);
    expect(documented.get(key)).toBe(shownDefault(value));
  });

  it("documents no setting the code does not have", () => {
    const known = new Set(settings.map(([key]) => key));
    expect([...documented.keys()].filter((key) => !known.has(key))).toEqual([]);
  });

  it("names the methodology version the results carry", () => {
    expect(doc).toContain(`Версия методики: **${METHODOLOGY_VERSION}**`);
  });
});

describe("docs/methodology.md: index components", () => {
  /** Rows of a component table: [label, `key`, formula, direction, weight, source]. */
  function componentRows(heading: string): Map<string, string[]> {
    const rows = new Map<string, string[]>();
    for (const cells of tableRows(section(heading))) {
      const key = code(cells[1]);
      if (key !== null) rows.set(key, cells);
    }
    return rows;
  }
  const cases = [
    {
      heading: "### 2.2.",
      components: SOCIAL_COMPONENTS,
      labels: SOCIAL_COMPONENT_LABELS as Record<string, string>,
      weights: DEFAULT_SETTINGS.social.weights as Record<string, number>,
    },
    {
      heading: "### 2.3.",
      components: RESULTS_COMPONENTS,
      labels: RESULTS_COMPONENT_LABELS as Record<string, string>,
      weights: DEFAULT_SETTINGS.results.weights as Record<string, number>,
    },
  ];

  for (const { heading, components, labels, weights } of cases) {
    const rows = componentRows(heading);
    it(`section ${heading.slice(4)} lists exactly the components of the code`, () => {
      expect([...rows.keys()].sort()).toEqual(components.map((c) => c.key).sort());
    });
    it.each(components.map((c) => [c.key, c.direction] as const))(
      `section ${heading.slice(4)}: %s has the label, direction and default weight of the code`,
      (key, direction) => {
        const cells = rows.get(key);
        expect(cells, `no row for \`${key}\``).toBeDefined();
        expect(cells?.[0]).toBe(labels[key]);
        expect(cells?.[3]).toBe(direction === 1 ? "+" : "−");
        expect(cells?.[4]).toBe(shownDefault(weights[key]));
      },
    );
  }

  it("names every category with the label the product prints", () => {
    const rows = new Map(
      tableRows(section("## 1.")).flatMap((cells) => {
        const key = code(cells[0]);
        return key === null ? [] : [[key, cells[1]] as const];
      }),
    );
    for (const [category, label] of Object.entries(CATEGORY_LABELS)) {
      expect(rows.get(category), category).toBe(label);
    }
  });
});
