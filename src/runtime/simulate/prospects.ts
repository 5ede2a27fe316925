import type { ContactInput } from "../../core/language";
import type { TouchName } from "./channels";
import { PERSONAS, type Persona } from "./personas";
import { Random } from "./random";

const FIRST = [
  "Ana",
  "Raj",
  "Mei",
  "Lukas",
  "Amara",
  "Diego",
  "Sofia",
  "Kenji",
  "Fatima",
  "Oliver",
  "Priya",
  "Mateo",
  "Chloe",
  "Tunde",
  "Hana",
  "Liam",
  "Noor",
  "Elena",
  "Kwame",
  "Ines",
  "Arjun",
  "Yuki",
  "Zanele",
  "Marco",
  "Aisha",
  "Sven",
  "Camila",
  "Ravi",
  "Leila",
  "Tomasz",
  "Grace",
  "Omar",
  "Isabel",
  "Daniel",
  "Chen",
  "Nadia",
  "Jonas",
  "Lucia",
  "Farah",
  "Ethan",
];
const LAST = [
  "Silva",
  "Patel",
  "Chen",
  "Müller",
  "Okafor",
  "García",
  "Rossi",
  "Tanaka",
  "Haddad",
  "Smith",
  "Sharma",
  "López",
  "Dubois",
  "Adeyemi",
  "Kim",
  "Murphy",
  "Hassan",
  "Petrova",
  "Mensah",
  "Costa",
  "Iyer",
  "Sato",
  "Dlamini",
  "Bianchi",
  "Khan",
  "Lindqvist",
  "Herrera",
  "Nair",
  "Farouk",
  "Nowak",
  "Brown",
  "Aziz",
  "Moreno",
  "Cohen",
  "Wang",
  "Novak",
  "Berg",
  "Romero",
  "Karimi",
  "O'Neill",
];
const PREFIX = [
  "North",
  "Blue",
  "Bright",
  "Clear",
  "Quantum",
  "Summit",
  "Harbor",
  "Pixel",
  "Cedar",
  "Vector",
  "Orbit",
  "Lumen",
  "Granite",
  "Nimbus",
  "Atlas",
  "Copper",
  "Silver",
  "Maple",
  "Delta",
  "Echo",
];
const SUFFIX = [
  "Labs",
  "Analytics",
  "Systems",
  "Cloud",
  "Health",
  "Logistics",
  "Retail",
  "Finance",
  "Software",
  "Networks",
  "Foods",
  "Energy",
  "Media",
  "Robotics",
  "Learning",
];
const TITLES = [
  "Head of Product",
  "Product Manager",
  "VP Engineering",
  "Data Analyst",
  "Growth Lead",
  "CTO",
  "Director of Analytics",
  "Founder",
  "Marketing Manager",
  "Product Designer",
  "Engineering Manager",
  "COO",
];
const ZONES = [
  { weight: 22, value: "America/New_York" },
  { weight: 8, value: "America/Chicago" },
  { weight: 12, value: "America/Los_Angeles" },
  { weight: 4, value: "America/Sao_Paulo" },
  { weight: 3, value: "America/Mexico_City" },
  { weight: 10, value: "Europe/London" },
  { weight: 8, value: "Europe/Berlin" },
  { weight: 4, value: "Europe/Paris" },
  { weight: 3, value: "Europe/Stockholm" },
  { weight: 2, value: "Africa/Lagos" },
  { weight: 2, value: "Africa/Johannesburg" },
  { weight: 6, value: "Asia/Kolkata" },
  { weight: 4, value: "Asia/Singapore" },
  { weight: 4, value: "Asia/Tokyo" },
  { weight: 3, value: "Australia/Sydney" },
  { weight: 1, value: "Pacific/Auckland" },
  { weight: 4, value: "" },
];

export interface Prospect {
  contact: ContactInput;
  persona: Persona;
  /** How the prospect first came to the website (its persona's `arrives`): its first touch. */
  arrival: TouchName;
  /** Milliseconds after the simulation's start when the prospect starts a trial. */
  enrollAfter: number;
}

function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

/**
 * How prospects' contact ids look: `plain` is p000001, p000002, …; `mixed` uses every character a
 * contact id may hold (`:` `.` `@` `_` `-`), in pairs that differ only where SES's tag alphabet
 * would turn them into the same text (crm:000001 and crm_000001), as CRM and form ids do.
 */
export type ProspectIds = "plain" | "mixed";

const MIXED_ID_SHAPES: ReadonlyArray<(n: string) => string> = [
  (n) => `crm:${n}`,
  (n) => `crm_${n}`,
  (n) => `lead.${n}@forms_app.example`,
  (n) => `sf:00Q.${n}_a-b`,
];

/** The id of the `index`-th prospect (from 0). Mixed ids stay unique: each shape holds the number once. */
export function prospectId(index: number, ids: ProspectIds): string {
  const plain = String(index + 1).padStart(6, "0");
  if (ids === "plain") return `p${plain}`;
  const shape = index % MIXED_ID_SHAPES.length;
  // Neighbours share a number, so crm:000001 and crm_000001 both exist.
  const n = String(Math.floor(index / 2) + 1).padStart(6, "0");
  return MIXED_ID_SHAPES[shape]!(n);
}

export interface ProspectOptions {
  /** Trial starts spread over the first this many days (default 7). */
  spreadDays?: number;
  /** Default `plain`. */
  ids?: ProspectIds;
}

/**
 * Synthetic prospects, the same for the same seed: names and companies from many countries, time
 * zones across the world (some unknown), personas with different engagement, each arriving by a
 * touch of its persona's channel mix, and trial starts spread over the first `spreadDays` days.
 */
export function prospects(count: number, seed: number, options: ProspectOptions = {}): Prospect[] {
  const spreadDays = options.spreadDays ?? 7;
  const out: Prospect[] = [];
  for (let i = 0; i < count; i++) {
    const random = Random.for(seed, "prospect", i);
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const company = `${random.pick(PREFIX)} ${random.pick(SUFFIX)}`;
    const timezone = random.weighted(ZONES);
    const persona = random.weighted(
      PERSONAS.map((candidate) => ({ weight: candidate.weight, value: candidate })),
    );
    const id = prospectId(i, options.ids ?? "plain");
    const employees = Math.round(10 ** random.between(1, 4));
    const arrival = random.weighted(
      Object.entries(persona.arrives).map(([touch, weight]) => ({ weight, value: touch as TouchName })),
    );
    out.push({
      contact: {
        id,
        email: `${slug(first)}.${slug(last)}.${prospectId(i, "plain")}@${slug(company)}.example`,
        firstName: first,
        lastName: last,
        company,
        title: random.pick(TITLES),
        ...(timezone ? { timezone } : {}),
        attributes: {
          employees,
          persona: persona.name,
          source: arrival,
        },
      },
      persona,
      arrival,
      enrollAfter: Math.floor(random.next() * spreadDays * 86400_000),
    });
  }
  return out;
}
