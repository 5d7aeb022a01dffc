// Cross-field rules of Dataset v1 that a shape schema cannot express: counts within denominators, unique keys, known schools.
import { IANAZone } from "luxon";
import { isIsoDate } from "./calendar-date.js";
import type { Dataset, SchoolYearFacts, VprTasks } from "./dataset.js";
import { formatPath, type ValidationIssue } from "./validation-issue.js";

type Path = (string | number)[];

/**
 * True when a count exceeds its denominator. Call sites test it before building the issue's path: a region's
 * file has millions of counts and almost none of them is wrong, so paths are built only for the wrong ones.
 */
function over(value: number | undefined, max: number | undefined): boolean {
  return value !== undefined && max !== undefined && value > max;
}

/** Collects issues with their paths; one instance per dataset check. */
class IssueList {
  readonly issues: ValidationIssue[] = [];
  add(path: Path, message: string): void {
    this.issues.push({ path: formatPath(path), message });
  }
  /** `value — больше, чем <denominator> (<max>)` when a count exceeds its denominator. */
  notAbove(path: Path, value: number | undefined, max: number | undefined, denominator: string): void {
    if (value === undefined || max === undefined) return;
    if (value > max) this.add(path, `${value} — больше, чем ${denominator} (${max})`);
  }
}

const SOCIAL_COUNTS = [
  "bothParentsHigherEducation",
  "singleParentFamilies",
  "onPreventiveRegister",
  "nonNativeRussian",
  "disabilities",
  "difficultLifeSituation",
  "notAttested",
  "chronicAbsence",
] as const;

const STAFF_COUNTS = [
  "highestCategory",
  "higherPedagogicalEducation",
  "under35",
  "over55",
  "diagnosedForDeficits",
  "trainedOnRequest",
  "trainedOnAtRiskStudents",
] as const;

/** Whether an entry of `list` before `index` has the same `key`: duplicates in a handful of entries, no Set. */
function seenBefore<T>(list: readonly T[], index: number, same: (a: T, b: T) => boolean): boolean {
  const item = list[index] as T;
  for (let k = 0; k < index; k++) if (same(list[k] as T, item)) return true;
  return false;
}

/**
 * The rules of one fact. A region's file has millions of counts and almost none is wrong, so every path is
 * built only for an issue: the checks themselves allocate nothing.
 */
