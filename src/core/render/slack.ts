/**
 * Slack's message format treats `&`, `<` and `>` as control characters: `<!channel>`, `<!here>`,
 * `<@U123>` and `<https://…|text>` are written with them. Its mrkdwn formats text between `*`, `_`,
 * `~` and backticks, quotes a line that starts with `>`, and has no way to escape any of those.
 *
 * A value from contact data (any merge-field value, and the defaults' names and titles) is made
 * inert: it can never become a control sequence, a mention, a link, formatting, a new line or a
 * reversal of the text after it. The marketer's own text around it is left as written.
 */
const SLACK_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * Lookalikes of mrkdwn's formatting characters (as jsx-slack uses): the value stays legible and
 * formats nothing. `_` is replaced only where it could open or close italics, so `ana_silva` and
 * `crm_123` (addresses, ids, URLs) keep theirs: mrkdwn formats only at word boundaries.
 */
const LOOKALIKES: Record<string, string> = { "*": "\u2217", _: "\u02cd", "~": "\u223c", "`": "\u02cb" };

/** Line and paragraph breaks: a value stays on the line the marketer put it on. */
const LINE_BREAKS = /[\r\n\v\f\u0085\u2028\u2029]+/g;
/** Bidirectional embeddings, overrides and isolates: they would reorder the text that follows. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export function escapeSlack(text: string): string {
  return (
    text
      .replace(LINE_BREAKS, " ")
      .replace(BIDI_CONTROLS, "")
      .replace(/[&<>]/g, (c) => SLACK_ESCAPES[c]!)
      .replace(/[*~`]/g, (c) => LOOKALIKES[c]!)
      .replace(/_/g, (c, at: number, all: string) =>
        /[\p{L}\p{N}]/u.test(all[at - 1] ?? "") && /[\p{L}\p{N}]/u.test(all[at + 1] ?? "")
          ? c
          : LOOKALIKES[c]!,
      )
      // A quote needs `>` first on its line; a soft hyphen in front keeps it text.
      .replace(/^(\s*)&gt;/, "$1\u00ad&gt;")
      // Plain @channel / @here / @everyone: a word joiner keeps Slack from reading a mention.
      .replace(/(^|[^\p{L}\p{N}._%+-])@(channel|here|everyone)\b/giu, "$1@\u2060$2")
  );
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
