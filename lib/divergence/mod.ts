/**
 * `divergence`: KL, Jensen–Shannon, symmetric KL (Jeffreys), entropy and cross-entropy between
 * distributions given as tensors, in the argument order of the math (`kl(p, q)` = KL(p‖q)),
 * which `F.kl_div` reverses.
 *
 * Each function sums over `dim` (all elements when omitted) and returns the inputs' dtype. The
 * inputs are taken as given, never renormalised: probabilities by default, log-probabilities
 * with `{ log: true }`, raw scores with `{ logits: true }` (through `log_softmax` over `dim`,
 * never `log(softmax(x))`). 0·log 0 = 0 wherever p is 0, also for the gradient of the
 * divergences and the entropy there, so a zero in p never turns the value or a gradient into
 * NaN; `cross_entropy` (−Σ p·log q, linear in p) keeps its gradient −log q at p = 0, as torch's
 * `xlogy(p, q)`, whose gradient with respect to p is log q at p = 0 too (0 where q ≤ 0 as
 * well). `base`
 * (e, 2 or 10, or any positive number other than 1) gives nats, bits or bans.
 *
 * @module
 */

import { allocate, describe, type FloatData, isFloating } from "../tensor/dtype.ts";
import { broadcastShapes, normalizeDim, numelOf } from "../tensor/shape.ts";
import { contiguousData, fromData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { sumTo } from "../ops/reduce.ts";
import { where } from "../ops/elementwise.ts";
import { needsGraph } from "../tensor/autograd.ts";
import { log_softmax } from "../ops/softmax.ts";
import * as vw from "../ops/view.ts";

/** Options of the divergences. */
export interface DivergenceOptions {
  /** The dim holding each distribution; all elements form one distribution when omitted. */
  dim?: number;
  /** Logarithm base: `Math.E` or `"e"` (default, nats), 2 (bits), 10 (bans). */
  base?: number | "e";
  /** The inputs are log-probabilities. */
  log?: boolean;
  /** The inputs are unnormalised scores, normalised by `log_softmax` over `dim`. */
  logits?: boolean;
}

type Form = "prob" | "log";

interface Checked {
  dim: number | undefined;
  lnBase: number; // the divisor, as SciPy divides by log(base)
  form: Form;
  logits: boolean;
}

function check(
  where: string,
  tensors: readonly [string, Tensor][],
  options: DivergenceOptions | undefined,
): Checked {
  for (const [name, t] of tensors) {
    requireTensor(t, `${where}(${name})`);
    if (!isFloating(t.dtype)) {
      throw new TypeError(
        `${where}: ${name} must be a float32 or float64 tensor of ${
          options?.logits ? "scores" : options?.log ? "log-probabilities" : "probabilities"
        }, got ${t.dtype} (convert with .float())`,
      );
    }
  }
  checkOptionKeys(options, ["dim", "base", "log", "logits"], where);
  const log = options?.log ?? false;
  const logits = options?.logits ?? false;
  if (typeof log !== "boolean") {
    throw new TypeError(`${where}: log must be a boolean, got ${describe(log)}`);
  }
  if (typeof logits !== "boolean") {
    throw new TypeError(`${where}: logits must be a boolean, got ${describe(logits)}`);
  }
  if (log && logits) {
    throw new RangeError(
      `${where}: pass either log (log-probabilities) or logits (raw scores), not both`,
    );
  }
  const base = options?.base ?? "e";
  const b = base === "e" ? Math.E : base;
  if (typeof b !== "number" || !(b > 0) || b === 1 || !Number.isFinite(b)) {
    throw new RangeError(
      `${where}: base must be "e", Math.E, 2, 10 or another positive number other than 1, got ${
        describe(base)
      }`,
    );
  }
  const lnBase = b === Math.E ? 1 : b === 2 ? Math.LN2 : b === 10 ? Math.LN10 : Math.log(b);
  const shape = tensors.length === 2
    ? broadcastShapes(tensors[0][1].shape, tensors[1][1].shape, where, ["p", "q"])
    : tensors[0][1].shape;
  const dim = options?.dim === undefined
    ? undefined
    : normalizeDim(options.dim, Math.max(shape.length, 1), where);
  return { dim, lnBase, form: log || logits ? "log" : "prob", logits };
}

/**
 * The pointwise term `p·(α·log p − β·log q)` with 0 where p is 0, as one recorded op. In the
 * "prob" form `a` is p and `b` is q; in the "log" form they are log p and log q. With `b`
 * null, log q is taken as 0 (entropy). Gradients (p > 0; where p = 0 all are 0 but ∂/∂p of the
 * cross-entropy term (α = 0) in the prob form, which is −β log q, as torch's xlogy(p, q)):
 * prob: ∂/∂p = α(log p + 1) − β log q, ∂/∂q = −β p/q; log: ∂/∂log p = p(α(log p + 1) − β log q),
 * ∂/∂log q = −β p.
 */
function term(a: Tensor, b: Tensor | null, alpha: number, beta: number, form: Form): Tensor {
  const dtype = b === null || a.dtype === b.dtype ? a.dtype : "float64";
  const shape = b === null ? [...a.shape] : broadcastShapes(a.shape, b.shape);
  const n = numelOf(shape);
  const A = contiguousData(vw.expand(a.detach(), shape));
  const B = b === null ? null : contiguousData(vw.expand(b.detach(), shape));
  // Per element: p, log p and log q in double (log q = 0 without b).
  const p = new Float64Array(n);
  const lp = new Float64Array(n);
  const lq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (form === "prob") {
      p[i] = A[i];
      lp[i] = Math.log(A[i]);
      lq[i] = B === null ? 0 : Math.log(B[i]);
    } else {
      lp[i] = A[i];
      p[i] = Math.exp(A[i]);
      lq[i] = B === null ? 0 : B[i];
    }
  }
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    // NaN in either input propagates; otherwise p = 0 contributes exactly 0.
    out[i] = p[i] === 0 && lq[i] === lq[i] ? 0 : p[i] * (alpha * lp[i] - beta * lq[i]);
  }
  const inputs = b === null ? [a] : [a, b];
  return result(out, shape, "DivergenceTermBackward", inputs, (g) => {
    if (needsGraph(g, ...inputs)) return termGradRecorded(g, a, b, alpha, beta, form, shape);
    const G = contiguousData(g);
    const ga = allocate(dtype, n) as FloatData;
    const gb = allocate(dtype, n) as FloatData;
    for (let i = 0; i < n; i++) {
      if (p[i] === 0) {
        // −β·xlogy(p, q) is linear in p: its gradient −β log q holds at p = 0 too, but for
        // q ≤ 0, where torch's XlogyBackward masks it to 0.
        if (form === "prob" && alpha === 0 && B !== null && !(B[i] <= 0)) {
          ga[i] = G[i] * (-beta * lq[i]);
        }
        continue;
      }
      const inner = alpha * (lp[i] + 1) - beta * lq[i];
      if (form === "prob") {
        ga[i] = G[i] * inner;
        if (B !== null) gb[i] = G[i] * (-beta * p[i] / B[i]);
      } else {
        ga[i] = G[i] * p[i] * inner;
        gb[i] = G[i] * (-beta * p[i]);
      }
    }
    const grads: (Tensor | null)[] = [
      a.requires_grad ? sumTo(fromData(ga, shape, dtype), a.shape).to(a.dtype) : null,
    ];
    if (b !== null) {
      grads.push(b.requires_grad ? sumTo(fromData(gb, shape, dtype), b.shape).to(b.dtype) : null);
    }
    return grads;
  }, { dtype, saved: inputs });
}

