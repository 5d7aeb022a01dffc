// A deterministic synthetic municipality (Dataset v1) with planted situations a coordinator recognises; randomness passed in as a seed.
import type {
  Dataset,
  EgeResult,
  MissingSpecialist,
  OgeResult,
  RdrResult,
  Reference,
  School,
  SchoolKind,
  SchoolYearFacts,
  StaffFacts,
  VprResult,
} from "../contract/dataset.js";
import { createRandom, type SeededRandom } from "./seeded-random.js";

export interface SampleTerritoryOptions {
  /** Number of schools in the registry (the planted ones first, as many as fit). */
  schools: number;
  /** Number of consecutive academic years of facts, ending with `lastYear`. */
  years: number;
  /** Any number or text; the same seed gives the same dataset, byte for byte. */
  seed: number | string;
  /** The latest academic year, `2025/2026` by default. */
  lastYear?: string;
}

export const SAMPLE_DEFAULTS = { schools: 24, years: 3, seed: 2026, lastYear: "2025/2026" } as const;

/**
 * Ids of the planted schools, each standing for a situation the method must recognise:
 * a lyceum leader, a gymnasium, a small rural school with low results two years running (ШНОР and ШНСУ),
 * a resilient school in adverse conditions, a school with suspicious ВПР, one bad year only (watch),
 * a school that was low and improved (exits ШНОР), and a tiny school whose numbers rest on n < 10.
 */
export const SAMPLE_SCHOOL_IDS = {
  leader: "lyceum-1",
  gymnasium: "gymnasium-3",
  lowResults: "sosnovka-oosh",
  resilient: "zarechny-sosh-2",
  objectivity: "sosh-5",
  watch: "mikhaylovka-sosh",
  improved: "kalinovka-sosh",
  tiny: "kedrovka-oosh",
} as const;

export const SAMPLE_TERRITORY = {
  id: "obraztsovsky",
  name: "Образцовский муниципальный район (пример)",
  timeZone: "Europe/Moscow",
} as const;

const CENTRE = { lat: 54.62, lon: 52.47 };
const EMAIL_DOMAIN = "edu-obraztsovsk.example";

/** Latent description of a school; every fact is drawn from it. */
interface Profile {
  id: string;
  name: string;
  settlement: "urban" | "rural";
  kind: SchoolKind;
  /** Highest grade taught: 9 (ООШ) or 11 (СОШ, лицей, гимназия). */
  level: 9 | 11;
  smallSchool: boolean;
  students: number;
  /** Social advantage on a standard-normal-like scale: +1 favourable, −1.5 adverse. */
  social: number;
  /** The school's own effect on results beyond its social conditions. */
  effect: number;
  /** Planted change of results by years back from the latest (index 0 = latest year). */
  shift: (yearsBack: number) => number;
  distanceKm: number;
  bearing: number;
  nonNative: number;
  remote: boolean;
  infrastructureDeficit: boolean;
  missingSpecialists: MissingSpecialist[];
  /** Overrides of social shares for planted schools. */
  preventive?: number;
  singleParent?: number;
  /** ВПР far above what ГИА confirms, and register marks above ВПР marks (objectivity suspicion). */
  inflatedVpr: boolean;
  /** Share of the grade cohort reaching grade 11 relative to grade 9. */
  seniorRetention: number;
  /**
   * The school it has a partner agreement with, which the coordinator keeps on «Закрепление пар»: only such a
   * school reports an agreement, so the sample never claims one for a school without a mentor.
   */
  partner?: string;
}

const ALL_SPECIALISTS: MissingSpecialist[] = [
  "psychologist",
  "speechTherapist",
  "defectologist",
  "socialPedagogue",
  "additionalEducation",
];

const steady = (): number => 0;

