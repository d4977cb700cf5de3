/**
 * The gamma family: `Gamma`, `Chi2`, `Dirichlet`, `Beta`, with torch's CPU samplers
 * (`_standard_gamma`, `_sample_dirichlet`: Marsaglia–Tsang on torch's uniform and scalar normal
 * draws, so the samples are torch's) and the reparameterised gradient of a gamma sample
 * (torch's `_standard_gamma_grad`).
 *
 * @module
 */

import { one_hot } from "../nn/sparse.ts";
import { stack } from "../ops/gather.ts";
import { zeros } from "../ops/create.ts";
import { allocate, type FloatDType } from "../tensor/dtype.ts";
import { digamma as digammaScalar, lgamma as lgammaScalar } from "../special/kernels.ts";
import { default_generator, standardNormal, uniformDouble } from "../tensor/random.ts";
import { contiguousData, fromData, result, type Tensor } from "../tensor/tensor.ts";
import {
  type Constraint,
  independent,
  nonnegative,
  nonnegative_integer,
  positive,
  real,
  simplex,
  unit_interval,
} from "./constraints.ts";
import {
  Distribution,
  type DistributionOptions,
  ExponentialFamily,
  type Param,
} from "./distribution.ts";
import {
  broadcastAll,
  checkSampleShape,
  finfoTiny,
  standardNormal as normalDraws,
} from "./shared.ts";

const F32_THIRD = Math.fround(1 / 3);
const F32_0331 = Math.fround(0.0331);

/**
 * torch's `sample_gamma`: Marsaglia–Tsang with alpha boosted below 1, on torch's double
 * uniforms and scalar normals. `f32` does the alpha arithmetic in float as torch's float kernel.
 */
function sampleGamma(alpha: number, f32: boolean): number {
  const fr = f32 ? Math.fround : (v: number) => v;
  let scale = 1;
  if (alpha < 1) {
    if (alpha === 0) return 0;
    scale *= Math.pow(1 - uniformDouble(), fr(1 / alpha));
    alpha = fr(alpha + 1);
  }
  const d = fr(alpha - F32_THIRD);
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let y: number;
    do {
      x = standardNormal(default_generator);
      y = 1 + c * x;
    } while (y <= 0);
    const v = y * y * y;
    const u = 1 - uniformDouble();
    const xx = x * x;
    if (u < 1 - F32_0331 * xx * xx) return scale * d * v;
    if (Math.log(u) < 0.5 * xx + d * (1 - v + Math.log(v))) return scale * d * v;
  }
}

const MIN_NORMAL: Record<string, number> = {
  float32: 1.1754943508222875e-38,
  float64: 2.2250738585072014e-308,
};

/** torch's `standard_gamma_grad_one`: -(d/dα CDF(x; α)) / pdf(x; α), in double. */
function standardGammaGradOne(alpha: number, x: number): number {
  if (x < 0.8) {
    // Taylor series for small x
    let numer = 1;
    let denom = alpha;
    let series1 = numer / denom;
    let series2 = numer / (denom * denom);
    for (let i = 1; i <= 5; i++) {
      numer *= -x / i;
      denom += 1;
      series1 += numer / denom;
      series2 += numer / (denom * denom);
    }
    const powXAlpha = Math.pow(x, alpha);
    const pdf = Math.pow(x, alpha - 1) * Math.exp(-x);
    const cdf = powXAlpha * series1;
    const cdfAlpha = (Math.log(x) - digammaScalar(alpha)) * cdf - powXAlpha * series2;
    const r = -cdfAlpha / pdf;
    return Number.isNaN(r) ? 0 : r;
  }
  if (alpha > 8) {
    // Rice saddle point expansion for large alpha
    if (0.9 * alpha <= x && x <= 1.1 * alpha) {
      const n1 = 1 + 24 * alpha * (1 + 12 * alpha);
      const n2 = 1440 * (alpha * alpha) + 6 * x * (53 - 120 * x) - 65 * x * x / alpha +
        alpha * (107 + 3600 * x);
      const den = 1244160 * (alpha * alpha) * (alpha * alpha);
      return n1 * n2 / den;
    }
    const den = Math.sqrt(8 * alpha);
    const term2 = den / (alpha - x);
    const term3 = Math.pow(x - alpha - alpha * Math.log(x / alpha), -1.5);
    const term23 = x < alpha ? term2 - term3 : term2 + term3;
    const term1 = Math.log(x / alpha) * term23 -
      Math.sqrt(2 / alpha) * (alpha + x) / ((alpha - x) * (alpha - x));
    const stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha));
    return -stirling * (x * term1) / den;
  }
  // bivariate rational approximation
  const u = Math.log(x / alpha);
  const v = Math.log(alpha);
  const cv = new Array<number>(8);
  for (let i = 0; i < 8; i++) cv[i] = C0[i] + u * (C1[i] + u * C2[i]);
  const p = cv[0] + v * (cv[1] + v * (cv[2] + v * cv[3]));
  const q = cv[4] + v * (cv[5] + v * (cv[6] + v * cv[7]));
  return Math.exp(p / q);
}

