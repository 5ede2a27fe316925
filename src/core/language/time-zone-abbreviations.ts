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
/** Zones that an abbreviation may mean, all with the same meaning. */
const zonesMeaning = (meaning: string, ...zones: string[]): ZoneMeaning[] =>
  zones.map((zone) => ({ zone, meaning }));

const CENTRAL_EUROPE = zonesMeaning(
  "Central European Time",
  "Europe/Berlin",
  "Europe/Paris",
  "Europe/Madrid",
);
const EASTERN_EUROPE = zonesMeaning(
  "Eastern European Time",
  "Europe/Athens",
  "Europe/Bucharest",
  "Europe/Helsinki",
);
const AUSTRALIA_EASTERN = [
  ...zonesMeaning("Australian Eastern Time", "Australia/Sydney", "Australia/Melbourne"),
  { zone: "Australia/Brisbane", meaning: "Queensland, no daylight saving" },
];
const AUSTRALIA_CENTRAL = [
  { zone: "Australia/Adelaide", meaning: "Australian Central Time" },
  { zone: "Australia/Darwin", meaning: "Northern Territory, no daylight saving" },
];

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
  AKST: zonesMeaning("Alaska Time", "America/Anchorage"),
  AKDT: zonesMeaning("Alaska Time", "America/Anchorage"),
  HST: zonesMeaning("Hawaii, no daylight saving", "Pacific/Honolulu"),
  AST: [
    { zone: "America/Halifax", meaning: "Atlantic Time" },
    { zone: "America/Puerto_Rico", meaning: "Atlantic Standard Time, no daylight saving" },
    { zone: "Asia/Riyadh", meaning: "Arabia Standard Time" },
  ],
  ADT: zonesMeaning("Atlantic Daylight Time", "America/Halifax"),
  NST: zonesMeaning("Newfoundland Time", "America/St_Johns"),
  NDT: zonesMeaning("Newfoundland Time", "America/St_Johns"),
  BRT: zonesMeaning("Brasília Time", "America/Sao_Paulo"),
  ART: zonesMeaning("Argentina Time", "America/Argentina/Buenos_Aires"),
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
  WET: zonesMeaning("Western European Time", "Europe/Lisbon"),
  WEST: zonesMeaning("Western European Summer Time", "Europe/Lisbon"),
  CET: CENTRAL_EUROPE,
  CEST: CENTRAL_EUROPE,
  MET: CENTRAL_EUROPE,
  MEST: CENTRAL_EUROPE,
  EET: EASTERN_EUROPE,
  EEST: EASTERN_EUROPE,
  MSK: zonesMeaning("Moscow Time", "Europe/Moscow"),
  SAST: zonesMeaning("South Africa Standard Time", "Africa/Johannesburg"),
  WAT: zonesMeaning("West Africa Time", "Africa/Lagos"),
  CAT: zonesMeaning("Central Africa Time", "Africa/Maputo"),
  EAT: zonesMeaning("East Africa Time", "Africa/Nairobi"),
  GST: zonesMeaning("Gulf Standard Time", "Asia/Dubai"),
  PKT: zonesMeaning("Pakistan Standard Time", "Asia/Karachi"),
  ICT: zonesMeaning("Indochina Time", "Asia/Bangkok"),
  WIB: zonesMeaning("Western Indonesia Time", "Asia/Jakarta"),
  SGT: zonesMeaning("Singapore Time", "Asia/Singapore"),
  HKT: zonesMeaning("Hong Kong Time", "Asia/Hong_Kong"),
  PHT: zonesMeaning("Philippine Time", "Asia/Manila"),
  JST: zonesMeaning("Japan Standard Time", "Asia/Tokyo"),
  KST: zonesMeaning("Korea Standard Time", "Asia/Seoul"),
  AEST: AUSTRALIA_EASTERN,
  AEDT: AUSTRALIA_EASTERN.slice(0, 2),
  ACST: AUSTRALIA_CENTRAL,
  ACDT: AUSTRALIA_CENTRAL.slice(0, 1),
  AWST: zonesMeaning("Australian Western Time", "Australia/Perth"),
  NZST: zonesMeaning("New Zealand Time", "Pacific/Auckland"),
  NZDT: zonesMeaning("New Zealand Time", "Pacific/Auckland"),
};

/** The IANA zones an abbreviation ("bst", "Eastern Time") may mean, or undefined when it is none. */
export function abbreviationMeanings(name: string): readonly ZoneMeaning[] | undefined {
  const key = name.trim().replace(/\s+/g, " ").toUpperCase();
  return Object.hasOwn(ZONE_ABBREVIATIONS, key) ? ZONE_ABBREVIATIONS[key] : undefined;
}
