import { describe, expect, it } from "vitest";
import { pageTouch, referrerChannel } from "../../src/core/engine/page-touch";

describe("referrerChannel: where a referrer sends a visitor from", () => {
  it.each([
    ["https://www.google.com/", "organic-search"],
    ["https://www.google.co.uk/search?q=handoff", "organic-search"],
    ["https://duckduckgo.com/", "organic-search"],
    ["https://search.yahoo.com/search?p=x", "organic-search"],
    ["https://www.bing.com/search?q=x", "organic-search"],
    ["https://search.brave.com/search?q=x", "organic-search"],
    ["https://t.co/abc", "organic-social"],
    ["https://m.facebook.com/", "organic-social"],
    ["https://www.linkedin.com/feed/", "organic-social"],
    ["https://news.example.com/post/1", "referral"],
    ["https://googleblog.example/", "referral"],
    ["", "direct"],
    [undefined, "direct"],
    ["not a url", "direct"],
  ])("%s → %s", (referrer, channel) => {
    expect(referrerChannel(referrer)).toBe(channel);
  });
});

describe("pageTouch: the touch a page view carries", () => {
  const url = "https://www.acme.example/pricing";

  it("a landing URL's UTM parameters become source, medium and campaign (before any referrer)", () => {
    const landing = `${url}?utm_source=newsletter&utm_medium=email&utm_campaign=spring&x=1`;
    expect(pageTouch({ url: landing, referrer: "https://www.google.com/", landing: true })).toEqual({
      source: "newsletter",
      medium: "email",
      campaign: "spring",
    });
    expect(pageTouch({ url: `${url}?utm_source=partner`, landing: true })).toEqual({ source: "partner" });
  });

  it("without UTM, a landing page's referrer gives the channel and its host the source", () => {
    expect(pageTouch({ url, referrer: "https://www.google.com/", landing: true })).toEqual({
      channel: "organic-search",
      source: "google.com",
    });
    expect(pageTouch({ url, referrer: "https://blog.partner.example/a", landing: true })).toEqual({
      channel: "referral",
      source: "blog.partner.example",
    });
  });

  it("a landing page with no referrer is direct", () => {
    expect(pageTouch({ url, landing: true })).toEqual({ channel: "direct" });
    expect(pageTouch({ url, referrer: "", landing: true })).toEqual({ channel: "direct" });
  });

  it("internal navigation is no touch: a later page of the visit, or a referrer on the page's own host", () => {
    expect(pageTouch({ url, referrer: "https://www.google.com/" })).toEqual({});
    expect(pageTouch({ url: `${url}?utm_source=x`, landing: false })).toEqual({});
    expect(pageTouch({ url, referrer: "https://acme.example/", landing: true })).toEqual({});
  });
});
