/**
 * Time-zone abbreviations and names people write instead of an IANA zone, with the IANA zones each
 * may mean. An abbreviation names no single zone ("BST" is British Summer Time and Bangladesh
 * Standard Time; "IST" is India, Ireland and Israel), and runtimes resolve some of them to a
 * surprising place (BST → Asia/Dhaka, EST → a fixed UTC−5), so the language refuses them and the
 * message lists these zones. Keys are upper case with single spaces.
 */
export interface ZoneMeaning {
  zone: string;
  meaning: string;
}

const US_EASTERN = { zone: "America/New_York", meaning: "US Eastern Time" };
const CANADA_EASTERN = { zone: "America/Toronto", meaning: "Canada Eastern Time" };
const US_CENTRAL = { zone: "America/Chicago", meaning: "US Central Time" };
const US_MOUNTAIN = { zone: "America/Denver", meaning: "US Mountain Time" };
const ARIZONA = { zone: "America/Phoenix", meaning: "Arizona, no daylight saving" };
const US_PACIFIC = { zone: "America/Los_Angeles", meaning: "US Pacific Time" };
const UK = { zone: "Europe/London", meaning: "UK time: GMT in winter, BST in summer" };
const CENTRAL_EUROPE = [
  { zone: "Europe/Berlin", meaning: "Central European Time" },
  { zone: "Europe/Paris", meaning: "Central European Time" },
  { zone: "Europe/Madrid", meaning: "Central European Time" },
];
const EASTERN_EUROPE = [
  { zone: "Europe/Athens", meaning: "Eastern European Time" },
  { zone: "Europe/Bucharest", meaning: "Eastern European Time" },
  { zone: "Europe/Helsinki", meaning: "Eastern European Time" },
];
const AUSTRALIA_EASTERN = [
  { zone: "Australia/Sydney", meaning: "Australian Eastern Time" },
  { zone: "Australia/Melbourne", meaning: "Australian Eastern Time" },
  { zone: "Australia/Brisbane", meaning: "Queensland, no daylight saving" },
];
const AUSTRALIA_CENTRAL = [
  { zone: "Australia/Adelaide", meaning: "Australian Central Time" },
  { zone: "Australia/Darwin", meaning: "Northern Territory, no daylight saving" },
];
const one = (zone: string, meaning: string): ZoneMeaning[] => [{ zone, meaning }];

export const ZONE_ABBREVIATIONS: Readonly<Record<string, readonly ZoneMeaning[]>> = {
  EST: [US_EASTERN, CANADA_EASTERN],
  EDT: [US_EASTERN, CANADA_EASTERN],
  ET: [US_EASTERN, CANADA_EASTERN],
  "EASTERN TIME": [US_EASTERN, CANADA_EASTERN],
  CST: [
    US_CENTRAL,
    { zone: "America/Mexico_City", meaning: "Mexico Central Time" },
    { zone: "Asia/Shanghai", meaning: "China Standard Time" },
    { zone: "America/Havana", meaning: "Cuba Standard Time" },
  ],
  CDT: [US_CENTRAL, { zone: "America/Havana", meaning: "Cuba Daylight Time" }],
  CT: [US_CENTRAL],
  "CENTRAL TIME": [US_CENTRAL],
  MST: [US_MOUNTAIN, ARIZONA],
  MDT: [US_MOUNTAIN],
  MT: [US_MOUNTAIN, ARIZONA],
  "MOUNTAIN TIME": [US_MOUNTAIN, ARIZONA],
  PST: [US_PACIFIC, { zone: "Asia/Manila", meaning: "Philippine Standard Time" }],
  PDT: [US_PACIFIC],
  PT: [US_PACIFIC],
  "PACIFIC TIME": [US_PACIFIC],
  AKST: one("America/Anchorage", "Alaska Time"),
  AKDT: one("America/Anchorage", "Alaska Time"),
  HST: one("Pacific/Honolulu", "Hawaii, no daylight saving"),
  AST: [
    { zone: "America/Halifax", meaning: "Atlantic Time" },
    { zone: "America/Puerto_Rico", meaning: "Atlantic Standard Time, no daylight saving" },
    { zone: "Asia/Riyadh", meaning: "Arabia Standard Time" },
  ],
  ADT: one("America/Halifax", "Atlantic Daylight Time"),
  NST: one("America/St_Johns", "Newfoundland Time"),
  NDT: one("America/St_Johns", "Newfoundland Time"),
  BRT: one("America/Sao_Paulo", "Brasília Time"),
  ART: one("America/Argentina/Buenos_Aires", "Argentina Time"),
  GMT: [UK, { zone: "UTC", meaning: "no summer time" }],
  BST: [
    { zone: "Europe/London", meaning: "British Summer Time" },
    { zone: "Asia/Dhaka", meaning: "Bangladesh Standard Time" },
  ],
  IST: [
    { zone: "Asia/Kolkata", meaning: "India Standard Time" },
    { zone: "Europe/Dublin", meaning: "Irish Standard Time" },
    { zone: "Asia/Jerusalem", meaning: "Israel Standard Time" },
  ],
  WET: one("Europe/Lisbon", "Western European Time"),
  WEST: one("Europe/Lisbon", "Western European Summer Time"),
  CET: CENTRAL_EUROPE,
  CEST: CENTRAL_EUROPE,
  MET: CENTRAL_EUROPE,
  MEST: CENTRAL_EUROPE,
  EET: EASTERN_EUROPE,
  EEST: EASTERN_EUROPE,
  MSK: one("Europe/Moscow", "Moscow Time"),
  SAST: one("Africa/Johannesburg", "South Africa Standard Time"),
  WAT: one("Africa/Lagos", "West Africa Time"),
  CAT: one("Africa/Maputo", "Central Africa Time"),
  EAT: one("Africa/Nairobi", "East Africa Time"),
  GST: one("Asia/Dubai", "Gulf Standard Time"),
  PKT: one("Asia/Karachi", "Pakistan Standard Time"),
  ICT: one("Asia/Bangkok", "Indochina Time"),
  WIB: one("Asia/Jakarta", "Western Indonesia Time"),
  SGT: one("Asia/Singapore", "Singapore Time"),
  HKT: one("Asia/Hong_Kong", "Hong Kong Time"),
  PHT: one("Asia/Manila", "Philippine Time"),
  JST: one("Asia/Tokyo", "Japan Standard Time"),
  KST: one("Asia/Seoul", "Korea Standard Time"),
  AEST: AUSTRALIA_EASTERN,
  AEDT: AUSTRALIA_EASTERN.slice(0, 2),
  ACST: AUSTRALIA_CENTRAL,
  ACDT: AUSTRALIA_CENTRAL.slice(0, 1),
  AWST: one("Australia/Perth", "Australian Western Time"),
  NZST: one("Pacific/Auckland", "New Zealand Time"),
  NZDT: one("Pacific/Auckland", "New Zealand Time"),
};

/** The IANA zones an abbreviation ("bst", "Eastern Time") may mean, or undefined when it is none. */
export function abbreviationMeanings(name: string): readonly ZoneMeaning[] | undefined {
  const key = name.trim().replace(/\s+/g, " ").toUpperCase();
  return Object.hasOwn(ZONE_ABBREVIATIONS, key) ? ZONE_ABBREVIATIONS[key] : undefined;
}
