// «Задания ВПР»: each school's ВПР papers from Ф1 files with every task's «процент выполнения», the weak ones named; below, each task over the territory.

import { subjectLabel } from "../../contract/labels.js";
import type {
  Results,
  SchoolResult,
  VprPaperDiagnosis,
  VprTaskRate,
  VprTaskStatus,
} from "../../contract/results.js";
import { formatShare } from "../../domain/number-format.js";
import type { CellValue, HexColour, Section, Tab } from "../workbook-model.js";
import { categoriesText, SCHOOL_COLUMNS } from "./school-cells.js";
import { STATUS_FILLS } from "./status-fills.js";
import type { TabContext } from "./tab-context.js";

/** Status words of a task as ФИОКО's analyses put them. */
export const TASK_STATUS_TEXT: Readonly<Record<VprTaskStatus, string>> = {
  insufficient: "недостаточно",
  borderline: "на границе",
  sufficient: "достаточно",
};
/** A paper or task without level marks in the file: nothing to judge by. */
const NO_LEVELS = "уровень не указан";

const STATUS_FILL: Readonly<Record<VprTaskStatus, HexColour>> = {
  insufficient: STATUS_FILLS.bad,
  borderline: STATUS_FILLS.warning,
  sufficient: STATUS_FILLS.good,
};

/** True when the results carry any ВПР task diagnosis (a Ф1 file was imported for the year). */
export function hasVprTasks(results: Results): boolean {
  return results.vprTasks !== undefined || results.schools.some((s) => s.vprTasks !== undefined);
}

/** The worst status of the paper's basic tasks; undefined when no basic task has a status. */
function basicVerdict(paper: VprPaperDiagnosis): VprTaskStatus | undefined {
  let worst: VprTaskStatus | undefined;
  for (const task of paper.tasks) {
    if (task.level !== "basic" || task.status === undefined) continue;
    if (task.status === "insufficient") return "insufficient";
    if (task.status === "borderline" || worst === undefined) worst = task.status;
  }
  return worst;
}

/** `5 — 31%; 9.1 — 40%`, weakest first. */
function taskList(tasks: readonly VprTaskRate[]): string {
  return [...tasks]
    .sort((a, b) => a.rate - b.rate)
    .map((t) => `${t.id} — ${formatShare(t.rate)}`)
    .join("; ");
}

/** Every task in the paper's order: `1 — 80%; 11 (П) — 12%`. */
function allTasks(paper: VprPaperDiagnosis): string {
  return paper.tasks
    .map((t) => `${t.id}${t.level === "advanced" ? " (П)" : ""} — ${formatShare(t.rate)}`)
    .join("; ");
}

const of = (paper: VprPaperDiagnosis, level: "basic" | "advanced", status: VprTaskStatus) =>
  paper.tasks.filter((t) => t.level === level && t.status === status);

const LEVEL_TEXT = { basic: "базовый", advanced: "повышенный" } as const;

/**
 * Builds «Задания ВПР»: one row per school (by name) and paper (by grade, subject) with its participants, the
 * rate of its basic and advanced tasks, the tasks done insufficiently and on the border, and every task's rate;
 * the row coloured by the worst status of the basic tasks. Below, one row per paper and task over the whole
 * territory, with how many schools did the task insufficiently. Every paper of the imported Ф1 files is shown,
 * the ones outside the results index too («В индексе» — «нет»). Rows per school-paper, not per task, keep a
 * region's tab to a few Sheets requests (see tests/sheets/vpr-tasks-tab.test.ts).
 */
