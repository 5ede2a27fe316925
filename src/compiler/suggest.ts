/** "Did you mean" lives in core (the language's own messages use it); the compiler reads it here. */
export * from "../core/suggest";
