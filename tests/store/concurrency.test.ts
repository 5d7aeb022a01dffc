// 20 submissions for one territory at once end with the same facts as the same 20 one after another.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { openStore } from "../../functions/src/store/open-store.js";
import { shardOf } from "../../functions/src/store/stored-documents.js";
import { openTestStore, type TestStore } from "../support/emulator.js";
import { sampleDataset, seedTerritory, submitPatch } from "./store-fixture.js";

let t: TestStore;
const year = "2025/2026";
const template = sampleDataset("template", 12);

/**
 * Twenty responses that collide on purpose: ten anonymous teacher self-diagnoses of one school (their
 * tallies must add up, so a lost update shows as a smaller count), and ten section forms of three schools
 * that share the first school's shard where possible.
 */
function burst(): { patch: SchoolYearFacts; responseId: string; formId: string }[] {
  const [a, b, c] = template.schools;
  if (a === undefined || b === undefined || c === undefined) throw new Error("sample too small");
  const out: { patch: SchoolYearFacts; responseId: string; formId: string }[] = [];
  for (let i = 0; i < 10; i++) {
    out.push({
      formId: "form-selfdiagnosis",
      responseId: `teacher-${i}`,
      patch: {
        schoolId: a.id,
        year,
        selfDiagnosis: {
          respondents: 1,
          deficits: i % 2 === 0 ? { assessment: 1 } : { motivation: 1, assessment: 1 },
        },
      },
    });
  }
  const sections: ((id: string) => SchoolYearFacts)[] = [
    (id) => ({ schoolId: id, year, social: { students: 300, singleParentFamilies: 40 } }),
    (id) => ({ schoolId: id, year, staff: { teachers: 25, vacancies: 1 } }),
    (id) => ({ schoolId: id, year, ege: [{ subject: "russian", participants: 20, meanScore: 66.5 }] }),
    (id) => ({ schoolId: id, year, graduates11: 22, noCertificate11: 0 }),
  ];
  let n = 0;
  for (const school of [a, b, c]) {
    for (const section of sections) {
      if (n === 10) break;
      out.push({ formId: `form-section-${n % 4}`, responseId: `section-${n}`, patch: section(school.id) });
      n++;
    }
  }
  return out;
}

async function run(territoryId: string, concurrent: boolean) {
  const dataset = { ...template, territory: { ...template.territory, id: territoryId }, facts: [] };
  await seedTerritory(t.store, dataset);
  const submissions = burst().map(
    (s, i) => () =>
      submitPatch(t.store.submissions, s.patch, {
        territoryId,
        formId: s.formId,
        responseId: s.responseId,
        submittedAt: new Date(Date.UTC(2026, 2, 1, 10, 0, i)).toISOString(),
      }),
  );
  const outcomes = concurrent
    ? await Promise.all(submissions.map((submit) => submit()))
    : await submissions.reduce(
        async (done, submit) => [...(await done), await submit()],
        Promise.resolve([] as Awaited<ReturnType<(typeof submissions)[number]>>[]),
      );
  const loaded = await t.store.territories.loadDataset(territoryId);
  if (!loaded.success) throw new Error(loaded.error.code);
  return { outcomes, facts: loaded.data.dataset.facts, factsVersion: loaded.data.factsVersion };
}

beforeAll(() => {
  t = openTestStore("concurrency");
});
afterAll(async () => {
  await t.close();
});

describe("concurrent submissions", () => {
  it("end with the same facts as the same submissions in sequence", async () => {
    const sequential = await run("sequential", false);
    const concurrent = await run("concurrent", true);
    expect(concurrent.outcomes.every((o) => o.status === "accepted" && o.replay === "new")).toBe(true);
    expect(concurrent.facts).toEqual(sequential.facts);
    // ten anonymous answers for one school: none of them lost
    const tally = concurrent.facts.find((f) => f.schoolId === template.schools[0]?.id)?.selfDiagnosis;
    expect(tally).toEqual({ respondents: 10, deficits: { assessment: 10, motivation: 5 } });
    // the registry sync, then every one of the 20 submissions marked the territory changed
    expect(concurrent.factsVersion).toBe(21);
    expect(sequential.factsVersion).toBe(21);
  });

  it("two function instances submitting at once lose none of each other's changes", async () => {
    const territoryId = "two-instances";
    const dataset = { ...template, territory: { ...template.territory, id: territoryId }, facts: [] };
    await seedTerritory(t.store, dataset);
    const other = openStore({ projectId: t.projectId, firestoreEmulatorHost: t.host });
    // schools in different shards: the instances contend only on the territory's change marker
    const seen = new Set<number>();
    const schools = dataset.schools.filter((s) => {
      const shard = shardOf(s.id);
      if (seen.has(shard)) return false;
      seen.add(shard);
      return true;
    });
    expect(schools.length).toBeGreaterThanOrEqual(8);
    try {
      const outcomes = await Promise.all(
        schools.map((school, i) =>
          submitPatch(
            (i % 2 === 0 ? t.store : other).submissions,
            {
              schoolId: school.id,
              year,
              staff: { teachers: 20 + i },
            },
            {
              territoryId,
              formId: "form-staff",
              responseId: `staff-${i}`,
              submittedAt: "2026-03-01T10:00:00Z",
            },
          ),
        ),
      );
      expect(outcomes.every((o) => o.status === "accepted")).toBe(true);
      const loaded = await t.store.territories.loadDataset(territoryId);
      if (!loaded.success) throw new Error(loaded.error.code);
      expect(loaded.data.dataset.facts.map((f) => f.staff?.teachers).sort()).toEqual(
        schools.map((_, i) => 20 + i).sort(),
      );
      expect(loaded.data.factsVersion).toBe(1 + schools.length);
    } finally {
      await other.close();
    }
  });
});