const C0 = [
  0.16009398,
  -0.094634809,
  0.025146376,
  -0.0030648343,
  1,
  0.32668115,
  0.10406089,
  0.0014179084,
];
const C1 = [
  0.53487893,
  0.1298071,
  0.065735949,
  -0.0015649758,
  0.16639465,
  0.020070113,
  -0.0035938915,
  -0.00058392623,
];
const C2 = [
  0.040121004,
  -0.0065914022,
  -0.0026286047,
  -0.0013441777,
  0.017050642,
  -0.0021309326,
  0.00085092367,
  -1.5247877e-07,
];

/** `torch._standard_gamma_grad(alpha, x)` (no gradient of its own, as torch). */
function standardGammaGrad(alpha: Tensor, x: Tensor): Tensor {
  const a = contiguousData(alpha.contiguous());
  const s = contiguousData(x.contiguous());
  const out = allocate(x.dtype, s.length);
  for (let i = 0; i < out.length; i++) out[i] = standardGammaGradOne(a[i], s[i]);
  return fromData(out, x.shape, x.dtype);
}

/** `torch._standard_gamma(alpha)`: StandardGammaBackward0 with `_standard_gamma_grad`. */
function standardGamma(alpha: Tensor): Tensor {
  const a = alpha.contiguous();
  const src = contiguousData(a);
  const dtype = a.dtype as FloatDType;
  const f32 = dtype === "float32";
  const out = allocate(dtype, src.length);
  const lo = MIN_NORMAL[dtype];
  for (let i = 0; i < out.length; i++) {
    const v = sampleGamma(src[i], f32);
    out[i] = Math.max(lo, f32 ? Math.fround(v) : v);
  }
  const y: Tensor = result(
    out,
    a.shape,
    "StandardGammaBackward0",
    [a],
    (g) => [g.mul(standardGammaGrad(a.detach(), y.detach()))],
    { saved: [a], saveOutput: true },
  );
  return y;
}

/**
 * The gamma distribution with `concentration` (shape) and `rate`, like
 * `torch.distributions.Gamma(concentration, rate)`; `rsample` is reparameterised through
 * torch's `_standard_gamma_grad`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const g = new distributions.Gamma(tensor([2]), tensor([4]));
 * assert.deepEqual(g.mean.tolist(), [0.5]);
 * assert.equal(String(g.log_prob(tensor([0.5]))), "tensor([0.0794])");
 * ```
 */
export class Gamma extends ExponentialFamily {
  /** True. */
  override readonly has_rsample: boolean = true;
  /** Shape parameter. */
  readonly concentration: Tensor;
  /** Inverse scale. */
  readonly rate: Tensor;

  /**
   * Creates the distribution.
   *
   * @param concentration Positive shape.
   * @param rate Positive rate.
   * @param options `{ validate_args }`.
   */
  constructor(concentration: Param, rate: Param, options?: DistributionOptions) {
    super();
    [this.concentration, this.rate] = broadcastAll([concentration, rate], this.constructor.name);
    this._stored.set("concentration", this.concentration);
    this._stored.set("rate", this.rate);
    const numbers = typeof concentration === "number" && typeof rate === "number";
    this._init(numbers ? [] : this.concentration.shape, [], options);
  }

