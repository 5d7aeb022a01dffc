// The demo's decision cycle over HTTP: draft, one school's objection, the working group's meeting on «Рабочая группа», «Утвердить списки», then a later answer that the approved lists do not follow.
import type { Dataset, Meeting, SchoolYearFacts } from "../contract/dataset.js";
import type { Approval } from "../contract/decision-cycle.js";
import type { Results } from "../contract/results.js";
import { formatRuDate, localDate, territoryTimeZone } from "../domain/academic-calendar.js";
import {
  coordinatorTabs,
  objectionEnvelope,
  type SampleEnvelope,
  sampleEnvelopes,
} from "../sample/sample-submissions.js";

/** An HTTP call to the demo's function as its coordinator. */
export type DemoCall = (
  method: "GET" | "POST",
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

/** What the cycle did, for the summary; and what the dataset file must carry to compute what the server shows. */
export interface DemoCycle {
  lines: string[];
  approvals: Approval[];
  /** The school-year the later answer changed, as the server now holds it. */
  changedFact: SchoolYearFacts;
}

/**
 * A school's ГИА as a better, corrected form would give it: every mean up (ЕГЭ +15 points, ОГЭ +0,8 of a grade),
 * nobody below the minimum, every graduate certified. What a school near the list's border might send later.
 */
export function betterGia(fact: SchoolYearFacts): SchoolYearFacts {
  return {
    ...fact,
    ...(fact.ege !== undefined
      ? {
          ege: fact.ege.map((e) => ({
            ...e,
            meanScore: Math.min(100, Math.round((e.meanScore + 15) * 10) / 10),
            ...(e.belowMinimum !== undefined ? { belowMinimum: 0 } : {}),
          })),
        }
      : {}),
    ...(fact.oge !== undefined
      ? {
          oge: fact.oge.map((o) => ({
            ...o,
            meanGrade: Math.min(5, Math.round((o.meanGrade + 0.8) * 10) / 10),
            ...(o.failed !== undefined ? { failed: 0 } : {}),
          })),
        }
      : {}),
    ...(fact.noCertificate9 !== undefined ? { noCertificate9: 0 } : {}),
    ...(fact.noCertificate11 !== undefined ? { noCertificate11: 0 } : {}),
  };
}

/** The ГИА form's envelope for a fact, answered at `submittedAt` (an edit of the school's earlier answer). */
function giaEnvelope(
  dataset: Dataset,
  fact: SchoolYearFacts,
  submittedAt: string,
): SampleEnvelope | undefined {
  const school = dataset.schools.find((s) => s.id === fact.schoolId);
  if (school === undefined) return undefined;
  const gia = sampleEnvelopes({ ...dataset, schools: [school], facts: [fact] }).find(
    (e) => e.form.kind === "gia",
  );
  return gia === undefined ? undefined : { ...gia, response: { ...gia.response, submittedAt } };
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * Runs the cycle on the demo's function: «Сформировать проект списков» (/draft), the letters the sheet would send
 * (/draft/letters), an objection from the lowest ШНОР school (/submit), a meeting that rejects it and approves
 * the lists whole (/sync of «Рабочая группа»), «Утвердить списки» (/approve), then a corrected ГИА answer from
 * the ШНОР school nearest the border (/submit). Throws with the server's answer when a step fails.
 */
export async function runDemoDecisionCycle(
  call: DemoCall,
  dataset: Dataset,
  results: Results,
  facts: readonly SchoolYearFacts[],
  now: Date,
): Promise<DemoCycle> {
  const territoryId = dataset.territory.id;
  const today = localDate(now.toISOString(), territoryTimeZone(dataset.territory));
  const lines: string[] = [];
  const nameOf = (id: string) => dataset.schools.find((s) => s.id === id)?.name ?? id;

  const draft = await call("POST", "/draft", { territoryId });
  if (draft.status !== 200) fail(`проект списков не сформирован: ${JSON.stringify(draft.body)}`);
  lines.push(String(draft.body.message));
  const letters = await call("GET", `/draft/letters?territoryId=${encodeURIComponent(territoryId)}`);
  if (letters.status !== 200) fail(`письма не подготовлены: ${JSON.stringify(letters.body)}`);
  lines.push(
    `Письма школам из проекта подготовлены: ${String(letters.body.pending)} (в таблице их отправляет скрипт, не больше 100 получателей в сутки).`,
  );

  const score = (s: Results["schools"][number]) => s.contextualResult ?? s.resultsIndex?.value ?? 0;
  // ШНОР schools by their results, weakest first: the weakest objects, the strongest is near the border
  const lowResults = results.schools
    .filter((s) => s.categories.includes("lowResults"))
    .sort((a, b) => score(a) - score(b));
  const objecting = lowResults[0] ?? fail("в проекте нет школ ШНОР");
  const border = lowResults.at(-1) ?? objecting;
  const school = dataset.schools.find((s) => s.id === objecting.schoolId) ?? fail("школы нет в реестре");
  const objection = await call(
    "POST",
    "/submit",
    objectionEnvelope(
      territoryId,
      school,
      results.year,
      "Результаты ГИА этого года объясняются составом выпускников; просим не включать школу в список.",
      { lists: ["lowResults"], submittedAt: new Date(now.getTime() - 60_000).toISOString() },
    ),
  );
  if (objection.status !== 200) fail(`обращение не принято: ${JSON.stringify(objection.body)}`);
  lines.push(`Обращение школы: ${school.name} просит не включать её в список ШНОР.`);

  const protocol = String((dataset.meetings?.length ?? 0) + 1);
  const meeting: Meeting = {
    date: today,
    protocol,
    members: 9,
    present: 7,
    chairPresent: true,
    chair: "Председатель рабочей группы",
    secretary: "Секретарь рабочей группы",
    decisions: [
      {
        title: `Отклонить обращение: оставить ${school.name} в списке ШНОР`,
        action: "include",
        schoolIds: [school.id],
        lists: ["lowResults"],
        grounds:
          "данные ГИА и ВПР школы подтверждены; состав выпускников учтён индексом социального благополучия",
        for: 6,
        against: 1,
      },
      {
        title: `Утвердить списки ШНОР и ШНСУ на ${results.year} учебный год`,
        action: "approveLists",
        for: 7,
        against: 0,
      },
    ],
  };
  const sync = await call("POST", "/sync", {
    territoryId,
    tabs: coordinatorTabs({ ...dataset, meetings: [...(dataset.meetings ?? []), meeting] }),
  });
  if (sync.status !== 200 || (Array.isArray(sync.body.errors) && sync.body.errors.length > 0))
    fail(`заседание не внесено: ${JSON.stringify(sync.body)}`);
  lines.push(
    `Заседание рабочей группы ${formatRuDate(today)}, протокол № ${protocol}: обращение отклонено (за 6, против 1), списки утверждены (за 7 из 7 присутствующих).`,
  );

  const order = { number: `${protocol}-од`, date: today };
  const approved = await call("POST", "/approve", {
    territoryId,
    order,
    meeting: { date: today, protocol },
  });
  if (approved.status !== 200) fail(`списки не утверждены: ${JSON.stringify(approved.body)}`);
  lines.push(String(approved.body.message));

  // a later, better answer of the school nearest the border: the computation changes, the approved lists do not
  const fact =
    facts.find((f) => f.schoolId === border.schoolId && f.year === results.year) ??
    fail("нет ответов школы за год");
  const changedFact = betterGia(fact);
  const later = giaEnvelope(dataset, changedFact, now.toISOString());
  if (later === undefined) fail("форма ГИА не собрана");
  const answered = await call("POST", "/submit", later);
  if (answered.status !== 200) fail(`ответ не принят: ${JSON.stringify(answered.body)}`);
  lines.push(`После утверждения ${nameOf(border.schoolId)} прислала исправленные результаты ГИА.`);

  const approvals = await call("GET", `/approvals?territoryId=${encodeURIComponent(territoryId)}`);
  if (approvals.status !== 200) fail(`утверждённые списки не получены: ${JSON.stringify(approvals.body)}`);
  return { lines, approvals: approvals.body.approvals as Approval[], changedFact };
}
