/**
 * zod/mini, the schema library of everything a Lambda handler parses (input-schemas.ts,
 * src/core/engine/payloads.ts, the AWS event adapters): about 18 KB in a bundle where classic `zod`
 * costs about 450 KB (it does not tree-shake). Mini carries no locale of its own, so this module sets
 * the English messages classic zod sets for itself: a handler's 4xx reasons and errors read the same
 * whichever flavour parsed them. Import `z` from here, never from "zod/mini" directly.
 */

import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

z.config(en());

export { z };
