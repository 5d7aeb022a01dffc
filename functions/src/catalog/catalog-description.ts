// The catalog as plain JSON (forms with their questions, coordinator tabs with their columns) for GET /catalog and Apps Script.
import {
  type AllowedValue,
  COORDINATOR_TABS,
  type ColumnType,
  type CoordinatorTabKind,
} from "./coordinator-tabs.js";
import { CATALOG_VERSION, type FieldType, FORMS, type FormKind } from "./form-catalog.js";

export interface FieldDescription {
  key: string;
  title: string;
  help: string;
  type: FieldType;
  required: boolean;
  min?: number;
  max?: number;
  options?: { value: string; label: string }[];
  datasetPath: string;
  /** Title of the form section (a page of the Google Form) the question is on. */
  section: string;
}

export interface FormDescription {
  kind: FormKind;
  title: string;
  description: string;
  /** No e-mail is collected; answers are only kept as per-school tallies. */
  anonymous: boolean;
  /** The answers are a record of their own (the objection form), not facts. */
  record?: true;
  sections: { title: string; description: string }[];
  fields: FieldDescription[];
}

export interface ColumnDescription {
  header: string;
  key: string;
  type: ColumnType;
  required: boolean;
  note: string;
  allowed?: AllowedValue[];
  min?: number;
  max?: number;
}

export interface TabDescription {
  kind: CoordinatorTabKind;
  name: string;
  description: string;
  columns: ColumnDescription[];
}

export interface CatalogDescription {
  catalogVersion: string;
  /** How a «school» question's options are written; answers are read back by the code in brackets. */
  schoolOptionFormat: string;
  forms: FormDescription[];
  coordinatorTabs: TabDescription[];
}

/**
 * Everything a client needs to build valid requests: every form question (key, Russian title and help,
 * type, range, required, options) and every coordinator tab column (Russian header, key, type). Plain JSON:
 * no undefined members, no functions; `JSON.parse(JSON.stringify(x))` gives `x` back.
 */
export function describeCatalog(): CatalogDescription {
  return {
    catalogVersion: CATALOG_VERSION,
    schoolOptionFormat: "Наименование [код школы]",
    forms: FORMS.map((form) => ({
      kind: form.kind,
      title: form.title,
      description: form.description,
      anonymous: form.anonymous,
      ...(form.record === true ? { record: true as const } : {}),
      sections: form.sections.map((s) => ({ title: s.title, description: s.description })),
      fields: form.sections.flatMap((section) =>
        section.fields.map((field) => {
          const out: FieldDescription = {
            key: field.key,
            title: field.title,
            help: field.help,
            type: field.type,
            required: field.required,
            datasetPath: field.datasetPath,
            section: section.title,
          };
          if (field.min !== undefined) out.min = field.min;
          if (field.max !== undefined) out.max = field.max;
          if (field.options) out.options = field.options.map((o) => ({ value: o.value, label: o.label }));
          return out;
        }),
      ),
    })),
    coordinatorTabs: COORDINATOR_TABS.map((tab) => ({
      kind: tab.kind,
      name: tab.name,
      description: tab.description,
      columns: tab.columns.map((column) => {
        const out: ColumnDescription = {
          header: column.header,
          key: column.key,
          type: column.type,
          required: column.required,
          note: column.note,
        };
        if (column.allowed) out.allowed = column.allowed.map((a) => ({ value: a.value, label: a.label }));
        if (column.min !== undefined) out.min = column.min;
        if (column.max !== undefined) out.max = column.max;
        return out;
      }),
    })),
  };
}
