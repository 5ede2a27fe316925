import { catalogFromWorkspace, type WorkspaceCatalog } from "../../compiler/catalog";
import type { Scenario } from "../../core/language";
import { type LocalServers, startLocalServers, stopLocalServers } from "../local-backend";
import { type RunScenarioOptions, runScenario, type ScenarioRun } from "./run";

/**
 * What the scenarios of one run share, each started once and only when the first scenario runs:
 * the compiled catalog (workflows, templates, machines) and, on "servers", the servers thread.
 * Each scenario still gets its own runtime: a fresh store (in memory, or a fresh table), clock,
 * token broker, captured Slack and ids; on the servers the SES mailbox is emptied first.
 */
export class ScenarioSession {
  private catalog: Promise<WorkspaceCatalog> | undefined;
  private servers: Promise<LocalServers> | undefined;

  constructor(private readonly options: Omit<RunScenarioOptions, "catalog" | "sharedServers"> = {}) {}

  /** Runs one scenario in a fresh runtime on the session's catalog (and servers). */
  async run(scenario: Scenario): Promise<ScenarioRun> {
    const { options } = this;
    this.catalog ??= catalogFromWorkspace({
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.workflowsDir ? { workflowsDir: options.workflowsDir } : {}),
      ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    });
    const catalog = await this.catalog;
    if ((options.backend ?? "servers") === "memory") return runScenario(scenario, { ...options, catalog });
    this.servers ??= startLocalServers();
    return runScenario(scenario, { ...options, catalog, sharedServers: await this.servers });
  }

  /** Stops the servers the session started (if it did); the session can run no more after. */
  async close(): Promise<void> {
    const servers = this.servers;
    this.servers = undefined;
    if (servers) await stopLocalServers(await servers);
  }
}
