/**
 * `torch.special`: the special functions under torch's names (`special.gammaln`,
 * `special.digamma`, `special.erfinv`, `special.ndtri`, `special.i0e`, `special.xlog1py`, ...).
 * The ones the torch namespace also has (`lgamma`, `erf`, `i0`, ...) are the same ops.
 *
 * @module
 */

export {
  entr,
  erf,
  erfc,
  erfcx,
  erfinv,
  exp2,
  i0,
  i0e,
  i1,
  i1e,
  log_ndtr,
  logit,
  ndtr,
  ndtri,
  polygamma,
  sinc,
  xlog1py,
  xlogy,
} from "./functions.ts";
export * from "./special.ts";
