/**
 * A value safe for an email header (the subject): line breaks become spaces, other control characters
 * go, runs of spaces collapse, so a merge value cannot start a new header.
 */
export function headerValue(text: string): string {
  return (
    text
      .replace(/[\r\n\u0085\u2028\u2029]+/g, " ")
      .replace(/\t/g, " ")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
      .replace(/ {2,}/g, " ")
      .trim()
  );
}