function planted(): Profile[] {
  const base = {
    kind: "school" as SchoolKind,
    level: 11 as const,
    smallSchool: false,
    shift: steady,
    remote: false,
    infrastructureDeficit: false,
    missingSpecialists: [] as MissingSpecialist[],
    inflatedVpr: false,
    seniorRetention: 0.55,
  };
  return [
    {
      ...base,
      id: SAMPLE_SCHOOL_IDS.leader,
      name: "МБОУ «Лицей № 1 г. Образцовска»",
      settlement: "urban",
      kind: "lyceum",
      students: 960,
      social: 1.4,
      effect: 1.0,
      distanceKm: 0.8,
      bearing: 30,
      nonNative: 0.02,
      seniorRetention: 0.8,
    },
    {
      ...base,
      id: SAMPLE_SCHOOL_IDS.gymnasium,
      name: "МБОУ «Гимназия № 3»",
      settlement: "urban",
      kind: "gymnasium",
      students: 820,
      social: 1.2,
      effect: 0.6,
      distanceKm: 1.9,
      bearing: 200,
      nonNative: 0.03,
      seniorRetention: 0.75,
    },
    {
      ...base,
      id: SAMPLE_SCHOOL_IDS.lowResults,
      name: "МБОУ «Сосновская ООШ»",
      settlement: "rural",
      level: 9,
      smallSchool: true,
      students: 124,
      social: -1.6,
      effect: -1.3,
      distanceKm: 52,
      bearing: 140,
      nonNative: 0.58,
      remote: true,
      infrastructureDeficit: true,
      missingSpecialists: ["psychologist", "speechTherapist", "defectologist", "socialPedagogue"],
    },
    {
      ...base,
      id: SAMPLE_SCHOOL_IDS.resilient,
      name: "МБОУ «СОШ № 2 пос. Заречный»",
      settlement: "rural",
      students: 430,
      social: -1.8,
      effect: 2.4,
      distanceKm: 27,
      bearing: 250,
      nonNative: 0.5,
      preventive: 0.045,
      singleParent: 0.32,
      missingSpecialists: ["psychologist", "speechTherapist", "socialPedagogue"],
    },
    {
      ...base,
      id: SAMPLE_SCHOOL_IDS.objectivity,
      name: "МБОУ «СОШ № 5»",
      settlement: "urban",
      students: 640,
      social: 0,
      effect: -0.6,
      distanceKm: 3.1,
      bearing: 95,
      nonNative: 0.05,
      inflatedVpr: true,
    },
    {
      ...base,
      id: SAMPLE_SCHOOL_IDS.watch,
      name: "МБОУ «Михайловская СОШ»",
      settlement: "rural",
      students: 310,
      social: -0.3,
      effect: 0.15,
      // One bad latest year after steady ones: a signal to watch, not yet a persistent problem.
      shift: (back) => (back === 0 ? -1.5 : 0),
      distanceKm: 18,
      bearing: 320,
      nonNative: 0.08,
      missingSpecialists: ["defectologist"],
    },
    {
      ...base,
      id: SAMPLE_SCHOOL_IDS.improved,
      partner: SAMPLE_SCHOOL_IDS.leader,
      name: "МБОУ «Калиновская СОШ»",
      settlement: "rural",
      students: 280,
      social: -0.4,
      effect: 0,
      // Low in every earlier year, recovered in the latest: was ШНОР last year, leaves the list now.
      shift: (back) => (back === 0 ? 0.8 : -1.6),
      distanceKm: 23,
      bearing: 60,
      nonNative: 0.1,
      infrastructureDeficit: true,
      missingSpecialists: ["speechTherapist"],
    },
    {
      ...base,
      id: SAMPLE_SCHOOL_IDS.tiny,
      partner: SAMPLE_SCHOOL_IDS.gymnasium,
      name: "МБОУ «Кедровская ООШ»",
      settlement: "rural",
      level: 9,
      smallSchool: true,
      students: 27,
      social: -1.0,
      effect: -0.9,
      distanceKm: 61,
      bearing: 10,
      nonNative: 0.15,
      remote: true,
      missingSpecialists: ["psychologist", "speechTherapist", "defectologist", "socialPedagogue"],
    },
  ];
}

