/**
 * The learning-rate schedulers of `torch.optim.lr_scheduler` (1.13): each follows torch's
 * chainable form step for step (the recursive formulas, so the numbers are torch's), its epoch
 * counting (`last_epoch`, one initial step at construction) and its warnings.
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import { describe } from "../tensor/dtype.ts";
import { Optimizer } from "./optimizer.ts";

// deno-lint-ignore no-explicit-any
type AnyOptimizer = Optimizer<any>;
type Group = Record<string, unknown> & { lr: number };

const warned = new Set<string>();
/** Python's default warning filter: each warning is shown once. */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`UserWarning: ${message}`);
}

const GET_LR_WARNING =
  "To get the last learning rate computed by the scheduler, please use `get_last_lr()`.";
const ORDER_WARNING =
  "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";
const EPOCH_DEPRECATION_WARNING =
  "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, the closed form is used instead of the new chainable form, where available. Please open an issue if you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.";

/** Python's `'{:.4e}'.format(x)`. */
function exp4(x: number): string {
  const [m, e] = x.toExponential(4).split("e");
  const n = Number(e);
  return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

/** Python's `%.5d` (ints) or `%.2f` (floats) of an epoch. */
function epochString(epoch: number): string {
  return Number.isInteger(epoch)
    ? (epoch < 0 ? "-" : "") + String(Math.abs(epoch)).padStart(5, "0")
    : epoch.toFixed(2);
}

function requireOptimizer(optimizer: unknown): AnyOptimizer {
  if (!(optimizer instanceof Optimizer)) {
    throw new TypeError(`${describe(optimizer)} is not an Optimizer`);
  }
  return optimizer;
}

/** Python's `bisect_right` over a sorted array. */
function bisectRight(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < xs[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Python's `%` (the sign of the divisor). */
function pymod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

/** `value` per group: a list of one per group, or one value for all (torch's `_format_param`). */
function perGroup<T>(optimizer: AnyOptimizer, name: string, value: T | readonly T[]): T[] {
  const n = optimizer.param_groups.length;
  if (Array.isArray(value)) {
    if (value.length !== n) {
      throw new RangeError(`expected ${n} values for ${name}, got ${value.length}`);
    }
    return [...value];
  }
  return new Array(n).fill(value);
}

/** A scheduler's state: every attribute but the optimizer (torch's `state_dict()`). */
export type SchedulerStateDict = Record<string, unknown>;

/**
 * Base class of the schedulers, like torch 1.13's `_LRScheduler`: `step()` advances
 * `last_epoch` and sets each group's `lr`; `get_last_lr()` returns them.
 */
export abstract class LRScheduler {
  /** The optimiser whose groups' `lr` this sets. */
  optimizer: AnyOptimizer;
  /** Each group's `initial_lr`. */
  base_lrs: number[] = [];
  /** The index of the last epoch (−1 before the initial step). */
  last_epoch = -1;
  /** Print each change (torch's `verbose`). */
  verbose = false;
  /** How many times `step()` ran (torch's `_step_count`). */
  _step_count = 0;
  /** Whether `get_lr()` runs inside `step()` (else torch warns). */
  _get_lr_called_within_step = false;
  /** The learning rates the last step set. */
  _last_lr: number[] = [];

  /**
   * Attaches the scheduler (subclasses then call {@linkcode LRScheduler.start}).
   *
   * @param optimizer The optimiser.
   */
  constructor(optimizer: AnyOptimizer) {
    this.optimizer = requireOptimizer(optimizer);
  }

  /** Torch's `_LRScheduler.__init__` after the subclass's own fields: initial_lr, initial step. */
  protected start(last_epoch: number, verbose: boolean): void {
    const groups = this.groups();
    if (last_epoch === -1) {
      for (const g of groups) if (!("initial_lr" in g)) g.initial_lr = g.lr;
    } else {
      groups.forEach((g, i) => {
        if (!("initial_lr" in g)) {
          throw new Error(
            `param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`,
          );
        }
      });
    }
    this.base_lrs = groups.map((g) => g.initial_lr as number);
    this.last_epoch = last_epoch;
    this.verbose = verbose;
    this._initial_step();
  }

  /** The optimiser's groups. */
  protected groups(): Group[] {
    return this.optimizer.param_groups as unknown as Group[];
  }

  /** Resets the step counts and performs the initial step (torch's `_initial_step`). */
  _initial_step(): void {
    this.optimizer._step_count = 0;
    this._step_count = 0;
    this.step();
  }

  /**
   * The learning rates of the current epoch by the chainable form (called by `step()`).
   *
   * @returns One learning rate per group.
   */
  abstract get_lr(): number[];

  /** The closed form at `last_epoch`, used by `step(epoch)` where torch has one. */
  protected closedForm(): number[] | null {
    return null;
  }

  /**
   * The learning rates the last step set, like `get_last_lr()`.
   *
   * @returns One learning rate per group.
   */
  get_last_lr(): number[] {
    return [...this._last_lr];
  }

  /**
   * Prints a change of learning rate when `is_verbose`, like torch's `print_lr`.
   *
   * @param is_verbose Whether to print.
   * @param group The group's index.
   * @param lr The new learning rate.
   * @param epoch The epoch given to `step`, if any.
   * @returns Nothing.
   */
  print_lr(is_verbose: boolean, group: number, lr: number, epoch?: number): void {
    if (!is_verbose) return;
    if (epoch === undefined) {
      console.log(`Adjusting learning rate of group ${group} to ${exp4(lr)}.`);
    } else {
      console.log(
        `Epoch ${epochString(epoch)}: adjusting learning rate of group ${group} to ${exp4(lr)}.`,
      );
    }
  }

  /** Warns as torch does when `get_lr()` is called outside `step()`. */
  protected checkWithinStep(): void {
    if (!this._get_lr_called_within_step) warnOnce(GET_LR_WARNING);
  }

  /**
   * Advances one epoch and sets each group's learning rate, like `scheduler.step()`. Giving
   * `epoch` (deprecated in torch, with its warning) jumps there by the closed form.
   *
   * @param epoch Optional: the epoch to jump to.
   * @returns Nothing.
   */
  step(epoch?: number): void {
    if (this._step_count === 1 && this.optimizer._step_count < 1) warnOnce(ORDER_WARNING);
    this._step_count += 1;
    let values: number[];
    this._get_lr_called_within_step = true;
    try {
      if (epoch === undefined || epoch === null) {
        this.last_epoch += 1;
        values = this.get_lr();
      } else {
        warnOnce(EPOCH_DEPRECATION_WARNING);
        this.last_epoch = epoch;
        values = this.closedForm() ?? this.get_lr();
      }
    } finally {
      this._get_lr_called_within_step = false;
    }
    const groups = this.groups();
    groups.forEach((g, i) => {
      if (i < values.length) {
        g.lr = values[i];
        this.print_lr(this.verbose, i, values[i], epoch ?? undefined);
      }
    });
    this._last_lr = groups.map((g) => g.lr);
  }

  /** Attribute names `state_dict` leaves out (besides the optimiser). */
  protected unsaved(): readonly string[] {
    return [];
  }

  /**
   * The scheduler's state: every attribute but the optimiser, like torch's `state_dict()`.
   *
   * @returns A plain object.
   */
  state_dict(): SchedulerStateDict {
    const skip = new Set(["optimizer", ...this.unsaved()]);
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) {
      if (!skip.has(k) && typeof v !== "function") out[k] = Array.isArray(v) ? [...v] : v;
    }
    return out;
  }

  /**
   * Restores a state from {@linkcode LRScheduler.state_dict}.
   *
   * @param state_dict The saved state.
   * @returns Nothing.
   */
  load_state_dict(state_dict: SchedulerStateDict): void {
    if (typeof state_dict !== "object" || state_dict === null) {
      throw new TypeError(`load_state_dict: expected an object, got ${describe(state_dict)}`);
    }
    for (const [k, v] of Object.entries(state_dict)) {
      if (k !== "optimizer") {
        (this as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
      }
    }
  }
}

/** torch 1.13's name of the base class. */
export const _LRScheduler: typeof LRScheduler = LRScheduler;

const EPOCH_ARGS: Signature = [
  { name: "last_epoch", kind: "int", default: -1 },
  { name: "verbose", kind: "bool", default: false },
];

/** A function of the epoch giving a factor (LambdaLR, MultiplicativeLR). */
export type LrLambda = (epoch: number) => number;

function lambdas(optimizer: AnyOptimizer, lr_lambda: unknown): LrLambda[] {
  const n = optimizer.param_groups.length;
  if (!Array.isArray(lr_lambda)) {
    if (typeof lr_lambda !== "function") {
      throw new TypeError(
        `lr_lambda must be a function or a list of them, got ${describe(lr_lambda)}`,
      );
    }
    return new Array(n).fill(lr_lambda);
  }
  if (lr_lambda.length !== n) {
    throw new RangeError(`Expected ${n} lr_lambdas, but got ${lr_lambda.length}`);
  }
  return [...lr_lambda];
}

/**
 * `LambdaLR(optimizer, lr_lambda, last_epoch=-1, verbose=False)`: each group's lr is
 * `initial_lr · lr_lambda(epoch)`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.LambdaLR(opt, (epoch) => 0.5 ** epoch);
 * opt.step();
 * sched.step();
 * assert.deepEqual(sched.get_last_lr(), [0.5]);
 * ```
 */
export class LambdaLR extends LRScheduler {
  /** One function per group. */
  lr_lambdas: LrLambda[];

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param lr_lambda A function of the epoch, or one per group.
   * @param rest `last_epoch`, `verbose`, by position or in an options object.
   */
  constructor(
    optimizer: AnyOptimizer,
    lr_lambda: LrLambda | LrLambda[] | Record<string, unknown>,
    ...rest: unknown[]
  ) {
    super(optimizer);
    const args = [lr_lambda, ...rest];
    const o = bind("LambdaLR", [{ name: "lr_lambda", kind: "any" }, ...EPOCH_ARGS], args);
    this.lr_lambdas = lambdas(this.optimizer, o.lr_lambda);
    this.start(o.last_epoch as number, o.verbose as boolean);
  }

  /** The learning rates at `last_epoch`. @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    return this.base_lrs.map((b, i) => b * this.lr_lambdas[i](this.last_epoch));
  }

  /** The state, with `lr_lambdas` as nulls (functions are not saved, as in torch). @returns It. */
  override state_dict(): SchedulerStateDict {
    return { ...super.state_dict(), lr_lambdas: this.lr_lambdas.map(() => null) };
  }

  /** Restores the state but keeps the functions. @param state_dict The saved state. @returns Nothing. */
  override load_state_dict(state_dict: SchedulerStateDict): void {
    const { lr_lambdas: _, ...rest } = state_dict;
    super.load_state_dict(rest);
  }
}

/**
 * `MultiplicativeLR(optimizer, lr_lambda, last_epoch=-1, verbose=False)`: each step multiplies
 * each group's lr by `lr_lambda(epoch)`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.MultiplicativeLR(opt, () => 0.5);
 * opt.step();
 * sched.step();
 * sched.step();
 * assert.deepEqual(sched.get_last_lr(), [0.25]);
 * ```
 */
export class MultiplicativeLR extends LRScheduler {
  /** One function per group. */
  lr_lambdas: LrLambda[];

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param lr_lambda A function of the epoch, or one per group.
   * @param rest `last_epoch`, `verbose`, by position or in an options object.
   */
  constructor(
    optimizer: AnyOptimizer,
    lr_lambda: LrLambda | LrLambda[] | Record<string, unknown>,
    ...rest: unknown[]
  ) {
    super(optimizer);
    const args = [lr_lambda, ...rest];
    const o = bind("MultiplicativeLR", [{ name: "lr_lambda", kind: "any" }, ...EPOCH_ARGS], args);
    this.lr_lambdas = lambdas(this.optimizer, o.lr_lambda);
    this.start(o.last_epoch as number, o.verbose as boolean);
  }

  /** The learning rates at `last_epoch`. @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    const groups = this.groups();
    if (this.last_epoch > 0) {
      return groups.map((g, i) => g.lr * this.lr_lambdas[i](this.last_epoch));
    }
    return groups.map((g) => g.lr);
  }

  /** The state, with `lr_lambdas` as nulls. @returns It. */
  override state_dict(): SchedulerStateDict {
    return { ...super.state_dict(), lr_lambdas: this.lr_lambdas.map(() => null) };
  }

  /** Restores the state but keeps the functions. @param state_dict The saved state. @returns Nothing. */
  override load_state_dict(state_dict: SchedulerStateDict): void {
    const { lr_lambdas: _, ...rest } = state_dict;
    super.load_state_dict(rest);
  }
}

/**
 * `StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1, verbose=False)`: multiplies each
 * group's lr by gamma every `step_size` epochs.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.StepLR(opt, 2, { gamma: 0.5 });
 * const lrs = [];
 * for (let epoch = 0; epoch < 5; epoch++) {
 *   opt.step();
 *   sched.step();
 *   lrs.push(sched.get_last_lr()[0]);
 * }
 * assert.deepEqual(lrs, [1, 0.5, 0.5, 0.25, 0.25]);
 * ```
 */
export class StepLR extends LRScheduler {
  /** Epochs between decays. */
  step_size: number;
  /** The decay factor. */
  gamma: number;

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `step_size`, `gamma`, `last_epoch`, `verbose`, by position or in an options
   *   object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("StepLR", [
      { name: "step_size", kind: "int" },
      { name: "gamma", kind: "number", default: 0.1 },
      ...EPOCH_ARGS,
    ], args);
    this.step_size = o.step_size as number;
    this.gamma = o.gamma as number;
    this.start(o.last_epoch as number, o.verbose as boolean);
  }

  /** The learning rates at `last_epoch`. @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    const groups = this.groups();
    if (this.last_epoch === 0 || pymod(this.last_epoch, this.step_size) !== 0) {
      return groups.map((g) => g.lr);
    }
    return groups.map((g) => g.lr * this.gamma);
  }

  protected override closedForm(): number[] {
    return this.base_lrs.map((b) => b * this.gamma ** Math.floor(this.last_epoch / this.step_size));
  }
}

/**
 * `MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1, verbose=False)`: multiplies
 * each group's lr by gamma at each milestone (twice at a milestone given twice).
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.MultiStepLR(opt, [1, 3], { gamma: 0.5 });
 * const lrs = [];
 * for (let epoch = 0; epoch < 4; epoch++) {
 *   opt.step();
 *   sched.step();
 *   lrs.push(sched.get_last_lr()[0]);
 * }
 * assert.deepEqual(lrs, [0.5, 0.5, 0.25, 0.25]);
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** Each milestone and how many times it was given (torch's Counter). */
  milestones: Record<number, number>;
  /** The decay factor. */
  gamma: number;

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `milestones`, `gamma`, `last_epoch`, `verbose`, by position or in an options
   *   object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("MultiStepLR", [
      { name: "milestones", kind: "ints" },
      { name: "gamma", kind: "number", default: 0.1 },
      ...EPOCH_ARGS,
    ], args);
    const list = o.milestones as number[];
    this.milestones = {};
    for (const m of Array.isArray(list) ? list : [list]) {
      this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    }
    this.gamma = o.gamma as number;
    this.start(o.last_epoch as number, o.verbose as boolean);
  }

  /** The learning rates at `last_epoch`. @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    const groups = this.groups();
    const count = this.milestones[this.last_epoch];
    if (count === undefined) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma ** count);
  }

  protected override closedForm(): number[] {
    const sorted = Object.entries(this.milestones).flatMap(([m, c]) =>
      new Array<number>(c).fill(Number(m))
    ).sort((a, b) => a - b);
    return this.base_lrs.map((b) => b * this.gamma ** bisectRight(sorted, this.last_epoch));
  }
}

/**
 * `ConstantLR(optimizer, factor=1/3, total_iters=5, last_epoch=-1, verbose=False)`: each
 * group's lr is scaled by `factor` until epoch `total_iters`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.ConstantLR(opt, { factor: 0.5, total_iters: 2 });
 * assert.deepEqual(sched.get_last_lr(), [0.5]);
 * opt.step();
 * sched.step();
 * sched.step();
 * assert.deepEqual(sched.get_last_lr(), [1]);
 * ```
 */
export class ConstantLR extends LRScheduler {
  /** The factor. */
  factor: number;
  /** Epochs scaled. */
  total_iters: number;

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `factor`, `total_iters`, `last_epoch`, `verbose`, by position or in an options
   *   object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("ConstantLR", [
      { name: "factor", kind: "number", default: 1.0 / 3 },
      { name: "total_iters", kind: "int", default: 5 },
      ...EPOCH_ARGS,
    ], args);
    const factor = o.factor as number;
    if (factor > 1.0 || factor < 0) {
      throw new RangeError("Constant multiplicative factor expected to be between 0 and 1.");
    }
    this.factor = factor;
    this.total_iters = o.total_iters as number;
    this.start(o.last_epoch as number, o.verbose as boolean);
  }

  /** The learning rates at `last_epoch`. @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    const groups = this.groups();
    if (this.last_epoch === 0) return groups.map((g) => g.lr * this.factor);
    if (this.last_epoch !== this.total_iters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1.0 / this.factor));
  }

  protected override closedForm(): number[] {
    return this.base_lrs.map((b) =>
      b * (this.factor + Number(this.last_epoch >= this.total_iters) * (1 - this.factor))
    );
  }
}

/**
 * `LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5, last_epoch=-1,
 * verbose=False)`: scales each group's lr by a factor moving linearly from `start_factor` to
 * `end_factor` over `total_iters` epochs.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.LinearLR(opt, { start_factor: 0.5, total_iters: 2 });
 * opt.step();
 * sched.step();
 * assert.deepEqual(sched.get_last_lr(), [0.75]);
 * ```
 */
export class LinearLR extends LRScheduler {
  /** The first epoch's factor. */
  start_factor: number;
  /** The factor from `total_iters` on. */
  end_factor: number;
  /** Epochs of the ramp. */
  total_iters: number;

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `start_factor`, `end_factor`, `total_iters`, `last_epoch`, `verbose`, by
   *   position or in an options object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("LinearLR", [
      { name: "start_factor", kind: "number", default: 1.0 / 3 },
      { name: "end_factor", kind: "number", default: 1.0 },
      { name: "total_iters", kind: "int", default: 5 },
      ...EPOCH_ARGS,
    ], args);
    const s = o.start_factor as number;
    const e = o.end_factor as number;
    if (s > 1.0 || s < 0) {
      throw new RangeError("Starting multiplicative factor expected to be between 0 and 1.");
    }
    if (e > 1.0 || e < 0) {
      throw new RangeError("Ending multiplicative factor expected to be between 0 and 1.");
    }
    this.start_factor = s;
    this.end_factor = e;
    this.total_iters = o.total_iters as number;
    this.start(o.last_epoch as number, o.verbose as boolean);
  }

  /** The learning rates at `last_epoch`. @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    const groups = this.groups();
    if (this.last_epoch === 0) return groups.map((g) => g.lr * this.start_factor);
    if (this.last_epoch > this.total_iters) return groups.map((g) => g.lr);
    const d = this.end_factor - this.start_factor;
    return groups.map((g) =>
      g.lr * (1 + d / (this.total_iters * this.start_factor + (this.last_epoch - 1) * d))
    );
  }

  protected override closedForm(): number[] {
    return this.base_lrs.map((b) =>
      b * (this.start_factor +
        (this.end_factor - this.start_factor) * Math.min(this.total_iters, this.last_epoch) /
          this.total_iters)
    );
  }
}

/**
 * `ExponentialLR(optimizer, gamma, last_epoch=-1, verbose=False)`: multiplies each group's lr
 * by gamma every epoch.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.ExponentialLR(opt, 0.5);
 * opt.step();
 * sched.step();
 * sched.step();
 * assert.deepEqual(sched.get_last_lr(), [0.25]);
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** The factor per epoch. */
  gamma: number;

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `gamma`, `last_epoch`, `verbose`, by position or in an options object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("ExponentialLR", [{ name: "gamma", kind: "number" }, ...EPOCH_ARGS], args);
    this.gamma = o.gamma as number;
    this.start(o.last_epoch as number, o.verbose as boolean);
  }

  /** The learning rates at `last_epoch`. @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    const groups = this.groups();
    if (this.last_epoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected override closedForm(): number[] {
    return this.base_lrs.map((b) => b * this.gamma ** this.last_epoch);
  }
}

/**
 * `PolynomialLR(optimizer, total_iters=5, power=1.0, last_epoch=-1, verbose=False)`: decays
 * each group's lr by `(1 − t / total_iters)^power`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.PolynomialLR(opt, { total_iters: 4 });
 * opt.step();
 * sched.step();
 * assert.deepEqual(sched.get_last_lr(), [0.75]);
 * ```
 */
export class PolynomialLR extends LRScheduler {
  /** Epochs of the decay. */
  total_iters: number;
  /** The polynomial's power. */
  power: number;

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `total_iters`, `power`, `last_epoch`, `verbose`, by position or in an options
   *   object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("PolynomialLR", [
      { name: "total_iters", kind: "int", default: 5 },
      { name: "power", kind: "number", default: 1.0 },
      ...EPOCH_ARGS,
    ], args);
    this.total_iters = o.total_iters as number;
    this.power = o.power as number;
    this.start(o.last_epoch as number, o.verbose as boolean);
  }

  /** The learning rates at `last_epoch`. @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    const groups = this.groups();
    if (this.last_epoch === 0 || this.last_epoch > this.total_iters) {
      return groups.map((g) => g.lr);
    }
    const decay = ((1.0 - this.last_epoch / this.total_iters) /
      (1.0 - (this.last_epoch - 1) / this.total_iters)) ** this.power;
    return groups.map((g) => g.lr * decay);
  }

  protected override closedForm(): number[] {
    return this.base_lrs.map((b) =>
      b * (1.0 - Math.min(this.total_iters, this.last_epoch) / this.total_iters) ** this.power
    );
  }
}

/**
 * `CosineAnnealingLR(optimizer, T_max, eta_min=0, last_epoch=-1, verbose=False)`: anneals each
 * group's lr along a cosine from its initial value to `eta_min` over `T_max` epochs (torch's
 * recursive form, so the numbers are torch's).
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.CosineAnnealingLR(opt, 2);
 * opt.step();
 * sched.step();
 * assert.ok(Math.abs(sched.get_last_lr()[0] - 0.5) < 1e-12);
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half the period, in epochs. */
  T_max: number;
  /** The lowest learning rate. */
  eta_min: number;

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `T_max`, `eta_min`, `last_epoch`, `verbose`, by position or in an options
   *   object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("CosineAnnealingLR", [
      { name: "T_max", kind: "number" },
      { name: "eta_min", kind: "number", default: 0 },
      ...EPOCH_ARGS,
    ], args);
    this.T_max = o.T_max as number;
    this.eta_min = o.eta_min as number;
    this.start(o.last_epoch as number, o.verbose as boolean);
  }

  /** The learning rates at `last_epoch`. @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    const groups = this.groups();
    const { T_max, eta_min, last_epoch } = this;
    if (last_epoch === 0) return groups.map((g) => g.lr);
    if (this._step_count === 1 && last_epoch > 0) {
      return this.base_lrs.map((b) =>
        eta_min + (b - eta_min) * (1 + Math.cos(last_epoch * Math.PI / T_max)) / 2
      );
    }
    if (pymod(last_epoch - 1 - T_max, 2 * T_max) === 0) {
      return groups.map((g, i) =>
        g.lr + (this.base_lrs[i] - eta_min) * (1 - Math.cos(Math.PI / T_max)) / 2
      );
    }
    return groups.map((g) =>
      (1 + Math.cos(Math.PI * last_epoch / T_max)) /
        (1 + Math.cos(Math.PI * (last_epoch - 1) / T_max)) * (g.lr - eta_min) + eta_min
    );
  }

  protected override closedForm(): number[] {
    return this.base_lrs.map((b) =>
      this.eta_min +
      (b - this.eta_min) * (1 + Math.cos(Math.PI * this.last_epoch / this.T_max)) / 2
    );
  }
}

/**
 * `CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0, last_epoch=-1,
 * verbose=False)`: cosine annealing restarted every `T_i` epochs, `T_i` growing by `T_mult`.
 * `step(epoch)` may take a fractional epoch.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, 2);
 * opt.step();
 * sched.step();
 * sched.step(); // a restart
 * assert.deepEqual(sched.get_last_lr(), [1]);
 * ```
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** The first period. */
  T_0: number;
  /** The current period. */
  T_i: number;
  /** The growth of the period at each restart. */
  T_mult: number;
  /** The lowest learning rate. */
  eta_min: number;
  /** Epochs since the last restart. */
  T_cur: number;

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `T_0`, `T_mult`, `eta_min`, `last_epoch`, `verbose`, by position or in an
   *   options object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("CosineAnnealingWarmRestarts", [
      { name: "T_0", kind: "number" },
      { name: "T_mult", kind: "number", default: 1 },
      { name: "eta_min", kind: "number", default: 0 },
      ...EPOCH_ARGS,
    ], args);
    const T_0 = o.T_0 as number;
    const T_mult = o.T_mult as number;
    if (T_0 <= 0 || !Number.isInteger(T_0)) {
      throw new RangeError(`Expected positive integer T_0, but got ${T_0}`);
    }
    if (T_mult < 1 || !Number.isInteger(T_mult)) {
      throw new RangeError(`Expected integer T_mult >= 1, but got ${T_mult}`);
    }
    this.T_0 = T_0;
    this.T_i = T_0;
    this.T_mult = T_mult;
    this.eta_min = o.eta_min as number;
    this.T_cur = o.last_epoch as number;
    this.start(o.last_epoch as number, o.verbose as boolean);
  }

  /** The learning rates at `T_cur`. @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    return this.base_lrs.map((b) =>
      this.eta_min + (b - this.eta_min) * (1 + Math.cos(Math.PI * this.T_cur / this.T_i)) / 2
    );
  }

  /**
   * Advances one epoch, or jumps to `epoch` (fractional epochs allowed, no warning).
   *
   * @param epoch Optional: the epoch.
   * @returns Nothing.
   */
  override step(epoch?: number): void {
    if (this._step_count === 1 && this.optimizer._step_count < 1) warnOnce(ORDER_WARNING);
    this._step_count += 1;
    if ((epoch === undefined || epoch === null) && this.last_epoch < 0) epoch = 0;
    if (epoch === undefined || epoch === null) {
      epoch = this.last_epoch + 1;
      this.T_cur = this.T_cur + 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur = this.T_cur - this.T_i;
        this.T_i = this.T_i * this.T_mult;
      }
    } else {
      if (epoch < 0) throw new RangeError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.T_0) {
        if (this.T_mult === 1) this.T_cur = pymod(epoch, this.T_0);
        else {
          const n = Math.trunc(
            Math.log(epoch / this.T_0 * (this.T_mult - 1) + 1) / Math.log(this.T_mult),
          );
          this.T_cur = epoch - this.T_0 * (this.T_mult ** n - 1) / (this.T_mult - 1);
          this.T_i = this.T_0 * this.T_mult ** n;
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = epoch;
      }
    }
    this.last_epoch = Math.floor(epoch);
    this._get_lr_called_within_step = true;
    let values: number[];
    try {
      values = this.get_lr();
    } finally {
      this._get_lr_called_within_step = false;
    }
    const groups = this.groups();
    groups.forEach((g, i) => {
      g.lr = values[i];
      this.print_lr(this.verbose, i, values[i], epoch);
    });
    this._last_lr = groups.map((g) => g.lr);
  }
}

