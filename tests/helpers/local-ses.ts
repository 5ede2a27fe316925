export * from "../../src/runtime/local-servers/ses-server";
