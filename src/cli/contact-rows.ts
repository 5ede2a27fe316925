import { RESERVED_KEYS } from "../adapters/http/body";
import {
  CONTACT_FIELDS,
  type ContactField,
  type ContactInput,
  ContactInput as ContactSchema,
} from "../core/language";
import type { CsvRecord } from "./csv";

const ALIASES: Record<string, ContactField> = {
  first_name: "firstName",
  firstname: "firstName",
  last_name: "lastName",
  lastname: "lastName",
  time_zone: "timezone",
  tz: "timezone",
  contact_id: "id",
  email_address: "email",
};

export interface RowProblem {
  line: number;
  message: string;
}

/**
 * Turns CSV records (the first is the header) into contacts. Known columns map to contact fields,
 * `attributes.x` or any other column to attributes; a row that does not make a valid contact is
 * reported by its line and left out, the others go through.
 */
export function contactsFromCsv(records: CsvRecord[]): {
  contacts: Array<{ line: number; contact: ContactInput }>;
  problems: RowProblem[];
} {
  const [header, ...rows] = records;
  const problems: RowProblem[] = [];
  if (!header)
    return {
      contacts: [],
      problems: [{ line: 1, message: "the file is empty: it needs a header row with at least id and email" }],
    };
  type Column = { field: string } | { attribute: string };
  const columns: Column[] = header.fields.map((name) => {
    const clean = name.trim();
    const alias = Object.hasOwn(ALIASES, clean.toLowerCase()) ? ALIASES[clean.toLowerCase()] : undefined;
    const known = CONTACT_FIELDS.find((f) => f.toLowerCase() === clean.toLowerCase()) ?? alias;
    return known ? { field: known } : { attribute: clean.replace(/^attributes\./, "") };
  });
  for (const column of columns) {
    if ("attribute" in column && RESERVED_KEYS.has(column.attribute))
      problems.push({
        line: 1,
        message: `"${column.attribute}" is a name JavaScript objects have of their own and cannot be an attribute: rename the column`,
      });
  }
  for (const needed of ["id", "email"]) {
    if (!columns.some((c) => "field" in c && c.field === needed))
      problems.push({ line: 1, message: `the header has no "${needed}" column` });
  }
  if (problems.length) return { contacts: [], problems };
  const contacts: Array<{ line: number; contact: ContactInput }> = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length !== columns.length) {
      problems.push({
        line: row.line,
        message: `${row.fields.length} columns where the header has ${columns.length}`,
      });
      continue;
    }
    const raw: Record<string, unknown> = {};
    const attributes: Record<string, string> = {};
    row.fields.forEach((value, i) => {
      const column = columns[i]!;
      const v = value.trim();
      if (v === "") return;
      if ("field" in column) raw[column.field] = v;
      else attributes[column.attribute] = v;
    });
    if (Object.keys(attributes).length) raw.attributes = attributes;
    const parsed = ContactSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push({ line: row.line, message: `${issue.path.join(".") || "row"}: ${issue.message}` });
      continue;
    }
    const earlier = seen.get(parsed.data.id);
    if (earlier !== undefined) {
      problems.push({ line: row.line, message: `contact id '${parsed.data.id}' already on line ${earlier}` });
      continue;
    }
    seen.set(parsed.data.id, row.line);
    contacts.push({ line: row.line, contact: parsed.data });
  }
  return { contacts, problems };
}
