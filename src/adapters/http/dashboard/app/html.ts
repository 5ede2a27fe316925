import htm from "htm";
import { h } from "preact";

/** Tagged-template JSX for preact: no compile step for the markup (htm). */
export const html = htm.bind(h);
