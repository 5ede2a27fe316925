/**
 * Table rows for `it.each(...)("%s", (name, row) => …)`: each case under its whole name, a sentence
 * that says what it guarantees (vitest's `$field` titles quote the value and cut it short).
 */
export function namedCases<T extends { name: string }>(cases: T[]): Array<[string, T]> {
  return cases.map((row) => [row.name, row]);
}
