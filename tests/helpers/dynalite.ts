export * from "../../src/adapters/local/dynalite-server";
