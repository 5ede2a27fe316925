import type { z } from "zod";

type Def = { type: string; [key: string]: unknown };

/** Every field name a schema knows, at any depth: the vocabulary for "did you mean" hints. */
export function fieldNames(schema: z.ZodType): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    const def = (node as { _zod?: { def?: Def } })._zod?.def;
    if (!def) return;
    switch (def.type) {
      case "object":
        for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) {
          names.add(key);
          visit(child);
        }
        break;
      case "union":
        for (const option of def.options as unknown[]) visit(option);
        break;
      case "lazy":
        visit((def.getter as () => unknown)());
        break;
      case "array":
        visit(def.element);
        break;
      case "record":
        visit(def.valueType);
        break;
      case "pipe":
        visit(def.in);
        visit(def.out);
        break;
      default:
        visit(def.innerType);
    }
  };
  visit(schema);
  return names;
}
