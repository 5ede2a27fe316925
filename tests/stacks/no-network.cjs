// Preloaded (NODE_OPTIONS=--require) into the `sst build` the stack tests run: every TCP connection
// to anything but the loopback interface is refused and written to HANDOFF_NETWORK_LOG, so a test
// can prove the build needed nothing but the local endpoint.
const fs = require("node:fs");
const net = require("node:net");

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);
const log = process.env.HANDOFF_NETWORK_LOG;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first !== null && typeof first === "object" ? first : { port: first, host: args[1] };
  if (options.path === undefined) {
    const host = options.host ?? "localhost";
    if (!LOOPBACK.has(host)) {
      if (log) fs.appendFileSync(log, `${process.pid} ${host}:${options.port}\n`);
      const error = new Error(`the stack tests allow no network: ${host}:${options.port}`);
      error.code = "ECONNREFUSED";
      process.nextTick(() => this.destroy(error));
      return this;
    }
  }
  return connect.apply(this, args);
};