/** One phase of OneCycleLR's schedule (torch's `_schedule_phases` entries). */
export interface OneCyclePhase {
  /** The last step of the phase. */
  end_step: number;
  /** The group key holding the phase's starting lr. */
  start_lr: string;
  /** The group key holding its final lr. */
  end_lr: string;
  /** The group key holding its starting momentum. */
  start_momentum: string;
  /** The group key holding its final momentum. */
  end_momentum: string;
}

/**
 * `OneCycleLR(optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None,
 * pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85,
 * max_momentum=0.95, div_factor=25., final_div_factor=1e4, three_phase=False, last_epoch=-1,
 * verbose=False)`: the 1cycle policy, stepped once per batch; momentum (or Adam's beta1)
 * cycles inversely.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1, momentum: 0.9 });
 * const sched = optim.lr_scheduler.OneCycleLR(opt, { max_lr: 1, total_steps: 10 });
 * // max_lr / div_factor, by the cosine annealing formula as torch computes it
 * assert.ok(Math.abs(sched.get_last_lr()[0] - 0.04) < 1e-15);
 * ```
 */
export class OneCycleLR extends LRScheduler {
  /** The number of steps in the cycle. */
  total_steps: number;
  /** The phases. */
  _schedule_phases: OneCyclePhase[];
  /** `'cos'` or `'linear'` (torch keeps the function itself, as `anneal_func`). */
  #anneal: "cos" | "linear";
  /** Whether momentum cycles. */
  cycle_momentum: boolean;
  /** Whether the optimiser's momentum is `betas[0]` (Adam and relatives; with `cycle_momentum`). */
  declare use_beta1: boolean;

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `max_lr`, `total_steps`, `epochs`, `steps_per_epoch`, `pct_start`,
   *   `anneal_strategy`, `cycle_momentum`, `base_momentum`, `max_momentum`, `div_factor`,
   *   `final_div_factor`, `three_phase`, `last_epoch`, `verbose`, by position or in an options
   *   object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("OneCycleLR", [
      { name: "max_lr", kind: "any" },
      { name: "total_steps", kind: "any", default: null },
      { name: "epochs", kind: "any", default: null },
      { name: "steps_per_epoch", kind: "any", default: null },
      { name: "pct_start", kind: "number", default: 0.3 },
      { name: "anneal_strategy", kind: "string", default: "cos" },
      { name: "cycle_momentum", kind: "bool", default: true },
      { name: "base_momentum", kind: "any", default: 0.85 },
      { name: "max_momentum", kind: "any", default: 0.95 },
      { name: "div_factor", kind: "number", default: 25 },
      { name: "final_div_factor", kind: "number", default: 1e4 },
      { name: "three_phase", kind: "bool", default: false },
      ...EPOCH_ARGS,
    ], args);
    const positiveInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v > 0;
    if (o.total_steps === null && o.epochs === null && o.steps_per_epoch === null) {
      throw new Error("You must define either total_steps OR (epochs AND steps_per_epoch)");
    } else if (o.total_steps !== null) {
      if (!positiveInt(o.total_steps)) {
        throw new RangeError(
          `Expected positive integer total_steps, but got ${describe(o.total_steps)}`,
        );
      }
      this.total_steps = o.total_steps as number;
    } else {
      if (!positiveInt(o.epochs)) {
        throw new RangeError(`Expected positive integer epochs, but got ${describe(o.epochs)}`);
      }
      if (!positiveInt(o.steps_per_epoch)) {
        throw new RangeError(
          `Expected positive integer steps_per_epoch, but got ${describe(o.steps_per_epoch)}`,
        );
      }
      this.total_steps = (o.epochs as number) * (o.steps_per_epoch as number);
    }
    const pct = o.pct_start as number;
    const total = this.total_steps;
    this._schedule_phases = o.three_phase
      ? [
        {
          end_step: pct * total - 1,
          start_lr: "initial_lr",
          end_lr: "max_lr",
          start_momentum: "max_momentum",
          end_momentum: "base_momentum",
        },
        {
          end_step: 2 * pct * total - 2,
          start_lr: "max_lr",
          end_lr: "initial_lr",
          start_momentum: "base_momentum",
          end_momentum: "max_momentum",
        },
        {
          end_step: total - 1,
          start_lr: "initial_lr",
          end_lr: "min_lr",
          start_momentum: "max_momentum",
          end_momentum: "max_momentum",
        },
      ]
      : [
        {
          end_step: pct * total - 1,
          start_lr: "initial_lr",
          end_lr: "max_lr",
          start_momentum: "max_momentum",
          end_momentum: "base_momentum",
        },
        {
          end_step: total - 1,
          start_lr: "max_lr",
          end_lr: "min_lr",
          start_momentum: "base_momentum",
          end_momentum: "max_momentum",
        },
      ];
    if (pct < 0 || pct > 1) {
      throw new RangeError(`Expected float between 0 and 1 pct_start, but got ${pct}`);
    }
    const strategy = o.anneal_strategy as string;
    if (strategy !== "cos" && strategy !== "linear") {
      throw new RangeError(
        `anneal_strategy must by one of 'cos' or 'linear', instead got ${strategy}`,
      );
    }
    this.#anneal = strategy;
    const groups = this.groups();
    const last_epoch = o.last_epoch as number;
    const max_lrs = perGroup(this.optimizer, "max_lr", o.max_lr as number | number[]);
    if (last_epoch === -1) {
      groups.forEach((g, i) => {
        g.initial_lr = max_lrs[i] / (o.div_factor as number);
        g.max_lr = max_lrs[i];
        g.min_lr = (g.initial_lr as number) / (o.final_div_factor as number);
      });
    }
    this.cycle_momentum = o.cycle_momentum as boolean;
    if (this.cycle_momentum) {
      const defaults = this.optimizer.defaults as Record<string, unknown>;
      if (!("momentum" in defaults) && !("betas" in defaults)) {
        throw new Error("optimizer must support momentum with `cycle_momentum` option enabled");
      }
      this.use_beta1 = "betas" in defaults;
      const maxM = perGroup(this.optimizer, "max_momentum", o.max_momentum as number | number[]);
      const baseM = perGroup(this.optimizer, "base_momentum", o.base_momentum as number | number[]);
      if (last_epoch === -1) {
        groups.forEach((g, i) => {
          if (this.use_beta1) g.betas = [maxM[i], ...(g.betas as number[]).slice(1)];
          else g.momentum = maxM[i];
          g.max_momentum = maxM[i];
          g.base_momentum = baseM[i];
        });
      }
    }
    this.start(last_epoch, o.verbose as boolean);
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.#anneal === "cos") {
      const cos_out = Math.cos(Math.PI * pct) + 1;
      return end + (start - end) / 2.0 * cos_out;
    }
    return (end - start) * pct + start;
  }

  /** The learning rates at `last_epoch` (and sets the momenta). @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    const step_num = this.last_epoch;
    if (step_num > this.total_steps) {
      throw new RangeError(
        `Tried to step ${
          step_num + 1
        } times. The specified number of total steps is ${this.total_steps}`,
      );
    }
    const phases = this._schedule_phases;
    return this.groups().map((g) => {
      let start_step = 0;
      let lr = 0;
      let momentum = 0;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i];
        const end_step = phase.end_step;
        if (step_num <= end_step || i === phases.length - 1) {
          const pct = (step_num - start_step) / (end_step - start_step);
          lr = this.anneal(g[phase.start_lr] as number, g[phase.end_lr] as number, pct);
          if (this.cycle_momentum) {
            momentum = this.anneal(
              g[phase.start_momentum] as number,
              g[phase.end_momentum] as number,
              pct,
            );
          }
          break;
        }
        start_step = phase.end_step;
      }
      if (this.cycle_momentum) {
        if (this.use_beta1) g.betas = [momentum, ...(g.betas as number[]).slice(1)];
        else g.momentum = momentum;
      }
      return lr;
    });
  }
}

/** A scaling function of CyclicLR's amplitude. */
export type ScaleFn = (x: number) => number;

