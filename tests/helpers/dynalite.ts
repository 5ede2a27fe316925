export * from "../../src/runtime/local-servers/dynalite-server";