  /** `{ concentration: positive, rate: positive }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { concentration: positive, rate: positive };
  }
  /** `constraints.nonnegative`. */
  get support(): Constraint {
    return nonnegative;
  }
  /** `concentration / rate`. */
  override get mean(): Tensor {
    return this.concentration.div(this.rate);
  }
  /** `clamp((concentration - 1) / rate, min=0)`. */
  override get mode(): Tensor {
    return this.concentration.sub(1).div(this.rate).clamp(0, null);
  }
  /** `concentration / rate²`. */
  override get variance(): Tensor {
    return this.concentration.div(this.rate.pow(2));
  }

  /**
   * `_standard_gamma(concentration) / rate` (torch's draws), clamped to at least `tiny`.
   *
   * @param sample_shape Leading sample dims.
   * @returns Reparameterised samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Gamma.rsample"));
    const value = standardGamma(this.concentration.expand(shape)).div(this.rate.expand(shape));
    const data = contiguousData(value);
    const tiny = finfoTiny(value.dtype);
    for (let i = 0; i < data.length; i++) if (data[i] < tiny) data[i] = tiny;
    return value;
  }

  /**
   * `xlogy(α, β) + xlogy(α - 1, x) - β x - lgamma(α)`.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const a = this.concentration;
    const b = this.rate;
    return a.xlogy(b).add(a.sub(1).xlogy(value)).sub(b.mul(value)).sub(a.lgamma());
  }

  /**
   * `α - log β + lgamma(α) + (1 - α) digamma(α)`.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    const a = this.concentration;
    return a.sub(this.rate.log()).add(a.lgamma()).add(a.rsub(1).mul(a.digamma()));
  }

  /**
   * Expands the parameters.
   *
   * @param batch_shape New batch shape.
   * @returns A Gamma.
   */
  override expand(batch_shape: number[]): Gamma {
    return new Gamma(this.concentration.expand(batch_shape), this.rate.expand(batch_shape), {
      validate_args: false,
    });
  }
}

/**
 * The chi-squared distribution with `df` degrees of freedom, like
 * `torch.distributions.Chi2(df)`: `Gamma(df / 2, 0.5)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const c = new distributions.Chi2(tensor([3]));
 * assert.deepEqual(c.mean.tolist(), [3]);
 * assert.deepEqual(c.df.tolist(), [3]);
 * ```
 */
export class Chi2 extends Gamma {
  /**
   * Creates the distribution.
   *
   * @param df Positive degrees of freedom.
   * @param options `{ validate_args }`.
   */
  constructor(df: Param, options?: DistributionOptions) {
    const [d] = broadcastAll([df], "Chi2");
    super(typeof df === "number" ? 0.5 * df : d.mul(0.5), 0.5, options);
  }
  /** `["df"]`, validated through the property. */
  protected override _property_params(): string[] {
    return ["df"];
  }
  /** `{ df: positive }`. */
  override get arg_constraints(): Record<string, Constraint> {
    return { df: positive };
  }
  /** `concentration * 2`. */
  get df(): Tensor {
    return this.concentration.mul(2);
  }
  /**
   * Expands df.
   *
   * @param batch_shape New batch shape.
   * @returns A Chi2.
   */
  override expand(batch_shape: number[]): Chi2 {
    return new Chi2(this.df.expand(batch_shape), { validate_args: false });
  }
}

/** torch's `_sample_dirichlet`: gammas in double per element, normalised per row. */
function sampleDirichlet(alpha: Tensor): Tensor {
  const a = alpha.contiguous();
  const src = contiguousData(a);
  const dtype = a.dtype as FloatDType;
  const k = a.shape[a.dim() - 1];
  const gam = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    gam[i] = Math.max(MIN_NORMAL.float64, sampleGamma(src[i], false));
  }
  const out = allocate(dtype, src.length);
  const lo = MIN_NORMAL[dtype];
  const hi = dtype === "float32" ? 1 - 2 ** -24 : 1 - 2 ** -53;
  for (let at = 0; at < src.length; at += k) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += gam[at + j];
    for (let j = 0; j < k; j++) {
      let v = gam[at + j] / sum;
      if (dtype === "float32") v = Math.fround(v);
      out[at + j] = Math.min(hi, Math.max(lo, v));
    }
  }
  const x: Tensor = result(
    out,
    a.shape,
    "_DirichletBackward",
    [a],
    (g) => {
      // torch's _Dirichlet_backward: grad * (g - (x * g).sum(-1, keepdim))
      const xd = x.detach();
      const total = a.detach().sum(-1, true).expand_as(a);
      const grad = dirichletGrad(xd, a.detach(), total);
      return [grad.mul(g.sub(xd.mul(g).sum(-1, true)))];
    },
    { saved: [a], saveOutput: true },
  );
  return x;
}

