/**
 * A string as a TypeScript literal, quoted the way the formatter (biome) leaves it: double quotes,
 * unless the text holds more double quotes than single ones. The generated modules
 * (scripts/dashboard-assets.ts, scripts/tracker-script.ts) keep their files' text as such literals:
 * in a bundle a literal costs about its length, base64 a third more. A `${` is written `\u0024{`
 * (the linter takes `${` in a plain string for a template's placeholder gone wrong).
 */
export function stringLiteral(text: string): string {
  const json = JSON.stringify(text).replaceAll("${", "\\u0024{");
  const count = (quote: string) => text.split(quote).length - 1;
  if (count('"') <= count("'")) return json;
  // Swap quotes: an escaped double quote needs no escape between single quotes, a single quote does.
  const body = json
    .slice(1, -1)
    .replace(/\\(.)|'/g, (match, escaped?: string) =>
      escaped === '"' ? '"' : escaped !== undefined ? match : "\\'",
    );
  return `'${body}'`;
}
