import type { LocalRuntime } from "../../src/runtime/local-runtime.js";
import { simulate } from "../../src/runtime/simulate/simulator.js";
import { REPO } from "./workspace.js";

/** A simulated run of the repository's workflows on the memory store: how many contacts, which seed, how many days. */
export interface OpenSimulationOptions {
  contacts: number;
  seed: number;
  days: number;
}

/**
 * Runs the simulation and holds its runtime open afterwards (as `npm start -- --serve` does), so a
 * test can serve and read the simulated data; `close` lets the simulation finish.
 */
export async function openSimulation(
  options: OpenSimulationOptions,
): Promise<{ runtime: LocalRuntime; close(): Promise<void> }> {
  let release = () => {};
  let simulation: Promise<unknown> = Promise.resolve();
  const runtime = await new Promise<LocalRuntime>((resolve, reject) => {
    simulation = simulate({
      cwd: REPO,
      ...options,
      backend: "memory",
      keepOpen: (opened) => {
        resolve(opened);
        return new Promise<void>((done) => {
          release = done;
        });
      },
    }).catch(reject);
  });
  return {
    runtime,
    close: async () => {
      release();
      await simulation;
    },
  };
}
