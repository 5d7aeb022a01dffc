// The latent description of a sample school that every fact is drawn from, and the sample's fixed places.
import type { MissingSpecialist, SchoolKind } from "../contract/dataset.js";

export const CENTRE = { lat: 54.62, lon: 52.47 };
export const EMAIL_DOMAIN = "edu-obraztsovsk.example";

/** Latent description of a school; every fact is drawn from it. */
export interface Profile {
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

export const ALL_SPECIALISTS: MissingSpecialist[] = [
  "psychologist",
  "speechTherapist",
  "defectologist",
  "socialPedagogue",
  "additionalEducation",
];

export const steady = (): number => 0;
