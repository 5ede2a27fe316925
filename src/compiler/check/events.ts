import {
  BUILT_IN_EVENTS,
  type Condition,
  conditionLeaves,
  type JsonPath,
  scoringConditions,
  workflowConditions,
} from "../../core/language";
import type { ParsedFile } from "../parse/parse-file";
import { closest, listOf } from "../suggest";
import { pointer, type Violation, warning } from "../violation";
import type { Checked } from "./checked-files";

/** Where a file names an event: to listen to it (rules, conditions, waitFor) or to send it (scenarios). */
interface Mention {
  file: string;
  path: JsonPath;
  name: string;
  role: "listens" | "sends";
  /** scoring.json: its rules and promote conditions are the catalogue of the product's events. */
  catalogue: boolean;
}

const BUILT_IN: ReadonlySet<string> = new Set(BUILT_IN_EVENTS);
const RESERVED = /^(?:email|task)\./;

function conditionEvents(condition: Condition, path: JsonPath): Array<{ name: string; path: JsonPath }> {
  return conditionLeaves(condition, path).flatMap((leaf) =>
    "event" in leaf.condition ? [{ name: leaf.condition.event, path: [...leaf.path, "event"] }] : [],
  );
}

/** Every event name the files mention, but those a repair lost (the schema error names them). */
function mentions(files: Checked): Mention[] {
  const out: Mention[] = [];
  const add = (p: ParsedFile, role: Mention["role"], found: Array<{ name: string; path: JsonPath }>) => {
    for (const { name, path } of found)
      if (!p.lost?.covers(pointer(path)))
        out.push({ file: p.file, path, name, role, catalogue: p.value.kind === "scoring" });
  };
  for (const p of files.workflows)
    for (const { condition, path } of workflowConditions(p.value))
      add(p, "listens", conditionEvents(condition, path));
  for (const p of files.scoring.slice(0, 1))
    for (const { condition, path } of scoringConditions(p.value))
      add(p, "listens", conditionEvents(condition, path));
  for (const p of files.scenarios)
    add(
      p,
      "sends",
      p.value.events.map((e, i) => ({ name: e.event, path: ["events", i, "event"] })),
    );
  return out;
}

const hint = (name: string, candidates: Iterable<string>) => {
  const near = closest(
    name,
    [...candidates].filter((c) => c !== name),
  );
  return near ? `; did you mean '${near}'?` : "";
};

/**
 * Likely typos in event names. Known: the built-in events, every event scoring.json names (its
 * rules and promote conditions list what the product sends) and every event two or more files
 * name. A workflow naming an event nothing else knows, a scenario sending an event no rule,
 * condition or waitFor listens to, and an email.* or task.* name Handoff does not record are
 * warned about, with the closest known name.
 */
export function checkEvents(files: Checked): Violation[] {
  const all = mentions(files);
  const filesNaming = new Map<string, Set<string>>();
  for (const m of all) filesNaming.set(m.name, (filesNaming.get(m.name) ?? new Set()).add(m.file));
  const catalogue = new Set(all.filter((m) => m.catalogue).map((m) => m.name));
  const listened = new Set(all.filter((m) => m.role === "listens").map((m) => m.name));
  const names = new Set([...BUILT_IN, ...filesNaming.keys()]);
  const out: Violation[] = [];
  const warn = (m: Mention, message: string) =>
    out.push(warning(m.file, pointer(m.path), "unknown-event", message));
  for (const m of all) {
    if (BUILT_IN.has(m.name)) continue;
    if (RESERVED.test(m.name)) {
      warn(
        m,
        `'${m.name}' is not an event Handoff records${hint(m.name, BUILT_IN)}: the email.* and task.* events are ${listOf([...BUILT_IN], "and")}`,
      );
    } else if (m.role === "sends") {
      if (!listened.has(m.name))
        warn(
          m,
          `no scoring rule, condition or waitFor listens to the event '${m.name}', so sending it changes nothing${hint(m.name, [...listened, ...BUILT_IN])}`,
        );
    } else if (!m.catalogue && !catalogue.has(m.name) && filesNaming.get(m.name)!.size < 2) {
      const near = hint(m.name, names);
      warn(
        m,
        `the event '${m.name}' is named nowhere else (no scoring rule, no other workflow or scenario)${near || ": if it is new, a scenario that sends it confirms the spelling"}`,
      );
    }
  }
  return out;
}
