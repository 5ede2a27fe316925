/**
 * The one way Handoff makes an SES v2 client (the Lambda wiring and the local runtime alike).
 *
 * Step Functions owns retries: the client makes one attempt per send (the SDK's default of 3 made
 * one send reach SES 3 times), and gives up on a request SES does not answer, so the send step
 * learns of it while it still runs and can record the send as uncertain (src/core/engine/send-email.ts).
 */
import { SESv2Client } from "@aws-sdk/client-sesv2";

/** Attempts per SendEmail call: a retry is a new execution step, never the SDK's own. */
export const SES_MAX_ATTEMPTS = 1;
/** No TCP connection within this long: certainly nothing sent. */
export const SES_CONNECTION_TIMEOUT_MS = 2_000;
/** No answer within this long (SES answers in well under a second): the send's outcome is unknown. */
export const SES_REQUEST_TIMEOUT_MS = 5_000;

export interface SesClientOptions {
  region?: string;
  /** A local server's URL (the local runtime, tests); AWS's own endpoint when absent. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createSesClient(options: SesClientOptions = {}): SESv2Client {
  return new SESv2Client({
    ...options,
    maxAttempts: SES_MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: SES_CONNECTION_TIMEOUT_MS,
      requestTimeout: SES_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
}