/**
 * `CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None,
 * mode='triangular', gamma=1., scale_fn=None, scale_mode='cycle', cycle_momentum=True,
 * base_momentum=0.8, max_momentum=0.9, last_epoch=-1, verbose=False)`: cycles each group's lr
 * between `base_lr` and `max_lr` (and momentum inversely), stepped once per batch.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1, momentum: 0.9 });
 * const sched = optim.lr_scheduler.CyclicLR(opt, 0.1, 0.5, { step_size_up: 2 });
 * opt.step();
 * sched.step();
 * sched.step();
 * assert.ok(Math.abs(sched.get_last_lr()[0] - 0.5) < 1e-12);
 * ```
 */
export class CyclicLR extends LRScheduler {
  /** Each group's upper bound. */
  max_lrs: number[];
  /** The length of one cycle. */
  total_size: number;
  /** The rising fraction of a cycle. */
  step_ratio: number;
  /** `'triangular'`, `'triangular2'` or `'exp_range'`. */
  mode: string;
  /** exp_range's factor. */
  gamma: number;
  /** A custom scaling function, or null. */
  _scale_fn_custom: ScaleFn | null;
  /** `'cycle'` or `'iterations'`. */
  scale_mode: string;
  /** Whether momentum cycles. */
  cycle_momentum: boolean;
  /** Each group's lower momentum (with `cycle_momentum`). */
  declare base_momentums: number[];
  /** Each group's upper momentum (with `cycle_momentum`). */
  declare max_momentums: number[];

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `base_lr`, `max_lr`, `step_size_up`, `step_size_down`, `mode`, `gamma`,
   *   `scale_fn`, `scale_mode`, `cycle_momentum`, `base_momentum`, `max_momentum`,
   *   `last_epoch`, `verbose`, by position or in an options object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("CyclicLR", [
      { name: "base_lr", kind: "any" },
      { name: "max_lr", kind: "any" },
      { name: "step_size_up", kind: "number", default: 2000 },
      { name: "step_size_down", kind: "number", default: null },
      { name: "mode", kind: "string", default: "triangular" },
      { name: "gamma", kind: "number", default: 1.0 },
      { name: "scale_fn", kind: "any", default: null },
      { name: "scale_mode", kind: "string", default: "cycle" },
      { name: "cycle_momentum", kind: "bool", default: true },
      { name: "base_momentum", kind: "any", default: 0.8 },
      { name: "max_momentum", kind: "any", default: 0.9 },
      ...EPOCH_ARGS,
    ], args);
    const last_epoch = o.last_epoch as number;
    const groups = this.groups();
    const base_lrs = perGroup(this.optimizer, "base_lr", o.base_lr as number | number[]);
    if (last_epoch === -1) groups.forEach((g, i) => (g.lr = base_lrs[i]));
    this.max_lrs = perGroup(this.optimizer, "max_lr", o.max_lr as number | number[]);
    const up = o.step_size_up as number;
    const down = o.step_size_down === null ? up : o.step_size_down as number;
    this.total_size = up + down;
    this.step_ratio = up / this.total_size;
    const mode = o.mode as string;
    if (!["triangular", "triangular2", "exp_range"].includes(mode) && o.scale_fn === null) {
      throw new RangeError("mode is invalid and scale_fn is None");
    }
    this.mode = mode;
    this.gamma = o.gamma as number;
    if (o.scale_fn === null) {
      this._scale_fn_custom = null;
      this.scale_mode = mode === "exp_range" ? "iterations" : "cycle";
    } else {
      this._scale_fn_custom = o.scale_fn as ScaleFn;
      this.scale_mode = o.scale_mode as string;
    }
    this.cycle_momentum = o.cycle_momentum as boolean;
    if (this.cycle_momentum) {
      if (!("momentum" in (this.optimizer.defaults as Record<string, unknown>))) {
        throw new Error("optimizer must support momentum with `cycle_momentum` option enabled");
      }
      const baseM = perGroup(this.optimizer, "base_momentum", o.base_momentum as number | number[]);
      if (last_epoch === -1) groups.forEach((g, i) => (g.momentum = baseM[i]));
      this.base_momentums = groups.map((g) => g.momentum as number);
      this.max_momentums = perGroup(
        this.optimizer,
        "max_momentum",
        o.max_momentum as number | number[],
      );
    }
    this.start(last_epoch, o.verbose as boolean);
    this.base_lrs = base_lrs;
  }

  /**
   * The amplitude's scale at `x` (a cycle number or an iteration).
   *
   * @param x The argument.
   * @returns The scale.
   */
  scale_fn(x: number): number {
    if (this._scale_fn_custom !== null) return this._scale_fn_custom(x);
    if (this.mode === "triangular") return 1;
    if (this.mode === "triangular2") return 1 / (2 ** (x - 1));
    return this.gamma ** x;
  }

  /** The learning rates at `last_epoch` (and sets the momenta). @returns One per group. */
  get_lr(): number[] {
    this.checkWithinStep();
    const cycle = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1 + this.last_epoch / this.total_size - cycle;
    const scale_factor = x <= this.step_ratio
      ? x / this.step_ratio
      : (x - 1) / (this.step_ratio - 1);
    const arg = this.scale_mode === "cycle" ? cycle : this.last_epoch;
    const lrs = this.base_lrs.map((base, i) =>
      base + (this.max_lrs[i] - base) * scale_factor * this.scale_fn(arg)
    );
    if (this.cycle_momentum) {
      this.groups().forEach((g, i) => {
        const height = (this.max_momentums[i] - this.base_momentums[i]) * scale_factor;
        g.momentum = this.max_momentums[i] - height * this.scale_fn(arg);
      });
    }
    return lrs;
  }
}

