/**
 * settings.sla against the other files: rejectTo a campaign or sequence, rejectStage a stage of
 * scoring.json, onMiss.notify a Slack channel of settings.slack, onMiss.reassign an owner id or
 * round-robin (which needs a second owner to reassign a lead to).
 */
import type { Settings } from "../../core/language";
import type { ParsedFile } from "../parse/parse-file";
import { pointer, type Violation, warning } from "../violation";
import { type Names, ReferenceCheck } from "./references";

export function checkSla({ file, value }: ParsedFile<Settings>, names: Names): Violation[] {
  const sla = value.sla;
  if (!sla) return [];
  const check = new ReferenceCheck(file, names);
  const reassign = sla.onMiss.reassign;
  return [
    ...check.workflow(sla.rejectTo, ["sla", "rejectTo"]),
    ...check.stage(sla.rejectStage, ["sla", "rejectStage"]),
    ...check.slack(sla.onMiss.notify?.slack, ["sla", "onMiss", "notify", "slack"]),
    ...(reassign === "round-robin"
      ? roundRobinNeedsOwners(file, names.owners)
      : check.owner(reassign, ["sla", "onMiss", "reassign"])),
  ];
}

/** A missed lead goes to another owner: round-robin with fewer than two owners has nobody to go to. */
function roundRobinNeedsOwners(file: string, owners: string[] | undefined): Violation[] {
  if (!owners || owners.length >= 2) return [];
  const have =
    owners.length === 0 ? "settings.json lists no owners" : `settings.json lists only '${owners[0]}'`;
  return [
    warning(
      file,
      pointer(["sla", "onMiss", "reassign"]),
      "unknown-owner",
      `a missed lead is reassigned to another owner, but ${have}: add owners to "owners"`,
    ),
  ];
}
