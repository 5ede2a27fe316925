import { FILE_KINDS, type FileKind, SCHEMAS, type WorkflowFile } from "../../core/language";
import { didYouMean, listOf } from "../suggest";
import { error, segments, type Violation } from "../violation";
import { fieldNames } from "./field-names";
import { type JsonSource, parseJsonSource } from "./json-source";
import { LostPaths, repair } from "./repair";
import { schemaViolations } from "./schema-issues";

export interface ParsedFile<T extends WorkflowFile = WorkflowFile> {
  file: string;
  source: JsonSource;
  value: T;
  /** Only on a file repaired after schema errors: what of it was dropped or replaced. */
  lost?: LostPaths;
}

const vocabularies = new Map<FileKind, Set<string>>();
function vocabulary(kind: FileKind): Set<string> {
  let names = vocabularies.get(kind);
  if (!names) {
    names = fieldNames(SCHEMAS[kind]);
    vocabularies.set(kind, names);
  }
  return names;
}

/** Adds line and column to violations that point into `source`. */
export function withPositions(source: JsonSource, violations: Violation[]): Violation[] {
  return violations.map((v) => {
    if (v.line !== undefined) return v;
    const at = source.locate(segments(v.path));
    return at ? { ...v, ...at } : v;
  });
}

/** Parse stage: bytes of one file to a typed value of its kind, or violations that say why not. */
export interface ParseResult {
  parsed?: ParsedFile;
  violations: Violation[];
  /** The kind and id the file claims, read even when it does not parse as that kind. */
  claims?: { kind: string; id?: string };
  /** A file of a known kind with schema errors, repaired so that the other checks still run on it. */
  repaired?: ParsedFile;
}

/** The kind a file claims, or the violation that says it is not an object of a kind Handoff knows. */
function claimedKind(file: string, value: unknown): { kind: FileKind } | { refused: Violation } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const message = 'a workflow file is one JSON object { "kind": …, … }, not a list or a single value';
    return { refused: error(file, "", "not-an-object", message) };
  }
  const kind = (value as { kind?: unknown }).kind;
  if (kind === undefined) {
    const message = `the file does not say what it is: add "kind": one of ${listOf([...FILE_KINDS])}`;
    return { refused: error(file, "", "missing-kind", message) };
  }
  if (typeof kind === "string" && (FILE_KINDS as readonly string[]).includes(kind))
    return { kind: kind as FileKind };
  const hint = typeof kind === "string" ? didYouMean(kind, FILE_KINDS) : "";
  const message = `kind ${JSON.stringify(kind)} is not a kind of file Handoff knows: use ${listOf([...FILE_KINDS])}${hint}`;
  return { refused: error(file, "/kind", "unknown-kind", message) };
}

export function parseFile(file: string, bytes: Uint8Array): ParseResult {
  const { source, violations } = parseJsonSource(file, bytes);
  if (!source) return { violations };
  const value = source.value;
  const claimed = claimedKind(file, value);
  if ("refused" in claimed) {
    // A list or a single value is refused on its own: no other finding, no position.
    if (claimed.refused.code === "not-an-object") return { violations: [claimed.refused] };
    return { violations: withPositions(source, [...violations, claimed.refused]) };
  }
  const { kind } = claimed;
  const id = (value as { id?: unknown }).id;
  const claims = { kind, ...(typeof id === "string" ? { id } : {}) };
  const result = SCHEMAS[kind].safeParse(value);
  if (!result.success) {
    const found = schemaViolations(result.error.issues, { file, value, kind, vocabulary: vocabulary(kind) });
    const fixed = repair(SCHEMAS[kind], value);
    const lost = new LostPaths([...fixed.lost, ...found.map((v) => v.path)]);
    return {
      claims,
      violations: withPositions(source, [...violations, ...found]),
      repaired: { file, source, value: fixed.value as WorkflowFile, lost },
    };
  }
  return {
    parsed: { file, source, value: result.data as WorkflowFile },
    violations: withPositions(source, violations),
  };
}
