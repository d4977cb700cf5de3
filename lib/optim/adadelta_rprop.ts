/**
 * `optim.Adadelta` and `optim.Rprop`, step for step as torch 1.13's single-tensor
 * implementations.
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import { describe, type FloatData } from "../tensor/dtype.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { fmaD, rnd } from "./arith.ts";
import { buffer, checkNonNegative, dataOf } from "./helpers.ts";
import { type OptimArgs, Optimizer, type Params, type ParamState } from "./optimizer.ts";

/** Options of {@linkcode Adadelta}, with torch's keys. */
export interface AdadeltaOptions {
  /** Scales the delta before it is applied (default 1.0). */
  lr?: number;
  /** Decay of the running averages (default 0.9). */
  rho?: number;
  /** Added inside the square roots (default 1e-6). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weight_decay?: number;
  /** Accepted and ignored (torch's choice of multi-tensor kernels). */
  foreach?: boolean | null;
  /** Maximise the objective instead (default false). */
  maximize?: boolean;
}

const ADADELTA: Signature = [
  { name: "lr", kind: "number", default: 1.0 },
  { name: "rho", kind: "number", default: 0.9 },
  { name: "eps", kind: "number", default: 1e-6 },
  { name: "weight_decay", kind: "number", default: 0 },
  { name: "foreach", kind: "bool", default: null },
  { name: "maximize", kind: "bool", default: false, keywordOnly: true },
];

/**
 * Adadelta, like `torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-06, weight_decay=0,
 * foreach=None, *, maximize=False)`: `v = ρv + (1 − ρ)g²`,
 * `δ = √(u + eps) / √(v + eps) · g`, `u = ρu + (1 − ρ)δ²`, `p −= lr · δ`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([1], { requires_grad: true });
 * const opt = optim.Adadelta([p]);
 * p.sum().backward();
 * opt.step();
 * assert.ok(p.item() < 1 && p.item() > 0.99);
 * ```
 */
export class Adadelta extends Optimizer<Required<AdadeltaOptions>> {
  /**
   * Builds the optimiser.
   *
   * @param params Tensors (e.g. `model.parameters()`), or groups `{ params, ...options }`.
   * @param args `{ lr, rho, eps, weight_decay, maximize }`, or torch's positional arguments.
   */
  constructor(params: Params<Required<AdadeltaOptions>>, ...args: OptimArgs<AdadeltaOptions>) {
    super(params, bind("Adadelta", ADADELTA, args) as unknown as Required<AdadeltaOptions>);
  }

  protected override get numberKeys(): readonly string[] {
    return ["step"];
  }

  protected override checkOptions(o: Required<AdadeltaOptions>): void {
    checkNonNegative(o.lr, "learning rate");
    if (typeof o.rho !== "number" || !(o.rho >= 0 && o.rho <= 1)) {
      throw new RangeError(`Invalid rho value: ${describe(o.rho)}`);
    }
    checkNonNegative(o.eps, "epsilon value");
    checkNonNegative(o.weight_decay, "weight_decay value");
  }

  protected override update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    o: Required<AdadeltaOptions>,
    param: Tensor,
    f32: boolean,
  ): void {
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = buffer(param);
      state.acc_delta = buffer(param);
    }
    state.step = (state.step as number) + 1;
    const sq = dataOf(state.square_avg as Tensor);
    const acc = dataOf(state.acc_delta as Tensor);
    const rho = rnd(o.rho, f32);
    const keep = rnd(1 - o.rho, f32);
    const eps = rnd(o.eps, f32);
    const wd = rnd(o.weight_decay, f32);
    const decay = o.weight_decay !== 0;
    const step = rnd(-o.lr, f32);
    const sign = o.maximize ? -1 : 1;
    const n = p.length;
    for (let i = 0; i < n; i++) {
      let g = sign * grad[i];
      if (decay) g = fmaD(g, wd, p[i], f32);
      const s = fmaD(rnd(sq[i] * rho, f32), rnd(keep * g, f32), g, f32);
      sq[i] = s;
      const std = rnd(Math.sqrt(rnd(s + eps, f32)), f32);
      const ratio = rnd(rnd(Math.sqrt(rnd(acc[i] + eps, f32)), f32) / std, f32);
      const delta = rnd(ratio * g, f32);
      acc[i] = fmaD(rnd(acc[i] * rho, f32), rnd(keep * delta, f32), delta, f32);
      p[i] = fmaD(p[i], step, delta, f32);
    }
  }
}