/**
 * `SequentialLR(optimizer, schedulers, milestones, last_epoch=-1, verbose=False)`: runs each
 * scheduler in turn, switching at each milestone.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const { ConstantLR, ExponentialLR, SequentialLR } = optim.lr_scheduler;
 * const sched = SequentialLR(opt, [ConstantLR(opt, { factor: 0.5, total_iters: 2 }), ExponentialLR(opt, 0.9)], [2]);
 * assert.deepEqual(sched.get_last_lr(), [0.5]);
 * ```
 */
export class SequentialLR extends LRScheduler {
  /** The schedulers. */
  _schedulers: LRScheduler[];
  /** The epochs at which the next scheduler takes over. */
  _milestones: number[];

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser all the schedulers drive.
   * @param args `schedulers`, `milestones`, `last_epoch`, `verbose`, by position or in an
   *   options object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    super(optimizer);
    const o = bind("SequentialLR", [
      { name: "schedulers", kind: "any" },
      { name: "milestones", kind: "ints" },
      ...EPOCH_ARGS,
    ], args);
    const schedulers = o.schedulers as LRScheduler[];
    const milestones = o.milestones as number[];
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new Error(
          `Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        `Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    }
    this._schedulers = [...schedulers];
    this._milestones = [...milestones];
    this.last_epoch = (o.last_epoch as number) + 1;
    for (const g of this.groups()) g.lr = g.initial_lr as number;
    for (const s of this._schedulers) s.last_epoch -= 1;
    this._schedulers[0]._initial_step();
    this._last_lr = this._schedulers[0].get_last_lr();
    // torch's SequentialLR has none of these attributes.
    delete (this as Partial<LRScheduler>).base_lrs;
    delete (this as Partial<LRScheduler>).verbose;
    delete (this as Partial<LRScheduler>)._step_count;
    delete (this as Partial<LRScheduler>)._get_lr_called_within_step;
  }

  /** Not used: the current scheduler computes the rates. @returns The last rates. */
  get_lr(): number[] {
    return this.get_last_lr();
  }

  /** Advances one epoch on the scheduler in charge. @returns Nothing. */
  override step(): void {
    this.last_epoch += 1;
    const idx = bisectRight(this._milestones, this.last_epoch);
    const scheduler = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.last_epoch) scheduler.step(0);
    else scheduler.step();
    this._last_lr = scheduler.get_last_lr();
  }

  protected override unsaved(): readonly string[] {
    return ["_schedulers"];
  }

  /** The state, with each scheduler's own state. @returns It. */
  override state_dict(): SchedulerStateDict {
    return { ...super.state_dict(), _schedulers: this._schedulers.map((s) => s.state_dict()) };
  }

  /** Restores the state and each scheduler's. @param state_dict The saved state. @returns Nothing. */
  override load_state_dict(state_dict: SchedulerStateDict): void {
    const { _schedulers, ...rest } = state_dict;
    super.load_state_dict(rest);
    (_schedulers as SchedulerStateDict[]).forEach((s, i) => this._schedulers[i].load_state_dict(s));
  }
}

