/**
 * zod/mini, the schema library of everything a Lambda handler parses (input-schemas.ts,
 * src/core/engine/payloads.ts, the AWS event adapters): 26-37 KB of a bundle, English locale
 * included, where classic `zod` costs about 450 KB (it does not tree-shake). Mini carries no locale
 * of its own, so this module sets the English messages classic zod sets for itself: a handler's 4xx
 * reasons and errors read the same whichever flavour parsed them. Import it as
 * `import * as z from "./zod-mini"`, never "zod/mini" directly (a re-export of every name keeps
 * esbuild's tree shaking: only the names used are bundled).
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());

export * from "zod/mini";
