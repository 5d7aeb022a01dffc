// Seed 002's rules for a decision that approves lists: quorum, majority of those present, the chair's casting vote — each refusal names its rule.
import { describe, expect, it } from "vitest";
import type { Meeting } from "../../functions/src/contract/dataset.js";
import { APPROVAL_RULES, checkDecision } from "../../functions/src/domain/approval-rules.js";

const meeting = (members: number, present: number, extra: Partial<Meeting> = {}): Meeting => ({
  date: "2025-10-15",
  protocol: "3",
  members,
  present,
  ...extra,
});
const decision = (f: number, a: number, extra: Record<string, unknown> = {}) => ({
  title: "Утвердить списки ШНОР и ШНСУ на 2025/2026 учебный год",
  for: f,
  against: a,
  ...extra,
});

describe("seed 002 rules for a list approval", () => {
  it("quotes the Положение word for word", () => {
    expect(APPROVAL_RULES.quorum.text).toBe(
      "Заседание Рабочей группы является правомочным, если на нем присутствует более половины членов Рабочей группы",
    );
    expect(APPROVAL_RULES.majority.text).toBe(
      "Решение Рабочей группы принимается простым большинством голосов от числа присутствующих на заседании",
    );
    expect(APPROVAL_RULES.castingVote.text).toBe(
      "При равенстве голосов голос председательствующего является решающим",
    );
  });

  it.each([
    // members, present, for, against, extra, passes, rule
    [10, 6, 6, 0, {}, true, null],
    [10, 5, 5, 0, {}, false, "quorum"],
    [11, 6, 4, 2, {}, true, null],
    [9, 9, 4, 2, { abstained: 3 }, false, "majority"],
    [9, 9, 5, 2, { abstained: 2 }, true, null],
    [10, 6, 3, 3, { chairVotedFor: true }, true, null],
    [10, 6, 3, 3, { chairVotedFor: false }, false, "castingVote"],
    [10, 6, 3, 3, {}, false, "castingVote"],
  ] as const)(
    "%i members, %i present, for %i against %i %o → %s",
    (members, present, f, a, extra, passes, rule) => {
      const checked = checkDecision(meeting(members, present), decision(f, a, extra));
      expect(checked.success).toBe(passes);
      if (!checked.success) {
        expect(checked.error.rule).toBe(rule);
        expect(checked.error.message).toContain(
          `«${APPROVAL_RULES[rule as keyof typeof APPROVAL_RULES].text}»`,
        );
        expect(checked.error.message).toContain("Положение о рабочей группе");
      }
    },
  );

  it("says what is missing in each refusal, in Russian", () => {
    const noQuorum = checkDecision(meeting(10, 5), decision(5, 0));
    expect(!noQuorum.success && noQuorum.error.message).toMatch(
      /^нет кворума: на заседание 15\.10\.2025 \(протокол № 3\) присутствовали 5 из 10 членов рабочей группы, нужно не менее 6/,
    );
    const minority = checkDecision(meeting(9, 9), decision(4, 2, { abstained: 3 }));
    expect(!minority.success && minority.error.message).toMatch(
      /не набрало большинства голосов присутствующих: за 4, против 2, воздержались 3 при 9 присутствующих, нужно не менее 5 голосов «за»/,
    );
    const chairAway = checkDecision(
      meeting(10, 6, { chairPresent: false }),
      decision(3, 3, { chairVotedFor: true }),
    );
    expect(!chairAway.success && chairAway.error.code).toBe("tie_chair_absent");
  });
});
