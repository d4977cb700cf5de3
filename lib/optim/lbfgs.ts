/**
 * `optim.LBFGS`, torch 1.13's algorithm (after minFunc) with its closure and the optional
 * strong-Wolfe line search. The flat vectors are the parameters' dtype and the dot products
 * sum in double, rounded once (torch's BLAS sums in float32, so runs agree to a stated
 * tolerance, not bit for bit).
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import { no_grad, withGradMode } from "../tensor/autograd.ts";
import { allocate, describe, type FloatData } from "../tensor/dtype.ts";
import { contiguousData, fromData, storageOf, type Tensor } from "../tensor/tensor.ts";
import { assign } from "../ops/inplace.ts";
import { fmaD, rnd } from "./arith.ts";
import { checkNonNegative, jsonTensor } from "./helpers.ts";
import { type OptimArgs, Optimizer, type Params, type ParamState } from "./optimizer.ts";

/** Options of {@linkcode LBFGS}, with torch's keys. */
export interface LBFGSOptions {
  /** Learning rate (default 1). */
  lr?: number;
  /** Iterations per `step()` (default 20). */
  max_iter?: number;
  /** Function evaluations per `step()` (default max_iter · 5 / 4). */
  max_eval?: number | null;
  /** Stop when the largest gradient element is at most this (default 1e-7). */
  tolerance_grad?: number;
  /** Stop when the change of the loss or the parameters is below this (default 1e-9). */
  tolerance_change?: number;
  /** Pairs of updates kept (default 100). */
  history_size?: number;
  /** null, or `"strong_wolfe"`. */
  line_search_fn?: string | null;
}

const SIG: Signature = [
  { name: "lr", kind: "number", default: 1 },
  { name: "max_iter", kind: "int", default: 20 },
  { name: "max_eval", kind: "int", default: null },
  { name: "tolerance_grad", kind: "number", default: 1e-7 },
  { name: "tolerance_change", kind: "number", default: 1e-9 },
  { name: "history_size", kind: "int", default: 100 },
  { name: "line_search_fn", kind: "string", default: null },
];

type Vec = FloatData;

/** The state LBFGS keeps on its first parameter (torch's keys). */
interface LBFGSState {
  func_evals: number;
  n_iter: number;
  d?: Vec;
  t?: number;
  old_dirs?: Vec[];
  old_stps?: Vec[];
  ro?: number[];
  H_diag?: number;
  prev_flat_grad?: Vec | null;
  prev_loss?: number;
  al?: (number | null)[];
}

function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: [number, number],
): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
  const d2_square = d1 ** 2 - g1 * g2;
  if (d2_square >= 0) {
    const d2 = Math.sqrt(d2_square);
    const min_pos = x1 <= x2
      ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
      : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(min_pos, lo), hi);
  }
  return (lo + hi) / 2;
}

/**
 * L-BFGS, like `torch.optim.LBFGS(params, lr=1, max_iter=20, max_eval=None,
 * tolerance_grad=1e-07, tolerance_change=1e-09, history_size=100, line_search_fn=None)`.
 * `step(closure)` runs up to `max_iter` iterations, re-evaluating the loss through `closure`
 * (which must zero the gradients, compute the loss, call `backward()` and return it). One
 * parameter group only, as torch.
 *
 * @example Minimising a quadratic
 * ```ts
 * import { optim, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([3, -2], { dtype: "float64", requires_grad: true });
 * const opt = optim.LBFGS([x], { line_search_fn: "strong_wolfe" });
 * opt.step(() => {
 *   opt.zero_grad();
 *   const loss = x.sub(tensor([1, 2], { dtype: "float64" })).pow(2).sum();
 *   loss.backward();
 *   return loss;
 * });
 * const [a, b] = x.toTypedArray();
 * assert.ok(Math.abs(a - 1) < 1e-6 && Math.abs(b - 2) < 1e-6);
 * ```
 */
export class LBFGS extends Optimizer<Required<LBFGSOptions>> {
  private readonly params: Tensor[];

  /**
   * Builds the optimiser.
   *
   * @param params Tensors (one group only).
   * @param args `{ lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size,
   *   line_search_fn }`, or torch's positional arguments in that order.
   */
  constructor(params: Params<Required<LBFGSOptions>>, ...args: OptimArgs<LBFGSOptions>) {
    const o = bind("LBFGS", SIG, args) as unknown as Required<LBFGSOptions>;
    if (o.max_eval === null) o.max_eval = Math.floor(o.max_iter * 5 / 4);
    super(params, o);
    if (this.param_groups.length !== 1) {
      throw new Error("LBFGS doesn't support per-parameter options (parameter groups)");
    }
    this.params = this.param_groups[0].params;
    const dtypes = new Set(this.params.map((p) => p.dtype));
    if (dtypes.size !== 1) {
      throw new TypeError(
        `LBFGS: every parameter must have one dtype (torch.cat of their gradients), got ${
          [...dtypes].join(" and ")
        }`,
      );
    }
  }

