/**
 * Where a template part shows the unsubscribe link and the postal address (`missing-footer`).
 *
 * Every email must show both whatever branch its template takes. A field counts only when it is
 * printed at the top level of the part's Liquid tree (`{{ unsubscribeUrl }}`, with or without
 * filters, or `{% echo unsubscribeUrl %}`): not inside any block tag (if, unless, case, for,
 * tablerow, capture, comment, raw…), and in the HTML part not inside an HTML comment nor in the head.
 * The renderer decides its footer on the rendered email (src/core/render/footer.ts), which is exact
 * for one contact; this finds the templates where some contact may get that footer.
 *
 * MJML is read as its source: MJML keeps Liquid where it stands (src/compiler/mjml.ts checks that
 * every Liquid tag survives), so the tree of the source is the tree of the compiled HTML, and what
 * precedes `<mj-body>` ends up in the head or hidden.
 */
import { Output, Tag, type Template, TypeGuards, Value } from "liquidjs";

export interface FooterField {
  /** As a marketer writes it. */
  liquid: string;
  path: readonly string[];
  /** Finds a mention of the field in template text, only to say where it sits. */
  mention: RegExp;
}

export const FOOTER_FIELDS: readonly FooterField[] = [
  { liquid: "{{ unsubscribeUrl }}", path: ["unsubscribeUrl"], mention: /\bunsubscribeUrl\b/ },
  {
    liquid: "{{ settings.postalAddress }}",
    path: ["settings", "postalAddress"],
    mention: /\bsettings\s*(?:\.\s*postalAddress\b|\[\s*['"]postalAddress['"])/,
  },
];

/** Where a part shows a field: at the top level (fine), nowhere, or only where some email lacks it. */
export type Placement =
  | { kind: "top-level" }
  | { kind: "absent" }
  | { kind: "block"; tag: string; line: number }
  | { kind: "html-comment"; line: number }
  | { kind: "head"; line: number };

/** How a part's text is laid out: an HTML part has comments and a head, a text part neither. */
export interface PartLayout {
  /** The tag that starts the body (`<body`, `<mj-body`); absent for a text part. */
  bodyTag?: RegExp;
}

/** The merge field path a node prints (`{{ … }}` or `{% echo … %}`), if it prints one as it is. */
function printedPath(node: Template): string[] | undefined {
  if (!(node instanceof Output || (node instanceof Tag && node.name === "echo"))) return undefined;
  const value = [...((node as Template).arguments?.() ?? [])][0];
  if (!(value instanceof Value)) return undefined;
  const [first, ...rest] = value.initial.postfix;
  if (rest.length || !TypeGuards.isPropertyAccessToken(first) || first.variable) return undefined;
  const segments = first.props.map((p) =>
    TypeGuards.isWordToken(p) || TypeGuards.isQuotedToken(p) ? p.content : undefined,
  );
  return segments.every((s) => s !== undefined) ? (segments as string[]) : undefined;
}

const samePath = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((s, i) => s === b[i]);

/** Ranges of `<!-- … -->` (an unclosed one runs to the end). */
function htmlComments(text: string): Array<[number, number]> {
  return [...text.matchAll(/<!--[\s\S]*?(?:-->|$)/g)].map((m) => [m.index, m.index + m[0].length]);
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

/** Why a top-level print of the field at `at` does not count, or undefined when it counts. */
function hiddenAt(text: string, at: number, layout: PartLayout): Placement | undefined {
  const line = lineAt(text, at);
  if (layout.bodyTag) {
    const body = text.search(layout.bodyTag);
    if (body > at) return { kind: "head", line };
    if (htmlComments(text).some(([from, to]) => at >= from && at < to)) return { kind: "html-comment", line };
  }
  return undefined;
}

/** Where `field` sits in a part whose top-level Liquid nodes are `tree`. */
export function placeField(
  text: string,
  tree: Template[],
  field: FooterField,
  layout: PartLayout,
): Placement {
  let hidden: Placement | undefined;
  for (const node of tree) {
    const path = printedPath(node);
    if (!path || !samePath(path, field.path)) continue;
    const why = hiddenAt(text, node.token.begin, layout);
    if (!why) return { kind: "top-level" };
    hidden ??= why;
  }
  // A block in the body says more than a print in the head or a comment: it is what to move.
  return blockHolding(text, tree, field) ?? hidden ?? { kind: "absent" };
}

/** The first top-level tag whose extent (up to the next top-level node) mentions the field. */
function blockHolding(text: string, tree: Template[], field: FooterField): Placement | undefined {
  for (const [i, node] of tree.entries()) {
    if (!(node instanceof Tag)) continue;
    const end = tree[i + 1]?.token.begin ?? text.length;
    if (field.mention.test(text.slice(node.token.begin, end)))
      return { kind: "block", tag: node.name, line: lineAt(text, node.token.begin) };
  }
  return undefined;
}
