// Drawing one school-year's facts (social passport, ГИА, ВПР, РДР, staff, support) and the regional references from a profile.
import type {
  EgeResult,
  OgeResult,
  RdrResult,
  Reference,
  School,
  SchoolYearFacts,
  StaffFacts,
  VprResult,
} from "../contract/dataset.js";
import { CENTRE, EMAIL_DOMAIN, type Profile } from "./sample-profile.js";
import type { SeededRandom } from "./seeded-random.js";

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;
const prob = (p: number): number => clamp(p, 0, 0.95);
/** A rate that is `base` at ability 0 and moves on the log-odds scale: it saturates instead of exceeding 1. */
const rate = (base: number, slope: number, ability: number): number =>
  logistic(logit(base) + slope * ability);

/** Regional means of one year: the «среднерегиональный показатель» the seeds compare schools with. */
export interface RegionalYear {
  egeRussian: number;
  egeMath: number;
  egeSocial: number;
  ogeRussian: number;
  ogeMath: number;
}

export function regionalYears(years: readonly string[], rng: SeededRandom): RegionalYear[] {
  const r = rng.fork("references");
  return years.map(() => ({
    egeRussian: round1(r.uniform(68, 70)),
    egeMath: round1(r.uniform(55, 60)),
    egeSocial: round1(r.uniform(55, 59)),
    ogeRussian: round2(r.uniform(3.45, 3.6)),
    ogeMath: round2(r.uniform(3.4, 3.55)),
  }));
}

// Territory-typical shares at ability 0, tuned to the regional figures of the seeds and open ФИС ГИА reports.
const EGE_AT_LEAST_80 = { russian: 0.22, math: 0.08, social_studies: 0.1 } as const;
const EGE_BELOW_MIN = { russian: 0.012, math: 0.06, social_studies: 0.12 } as const;
const OGE_FAILED = { russian: 0.03, math: 0.07 } as const;

export function toReferences(years: readonly string[], regional: readonly RegionalYear[]): Reference[] {
  return years.map((year, i) => {
    const r = regional[i] as RegionalYear;
    return {
      year,
      ege: [
        {
          subject: "russian",
          meanScore: r.egeRussian,
          atLeast80Share: EGE_AT_LEAST_80.russian,
          belowMinimumShare: EGE_BELOW_MIN.russian,
        },
        {
          subject: "math",
          meanScore: r.egeMath,
          atLeast80Share: EGE_AT_LEAST_80.math,
          belowMinimumShare: EGE_BELOW_MIN.math,
        },
      ],
      oge: [
        { subject: "russian", meanGrade: r.ogeRussian, failedShare: OGE_FAILED.russian },
        { subject: "math", meanGrade: r.ogeMath, failedShare: OGE_FAILED.math },
      ],
    };
  });
}

export function toSchool(p: Profile): School {
  const km = p.distanceKm;
  const rad = (p.bearing * Math.PI) / 180;
  const lat = CENTRE.lat + (km * Math.cos(rad)) / 111;
  const lon = CENTRE.lon + (km * Math.sin(rad)) / (111 * Math.cos((CENTRE.lat * Math.PI) / 180));
  return {
    id: p.id,
    name: p.name,
    settlement: p.settlement,
    kind: p.kind,
    smallSchool: p.smallSchool,
    location: { lat: Math.round(lat * 1e5) / 1e5, lon: Math.round(lon * 1e5) / 1e5 },
    emails: [`${p.id}@${EMAIL_DOMAIN}`],
  };
}

function egeEntry(
  subject: keyof typeof EGE_AT_LEAST_80,
  participants: number,
  regionalMean: number,
  slope: number,
  sd: number,
  ability: number,
  rng: SeededRandom,
): EgeResult | null {
  if (participants <= 0) return null;
  const meanScore = round1(
    clamp(regionalMean + slope * ability + rng.normal(0, sd / Math.sqrt(participants)), 20, 98),
  );
  const p80 = logistic(logit(EGE_AT_LEAST_80[subject]) + 1.1 * ability);
  const atLeast80 = rng.binomial(participants, p80);
  const pBelow = rate(EGE_BELOW_MIN[subject], -1.0, ability);
  const belowMinimum = rng.binomial(participants - atLeast80, prob(pBelow / (1 - p80)));
  return { subject, participants, meanScore, atLeast80, belowMinimum };
}