/** Options of {@linkcode Rprop}, with torch's keys. */
export interface RpropOptions {
  /** The initial step size (default 0.01). */
  lr?: number;
  /** [etaminus, etaplus]: step-size factors on a sign change / no change (default [0.5, 1.2]). */
  etas?: readonly [number, number];
  /** [min, max] step sizes (default [1e-6, 50]). */
  step_sizes?: readonly [number, number];
  /** Accepted and ignored (torch's choice of multi-tensor kernels). */
  foreach?: boolean | null;
  /** Maximise the objective instead (default false). */
  maximize?: boolean;
}

const pairOf = (v: unknown) =>
  Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number")
    ? null
    : "a pair of numbers";

const RPROP: Signature = [
  { name: "lr", kind: "number", default: 1e-2 },
  { name: "etas", kind: pairOf, default: [0.5, 1.2] },
  { name: "step_sizes", kind: pairOf, default: [1e-6, 50] },
  { name: "foreach", kind: "bool", default: null },
  { name: "maximize", kind: "bool", default: false },
];

/**
 * Rprop, like `torch.optim.Rprop(params, lr=0.01, etas=(0.5, 1.2), step_sizes=(1e-06, 50),
 * foreach=None, maximize=False)`: each element's step size grows by etaplus while its
 * gradient keeps its sign and shrinks by etaminus when it flips (that step then skipped);
 * `p −= sign(g) · step_size`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([1], { requires_grad: true });
 * const opt = optim.Rprop([p], { lr: 0.25 });
 * p.mul(5).sum().backward();
 * opt.step();
 * assert.equal(p.item(), 0.75);
 * ```
 */
export class Rprop extends Optimizer<Required<RpropOptions>> {
  /**
   * Builds the optimiser.
   *
   * @param params Tensors (e.g. `model.parameters()`), or groups `{ params, ...options }`.
   * @param args `{ lr, etas, step_sizes, maximize }`, or torch's positional arguments.
   */
  constructor(params: Params<Required<RpropOptions>>, ...args: OptimArgs<RpropOptions>) {
    const o = bind("Rprop", RPROP, args) as unknown as Required<RpropOptions>;
    super(params, {
      ...o,
      etas: [...o.etas] as unknown as [number, number],
      step_sizes: [...o.step_sizes] as unknown as [number, number],
    });
  }

  protected override get numberKeys(): readonly string[] {
    return ["step"];
  }

  protected override checkOptions(o: Required<RpropOptions>): void {
    checkNonNegative(o.lr, "learning rate");
    const [minus, plus] = o.etas;
    if (!(0 < minus && minus < 1 && 1 < plus)) {
      throw new RangeError(`Invalid eta values: ${minus}, ${plus}`);
    }
  }

  protected override update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    o: Required<RpropOptions>,
    param: Tensor,
    f32: boolean,
  ): void {
    if (state.step === undefined) {
      state.step = 0;
      state.prev = buffer(param);
      state.step_size = buffer(param, o.lr);
    }
    state.step = (state.step as number) + 1;
    const prev = dataOf(state.prev as Tensor);
    const size = dataOf(state.step_size as Tensor);
    const minus = rnd(o.etas[0], f32);
    const plus = rnd(o.etas[1], f32);
    const lo = rnd(o.step_sizes[0], f32);
    const hi = rnd(o.step_sizes[1], f32);
    const sign = o.maximize ? -1 : 1;
    const n = p.length;
    for (let i = 0; i < n; i++) {
      let g = sign * grad[i];
      const s = rnd(g * prev[i], f32);
      const factor = s > 0 ? plus : s < 0 ? minus : s === 0 ? 1 : s;
      // clamp_(min, max) after the product: NaN stays NaN.
      let st = rnd(size[i] * factor, f32);
      st = st < lo ? lo : st > hi ? hi : st;
      size[i] = st;
      if (factor === minus) g = 0;
      const sg = g > 0 ? 1 : g < 0 ? -1 : g;
      // addcmul_(sign(g), step_size, value=-1): p + (−sign(g)) · step_size
      p[i] = fmaD(p[i], -sg, st, f32);
      prev[i] = g;
    }
  }
}
