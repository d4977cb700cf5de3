/**
 * `optim`: optimisers, as `torch.optim`. `optim.SGD(params, { lr })` and
 * `optim.Adam(params, { lr })` work with or without `new`.
 *
 * @module
 */

import { Adam as AdamClass, type AdamOptions } from "./adam.ts";
import { SGD as SGDClass, type SGDOptions } from "./sgd.ts";
import type { ParamGroupInput } from "./optimizer.ts";
import type { Tensor } from "../tensor/tensor.ts";

export * from "./optimizer.ts";
export type { AdamOptions, SGDOptions };

/** `optim.SGD(params, options)` or `new optim.SGD(params, options)`. */
export interface SGDConstructor {
  /** Builds the optimiser. */
  new (
    params: Iterable<Tensor> | Iterable<ParamGroupInput<Required<SGDOptions>>>,
    options: SGDOptions,
  ): SGDClass;
  /** Builds the optimiser. */
  (
    params: Iterable<Tensor> | Iterable<ParamGroupInput<Required<SGDOptions>>>,
    options: SGDOptions,
  ): SGDClass;
}

/** `optim.Adam(params, options)` or `new optim.Adam(params, options)`. */
export interface AdamConstructor {
  /** Builds the optimiser. */
  new (
    params: Iterable<Tensor> | Iterable<ParamGroupInput<Required<AdamOptions>>>,
    options?: AdamOptions,
  ): AdamClass;
  /** Builds the optimiser. */
  (
    params: Iterable<Tensor> | Iterable<ParamGroupInput<Required<AdamOptions>>>,
    options?: AdamOptions,
  ): AdamClass;
}

// A Proxy keeps the class (instanceof, extends) and adds the call without `new`.
// deno-lint-ignore no-explicit-any
const callable = <C extends new (...args: any[]) => any>(cls: C) =>
  new Proxy(cls, { apply: (target, _this, args) => new target(...args) });

/** Stochastic gradient descent: see {@linkcode SGDClass}. */
export const SGD: SGDConstructor = callable(SGDClass) as unknown as SGDConstructor;
/** An SGD optimiser instance. */
export type SGD = SGDClass;
/** Adam: see {@linkcode AdamClass}. */
export const Adam: AdamConstructor = callable(AdamClass) as unknown as AdamConstructor;
/** An Adam optimiser instance. */
export type Adam = AdamClass;
