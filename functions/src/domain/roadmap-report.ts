// The roadmap, the monitoring calendar and the working group of a territory on one day, as Results carry them.
import type { Dataset } from "../contract/dataset.js";
import type { RoadmapReport } from "../contract/results.js";
import { type AsOf, monitoringStatus, territoryTimeZone } from "./academic-calendar.js";
import { roadmapStatus } from "./roadmap-status.js";
import { workingGroupStatus } from "./working-group.js";

/** Roadmap, monitoring calendar and working group on `asOf`, in the territory's time zone. */
export function roadmapReport(dataset: Dataset, asOf: AsOf): RoadmapReport {
  const zone = territoryTimeZone(dataset.territory);
  const roadmap = roadmapStatus(dataset.roadmap ?? [], asOf, zone);
  const group = workingGroupStatus(dataset.meetings ?? [], asOf, zone);
  return {
    asOf: roadmap.asOf,
    items: roadmap.items.map((i) => ({
      id: i.id,
      title: i.title,
      from: i.from,
      to: i.to,
      ...(i.responsible !== undefined ? { responsible: i.responsible } : {}),
      status: i.status,
      statusText: i.statusText,
    })),
    warnings: roadmap.warnings,
    monitoring: monitoringStatus(asOf, zone).map((w) => ({
      name: w.name,
      start: w.start,
      end: w.end,
      status: w.status,
      text: w.text,
    })),
    workingGroup: {
      meetings: group.meetings.map((m) => ({
        date: m.date,
        quorum: m.quorum,
        quorumText: m.quorumText,
        decisions: m.decisions.map((d) => ({ title: d.title, passed: d.passed, text: d.text })),
      })),
      quartersWithoutMeeting: group.quartersWithoutMeeting,
      warnings: group.warnings,
    },
  };
}
