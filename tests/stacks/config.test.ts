import { describe, expect, it } from "vitest";
import { bareAddress, compileMachines, senders, stageConfig, stateMachineName } from "../../stacks/config";
import { DEPLOYED_WORKFLOWS, REPO } from "../helpers/workspace";

// The stage settings the stacks derive from workflows/ (no synthesis: milliseconds).

describe("stack settings derived from the workflows", () => {
  const { settings, machines } = compileMachines(REPO);

  it("compiles every campaign and sequence, noting the functions each machine calls", () => {
    expect(machines.map((m) => m.id).sort()).toEqual([...DEPLOYED_WORKFLOWS].sort());
    const trial = machines.find((m) => m.id === "trial-nurture")!;
    expect(trial.functions).toEqual(expect.arrayContaining(["sendEmail", "pause", "handoff"]));
    expect(trial.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it("SES may send as the sender domains and, for owner-built senders, exactly the owners", () => {
    const { fromAddresses, identities } = senders(settings, machines);
    expect(fromAddresses).toContain("*@mail.acme.example");
    for (const owner of settings.owners) expect(fromAddresses).toContain(owner.email);
    expect(fromAddresses).not.toContain("*@acme.example");
    expect(identities).toEqual(["acme.example", "mail.acme.example"]);
  });

  it("refuses a sender built from merge fields it cannot enumerate", () => {
    const trial = machines.find((m) => m.id === "trial-nurture")!;
    const odd = { ...trial, senders: [...trial.senders, "{{ contact.company }} <x@y.example>"] };
    expect(() => senders(settings, [odd])).toThrow(/extraFromAddresses/);
  });

  it("a machine's senders, read from its workflow, are exactly the From of the email steps in its ASL", () => {
    const fromInAsl = (node: unknown): string[] => {
      if (Array.isArray(node)) return node.flatMap(fromInAsl);
      if (!node || typeof node !== "object") return [];
      const record = node as Record<string, unknown>;
      const own = record.type === "email" && typeof record.from === "string" ? [record.from] : [];
      return [...own, ...Object.values(record).flatMap(fromInAsl)];
    };
    for (const machine of machines) {
      expect(machine.senders.length, machine.id).toBeGreaterThan(0);
      expect([...machine.senders].sort(), machine.id).toEqual(
        [...new Set(fromInAsl(JSON.parse(machine.asl)))].sort(),
      );
    }
  });

  it("stages: prod is production; replies on reply.<sending domain>; links on settings.links.baseUrl", () => {
    const prod = stageConfig("prod", settings, machines);
    expect(prod.production).toBe(true);
    expect(prod.replyDomain).toBe("reply.mail.acme.example");
    expect(prod.links.domain).toBe("go.acme.example");
    const dev = stageConfig("alice", settings, machines, { replyDomain: false });
    expect(dev.production).toBe(false);
    expect(dev.replyDomain).toBeUndefined();
  });

  it("a deployed stage refuses links that are not https, even the local-development http://localhost", () => {
    const local = { ...settings, links: { baseUrl: "http://localhost:3000" } };
    expect(() => stageConfig("alice", local, machines)).toThrow(/settings.links.baseUrl .*https/);
    expect(() => stageConfig("alice", settings, machines, { linksBaseUrl: "http://localhost:3000" })).toThrow(
      /stage alice: linksBaseUrl .*https/,
    );
  });

  it("a stage with its own linksBaseUrl links there and answers on its domain, not settings.links.baseUrl's", () => {
    const staging = stageConfig("staging", settings, machines, {
      linksBaseUrl: "https://links.staging.acme.example/",
      linksCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/staging",
    });
    expect(staging.links).toEqual({
      baseUrl: "https://links.staging.acme.example",
      domain: "links.staging.acme.example",
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/staging",
    });
    expect(stageConfig("prod", settings, machines).links.baseUrl).toBe(settings.links.baseUrl);
  });

  it("paces sending at SES's default 14 emails a second unless the stage sets its own rate", () => {
    expect(stageConfig("prod", settings, machines).sendRatePerSecond).toBe(14);
    expect(stageConfig("prod", settings, machines, { sendRatePerSecond: 50 }).sendRatePerSecond).toBe(50);
    for (const bad of [0, 2.5, -1])
      expect(() => stageConfig("prod", settings, machines, { sendRatePerSecond: bad })).toThrow(
        /sendRatePerSecond .*whole emails a second/,
      );
  });

  it("names machines <stage>-<app>-<workflow> within 80 characters", () => {
    expect(stateMachineName("handoff", "prod", "trial-nurture")).toBe("prod-handoff-trial-nurture");
    expect(() => stateMachineName("handoff", "prod", "x".repeat(70))).toThrow(/80/);
    expect(bareAddress("Acme <Hello@Mail.Acme.Example>")).toBe("hello@mail.acme.example");
  });

  it("CORS: no origins unless a stage lists them; only exact https origins are accepted", () => {
    expect(stageConfig("alice", settings, machines).corsOrigins).toEqual([]);
    const listed = stageConfig("prod", settings, machines, { corsOrigins: ["https://app.acme.example"] });
    expect(listed.corsOrigins).toEqual(["https://app.acme.example"]);
    for (const bad of [
      "*",
      "https://app.acme.example/",
      "http://app.acme.example",
      "app.acme.example",
      "https://*.acme.example",
    ])
      expect(() => stageConfig("prod", settings, machines, { corsOrigins: [bad] })).toThrow(/corsOrigins/);
  });

  it("API throttles: the public link routes and the keyed routes each have their own", () => {
    const prod = stageConfig("prod", settings, machines);
    expect(prod.apiThrottles.public.rate).toBeGreaterThan(0);
    expect(prod.apiThrottles.keyed.rate).toBeGreaterThan(0);
    const tuned = stageConfig("prod", settings, machines, {
      apiThrottles: { keyed: { rate: 20, burst: 40 } },
    });
    expect(tuned.apiThrottles.keyed).toEqual({ rate: 20, burst: 40 });
    expect(tuned.apiThrottles.public).toEqual(prod.apiThrottles.public);
  });
});
