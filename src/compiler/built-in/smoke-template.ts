/**
 * The built-in template `handoff-smoke` (SMOKE_TEMPLATE in src/core/smoke.ts), sent by both smoke
 * workflows: one tracked link tagged SMOKE_LINK_TAG to SMOKE_LINK_TARGET, and the unsubscribe link
 * and postal address every template carries (docs/campaign-language.md, section 11).
 */
import { SMOKE_LINK_TAG, SMOKE_LINK_TARGET } from "../../core/smoke";

const trackedLink = `{{ '${SMOKE_LINK_TARGET}' | track: '${SMOKE_LINK_TAG}' }}`;

export const SMOKE_TEMPLATE_MJML = `<mjml>
  <mj-body width="600px">
    <mj-section padding="0">
      <mj-column>
        <mj-text font-family="Arial, Helvetica, sans-serif" font-size="14px" line-height="21px" color="#222222" padding="8px 0">
          <p style="margin:0 0 14px 0;">This is a Handoff smoke test ({{ campaign.name }}), sent by <code>handoff smoke</code> to an address of the SES mailbox simulator. Nobody reads it.</p>
          <p style="margin:0 0 24px 0;">The smoke test follows <a href="${trackedLink}" style="color:#1a0dab;">its one tracked link</a>.</p>
          <p style="margin:0;font-size:11px;line-height:16px;color:#888888;"><a href="{{ unsubscribeUrl }}" style="color:#888888;">Unsubscribe</a>.<br />{{ settings.organization }}, {{ settings.postalAddress }}</p>
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;

export const SMOKE_TEMPLATE_TEXT = `This is a Handoff smoke test ({{ campaign.name }}), sent by handoff smoke to an address of the SES mailbox simulator. Nobody reads it.

The smoke test follows its one tracked link:
${trackedLink}

--
Unsubscribe: {{ unsubscribeUrl }}
{{ settings.organization }}, {{ settings.postalAddress }}
`;