export function buildVprTasksTab(context: TabContext): Tab {
  const schools = context.results.schools.filter((s) => s.vprTasks !== undefined).sort(context.compareByName);
  const rows: CellValue[][] = [];
  const rowFills: (HexColour | null)[] = [];
  for (const school of schools) {
    for (const paper of school.vprTasks ?? []) {
      const verdict = basicVerdict(paper);
      rows.push(paperRow(context, school, paper, verdict));
      rowFills.push(verdict === undefined ? STATUS_FILLS.unknown : STATUS_FILL[verdict]);
    }
  }
  return {
    name: "Задания ВПР",
    kind: "output",
    columns: [
      SCHOOL_COLUMNS.name,
      { key: "categories", header: "Категории", format: "text", width: 14 },
      { key: "grade", header: "Класс", format: "integer", width: 7 },
      { key: "subject", header: "Предмет", format: "text", width: 18 },
      {
        key: "inIndex",
        header: "В индексе",
        note: "«да» — эта ВПР идёт в индекс результатов (сейчас 5 и 8 классы, русский язык и математика); «нет» — только диагностика по заданиям.",
        format: "text",
        width: 10,
      },
      { key: "participants", header: "Участников", format: "integer", width: 11 },
      {
        key: "basic",
        header: "Базовые задания, % выполнения",
        note: "Баллы, набранные всеми участниками за базовые задания, к возможным баллам.",
        format: "percent",
        width: 14,
      },
      {
        key: "advanced",
        header: "Повышенные задания, % выполнения",
        note: "Баллы за задания повышенного уровня к возможным баллам.",
        format: "percent",
        width: 14,
      },
      {
        key: "verdict",
        header: "Базовые задания: оценка",
        note: "Худшая оценка базовых заданий: «недостаточно» — хотя бы одно выполнено ниже порога (по умолчанию 57%), «на границе» — между порогами (57–60%), «достаточно» — все от 60%. Пороги — настройки vprTasks.* на листе «Настройки».",
        format: "text",
        width: 16,
      },
      {
        key: "weakBasic",
        header: "Недостаточно выполнены: базовые",
        note: "Номер задания — процент выполнения, самые слабые первыми.",
        format: "text",
        width: 28,
        wrap: true,
      },
      { key: "borderBasic", header: "На границе: базовые", format: "text", width: 22, wrap: true },
      {
        key: "weakAdvanced",
        header: "Недостаточно выполнены: повышенные",
        note: "Задания повышенного уровня ниже порога (по умолчанию 28,5%).",
        format: "text",
        width: 24,
        wrap: true,
      },
      {
        key: "tasks",
        header: "Все задания, % выполнения",
        note: "Процент выполнения = баллы всех участников за задание / (максимальный балл × участники). (П) — задание повышенного уровня.",
        format: "text",
        width: 60,
        wrap: true,
      },
    ],
    rows,
    rowFills,
    fillColumn: "verdict",
    frozenRows: 1,
    frozenColumns: 1,
    autoFilter: true,
    sections: [territorySection(context.results)],
  };
}

function paperRow(
  context: TabContext,
  school: SchoolResult,
  paper: VprPaperDiagnosis,
  verdict: VprTaskStatus | undefined,
): CellValue[] {
  return [
    context.schoolName(school.schoolId),
    categoriesText(school.categories),
    paper.grade,
    subjectLabel(paper.subject),
    paper.inIndex ? "да" : "нет",
    paper.participants,
    paper.basic,
    paper.advanced,
    verdict === undefined ? NO_LEVELS : TASK_STATUS_TEXT[verdict],
    taskList(of(paper, "basic", "insufficient")),
    taskList(of(paper, "basic", "borderline")),
    taskList(of(paper, "advanced", "insufficient")),
    allTasks(paper),
  ];
}

/** Each task of each paper over the territory: its rate, status and the schools that did it insufficiently. */
function territorySection(results: Results): Section {
  const rows: CellValue[][] = [];
  const rowFills: (HexColour | null)[] = [];
  for (const paper of results.vprTasks ?? []) {
    for (const task of paper.tasks) {
      rows.push([
        paper.grade,
        subjectLabel(paper.subject),
        task.id,
        task.level === undefined ? "не указан" : LEVEL_TEXT[task.level],
        task.maxPoints,
        task.schools,
        task.rate,
        task.status === undefined ? NO_LEVELS : TASK_STATUS_TEXT[task.status],
        task.schoolsInsufficient,
      ]);
      rowFills.push(task.status === undefined ? STATUS_FILLS.unknown : STATUS_FILL[task.status]);
    }
  }
  return {
    key: "territoryTasks",
    title:
      "По территории: выполнение каждого задания (баллы всех школ к возможным баллам всех их участников)",
    columns: [
      { key: "grade", header: "Класс", format: "integer", width: 7 },
      { key: "subject", header: "Предмет", format: "text", width: 18 },
      { key: "task", header: "Задание", format: "text", width: 9 },
      { key: "level", header: "Уровень", format: "text", width: 12 },
      { key: "maxPoints", header: "Макс. балл", format: "integer", width: 10 },
      { key: "schools", header: "Школ", format: "integer", width: 8 },
      { key: "rate", header: "% выполнения", format: "percent", width: 13 },
      { key: "status", header: "Оценка", format: "text", width: 16 },
      {
        key: "schoolsInsufficient",
        header: "Школ с недостаточным выполнением",
        note: "Задание, недостаточно выполненное во многих школах, говорит о проблеме программы или учебника, а не одной школы.",
        format: "integer",
        width: 16,
      },
    ],
    rows,
    rowFills,
    fillColumn: "status",
  };
}
