/**
 * `torch.special`: the special functions under torch's names (`special.gammaln`,
 * `special.digamma`, `special.erfinv`, `special.ndtri`, `special.i0e`, `special.xlog1py`, ...).
 * The ones the torch namespace also has (`erf`, `i0`, `digamma`, ...) are the same ops.
 *
 * @module
 */

export * from "./functions.ts";
export * from "./special.ts";