/**
 * `ChainedScheduler(schedulers)`: steps every scheduler at each step, so their factors
 * multiply.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const { ConstantLR, ExponentialLR, ChainedScheduler } = optim.lr_scheduler;
 * const sched = ChainedScheduler([ConstantLR(opt, { factor: 0.5, total_iters: 2 }), ExponentialLR(opt, 0.5)]);
 * opt.step();
 * sched.step();
 * assert.deepEqual(sched.get_last_lr(), [0.25]); // 1 · 0.5 · 0.5
 * ```
 */
export class ChainedScheduler extends LRScheduler {
  /** The schedulers. */
  _schedulers: LRScheduler[];

  /**
   * Builds the scheduler.
   *
   * @param schedulers Schedulers of one optimiser.
   */
  constructor(schedulers: LRScheduler[]) {
    if (!Array.isArray(schedulers) || schedulers.length === 0) {
      throw new TypeError(
        `ChainedScheduler: expected a list of schedulers, got ${describe(schedulers)}`,
      );
    }
    super(schedulers[0].optimizer);
    schedulers.forEach((s, i) => {
      if (s.optimizer !== schedulers[0].optimizer) {
        throw new Error(
          `ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`,
        );
      }
    });
    this._schedulers = [...schedulers];
    this._last_lr = this.groups().map((g) => g.lr);
    // torch's ChainedScheduler has neither of these attributes.
    delete (this as Partial<LRScheduler>).last_epoch;
    delete (this as Partial<LRScheduler>).base_lrs;
    delete (this as Partial<LRScheduler>).verbose;
    delete (this as Partial<LRScheduler>)._step_count;
    delete (this as Partial<LRScheduler>)._get_lr_called_within_step;
  }