  protected override checkOptions(o: Required<LBFGSOptions>): void {
    checkNonNegative(o.lr, "learning rate");
    if (o.line_search_fn !== null && typeof o.line_search_fn !== "string") {
      throw new TypeError(
        `line_search_fn must be null or "strong_wolfe", got ${describe(o.line_search_fn)}`,
      );
    }
  }

  protected override update(): void {
    throw new Error("LBFGS updates through step(closure)");
  }

  private get f32(): boolean {
    return this.params[0].dtype === "float32";
  }

  private numel(): number {
    return this.params.reduce((n, p) => n + p.numel(), 0);
  }

  private gatherFlatGrad(): Vec {
    const out = allocate(this.params[0].dtype, this.numel()) as Vec;
    let offset = 0;
    for (const p of this.params) {
      if (p.grad !== null) out.set(contiguousData(p.grad) as Vec, offset);
      offset += p.numel();
    }
    return out;
  }

  /** `p.add_(update[...], alpha=step_size)` for each parameter, in place. */
  private addGrad(step_size: number, update: Vec): void {
    const f32 = this.f32;
    const alpha = rnd(step_size, f32);
    let offset = 0;
    for (const p of this.params) {
      const n = p.numel();
      const contiguous = p.is_contiguous();
      const values = contiguous ? contiguousData(p) as Vec : (contiguousData(p) as Vec).slice();
      for (let i = 0; i < n; i++) values[i] = fmaD(values[i], alpha, update[offset + i], f32);
      if (contiguous) storageOf(p).version++;
      else assign(p, fromData(values, p.shape, p.dtype));
      offset += n;
    }
  }

  private cloneParams(): Vec[] {
    return this.params.map((p) => (contiguousData(p) as Vec).slice());
  }

  private setParams(data: Vec[]): void {
    this.params.forEach((p, i) => assign(p, fromData(data[i], p.shape, p.dtype)));
  }

  private dot(a: Vec, b: Vec): number {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return rnd(s, this.f32);
  }

  private static absMax(a: Vec): number {
    let m = 0;
    for (let i = 0; i < a.length; i++) {
      const v = Math.abs(a[i]);
      if (v > m || v !== v) m = v;
    }
    return m;
  }

  /**
   * Runs up to `max_iter` L-BFGS iterations, like `optimizer.step(closure)`.
   *
   * @param closure Zeroes the gradients, computes the loss, calls `backward()`, returns it.
   * @returns The loss of the first evaluation.
   */
  override step(closure?: () => Tensor): Tensor {
    if (typeof closure !== "function") {
      throw new TypeError("step() missing 1 required positional argument: 'closure'");
    }
    this._step_count++;
    const evaluate = (): Tensor => withGradMode(true, closure);
    return no_grad(() => this.run(evaluate));
  }

