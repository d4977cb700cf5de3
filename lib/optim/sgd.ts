/**
 * `optim.SGD`: stochastic gradient descent with momentum, dampening, weight decay and Nesterov
 * momentum, step for step as torch 1.13's (single-tensor) implementation.
 *
 * @module
 */

import { buffer, checkNonNegative, dataOf, fmaFor, rounder } from "./helpers.ts";
import { Optimizer, type ParamGroupInput, type ParamState } from "./optimizer.ts";
import type { FloatData } from "../tensor/dtype.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { checkOptionKeys } from "../tensor/options.ts";

/** Options of {@linkcode SGD}, with torch's keys. */
export interface SGDOptions {
  /** Learning rate (required, as in torch 1.13). */
  lr: number;
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
}

const KEYS = ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"];

/**
 * Stochastic gradient descent, like `torch.optim.SGD(params, lr, momentum=0, dampening=0,
 * weight_decay=0, nesterov=False, maximize=False)`. For each parameter with a gradient g:
 * `g += weight_decay · p`; with momentum, `buf = g` on the first step and
 * `buf = momentum · buf + (1 − dampening) · g` after, and `g = buf` (or `g + momentum · buf`
 * with Nesterov); then `p −= lr · g`. Float32 parameters are updated with torch's float32
 * rounding of each operation.
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
   * @param options `{ lr, momentum, dampening, weight_decay, nesterov, maximize }`.
   */
  constructor(
    params: Iterable<Tensor> | Iterable<ParamGroupInput<Required<SGDOptions>>>,
    options: SGDOptions,
  ) {
    checkOptionKeys(options, KEYS, "SGD");
    if (options === undefined || options.lr === undefined) {
      throw new TypeError(
        "SGD: the learning rate lr is required, e.g. optim.SGD(params, { lr: 0.1 })",
      );
    }
    super(params, {
      lr: options.lr,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weight_decay: options.weight_decay ?? 0,
      nesterov: options.nesterov ?? false,
      maximize: options.maximize ?? false,
    });
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
  }

  protected override update(
    p: Float64Array,
    grad: FloatData,
    state: ParamState,
    o: Required<SGDOptions>,
    param: Tensor,
  ): void {
    const r = rounder(param);
    const fma = fmaFor(param);
    // torch casts each Python-number factor to the parameter's dtype; add(x, alpha=a) computes
    // x + a·y with one rounding (a fused multiply-add in its vectorised kernel).
    const wd = r(o.weight_decay);
    const m = r(o.momentum);
    const keep = r(1 - o.dampening);
    const step = r(-o.lr);
    const n = p.length;
    let buf: FloatData | null = null;
    if (o.momentum !== 0) {
      const existing = state.momentum_buffer as Tensor | undefined;
      if (existing === undefined) {
        const t = buffer(param);
        state.momentum_buffer = t;
      } else buf = dataOf(existing);
    }
    const fresh = o.momentum !== 0 && buf === null ? dataOf(state.momentum_buffer as Tensor) : null;
    for (let i = 0; i < n; i++) {
      let d = o.maximize ? -grad[i] : grad[i];
      if (o.weight_decay !== 0) d = fma(d, wd, p[i]);
      if (o.momentum !== 0) {
        let b: number;
        if (fresh !== null) {
          b = d; // the first step clones the gradient
          fresh[i] = b;
        } else {
          b = fma(r(buf![i] * m), keep, d);
          buf![i] = b;
        }
        d = o.nesterov ? fma(d, m, b) : b;
      }
      p[i] = fma(p[i], step, d);
    }
  }
}
