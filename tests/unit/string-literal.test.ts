import { describe, expect, it } from "vitest";
import { stringLiteral } from "../../scripts/string-literal";

/** `${` as the linter lets a plain string hold it. */
const PLACEHOLDER = "$" + "{";
const read = (literal: string) => new Function(`return ${literal};`)() as string;

describe("a generated module's string literal", () => {
  it.each([
    ["plain text", "plain text"],
    ["more double quotes", 'a "b" "c" \'d\''],
    ["more single quotes", "it's 'quoted' \"once\""],
    ["backslashes and escapes", "a\\\"b\\'c\\n\n\t\r end\\"],
    ["a template placeholder", `\`${PLACEHOLDER}x} and \\${PLACEHOLDER}y}`],
    ["line separators and other scripts", "a\u2028b\u2029c é ✓ 😀"],
  ])("reads back as the same text (%s)", (_, text) => {
    expect(read(stringLiteral(text))).toBe(text);
  });

  it("is quoted as the formatter leaves it: double quotes unless they outnumber single ones", () => {
    expect(stringLiteral('say "hi"')).toBe("'say \"hi\"'");
    expect(stringLiteral("it's")).toBe('"it\'s"');
    expect(stringLiteral(`${PLACEHOLDER}x}`)).toBe('"\\u0024{x}"');
  });
});
