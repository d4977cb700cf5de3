/**
 * `optim.Adam` and `optim.AdamW`, step for step as torch 1.13's single-tensor implementations.
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import type { FloatData } from "../tensor/dtype.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { fma32, fmaD, rnd } from "./arith.ts";
import {
  buffer,
  checkBetas,
  checkDeviceOptions,
  checkNonNegative,
  dataOf,
  scalarTensor,
} from "./helpers.ts";
import { type OptimArgs, Optimizer, type Params, type ParamState } from "./optimizer.ts";

/** Options of {@linkcode Adam} and {@linkcode AdamW}, with torch's keys. */
export interface AdamOptions {
  /** Learning rate (default 0.001). */
  lr?: number;
  /** Decay rates of the first and second moment estimates (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Adam: L2 penalty added to the gradient (default 0); AdamW: decoupled decay (default 0.01). */
  weight_decay?: number;
  /** Use the maximum of past second moments (AMSGrad; default false). */
  amsgrad?: boolean;
  /** Maximise the objective instead (default false). */
  maximize?: boolean;
  /** Accepted and ignored (torch's choice of multi-tensor kernels; the numbers are the same). */
  foreach?: boolean | null;
  /** Only false (true needs CUDA in torch). */
  capturable?: boolean;
  /** Only false: the step is not recorded by autograd (Adam only). */
  differentiable?: boolean;
  /** Only false (true needs CUDA in torch; Adam only). */
  fused?: boolean;
}

const pair = (v: unknown) => Array.isArray(v) && v.length === 2 ? null : "a pair [beta1, beta2]";

const COMMON: Signature = [
  { name: "lr", kind: "number", default: 1e-3 },
  { name: "betas", kind: pair, default: [0.9, 0.999] },
  { name: "eps", kind: "number", default: 1e-8 },
];
const ADAM: Signature = [
  ...COMMON,
  { name: "weight_decay", kind: "number", default: 0 },
  { name: "amsgrad", kind: "bool", default: false },
  { name: "foreach", kind: "bool", default: null, keywordOnly: true },
  { name: "maximize", kind: "bool", default: false, keywordOnly: true },
  { name: "capturable", kind: "bool", default: false, keywordOnly: true },
  { name: "differentiable", kind: "bool", default: false, keywordOnly: true },
  { name: "fused", kind: "bool", default: false, keywordOnly: true },
];
const ADAMW: Signature = [
  ...COMMON,
  { name: "weight_decay", kind: "number", default: 1e-2 },
  { name: "amsgrad", kind: "bool", default: false },
  { name: "maximize", kind: "bool", default: false, keywordOnly: true },
  { name: "foreach", kind: "bool", default: null, keywordOnly: true },
  { name: "capturable", kind: "bool", default: false, keywordOnly: true },
];

/** The options of an Adam or AdamW group (AdamW has no `differentiable` or `fused`). */
export type AdamGroup = Required<Omit<AdamOptions, "differentiable" | "fused">> & AdamOptions;

function defaults(where: string, sig: Signature, args: unknown[]): AdamGroup {
  const o = bind(where, sig, args) as unknown as AdamGroup;
  return { ...o, betas: [...o.betas] as unknown as [number, number] };
}

function check(o: AdamGroup, where: string): void {
  checkNonNegative(o.lr, "learning rate");
  checkNonNegative(o.eps, "epsilon value");
  checkBetas(o.betas, where);
  checkNonNegative(o.weight_decay, "weight_decay value");
  checkDeviceOptions(o as unknown as Record<string, unknown>, where);
}

/**
 * One Adam (or, `decoupled`, AdamW) step of one parameter, in place: torch 1.13's
 * `_single_tensor_adam(w)` with each tensor op's rounding.
 */
