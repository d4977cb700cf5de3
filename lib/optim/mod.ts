/**
 * `optim`: optimisers, as `torch.optim`, and `optim.lr_scheduler`. Every optimiser works with
 * or without `new`: `optim.SGD(params, { lr })`, `new optim.Adam(params, { lr })`.
 *
 * @module
 */

import { Adam as AdamClass, AdamW as AdamWClass } from "./adam.ts";
import { SGD as SGDClass } from "./sgd.ts";

export * from "./optimizer.ts";
export type { AdamGroup, AdamOptions } from "./adam.ts";
export type { SGDOptions } from "./sgd.ts";

/** A class that can also be called without `new`, as torch's classes are. */
// deno-lint-ignore no-explicit-any
export type Callable<C extends new (...args: any[]) => any> =
  & C
  & ((...args: ConstructorParameters<C>) => InstanceType<C>);

// A Proxy keeps the class (instanceof, extends, static members) and adds the call without `new`.
// deno-lint-ignore no-explicit-any
function callable<C extends new (...args: any[]) => any>(cls: C): Callable<C> {
  return new Proxy(cls, {
    apply: (target, _this, args) => new target(...args),
  }) as Callable<C>;
}

/** Stochastic gradient descent: see {@linkcode SGDClass}. */
export const SGD: Callable<typeof SGDClass> = callable(SGDClass);
/** An SGD optimiser instance. */
export type SGD = SGDClass;
/** Adam: see {@linkcode AdamClass}. */
export const Adam: Callable<typeof AdamClass> = callable(AdamClass);
/** An Adam optimiser instance. */
export type Adam = AdamClass;
/** AdamW: see {@linkcode AdamWClass}. */
export const AdamW: Callable<typeof AdamWClass> = callable(AdamWClass);
/** An AdamW optimiser instance. */
export type AdamW = AdamWClass;
