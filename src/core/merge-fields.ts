import { CONTACT_FIELDS } from "./language/contact";
/**
 * The merge fields a template, subject or message may use (campaign language, "Contacts and templates").
 * `contact.attributes.*` is open: any attribute path is allowed.
 */
export const MERGE_FIELDS: Readonly<Record<string, readonly string[] | "leaf">> = {
  contact: [...CONTACT_FIELDS, "attributes"],
  owner: ["id", "name", "email", "slackUser", "timezone"],
  campaign: ["id", "name"],
  settings: ["organization", "postalAddress"],
  unsubscribeUrl: "leaf",
};

/** Every allowed name spelled out, for "did you mean" hints: "contact.firstName", "unsubscribeUrl". */
export const MERGE_FIELD_NAMES: readonly string[] = Object.entries(MERGE_FIELDS).flatMap(([root, fields]) =>
  fields === "leaf" ? [root] : fields.map((field) => `${root}.${field}`),
);

/** True when a merge field path (["contact", "firstName"]) is one of the allowed names. */
export function isMergeField(path: ReadonlyArray<string | number>): boolean {
  const [root, field] = path;
  const fields = MERGE_FIELDS[String(root)];
  if (fields === undefined) return false;
  if (fields === "leaf") return path.length === 1;
  if (field === undefined) return false;
  if (root === "contact" && field === "attributes") return true;
  return fields.includes(String(field)) && path.length === 2;
}