  /** Not used: the schedulers compute the rates. @returns The last rates. */
  get_lr(): number[] {
    return this.get_last_lr();
  }

  /** Steps every scheduler. @returns Nothing. */
  override step(): void {
    for (const s of this._schedulers) s.step();
    this._last_lr = this.groups().map((g) => g.lr);
  }

  protected override unsaved(): readonly string[] {
    return ["_schedulers"];
  }

  /** The state, with each scheduler's own state. @returns It. */
  override state_dict(): SchedulerStateDict {
    return { ...super.state_dict(), _schedulers: this._schedulers.map((s) => s.state_dict()) };
  }

  /** Restores the state and each scheduler's. @param state_dict The saved state. @returns Nothing. */
  override load_state_dict(state_dict: SchedulerStateDict): void {
    const { _schedulers, ...rest } = state_dict;
    super.load_state_dict(rest);
    (_schedulers as SchedulerStateDict[]).forEach((s, i) => this._schedulers[i].load_state_dict(s));
  }
}

/**
 * `ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4,
 * threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8, verbose=False)`: multiplies each
 * group's lr by `factor` when the metric passed to `step(metric)` stops improving for more
 * than `patience` epochs.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const opt = optim.SGD([tensor([1], { requires_grad: true })], { lr: 1 });
 * const sched = optim.lr_scheduler.ReduceLROnPlateau(opt, { patience: 1 });
 * for (const loss of [1, 1, 1]) sched.step(loss);
 * assert.ok(Math.abs(opt.param_groups[0].lr - 0.1) < 1e-12);
 * ```
 */