/** torch's `_beta_grad_alpha_small`: Taylor expansion for x near 0. */
function betaGradAlphaSmall(x: number, alpha: number, beta: number): number {
  const factor = digammaScalar(alpha) - digammaScalar(alpha + beta) - Math.log(x);
  let numer = 1;
  let series = numer / alpha * (factor + 1 / alpha);
  for (let i = 1; i <= 10; i++) {
    numer *= (i - beta) * x / i;
    const denom = alpha + i;
    series += numer / denom * (factor + 1 / denom);
  }
  const r = x * Math.pow(1 - x, -beta) * series;
  return Number.isNaN(r) ? 0 : r;
}

/** torch's `_beta_grad_beta_small`. */
function betaGradBetaSmall(x: number, alpha: number, beta: number): number {
  const factor = digammaScalar(alpha + beta) - digammaScalar(beta);
  let numer = 1;
  let betas = 1;
  let dbetas = 0;
  let series = factor / alpha;
  for (let i = 1; i <= 8; i++) {
    numer *= -x / i;
    dbetas = dbetas * (beta - i) + betas;
    betas = betas * (beta - i);
    series += numer / (alpha + i) * (dbetas + factor * betas);
  }
  const r = -Math.pow(1 - x, 1 - beta) * series;
  return Number.isNaN(r) ? 0 : r;
}

/** torch's `_beta_grad_alpha_mid`: Rice saddle point expansion for large alpha and beta. */
function betaGradAlphaMid(x: number, alpha: number, beta: number): number {
  const total = alpha + beta;
  const mean = alpha / total;
  const std = Math.sqrt(alpha * beta / (total + 1)) / total;
  if (mean - 0.1 * std <= x && x <= mean + 0.1 * std) {
    const b2 = beta * beta;
    const poly = 47 * x * b2 * b2 + alpha * (
          (43 + 20 * (16 + 27 * beta) * x) * b2 * beta + alpha * (
              3 * (59 + 180 * beta - 90 * x) * b2 + alpha * (
                  (453 + 1620 * beta * (1 - x) - 455 * x) * beta + alpha * (
                      8 * (1 - x) * (135 * beta - 11)
                    )
                )
            )
        );
    const num = (1 + 12 * alpha) * (1 + 12 * beta) / (total * total);
    const den = 12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total);
    return num / (1 - x) * poly / den;
  }
  const prefactor = -x / Math.sqrt(2 * alpha * beta / total);
  const st = (v: number) => 1 + 1 / (12 * v) + 1 / (288 * v * v);
  const stirling = st(alpha) * st(beta) / st(total);
  const term1Num = 2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * (beta * beta);
  const axbx = alpha * (x - 1) + beta * x;
  const term1Den = Math.sqrt(2 * alpha / beta) * Math.pow(total, 1.5) * axbx * axbx;
  const term1 = term1Num / term1Den;
  const term2 = 0.5 * Math.log(alpha / (total * x));
  const term3 = Math.sqrt(8 * alpha * beta / total) / (beta * x + alpha * (x - 1));
  const term4Base = beta * Math.log(beta / (total * (1 - x))) +
    alpha * Math.log(alpha / (total * x));
  const term4 = Math.pow(term4Base, -1.5);
  const term1234 = term1 + term2 * (term3 + (x < mean ? term4 : -term4));
  return stirling * prefactor * term1234;
}

