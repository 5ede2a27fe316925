// The website tracking script (docs/website-tracking.md), served minified at GET /t.js from
// src/adapters/http/tracker.generated.ts (npm run tracker rewrites it; a unit test keeps it current).
// __HANDOFF_REQUIRE_CONSENT__ is replaced by true or false as it is served (settings.tracking.requireConsent).
// Plain ES2017 with no dependencies; nothing here may throw into the page.
((requireConsent, w, d) => {
  const script = d.currentScript;
  const site = script?.getAttribute("data-site");
  if (!site || w.handoff?.loaded) return;
  const endpoint = new URL("t", script.src).href;
  const YEAR = 31536000;
  const VISITOR = "hnd_vid";
  const SESSION = "hnd_ses";
  const CONSENT = "hnd_consent";
  // Where a cookie's value lives when the page does not keep cookies: this page's memory.
  const memory = {};
  let pending = [];
  let scheduled = false;
  let pageSeen = false;

  const read = (name) => {
    try {
      const found = d.cookie.match(new RegExp(`(?:^|; )${name}=([^;]*)`));
      if (found) return found[1];
    } catch (_) {}
    return memory[name];
  };
  // maxAge: seconds; undefined for a session cookie, 0 to forget it.
  const write = (name, value, maxAge) => {
    memory[name] = maxAge === 0 ? undefined : value;
    try {
      const age = maxAge === undefined ? "" : `;max-age=${maxAge}`;
      const secure = location.protocol === "https:" ? ";secure" : "";
      d.cookie = `${name}=${value};path=/${age};samesite=lax${secure}`;
    } catch (_) {}
  };
  const randomId = () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    return Array.from(crypto.getRandomValues(new Uint8Array(22)), (byte) => alphabet[byte & 63]).join("");
  };
  // Sending is allowed after consent(true), or, unless consent(false) was said, when neither the
  // deployment (requireConsent) nor the browser (Global Privacy Control) asks to wait for consent.
  const allowed = () => {
    const consent = read(CONSENT);
    return consent === "1" || (consent !== "0" && !requireConsent && navigator.globalPrivacyControl !== true);
  };

  const flush = () => {
    scheduled = false;
    if (!pending.length || !allowed()) return;
    let visitor = read(VISITOR);
    if (!visitor) visitor = randomId();
    write(VISITOR, visitor, YEAR);
    write(SESSION, "1");
    const body = { site, visitor, calls: pending };
    if (read(CONSENT) === "1") body.consent = true;
    pending = [];
    // A string body is text/plain: a simple request, no preflight; keepalive outlives a form's navigation.
    fetch(endpoint, {
      method: "POST",
      body: JSON.stringify(body),
      keepalive: true,
      credentials: "omit",
    }).catch(() => {});
  };
  const call = (entry) => {
    entry.id = randomId();
    pending.push(entry);
    if (!scheduled) {
      scheduled = true;
      Promise.resolve().then(flush);
    }
  };

  const handoff = (command, first, second) => {
    if (command === "page") {
      call({
        type: "page",
        url: location.href,
        title: d.title,
        referrer: d.referrer,
        landing: !pageSeen && !read(SESSION),
      });
      pageSeen = true;
    } else if (command === "identify" && first) call({ type: "identify", traits: first });
    else if (command === "track" && first) call({ type: "track", event: first, properties: second });
    else if (command === "consent") {
      write(CONSENT, first ? "1" : "0", YEAR);
      if (first) return flush();
      pending = [];
      write(VISITOR, "", 0);
      write(SESSION, "", 0);
    }
  };

  // A form marked data-handoff-form="name": on submit, identify by its email field, then form.submitted.
  d.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      const name = form.getAttribute?.("data-handoff-form");
      if (!name) return;
      const field = (fieldName) => form.elements[fieldName]?.value?.trim() || undefined;
      const email = field("email");
      if (email)
        handoff("identify", {
          email,
          firstName: field("firstName"),
          lastName: field("lastName"),
          company: field("company"),
        });
      handoff("track", "form.submitted", { form: name });
    },
    true,
  );

  const queued = w.handoff?.q || [];
  handoff.loaded = true;
  w.handoff = handoff;
  handoff("page");
  for (const args of queued) handoff(...args);
})(__HANDOFF_REQUIRE_CONSENT__, window, document);
