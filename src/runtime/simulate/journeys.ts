/**
 * Prospects' journeys outside email: the touch each arrives by (its first page view, posted as it
 * starts), more touches over the following days (ads, searches, referrals, webinars), and the deals
 * some close after a handoff or a booked meeting, so a simulation has conversions to attribute.
 */
import type { Catalog } from "../../core/engine/deps";
import { type ContactInput, conversionEventsOf, type Scalar } from "../../core/language";
import { type Act, enrollingCheck } from "./activity";
import type { Actor } from "./actor";
import { LATER_TOUCHES, TOUCH_EVENT, TOUCHES, type TouchName } from "./channels";
import type { Persona } from "./personas";
import type { Prospect } from "./prospects";
import { Random } from "./random";

const DAY = 86_400_000;

/** An event as the website posts it to /events, identifying the prospect. */
export interface PostedEvent {
  id: string;
  contact: ContactInput;
  event: string;
  properties: Record<string, Scalar>;
}

/** A deal's amount, from the smallest to the largest (drawn evenly on a log scale: small deals are common). */
export const DEAL_AMOUNT = { least: 5_000, most: 60_000 } as const;

export interface JourneysOptions {
  /** Who posts the events on virtual time (the prospects' reactions.ts). */
  actor: Pick<Actor, "track">;
  seed: number;
  catalog: Catalog;
}

/** The touch `name` as a prospect makes it: one page view with the touch's properties. */
function touchAct(name: TouchName): Act {
  return { event: TOUCH_EVENT, properties: { ...TOUCHES[name] }, times: 1 };
}

/** A deal's amount from its stream: 5,000 to 60,000 in hundreds. */
export function dealAmount(random: Random): number {
  const { least, most } = DEAL_AMOUNT;
  return Math.round((least * (most / least) ** random.next()) / 100) * 100;
}

export class Journeys {
  /** Contacts whose deal is decided (won or not): a contact decides once, at its first handoff or meeting. */
  private readonly decided = new Set<string>();
  private readonly enrolls: (act: Act) => boolean;
  /** The event a won deal is: the workspace's first conversion (settings.attribution; deal.won by default). */
  private readonly conversion: string;

  constructor(private readonly options: JourneysOptions) {
    this.enrolls = enrollingCheck(options.catalog);
    this.conversion = conversionEventsOf(options.catalog.settings)[0]!;
  }

  /**
   * The page view the prospect arrived by (its first touch), as the website posts it just before the
   * prospect starts, identifying it; undefined when a page view would enroll the prospect in some
   * workflow. Posted on its own, so that the entry's request is no heavier under faults.
   */
  landing(prospect: Prospect): PostedEvent | undefined {
    const act = touchAct(prospect.arrival);
    if (this.enrolls(act)) return undefined;
    const { contact } = prospect;
    return { id: `touch/${contact.id}/0`, contact, event: act.event, properties: act.properties };
  }

  /** After its entry the prospect comes back a few times (its persona's `returns`) over the next three weeks. */
  onEntry(contactId: string, persona: Persona): void {
    const random = Random.for(this.options.seed, contactId, "touches");
    const [fewest, most] = persona.returns;
    const count = fewest + Math.floor(random.next() * (most - fewest + 1));
    for (let i = 1; i <= count; i++) {
      const act = touchAct(random.weighted(LATER_TOUCHES));
      const after = random.between(1, 21) * DAY;
      if (!this.enrolls(act)) this.options.actor.track(contactId, act, { after, key: `touch/${i}` });
    }
  }

  /**
   * A handoff, or a meeting booked `after` ms from now: with its persona's `deal` chance (decided
   * once per contact, at its first such moment) the prospect opens a deal a day or three later and
   * wins it one or two weeks later, with an amount.
   */
  onSalesMoment(contactId: string, persona: Persona, { after }: { after: number }): void {
    if (this.decided.has(contactId)) return;
    this.decided.add(contactId);
    const random = Random.for(this.options.seed, contactId, "deal");
    if (!random.chance(persona.deal)) return;
    const amount = dealAmount(random);
    const opened: Array<[Act, number]> = [
      [{ event: "deal.created", properties: { amount }, times: 1 }, after + random.between(1, 3) * DAY],
    ];
    const won: [Act, number] = [
      { event: this.conversion, properties: { amount }, times: 1 },
      after + random.between(4, 14) * DAY,
    ];
    for (const [act, at] of this.conversion === "deal.created" ? [won] : [...opened, won])
      if (!this.enrolls(act))
        this.options.actor.track(contactId, act, { after: at, key: `deal/${act.event}` });
  }
}
