// `shnor demo`: the sample territory the real way — emulator + `api`, /sync, history as files to /import, the current year's forms, /flush, summary.

import { mkdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseDataset } from "../contract/parse-dataset.js";
import type { Results } from "../contract/results.js";
import { formatIssue } from "../contract/validation-issue.js";
import { importFile } from "../import/import-file.js";
import { mergeImport } from "../import/merge-import.js";
import { writeTemplateXlsx } from "../import/template-writer.js";
import { coordinatorTabs, type SampleEnvelope, sampleEnvelopes } from "../sample/sample-submissions.js";
import { generateSampleTerritory, SAMPLE_DEFAULTS } from "../sample/sample-territory.js";
import { writeXlsxTable } from "../sample/table-files.js";
import { f1FileRows, SAMPLE_PAPERS } from "../sample/vpr-f1-files.js";
import { OUTPUT_TAB_NAMES } from "../sheets/workbook-model.js";
import { FirestoreEmulatorError } from "../store/firestore-emulator.js";
import { parseOptions } from "./arguments.js";
import { type CliStreams, describeFsError, EXIT, printLines, writeFileAtomically } from "./cli-io.js";
import { resultsJson } from "./compute-command.js";
import { type DemoCycle, runDemoDecisionCycle } from "./demo-decision-cycle.js";
import { ListenError, type LocalStack, startLocalStack } from "./local-stack.js";
import { formatResultsSummary } from "./summary-text.js";
import { USAGE } from "./usage.js";

