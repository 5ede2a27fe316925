/**
 * Slack's message format treats `&`, `<` and `>` as control characters: `<!channel>`, `<!here>`,
 * `<@U123>` and `<https://…|text>` are written with them. A value from contact data is escaped so it
 * can never become one of those; the marketer's own text around it is left as written.
 */
const SLACK_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

export function escapeSlack(text: string): string {
  return text.replace(/[&<>]/g, (c) => SLACK_ESCAPES[c]!);
}

/** A Slack message's text: control characters go (line breaks stay), at most Slack's 40,000 characters. */
export function slackText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, "")
      .trim()
      .slice(0, 40_000)
  );
}
