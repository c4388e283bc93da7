/** Injection tokens of the providers that are plain objects rather than classes. */
export const CONFIG = Symbol("CONFIG");
export const DATABASE = Symbol("DATABASE");
