import "../../src/runtime/local-servers/quiet-sdk";
