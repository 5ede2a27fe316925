/**
 * How every function is bundled (sst's `nodejs` options: esbuild), in one place that the stacks
 * (stacks/lambda-functions.ts) and the bench (bench/bundles.ts) both read, so the bench measures
 * exactly the bundles the stacks deploy. No CDK imports.
 */
import { secretShimPlugin } from "./secret-shim-plugin";

/** Where a function's AWS SDK v3 comes from: its own bundle, or the Lambda runtime's copy. */
export type SdkSource = "bundled" | "runtime";

/**
 * Bundled: the versions the tests ran against, tree-shaken and minified (docs/deploy.md, "The AWS
 * SDK: bundled", with the bench's figures of both ways).
 */
export const SDK_SOURCE: SdkSource = "bundled";

/**
 * Left out of the bundle when the runtime's SDK is used: the clients and their @smithy parts both
 * (a bundled @smithy part beside the runtime's clients would be another version of the same code).
 */
export const RUNTIME_SDK_PACKAGES = ["@aws-sdk/*", "@smithy/*"];

/** The esbuild options of the function whose handler file is `entry` (absolute): the secret shim first. */
export function functionEsbuildOptions(entry: string, sdk: SdkSource = SDK_SOURCE) {
  return {
    plugins: [secretShimPlugin(entry)],
    ...(sdk === "runtime" ? { external: RUNTIME_SDK_PACKAGES } : {}),
  };
}