const VILLAGES = [
  "Берёзовская",
  "Ивановская",
  "Никольская",
  "Покровская",
  "Александровская",
  "Петровская",
  "Знаменская",
  "Дубровская",
  "Красносельская",
  "Озёрная",
  "Рябиновская",
  "Васильевская",
  "Каменская",
  "Троицкая",
  "Ключевская",
  "Лесная",
  "Васильковская",
  "Ольховская",
  "Успенская",
  "Николаевская",
  "Богородская",
  "Сокольская",
  "Вишнёвская",
  "Малиновская",
  "Зелёновская",
  "Луговская",
  "Крутоярская",
  "Спасская",
  "Воскресенская",
  "Ильинская",
];

/** Urban school numbers the planted schools already use. */
const TAKEN_URBAN_NUMBERS = new Set([1, 3, 5]);

function genericProfile(
  index: number,
  rng: SeededRandom,
  counters: { urban: number; rural: number },
): Profile {
  const id = `sch-${String(index + 1).padStart(5, "0")}`;
  const urban = rng.chance(0.55);
  const distanceKm = urban ? rng.uniform(0.3, 6) : rng.uniform(7, 70);
  const bearing = rng.uniform(0, 360);
  if (urban) {
    counters.urban++;
    while (TAKEN_URBAN_NUMBERS.has(counters.urban)) counters.urban++;
    const number = counters.urban;
    // A few urban schools in a large territory are lyceums or gymnasiums too.
    const selective = index > 40 && rng.chance(0.04);
    const kind: SchoolKind = selective ? rng.pick(["lyceum", "gymnasium"] as const) : "school";
    const label = kind === "lyceum" ? "Лицей" : kind === "gymnasium" ? "Гимназия" : "СОШ";
    const social = rng.normal(selective ? 1.1 : 0.35, 0.5);
    return {
      id,
      name: `МБОУ «${label} № ${number}»`,
      settlement: "urban",
      kind,
      level: 11,
      smallSchool: false,
      students: Math.round(rng.uniform(selective ? 700 : 420, selective ? 1000 : 1250)),
      social,
      effect: rng.normal(selective ? 0.5 : 0, 0.35),
      shift: steady,
      distanceKm,
      bearing,
      nonNative: Math.min(0.4, 0.035 * Math.exp(-0.6 * social) * rng.uniform(0.5, 1.5)),
      remote: false,
      infrastructureDeficit: rng.chance(0.03),
      missingSpecialists: rng.chance(0.2) ? ["additionalEducation"] : [],
      inflatedVpr: false,
      seniorRetention: rng.uniform(0.5, 0.7),
    };
  }
  const small = rng.chance(0.4);
  const national = rng.chance(0.25);
  const social = rng.normal(-0.45 - (small ? 0.4 : 0) - (national ? 0.3 : 0), 0.45);
  const level: 9 | 11 = small && rng.chance(0.5) ? 9 : 11;
  const root = VILLAGES[counters.rural % VILLAGES.length] as string;
  const round = Math.floor(counters.rural / VILLAGES.length);
  counters.rural++;
  const missing = ALL_SPECIALISTS.filter(() => rng.chance(small ? 0.6 : 0.25));
  return {
    id,
    name: `МБОУ «${root} ${level === 9 ? "ООШ" : "СОШ"}${round > 0 ? ` № ${round + 1}` : ""}»`,
    settlement: "rural",
    kind: "school",
    level,
    smallSchool: small,
    students: Math.round(small ? rng.uniform(45, 140) : rng.uniform(160, 520)),
    social,
    effect: rng.normal(0, 0.35),
    shift: steady,
    distanceKm,
    bearing,
    nonNative: national ? rng.uniform(0.3, 0.9) : Math.min(0.3, 0.04 * rng.uniform(0.3, 2)),
    remote: distanceKm > 40,
    infrastructureDeficit: rng.chance(small ? 0.55 : 0.25),
    missingSpecialists: missing,
    inflatedVpr: false,
    seniorRetention: rng.uniform(0.4, 0.6),
  };
}

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
interface RegionalYear {
  egeRussian: number;
  egeMath: number;
  egeSocial: number;
  ogeRussian: number;
  ogeMath: number;
}

