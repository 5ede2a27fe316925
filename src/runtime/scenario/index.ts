export { SCENARIO_API_KEY } from "./deliver";
export { describeCount, type Failure } from "./expectations";
export {
  defaultScenarioFiles,
  reportJson,
  runScenarioFiles,
  type ScenarioReport,
  type TestOptions,
  type TestReport,
} from "./files";
export { type RunScenarioOptions, runScenario, type ScenarioRun } from "./run";
export type { ContactPicture } from "./scenario-timeline";
export { ScenarioSession } from "./session";