/** The term's gradients as recorded ops (create_graph): the loop's formulas, 0 where p = 0. */
function termGradRecorded(
  g: Tensor,
  a: Tensor,
  b: Tensor | null,
  alpha: number,
  beta: number,
  form: Form,
  shape: readonly number[],
): (Tensor | null)[] {
  const A = vw.expand(a, shape);
  const B = b === null ? null : vw.expand(b, shape);
  const p = form === "prob" ? A : A.exp();
  const lp = form === "prob" ? A.log() : A;
  const lq = B === null ? null : form === "prob" ? B.log() : B;
  let inner = lp.add(1).mul(alpha);
  if (lq !== null) inner = inner.sub(lq.mul(beta));
  const zero = p.eq(0);
  const atZero = form === "prob" && B !== null && lq !== null && alpha === 0
    ? where(B.le(0), 0, g.mul(lq).mul(-beta))
    : 0;
  const ga = where(zero, atZero, form === "prob" ? g.mul(inner) : g.mul(p).mul(inner));
  const grads: (Tensor | null)[] = [a.requires_grad ? sumTo(ga, a.shape) : null];
  if (b !== null && B !== null) {
    const gb = where(zero, 0, form === "prob" ? g.mul(A.div(B)).mul(-beta) : g.mul(p).mul(-beta));
    grads.push(b.requires_grad ? sumTo(gb, b.shape) : null);
  }
  return grads;
}

/** Logits → log-probabilities over the distribution's dim (all elements when omitted). */
function normalised(x: Tensor, c: Checked): Tensor {
  if (!c.logits) return x;
  if (c.dim !== undefined) return log_softmax(x, c.dim);
  return vw.reshape(log_softmax(vw.reshape(x, [-1]), 0), x.shape);
}

function reduce(t: Tensor, c: Checked): Tensor {
  const s = c.dim === undefined ? t.sum() : t.sum(c.dim);
  return c.lnBase === 1 ? s : s.div(c.lnBase);
}

