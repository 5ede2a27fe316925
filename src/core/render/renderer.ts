/**
 * The email renderer: a template (MJML or HTML, optional plain text) and a contact in, a subject, an
 * HTML part, a text part and the tracked links out.
 *
 * Each template is compiled once per renderer: MJML to HTML (asynchronous in mjml 5, hence the
 * asynchronous `render`), then the Liquid of each part parsed once. A render only runs the parsed
 * Liquid with the contact's values, then appends the footer to a part that lacks the unsubscribe
 * link or the postal address (footer.ts).
 */
import type { Template } from "liquidjs";
import type { Owner, Settings } from "../language";
import type { Contact } from "../model";
import { createFooter } from "./footer";
import { headerValue } from "./header-value";
import { htmlToText } from "./html-to-text";
import { createLiquidEngines, type LiquidEngines, parseLiquid, type TrackState } from "./liquid-engines";
import { compileMjml, type MjmlCompiler, mjmlToLiquidHtml } from "./mjml";
import { insertPreheader } from "./preheader";
import { renderScope } from "./scope";
import { slackText } from "./slack";
import type { TemplateFiles } from "./template-files";

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
  templates: Map<string, TemplateFiles>;
  settings: Settings;
  /** Compiles MJML to HTML; default mjml's own. */
  compileMjml?: MjmlCompiler;
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
  /** Compiles templates ahead of the first render (all of them by default); rejects on a broken one. */
  prepare(templateIds?: string[]): Promise<void>;
  /** How many templates this renderer has compiled (each at most once). */
  readonly compiledTemplates: number;
}

interface CompiledTemplate {
  html: Template[];
  /** The .txt part; absent when the text is derived from the rendered HTML. */
  text?: Template[];
}

/** Parsed subjects and preheaders; cleared when it grows past this many (they come from workflows). */
const STRING_CACHE_LIMIT = 1000;

async function compileTemplate(
  template: TemplateFiles,
  engines: LiquidEngines,
  compile: MjmlCompiler,
): Promise<CompiledTemplate> {
  const part = template.html;
  if (!part) throw new Error(`template "${template.id}" has no .mjml or .html part`);
  const html = part.format === "mjml" ? await mjmlToLiquidHtml(part.text, part.file, compile) : part.text;
  return {
    html: parseLiquid(engines.html, html, part.file),
    ...(template.text ? { text: parseLiquid(engines.text, template.text.text, template.text.file) } : {}),
  };
}

/** A renderer over a set of templates; see `Renderer`. */
export function createRenderer(options: RendererOptions): Renderer {
  const { templates, settings } = options;
  const compile = options.compileMjml ?? compileMjml;
  const engines = createLiquidEngines();
  const footer = createFooter(engines);
  const compiled = new Map<string, Promise<CompiledTemplate>>();
  const strings = new Map<string, Template[]>();

  const compiledTemplate = (id: string): Promise<CompiledTemplate> => {
    let entry = compiled.get(id);
    if (!entry) {
      const template = templates.get(id);
      if (!template) return Promise.reject(new Error(`there is no template "${id}"`));
      entry = compileTemplate(template, engines, compile);
      compiled.set(id, entry);
    }
    return entry;
  };

  const parsedString = (text: string, what: string, engine = engines.text): Template[] => {
    const key = `${engine === engines.slack ? "slack" : "text"}\u0000${text}`;
    let parsed = strings.get(key);
    if (!parsed) {
      parsed = parseLiquid(engine, text, what);
      if (strings.size >= STRING_CACHE_LIMIT) strings.clear();
      strings.set(key, parsed);
    }
    return parsed;
  };

  return {
    get compiledTemplates() {
      return compiled.size;
    },

    async prepare(templateIds = [...templates.keys()]) {
      await Promise.all(templateIds.map((id) => compiledTemplate(id)));
    },

    renderLine(text, context) {
      const scope = renderScope({ ...context, unsubscribeUrl: context.unsubscribeUrl ?? "" }, settings);
      return headerValue(String(engines.text.renderSync(parsedString(text, "the text"), scope)));
    },

    renderSlack(text, context) {
      const scope = renderScope({ ...context, unsubscribeUrl: context.unsubscribeUrl ?? "" }, settings);
      return slackText(
        String(engines.slack.renderSync(parsedString(text, "the message", engines.slack), scope)),
      );
    },

    async render(input) {
      const template = await compiledTemplate(input.templateId);
      const scope = renderScope(input, settings);
      const state: TrackState = { trackLink: input.trackLink, links: {}, tracked: new Map() };
      const where = `template "${input.templateId}"`;
      return engines.withTracking(state, () => {
        const subject = engines.text.renderSync(parsedString(input.subject, "the subject"), scope);
        const preheader = input.preheader
          ? engines.text.renderSync(parsedString(input.preheader, "the preheader"), scope)
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
          throw new Error(`${where}: ${(e as Error).message}`);
        }
        return {
          subject: headerValue(String(subject)),
          html: insertPreheader(body, headerValue(String(preheader))),
          text: text.replace(/\r\n?/g, "\n"),
          links: state.links,
        };
      });
    },
  };
}