function checkFacts(fact: SchoolYearFacts, at: Path, out: IssueList): void {
  const social = fact.social;
  if (social) {
    const students = social.students;
    for (const key of SOCIAL_COUNTS) {
      if (over(social[key], students))
        out.notAbove([...at, "social", key], social[key], students, "обучающихся");
    }
    const specialists = social.missingSpecialists ?? [];
    if (specialists.some((_, i) => seenBefore(specialists, i, (a, b) => a === b))) {
      out.add([...at, "social", "missingSpecialists"], "специалист указан дважды");
    }
  }
  const staff = fact.staff;
  if (staff) {
    for (const key of STAFF_COUNTS) {
      if (over(staff[key], staff.teachers))
        out.notAbove([...at, "staff", key], staff[key], staff.teachers, "учителей");
    }
    if (
      staff.under35 !== undefined &&
      staff.over55 !== undefined &&
      staff.under35 + staff.over55 > staff.teachers
    ) {
      out.notAbove(
        [...at, "staff", "over55"],
        staff.under35 + staff.over55,
        staff.teachers,
        "учителей (вместе с моложе 35 лет)",
      );
    }
  }
  fact.ege?.forEach((ege, i, list) => {
    if (seenBefore(list, i, (a, b) => a.subject === b.subject))
      out.add([...at, "ege", i, "subject"], `«${ege.subject}» — предмет ЕГЭ указан дважды за год`);
    if (over(ege.atLeast80, ege.participants))
      out.notAbove([...at, "ege", i, "atLeast80"], ege.atLeast80, ege.participants, "участников");
    if (over(ege.belowMinimum, ege.participants))
      out.notAbove([...at, "ege", i, "belowMinimum"], ege.belowMinimum, ege.participants, "участников");
    if (
      ege.atLeast80 !== undefined &&
      ege.belowMinimum !== undefined &&
      ege.atLeast80 + ege.belowMinimum > ege.participants
    ) {
      out.notAbove(
        [...at, "ege", i, "belowMinimum"],
        ege.atLeast80 + ege.belowMinimum,
        ege.participants,
        "участников (вместе с 80+)",
      );
    }
    if (ege.participants === 0 && ege.meanScore > 0)
      out.add([...at, "ege", i, "meanScore"], "средний балл при нуле участников");
  });
  if (over(fact.noCertificate11, fact.graduates11))
    out.notAbove([...at, "noCertificate11"], fact.noCertificate11, fact.graduates11, "выпускников 11 класса");
  fact.oge?.forEach((oge, i, list) => {
    if (seenBefore(list, i, (a, b) => a.subject === b.subject))
      out.add([...at, "oge", i, "subject"], `«${oge.subject}» — предмет ОГЭ указан дважды за год`);
    if (over(oge.failed, oge.participants))
      out.notAbove([...at, "oge", i, "failed"], oge.failed, oge.participants, "участников");
  });
  if (over(fact.noCertificate9, fact.graduates9))
    out.notAbove([...at, "noCertificate9"], fact.noCertificate9, fact.graduates9, "выпускников 9 класса");
  if (over(fact.continuedTo10, fact.graduates9))
    out.notAbove([...at, "continuedTo10"], fact.continuedTo10, fact.graduates9, "выпускников 9 класса");
  fact.vpr?.forEach((vpr, i, list) => {
    if (seenBefore(list, i, (a, b) => a.grade === b.grade && a.subject === b.subject))
      out.add([...at, "vpr", i, "subject"], `ВПР ${vpr.grade} класс, «${vpr.subject}» указана дважды за год`);
    const sum = vpr.grades["2"] + vpr.grades["3"] + vpr.grades["4"] + vpr.grades["5"];
    if (sum !== vpr.participants) {
      out.add(
        [...at, "vpr", i, "grades"],
        `сумма отметок «2»–«5» (${sum}) не равна числу участников (${vpr.participants})`,
      );
    }
    if (vpr.journal) {
      const j = vpr.journal.lower + vpr.journal.same + vpr.journal.higher;
      if (over(j, vpr.participants))
        out.notAbove([...at, "vpr", i, "journal"], j, vpr.participants, "участников");
    }
  });
  const taskKeys = new Set<string>();
  fact.vprTasks?.forEach((paper, i) => {
    const p: Path = [...at, "vprTasks", i];
    const key = `${paper.grade}:${paper.subject}`;
    if (taskKeys.has(key))
      out.add(
        [...p, "subject"],
        `задания ВПР ${paper.grade} класс, «${paper.subject}» указаны дважды за год`,
      );
    taskKeys.add(key);
    checkVprTasks(paper, p, out);
  });
  fact.rdr?.forEach((rdr, i) => {
    if (over(rdr.unsatisfactory, rdr.participants))
      out.notAbove([...at, "rdr", i, "unsatisfactory"], rdr.unsatisfactory, rdr.participants, "участников");
  });
  if (fact.olympiad && over(fact.olympiad.winners, fact.olympiad.participants)) {
    out.notAbove(
      [...at, "olympiad", "winners"],
      fact.olympiad.winners,
      fact.olympiad.participants,
      "участников",
    );
  }
  // Contest participants are pupils, each counted once however many contests they entered.
  if (fact.contests && over(fact.contests.participants, fact.social?.students)) {
    out.notAbove(
      [...at, "contests", "participants"],
      fact.contests.participants,
      fact.social?.students,
      "обучающихся",
    );
  }
  const selfDiagnosis = fact.selfDiagnosis;
  if (selfDiagnosis) {
    for (const [area, n] of Object.entries(selfDiagnosis.deficits)) {
      out.notAbove(
        [...at, "selfDiagnosis", "deficits", area],
        n,
        selfDiagnosis.respondents,
        "ответивших педагогов",
      );
    }
  }
}

/**
 * The rules of one ВПР paper's task record: every task's points within `maxPoints × participants` (a success
 * rate of at most 100%), task numbers once, the score distribution over 0…maxScore summing to participants,
 * the marks summing to participants, the register comparison within participants.
 */
