import { describe, expect, it } from "vitest";
import { formFields } from "../../src/adapters/http/form";
import type { HttpRequest } from "../../src/adapters/http/types";
import { asksToUnsubscribe } from "../../src/core/engine/replies";

// Issue 12, finding 5: the bodies an RFC 8058 one-click POST comes in, and replies that ask to unsubscribe.
const post = (body: string, type?: string): HttpRequest => ({
  method: "POST",
  path: "/u/x",
  query: {},
  headers: type === undefined ? {} : { "content-type": type },
  body,
});

describe("the fields of an unsubscribe POST", () => {
  it("reads urlencoded forms, with or without the content type", () => {
    expect(formFields(post("List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"))).toEqual(
      new Map([["List-Unsubscribe", "One-Click"]]),
    );
    expect(formFields(post("confirm=yes&x=%20y")).get("x")).toBe(" y");
  });

  it("reads multipart/form-data parts: CRLF or LF, quoted boundary, extra parameters", () => {
    const crlf =
      '--b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b1\r\nContent-Disposition: form-data; name="note"; filename="n.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b1--\r\n';
    expect(formFields(post(crlf, "multipart/form-data; boundary=b1"))).toEqual(
      new Map([
        ["List-Unsubscribe", "One-Click"],
        ["note", "hi"],
      ]),
    );
    const body = `--b 2\ncontent-disposition: FORM-DATA; name="List-Unsubscribe"\n\nOne-Click\n--b 2--`;
    expect(
      formFields(post(body, 'Multipart/Form-Data; charset=utf-8; boundary="b 2"')).get("List-Unsubscribe"),
    ).toBe("One-Click");
  });

  it("gives no fields for a broken multipart body, a missing boundary or an unnamed part", () => {
    const part = 'Content-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n';
    expect(formFields(post(`--b\r\n${part}--b--`, "multipart/form-data")).size).toBe(0);
    expect(formFields(post(`--b\r\nno blank line\r\n--b--`, "multipart/form-data; boundary=b")).size).toBe(0);
    expect(
      formFields(
        post(`--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--`, "multipart/form-data; boundary=b"),
      ).size,
    ).toBe(0);
    expect(formFields(post(`--b--\r\n--b\r\n${part}`, "multipart/form-data; boundary=b")).size).toBe(0);
  });
});

describe("a reply that asks to unsubscribe", () => {
  it("is one whose subject, reply prefixes aside, is only the request", () => {
    for (const subject of [
      "unsubscribe",
      "Re: Unsubscribe",
      "RE: AW: remove me",
      "Opt-out!",
      "STOP",
      "Abmelden",
    ])
      expect(asksToUnsubscribe({ subject }), subject).toBe(true);
    for (const subject of [
      "Re: Quick question",
      "Re: Stop wasting time on reports",
      "how do I unsubscribe my team from the beta?",
      "",
    ])
      expect(asksToUnsubscribe({ subject }), subject).toBe(false);
  });
});