const DIRICHLET_C = [
  [
    [[1.003668233, -0.01061107488, -0.0657888334, 0.01201642863], [
      0.6336835991,
      -0.3557432599,
      0.05486251648,
      -0.001465281033,
    ], [-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013]],
    [[0.221950385, -0.3187676331, 0.01799915743, 0.01074823814], [
      -0.2951249643,
      0.06219954479,
      0.01535556598,
      0.001550077057,
    ], [0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05]],
    [[-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565], [
      0.02911413504,
      0.01400243777,
      -0.002721828457,
      0.000751041181,
    ], [0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05]],
  ],
  [
    [[1, -0.02924021934, -0.04438342661, 0.007285809825], [
      0.6357567472,
      -0.3473456711,
      0.05454656494,
      -0.002407477521,
    ], [-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149]],
    [[0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273], [
      0.1014815858,
      -0.06589186703,
      0.01272886114,
      -0.0007316646956,
    ], [-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05]],
    [[0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05], [
      0.001925008108,
      -0.002869809258,
      0.0008000589141,
      -6.063713228e-05,
    ], [-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06]],
  ],
];

/** torch's `dirichlet_grad_one`: -(d/dα CDF) / pdf / (1 - x) of a Beta(α, total - α) draw. */
function dirichletGradOne(x: number, alpha: number, total: number): number {
  const beta = total - alpha;
  const boundary = total * x * (1 - x);
  if (x <= 0.5 && boundary < 2.5) return betaGradAlphaSmall(x, alpha, beta);
  if (x >= 0.5 && boundary < 0.75) return -betaGradBetaSmall(1 - x, beta, alpha);
  if (alpha > 6 && beta > 6) return betaGradAlphaMid(x, alpha, beta);
  const u = Math.log(x);
  const a = Math.log(alpha) - u;
  const b = Math.log(total) - a;
  const pu = [1, u, u * u];
  const pa = [1, a, a * a];
  let p = 0;
  let q = 0;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const ua = pu[i] * pa[j];
      const c0 = DIRICHLET_C[0][i][j];
      const c1 = DIRICHLET_C[1][i][j];
      p += ua * (c0[0] + b * (c0[1] + b * (c0[2] + b * c0[3])));
      q += ua * (c1[0] + b * (c1[1] + b * (c1[2] + b * c1[3])));
    }
  }
  const approx = x * (digammaScalar(total) - digammaScalar(alpha)) / beta;
  return p / q * approx;
}

/** `torch._dirichlet_grad(x, alpha, total)` (no gradient of its own, as torch). */
function dirichletGrad(x: Tensor, alpha: Tensor, total: Tensor): Tensor {
  const xs = contiguousData(x.contiguous());
  const as = contiguousData(alpha.contiguous());
  const ts = contiguousData(total.contiguous());
  const out = allocate(x.dtype, xs.length);
  for (let i = 0; i < out.length; i++) out[i] = dirichletGradOne(xs[i], as[i], ts[i]);
  return fromData(out, x.shape, x.dtype);
}

/**
 * The Dirichlet distribution, like `torch.distributions.Dirichlet(concentration)`: samples are
 * torch's, and `rsample`'s gradient is torch's `_dirichlet_grad`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.Dirichlet(tensor([1, 1, 2]));
 * assert.deepEqual(d.mean.tolist(), [0.25, 0.25, 0.5]);
 * assert.equal(String(d.log_prob(tensor([0.2, 0.3, 0.5]))), "tensor(1.0986)");
 * ```
 */
export class Dirichlet extends ExponentialFamily {
  /** True: reparameterised through torch's `_dirichlet_grad`. */
  override readonly has_rsample: boolean = true;
  /** Concentrations (the last dim indexes the categories). */
  readonly concentration: Tensor;

  /**
   * Creates the distribution.
   *
   * @param concentration Positive concentrations, at least one-dimensional.
   * @param options `{ validate_args }`.
   */
  constructor(concentration: Tensor, options?: DistributionOptions) {
    super();
    if (concentration.dim() < 1) {
      throw new RangeError("`concentration` parameter must be at least one-dimensional.");
    }
    this.concentration = concentration;
    this._stored.set("concentration", concentration);
    const s = concentration.shape;
    this._init(s.slice(0, -1), s.slice(-1), options);
  }

