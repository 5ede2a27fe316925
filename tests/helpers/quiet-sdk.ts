import "../../src/adapters/local/quiet-sdk";
