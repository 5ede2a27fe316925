export * from "../../src/adapters/local/ses-server";