/**
 * Kullback–Leibler divergence KL(p‖q) = Σ p·log(p/q) over `dim`.
 *
 * @param p The reference distribution.
 * @param q The approximating distribution (broadcasts with p).
 * @param options `{ dim, base, log, logits }`.
 * @returns KL(p‖q), in p's dtype, reduced over `dim` (a 0-dim tensor when `dim` is omitted).
 *
 * @example Same value as `scipy.stats.entropy(p, q)`
 * ```ts
 * import { divergence, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([0.5, 0.5, 0], { dtype: "float64" });
 * const q = tensor([0.25, 0.25, 0.5], { dtype: "float64" });
 * assert.equal(divergence.kl(p, q).item(), Math.log(2));
 * assert.equal(divergence.kl(p, q, { base: 2 }).item(), 1);
 * ```
 */
export function kl(p: Tensor, q: Tensor, options?: DivergenceOptions): Tensor {
  const c = check("kl", [["p", p], ["q", q]], options);
  return reduce(term(normalised(p, c), normalised(q, c), 1, 1, c.form), c);
}

/**
 * Symmetric KL (Jeffreys divergence) KL(p‖q) + KL(q‖p) over `dim`.
 *
 * @param p A distribution.
 * @param q A distribution (broadcasts with p).
 * @param options `{ dim, base, log, logits }`.
 * @returns The divergence, reduced over `dim`.
 *
 * @example
 * ```ts
 * import { divergence, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = tensor([0.5, 0.5], { dtype: "float64" });
 * const q = tensor([0.25, 0.75], { dtype: "float64" });
 * const d = divergence.symmetric_kl(p, q).item();
 * assert.ok(Math.abs(d - 0.25 * Math.log(3)) < 1e-15);
 * ```
 */
export function symmetric_kl(p: Tensor, q: Tensor, options?: DivergenceOptions): Tensor {
  const c = check("symmetric_kl", [["p", p], ["q", q]], options);
  const lp = normalised(p, c);
  const lq = normalised(q, c);
  return reduce(term(lp, lq, 1, 1, c.form).add(term(lq, lp, 1, 1, c.form)), c);
}

/**
 * Jensen–Shannon divergence ½·KL(p‖m) + ½·KL(q‖m) with m = (p + q)/2, over `dim`; bounded by
 * log 2 (1 in base 2). SciPy's `jensenshannon` returns its square root.
 *
 * @param p A distribution.
 * @param q A distribution (broadcasts with p).
 * @param options `{ dim, base, log, logits }`.
 * @returns The divergence, reduced over `dim`.
 *
 * @example Disjoint supports give the bound
 * ```ts
 * import { divergence, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const js = divergence.js(tensor([1, 0]), tensor([0, 1]), { base: 2 });
 * assert.equal(js.item(), 1);
 * ```
 */
export function js(p: Tensor, q: Tensor, options?: DivergenceOptions): Tensor {
  const c = check("js", [["p", p], ["q", q]], options);
  const a = normalised(p, c);
  const b = normalised(q, c);
  if (c.form === "prob") {
    const m = a.add(b).mul(0.5);
    return reduce(term(a, m, 0.5, 0.5, "prob").add(term(b, m, 0.5, 0.5, "prob")), c);
  }
  // log m = log((e^a + e^b)/2), from the probabilities; m > 0 wherever p or q is.
  const m = a.exp().add(b.exp()).mul(0.5).log();
  return reduce(term(a, m, 0.5, 0.5, "log").add(term(b, m, 0.5, 0.5, "log")), c);
}

/**
 * Shannon entropy H(p) = −Σ p·log p over `dim`.
 *
 * @param p A distribution.
 * @param options `{ dim, base, log, logits }`.
 * @returns H(p), reduced over `dim`.
 *
 * @example Same value as `scipy.stats.entropy([0.5, 0.25, 0.25], base=2)`
 * ```ts
 * import { divergence, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(divergence.entropy(tensor([0.5, 0.25, 0.25]), { base: 2 }).item(), 1.5);
 * ```
 */
export function entropy(p: Tensor, options?: DivergenceOptions): Tensor {
  const c = check("entropy", [["p", p]], options);
  return reduce(term(normalised(p, c), null, -1, 0, c.form), c);
}

/**
 * Cross-entropy H(p, q) = H(p) + KL(p‖q) = −Σ p·log q over `dim` (between two distributions;
 * `F.cross_entropy` is the loss on logits and class labels).
 *
 * @param p The reference distribution.
 * @param q The approximating distribution (broadcasts with p).
 * @param options `{ dim, base, log, logits }`.
 * @returns H(p, q), reduced over `dim`.
 *
 * @example
 * ```ts
 * import { divergence, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const h = divergence.cross_entropy(tensor([1, 0]), tensor([0.5, 0.5]), { base: 2 });
 * assert.equal(h.item(), 1);
 * ```
 */
export function cross_entropy(p: Tensor, q: Tensor, options?: DivergenceOptions): Tensor {
  const c = check("cross_entropy", [["p", p], ["q", q]], options);
  return reduce(term(normalised(p, c), normalised(q, c), 0, 1, c.form), c);
}
