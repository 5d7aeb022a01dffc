// Matching a file's schools to the registry: codes first, then an unambiguous name; suggestions for the rest.
import { describe, expect, it } from "vitest";
import { nameSimilarity, SchoolMatcher, schoolNameKey } from "../../functions/src/import/school-matching.js";
import { REGISTRY } from "./support/import-fixture.js";

describe("school matching", () => {
  it("reduces a name to what tells schools apart", () => {
    expect(schoolNameKey("МБОУ «СОШ № 5»")).toBe("сош №5");
    expect(schoolNameKey("сош №5")).toBe("сош №5");
    expect(schoolNameKey('МАОУ "Лицей №7"')).toBe(schoolNameKey("Лицей № 7"));
  });

  it("matches by the other system's code, the registry code, then a unique name", () => {
    const fisOko = new SchoolMatcher(REGISTRY, "fisOko");
    expect(fisOko.match("EDU100002", undefined)).toEqual({ schoolId: "sch-2", by: "externalId" });
    expect(fisOko.match("sosnovka", undefined)).toEqual({ schoolId: "sosnovka", by: "id" });
    expect(fisOko.match("edu5", "Лицей № 7")).toEqual({ schoolId: "lyceum", by: "name" });
    expect(fisOko.match("500001", undefined)).toBeUndefined();
    expect(new SchoolMatcher(REGISTRY, "gia").match("500001", undefined)).toEqual({
      schoolId: "sch-1",
      by: "externalId",
    });
  });

  it("never matches a name two registry schools share", () => {
    const twins = [...REGISTRY, { id: "sch-1b", name: "МКОУ СОШ №1" }];
    expect(new SchoolMatcher(twins, "fisOko").match(undefined, "СОШ № 1")).toBeUndefined();
  });

  it("suggests the closest registry names, best first", () => {
    const matcher = new SchoolMatcher(REGISTRY, "fisOko");
    expect(matcher.suggest("МБОУ Сосновская СОШ").map((s) => s.schoolId)[0]).toBe("sosnovka");
    expect(nameSimilarity("сош №1", "сош №1")).toBe(1);
    expect(nameSimilarity("сосновская оош", "лицей №7")).toBeLessThan(0.3);
  });
});
