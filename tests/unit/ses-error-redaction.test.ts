import { describe, expect, it } from "vitest";
import { mapSesError } from "../../src/adapters/aws/ses-mailer";

// An SES error's message becomes the failed task's Cause in the Step Functions execution history
// and a line in the function's log, neither of which erasure can reach.
describe("SES errors keep recipients' addresses out of the error they become", () => {
  it("replaces every address in a refused send's message", () => {
    const err = Object.assign(
      new Error(
        "Email address is not verified. The following identities failed the check in region US-EAST-1: Ana.Pii@pii-example.com, bob@pii-example.com",
      ),
      { name: "MessageRejected", $metadata: { httpStatusCode: 400 } },
    );
    const mapped = mapSesError(err) as Error;
    expect(mapped.message).toMatch(/^SES SendEmail failed: MessageRejected: /);
    expect(mapped.message).not.toMatch(/pii-example|Ana\.Pii|bob@/i);
    expect(mapped.message).toContain("<address>");
    expect(String((mapped as { cause?: unknown }).cause ?? "")).not.toMatch(/pii-example/);
  });
});
