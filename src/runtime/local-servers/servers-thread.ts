import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { type LocalDynamo, localDynamo } from "./dynalite-server";
import { type LocalSes, localSes } from "./ses-server";

/**
 * dynalite and aws-ses-v2-local in a worker thread of this process (both still in-process, on free
 * loopback ports): a simulation then uses both cores, the runtime on one and the servers on the other.
 */
export async function startServersThread(): Promise<{ dynamo: LocalDynamo; ses: LocalSes }> {
  const worker = new Worker(new URL("./servers-worker.mjs", import.meta.url));
  const [ports] = (await once(worker, "message")) as [{ dynamoPort: number; sesPort: number }];
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      worker.postMessage("close");
      await once(worker, "message");
      await worker.terminate();
    })();
    return stopped;
  };
  return {
    dynamo: localDynamo(`http://127.0.0.1:${ports.dynamoPort}`, stop),
    ses: localSes(`http://127.0.0.1:${ports.sesPort}`, stop),
  };
}