function ogeEntry(
  subject: keyof typeof OGE_FAILED,
  participants: number,
  regionalMean: number,
  ability: number,
  rng: SeededRandom,
): OgeResult | null {
  if (participants <= 0) return null;
  const meanGrade = round2(
    clamp(regionalMean + 0.3 * ability + rng.normal(0, 0.75 / Math.sqrt(participants)), 2, 5),
  );
  const failed = rng.binomial(participants, rate(OGE_FAILED[subject], -1.0, ability));
  return { subject, participants, meanGrade, failed };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf), enough for cut points of ВПР marks. */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function vprEntry(
  grade: number,
  subject: "russian" | "math",
  cohort: number,
  ability: number,
  profile: Profile,
  rng: SeededRandom,
): VprResult | null {
  const participants = rng.binomial(cohort, 0.94);
  if (participants <= 0) return null;
  // Ordinal model: marks are cut points of a latent N(μ, 1); at μ = 0 the shares are 11% / 46% / 31% / 12%.
  const mu = 0.5 * ability + (profile.inflatedVpr ? 1.7 : 0) + rng.normal(0, 0.08);
  const p2 = normalCdf(-1.2 - mu);
  const p3 = normalCdf(0.2 - mu) - p2;
  const p5 = 1 - normalCdf(1.2 - mu);
  const p4 = 1 - p2 - p3 - p5;
  const g2 = rng.binomial(participants, p2);
  const g3 = rng.binomial(participants - g2, prob(p3 / Math.max(1e-9, 1 - p2)));
  const g4 = rng.binomial(participants - g2 - g3, prob(p4 / Math.max(1e-9, p4 + p5)));
  const g5 = participants - g2 - g3 - g4;
  const lowerShare = profile.inflatedVpr ? 0.4 : 0.06 + 0.1 * rng.next();
  const lower = rng.binomial(participants, lowerShare);
  const higher = rng.binomial(participants - lower, prob((0.03 + 0.04 * rng.next()) / (1 - lowerShare)));
  return {
    grade,
    subject,
    participants,
    grades: { "2": g2, "3": g3, "4": g4, "5": g5 },
    journal: { lower, same: participants - lower - higher, higher },
  };
}

function staffFacts(p: Profile, students: number, rng: SeededRandom): StaffFacts {
  const teachers = Math.max(7, Math.round(students / 11 + rng.normal(0, 1.5)));
  const under35 = rng.binomial(teachers, 0.2);
  const over55 = rng.binomial(teachers - under35, 0.3 / 0.8);
  const diagnosed = rng.binomial(teachers, 0.45);
  return {
    teachers,
    highestCategory: rng.binomial(teachers, logistic(-0.6 + 0.45 * p.social + 0.3 * p.effect)),
    higherPedagogicalEducation: rng.binomial(teachers, p.settlement === "urban" ? 0.9 : 0.78),
    under35,
    over55,
    vacancies: rng.binomial(p.settlement === "rural" ? 4 : 2, 0.3),
    diagnosedForDeficits: diagnosed,
    trainedOnRequest: rng.binomial(diagnosed, 0.7),
    trainedOnAtRiskStudents: rng.binomial(teachers, 0.15),
  };
}

