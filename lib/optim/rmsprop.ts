/**
 * `optim.RMSprop`, step for step as torch 1.13's single-tensor implementation.
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import type { FloatData } from "../tensor/dtype.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { fmaD, rnd } from "./arith.ts";
import { buffer, checkDeviceOptions, checkNonNegative, dataOf } from "./helpers.ts";
import { type OptimArgs, Optimizer, type Params, type ParamState } from "./optimizer.ts";

/** Options of {@linkcode RMSprop}, with torch's keys. */
export interface RMSpropOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha?: number;
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weight_decay?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Normalise by the variance estimate instead (default false). */
  centered?: boolean;
  /** Accepted and ignored (torch's choice of multi-tensor kernels). */
  foreach?: boolean | null;
  /** Maximise the objective instead (default false). */
  maximize?: boolean;
  /** Only false: the step is not recorded by autograd. */
  differentiable?: boolean;
}

const SIG: Signature = [
  { name: "lr", kind: "number", default: 1e-2 },
  { name: "alpha", kind: "number", default: 0.99 },
  { name: "eps", kind: "number", default: 1e-8 },
  { name: "weight_decay", kind: "number", default: 0 },
  { name: "momentum", kind: "number", default: 0 },
  { name: "centered", kind: "bool", default: false },
  { name: "foreach", kind: "bool", default: null },
  { name: "maximize", kind: "bool", default: false },
  { name: "differentiable", kind: "bool", default: false },
];

/**
 * RMSprop, like `torch.optim.RMSprop(params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0,
 * momentum=0, centered=False, foreach=None, maximize=False, differentiable=False)`:
 * `v = αv + (1 − α)g²`, `avg = √v + eps` (centered: `√(v − ḡ²) + eps` with `ḡ` the average
 * gradient), then `p −= lr · g / avg`, or with momentum `buf = momentum · buf + g / avg`,
 * `p −= lr · buf`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([1], { requires_grad: true });
 * const opt = optim.RMSprop([p], { lr: 0.01 });
 * p.sum().backward();
 * opt.step();
 * // v = 0.01, so the first step is lr / 0.1
 * assert.ok(Math.abs(p.item() - 0.9) < 1e-6);
 * ```
 */
export class RMSprop extends Optimizer<Required<RMSpropOptions>> {
  /**
   * Builds the optimiser.
   *
   * @param params Tensors (e.g. `model.parameters()`), or groups `{ params, ...options }`.
   * @param args `{ lr, alpha, eps, weight_decay, momentum, centered, maximize }`, or torch's
   *   positional arguments in that order.
   */
  constructor(params: Params<Required<RMSpropOptions>>, ...args: OptimArgs<RMSpropOptions>) {
    super(params, bind("RMSprop", SIG, args) as unknown as Required<RMSpropOptions>);
  }

  protected override get numberKeys(): readonly string[] {
    return ["step"];
  }

  protected override checkOptions(o: Required<RMSpropOptions>): void {
    checkNonNegative(o.lr, "learning rate");
    checkNonNegative(o.eps, "epsilon value");
    checkNonNegative(o.momentum, "momentum value");
    checkNonNegative(o.weight_decay, "weight_decay value");
    checkNonNegative(o.alpha, "alpha value");
    checkDeviceOptions(o, "RMSprop");
  }

  protected override update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    o: Required<RMSpropOptions>,
    param: Tensor,
    f32: boolean,
  ): void {
    if (state.step === undefined) {
      state.step = 0;
      state.square_avg = buffer(param);
      if (o.momentum > 0) state.momentum_buffer = buffer(param);
      if (o.centered) state.grad_avg = buffer(param);
    }
    state.step = (state.step as number) + 1;
    const sq = dataOf(state.square_avg as Tensor);
    const gavg = o.centered ? dataOf(state.grad_avg as Tensor) : null;
    const buf = o.momentum > 0 ? dataOf(state.momentum_buffer as Tensor) : null;
    const alpha = rnd(o.alpha, f32);
    const keep = rnd(1 - o.alpha, f32);
    const wd = rnd(o.weight_decay, f32);
    const decay = o.weight_decay !== 0;
    const eps = rnd(o.eps, f32);
    const mom = rnd(o.momentum, f32);
    const step = rnd(-o.lr, f32);
    const sign = o.maximize ? -1 : 1;
    const n = p.length;
    for (let i = 0; i < n; i++) {
      let g = sign * grad[i];
      if (decay) g = fmaD(g, wd, p[i], f32);
      const s = fmaD(rnd(sq[i] * alpha, f32), rnd(keep * g, f32), g, f32);
      sq[i] = s;
      let avg: number;
      if (gavg !== null) {
        const a = fmaD(rnd(gavg[i] * alpha, f32), keep, g, f32);
        gavg[i] = a;
        // addcmul(ḡ, ḡ, value=-1): (−1 · ḡ) · ḡ + v
        avg = rnd(Math.sqrt(fmaD(s, -a, a, f32)), f32);
      } else avg = rnd(Math.sqrt(s), f32);
      avg = rnd(avg + eps, f32);
      if (buf !== null) {
        const b = rnd(rnd(buf[i] * mom, f32) + rnd(g / avg, f32), f32);
        buf[i] = b;
        p[i] = fmaD(p[i], step, b, f32);
      } else p[i] = rnd(p[i] + rnd(rnd(step * g, f32) / avg, f32), f32);
    }
  }
}