function adamStep(
  p: FloatData,
  grad: FloatData,
  state: ParamState,
  o: AdamGroup,
  param: Tensor,
  f32: boolean,
  decoupled: boolean,
): void {
  if (state.step === undefined) {
    // torch 1.13 keeps the step count as a float32 0-dim tensor.
    state.step = scalarTensor(0);
    state.exp_avg = buffer(param);
    state.exp_avg_sq = buffer(param);
    if (o.amsgrad) state.max_exp_avg_sq = buffer(param);
  }
  const stepData = dataOf(state.step as Tensor);
  stepData[0] += 1;
  const step = stepData[0];
  const m = dataOf(state.exp_avg as Tensor);
  const v = dataOf(state.exp_avg_sq as Tensor);
  const vmax = o.amsgrad ? dataOf(state.max_exp_avg_sq as Tensor) : null;
  const [beta1, beta2] = o.betas;
  // The scalars are Python floats in torch (double), cast to the dtype inside each kernel.
  const b1 = rnd(beta1, f32);
  const b2 = rnd(beta2, f32);
  const oneMinusB1 = rnd(1 - beta1, f32);
  const oneMinusB2 = rnd(1 - beta2, f32);
  const wd = rnd(o.weight_decay, f32);
  const decay = !decoupled && o.weight_decay !== 0;
  const shrink = rnd(1 - o.lr * o.weight_decay, f32);
  const bias_correction1 = 1 - beta1 ** step;
  const bias_correction2 = 1 - beta2 ** step;
  const step_size = rnd(-(o.lr / bias_correction1), f32);
  const bc2Sqrt = rnd(Math.sqrt(bias_correction2), f32);
  const eps = rnd(o.eps, f32);
  const sign = o.maximize ? -1 : 1;
  const n = p.length;
  if (f32 && vmax === null) {
    // The common float32 case in one tight loop (the same operations as below).
    const fr = Math.fround;
    // fma32 inlined by hand twice (see arith.ts: only an exact float32 midpoint needs the
    // sum's rounding error, and then fma32 itself decides).
    for (let i = 0; i < n; i++) {
      let g = sign * grad[i];
      let w = p[i];
      if (decoupled) w = fr(w * shrink);
      else if (decay) g = fma32(wd, w, g);
      const ma = fr(m[i] * b1);
      const ms = oneMinusB1 * g + ma;
      let mi = fr(ms);
      const mo = mi + 2 * (ms - mi);
      if (mo !== mi && fr(mo) === mo) mi = fma32(oneMinusB1, g, ma);
      m[i] = mi;
      const va = fr(v[i] * b2);
      const vx = fr(oneMinusB2 * g);
      const vs = vx * g + va;
      let vi = fr(vs);
      const vo = vi + 2 * (vs - vi);
      if (vo !== vi && fr(vo) === vo) vi = fma32(vx, g, va);
      v[i] = vi;
      const denom = fr(fr(fr(Math.sqrt(vi)) / bc2Sqrt) + eps);
      p[i] = fr(w + fr(fr(step_size * mi) / denom));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    let g = sign * grad[i];
    let w = p[i];
    if (decoupled) w = rnd(w * shrink, f32);
    else if (decay) g = fmaD(g, wd, w, f32);
    const mi = fmaD(rnd(m[i] * b1, f32), oneMinusB1, g, f32);
    m[i] = mi;
    // addcmul: (value · g) · g + v; GCC fuses the last multiply-add into one fma in both
    // torch's vector and scalar loops (measured: bit-identical to torch).
    const vi = fmaD(rnd(v[i] * b2, f32), rnd(oneMinusB2 * g, f32), g, f32);
    v[i] = vi;
    let second = vi;
    if (vmax !== null) {
      second = vmax[i] >= vi || vmax[i] !== vmax[i] ? vmax[i] : vi;
      vmax[i] = second;
    }
    const denom = rnd(rnd(rnd(Math.sqrt(second), f32) / bc2Sqrt, f32) + eps, f32);
    p[i] = rnd(w + rnd(rnd(step_size * mi, f32) / denom, f32), f32);
  }
}

/**
 * Adam, like `torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08,
 * weight_decay=0, amsgrad=False, *, foreach=None, maximize=False, capturable=False,
 * differentiable=False, fused=False)`: per step t, `m = β₁m + (1 − β₁)g`,
 * `v = β₂v + (1 − β₂)g²`, `p −= lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + eps)` (with `max(v)`
 * for AMSGrad), each operation rounded as torch's float32 kernels round it.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([1, -1], { requires_grad: true });
 * const opt = optim.Adam([p], { lr: 0.1 });
 * p.sum().backward();
 * opt.step();
 * // The first step moves each parameter by about lr against its gradient's sign.
 * assert.deepEqual(Array.from(p.toTypedArray(), (v) => Math.round(v * 1e4) / 1e4), [0.9, -1.1]);
 * ```
 */
export class Adam extends Optimizer<AdamGroup> {
  /**
   * Builds the optimiser.
   *
   * @param params Tensors (e.g. `model.parameters()`), or groups `{ params, ...options }`.
   * @param args `{ lr, betas, eps, weight_decay, amsgrad, maximize, ... }`, or torch's
   *   positional `lr, betas, eps, weight_decay, amsgrad`.
   */
  constructor(params: Params<AdamGroup>, ...args: OptimArgs<AdamOptions>) {
    super(params, defaults("Adam", ADAM, args));
  }

  protected override checkOptions(o: AdamGroup): void {
    check(o, "Adam");
  }

  protected override update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    o: AdamGroup,
    param: Tensor,
    f32: boolean,
  ): void {
    adamStep(p, grad, state, o, param, f32, false);
  }
}

/**
 * AdamW, like `torch.optim.AdamW(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08,
 * weight_decay=0.01, amsgrad=False, *, maximize=False, foreach=None, capturable=False)`: Adam
 * with decoupled weight decay, `p *= 1 − lr · weight_decay` before each update.
 *
 * @example
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([2], { requires_grad: true });
 * const opt = optim.AdamW([p], { lr: 0.1, weight_decay: 0.5 });
 * p.sum().backward();
 * opt.step();
 * // 2 · (1 − 0.05) − 0.1
 * assert.ok(Math.abs(p.item() - 1.8) < 1e-6);
 * ```
 */
export class AdamW extends Optimizer<AdamGroup> {
  /**
   * Builds the optimiser.
   *
   * @param params Tensors (e.g. `model.parameters()`), or groups `{ params, ...options }`.
   * @param args `{ lr, betas, eps, weight_decay, amsgrad, maximize, ... }`, or torch's
   *   positional `lr, betas, eps, weight_decay, amsgrad`.
   */
  constructor(params: Params<AdamGroup>, ...args: OptimArgs<AdamOptions>) {
    super(params, defaults("AdamW", ADAMW, args));
  }

  protected override checkOptions(o: AdamGroup): void {
    check(o, "AdamW");
  }

  protected override update(
    p: FloatData,
    grad: FloatData,
    state: ParamState,
    o: AdamGroup,
    param: Tensor,
    f32: boolean,
  ): void {
    adamStep(p, grad, state, o, param, f32, true);
  }
}
