/**
 * Counting attribution as events come in (docs/data-model.md, "Counters"): each touch or
 * conversion is one fact, `attr:<event id>`, adding to the `attribution` day rows what the
 * contact's counts are with the event minus what they are without it (src/core/attribution/
 * credits.ts). Counted in any order, the facts add up to the counts of all the contact's events:
 * a late touch re-credits the conversions after it and re-links the journey it falls in.
 */
import type { ContactView, CounterAdd } from "../contact-store";
import type { EngineDeps } from "../engine/deps";
import type { EngagementEvent } from "../model";
import { ATTRIBUTION_SCOPE } from "../reports/counter-names";
import { attributionCounts, type DayCounts, difference, type StageRecord } from "./credits";
import type { JourneyElement } from "./markov";
import { type AttributionConfig, attributionConfig, conversionOf, touchOf } from "./touch";

/** The touch or conversion an event is, if either. */
export function elementOf(event: EngagementEvent, config: AttributionConfig): JourneyElement | undefined {
  const conversion = conversionOf(event, config);
  if (conversion) return { conversion };
  const touch = touchOf(event, config);
  return touch ? { touch } : undefined;
}

/**
 * The contact's touches and conversions, one per event id: an event stored twice under one id
 * (a click retried after a crash is stored again at its new time) counts once, at its first time.
 */
export function contactElements(
  events: readonly EngagementEvent[],
  config: AttributionConfig,
): JourneyElement[] {
  const first = new Map<string, EngagementEvent>();
  for (const event of events) {
    const known = first.get(event.id);
    if (!known || event.at < known.at) first.set(event.id, event);
  }
  return [...first.values()].flatMap((event) => elementOf(event, config) ?? []);
}

/** Whether the element changes any conversion's credits (so the w-shaped milestones are needed). */
function creditsChange(
  element: JourneyElement,
  others: readonly JourneyElement[],
  config: AttributionConfig,
) {
  if ("conversion" in element) return true;
  const at = Date.parse(element.touch.at);
  return others.some((other) => {
    if (!("conversion" in other)) return false;
    const converted = Date.parse(other.conversion.at);
    return converted >= at && converted - config.lookbackSeconds * 1000 <= at;
  });
}

/** Day counts as counter rows of the attribution scope. */
export function attributionAdds(days: DayCounts): CounterAdd[] {
  return [...days].map(([day, row]) => ({ scope: ATTRIBUTION_SCOPE, day, counts: Object.fromEntries(row) }));
}

/**
 * Counts one event once (a redelivery finds it counted): nothing for an event that is neither a
 * touch nor a conversion. `view` holds the contact's events in the rules' window, which reaches
 * back past the lookback (src/core/engine/event-window.ts).
 */
export async function countAttribution(
  deps: Pick<EngineDeps, "store" | "catalog">,
  view: Pick<ContactView, "contact" | "events">,
  event: EngagementEvent,
): Promise<void> {
  const config = attributionConfig(deps.catalog.settings);
  // Most events (opens, sends, deliveries) are neither: nothing to read or add.
  if (!elementOf(event, config)) return;
  const all = contactElements([...view.events, event], config);
  const element = all.find((e) => ("touch" in e ? e.touch.id : e.conversion.id) === event.id);
  if (!element) return;
  const others = all.filter((e) => e !== element);
  const stages: StageRecord = {
    contact: view.contact,
    history: creditsChange(element, others, config) ? await deps.store.stageHistory(event.contactId) : [],
  };
  const counted = difference(
    attributionCounts([...others, element], { config, stages }),
    attributionCounts(others, { config, stages }),
  );
  // Counted even when nothing changes: the first computation is the one that stands.
  await deps.store.countOnce({
    id: `attr:${event.id}`,
    contactId: event.contactId,
    adds: attributionAdds(counted),
  });
}
