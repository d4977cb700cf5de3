/**
 * `optim.Adamax`, `optim.NAdam` and `optim.RAdam`: Adam's relatives, step for step as torch
 * 1.13's single-tensor implementations.
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import type { FloatData } from "../tensor/dtype.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { fmaD, rnd } from "./arith.ts";
import { buffer, checkBetas, checkNonNegative, dataOf, scalarTensor } from "./helpers.ts";
import { type OptimArgs, Optimizer, type Params, type ParamState } from "./optimizer.ts";

/** Options of {@linkcode Adamax}, {@linkcode NAdam} and {@linkcode RAdam}, with torch's keys. */
export interface AdamaxOptions {
  /** Learning rate (Adamax, NAdam: default 0.002; RAdam: 0.001). */
  lr?: number;
  /** Decay rates of the moment estimates (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weight_decay?: number;
  /** Accepted and ignored (torch's choice of multi-tensor kernels). */
  foreach?: boolean | null;
  /** Maximise the objective instead (Adamax only; default false). */
  maximize?: boolean;
}

/** Options of {@linkcode NAdam}: Adam's and `momentum_decay` (default 0.004). */
export interface NAdamOptions extends Omit<AdamaxOptions, "maximize"> {
  /** The momentum schedule's decay (default 0.004). */
  momentum_decay?: number;
}

/** Options of {@linkcode RAdam}. */
export type RAdamOptions = Omit<AdamaxOptions, "maximize">;

const pair = (v: unknown) => Array.isArray(v) && v.length === 2 ? null : "a pair [beta1, beta2]";

function common(lr: number): Signature {
  return [
    { name: "lr", kind: "number", default: lr },
    { name: "betas", kind: pair, default: [0.9, 0.999] },
    { name: "eps", kind: "number", default: 1e-8 },
    { name: "weight_decay", kind: "number", default: 0 },
  ];
}
const ADAMAX: Signature = [
  ...common(2e-3),
  { name: "foreach", kind: "bool", default: null },
  { name: "maximize", kind: "bool", default: false, keywordOnly: true },
];
const NADAM: Signature = [
  ...common(2e-3),
  { name: "momentum_decay", kind: "number", default: 4e-3 },
  { name: "foreach", kind: "bool", default: null },
];
const RADAM: Signature = [...common(1e-3), { name: "foreach", kind: "bool", default: null }];

function defaults<O>(where: string, sig: Signature, args: unknown[]): O {
  const o = bind(where, sig, args);
  return { ...o, betas: [...(o.betas as number[])] } as O;
}

function check(o: AdamaxOptions, where: string): void {
  checkNonNegative(o.lr, "learning rate");
  checkNonNegative(o.eps, "epsilon value");
  checkBetas(o.betas, where);
  checkNonNegative(o.weight_decay, "weight_decay value");
}

/** Starts Adam-like state: a float32 step tensor and zero moment buffers. */
function startState(state: ParamState, param: Tensor, keys: readonly string[]): number {
  if (state.step === undefined) state.step = scalarTensor(0);
  for (const k of keys) if (state[k] === undefined) state[k] = buffer(param);
  const stepData = dataOf(state.step as Tensor);
  stepData[0] += 1;
  return stepData[0];
}

/**
 * Adamax, like `torch.optim.Adamax(params, lr=0.002, betas=(0.9, 0.999), eps=1e-08,
 * weight_decay=0, foreach=None, *, maximize=False)`: Adam with the infinity norm,
 * `u = max(β₂u, |g| + eps)`, `p −= lr / (1 − β₁ᵗ) · m / u`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([1], { requires_grad: true });
 * const opt = optim.Adamax([p], { lr: 0.1 });
 * p.sum().backward();
 * opt.step();
 * assert.ok(Math.abs(p.item() - 0.9) < 1e-6);
 * ```
 */
export class Adamax extends Optimizer<Required<AdamaxOptions>> {
  /**
   * Builds the optimiser.
   *
   * @param params Tensors (e.g. `model.parameters()`), or groups `{ params, ...options }`.
   * @param args `{ lr, betas, eps, weight_decay, maximize }`, or torch's positional arguments.
   */
  constructor(params: Params<Required<AdamaxOptions>>, ...args: OptimArgs<AdamaxOptions>) {
    super(params, defaults("Adamax", ADAMAX, args));
  }

