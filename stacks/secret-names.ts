/**
 * The SST secrets (`npx sst secrets set NAME value --stage …`), named after the environment
 * variables functions/wiring.ts reads. Kept free of imports: the Lambda bundles include this file.
 */
export const SECRET_NAMES = {
  /** JSON `{ "current": "k1", "keys": { "k1": "<at least 16 characters>" } }`: signs links and reply addresses. */
  tokenKeys: "HANDOFF_TOKEN_KEYS",
  /** JSON `{ "sales-handoffs": "https://hooks.slack.com/services/…" }`: one webhook per settings.slack channel. */
  slackWebhooks: "HANDOFF_SLACK_WEBHOOKS",
  /** JSON `[{ "name", "key", "scope", "rate"? }, …]`: x-api-key values with their scope (docs/deploy.md). */
  apiKeys: "HANDOFF_API_KEYS",
  /** JSON `["<secret>", …]`: HMAC secrets for x-handoff-signature (signed requests act as `ingest`). */
  signingSecrets: "HANDOFF_SIGNING_SECRETS",
  /** JSON `{ "<settings.webhooks[].secret>": "<signing key>" }`: signs the webhook events (docs/webhooks.md). */
  webhookSecrets: "HANDOFF_WEBHOOK_SECRETS",
} as const;

/**
 * The variable naming, as JSON `["ASANA_TOKEN", …]`, the secrets settings name (settings.integrations
 * .asana.tokenSecret): the shim copies those bound to the function too, under their own names.
 */
export const SETTINGS_SECRETS_VARIABLE = "HANDOFF_SETTINGS_SECRETS";
