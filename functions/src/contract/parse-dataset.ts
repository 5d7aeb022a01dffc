// The edge where a Dataset v1 file enters: JSON text or a value → a checked dataset and its settings, or Russian issues.

import { z } from "zod";
import { type Dataset, DatasetShapeSchema, type SchoolYearFacts } from "./dataset.js";
import { datasetConsistencyIssues } from "./dataset-consistency.js";
import { DatasetJsonReader, parseJsonBytes } from "./dataset-json.js";
import { validateFacts } from "./facts-validator.js";
import { type MethodologySettings, parseMethodologySettings } from "./methodology-settings.js";
import { issuesFromZod, type ParseResult } from "./validation-issue.js";

export interface CheckedDataset {
  dataset: Dataset;
  settings: MethodologySettings;
}

const DatasetWithoutFacts = DatasetShapeSchema.extend({ facts: z.array(z.never()) });

/** Validates a parsed JSON value as Dataset v1: shape, cross-field rules, then methodology overrides. */
export function parseDataset(input: unknown): ParseResult<CheckedDataset> {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return {
      success: false,
      error: {
        code: "invalid",
        issues: [{ path: "(корень)", message: "ожидается объект набора данных (format: shnor-dataset)" }],
      },
    };
  }
  const header = input as { format?: unknown; version?: unknown };
  if (header.format !== "shnor-dataset") {
    return {
      success: false,
      error: {
        code: "invalid",
        issues: [
          { path: "format", message: `${JSON.stringify(header.format ?? null)} — ожидается "shnor-dataset"` },
        ],
      },
    };
  }
  if (header.version !== 1) {
    return {
      success: false,
      error: {
        code: "invalid",
        issues: [
          { path: "version", message: `${JSON.stringify(header.version ?? null)} — поддерживается версия 1` },
        ],
      },
    };
  }
  // Facts are most of a large file: they are checked one by one and kept as they came (no copy), the rest by zod.
  const rawFacts = (input as { facts?: unknown }).facts;
  const shape = DatasetWithoutFacts.safeParse({ ...input, facts: [] });
  const factIssues = Array.isArray(rawFacts)
    ? validateFacts(rawFacts)
    : [{ path: "facts", message: "ожидается список записей о школах (facts: [...])" }];
  if (!shape.success || factIssues.length > 0) {
    // Report bad settings together with bad facts, so one round of corrections fixes the file.
    const methodology = (input as { methodology?: unknown }).methodology;
    const settings = parseMethodologySettings(methodology);
    const settingsIssues = settings.success || typeof methodology !== "object" ? [] : settings.error.issues;
    const shapeIssues = shape.success ? [] : issuesFromZod(shape.error, input);
    return {
      success: false,
      error: { code: "invalid", issues: [...shapeIssues, ...factIssues, ...settingsIssues] },
    };
  }
  const dataset: Dataset = { ...shape.data, facts: rawFacts as SchoolYearFacts[] };
  const consistency = datasetConsistencyIssues(dataset);
  const settings = parseMethodologySettings(dataset.methodology);
  const issues = [...consistency, ...(settings.success ? [] : settings.error.issues)];
  if (issues.length > 0 || !settings.success) return { success: false, error: { code: "invalid", issues } };
  return { success: true, data: { dataset, settings: settings.data } };
}

/**
 * Parses JSON first (text; or the file's UTF-8 bytes, or a reader that parsed them as they were read, which a
 * large file parses faster and in less memory: see dataset-json.ts); a syntax error is reported as an issue too,
 * never thrown.
 */
export function parseDatasetJson(json: string | Uint8Array | DatasetJsonReader): ParseResult<CheckedDataset> {
  let value: unknown;
  try {
    value =
      typeof json === "string"
        ? JSON.parse(json)
        : json instanceof DatasetJsonReader
          ? json.finish()
          : parseJsonBytes(json);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      success: false,
      error: { code: "invalid", issues: [{ path: "(файл)", message: `это не JSON: ${detail}` }] },
    };
  }
  return parseDataset(value);
}
