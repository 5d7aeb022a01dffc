// The tree keeps the layers docs/architecture.md names: checked over the real import graph, and shown to catch a planted bad import.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkLayering, importsOf, readSources } from "./layering-rules.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const sources = readSources(root, ["functions/src", "apps-script/src"]);

describe("layering", () => {
  it("reads the whole tree (a checker that finds no files checks nothing)", () => {
    const folders = new Set(sources.map((file) => file.path.split("/").slice(0, 3).join("/")));
    for (const folder of ["domain", "contract", "catalog", "sheets", "http"])
      expect(folders).toContain(`functions/src/${folder}`);
    expect(folders).toContain("apps-script/src/main.ts");
    // every file's imports are found: the domain's core file imports several modules
    const compute = sources.find((file) => file.path === "functions/src/domain/compute-results.ts");
    expect(importsOf(compute?.text ?? "").length).toBeGreaterThan(5);
  });

  it("no file breaks a rule", () => {
    expect(checkLayering(sources)).toEqual([]);
  });

  it("catches planted bad imports and clock reads, naming the file, line and rule", () => {
    const planted = [
      {
        path: "functions/src/domain/planted.ts",
        text: [
          "// Date.now() in a comment is not a clock read",
          'import { x } from "./labels.js";',
          "import {",
          "  openStore,",
          '} from "../store/open-store.js";',
          "export const today = () => new Date();",
          'export const later = () => import("@google-cloud/firestore");',
        ].join("\n"),
      },
      {
        path: "apps-script/src/planted.ts",
        text: 'import { OUTPUT_TAB_NAMES } from "../../functions/src/sheets/workbook-model.js";\n',
      },
      { path: "functions/src/sheets/planted.ts", text: 'export { backoff } from "../http/backoff.js";\n' },
      { path: "functions/src/contract/planted.ts", text: 'import type { Results } from "./results.js";\n' },
    ];
    expect(checkLayering(planted)).toEqual([
      {
        rule: "domain is pure",
        file: "functions/src/domain/planted.ts",
        line: 5,
        found: "../store/open-store.js",
      },
      {
        rule: "domain is pure",
        file: "functions/src/domain/planted.ts",
        line: 7,
        found: "@google-cloud/firestore",
      },
      { rule: "domain is pure", file: "functions/src/domain/planted.ts", line: 6, found: "new Date()" },
      {
        rule: "apps-script uses only catalog and contract",
        file: "apps-script/src/planted.ts",
        line: 1,
        found: "../../functions/src/sheets/workbook-model.js",
      },
      {
        rule: "sheets does not import http",
        file: "functions/src/sheets/planted.ts",
        line: 1,
        found: "../http/backoff.js",
      },
    ]);
  });
});
