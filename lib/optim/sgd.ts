/**
 * `optim.SGD`: stochastic gradient descent with momentum, dampening, weight decay and Nesterov
 * momentum, step for step as torch 1.13's (single-tensor) implementation.
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import type { FloatData } from "../tensor/dtype.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { fma32, fmaD, rnd } from "./arith.ts";
import { buffer, checkDeviceOptions, checkNonNegative, dataOf } from "./helpers.ts";
import { type OptimArgs, Optimizer, type Params, type ParamState } from "./optimizer.ts";

/** Options of {@linkcode SGD}, with torch's keys. */
export interface SGDOptions {
  /** Learning rate (required, as in torch 1.13, unless every group gives one). */
  lr?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Dampening of the momentum (default 0). */
  dampening?: number;
  /** L2 penalty added to the gradient (default 0). */
  weight_decay?: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** Maximise the objective instead (default false). */
  maximize?: boolean;
  /** Accepted and ignored (torch's choice of multi-tensor kernels; the numbers are the same). */
  foreach?: boolean | null;
  /** Only false: the step is not recorded by autograd. */
  differentiable?: boolean;
}

const SIG: Signature = [
  { name: "lr", kind: "number", default: undefined },
  { name: "momentum", kind: "number", default: 0 },
  { name: "dampening", kind: "number", default: 0 },
  { name: "weight_decay", kind: "number", default: 0 },
  { name: "nesterov", kind: "bool", default: false },
  { name: "maximize", kind: "bool", default: false, keywordOnly: true },
  { name: "foreach", kind: "bool", default: null, keywordOnly: true },
  { name: "differentiable", kind: "bool", default: false, keywordOnly: true },
];

/**
 * Stochastic gradient descent, like `torch.optim.SGD(params, lr, momentum=0, dampening=0,
 * weight_decay=0, nesterov=False, *, maximize=False, foreach=None, differentiable=False)`.
 * For each parameter with a gradient g: `g += weight_decay · p`; with momentum, `buf = g` on
 * the first step and `buf = momentum · buf + (1 − dampening) · g` after, and `g = buf` (or
 * `g + momentum · buf` with Nesterov); then `p −= lr · g`, in place. Float32 parameters are
 * updated with torch's float32 rounding of each operation.
 *
 * @example One step on `p²`
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([1, -2], { requires_grad: true });
 * const opt = optim.SGD([p], { lr: 0.25 });
 * p.mul(p).sum().backward();
 * opt.step();
 * assert.deepEqual(p.tolist(), [0.5, -1]);
 * ```
 */
export class SGD extends Optimizer<Required<SGDOptions>> {
  /**
   * Builds the optimiser.
   *
   * @param params Tensors (e.g. `model.parameters()`), or groups `{ params, ...options }`.
   * @param args `{ lr, momentum, dampening, weight_decay, nesterov, maximize }`, or torch's
   *   positional `lr, momentum, dampening, weight_decay, nesterov`.
   */
  constructor(params: Params<Required<SGDOptions>>, ...args: OptimArgs<SGDOptions>) {
    super(params, bind("SGD", SIG, args) as unknown as Required<SGDOptions>);
  }

  protected override get required(): readonly string[] {
    return ["lr"];
  }

  protected override checkOptions(o: Required<SGDOptions>): void {
    checkNonNegative(o.lr, "learning rate");
    checkNonNegative(o.momentum, "momentum value");
    checkNonNegative(o.weight_decay, "weight_decay value");
    if (typeof o.dampening !== "number") {
      throw new TypeError(`Invalid dampening value: ${o.dampening}`);
    }
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new RangeError("Nesterov momentum requires a momentum and zero dampening");
    }
    checkDeviceOptions(o, "SGD");
  }

  protected override update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    o: Required<SGDOptions>,
    param: Tensor,
    f32: boolean,
  ): void {
    // torch casts each Python-number factor to the parameter's dtype; add(x, alpha=a) computes
    // x + a·y with one rounding (a fused multiply-add in its vectorised kernel).
    const wd = rnd(o.weight_decay, f32);
    const m = rnd(o.momentum, f32);
    const keep = rnd(1 - o.dampening, f32);
    const step = rnd(-o.lr, f32);
    const sign = o.maximize ? -1 : 1;
    const decay = o.weight_decay !== 0;
    const nesterov = o.nesterov;
    const n = p.length;
    if (o.momentum === 0) {
      state.momentum_buffer = null;
      for (let i = 0; i < n; i++) {
        let d = sign * grad[i];
        if (decay) d = fmaD(d, wd, p[i], f32);
        p[i] = fmaD(p[i], step, d, f32);
      }
      return;
    }
    const existing = state.momentum_buffer as Tensor | null | undefined;
    const fresh = existing === undefined || existing === null;
    if (fresh) state.momentum_buffer = buffer(param);
    const buf = dataOf(state.momentum_buffer as Tensor);
    if (f32 && !decay && !nesterov && keep === 1) {
      // The common float32 case (momentum, no dampening) in one tight loop: 1·d is exact, so
      // the buffer update is a plain float32 sum; the parameter update is fma32 inlined by
      // hand (see arith.ts: only an exact float32 midpoint needs the sum's rounding error).
      for (let i = 0; i < n; i++) {
        const d = sign * grad[i];
        const b = fresh ? d : Math.fround(Math.fround(buf[i] * m) + d);
        buf[i] = b;
        const z = p[i];
        const prod = step * b;
        const sum = prod + z;
        let r = Math.fround(sum);
        const other = r + 2 * (sum - r);
        if (other !== r && Math.fround(other) === other) r = fma32(step, b, z);
        p[i] = r;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      let d = sign * grad[i];
      if (decay) d = fmaD(d, wd, p[i], f32);
      // The first step clones the gradient; later ones decay the buffer.
      const b = fresh ? d : fmaD(rnd(buf[i] * m, f32), keep, d, f32);
      buf[i] = b;
      d = nesterov ? fmaD(d, m, b, f32) : b;
      p[i] = fmaD(p[i], step, d, f32);
    }
  }
}
