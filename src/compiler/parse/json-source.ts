import {
  findNodeAtLocation,
  getNodeValue,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from "jsonc-parser";
import { error, pointer, type Violation, type ViolationCode } from "../violation";

/** Larger files are refused before parsing: no workflow comes near it, a pasted data export does. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Deeper nesting is refused before parsing: the deepest real condition tree is a handful of levels. */
export const MAX_DEPTH = 64;

/** A parsed JSON file that can say where a JSON Pointer points, as line and column. */
export interface JsonSource {
  file: string;
  value: unknown;
  locate(path: ReadonlyArray<string | number>): { line: number; column: number } | undefined;
}

const SYNTAX: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "malformed number",
  PropertyNameExpected: "expected a field name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':' after the field name",
  CommaExpected: "expected a comma between two items",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the list",
  EndOfFileExpected: "unexpected text after the end of the JSON",
  InvalidCommentToken: 'comments are not allowed in JSON: use a "description" field',
  UnexpectedEndOfComment: "comments are not allowed in JSON",
  UnexpectedEndOfString: "text in double quotes is not closed",
  UnexpectedEndOfNumber: "number is cut short",
  InvalidUnicode: "malformed \\u escape",
  InvalidEscapeCharacter: "unknown escape after a backslash",
  InvalidCharacter: "control character inside text: use \\n for a new line",
};

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

/** Deepest nesting of objects and lists, ignoring brackets inside strings; stops early past `limit`. */
export function nestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

function syntaxMessage(text: string, parseError: ParseError): string {
  const before = text.slice(0, parseError.offset).trimEnd();
  const closing = text[parseError.offset] === "}" || text[parseError.offset] === "]";
  if (before.endsWith(",") && closing)
    return "a comma before a closing bracket: remove the comma after the last item";
  if (printParseErrorCode(parseError.error) === "InvalidSymbol" && text[parseError.offset] === "'") {
    return 'text must be in double quotes ("), not single quotes';
  }
  return SYNTAX[printParseErrorCode(parseError.error)] ?? "invalid JSON";
}

/** Keys written twice in one object, at any depth: JSON keeps only the last, so the first is lost. */
function duplicateKeys(
  file: string,
  node: Node,
  path: Array<string | number>,
  starts: number[],
): Violation[] {
  if (node.type === "array")
    return (node.children ?? []).flatMap((child, index) =>
      duplicateKeys(file, child, [...path, index], starts),
    );
  if (node.type !== "object") return [];
  const found: Violation[] = [];
  const seen = new Set<string>();
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode) continue;
    const key = String(keyNode.value);
    if (seen.has(key)) {
      const message = `"${key}" appears twice in the same object; JSON keeps only the last one: remove or rename one`;
      found.push({
        ...error(file, pointer([...path, key]), "duplicate-key", message),
        ...position(starts, keyNode.offset),
      });
    }
    seen.add(key);
    if (valueNode) found.push(...duplicateKeys(file, valueNode, [...path, key], starts));
  }
  return found;
}

/** The file's text, or why it is refused before parsing: too large, not UTF-8, empty, nested too deep. */
function decodeText(file: string, bytes: Uint8Array): { text: string } | { refused: Violation } {
  const refused = (code: ViolationCode, message: string) => ({ refused: error(file, "", code, message) });
  if (bytes.byteLength > MAX_FILE_BYTES) {
    const mb = (bytes.byteLength / 1024 / 1024).toFixed(1);
    return refused(
      "file-too-large",
      `the file is ${mb} MB; a workflow file may be at most 1 MB: is this the right file?`,
    );
  }
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error("NUL");
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return refused(
      "invalid-json",
      "the file is not UTF-8 text (a binary file, or saved as UTF-16): save it as UTF-8 JSON",
    );
  }
  if (text.trim() === "")
    return refused("empty-file", 'the file is empty: start it with { "kind": "campaign", … } or delete it');
  if (nestingDepth(text, MAX_DEPTH) > MAX_DEPTH) {
    return refused(
      "too-deep",
      `the JSON nests more than ${MAX_DEPTH} levels deep; no workflow needs that: is this the right file?`,
    );
  }
  return { text };
}

/** The syntax tree of a text, or the first syntax error as a violation with line and column. */
function syntaxTree(file: string, text: string, starts: number[]): { tree: Node } | { refused: Violation } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (!first && tree) return { tree };
  const at = position(starts, first?.offset ?? 0);
  const reason = first ? syntaxMessage(text, first) : "invalid JSON";
  const message = `invalid JSON at line ${at.line}, column ${at.column}: ${reason}`;
  return { refused: { ...error(file, "", "invalid-json", message), ...at } };
}

/** Parses one JSON file; syntax problems come back as violations with line and column. */
export function parseJsonSource(
  file: string,
  bytes: Uint8Array,
): { source?: JsonSource; violations: Violation[] } {
  const decoded = decodeText(file, bytes);
  if ("refused" in decoded) return { violations: [decoded.refused] };
  const starts = lineStarts(decoded.text);
  const parsed = syntaxTree(file, decoded.text, starts);
  if ("refused" in parsed) return { violations: [parsed.refused] };
  const { tree } = parsed;
  return {
    violations: duplicateKeys(file, tree, [], starts),
    source: {
      file,
      value: getNodeValue(tree),
      locate(path) {
        let node: Node | undefined = findNodeAtLocation(tree, [...path]);
        // A missing field points at the object that lacks it.
        for (let n = path.length; !node && n > 0; n--) node = findNodeAtLocation(tree, path.slice(0, n - 1));
        return node ? position(starts, node.offset) : undefined;
      },
    },
  };
}
