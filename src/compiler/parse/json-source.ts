import {
  findNodeAtLocation,
  getNodeValue,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from "jsonc-parser";
import { error, pointer, type Violation } from "../violation";

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

function duplicateKeys(
  file: string,
  node: Node,
  path: Array<string | number>,
  out: Violation[],
  starts: number[],
): void {
  if (node.type === "object") {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      if (seen.has(key)) {
        const at = position(starts, keyNode.offset);
        out.push({
          ...error(
            file,
            pointer([...path, key]),
            "duplicate-key",
            `"${key}" appears twice in the same object; JSON keeps only the last one: remove or rename one`,
          ),
          ...at,
        });
      }
      seen.add(key);
      if (valueNode) duplicateKeys(file, valueNode, [...path, key], out, starts);
    }
  } else if (node.type === "array") {
    for (const [index, child] of (node.children ?? []).entries())
      duplicateKeys(file, child, [...path, index], out, starts);
  }
}

/** Parses one JSON file; syntax problems come back as violations with line and column. */
export function parseJsonSource(
  file: string,
  bytes: Uint8Array,
): { source?: JsonSource; violations: Violation[] } {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    const mb = (bytes.byteLength / 1024 / 1024).toFixed(1);
    return {
      violations: [
        error(
          file,
          "",
          "file-too-large",
          `the file is ${mb} MB; a workflow file may be at most 1 MB: is this the right file?`,
        ),
      ],
    };
  }
  let text: string;
  try {
    if (bytes.includes(0)) throw new Error("NUL");
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return {
      violations: [
        error(
          file,
          "",
          "invalid-json",
          "the file is not UTF-8 text (a binary file, or saved as UTF-16): save it as UTF-8 JSON",
        ),
      ],
    };
  }
  if (text.trim() === "") {
    return {
      violations: [
        error(
          file,
          "",
          "empty-file",
          'the file is empty: start it with { "kind": "campaign", … } or delete it',
        ),
      ],
    };
  }
  if (nestingDepth(text, MAX_DEPTH) > MAX_DEPTH) {
    return {
      violations: [
        error(
          file,
          "",
          "too-deep",
          `the JSON nests more than ${MAX_DEPTH} levels deep; no workflow needs that: is this the right file?`,
        ),
      ],
    };
  }
  const starts = lineStarts(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (first || !tree) {
    const at = position(starts, first?.offset ?? 0);
    const reason = first ? syntaxMessage(text, first) : "invalid JSON";
    return {
      violations: [
        {
          ...error(
            file,
            "",
            "invalid-json",
            `invalid JSON at line ${at.line}, column ${at.column}: ${reason}`,
          ),
          ...at,
        },
      ],
    };
  }
  const violations: Violation[] = [];
  duplicateKeys(file, tree, [], violations, starts);
  return {
    violations,
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
