// Made-up Russian full names for synthetic per-participant files: the columns the importer must never read.
import type { SeededRandom } from "./seeded-random.js";

const SURNAMES = [
  "Иванов",
  "Смирнов",
  "Кузнецов",
  "Попов",
  "Васильев",
  "Петров",
  "Соколов",
  "Михайлов",
  "Новиков",
  "Фёдоров",
  "Морозов",
  "Волков",
  "Алексеев",
  "Лебедев",
  "Семёнов",
  "Егоров",
];
const MALE = [
  "Александр",
  "Максим",
  "Иван",
  "Артём",
  "Дмитрий",
  "Никита",
  "Михаил",
  "Даниил",
  "Егор",
  "Андрей",
];
const FEMALE = [
  "Анастасия",
  "Мария",
  "Анна",
  "Виктория",
  "Екатерина",
  "Наталья",
  "Марина",
  "Полина",
  "София",
  "Дарья",
];
const PATRONYMIC_ROOTS = [
  "Александров",
  "Сергеев",
  "Андреев",
  "Владимиров",
  "Николаев",
  "Алексеев",
  "Иванов",
  "Дмитриев",
];

/** A full name and sex drawn from the stream: «Петрова Анна Сергеевна», «Ж». */
export function personName(rng: SeededRandom): { name: string; sex: "М" | "Ж" } {
  const female = rng.chance(0.5);
  const surname = rng.pick(SURNAMES);
  const root = rng.pick(PATRONYMIC_ROOTS);
  return female
    ? { name: `${surname}а ${rng.pick(FEMALE)} ${root}на`, sex: "Ж" }
    : { name: `${surname} ${rng.pick(MALE)} ${root}ич`, sex: "М" };
}
