// ВПР task results are stored apart from the rest of a school-year's facts: split them off for writing, join them back on reading.
import type { SchoolYearFacts, VprTasks } from "../contract/dataset.js";

/** The key of the facts that lives in the task-results documents (`territories/{t}/tasks`). */
export const TASKS_KEY = "vprTasks";

/** Keys the contract lists after `vprTasks` (contract/dataset.ts): the task results go in front of the first. */
const AFTER_TASKS = new Set(["rdr", "olympiad", "accreditationSuspended", "support", "selfDiagnosis"]);

/**
 * A school-year's facts without its task results, and the task results (undefined when it has none). The
 * input is not modified.
 * @example splitTasks({ schoolId: "a", year: "2024/2025", vprTasks: [t] }) // { facts: {schoolId, year}, tasks: [t] }
 */
export function splitTasks(facts: SchoolYearFacts): {
  facts: SchoolYearFacts;
  tasks: VprTasks[] | undefined;
} {
  if (facts.vprTasks === undefined) return { facts, tasks: undefined };
  const { vprTasks, ...rest } = facts;
  return { facts: rest as SchoolYearFacts, tasks: vprTasks.length > 0 ? vprTasks : undefined };
}

/**
 * The facts with `tasks` put back where the contract lists them (after `vpr`), so a school-year read back is
 * the object that was stored. `facts` may be absent (a school-year that has task results only).
 */
export function joinTasks(
  facts: SchoolYearFacts | undefined,
  schoolId: string,
  year: string,
  tasks: readonly VprTasks[] | undefined,
): SchoolYearFacts {
  const base: SchoolYearFacts = facts ?? { schoolId, year };
  if (tasks === undefined || tasks.length === 0) return base;
  const out: Record<string, unknown> = {};
  let placed = false;
  for (const [key, value] of Object.entries(base)) {
    if (key === TASKS_KEY) continue;
    if (!placed && AFTER_TASKS.has(key)) {
      out[TASKS_KEY] = tasks;
      placed = true;
    }
    out[key] = value;
  }
  if (!placed) out[TASKS_KEY] = tasks;
  return out as SchoolYearFacts;
}