  /** `{ concentration: independent(positive, 1) }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { concentration: independent(positive, 1) };
  }
  /** `constraints.simplex`. */
  get support(): Constraint {
    return simplex;
  }
  /** `α / Σα`. */
  override get mean(): Tensor {
    return this.concentration.div(this.concentration.sum(-1, true));
  }
  /** `(α - 1) / (Σα - K)`, with torch's handling of α < 1. */
  override get mode(): Tensor {
    const a = this.concentration;
    const concm1 = a.sub(1).clamp(0, null);
    let mode = concm1.div(concm1.sum(-1, true));
    const mask = a.lt(1).all(-1);
    const k = a.shape[a.dim() - 1];
    const rows = mode.index(mask);
    // (kldiv's argmax refuses an empty input even with a dim, unlike torch: skip it then)
    const idx = rows.numel() === 0 ? zeros([0], { dtype: "int64" }) : rows.argmax(-1);
    mode = mode.index_put_([mask], one_hot(idx, k).to(mode.dtype));
    return mode;
  }
  /** `α (Σα - α) / (Σα² (Σα + 1))`. */
  override get variance(): Tensor {
    const a = this.concentration;
    const a0 = a.sum(-1, true);
    return a.mul(a0.sub(a)).div(a0.pow(2).mul(a0.add(1)));
  }

  /**
   * `_sample_dirichlet(concentration.expand(shape))` (torch's draws).
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples on the simplex.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Dirichlet.rsample"));
    return sampleDirichlet(this.concentration.expand(shape));
  }

  /**
   * `Σ xlogy(α - 1, x) + lgamma(Σα) - Σ lgamma(α)`.
   *
   * @param value Points on the simplex.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const a = this.concentration;
    return a.sub(1).xlogy(value).sum(-1).add(a.sum(-1).lgamma()).sub(a.lgamma().sum(-1));
  }

  /**
   * torch's closed-form entropy.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    const a = this.concentration;
    const k = a.shape[a.dim() - 1];
    const a0 = a.sum(-1);
    return a.lgamma().sum(-1).sub(a0.lgamma()).sub(a0.rsub(k).mul(a0.digamma()))
      .sub(a.sub(1).mul(a.digamma()).sum(-1));
  }

  /**
   * Expands the concentration.
   *
   * @param batch_shape New batch shape.
   * @returns A Dirichlet.
   */
  override expand(batch_shape: number[]): Dirichlet {
    const k = this.event_shape;
    return new Dirichlet(this.concentration.expand([...batch_shape, ...k]), {
      validate_args: false,
    });
  }
}

/**
 * The beta distribution, like `torch.distributions.Beta(concentration1, concentration0)`:
 * the first coordinate of `Dirichlet([c1, c0])`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const b = new distributions.Beta(tensor([2]), tensor([2]));
 * assert.deepEqual(b.mean.tolist(), [0.5]);
 * assert.equal(String(b.log_prob(tensor([0.5]))), "tensor([0.4055])");
 * ```
 */
export class Beta extends ExponentialFamily {
  /** True. */
  override readonly has_rsample: boolean = true;
  /** The underlying Dirichlet over `[c1, c0]`. */
  readonly _dirichlet: Dirichlet;

  /**
   * Creates the distribution.
   *
   * @param concentration1 α, positive.
   * @param concentration0 β, positive.
   * @param options `{ validate_args }`.
   */
  constructor(concentration1: Param, concentration0: Param, options?: DistributionOptions) {
    super();
    const [c1, c0] = broadcastAll([concentration1, concentration0], "Beta");
    this._dirichlet = new Dirichlet(stackLast(c1, c0), options);
    this._init(this._dirichlet.batch_shape, [], options);
  }

  /** `{ concentration1: positive, concentration0: positive }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { concentration1: positive, concentration0: positive };
  }
  /** `constraints.unit_interval`. */
  get support(): Constraint {
    return unit_interval;
  }
  /** α. */
  get concentration1(): Tensor {
    const c = this._dirichlet.concentration.select(-1, 0);
    return c;
  }
  /** β. */
  get concentration0(): Tensor {
    return this._dirichlet.concentration.select(-1, 1);
  }
  /** `α / (α + β)`. */
  override get mean(): Tensor {
    return this.concentration1.div(this.concentration1.add(this.concentration0));
  }
  /** The Dirichlet's mode's first coordinate. */
  override get mode(): Tensor {
    return this._dirichlet.mode.select(-1, 0);
  }
  /** `αβ / ((α + β)² (α + β + 1))`. */
  override get variance(): Tensor {
    const total = this.concentration1.add(this.concentration0);
    return this.concentration1.mul(this.concentration0).div(total.pow(2).mul(total.add(1)));
  }
  /**
   * The first coordinate of the Dirichlet's samples (torch's draws).
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    return this._dirichlet.rsample(sample_shape).select(-1, 0);
  }
  /**
   * The Dirichlet's log-density of `[x, 1 - x]`.
   *
   * @param value Points in [0, 1].
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    return this._dirichlet.log_prob(stackLast(value, value.rsub(1)));
  }
  /**
   * The Dirichlet's entropy.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    return this._dirichlet.entropy();
  }
  /**
   * Expands the parameters.
   *
   * @param batch_shape New batch shape.
   * @returns A Beta.
   */
  override expand(batch_shape: number[]): Beta {
    return new Beta(
      this.concentration1.expand(batch_shape),
      this.concentration0.expand(batch_shape),
      { validate_args: false },
    );
  }
  /** α and β are properties: validated through them, as torch. */
  protected override _property_params(): string[] {
    return ["concentration1", "concentration0"];
  }
}

