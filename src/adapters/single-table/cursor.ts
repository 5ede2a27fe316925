/**
 * Page cursors of GSI1 lists: the keys of the last item of a page, base64url JSON. Opaque to
 * callers; both stores make and read them the same way, and refuse one they did not make (a 400,
 * never a DynamoDB ValidationException).
 */
import { InvalidCursorError } from "../../core/errors";

/** Where a page of a GSI1 list ended: the item's table and index keys. */
export interface IndexPosition {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
}

const FIELDS = ["pk", "sk", "gsi1pk", "gsi1sk"] as const;

export function encodeCursor(position: IndexPosition): string {
  const ordered = Object.fromEntries(FIELDS.map((f) => [f, position[f]]));
  return Buffer.from(JSON.stringify(ordered), "utf8").toString("base64url");
}

/** The position in `cursor`, which must be of the list of `partition` whose sort keys start with `prefix`. */
export function decodeCursor(cursor: string, partition: string, prefix = ""): IndexPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InvalidCursorError();
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const wellFormed =
    keys.length === FIELDS.length && FIELDS.every((f) => typeof record[f] === "string" && record[f] !== "");
  if (!wellFormed) throw new InvalidCursorError();
  const position = record as unknown as IndexPosition;
  if (position.gsi1pk !== partition || !position.gsi1sk.startsWith(prefix))
    throw new InvalidCursorError("the cursor belongs to another list");
  return position;
}
