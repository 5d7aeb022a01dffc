// The coordinator's sheet as the http tests play it: calls with the ID token and the territory filled in — post, read, sync tabs, publish, read the results back.
import { expect } from "vitest";
import type { Dataset, Meeting } from "../../../functions/src/contract/dataset.js";
import type { Results } from "../../../functions/src/contract/results.js";
import { coordinatorTabs } from "../../../functions/src/sample/sample-submissions.js";
import { type ApiHarness, bearer, COORDINATOR, TERRITORY } from "../api-fixture.js";

/**
 * The calls the sheet's script makes, as the coordinator (or `as`) of the fixture territory. `api` is read at
 * each call, so the helpers can be made before `beforeAll` starts the function.
 */
export function sheetCalls(api: () => ApiHarness) {
  /** POST `body` as it is (a form's envelope, or a body that names its own territory). */
  const send = (path: string, body: object, as = COORDINATOR) =>
    api().request.post(path).set("Authorization", bearer(as)).send(body);
  /** POST `{territoryId, ...body}`: what every coordinator route takes. */
  const post = (path: string, body: object = {}, as = COORDINATOR) =>
    send(path, { territoryId: TERRITORY, ...body }, as);
  /** GET `path?territoryId=…&query`. */
  const get = (path: string, query = "") =>
    api()
      .request.get(`${path}?territoryId=${TERRITORY}${query === "" ? "" : `&${query}`}`)
      .set("Authorization", bearer());
  return {
    send,
    post,
    get,
    /** «Синхронизировать данные» with these tabs; answered 200 whatever their rows (row errors are in the body). */
    async sync(tabs: Record<string, unknown>) {
      const response = await post("/sync", { tabs });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response;
    },
    /**
     * The sample's tabs with «Рабочая группа» holding these meetings (and `dataset`'s settings, the sample's by
     * default), synced without a row error.
     */
    async meetings(meetings: Meeting[], dataset: Dataset = api().dataset) {
      const response = await this.sync(coordinatorTabs({ ...dataset, meetings }));
      expect(response.body.errors).toEqual([]);
    },
    /** «Пересчитать»: computes and publishes now. */
    async publish() {
      const response = await post("/recalculate");
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    },
    /** The stored results, as GET /results gives them. */
    async results(): Promise<Results> {
      const response = await get("/results");
      expect(response.status).toBe(200);
      return response.body as Results;
    },
  };
}