function stackLast(a: Tensor, b: Tensor): Tensor {
  return stack([a, b], -1);
}

const LGAMMA_HALF = 0.5723649429247001; // math.lgamma(0.5)

/**
 * Student's t distribution, like `torch.distributions.StudentT(df, loc=0, scale=1)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const t = new distributions.StudentT(tensor([3]));
 * assert.equal(String(t.log_prob(tensor([0]))), "tensor([-1.0009])");
 * assert.deepEqual(t.variance.tolist(), [3]);
 * ```
 */
export class StudentT extends Distribution {
  /** True. */
  override readonly has_rsample: boolean = true;
  /** Degrees of freedom. */
  readonly df: Tensor;
  /** Location. */
  readonly loc: Tensor;
  /** Scale. */
  readonly scale: Tensor;
  /** `Chi2(df)`, for sampling. */
  readonly _chi2: Chi2;

  /**
   * Creates the distribution.
   *
   * @param df Positive degrees of freedom.
   * @param loc Location (default 0).
   * @param scale Positive scale (default 1).
   * @param options `{ validate_args }`.
   */
  constructor(df: Param, loc: Param = 0, scale: Param = 1, options?: DistributionOptions) {
    super();
    [this.df, this.loc, this.scale] = broadcastAll([df, loc, scale], "StudentT");
    for (const k of ["df", "loc", "scale"] as const) this._stored.set(k, this[k]);
    this._chi2 = new Chi2(this.df);
    this._init(this.df.shape, [], options);
  }

  /** `{ df: positive, loc: real, scale: positive }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { df: positive, loc: real, scale: positive };
  }
  /** `constraints.real`. */
  get support(): Constraint {
    return real;
  }
  /** `loc` (NaN where df <= 1). */
  override get mean(): Tensor {
    return this.loc.clone().index_put_([this.df.le(1)], NaN);
  }
  /** `loc`. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** `scale² df / (df - 2)` for df > 2, inf for 1 < df <= 2, NaN for df <= 1. */
  override get variance(): Tensor {
    const df = this.df;
    const gt2 = df.gt(2);
    const d = df.masked_select(gt2);
    const m = df.clone().index_put_(
      [gt2],
      this.scale.masked_select(gt2).pow(2).mul(d).div(d.sub(2)),
    );
    m.index_put_([df.le(2).logical_and(df.gt(1))], Infinity);
    return m.index_put_([df.le(1)], NaN);
  }

  /**
   * `loc + scale * X / sqrt(Z / df)`, X standard normal, Z ~ Chi2(df) (torch's draws).
   *
   * @param sample_shape Leading sample dims.
   * @returns Reparameterised samples.
   */
  override rsample(sample_shape: number[] = []): Tensor {
    const ss = checkSampleShape(sample_shape, "StudentT.rsample");
    const x = normalDraws(this._extended_shape(ss), this.df.dtype);
    const z = this._chi2.rsample(ss);
    const y = x.mul(z.div(this.df).rsqrt());
    return this.loc.add(this.scale.mul(y));
  }