  private run(closure: () => Tensor): Tensor {
    const group = this.param_groups[0];
    const { lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size } = group;
    const line_search_fn = group.line_search_fn;
    const f32 = this.f32;
    const first = this.params[0];
    let raw = this.state.get(first);
    if (raw === undefined) {
      raw = {};
      this.state.set(first, raw);
    }
    const state = raw as unknown as LBFGSState;
    state.func_evals ??= 0;
    state.n_iter ??= 0;

    const orig_loss = closure();
    let loss = orig_loss.item();
    let current_evals = 1;
    state.func_evals += 1;
    let flat_grad = this.gatherFlatGrad();
    let opt_cond = LBFGS.absMax(flat_grad) <= tolerance_grad;
    if (opt_cond) return orig_loss;

    let d = state.d;
    let t = state.t ?? 0;
    let old_dirs = state.old_dirs ?? [];
    let old_stps = state.old_stps ?? [];
    let ro = state.ro ?? [];
    let H_diag = state.H_diag ?? 1;
    let prev_flat_grad = state.prev_flat_grad ?? null;
    let prev_loss = state.prev_loss;
    const n = flat_grad.length;

    let n_iter = 0;
    while (n_iter < max_iter) {
      n_iter += 1;
      state.n_iter += 1;
      if (state.n_iter === 1) {
        d = flat_grad.map((v) => -v) as Vec;
        old_dirs = [];
        old_stps = [];
        ro = [];
        H_diag = 1;
      } else {
        const y = flat_grad.map((v, i) => v - prev_flat_grad![i]) as Vec;
        const tr = rnd(t, f32);
        const s = d!.map((v) => v * tr) as Vec;
        const ys = this.dot(y, s);
        if (ys > 1e-10) {
          if (old_dirs.length === history_size) {
            old_dirs.shift();
            old_stps.shift();
            ro.shift();
          }
          old_dirs.push(y);
          old_stps.push(s);
          ro.push(rnd(1 / ys, f32));
          H_diag = rnd(ys / this.dot(y, y), f32);
        }
        const num_old = old_dirs.length;
        if (state.al === undefined) state.al = new Array(history_size).fill(null);
        const al = state.al;
        const q = flat_grad.map((v) => -v) as Vec;
        for (let i = num_old - 1; i >= 0; i--) {
          const a = rnd(this.dot(old_stps[i], q) * ro[i], f32);
          al[i] = a;
          const oi = old_dirs[i];
          for (let k = 0; k < n; k++) q[k] = fmaD(q[k], -a, oi[k], f32);
        }
        const r = q.map((v) => v * H_diag) as Vec;
        for (let i = 0; i < num_old; i++) {
          const be_i = rnd(this.dot(old_dirs[i], r) * ro[i], f32);
          const alpha = rnd((al[i] as number) - be_i, f32);
          const si = old_stps[i];
          for (let k = 0; k < n; k++) r[k] = fmaD(r[k], alpha, si[k], f32);
        }
        d = r;
      }
      if (prev_flat_grad === null) prev_flat_grad = flat_grad.slice();
      else prev_flat_grad.set(flat_grad);
      prev_loss = loss;
      if (state.n_iter === 1) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += Math.abs(flat_grad[k]);
        // min(1., 1. / tensor) * lr: the tensor (float32 arithmetic) when it is below 1.
        const inv = rnd(1 / rnd(sum, f32), f32);
        t = inv < 1 ? rnd(inv * rnd(lr, f32), f32) : lr;
      } else t = lr;
      const gtd = this.dot(flat_grad, d!);
      if (gtd > -tolerance_change) break;

      let ls_func_evals = 0;
      if (line_search_fn !== null) {
        if (line_search_fn !== "strong_wolfe") throw new Error("only 'strong_wolfe' is supported");
        const x_init = this.cloneParams();
        const obj = (x: Vec[], step: number, dir: Vec): [number, Vec] => {
          this.addGrad(step, dir);
          const l = closure().item();
          const g = this.gatherFlatGrad();
          this.setParams(x);
          return [l, g];
        };
        [loss, flat_grad, t, ls_func_evals] = this.strongWolfe(
          obj,
          x_init,
          t,
          d!,
          loss,
          flat_grad,
          gtd,
          tolerance_change,
        );
        this.addGrad(t, d!);
        opt_cond = LBFGS.absMax(flat_grad) <= tolerance_grad;
      } else {
        this.addGrad(t, d!);
        if (n_iter !== max_iter) {
          loss = closure().item();
          flat_grad = this.gatherFlatGrad();
          opt_cond = LBFGS.absMax(flat_grad) <= tolerance_grad;
          ls_func_evals = 1;
        }
      }
      current_evals += ls_func_evals;
      state.func_evals += ls_func_evals;
      if (n_iter === max_iter) break;
      if (current_evals >= (max_eval as number)) break;
      if (opt_cond) break;
      let change = 0;
      for (let k = 0; k < n; k++) change = Math.max(change, Math.abs(rnd(d![k] * t, f32)));
      if (change <= tolerance_change) break;
      if (Math.abs(loss - prev_loss!) < tolerance_change) break;
    }
    state.d = d;
    state.t = t;
    state.old_dirs = old_dirs;
    state.old_stps = old_stps;
    state.ro = ro;
    state.H_diag = H_diag;
    state.prev_flat_grad = prev_flat_grad;
    state.prev_loss = prev_loss;
    return orig_loss;
  }

  private strongWolfe(
    obj: (x: Vec[], t: number, d: Vec) => [number, Vec],
    x: Vec[],
    t: number,
    d: Vec,
    f: number,
    g: Vec,
    gtd: number,
    tolerance_change: number,
    c1 = 1e-4,
    c2 = 0.9,
    max_ls = 25,
  ): [number, Vec, number, number] {
    const d_norm = LBFGS.absMax(d);
    g = g.slice();
    let [f_new, g_new] = obj(x, t, d);
    let ls_func_evals = 1;
    let gtd_new = this.dot(g_new, d);
    let t_prev = 0;
    let f_prev = f;
    let g_prev = g;
    let gtd_prev = gtd;
    let done = false;
    let ls_iter = 0;
    let bracket: number[] = [];
    let bracket_f: number[] = [];
    let bracket_g: Vec[] = [];
    let bracket_gtd: number[] = [];
    while (ls_iter < max_ls) {
      if (f_new > f + c1 * t * gtd || (ls_iter > 1 && f_new >= f_prev)) {
        bracket = [t_prev, t];
        bracket_f = [f_prev, f_new];
        bracket_g = [g_prev, g_new.slice()];
        bracket_gtd = [gtd_prev, gtd_new];
        break;
      }
      if (Math.abs(gtd_new) <= -c2 * gtd) {
        bracket = [t];
        bracket_f = [f_new];
        bracket_g = [g_new];
        done = true;
        break;
      }
      if (gtd_new >= 0) {
        bracket = [t_prev, t];
        bracket_f = [f_prev, f_new];
        bracket_g = [g_prev, g_new.slice()];
        bracket_gtd = [gtd_prev, gtd_new];
        break;
      }
      const min_step = t + 0.01 * (t - t_prev);
      const max_step = t * 10;
      const tmp = t;
      t = cubicInterpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, [min_step, max_step]);
      t_prev = tmp;
      f_prev = f_new;
      g_prev = g_new.slice();
      gtd_prev = gtd_new;
      [f_new, g_new] = obj(x, t, d);
      ls_func_evals += 1;
      gtd_new = this.dot(g_new, d);
      ls_iter += 1;
    }
    if (ls_iter === max_ls) {
      bracket = [0, t];
      bracket_f = [f, f_new];
      bracket_g = [g, g_new];
    }
    let insuf_progress = false;
    let [low_pos, high_pos] = bracket_f[0] <= bracket_f[bracket_f.length - 1] ? [0, 1] : [1, 0];
    while (!done && ls_iter < max_ls) {
      if (Math.abs(bracket[1] - bracket[0]) * d_norm < tolerance_change) break;
      t = cubicInterpolate(
        bracket[0],
        bracket_f[0],
        bracket_gtd[0],
        bracket[1],
        bracket_f[1],
        bracket_gtd[1],
      );
      const hi = Math.max(...bracket);
      const lo = Math.min(...bracket);
      const eps = 0.1 * (hi - lo);
      if (Math.min(hi - t, t - lo) < eps) {
        if (insuf_progress || t >= hi || t <= lo) {
          t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
          insuf_progress = false;
        } else insuf_progress = true;
      } else insuf_progress = false;
      [f_new, g_new] = obj(x, t, d);
      ls_func_evals += 1;
      gtd_new = this.dot(g_new, d);
      ls_iter += 1;
      if (f_new > f + c1 * t * gtd || f_new >= bracket_f[low_pos]) {
        bracket[high_pos] = t;
        bracket_f[high_pos] = f_new;
        bracket_g[high_pos] = g_new.slice();
        bracket_gtd[high_pos] = gtd_new;
        [low_pos, high_pos] = bracket_f[0] <= bracket_f[1] ? [0, 1] : [1, 0];
      } else {
        if (Math.abs(gtd_new) <= -c2 * gtd) done = true;
        else if (gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0) {
          bracket[high_pos] = bracket[low_pos];
          bracket_f[high_pos] = bracket_f[low_pos];
          bracket_g[high_pos] = bracket_g[low_pos];
          bracket_gtd[high_pos] = bracket_gtd[low_pos];
        }
        bracket[low_pos] = t;
        bracket_f[low_pos] = f_new;
        bracket_g[low_pos] = g_new.slice();
        bracket_gtd[low_pos] = gtd_new;
      }
    }
    return [bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals];
  }

  /**
   * The state in torch's structure; LBFGS's flat vectors appear as 1-D tensors.
   *
   * @returns `{ state, param_groups }`.
   */
  override state_dict(): ReturnType<Optimizer<object>["state_dict"]> {
    const sd = super.state_dict();
    const dtype = this.params[0].dtype;
    const wrap = (v: unknown): unknown =>
      v instanceof Float32Array || v instanceof Float64Array
        ? jsonTensor(fromData(v.slice(), [v.length], dtype))
        : Array.isArray(v)
        ? v.map(wrap)
        : v;
    for (const st of Object.values(sd.state)) {
      for (const k of Object.keys(st)) st[k] = wrap(st[k]) as ParamState[string];
    }
    return sd;
  }
}