function checkVprTasks(paper: VprTasks, p: Path, out: IssueList): void {
  const ids = new Set<string>();
  paper.tasks.forEach((task, j) => {
    if (ids.has(task.id)) out.add([...p, "tasks", j, "id"], `задание ${task.id} указано дважды`);
    ids.add(task.id);
    if (task.maxPoints > paper.maxScore)
      out.add(
        [...p, "tasks", j, "maxPoints"],
        `${task.maxPoints} — больше максимального первичного балла (${paper.maxScore})`,
      );
    const possible = task.maxPoints * paper.participants;
    if (task.points > possible) {
      const rate =
        possible === 0 ? "" : ` (выполнение ${Math.round((100 * task.points) / possible)}% — больше 100%)`;
      out.add(
        [...p, "tasks", j, "points"],
        `${task.points} — больше, чем возможно: ${task.maxPoints} × ${paper.participants} участников${rate}`,
      );
    }
  });
  if (paper.scores) {
    if (paper.scores.length !== paper.maxScore + 1)
      out.add(
        [...p, "scores"],
        `распределение первичных баллов: ${paper.scores.length} чисел, а нужно ${paper.maxScore + 1} (баллы от 0 до ${paper.maxScore})`,
      );
    const sum = paper.scores.reduce((a, b) => a + b, 0);
    if (sum !== paper.participants)
      out.add(
        [...p, "scores"],
        `распределение первичных баллов в сумме ${sum}, а участников ${paper.participants}`,
      );
  }
  if (paper.grades) {
    const g = paper.grades;
    const sum = g["2"] + g["3"] + g["4"] + g["5"];
    if (sum !== paper.participants)
      out.add(
        [...p, "grades"],
        `сумма отметок «2»–«5» (${sum}) не равна числу участников (${paper.participants})`,
      );
  }
  if (paper.journal) {
    const j = paper.journal.lower + paper.journal.same + paper.journal.higher;
    if (over(j, paper.participants)) out.notAbove([...p, "journal"], j, paper.participants, "участников");
  }
}

/**
 * The cross-field rules of one school's facts for one year (counts within denominators, ВПР marks summing
 * to participants, no subject twice), with paths relative to `at`. Used on whole datasets and on the patch
 * a single form submission makes.
 */
export function schoolYearFactsIssues(
  fact: SchoolYearFacts,
  at: readonly (string | number)[] = [],
): ValidationIssue[] {
  const out = new IssueList();
  checkFacts(fact, [...at], out);
  return out.issues;
}

/**
 * The rules of docs/design.md §3.1 that need more than one field: every count within its denominator, ВПР marks
 * summing to participants, facts only for registry schools and one per school and year, unique ids,
 * dates that exist, pins and roadmap schools that are in the registry. Returns the issues, empty when clean.
 */