  protected override checkOptions(o: Required<AdamaxOptions>): void {
    check(o, "Adamax");
  }

  protected override update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    o: Required<AdamaxOptions>,
    param: Tensor,
    f32: boolean,
  ): void {
    const step = startState(state, param, ["exp_avg", "exp_inf"]);
    const m = dataOf(state.exp_avg as Tensor);
    const u = dataOf(state.exp_inf as Tensor);
    const [beta1, beta2] = o.betas;
    const b1 = rnd(beta1, f32);
    const b2 = rnd(beta2, f32);
    const keep1 = rnd(1 - beta1, f32);
    const wd = rnd(o.weight_decay, f32);
    const decay = o.weight_decay !== 0;
    const eps = rnd(o.eps, f32);
    const value = rnd(-(o.lr / (1 - beta1 ** step)), f32);
    const sign = o.maximize ? -1 : 1;
    const n = p.length;
    for (let i = 0; i < n; i++) {
      let g = sign * grad[i];
      if (decay) g = fmaD(g, wd, p[i], f32);
      const mi = fmaD(rnd(m[i] * b1, f32), keep1, g, f32);
      m[i] = mi;
      const a = rnd(u[i] * b2, f32);
      const b = rnd(Math.abs(g) + eps, f32);
      // amax over the two: NaN wins, as in torch.
      const ui = a >= b || a !== a ? a : b;
      u[i] = ui;
      p[i] = rnd(p[i] + rnd(rnd(value * mi, f32) / ui, f32), f32);
    }
  }
}

/**
 * NAdam, like `torch.optim.NAdam(params, lr=0.002, betas=(0.9, 0.999), eps=1e-08,
 * weight_decay=0, momentum_decay=0.004, foreach=None)`: Adam with Nesterov momentum and the
 * momentum schedule `μₜ = β₁(1 − ½ · 0.96^(t · momentum_decay))`.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([1], { requires_grad: true });
 * const opt = optim.NAdam([p], { lr: 0.1 });
 * p.sum().backward();
 * opt.step();
 * assert.ok(p.item() < 0.91 && p.item() > 0.89);
 * ```
 */
export class NAdam extends Optimizer<Required<NAdamOptions>> {
  /**
   * Builds the optimiser.
   *
   * @param params Tensors (e.g. `model.parameters()`), or groups `{ params, ...options }`.
   * @param args `{ lr, betas, eps, weight_decay, momentum_decay }`, or torch's positional
   *   arguments.
   */
  constructor(params: Params<Required<NAdamOptions>>, ...args: OptimArgs<NAdamOptions>) {
    super(params, defaults("NAdam", NADAM, args));
  }

  protected override checkOptions(o: Required<NAdamOptions>): void {
    check(o, "NAdam");
    checkNonNegative(o.momentum_decay, "momentum_decay value");
  }

  protected override update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    o: Required<NAdamOptions>,
    param: Tensor,
    f32: boolean,
  ): void {
    if (state.step === undefined) {
      state.step = scalarTensor(0);
      state.mu_product = scalarTensor(1);
    }
    const step = startState(state, param, ["exp_avg", "exp_avg_sq"]);
    const m = dataOf(state.exp_avg as Tensor);
    const v = dataOf(state.exp_avg_sq as Tensor);
    const muProduct = dataOf(state.mu_product as Tensor);
    const [beta1, beta2] = o.betas;
    const bias_correction2 = 1 - beta2 ** step;
    const mu = beta1 * (1 - 0.5 * 0.96 ** (step * o.momentum_decay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * o.momentum_decay));
    // mu_product is a float32 tensor: each product rounds in float32.
    muProduct[0] = muProduct[0] * Math.fround(mu);
    const product = muProduct[0];
    const productNext = Math.fround(Math.fround(product * Math.fround(mu)) * Math.fround(muNext));
    const value1 = rnd(-o.lr * (1 - mu) / (1 - product), f32);
    const value2 = rnd(-o.lr * muNext / (1 - productNext), f32);
    const b1 = rnd(beta1, f32);
    const b2 = rnd(beta2, f32);
    const keep1 = rnd(1 - beta1, f32);
    const keep2 = rnd(1 - beta2, f32);
    const bc2 = rnd(bias_correction2, f32);
    const wd = rnd(o.weight_decay, f32);
    const decay = o.weight_decay !== 0;
    const eps = rnd(o.eps, f32);
    const n = p.length;
    for (let i = 0; i < n; i++) {
      let g = grad[i];
      if (decay) g = fmaD(g, wd, p[i], f32);
      const mi = fmaD(rnd(m[i] * b1, f32), keep1, g, f32);
      m[i] = mi;
      const vi = fmaD(rnd(v[i] * b2, f32), rnd(keep2 * g, f32), g, f32);
      v[i] = vi;
      const denom = rnd(rnd(Math.sqrt(rnd(vi / bc2, f32)), f32) + eps, f32);
      const w = rnd(p[i] + rnd(rnd(value1 * g, f32) / denom, f32), f32);
      p[i] = rnd(w + rnd(rnd(value2 * mi, f32) / denom, f32), f32);
    }
  }
}