function regionalYears(years: readonly string[], rng: SeededRandom): RegionalYear[] {
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

function toReferences(years: readonly string[], regional: readonly RegionalYear[]): Reference[] {
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

function toSchool(p: Profile): School {
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

function schoolYearFacts(
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

/**
 * The support programme of the year after the last year of facts (identification on 2025/2026 results, support
 * in 2026/2027), after the roadmap of seed 002 and the working group's rules: dated measures, some done, some late,
 * and three meetings — one with a quorum, one without, one with a tie the chair decides.
 */
function supportProgramme(
  lastYear: string,
  planted: readonly Profile[],
): Pick<Dataset, "roadmap" | "meetings"> {
  const y = Number(lastYear.slice(5, 9));
  const next = y + 1;
  const at = (year: number, month: number, day: number) =>
    `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const listed = planted.filter(
    (p) => p.id === SAMPLE_SCHOOL_IDS.lowResults || p.id === SAMPLE_SCHOOL_IDS.resilient,
  );
  return {
    roadmap: [
      {
        id: "1.1",
        title:
          "Мониторинг образовательных результатов и внешних социальных условий, идентификация ШНОР и ШНСУ",
        from: at(y, 9, 1),
        to: at(y, 10, 31),
        responsible: "Отдел образования",
        expectedResult: "Перечень ШНОР и ШНСУ",
        done: at(y, 11, 5),
      },
      {
        id: "1.2",
        title: "Партнёрские договоры школ ШНОР и ШНСУ со школами-наставниками",
        from: at(y, 10, 1),
        to: at(y, 11, 30),
        responsible: "Руководители ОО",
        schoolIds: listed.map((p) => p.id),
      },
      {
        id: "2.1",
        title: "Школьные программы повышения качества образования (перехода в эффективный режим)",
        from: at(y, 10, 15),
        to: at(y, 12, 25),
        responsible: "Руководители ОО",
      },
      {
        id: "2.2",
        title: "Адресные КПК учителей по итогам диагностики профессиональных дефицитов",
        from: at(next, 1, 12),
        to: at(next, 4, 30),
        responsible: "ИМЦ",
      },
      {
        id: "2.3",
        title: "Методический семинар по критериям оценивания ВПР",
        from: at(next, 2, 2),
        to: at(next, 3, 13),
        responsible: "ИМЦ",
      },
      {
        id: "3.1",
        title: "Итоговый мониторинг, анализ динамики, отчёт рабочей группы",
        from: at(next, 5, 4),
        to: at(next, 6, 30),
        responsible: "Муниципальный координатор",
      },
    ],
    meetings: [
      {
        date: at(y, 9, 18),
        members: 9,
        present: 7,
        chairPresent: true,
        decisions: [{ title: "Утвердить дорожную карту на учебный год", for: 7, against: 0 }],
      },
      {
        date: at(y, 10, 29),
        members: 9,
        present: 4,
        chairPresent: true,
        decisions: [{ title: "Утвердить пары школ и наставников", for: 4, against: 0 }],
      },
      {
        date: at(y, 11, 12),
        members: 9,
        present: 6,
        chairPresent: true,
        decisions: [
          { title: "Утвердить пары школ и наставников", for: 6, against: 0 },
          { title: "Перенести итоговый мониторинг на июнь", for: 3, against: 3, chairVotedFor: false },
        ],
      },
    ],
  };
}

/**
 * The coordinator's pins of the schools' partner agreements (`Profile.partner`), for the partners that are in the
 * registry; none when there are none, so a small sample carries no empty list.
 */
function partnerPins(profiles: readonly Profile[]): Pick<Dataset, "pins"> {
  const ids = new Set(profiles.map((p) => p.id));
  const pins: NonNullable<Dataset["pins"]> = [];
  for (const p of profiles) {
    if (p.partner !== undefined && ids.has(p.partner)) pins.push({ menteeId: p.id, mentorId: p.partner });
  }
  return pins.length > 0 ? { pins } : {};
}

/** `2025/2026`, 3 → `["2023/2024", "2024/2025", "2025/2026"]`. */
function yearsEnding(lastYear: string, count: number): string[] {
  const match = /^(\d{4})\/(\d{4})$/.exec(lastYear);
  const last = match ? Number(match[1]) : Number.NaN;
  if (!match || Number(match[2]) !== last + 1)
    throw new RangeError(`lastYear: «${lastYear}» is not like 2025/2026`);
  return Array.from({ length: count }, (_, i) => {
    const start = last - (count - 1 - i);
    return `${start}/${start + 1}`;
  });
}

/** The sample territory before its facts are drawn: everything but `facts`, and a lazy sequence of them. */
export interface SampleTerritoryPlan {
  /** Dataset v1 without `facts`; keys in the order `generateSampleTerritory` writes them. */
  head: Omit<Dataset, "facts">;
  /** Draws the facts school by school, year by year; a large territory never has to sit in memory at once. */
  facts(): Generator<SchoolYearFacts>;
}

/**
 * Plans the synthetic territory: registry, references and a generator of facts. `generateSampleTerritory`
 * is this plan collected; writers of very large samples stream `facts()` instead. O(schools) up front.
 */
export function planSampleTerritory(options: SampleTerritoryOptions): SampleTerritoryPlan {
  const { schools: count, years: yearCount, seed } = options;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`schools: ${count} is not a positive integer`);
  if (!Number.isInteger(yearCount) || yearCount < 1)
    throw new RangeError(`years: ${yearCount} is not a positive integer`);
  const years = yearsEnding(options.lastYear ?? SAMPLE_DEFAULTS.lastYear, yearCount);
  const root = createRandom(seed);
  const regional = regionalYears(years, root);

  const counters = { urban: 0, rural: 0 };
  const plantedProfiles = planted();
  const profiles: Profile[] = [];
  for (let i = 0; i < count; i++) {
    profiles.push(plantedProfiles[i] ?? genericProfile(i, root.fork(i), counters));
  }

  return {
    head: {
      format: "shnor-dataset",
      version: 1,
      territory: { ...SAMPLE_TERRITORY },
      schools: profiles.map(toSchool),
      references: toReferences(years, regional),
      ...supportProgramme(years[years.length - 1] as string, profiles),
      ...partnerPins(profiles),
    },
    *facts() {
      for (let i = 0; i < profiles.length; i++) {
        const profile = profiles[i] as Profile;
        // A second fork of the same label: the facts' stream is independent of how the profile was drawn.
        const rng = root.fork(`facts:${i}`);
        for (let y = 0; y < years.length; y++) {
          yield schoolYearFacts(
            profile,
            years[y] as string,
            yearCount - 1 - y,
            regional[y] as RegionalYear,
            rng,
          );
        }
      }
    },
  };
}

/**
 * Generates a synthetic territory as Dataset v1 (it passes `parseDataset`). Schools draw their social facts
 * from a latent advantage s and their results from ability a = 0.6·s + effect + planted shift + N(0, 0.18²),
 * so worse conditions mean lower results, with noise. The planted schools of `SAMPLE_SCHOOL_IDS` come first.
 * Each school has its own random streams (forks of the seed by index), so a school's facts do not depend
 * on how many schools follow it. O(schools × years); 40,000 × 3 takes a few seconds.
 * @example generateSampleTerritory({ schools: 24, years: 3, seed: 2026 }).facts.length === 72
 */
export function generateSampleTerritory(options: SampleTerritoryOptions): Dataset {
  const plan = planSampleTerritory(options);
  const { format, version, territory, schools, references, roadmap, meetings, pins } = plan.head;
  const dataset: Dataset = { format, version, territory, schools, facts: [...plan.facts()] };
  if (references) dataset.references = references;
  if (roadmap) dataset.roadmap = roadmap;
  if (meetings) dataset.meetings = meetings;
  if (pins) dataset.pins = pins;
  return dataset;
}
