import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toTags } from "../../src/adapters/aws/ses-mailer";
import {
  decodeTag,
  encodeTag,
  identityFromTags,
  readSesTags,
  SES_TAG_MAX,
  TAG_SCHEME,
} from "../../src/adapters/aws/ses-tags";
import { ContactInput } from "../../src/core/language";
import { welcomeTags } from "../helpers/ses-event-tags";

const SEED = Number(process.env.FUZZ_SEED ?? 20260310);
const SES_TAG = /^[A-Za-z0-9_-]*$/;

/** Contact ids the API accepts (src/core/language/contact.ts): up to 128 of [A-Za-z0-9._:@-]. */
const apiContactId = fc.string({
  unit: fc.constantFrom(..."AZaz09._:@-_".split(""), "x", "Q", "7"),
  minLength: 1,
  maxLength: 128,
});

describe("SES tag escape", () => {
  it("gives back every string it encoded, in SES's alphabet", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const tag = encodeTag(text);
        expect(tag).toMatch(SES_TAG);
        expect(decodeTag(tag)).toBe(text);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("decodes only what it makes: every tag it accepts encodes back to itself", () => {
    const tagText = fc.string({ unit: fc.constantFrom(..."_dcau0123456789abcdefAZ-x".split("")) });
    fc.assert(
      fc.property(tagText, (tag) => {
        const text = decodeTag(tag);
        if (text !== undefined) expect(encodeTag(text)).toBe(tag);
      }),
      { seed: SEED, numRuns: 2000 },
    );
    for (const foreign of ["crm_42", "a_u002eb", "a_u0041", "a_", "a_x", "ses:configuration-set", "a.b"])
      expect(decodeTag(foreign), foreign).toBeUndefined();
  });

  it("keeps ids that differ only where the old sanitizing made them equal apart", () => {
    const ids = ["crm:42", "crm_42", "crm.42", "crm@42", "crm-42", "crm__42", "crm_d42", "crm_c42"];
    expect(new Set(ids.map(encodeTag)).size).toBe(ids.length);
  });

  it("fits every contact id the API accepts into one tag", () => {
    fc.assert(
      fc.property(apiContactId, (id) => {
        expect(ContactInput.shape.id.safeParse(id).success).toBe(true);
        expect(encodeTag(id).length).toBeLessThanOrEqual(SES_TAG_MAX);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("round-trips the email's identity through the mailer's EmailTags, SES's own tags beside them", () => {
    const tags = toTags(welcomeTags("u:1.2@3_4-5", "trial-nurture.12"));
    for (const tag of tags) {
      expect(tag.Name).toMatch(SES_TAG);
      expect(tag.Value).toMatch(SES_TAG);
    }
    const asSesReturnsThem: Record<string, string[]> = { "ses:configuration-set": ["handoff"] };
    for (const tag of tags) asSesReturnsThem[tag.Name!] = [tag.Value!];
    expect(identityFromTags(asSesReturnsThem)).toEqual({
      contactId: "u:1.2@3_4-5",
      enrollmentId: "trial-nurture.12",
      workflowId: "trial-nurture",
      stepId: "welcome",
    });
  });

  it("reads no identity from tags without the scheme marker (emails sent before it)", () => {
    expect(readSesTags({ contact: ["crm_42"], step: ["welcome"] })).toEqual({});
    expect(readSesTags({ [TAG_SCHEME.name]: [TAG_SCHEME.value], contact: ["crm_c42"] })).toEqual({
      contact: "crm:42",
    });
  });
});