/**
 * RAdam, like `torch.optim.RAdam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08,
 * weight_decay=0, foreach=None)`: Adam with the variance rectification term, plain momentum
 * SGD while the rectification is undefined (ρₜ ≤ 5).
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([1], { requires_grad: true });
 * const opt = optim.RAdam([p], { lr: 0.1 });
 * p.sum().backward();
 * opt.step();
 * assert.ok(Math.abs(p.item() - 0.9) < 1e-6); // the first steps are momentum SGD
 * ```
 */
export class RAdam extends Optimizer<Required<RAdamOptions>> {
  /**
   * Builds the optimiser.
   *
   * @param params Tensors (e.g. `model.parameters()`), or groups `{ params, ...options }`.
   * @param args `{ lr, betas, eps, weight_decay }`, or torch's positional arguments.
   */
  constructor(params: Params<Required<RAdamOptions>>, ...args: OptimArgs<RAdamOptions>) {
    super(params, defaults("RAdam", RADAM, args));
  }

  protected override checkOptions(o: Required<RAdamOptions>): void {
    check(o, "RAdam");
  }

  protected override update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    o: Required<RAdamOptions>,
    param: Tensor,
    f32: boolean,
  ): void {
    const step = startState(state, param, ["exp_avg", "exp_avg_sq"]);
    const m = dataOf(state.exp_avg as Tensor);
    const v = dataOf(state.exp_avg_sq as Tensor);
    const [beta1, beta2] = o.betas;
    const bias_correction1 = 1 - beta1 ** step;
    const bias_correction2 = 1 - beta2 ** step;
    const rho_inf = 2 / (1 - beta2) - 1;
    const rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2;
    const rectified = rho_t > 5;
    const rect = rectified
      ? rnd(
        Math.sqrt(
          (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t),
        ),
        f32,
      )
      : 0;
    const bc2Sqrt = rnd(Math.sqrt(bias_correction2), f32);
    const b1 = rnd(beta1, f32);
    const b2 = rnd(beta2, f32);
    const keep1 = rnd(1 - beta1, f32);
    const keep2 = rnd(1 - beta2, f32);
    const bc1 = rnd(bias_correction1, f32);
    const lr = rnd(o.lr, f32);
    const wd = rnd(o.weight_decay, f32);
    const decay = o.weight_decay !== 0;
    const eps = rnd(o.eps, f32);
    const n = p.length;
    for (let i = 0; i < n; i++) {
      let g = grad[i];
      if (decay) g = fmaD(g, wd, p[i], f32);
      const mi = fmaD(rnd(m[i] * b1, f32), keep1, g, f32);
      m[i] = mi;
      const vi = fmaD(rnd(v[i] * b2, f32), rnd(keep2 * g, f32), g, f32);
      v[i] = vi;
      const corrected = rnd(mi / bc1, f32);
      let delta = rnd(corrected * lr, f32);
      if (rectified) {
        // math.sqrt(bc2) / tensor is reciprocal(tensor) * scalar in torch.
        const den = rnd(rnd(Math.sqrt(vi), f32) + eps, f32);
        const adaptive = rnd(rnd(1 / den, f32) * bc2Sqrt, f32);
        delta = rnd(rnd(delta * adaptive, f32) * rect, f32);
      }
      p[i] = rnd(p[i] - delta, f32);
    }
  }
}
