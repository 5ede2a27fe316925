// The local servers in a worker thread of the same process: dynalite and aws-ses-v2-local on free
// loopback ports, so their work runs on a second core while the runtime runs on the first.
import { parentPort } from "node:worker_threads";
import dynalite from "dynalite";

const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
await new Promise((resolve, reject) => {
  dynamo.once("error", reject);
  dynamo.listen(0, "127.0.0.1", resolve);
});
const sesModule = await import("aws-ses-v2-local");
let factory = sesModule.default;
if (typeof factory !== "function") factory = factory?.default;
const ses = await factory({ host: "127.0.0.1", port: 0 });

parentPort.on("message", async (message) => {
  if (message !== "close") return;
  for (const server of [dynamo, ses]) {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(() => resolve()));
  }
  parentPort.postMessage("closed");
});
parentPort.postMessage({ dynamoPort: dynamo.address().port, sesPort: ses.address().port });
