/**
 * The Liquid engines of one renderer: `html` escapes every output (values land in HTML), `slack`
 * escapes Slack's control characters (values land in a Slack message), `text` does not (plain-text
 * part, subject, preheader). All have strict filters, read no files (`include`, `render` and
 * `layout` find nothing) and know Handoff's `track` filter.
 */
import { type FS, Liquid, type Template } from "liquidjs";
import { escapeSlack } from "./slack";

/** What `track` needs during one render: the caller's link wrapper and the links seen so far. */
export interface TrackState {
  trackLink: (url: string, tag: string) => string;
  /** Link tag → original URL, in order of first use; the first URL of a tag wins. */
  links: Record<string, string>;
  /** tag and URL → tracked URL, so the HTML and the text part share one tracked URL per link. */
  tracked: Map<string, string>;
}

export interface LiquidEngines {
  html: Liquid;
  text: Liquid;
  slack: Liquid;
  /** Runs `render` (synchronous) with `state` serving the `track` filter. */
  withTracking<T>(state: TrackState, render: () => T): T;
}

const noFiles: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file) => {
    throw new Error(`templates cannot include files (${file})`);
  },
  readFileSync: (file) => {
    throw new Error(`templates cannot include files (${file})`);
  },
  resolve: (_dir, file) => file,
};

function track(state: TrackState | undefined, url: unknown, tag: unknown): string {
  if (typeof url !== "string" || url.trim() === "") throw new Error("track: the link is empty");
  if (typeof tag !== "string" || tag === "")
    throw new Error(`track: ${url} needs a link tag, as in {{ '${url}' | track: 'pricing' }}`);
  const target = url.trim();
  // Only web links are tracked: mailto:, tel: and the like are left as they are.
  if (!state || !/^https?:\/\//i.test(target)) return target;
  const key = `${tag}\u0000${target}`;
  let tracked = state.tracked.get(key);
  if (tracked === undefined) {
    tracked = state.trackLink(target, tag);
    state.tracked.set(key, tracked);
  }
  if (!Object.hasOwn(state.links, tag)) state.links[tag] = target;
  return tracked;
}

/** Two engines sharing one `track` filter and one tracking state. */
export function createLiquidEngines(): LiquidEngines {
  let active: TrackState | undefined;
  const make = (escaping: "html" | "slack" | "none") => {
    const engine = new Liquid({
      strictFilters: true,
      ownPropertyOnly: true,
      fs: noFiles,
      relativeReference: false,
      ...(escaping === "html" ? { outputEscape: "escape" as const } : {}),
      ...(escaping === "slack" ? { outputEscape: (value: unknown) => escapeSlack(String(value)) } : {}),
    });
    engine.registerFilter("track", (url: unknown, tag: unknown) => track(active, url, tag));
    // Liquid's `raw` skips the output escape; in a Slack message nothing may: it is a no-op there.
    if (escaping === "slack") engine.registerFilter("raw", (value: unknown) => value);
    return engine;
  };
  return {
    html: make("html"),
    text: make("none"),
    slack: make("slack"),
    withTracking(state, render) {
      const previous = active;
      active = state;
      try {
        return render();
      } finally {
        active = previous;
      }
    },
  };
}

/** Parses `source` with `engine`, naming `file` in a syntax error. */
export function parseLiquid(engine: Liquid, source: string, file: string): Template[] {
  try {
    return engine.parse(source, file);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}
