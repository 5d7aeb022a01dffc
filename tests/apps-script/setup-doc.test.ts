// docs/setup.md kept true to the script: the menu it lists, the owner's trigger count, the run budget.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MENU_ITEMS } from "../../apps-script/src/entry-points.js";
import { RUN_BUDGET_MS } from "../../apps-script/src/time-budget.js";
import { TRIGGERS_PER_USER_LIMIT } from "../../apps-script/src/triggers.js";
import { FORMS } from "../../functions/src/catalog/form-catalog.js";

const setup = readFileSync(new URL("../../docs/setup.md", import.meta.url), "utf8");
// One line of text: line breaks and the «> » of quoted letters do not matter.
const flat = setup.replace(/\n>\s?/g, " ").replace(/\s+/g, " ");

describe("docs/setup.md", () => {
  it("lists every menu command, in the menu's order", () => {
    const captions = MENU_ITEMS.flatMap((item) => (item === null ? [] : [item[0]]));
    const listed = flat.match(/появится пункт \*\*«ШНОР-Монитор»\*\* с командами: (.*?)\./)?.[1] ?? "";
    expect(listed.match(/«[^»]+»/g)).toEqual(captions.map((c) => `«${c}»`));
  });

  it("gives the owner's trigger count and the per-user limit the code keeps to", () => {
    const own = FORMS.length + 2;
    expect(flat).toContain(`у владельца обработки ${own}: по одному на форму`);
    expect(flat).toContain(`работают ${own} триггеров`);
    expect(flat).toContain(`| ${TRIGGERS_PER_USER_LIMIT} | ${TRIGGERS_PER_USER_LIMIT} |`);
  });

  it("states the 4.5-minute budget of a run", () => {
    expect(RUN_BUDGET_MS).toBe(4.5 * 60_000);
    expect(flat).toContain("не дольше 4,5 минуты");
  });

  it("has the pre-send checklist built on «Проверить формы», and tells schools to sign in with Google", () => {
    expect(setup).toContain("## 11. Проверка перед рассылкой школам");
    expect(flat).toContain("Меню → **«Проверить формы»**");
    expect(flat).toContain("Перед заполнением войдите в аккаунт Google с адресом школы");
  });
});
