// The edge where a Dataset v1 file enters: JSON text or a value → a checked dataset and its settings, or Russian issues.

import { type Dataset, DatasetShapeSchema } from "./dataset.js";
import { datasetConsistencyIssues } from "./dataset-consistency.js";
import { type MethodologySettings, parseMethodologySettings } from "./methodology-settings.js";
import { issuesFromZod, type ParseResult } from "./validation-issue.js";

export interface CheckedDataset {
  dataset: Dataset;
  settings: MethodologySettings;
}

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
  const shape = DatasetShapeSchema.safeParse(input);
  if (!shape.success)
    return { success: false, error: { code: "invalid", issues: issuesFromZod(shape.error, input) } };
  const consistency = datasetConsistencyIssues(shape.data);
  const settings = parseMethodologySettings(shape.data.methodology);
  const issues = [...consistency, ...(settings.success ? [] : settings.error.issues)];
  if (issues.length > 0 || !settings.success) return { success: false, error: { code: "invalid", issues } };
  return { success: true, data: { dataset: shape.data, settings: settings.data } };
}

/** Parses JSON text first; a syntax error is reported as an issue too, never thrown. */
export function parseDatasetJson(text: string): ParseResult<CheckedDataset> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      success: false,
      error: { code: "invalid", issues: [{ path: "(файл)", message: `это не JSON: ${detail}` }] },
    };
  }
  return parseDataset(value);
}