export function datasetConsistencyIssues(dataset: Dataset): ValidationIssue[] {
  const out = new IssueList();
  const tz = dataset.territory.timeZone;
  if (tz !== undefined && !IANAZone.isValidZone(tz)) {
    out.add(["territory", "timeZone"], `«${tz}» — неизвестный часовой пояс (пример: Europe/Moscow)`);
  }
  const schoolIds = new Set<string>();
  const externalIds = new Map<string, string>();
  dataset.schools.forEach((school, i) => {
    if (schoolIds.has(school.id)) out.add(["schools", i, "id"], `«${school.id}» — код школы повторяется`);
    schoolIds.add(school.id);
    // Two schools with one ФИС ОКО login or ГИА code would make an imported file's rows ambiguous.
    for (const system of ["fisOko", "gia"] as const) {
      const code = school.externalIds?.[system];
      if (code === undefined) continue;
      const owner = externalIds.get(`${system}\u0000${code}`);
      if (owner !== undefined)
        out.add(["schools", i, "externalIds", system], `«${code}» — этот код уже у школы «${owner}»`);
      else externalIds.set(`${system}\u0000${code}`, school.id);
    }
  });
  const factKeys = new Set<string>();
  dataset.facts.forEach((fact, i) => {
    const at: Path = ["facts", i];
    if (!schoolIds.has(fact.schoolId)) {
      out.add([...at, "schoolId"], `«${fact.schoolId}» — такой школы нет в реестре (schools)`);
    }
    const key = `${fact.schoolId}\u0000${fact.year}`;
    if (factKeys.has(key)) out.add(at, `данные школы «${fact.schoolId}» за ${fact.year} указаны дважды`);
    factKeys.add(key);
    checkFacts(fact, at, out);
  });
  const referenceYears = new Set<string>();
  dataset.references?.forEach((ref, i) => {
    if (referenceYears.has(ref.year))
      out.add(["references", i, "year"], `эталоны за ${ref.year} указаны дважды`);
    referenceYears.add(ref.year);
    const papers = new Set<string>();
    ref.vprBoundaries?.forEach((b, j) => {
      const at: Path = ["references", i, "vprBoundaries", j];
      const key = `${b.grade}:${b.subject}`;
      if (papers.has(key))
        out.add([...at, "subject"], `границы отметок ВПР ${b.grade} класс, «${b.subject}» указаны дважды`);
      papers.add(key);
      if (!(b.lowest["3"] < b.lowest["4"] && b.lowest["4"] < b.lowest["5"]))
        out.add(
          [...at, "lowest"],
          `границы ${b.lowest["3"]}, ${b.lowest["4"]}, ${b.lowest["5"]} — балл на «3» должен быть меньше, чем на «4», а на «4» — меньше, чем на «5»`,
        );
    });
    const vprRefs = new Set<string>();
    ref.vpr?.forEach((v, j) => {
      const key = `${v.grade}:${v.subject}`;
      if (vprRefs.has(key))
        out.add(
          ["references", i, "vpr", j, "subject"],
          `эталон ВПР ${v.grade} класс, «${v.subject}» указан дважды`,
        );
      vprRefs.add(key);
    });
    const rdrRefs = new Set<string>();
    ref.rdr?.forEach((r, j) => {
      const key = `${r.grade ?? ""}:${r.subject}`;
      if (rdrRefs.has(key))
        out.add(["references", i, "rdr", j, "subject"], `эталон РДР «${r.subject}» указан дважды`);
      rdrRefs.add(key);
    });
  });
  const roadmapIds = new Set<string>();
  dataset.roadmap?.forEach((item, i) => {
    const at: Path = ["roadmap", i];
    if (roadmapIds.has(item.id)) out.add([...at, "id"], `«${item.id}» — код мероприятия повторяется`);
    roadmapIds.add(item.id);
    for (const key of ["from", "to", "done"] as const) {
      const value = item[key];
      if (value !== undefined && !isIsoDate(value)) out.add([...at, key], `«${value}» — такой даты нет`);
    }
    if (item.from > item.to) out.add([...at, "to"], `срок окончания ${item.to} раньше начала ${item.from}`);
    item.schoolIds?.forEach((id, j) => {
      if (!schoolIds.has(id)) out.add([...at, "schoolIds", j], `«${id}» — такой школы нет в реестре`);
    });
  });
  dataset.meetings?.forEach((meeting, i) => {
    const at: Path = ["meetings", i];
    if (!isIsoDate(meeting.date)) out.add([...at, "date"], `«${meeting.date}» — такой даты нет`);
    if (over(meeting.present, meeting.members))
      out.notAbove([...at, "present"], meeting.present, meeting.members, "членов рабочей группы");
    meeting.decisions?.forEach((d, j) => {
      const votes = d.for + d.against + (d.abstained ?? 0);
      if (over(votes, meeting.present))
        out.notAbove([...at, "decisions", j], votes, meeting.present, "присутствующих");
    });
  });
  const pinnedMentees = new Set<string>();
  dataset.pins?.forEach((pin, i) => {
    const at: Path = ["pins", i];
    if (!schoolIds.has(pin.menteeId))
      out.add([...at, "menteeId"], `«${pin.menteeId}» — такой школы нет в реестре`);
    if (!schoolIds.has(pin.mentorId))
      out.add([...at, "mentorId"], `«${pin.mentorId}» — такой школы нет в реестре`);
    if (pin.menteeId === pin.mentorId)
      out.add([...at, "mentorId"], "школа не может быть наставником самой себе");
    if (pinnedMentees.has(pin.menteeId))
      out.add([...at, "menteeId"], `«${pin.menteeId}» — закреплена дважды`);
    pinnedMentees.add(pin.menteeId);
  });
  // Approved versions are history: a school since removed from the registry may be on them, so only their own
  // shape is checked here (issue 13).
  const versions = new Set<number>();
  dataset.approvals?.forEach((approval, i) => {
    const at: Path = ["approvals", i];
    if (versions.has(approval.version))
      out.add([...at, "version"], `версия ${approval.version} утверждённых списков указана дважды`);
    versions.add(approval.version);
    if (!isIsoDate(approval.order.date))
      out.add([...at, "order", "date"], `«${approval.order.date}» — такой даты нет`);
    const listed = new Set<string>();
    approval.schools.forEach((school, j) => {
      if (listed.has(school.schoolId))
        out.add([...at, "schools", j, "schoolId"], `«${school.schoolId}» — школа указана в версии дважды`);
      listed.add(school.schoolId);
    });
  });
  return out.issues;
}
