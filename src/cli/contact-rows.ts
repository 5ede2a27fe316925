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

/** What a column of the CSV fills: a contact field, or an attribute. */
type Column = { field: string } | { attribute: string };

/** Known column names map to contact fields (any case, or an alias), `attributes.x` or any other to attributes. */
function columnOf(name: string): Column {
  const clean = name.trim();
  const alias = Object.hasOwn(ALIASES, clean.toLowerCase()) ? ALIASES[clean.toLowerCase()] : undefined;
  const known = CONTACT_FIELDS.find((f) => f.toLowerCase() === clean.toLowerCase()) ?? alias;
  return known ? { field: known } : { attribute: clean.replace(/^attributes\./, "") };
}

/** What is wrong with the header: attribute names objects have of their own, a missing id or email column. */
function headerProblems(columns: Column[]): RowProblem[] {
  const reserved = columns.flatMap((column) =>
    "attribute" in column && RESERVED_KEYS.has(column.attribute)
      ? [
          {
            line: 1,
            message: `"${column.attribute}" is a name JavaScript objects have of their own and cannot be an attribute: rename the column`,
          },
        ]
      : [],
  );
  const missing = ["id", "email"]
    .filter((needed) => !columns.some((c) => "field" in c && c.field === needed))
    .map((needed) => ({ line: 1, message: `the header has no "${needed}" column` }));
  return [...reserved, ...missing];
}

/** One row as a contact, or why it is not one. */
function rowContact(row: CsvRecord, columns: Column[]): { contact: ContactInput } | { problem: RowProblem } {
  if (row.fields.length !== columns.length) {
    const message = `${row.fields.length} columns where the header has ${columns.length}`;
    return { problem: { line: row.line, message } };
  }
  const raw: Record<string, unknown> = {};
  const attributes: Record<string, string> = {};
  row.fields.forEach((value, i) => {
    const column = columns[i]!;
    const trimmed = value.trim();
    if (trimmed === "") return;
    if ("field" in column) raw[column.field] = trimmed;
    else attributes[column.attribute] = trimmed;
  });
  if (Object.keys(attributes).length) raw.attributes = attributes;
  const parsed = ContactSchema.safeParse(raw);
  if (parsed.success) return { contact: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { problem: { line: row.line, message: `${issue.path.join(".") || "row"}: ${issue.message}` } };
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
  if (!header)
    return {
      contacts: [],
      problems: [{ line: 1, message: "the file is empty: it needs a header row with at least id and email" }],
    };
  const columns = header.fields.map(columnOf);
  const problems = headerProblems(columns);
  if (problems.length) return { contacts: [], problems };
  const contacts: Array<{ line: number; contact: ContactInput }> = [];
  const lineOf = new Map<string, number>();
  for (const row of rows) {
    const made = rowContact(row, columns);
    if ("problem" in made) problems.push(made.problem);
    else if (lineOf.has(made.contact.id)) {
      const message = `contact id '${made.contact.id}' already on line ${lineOf.get(made.contact.id)}`;
      problems.push({ line: row.line, message });
    } else {
      lineOf.set(made.contact.id, row.line);
      contacts.push({ line: row.line, contact: made.contact });
    }
  }
  return { contacts, problems };
}
