import { closest } from "../suggest";
import { abbreviationMeanings } from "./time-zone-abbreviations";

/**
 * Time zones are IANA region/city names ("Europe/Berlin", "America/Argentina/Buenos_Aires") or UTC
 * ("UTC", "Etc/UTC", "Etc/GMT"). Refused, each with a sentence of its own: abbreviations (BST is
 * Europe/London and Asia/Dhaka; the runtime would pick one), fixed offsets ("UTC+1", "Etc/GMT-1":
 * no daylight saving), old aliases ("US/Eastern", "Japan", "EST5EDT") and names in the wrong case,
 * which Intl would accept. An older alias still written as a region/city ("Asia/Calcutta",
 * "Europe/Kiev") is accepted: it is the same zone, and IANA keeps it.
 */
const AREAS = [
  "Africa",
  "America",
  "Antarctica",
  "Arctic",
  "Asia",
  "Atlantic",
  "Australia",
  "Europe",
  "Indian",
  "Pacific",
];
const REGION_CITY = new RegExp(`^(?:${AREAS.join("|")})(?:/[A-Z][A-Za-z0-9_+\\-]*)+$`);
const UTC_NAMES = new Set(["UTC", "Etc/UTC", "Etc/GMT"]);
const OFFSET = /^(?:(?:UTC|GMT|Z)\s*)?[+\-−]\s*\d{1,2}(?::?\d{2})?$/i;
const ETC_OFFSET = /^Etc\/GMT([+-])(\d{1,2})$/i;
const EXAMPLES = '"America/New_York", "Europe/Berlin" or "UTC"';

/** The zone Intl reads a name as, or undefined when it knows no such zone. */
function resolved(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const known = new Map<string, boolean>();

/** True when `name` is an IANA region/city zone or UTC that this runtime knows. */
export function isTimeZone(name: string): boolean {
  let ok = known.get(name);
  if (ok === undefined) {
    ok = UTC_NAMES.has(name) || (REGION_CITY.test(name) && resolved(name) !== undefined);
    known.set(name, ok);
  }
  return ok;
}

let zoneList: string[] | undefined;
/** The region/city zones this runtime lists, for suggestions. */
function zones(): string[] {
  zoneList ??= Intl.supportedValuesOf("timeZone").filter((zone) => REGION_CITY.test(zone));
  return zoneList;
}

/** "europe/berlin" → "Europe/Berlin"; "America/New York" → "America/New_York"; else undefined. */
function spelledRight(name: string): string | undefined {
  const underscored = name.trim().replace(/\s+/g, "_");
  const capitalised = underscored.replace(
    /(^|[/_])([a-z])/g,
    (_, before: string, c: string) => before + c.toUpperCase(),
  );
  return [underscored, capitalised].find((candidate) => candidate !== name && isTimeZone(candidate));
}

/** A zone whose city is `name` ("Berlin", "new york"), or the zone closest to a misspelling. */
function lookedUp(name: string): string[] {
  const city = name.trim().replace(/\s+/g, "_").toLowerCase();
  const byCity = zones().filter((zone) => zone.split("/").at(-1)!.toLowerCase() === city);
  if (byCity.length) return byCity.slice(0, 3);
  const near = name.includes("/") ? closest(name, zones()) : undefined;
  return near ? [near] : [];
}

const quoted = (zones: readonly string[]) =>
  zones.length <= 1
    ? `"${zones[0]}"`
    : `${zones
        .slice(0, -1)
        .map((z) => `"${z}"`)
        .join(", ")} or "${zones.at(-1)}"`;

/** Why `name` is not a time zone, in a sentence that names the IANA zone(s) meant; undefined when it is one. */
export function timeZoneProblem(name: string): string | undefined {
  if (isTimeZone(name)) return undefined;
  const meanings = abbreviationMeanings(name);
  if (meanings) {
    const list = meanings.map((m) => `"${m.zone}" (${m.meaning})`);
    const options = list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} or ${list.at(-1)}`;
    return `"${name}" is an abbreviation, not a time zone: it may mean ${options}; write the IANA name of the place`;
  }
  const etc = ETC_OFFSET.exec(name.trim());
  if (etc || OFFSET.test(name.trim())) {
    const inverted = etc ? ` (it means UTC${etc[1] === "+" ? "−" : "+"}${etc[2]}: the sign is inverted)` : "";
    return `"${name}" is a fixed offset${inverted}, which ignores daylight saving: write the IANA name of the place, like "Europe/Berlin" or "America/New_York"`;
  }
  const zone = resolved(name);
  if (zone === "UTC" || zone === "Etc/UTC" || zone === "Etc/GMT")
    return `"${name}" is another name for UTC: write "UTC"`;
  const fixed = spelledRight(name);
  if (fixed) return `"${name}" is not written as IANA writes it: write "${fixed}"`;
  if (zone && isTimeZone(zone)) return `"${name}" is an old alias, not a region/city name: write "${zone}"`;
  const found = lookedUp(name);
  if (found.length) return `"${name}" is not a time zone: did you mean ${quoted(found)}?`;
  return `"${name}" is not a time zone: use an IANA name such as ${EXAMPLES}`;
}
