/**
 * `optim.Adagrad`, step for step as torch 1.13's single-tensor implementation (dense
 * gradients).
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import type { FloatData } from "../tensor/dtype.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { fmaD, rnd } from "./arith.ts";
import { buffer, checkNonNegative, dataOf, scalarTensor } from "./helpers.ts";
import { type OptimArgs, Optimizer, type Params, type ParamState } from "./optimizer.ts";

/** Options of {@linkcode Adagrad}, with torch's keys. */
export interface AdagradOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Learning-rate decay per step (default 0). */
  lr_decay?: number;
  /** L2 penalty added to the gradient (default 0). */
  weight_decay?: number;
  /** The accumulator's starting value (default 0). */
  initial_accumulator_value?: number;
  /** Added to the denominator (default 1e-10). */
  eps?: number;
  /** Accepted and ignored (torch's choice of multi-tensor kernels). */
  foreach?: boolean | null;
  /** Maximise the objective instead (default false). */
  maximize?: boolean;
}

const SIG: Signature = [
  { name: "lr", kind: "number", default: 1e-2 },
  { name: "lr_decay", kind: "number", default: 0 },
  { name: "weight_decay", kind: "number", default: 0 },
  { name: "initial_accumulator_value", kind: "number", default: 0 },
  { name: "eps", kind: "number", default: 1e-10 },
  { name: "foreach", kind: "bool", default: null },
  { name: "maximize", kind: "bool", default: false, keywordOnly: true },
];

/**
 * Adagrad, like `torch.optim.Adagrad(params, lr=0.01, lr_decay=0, weight_decay=0,
 * initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False)`:
 * `sum += g²`, `p −= clr · g / (√sum + eps)` with `clr = lr / (1 + (t − 1) · lr_decay)`. As in
 * torch, each parameter's state exists from construction.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([1], { requires_grad: true });
 * const opt = optim.Adagrad([p], { lr: 0.5 });
 * p.mul(3).sum().backward();
 * opt.step();
 * assert.ok(Math.abs(p.item() - 0.5) < 1e-6); // 1 − 0.5 · 3 / 3
 * ```
 */
export class Adagrad extends Optimizer<Required<AdagradOptions>> {
  /**
   * Builds the optimiser.
   *
   * @param params Tensors (e.g. `model.parameters()`), or groups `{ params, ...options }`.
   * @param args `{ lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize }`, or
   *   torch's positional arguments in that order.
   */
  constructor(params: Params<Required<AdagradOptions>>, ...args: OptimArgs<AdagradOptions>) {
    super(params, bind("Adagrad", SIG, args) as unknown as Required<AdagradOptions>);
    for (const group of this.param_groups) {
      for (const p of group.params) {
        this.state.set(p, {
          step: scalarTensor(0),
          sum: buffer(p, group.initial_accumulator_value),
        });
      }
    }
  }

  protected override checkOptions(o: Required<AdagradOptions>): void {
    checkNonNegative(o.lr, "learning rate");
    checkNonNegative(o.lr_decay, "lr_decay value");
    checkNonNegative(o.weight_decay, "weight_decay value");
    checkNonNegative(o.initial_accumulator_value, "initial_accumulator_value value");
    checkNonNegative(o.eps, "epsilon value");
  }

  protected override update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    o: Required<AdagradOptions>,
    param: Tensor,
    f32: boolean,
  ): void {
    if (state.step === undefined) {
      state.step = scalarTensor(0);
      state.sum = buffer(param, o.initial_accumulator_value);
    }
    const stepData = dataOf(state.step as Tensor);
    stepData[0] += 1;
    const step = stepData[0];
    const sum = dataOf(state.sum as Tensor);
    const wd = rnd(o.weight_decay, f32);
    const decay = o.weight_decay !== 0;
    const clr = o.lr / (1 + (step - 1) * o.lr_decay);
    const value = rnd(-clr, f32);
    const eps = rnd(o.eps, f32);
    const sign = o.maximize ? -1 : 1;
    const n = p.length;
    for (let i = 0; i < n; i++) {
      let g = sign * grad[i];
      if (decay) g = fmaD(g, wd, p[i], f32);
      const s = fmaD(sum[i], g, g, f32);
      sum[i] = s;
      const std = rnd(rnd(Math.sqrt(s), f32) + eps, f32);
      p[i] = rnd(p[i] + rnd(rnd(value * g, f32) / std, f32), f32);
    }
  }
}
