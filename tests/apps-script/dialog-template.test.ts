// The sheet's dialog page: what the user or the sheet typed is shown as text, never run; the button calls the named server function and shows its reply.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  type DialogPage,
  dialogButton,
  dialogField,
  dialogHtml,
  scriptValue,
} from "../../apps-script/src/dialog-template.js";

/** A value someone could have saved in the document's properties, meant to break out of the attribute and the page. */
const HOSTILE = `x" onfocus="alert(1)"><script>alert(2)</script>`;

const PAGE: DialogPage = {
  style: "form",
  body: `${dialogField({ id: "name", label: "Имя <b>", hint: "подсказка & ещё", value: HOSTILE })}\n<br>${dialogButton("Сохранить")}`,
  serverFunction: "saveSomething",
  args: "{name:document.getElementById('name').value}",
  busy: "Сохраняется… </script><script>alert(3)</script>",
};

/** A page element as the dialog's script uses it. */
interface Element {
  value: string;
  disabled: boolean;
  className: string;
  textContent: string;
}

/** Runs the page's script against a minimal DOM and a recording `google.script.run`; returns them and `go`. */
function runPage(html: string, inputs: Record<string, string>) {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? "");
  expect(scripts).toHaveLength(1);
  const elements = new Map<string, Element>();
  const element = (id: string): Element => {
    let found = elements.get(id);
    if (found === undefined) {
      found = { value: inputs[id] ?? "", disabled: false, className: "", textContent: "" };
      elements.set(id, found);
    }
    return found;
  };
  const calls: { name: string; args: unknown[] }[] = [];
  let onSuccess: (reply: unknown) => void = () => {};
  let onFailure: (error: unknown) => void = () => {};
  // google.script.run: the two handlers chain, any other name is a call of that server function.
  const run: Record<string, unknown> = new Proxy(
    {},
    {
      get: (_target, name: string) => {
        if (name === "withSuccessHandler")
          return (handler: (reply: unknown) => void) => {
            onSuccess = handler;
            return run;
          };
        if (name === "withFailureHandler")
          return (handler: (error: unknown) => void) => {
            onFailure = handler;
            return run;
          };
        return (...args: unknown[]) => calls.push({ name, args });
      },
    },
  );
  const context = { document: { getElementById: element }, google: { script: { run } } };
  runInNewContext(`${scripts[0]}\nthis.go = go;`, context);
  const go = (context as unknown as { go: () => void }).go;
  return {
    go,
    /** A page function by name, as a button built by the page's script calls it. */
    call: (name: string) => runInNewContext(`${name}()`, context),
    element,
    calls,
    succeed: (r: unknown) => onSuccess(r),
    failWith: (e: unknown) => onFailure(e),
  };
}

describe("the dialog page", () => {
  it("shows what the user or the sheet supplied as text: no attribute, tag or script of theirs reaches the page", () => {
    const html = dialogHtml(PAGE);
    expect(html).toContain(
      'value="x&quot; onfocus=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"',
    );
    expect(html).toContain('<label for="name">Имя &lt;b&gt;</label>');
    expect(html).toContain("<small>подсказка &amp; ещё</small>");
    expect(html).not.toContain('onfocus="alert');
    expect(html).not.toContain("alert(2)</script>");
    // The busy text sits inside the script: it cannot close it early.
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it("sends the page's values to the named server function, busy meanwhile, then shows its reply", () => {
    const page = runPage(dialogHtml(PAGE), { name: "Иванова" });
    page.go();
    expect(page.calls).toEqual([{ name: "saveSomething", args: [{ name: "Иванова" }] }]);
    expect(page.element("go").disabled).toBe(true);
    expect(page.element("result").textContent).toBe("Сохраняется… </script><script>alert(3)</script>");

    page.succeed({ ok: true, lines: ["Сохранено.", "Проверено."] });
    expect(page.element("result")).toMatchObject({ className: "ok", textContent: "Сохранено.\nПроверено." });
    expect(page.element("go").disabled).toBe(false);

    page.go();
    page.failWith(new Error("Превышено время выполнения"));
    expect(page.element("result")).toMatchObject({
      className: "fail",
      textContent: "Ошибка: Превышено время выполнения",
    });
    expect(page.element("go").disabled).toBe(false);
  });

  it("refuses a server function that is not a plain name (it would be script text on the page)", () => {
    expect(() => dialogHtml({ ...PAGE, serverFunction: "alert(1);saveSomething" })).toThrow(
      /not a function name/,
    );
  });

  it("keeps the button disabled after a reply when the page is `once`: its choices are stale then", () => {
    const page = runPage(dialogHtml({ ...PAGE, once: true }), { name: "Иванова" });
    page.go();
    page.succeed({ ok: true, lines: ["Отменено."] });
    expect(page.element("result")).toMatchObject({ className: "ok", textContent: "Отменено." });
    expect(page.element("go").disabled).toBe(true);
    page.failWith("сбой");
    expect(page.element("result").textContent).toBe("Ошибка: сбой");
    expect(page.element("go").disabled).toBe(true);
  });

  it("sends a second step to its own server function with its own button and busy text; the reply is shown the same way", () => {
    const html = dialogHtml({
      ...PAGE,
      // The page's own script: a value from the server and what a reply does with it.
      script: `var KEYS=${scriptValue(["a", "</script>"])};\nvar pending=null;`,
      shown: "if(reply.next){pending=reply.next;}",
      steps: [
        {
          name: "confirm",
          button: "confirm",
          serverFunction: "confirmSomething",
          before: "var picked=KEYS.map(function(k){return document.getElementById('k-'+k).value;});",
          args: "{token:pending,picked:picked}",
          busy: "Подтверждается…",
        },
      ],
    });
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    const page = runPage(html, { name: "Иванова", "k-a": "первый", "k-</script>": "второй" });
    page.go();
    page.succeed({ ok: false, lines: ["Нужно подтверждение."], next: "t-1" });
    expect(page.element("result")).toMatchObject({ className: "fail", textContent: "Нужно подтверждение." });

    page.call("confirm");
    expect(page.calls.at(-1)).toEqual({
      name: "confirmSomething",
      args: [{ token: "t-1", picked: ["первый", "второй"] }],
    });
    expect(page.element("confirm").disabled).toBe(true);
    expect(page.element("result")).toMatchObject({ className: "", textContent: "Подтверждается…" });

    page.failWith(new Error("Нет связи"));
    expect(page.element("result")).toMatchObject({ className: "fail", textContent: "Ошибка: Нет связи" });
    expect(page.element("confirm").disabled).toBe(false);
    expect(page.element("go").disabled).toBe(false);
  });

  it("refuses a step whose function, button or server function is not a plain name", () => {
    const step = {
      name: "confirm",
      button: "confirm",
      serverFunction: "confirmSomething",
      args: "1",
      busy: "…",
    };
    for (const bad of [{ name: "x();y" }, { button: "a');alert(1);('" }, { serverFunction: "a.b" }])
      expect(() => dialogHtml({ ...PAGE, steps: [{ ...step, ...bad }] })).toThrow(/^not a /);
  });
});
