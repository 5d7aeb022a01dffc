// The sample's schools: the planted ones a coordinator recognises, then generic urban and rural schools drawn from the seed.
import type { MissingSpecialist, SchoolKind } from "../contract/dataset.js";
import { ALL_SPECIALISTS, type Profile, steady } from "./sample-profile.js";
import type { SeededRandom } from "./seeded-random.js";

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

export function planted(): Profile[] {
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

export function genericProfile(
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
