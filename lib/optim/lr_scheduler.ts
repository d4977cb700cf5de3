/**
 * `optim.lr_scheduler`: torch 1.13's learning-rate schedulers. Each works with or without
 * `new`, and takes its arguments by position or in an options object:
 * `optim.lr_scheduler.StepLR(opt, 30, { gamma: 0.1 })`.
 *
 * @module
 */

import { type Callable, callable } from "./callable.ts";
import * as S from "./schedulers.ts";

export { _LRScheduler, LRScheduler } from "./schedulers.ts";
export type { LrLambda, OneCyclePhase, ScaleFn, SchedulerStateDict } from "./schedulers.ts";

/** See {@linkcode S.LambdaLR}. */
export const LambdaLR: Callable<typeof S.LambdaLR> = callable(S.LambdaLR);
/** A LambdaLR instance. */
export type LambdaLR = S.LambdaLR;
/** See {@linkcode S.MultiplicativeLR}. */
export const MultiplicativeLR: Callable<typeof S.MultiplicativeLR> = callable(S.MultiplicativeLR);
/** A MultiplicativeLR instance. */
export type MultiplicativeLR = S.MultiplicativeLR;
/** See {@linkcode S.StepLR}. */
export const StepLR: Callable<typeof S.StepLR> = callable(S.StepLR);
/** A StepLR instance. */
export type StepLR = S.StepLR;
/** See {@linkcode S.MultiStepLR}. */
export const MultiStepLR: Callable<typeof S.MultiStepLR> = callable(S.MultiStepLR);
/** A MultiStepLR instance. */
export type MultiStepLR = S.MultiStepLR;
/** See {@linkcode S.ConstantLR}. */
export const ConstantLR: Callable<typeof S.ConstantLR> = callable(S.ConstantLR);
/** A ConstantLR instance. */
export type ConstantLR = S.ConstantLR;
/** See {@linkcode S.LinearLR}. */
export const LinearLR: Callable<typeof S.LinearLR> = callable(S.LinearLR);
/** A LinearLR instance. */
export type LinearLR = S.LinearLR;
/** See {@linkcode S.ExponentialLR}. */
export const ExponentialLR: Callable<typeof S.ExponentialLR> = callable(S.ExponentialLR);
/** An ExponentialLR instance. */
export type ExponentialLR = S.ExponentialLR;
/** See {@linkcode S.PolynomialLR}. */
export const PolynomialLR: Callable<typeof S.PolynomialLR> = callable(S.PolynomialLR);
/** A PolynomialLR instance. */
export type PolynomialLR = S.PolynomialLR;
/** See {@linkcode S.CosineAnnealingLR}. */
export const CosineAnnealingLR: Callable<typeof S.CosineAnnealingLR> = callable(
  S.CosineAnnealingLR,
);
/** A CosineAnnealingLR instance. */
export type CosineAnnealingLR = S.CosineAnnealingLR;
/** See {@linkcode S.CosineAnnealingWarmRestarts}. */
export const CosineAnnealingWarmRestarts: Callable<typeof S.CosineAnnealingWarmRestarts> = callable(
  S.CosineAnnealingWarmRestarts,
);
/** A CosineAnnealingWarmRestarts instance. */
export type CosineAnnealingWarmRestarts = S.CosineAnnealingWarmRestarts;
/** See {@linkcode S.OneCycleLR}. */
export const OneCycleLR: Callable<typeof S.OneCycleLR> = callable(S.OneCycleLR);
/** A OneCycleLR instance. */
export type OneCycleLR = S.OneCycleLR;
/** See {@linkcode S.CyclicLR}. */
export const CyclicLR: Callable<typeof S.CyclicLR> = callable(S.CyclicLR);
/** A CyclicLR instance. */
export type CyclicLR = S.CyclicLR;
/** See {@linkcode S.SequentialLR}. */
export const SequentialLR: Callable<typeof S.SequentialLR> = callable(S.SequentialLR);
/** A SequentialLR instance. */
export type SequentialLR = S.SequentialLR;
/** See {@linkcode S.ChainedScheduler}. */
export const ChainedScheduler: Callable<typeof S.ChainedScheduler> = callable(S.ChainedScheduler);
/** A ChainedScheduler instance. */
export type ChainedScheduler = S.ChainedScheduler;
/** See {@linkcode S.ReduceLROnPlateau}. */
export const ReduceLROnPlateau: Callable<typeof S.ReduceLROnPlateau> = callable(
  S.ReduceLROnPlateau,
);
/** A ReduceLROnPlateau instance. */
export type ReduceLROnPlateau = S.ReduceLROnPlateau;