export class ReduceLROnPlateau {
  /** The factor. */
  factor: number;
  /** The optimiser. */
  optimizer: AnyOptimizer;
  /** Each group's lowest lr. */
  min_lrs: number[];
  /** Bad epochs tolerated. */
  patience: number;
  /** Print each reduction. */
  verbose: boolean;
  /** Epochs to wait after a reduction. */
  cooldown: number;
  /** Cooldown epochs left. */
  cooldown_counter = 0;
  /** `'min'` or `'max'`. */
  mode: string;
  /** The improvement threshold. */
  threshold: number;
  /** `'rel'` or `'abs'`. */
  threshold_mode: string;
  /** The best metric so far. */
  best: number = Infinity;
  /** Bad epochs so far. */
  num_bad_epochs = 0;
  /** The worst value for the mode. */
  mode_worse: number = Infinity;
  /** The smallest change applied. */
  eps: number;
  /** The last epoch. */
  last_epoch = 0;
  /** The learning rates after the last step. */
  _last_lr?: number[];

  /**
   * Builds the scheduler.
   *
   * @param optimizer The optimiser.
   * @param args `mode`, `factor`, `patience`, `threshold`, `threshold_mode`, `cooldown`,
   *   `min_lr`, `eps`, `verbose`, by position or in an options object.
   */
  constructor(optimizer: AnyOptimizer, ...args: unknown[]) {
    const o = bind("ReduceLROnPlateau", [
      { name: "mode", kind: "string", default: "min" },
      { name: "factor", kind: "number", default: 0.1 },
      { name: "patience", kind: "int", default: 10 },
      { name: "threshold", kind: "number", default: 1e-4 },
      { name: "threshold_mode", kind: "string", default: "rel" },
      { name: "cooldown", kind: "int", default: 0 },
      { name: "min_lr", kind: "any", default: 0 },
      { name: "eps", kind: "number", default: 1e-8 },
      { name: "verbose", kind: "bool", default: false },
    ], args);
    if ((o.factor as number) >= 1.0) throw new RangeError("Factor should be < 1.0.");
    this.factor = o.factor as number;
    this.optimizer = requireOptimizer(optimizer);
    const n = optimizer.param_groups.length;
    if (Array.isArray(o.min_lr)) {
      if (o.min_lr.length !== n) {
        throw new RangeError(`expected ${n} min_lrs, got ${o.min_lr.length}`);
      }
      this.min_lrs = [...o.min_lr];
    } else this.min_lrs = new Array(n).fill(o.min_lr);
    this.patience = o.patience as number;
    this.verbose = o.verbose as boolean;
    this.cooldown = o.cooldown as number;
    this.mode = o.mode as string;
    this.threshold = o.threshold as number;
    this.threshold_mode = o.threshold_mode as string;
    this.eps = o.eps as number;
    this._init_is_better();
    this._reset();
  }