  /**
   * torch's log-density.
   *
   * @param value Points.
   * @returns Log-densities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const y = value.sub(this.loc).div(this.scale);
    const df = this.df;
    const z = this.scale.log().add(df.log().mul(0.5)).add(0.5 * Math.log(Math.PI))
      .add(df.mul(0.5).lgamma()).sub(df.add(1).mul(0.5).lgamma());
    return df.add(1).mul(-0.5).mul(y.pow(2).div(df).log1p()).sub(z);
  }

  /**
   * torch's closed-form entropy.
   *
   * @returns The entropy.
   */
  override entropy(): Tensor {
    const df = this.df;
    const lbeta = df.mul(0.5).lgamma().add(LGAMMA_HALF).sub(df.add(1).mul(0.5).lgamma());
    return this.scale.log().add(
      df.add(1).mul(0.5).mul(df.add(1).mul(0.5).digamma().sub(df.mul(0.5).digamma())),
    ).add(df.log().mul(0.5)).add(lbeta);
  }

  /**
   * Expands the parameters.
   *
   * @param batch_shape New batch shape.
   * @returns A StudentT.
   */
  override expand(batch_shape: number[]): StudentT {
    const e = (t: Tensor) => t.expand(batch_shape);
    return new StudentT(e(this.df), e(this.loc), e(this.scale), { validate_args: false });
  }
}

/** torch's `sample_poisson` (double uniforms; transformed rejection from λ = 10). */
function samplePoisson(lambda: number): number {
  if (lambda >= 10) {
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = uniformDouble() - 0.5;
      const V = uniformDouble();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor((2 * a / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (
        Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
          -lambda + k * loglam - lgammaScalar(k + 1)
      ) return k;
    }
  }
  if (lambda === 0) return 0;
  const enlam = Math.exp(-lambda);
  let x = 0;
  let prod = 1;
  for (;;) {
    prod *= uniformDouble();
    if (prod > enlam) x += 1;
    else return x;
  }
}

/**
 * The Poisson distribution, like `torch.distributions.Poisson(rate)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = new distributions.Poisson(tensor([2]));
 * assert.equal(String(p.log_prob(tensor([1]))), "tensor([-1.3069])");
 * ```
 */
export class Poisson extends ExponentialFamily {
  /** The rate (mean). */
  readonly rate: Tensor;

  /**
   * Creates the distribution.
   *
   * @param rate Non-negative rate.
   * @param options `{ validate_args }`.
   */
  constructor(rate: Param, options?: DistributionOptions) {
    super();
    [this.rate] = broadcastAll([rate], "Poisson");
    this._stored.set("rate", this.rate);
    this._init(typeof rate === "number" ? [] : this.rate.shape, [], options);
  }
  /** `{ rate: nonnegative }`. */
  get arg_constraints(): Record<string, Constraint> {
    return { rate: nonnegative };
  }
  /** `constraints.nonnegative_integer`. */
  get support(): Constraint {
    return nonnegative_integer;
  }
  /** `rate`. */
  override get mean(): Tensor {
    return this.rate;
  }
  /** `floor(rate)`. */
  override get mode(): Tensor {
    return this.rate.floor();
  }
  /** `rate`. */
  override get variance(): Tensor {
    return this.rate;
  }
  /**
   * `torch.poisson(rate)` (torch's draws).
   *
   * @param sample_shape Leading sample dims.
   * @returns Counts (floats).
   */
  override sample(sample_shape: number[] = []): Tensor {
    const shape = this._extended_shape(checkSampleShape(sample_shape, "Poisson.sample"));
    const r = this.rate.expand(shape).contiguous();
    const src = contiguousData(r);
    const out = allocate(r.dtype, src.length);
    for (let i = 0; i < out.length; i++) out[i] = samplePoisson(src[i]);
    return fromData(out, shape, r.dtype);
  }
  /**
   * `xlogy(value, rate) - rate - lgamma(value + 1)`.
   *
   * @param value Counts.
   * @returns Log-probabilities.
   */
  log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const [rate, v] = broadcastAll([this.rate, value], "Poisson.log_prob");
    return v.xlogy(rate).sub(rate).sub(v.add(1).lgamma());
  }
  /** torch raises NotImplementedError. */
  override entropy(): Tensor {
    throw new Error("Poisson does not implement entropy (NotImplementedError)");
  }
  /**
   * Expands the rate.
   *
   * @param batch_shape New batch shape.
   * @returns A Poisson.
   */
  override expand(batch_shape: number[]): Poisson {
    return new Poisson(this.rate.expand(batch_shape), { validate_args: false });
  }
}