export function schoolYearFacts(
  p: Profile,
  year: string,
  yearsBack: number,
  regional: RegionalYear,
  rng: SeededRandom,
): SchoolYearFacts {
  const s = p.social;
  const students = Math.max(8, Math.round(p.students * (1 + rng.normal(0, 0.03))));
  const share = (x: number): number => rng.binomial(students, prob(x));
  const social = {
    students,
    bothParentsHigherEducation: share(logistic(-1.45 + 0.9 * s)),
    singleParentFamilies: share(p.singleParent ?? logistic(-2.0 - 0.45 * s)),
    onPreventiveRegister: share(p.preventive ?? 0.008 * Math.exp(-0.8 * s)),
    nonNativeRussian: share(p.nonNative),
    disabilities: share(0.11 * Math.exp(-0.15 * s) * (0.85 + 0.3 * rng.next())),
    difficultLifeSituation: share(0.035 * Math.exp(-0.5 * s)),
    notAttested: share(0.008 * Math.exp(-0.6 * s)),
    chronicAbsence: share(0.025 * Math.exp(-0.5 * s)),
    remote: p.remote,
    infrastructureDeficit: p.infrastructureDeficit,
    missingSpecialists: p.missingSpecialists,
  };

  // Results follow social conditions (slope 0.6) plus the school's own effect and a yearly shock.
  const ability = 0.6 * s + p.effect + p.shift(yearsBack) + rng.normal(0, 0.18);
  const cohort = students / p.level;
  const graduates9 = Math.max(0, Math.round(cohort * (0.95 + 0.1 * rng.next())));
  const oge9 = graduates9 - rng.binomial(graduates9, 0.03);
  const oge = [
    ogeEntry("russian", oge9, regional.ogeRussian, ability, rng),
    ogeEntry("math", oge9, regional.ogeMath, ability, rng),
  ].filter((e): e is OgeResult => e !== null);

  const fact: SchoolYearFacts = { schoolId: p.id, year, social, staff: staffFacts(p, students, rng) };
  if (p.level === 11) {
    const graduates11 = Math.max(0, Math.round(cohort * p.seniorRetention * (0.9 + 0.2 * rng.next())));
    const mathShare = logistic(-0.2 + 0.6 * ability);
    const ege = [
      egeEntry("russian", graduates11, regional.egeRussian, 4.5, 12, ability, rng),
      egeEntry("math", rng.binomial(graduates11, mathShare), regional.egeMath, 7, 16, ability, rng),
      egeEntry("social_studies", rng.binomial(graduates11, 0.4), regional.egeSocial, 5, 14, ability, rng),
    ].filter((e): e is EgeResult => e !== null);
    if (ege.length > 0) fact.ege = ege;
    fact.graduates11 = graduates11;
    fact.noCertificate11 = rng.binomial(graduates11, rate(0.004, -1.2, ability));
  }
  if (oge.length > 0) fact.oge = oge;
  fact.graduates9 = graduates9;
  fact.noCertificate9 = rng.binomial(graduates9, rate(0.01, -1.1, ability));
  fact.continuedTo10 = rng.binomial(graduates9, logistic((p.level === 11 ? 0.3 : -0.4) + 0.5 * ability));

  const vpr: VprResult[] = [];
  // ВПР of grades 5 and 8 in the two core subjects, as the seeds monitor them: enough for the «2» share and
  // the objectivity markers.
  for (const grade of [5, 8]) {
    for (const subject of ["russian", "math"] as const) {
      const entry = vprEntry(grade, subject, Math.round(cohort), ability, p, rng);
      if (entry) vpr.push(entry);
    }
  }
  if (vpr.length > 0) fact.vpr = vpr;

  const rdr: RdrResult[] = [];
  for (const [subject, grade] of [["math", 9]] as const) {
    const participants = rng.binomial(Math.round(cohort), 0.95);
    if (participants > 0) {
      const unsatisfactory = rng.binomial(participants, rate(0.12, -0.9, ability));
      rdr.push({ subject, grade, participants, unsatisfactory });
    }
  }
  if (rdr.length > 0) fact.rdr = rdr;

  const olympians = rng.binomial(students, rate(0.012, 0.9, ability));
  fact.olympiad = { participants: olympians, winners: rng.binomial(olympians, rate(0.12, 0.4, ability)) };

  // Schools weak last year run a support programme and report the events held. A partner agreement is reported
  // only with a partner the coordinator pinned: whom the method pairs a school with is known after the lists are
  // computed, and a sample that claimed agreements for others would claim some for schools without a mentor.
  if (p.effect + p.shift(yearsBack + 1) < -0.8) {
    const jointPlan = rng.chance(0.8);
    const support: NonNullable<SchoolYearFacts["support"]> = {
      schoolProgram: true,
      programUrl: `https://${p.id}.${EMAIL_DOMAIN}/programma-povysheniya-kachestva`,
    };
    if (p.partner !== undefined) {
      support.partnerAgreement = true;
      support.jointPlan = jointPlan;
    }
    support.eventsHeld = rng.int(2, 9);
    support.studentDiagnostics = rng.chance(0.7);
    fact.support = support;
  }
  return fact;
}