  private _init_is_better(): void {
    if (this.mode !== "min" && this.mode !== "max") {
      throw new RangeError(`mode ${this.mode} is unknown!`);
    }
    if (this.threshold_mode !== "rel" && this.threshold_mode !== "abs") {
      throw new RangeError(`threshold mode ${this.threshold_mode} is unknown!`);
    }
    this.mode_worse = this.mode === "min" ? Infinity : -Infinity;
  }

  private _reset(): void {
    this.best = this.mode_worse;
    this.cooldown_counter = 0;
    this.num_bad_epochs = 0;
  }

  /** Whether a reduction's cooldown is running. */
  get in_cooldown(): boolean {
    return this.cooldown_counter > 0;
  }

  /**
   * Whether `a` improves on `best` by the threshold.
   *
   * @param a A metric.
   * @param best The best so far.
   * @returns Whether it is better.
   */
  is_better(a: number, best: number): boolean {
    if (this.mode === "min" && this.threshold_mode === "rel") {
      return a < best * (1 - this.threshold);
    }
    if (this.mode === "min") return a < best - this.threshold;
    if (this.threshold_mode === "rel") return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /**
   * Records one epoch's metric and reduces the learning rates after too many bad epochs.
   *
   * @param metrics The metric: a number or a one-element tensor.
   * @param epoch Deprecated in torch (warns): the epoch number.
   * @returns Nothing.
   */
  step(metrics: number | { item(): number }, epoch?: number): void {
    const current = typeof metrics === "number"
      ? metrics
      : typeof metrics === "object" && metrics !== null && typeof metrics.item === "function"
      ? metrics.item()
      : NaN;
    if (typeof metrics !== "number" && Number.isNaN(current)) {
      throw new TypeError(`float() argument must be a number, not ${describe(metrics)}`);
    }
    if (epoch === undefined || epoch === null) epoch = this.last_epoch + 1;
    else warnOnce(EPOCH_DEPRECATION_WARNING);
    this.last_epoch = epoch;
    if (this.is_better(current, this.best)) {
      this.best = current;
      this.num_bad_epochs = 0;
    } else this.num_bad_epochs += 1;
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0;
    }
    if (this.num_bad_epochs > this.patience) {
      this._reduce_lr(epoch);
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = this.optimizer.param_groups.map((g) => (g as unknown as Group).lr);
  }

  private _reduce_lr(epoch: number): void {
    this.optimizer.param_groups.forEach((group, i) => {
      const g = group as unknown as Group;
      const old_lr = g.lr;
      const new_lr = Math.max(old_lr * this.factor, this.min_lrs[i]);
      if (old_lr - new_lr > this.eps) {
        g.lr = new_lr;
        if (this.verbose) {
          console.log(
            `Epoch ${epochString(epoch)}: reducing learning rate of group ${i} to ${exp4(new_lr)}.`,
          );
        }
      }
    });
  }

  /**
   * The state: every attribute but the optimiser.
   *
   * @returns A plain object.
   */
  state_dict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [k, v] of Object.entries(this)) {
      if (k !== "optimizer") out[k] = Array.isArray(v) ? [...v] : v;
    }
    return out;
  }

  /**
   * Restores a state from {@linkcode ReduceLROnPlateau.state_dict}.
   *
   * @param state_dict The saved state.
   * @returns Nothing.
   */
  load_state_dict(state_dict: SchedulerStateDict): void {
    for (const [k, v] of Object.entries(state_dict)) {
      if (k !== "optimizer") (this as unknown as Record<string, unknown>)[k] = v;
    }
    this._init_is_better();
  }
}
