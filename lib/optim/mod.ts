/**
 * `optim`: optimisers, as `torch.optim`, and `optim.lr_scheduler`. Every optimiser works with
 * or without `new`: `optim.SGD(params, { lr })`, `new optim.Adam(params, { lr })`.
 *
 * @module
 */

import { Adam as AdamClass, AdamW as AdamWClass } from "./adam.ts";
import { SGD as SGDClass } from "./sgd.ts";
import { Adagrad as AdagradClass } from "./adagrad.ts";
import { RMSprop as RMSpropClass } from "./rmsprop.ts";
import {
  Adamax as AdamaxClass,
  NAdam as NAdamClass,
  RAdam as RAdamClass,
} from "./adam_variants.ts";
import { Adadelta as AdadeltaClass, Rprop as RpropClass } from "./adadelta_rprop.ts";
import { LBFGS as LBFGSClass } from "./lbfgs.ts";

import { type Callable, callable } from "./callable.ts";

export * from "./optimizer.ts";
export type { Callable } from "./callable.ts";
export * as lr_scheduler from "./lr_scheduler.ts";
export type { AdamGroup, AdamOptions } from "./adam.ts";
export type { SGDOptions } from "./sgd.ts";
export type { AdagradOptions } from "./adagrad.ts";
export type { RMSpropOptions } from "./rmsprop.ts";
export type { AdamaxOptions, NAdamOptions, RAdamOptions } from "./adam_variants.ts";
export type { AdadeltaOptions, RpropOptions } from "./adadelta_rprop.ts";
export type { LBFGSOptions } from "./lbfgs.ts";

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
/** Adamax: see {@linkcode AdamaxClass}. */
export const Adamax: Callable<typeof AdamaxClass> = callable(AdamaxClass);
/** An Adamax optimiser instance. */
export type Adamax = AdamaxClass;
/** NAdam: see {@linkcode NAdamClass}. */
export const NAdam: Callable<typeof NAdamClass> = callable(NAdamClass);
/** A NAdam optimiser instance. */
export type NAdam = NAdamClass;
/** RAdam: see {@linkcode RAdamClass}. */
export const RAdam: Callable<typeof RAdamClass> = callable(RAdamClass);
/** A RAdam optimiser instance. */
export type RAdam = RAdamClass;
/** RMSprop: see {@linkcode RMSpropClass}. */
export const RMSprop: Callable<typeof RMSpropClass> = callable(RMSpropClass);
/** An RMSprop optimiser instance. */
export type RMSprop = RMSpropClass;
/** Adagrad: see {@linkcode AdagradClass}. */
export const Adagrad: Callable<typeof AdagradClass> = callable(AdagradClass);
/** An Adagrad optimiser instance. */
export type Adagrad = AdagradClass;
/** Adadelta: see {@linkcode AdadeltaClass}. */
export const Adadelta: Callable<typeof AdadeltaClass> = callable(AdadeltaClass);
/** An Adadelta optimiser instance. */
export type Adadelta = AdadeltaClass;
/** Rprop: see {@linkcode RpropClass}. */
export const Rprop: Callable<typeof RpropClass> = callable(RpropClass);
/** An Rprop optimiser instance. */
export type Rprop = RpropClass;
/** L-BFGS: see {@linkcode LBFGSClass}. */
export const LBFGS: Callable<typeof LBFGSClass> = callable(LBFGSClass);
/** An LBFGS optimiser instance. */
export type LBFGS = LBFGSClass;