const OPTIONS = {
  "out-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The demo's coordinator: named by the development-mode header, made coordinator by the first /sync. */
export const DEMO_COORDINATOR = "metodist@obraztsovsk.example";

/** Requests in flight at once while posting the form responses (a school district's morning, compressed). */
const PARALLEL = 8;

const quiet = { info: () => undefined, error: () => undefined };

/** `[██████░░░░░░░░]  120/300` on one line of a terminal; a line per quarter when stderr is a file or pipe. */
function progressBar(stream: NodeJS.WritableStream, total: number, label: string) {
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  let lastQuarter = -1;
  return (done: number) => {
    if (tty) {
      const width = 30;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(`\r${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total}`);
      if (done === total) stream.write("\n");
      return;
    }
    const quarter = total === 0 ? 4 : Math.floor((done / total) * 4);
    if (quarter !== lastQuarter) {
      lastQuarter = quarter;
      stream.write(`${label}: ${done}/${total}\n`);
    }
  };
}

async function call(stack: LocalStack, method: "GET" | "POST", path: string, body?: unknown) {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json", "X-Shnor-Dev-User": DEMO_COORDINATOR },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Posts a file's bytes to /import, as the sheet's «Импорт файла…» does. */
async function postFile(stack: LocalStack, territoryId: string, path: string) {
  const name = basename(path);
  const query = new URLSearchParams({ territoryId, name }).toString();
  const response = await fetch(`${stack.url}/import?${query}`, {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream", "X-Shnor-Dev-User": DEMO_COORDINATOR },
    body: await readFile(path),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * The history a district brings as files (issue 11): the earlier years in the product's template, and the ФИС ОКО
 * «Ф1» of one ВПР paper of the current year (grade 5, Russian). Written to `<outDir>/imports/`.
 */
async function historyFiles(
  generated: ReturnType<typeof generateSampleTerritory>,
  outDir: string,
  currentYear: string,
): Promise<{ template: string; f1: string; years: string[] }> {
  const dir = join(outDir, "imports");
  await mkdir(dir, { recursive: true });
  const years = [...new Set(generated.facts.map((f) => f.year))].filter((y) => y !== currentYear).sort();
  const template = join(dir, `template-${years[0]?.slice(0, 4)}-${years.at(-1)?.slice(5, 9)}.xlsx`);
  await writeTemplateXlsx(
    { ...generated, facts: generated.facts.filter((f) => f.year !== currentYear) },
    template,
  );
  const paper = SAMPLE_PAPERS[0] as (typeof SAMPLE_PAPERS)[number];
  const f1 = join(dir, `f1-vpr-${currentYear.replace("/", "-")}-${paper.grade}-${paper.subject}.xlsx`);
  await writeXlsxTable(
    f1,
    "Индивидуальные результаты",
    f1FileRows(generated, generated.facts, currentYear, paper, SAMPLE_DEFAULTS.seed),
  );
  return { template, f1, years };
}

/** Posts every envelope, {@link PARALLEL} at a time; returns how many got each status. */
async function postAll(stack: LocalStack, envelopes: readonly SampleEnvelope[], io: CliStreams) {
  const tally = new Map<string, number>();
  const progress = progressBar(io.stderr, envelopes.length, "Отправка ответов форм");
  let next = 0;
  let done = 0;
  progress(0);
  const worker = async () => {
    while (next < envelopes.length) {
      const envelope = envelopes[next++];
      const answer = await call(stack, "POST", "/submit", envelope);
      const status = typeof answer.body.status === "string" ? answer.body.status : `HTTP ${answer.status}`;
      tally.set(status, (tally.get(status) ?? 0) + 1);
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return tally;
}

const STATUS_WORDS: Record<string, string> = {
  accepted: "принято",
  updated: "обновлено",
  duplicate: "повторов",
  rejected: "отклонено",
};

/** Runs `demo`; returns the exit code. The seed is fixed, so every run shows the same territory. */
export async function runDemo(args: readonly string[], io: CliStreams): Promise<number> {
  const parsed = parseOptions(args, OPTIONS);
  if (!parsed.success) {
    io.stderr.write(`shnor demo: ${parsed.error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.data.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const outDir = parsed.data["out-dir"] ?? "out";

  const generated = generateSampleTerritory({ ...SAMPLE_DEFAULTS });
  // The sample goes through the same door as any file: a generator bug shows up here, not as odd results.
  const checked = parseDataset(generated);
  if (!checked.success) {
    printLines(io.stderr, checked.error.issues.map(formatIssue));
    io.stderr.write("shnor demo: пример территории не прошёл проверку — это ошибка генератора\n");
    return EXIT.invalid;
  }
  const { dataset } = checked.data;
  const territoryId = dataset.territory.id;
  const currentYear =
    [...new Set(dataset.facts.map((f) => f.year))].sort().at(-1) ?? SAMPLE_DEFAULTS.lastYear;
  const files = {
    dataset: join(outDir, "dataset.json"),
    results: join(outDir, "results.json"),
    workbook: join(outDir, `${territoryId}.xlsx`),
  };
  let history: Awaited<ReturnType<typeof historyFiles>>;
  try {
    await mkdir(outDir, { recursive: true });
    history = await historyFiles(generated, outDir, currentYear);
  } catch (error) {
    io.stderr.write(`shnor demo: ${describeFsError(error, outDir, "write")}\n`);
    return EXIT.usage;
  }
  // What the server holds once the files and the forms are in: the sample plus the Ф1's task results. The lists
  // computed from this file are the server's (a test checks it).
  const f1 = await importFile(await readFile(history.f1), history.f1, {
    format: "auto",
    schools: dataset.schools,
  });
  if (!f1.success) {
    io.stderr.write("shnor demo: Ф1 примера не прочитан — это ошибка генератора\n");
    return EXIT.invalid;
  }
  const served = mergeImport(generated, f1.data).dataset;

  io.stderr.write("Запуск эмулятора Firestore и функции api (режим разработки, 127.0.0.1)…\n");
  let stack: LocalStack;
  try {
    stack = await startLocalStack({ port: 0, outDir, projectId: "shnor-demo", log: quiet });
  } catch (error) {
    if (error instanceof FirestoreEmulatorError || error instanceof ListenError) {
      io.stderr.write(`shnor demo: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  io.stderr.write(`Эмулятор Firestore: ${stack.emulatorHost}; функция api: ${stack.url}\n`);

  let results: Results;
  let tally: Map<string, number>;
  let cycle: DemoCycle;
  const imports: string[] = [];
  try {
    const sync = await call(stack, "POST", "/sync", {
      territoryId,
      name: dataset.territory.name,
      tabs: coordinatorTabs(dataset),
    });
    const syncErrors = Array.isArray(sync.body.errors) ? sync.body.errors : [];
    if (sync.status !== 200 || syncErrors.length > 0) {
      io.stderr.write(`shnor demo: синхронизация вкладок не прошла: ${JSON.stringify(sync.body)}\n`);
      return EXIT.invalid;
    }
    io.stderr.write(`Вкладки координатора синхронизированы: ${dataset.schools.length} школ.\n`);

    for (const path of [history.template, history.f1]) {
      const imported = await postFile(stack, territoryId, path);
      if (imported.status !== 200) {
        io.stderr.write(
          `shnor demo: файл «${basename(path)}» не загружен: ${JSON.stringify(imported.body)}\n`,
        );
        return EXIT.invalid;
      }
      const rows = imported.body.rows as { taken?: number } | undefined;
      const procedures = imported.body.procedures as string[];
      imports.push(
        `«${basename(path)}» — ${String(imported.body.formatName)}` +
          `${procedures.length === 1 ? `: ${procedures[0]}` : ` (процедур: ${procedures.length})`}; ` +
          `строк учтено ${rows?.taken ?? 0}, школ найдено ${String(imported.body.matched)}`,
      );
      io.stderr.write(`Импорт: ${imports.at(-1)}.\n`);
    }

    const current = { ...dataset, facts: dataset.facts.filter((f) => f.year === currentYear) };
    tally = await postAll(stack, sampleEnvelopes(current, DEMO_COORDINATOR), io);
    await stack.runtime.idle();
    const flush = await call(stack, "POST", "/flush", {});
    if (flush.status !== 200) {
      io.stderr.write(`shnor demo: публикация не прошла: ${JSON.stringify(flush.body)}\n`);
      return EXIT.invalid;
    }
    // issue 13: draft → objection → meeting → approval → a later answer; the approved lists stay as decided
    const computed = await call(stack, "GET", `/results?territoryId=${encodeURIComponent(territoryId)}`);
    try {
      cycle = await runDemoDecisionCycle(
        (method, path, body) => call(stack, method, path, body),
        dataset,
        computed.body as unknown as Results,
        served.facts,
        new Date(),
      );
    } catch (error) {
      io.stderr.write(`shnor demo: цикл утверждения списков не прошёл: ${(error as Error).message}\n`);
      return EXIT.invalid;
    }
    for (const line of cycle.lines) io.stderr.write(`${line}\n`);
    await stack.runtime.idle();
    const republished = await call(stack, "POST", "/flush", {});
    if (republished.status !== 200) {
      io.stderr.write(`shnor demo: публикация не прошла: ${JSON.stringify(republished.body)}\n`);
      return EXIT.invalid;
    }
    const answer = await call(stack, "GET", `/results?territoryId=${encodeURIComponent(territoryId)}`);
    if (answer.status !== 200) {
      io.stderr.write(`shnor demo: ${String(answer.body.message ?? JSON.stringify(answer.body))}\n`);
      return EXIT.invalid;
    }
    results = answer.body as unknown as Results;
  } finally {
    await stack.stop();
  }

  try {
    // what the server holds: the sample, the Ф1's task results, the later answer and the approved version
    const held = {
      ...served,
      facts: served.facts.map((f) =>
        f.schoolId === cycle.changedFact.schoolId && f.year === cycle.changedFact.year
          ? cycle.changedFact
          : f,
      ),
      approvals: cycle.approvals,
    };
    await writeFileAtomically(files.dataset, [`${JSON.stringify(held, null, 2)}\n`]);
    await writeFileAtomically(files.results, [resultsJson(results, true)]);
  } catch (error) {
    io.stderr.write(`shnor demo: ${describeFsError(error, outDir, "write")}\n`);
    return EXIT.usage;
  }

  const counts = [...tally.entries()]
    .map(([status, n]) => `${STATUS_WORDS[status] ?? status} ${n}`)
    .join(", ");
  io.stdout.write("ШНОР-Монитор — пример расчёта на синтетической территории\n");
  io.stdout.write(
    `(эмулятор Firestore и функция api на 127.0.0.1: вкладки отправлены в /sync, история ${history.years.join(" и ")} и ` +
      `ВПР из ФИС ОКО — файлами в /import, ответы форм ${currentYear} — в /submit: ${counts})\n\n`,
  );
  io.stdout.write(formatResultsSummary(results, dataset));
  io.stdout.write(
    `\nЦикл утверждения списков (/draft, /submit, /sync, /approve):\n${cycle.lines.map((line) => `  ${line}\n`).join("")}`,
  );
  io.stdout.write(
    `\nЗагружены файлы:\n${imports.map((line) => `  ${line}\n`).join("")}` +
      `\nФайлы:\n  ${files.dataset} — набор данных (Dataset v1): пример с результатами заданий из Ф1\n  ${files.results} — результаты (Results v1)\n` +
      `  ${files.workbook} — книга Excel, как её опубликовала функция: ${OUTPUT_TAB_NAMES.map((t) => `«${t}»`).join(", ")}\n` +
      `  ${history.template}, ${history.f1} — загруженные файлы (шаблон с историей и синтетический Ф1 ВПР)\n`,
  );
  return EXIT.ok;
}
