/**
 * The email renderer: a template (HTML with Liquid, optional plain text) and a contact in, a subject,
 * an HTML part, a text part and the tracked links out.
 *
 * Templates arrive compiled: MJML was turned into HTML at build time (src/compiler/render-templates.ts,
 * into catalog.json), so no MJML compiler runs here. The Liquid of each part is parsed once per
 * renderer, at the template's first use. A render only runs the parsed Liquid with the contact's
 * values, then appends the footer to a part that lacks the unsubscribe link or the postal address
 * (footer.ts).
 */
import type { Template } from "liquidjs";
import type { Owner, Settings } from "../language";
import type { Contact } from "../model";
import { createFooter, type Footer } from "./footer";
import { headerValue } from "./header-value";
import { htmlToText } from "./html-to-text";
import { createLiquidEngines, type LiquidEngines, parseLiquid, type TrackState } from "./liquid-engines";
import { insertPreheader } from "./preheader";
import { renderScope } from "./scope";
import { slackText } from "./slack";
import type { RenderTemplate } from "./template-files";

export interface RenderInput {
  templateId: string;
  /** Liquid, like the template. */
  subject: string;
  /** Liquid; shown by inboxes after the subject, hidden in the email. */
  preheader?: string;
  contact: Contact;
  owner?: Owner;
  workflow: { id: string; name: string };
  unsubscribeUrl: string;
  /** The tracked (redirect) URL for a link and its tag; called once per link and email. */
  trackLink: (url: string, tag: string) => string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** Link tag → original URL. */
  links: Record<string, string>;
}

/** What a one-line string (a sender, a task title, a Slack message) may refer to. */
export interface LineContext {
  contact: Contact;
  owner?: Owner;
  workflow: { id: string; name: string };
  unsubscribeUrl?: string;
}

export interface RendererOptions {
  /** Template id → the template, its HTML part already HTML. */
  templates: ReadonlyMap<string, RenderTemplate>;
  settings: Settings;
}

export interface Renderer {
  render(input: RenderInput): Promise<RenderedEmail>;
  /**
   * A Liquid string with the same merge fields, unescaped, on one line (line breaks become spaces,
   * control characters go): senders, task titles, notifications. `track` leaves links untracked.
   */
  renderLine(text: string, context: LineContext): string;
  /**
   * A Slack message (a notify step, a handoff or task notification) with the same merge fields,
   * each value escaped for Slack so contact data cannot mention @channel or disguise a link.
   */
  renderSlack(text: string, context: LineContext): string;
  /** Parses templates ahead of the first render (all of them by default); rejects on a broken one. */
  prepare(templateIds?: string[]): Promise<void>;
  /** How many templates this renderer has parsed (each at most once). */
  readonly compiledTemplates: number;
}

/** A template's Liquid, parsed. */
interface ParsedTemplate {
  html: Template[];
  /** The .txt part; absent when the text is derived from the rendered HTML. */
  text?: Template[];
}

/** Parsed subjects and preheaders; cleared when it grows past this many (they come from workflows). */
const STRING_CACHE_LIMIT = 1000;

/** Each template parsed once, at its first use; a template that does not parse is not kept. */
function parsedTemplates(templates: ReadonlyMap<string, RenderTemplate>, engines: LiquidEngines) {
  const parsed = new Map<string, ParsedTemplate>();
  return {
    get size() {
      return parsed.size;
    },
    get(id: string): ParsedTemplate {
      let entry = parsed.get(id);
      if (!entry) {
        const template = templates.get(id);
        if (!template) throw new Error(`there is no template "${id}"`);
        const { html, text } = template;
        entry = {
          html: parseLiquid(engines.html, html.text, html.file),
          ...(text ? { text: parseLiquid(engines.text, text.text, text.file) } : {}),
        };
        parsed.set(id, entry);
      }
      return entry;
    },
  };
}

/** One-line strings (subjects, preheaders, senders, messages) parsed once per engine, in a bounded cache. */
function parsedStrings(engines: LiquidEngines) {
  const strings = new Map<string, Template[]>();
  return (text: string, what: string, engine = engines.text): Template[] => {
    const key = `${engine === engines.slack ? "slack" : "text"}\u0000${text}`;
    let parsed = strings.get(key);
    if (!parsed) {
      parsed = parseLiquid(engine, text, what);
      if (strings.size >= STRING_CACHE_LIMIT) strings.clear();
      strings.set(key, parsed);
    }
    return parsed;
  };
}

/** What rendering an email needs besides the input: one renderer's engines, footer, caches and settings. */
interface EmailContext {
  engines: LiquidEngines;
  footer: Footer;
  strings: ReturnType<typeof parsedStrings>;
  settings: Settings;
}

/** Renders one email from a parsed template, tracking its links. */
function renderEmail(context: EmailContext, template: ParsedTemplate, input: RenderInput): RenderedEmail {
  const { engines, footer, strings } = context;
  const scope = renderScope(input, context.settings);
  const state: TrackState = { trackLink: input.trackLink, links: {}, tracked: new Map() };
  return engines.withTracking(state, () => {
    const subject = engines.text.renderSync(strings(input.subject, "the subject"), scope);
    const preheader = input.preheader
      ? engines.text.renderSync(strings(input.preheader, "the preheader"), scope)
      : "";
    let body: string;
    let text: string;
    try {
      // The footer is decided on what this contact gets: whatever branch the template took.
      body = footer.html(engines.html.renderSync(template.html, scope), scope);
      text = footer.text(
        template.text ? engines.text.renderSync(template.text, scope) : htmlToText(body),
        scope,
      );
    } catch (e) {
      throw new Error(`template "${input.templateId}": ${(e as Error).message}`);
    }
    return {
      subject: headerValue(String(subject)),
      html: insertPreheader(body, headerValue(String(preheader))),
      text: text.replace(/\r\n?/g, "\n"),
      links: state.links,
    };
  });
}

/** A renderer over a set of compiled templates; see `Renderer`. */
export function createRenderer(options: RendererOptions): Renderer {
  const { templates, settings } = options;
  const engines = createLiquidEngines();
  const parsed = parsedTemplates(templates, engines);
  const context: EmailContext = {
    engines,
    footer: createFooter(engines),
    strings: parsedStrings(engines),
    settings,
  };
  const lineScope = (line: LineContext) =>
    renderScope({ ...line, unsubscribeUrl: line.unsubscribeUrl ?? "" }, settings);

  return {
    get compiledTemplates() {
      return parsed.size;
    },

    async prepare(templateIds = [...templates.keys()]) {
      for (const id of templateIds) parsed.get(id);
    },

    renderLine(text, line) {
      return headerValue(String(engines.text.renderSync(context.strings(text, "the text"), lineScope(line))));
    },

    renderSlack(text, line) {
      const message = context.strings(text, "the message", engines.slack);
      return slackText(String(engines.slack.renderSync(message, lineScope(line))));
    },

    async render(input) {
      return renderEmail(context, parsed.get(input.templateId), input);
    },
  };
}
