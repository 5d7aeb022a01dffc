// The nine effectiveness criteria (seed 000): met, not met, and «нет данных» when the school did not report.
import { describe, expect, it } from "vitest";
import type { SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import {
  type CriteriaBenchmarks,
  effectivenessCriteria,
} from "../../functions/src/domain/effectiveness-criteria.js";
import { territoryIndicators } from "../../functions/src/domain/territory-indicators.js";

const benchmarks: CriteriaBenchmarks = Object.freeze({
  reference: {
    year: "2025/2026",
    ege: [
      { subject: "russian", meanScore: 68, atLeast80Share: 0.2 },
      { subject: "math", meanScore: 56, atLeast80Share: 0.1 },
      { subject: "physics", meanScore: 55 },
    ],
  },
  egeMeans: new Map([["history", 58]]),
  egeAtLeast80: 0.12,
  chronicAbsence: 0.03,
});

const full: SchoolYearFacts = Object.freeze({
  schoolId: "a",
  year: "2025/2026",
  social: { students: 200, chronicAbsence: 4 },
  graduates9: 20,
  noCertificate9: 0,
  graduates11: 10,
  noCertificate11: 1,
  ege: [
    { subject: "russian", participants: 10, meanScore: 70, atLeast80: 3 },
    { subject: "math", participants: 8, meanScore: 50, atLeast80: 0 },
    { subject: "physics", participants: 4, meanScore: 60 },
    { subject: "history", participants: 4, meanScore: 50 },
  ],
  vpr: [{ grade: 5, subject: "math", participants: 10, grades: { "2": 1, "3": 4, "4": 4, "5": 1 } }],
  support: { partnerAgreement: true, jointPlan: false },
});

describe("effectiveness criteria", () => {
  const byCode = (fact: SchoolYearFacts | undefined, hasMentor = true) =>
    new Map(effectivenessCriteria(fact, benchmarks, hasMentor).map((c) => [c.code, c]));

  it("judges all nine on a full report", () => {
    const c = byCode(full);
    expect(c.size).toBe(9);
    expect(c.get("no_certificate_9")?.status).toBe("met");
    expect(c.get("no_certificate_11")?.status).toBe("not_met");
    expect(c.get("no_certificate_11")?.actual).toBe("10%");
    expect(c.get("ege_russian")?.status).toBe("met");
    expect(c.get("ege_math")?.status).toBe("not_met");
    expect(c.get("ege_math")?.expected).toContain("среднерегионального показателя (56)");
    // Electives: (60·4 + 50·4)/8 = 55 against (55·4 + 58·4)/8 = 56.5 (physics from the reference, history from the territory).
    expect(c.get("ege_electives")?.status).toBe("not_met");
    expect(c.get("ege_electives")?.actual).toBe("55");
    // 3 of the 18 participants whose 80+ count is reported = 16.7%, against the mean of regional shares 15%.
    expect(c.get("ege_80_plus")?.status).toBe("met");
    expect(c.get("ege_80_plus")?.actual).toBe("16,7%");
    expect(c.get("partner_agreement")?.status).toBe("not_met");
    expect(c.get("partner_agreement")?.actual).toBe("договор есть, плана нет");
    expect(c.get("monitoring")?.status).toBe("met");
    expect(c.get("absence")?.status).toBe("met");
  });

  it("never calls «партнёрский договор» met without a mentor, whatever the school reported", () => {
    const reported = { ...full, support: { partnerAgreement: true, jointPlan: true } };
    expect(byCode(reported).get("partner_agreement")?.status).toBe("met");
    const without = byCode(reported, false).get("partner_agreement");
    expect(without?.status).toBe("not_met");
    expect(without?.actual).toBe(
      "школа-наставник не назначена, хотя в анкете указан договор — проверьте данные",
    );
    expect(byCode({ schoolId: "a", year: "2025/2026" }, false).get("partner_agreement")?.actual).toBe(
      "школа-наставник не назначена",
    );
  });

  it("never calls a criterion met without the data to judge it", () => {
    const c = byCode({ schoolId: "a", year: "2025/2026" });
    for (const criterion of c.values()) {
      if (criterion.code === "monitoring") expect(criterion.status).toBe("not_met");
      else expect(criterion.status).toBe("no_data");
      expect(criterion.status).not.toBe("met");
    }
    for (const criterion of byCode(undefined).values()) expect(criterion.status).toBe("no_data");
  });
});

describe("territory indicators", () => {
  it("computes percentages over the schools in support and leaves unknowns empty", () => {
    const indicators = territoryIndicators([
      {
        adverseSocial: true,
        fact: {
          schoolId: "a",
          year: "2025/2026",
          support: { schoolProgram: true },
          staff: { teachers: 10, diagnosedForDeficits: 5, vacancies: 2 },
          oge: [{ subject: "math", participants: 20, meanGrade: 3.2, failed: 5 }],
        },
      },
      {
        adverseSocial: false,
        fact: {
          schoolId: "b",
          year: "2025/2026",
          support: { schoolProgram: false },
          staff: { teachers: 30, diagnosedForDeficits: 15 },
        },
      },
      { adverseSocial: false, fact: undefined },
    ]);
    expect(indicators.listedWithProgram).toBe(50);
    expect(indicators.teachersDiagnosed).toBe(50);
    expect(indicators.listedStaffing).toBeCloseTo((100 * 10) / 12, 1);
    expect(indicators.adverseGiaPassed).toBe(75);
    expect(indicators.listedWithPartnerAgreement).toBeNull();
  });
});
