// Whether a working-group decision stands under seed 002 (Положение, п. 3.2–3.3): quorum, majority of those present, the chair's casting vote.
import type { Meeting } from "../contract/dataset.js";
import type { Result } from "../contract/result.js";
import { formatRuDate } from "./academic-calendar.js";

type Decision = NonNullable<Meeting["decisions"]>[number];

/** The rules of seed 002 a decision can fail, each with the Положение's own words. */
export const APPROVAL_RULES = {
  quorum: {
    clause: "п. 3.2",
    text: "Заседание Рабочей группы является правомочным, если на нем присутствует более половины членов Рабочей группы",
  },
  majority: {
    clause: "п. 3.3",
    text: "Решение Рабочей группы принимается простым большинством голосов от числа присутствующих на заседании",
  },
  castingVote: {
    clause: "п. 3.3",
    text: "При равенстве голосов голос председательствующего является решающим",
  },
} as const;
export type ApprovalRule = keyof typeof APPROVAL_RULES;

/** Why a decision does not stand: the rule (its clause and words) and the meeting's figures, in Russian. */
export interface DecisionRefusal {
  rule: ApprovalRule;
  code:
    | "no_quorum"
    | "no_majority_of_present"
    | "tie_chair_absent"
    | "tie_chair_vote_unknown"
    | "tie_chair_against";
  message: string;
}

export type DecisionCheck = Result<{ text: string }, DecisionRefusal>;

/** «(Положение о рабочей группе, п. 3.3: «…»)» — how a refusal cites its rule. */
export function ruleCitation(rule: ApprovalRule): string {
  const r = APPROVAL_RULES[rule];
  return `Положение о рабочей группе, ${r.clause}: «${r.text}»`;
}

function votes(d: Decision): string {
  const abstained = d.abstained ? `, воздержались ${d.abstained}` : "";
  return `за ${d.for}, против ${d.against}${abstained}`;
}

function refuse(rule: ApprovalRule, code: DecisionRefusal["code"], what: string): DecisionCheck {
  return { success: false, error: { rule, code, message: `${what} (${ruleCitation(rule)}).` } };
}

/**
 * Decides whether one decision of a meeting stands, strictly (the stricter reading of п. 3.3, which the roadmap
 * status only warns about — a list approval must decide):
 * 1. quorum: present > members / 2 (6 of 10; 5 of 10 is not a quorum);
 * 2. a tie (for = against): the presiding chair's vote decides — the chair must have been present and the vote
 *    recorded (`chairVotedFor`);
 * 3. otherwise: for > present / 2 — a majority of the votes of those present, not merely of the votes cast
 *    (for 4, against 2, abstained 3 of 9 present does not carry).
 * Every refusal names its rule and quotes it.
 * @example checkDecision({date: "2025-10-01", members: 9, present: 7, decisions: []}, {title: "x", for: 4, against: 3}).success // true
 */
export function checkDecision(meeting: Meeting, decision: Decision): DecisionCheck {
  const at = `заседание ${formatRuDate(meeting.date)}${meeting.protocol !== undefined ? ` (протокол № ${meeting.protocol})` : ""}`;
  const need = Math.floor(meeting.members / 2) + 1;
  if (meeting.present < need)
    return refuse(
      "quorum",
      "no_quorum",
      `нет кворума: на ${at} присутствовали ${meeting.present} из ${meeting.members} членов рабочей группы, нужно не менее ${need}`,
    );
  if (decision.for === decision.against) {
    const tie = `голоса по решению «${decision.title}» разделились поровну (${votes(decision)})`;
    if (meeting.chairPresent === false)
      return refuse("castingVote", "tie_chair_absent", `${tie}, а председательствующий отсутствовал`);
    if (decision.chairVotedFor === undefined)
      return refuse(
        "castingVote",
        "tie_chair_vote_unknown",
        `${tie}, а голос председательствующего не указан (столбец «Председатель голосовал «за»»)`,
      );
    if (!decision.chairVotedFor)
      return refuse("castingVote", "tie_chair_against", `${tie}, председательствующий голосовал «против»`);
    return {
      success: true,
      data: { text: `принято решающим голосом председательствующего: ${votes(decision)}` },
    };
  }
  const majority = Math.floor(meeting.present / 2) + 1;
  if (decision.for < majority)
    return refuse(
      "majority",
      "no_majority_of_present",
      `решение «${decision.title}» не набрало большинства голосов присутствующих: ${votes(decision)} при ${meeting.present} присутствующих, нужно не менее ${majority} голосов «за»`,
    );
  return {
    success: true,
    data: { text: `принято: ${votes(decision)} из ${meeting.present} присутствующих` },
  };
}
