/**
 * `torch.distributions.transforms`: invertible maps with log-determinants of their Jacobians,
 * for `TransformedDistribution`. A transform instance is callable like torch's: `t(x)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const T = distributions.transforms;
 * const t = new T.ComposeTransform([new T.ExpTransform(), new T.AffineTransform(1, 2)]);
 * assert.deepEqual(t(tensor([0])).tolist(), [3]);
 * assert.deepEqual(t.inv(tensor([3])).tolist(), [0]);
 * ```
 *
 * @module
 */

import { zeros_like } from "../ops/create.ts";
import { Tensor } from "../tensor/tensor.ts";
import {
  type Constraint,
  eventDimOf,
  independent,
  interval,
  positive,
  real,
  real_vector,
  simplex,
  unit_interval,
} from "./constraints.ts";
import { softplus } from "./ops.ts";
import { finfoTiny, kindOf, sumRightmost } from "./shared.ts";
import { finfoEps } from "./utils.ts";

/** A transform is callable: `t(x)` is `t.call(x)`. */
export interface Transform {
  /** Applies the transform. */
  (x: Tensor): Tensor;
}

function checkCacheSize(cache_size: unknown): number {
  if (cache_size !== 0 && cache_size !== 1) {
    throw new RangeError("cache_size must be 0 or 1");
  }
  return cache_size;
}

/**
 * The base of transforms, like `torch.distributions.transforms.Transform`: subclasses define
 * `_call`, `_inverse`, `log_abs_det_jacobian`, `domain`, `codomain` (and `sign` when monotone).
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const t = new distributions.transforms.ExpTransform();
 * assert.ok(t instanceof distributions.transforms.Transform);
 * assert.equal(String(t.inv), "_InverseTransform(ExpTransform())");
 * assert.equal(t.inv.inv, t);
 * ```
 */
export class Transform {
  /** 0 (no cache) or 1 (the last `x`/`y` pair is reused, by identity). */
  declare readonly _cache_size: number;
  /** The last `[x, y]` pair (cache_size 1). */
  declare _cached: [Tensor, Tensor] | null;
  /** The inverse transform, once made. */
  declare _invCache: Transform | null;

  /**
   * Builds the (callable) transform.
   *
   * @param cache_size 0 or 1.
   */
  constructor(cache_size: number = 0) {
    const self = ((x: Tensor) => (self as Transform).call(x)) as unknown as Transform;
    delete (self as { name?: string }).name;
    delete (self as { length?: number }).length;
    Object.setPrototypeOf(self, new.target.prototype);
    Object.assign(self, {
      _cache_size: checkCacheSize(cache_size),
      _cached: null,
      _invCache: null,
    });
    return self;
  }

  /** The constraint on inputs. */
  get domain(): Constraint {
    return real;
  }

  /** The constraint on outputs. */
  get codomain(): Constraint {
    return real;
  }

  /** Whether the transform is a bijection. */
  get bijective(): boolean {
    return false;
  }

  /** +1 or -1 for monotone transforms; torch raises NotImplementedError otherwise. */
  get sign(): number | Tensor {
    throw new Error(`${this.constructor.name} does not implement sign (NotImplementedError)`);
  }

  /** The event dim when domain and codomain agree on it. */
  get event_dim(): number {
    const d = eventDimOf(this.domain);
    if (d === eventDimOf(this.codomain)) return d;
    throw new RangeError("Please use either .domain.event_dim or .codomain.event_dim");
  }

  /** The inverse transform (`_InverseTransform`, kept while this one lives). */
  get inv(): Transform {
    if (this._invCache === null) this._invCache = new _InverseTransform(this);
    return this._invCache;
  }

  /**
   * Applies the transform (`t(x)` in torch), reusing the cached output for the same input.
   *
   * @param x The input.
   * @returns `y = t(x)`.
   */
  call(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) {
      throw new TypeError(`${this.constructor.name}: expected a Tensor, got ${kindOf(x)}`);
    }
    if (this._cache_size === 0) return this._call(x);
    if (this._cached !== null && this._cached[0] === x) return this._cached[1];
    const y = this._call(x);
    this._cached = [x, y];
    return y;
  }

  /**
   * Inverts the transform (torch's `_inv_call`), using the cache when `y` came from it.
   *
   * @param y An output.
   * @returns `x` with `t(x) = y`.
   */
  _inv_call(y: Tensor): Tensor {
    if (this._cache_size === 0) return this._inverse(y);
    if (this._cached !== null && this._cached[1] === y) return this._cached[0];
    const x = this._inverse(y);
    this._cached = [x, y];
    return x;
  }

  /** The forward map. */
  _call(_x: Tensor): Tensor {
    throw new Error(`${this.constructor.name} does not implement _call (NotImplementedError)`);
  }

  /** The inverse map. */
  _inverse(_y: Tensor): Tensor {
    throw new Error(`${this.constructor.name} does not implement _inverse (NotImplementedError)`);
  }

  /**
   * `log |dy/dx|`, elementwise (summed over the event dims for event_dim > 0).
   *
   * @param _x Inputs.
   * @param _y Outputs.
   * @returns The log-determinants.
   */
  log_abs_det_jacobian(_x: Tensor, _y: Tensor): Tensor {
    throw new Error(
      `${this.constructor.name} does not implement log_abs_det_jacobian (NotImplementedError)`,
    );
  }

  /**
   * The output shape for an input shape.
   *
   * @param shape Input shape.
   * @returns Output shape.
   */
  forward_shape(shape: number[]): number[] {
    return [...shape];
  }

  /**
   * The input shape for an output shape.
   *
   * @param shape Output shape.
   * @returns Input shape.
   */
  inverse_shape(shape: number[]): number[] {
    return [...shape];
  }

  /**
   * torch's `==`: the same class (and parameters, for AffineTransform).
   *
   * @param other Another transform.
   * @returns Whether they are equal.
   */
  equals(other: Transform): boolean {
    return this === other;
  }

  /** torch's repr: `ExpTransform()`. */
  toString(): string {
    return `${this.constructor.name}()`;
  }

  /** Prints torch's repr in Deno. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/**
 * The inverse of a transform, like torch's `_InverseTransform` (what `t.inv` returns).
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const inv = new distributions.transforms.ExpTransform().inv;
 * assert.deepEqual(inv(tensor([1])).tolist(), [0]);
 * ```
 */
export class _InverseTransform extends Transform {
  /** The transform inverted. */
  declare readonly _inv: Transform;

  /**
   * Wraps `transform`.
   *
   * @param transform The transform to invert.
   */
  constructor(transform: Transform) {
    super(transform._cache_size);
    (this as { _inv: Transform })._inv = transform;
  }

  /** The inverted transform's codomain. */
  override get domain(): Constraint {
    return this._inv.codomain;
  }

  /** The inverted transform's domain. */
  override get codomain(): Constraint {
    return this._inv.domain;
  }

  /** As the inverted transform. */
  override get bijective(): boolean {
    return this._inv.bijective;
  }

  /** As the inverted transform. */
  override get sign(): number | Tensor {
    return this._inv.sign;
  }

  /** The transform inverted. */
  override get inv(): Transform {
    return this._inv;
  }

  /** `inv._inv_call(x)`. */
  override call(x: Tensor): Tensor {
    return this._inv._inv_call(x);
  }

  /** `inv(y)`. */
  override _inv_call(y: Tensor): Tensor {
    return this._inv.call(y);
  }

  /** `-inv.log_abs_det_jacobian(y, x)`. */
  override log_abs_det_jacobian(x: Tensor, y: Tensor): Tensor {
    return this._inv.log_abs_det_jacobian(y, x).neg();
  }

  /** The inverted transform's inverse_shape. */
  override forward_shape(shape: number[]): number[] {
    return this._inv.inverse_shape(shape);
  }

  /** The inverted transform's forward_shape. */
  override inverse_shape(shape: number[]): number[] {
    return this._inv.forward_shape(shape);
  }

  /** torch's repr: `_InverseTransform(ExpTransform())`. */
  override toString(): string {
    return `_InverseTransform(${this._inv})`;
  }

  /** Equal when the inverted transforms are. */
  override equals(other: Transform): boolean {
    return other instanceof _InverseTransform && this._inv.equals(other._inv);
  }
}

/**
 * `y = exp(x)`, like `torch.distributions.transforms.ExpTransform`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const t = new distributions.transforms.ExpTransform();
 * assert.deepEqual(t.log_abs_det_jacobian(tensor([2]), t(tensor([2]))).tolist(), [2]);
 * ```
 */
export class ExpTransform extends Transform {
  /** `constraints.positive`. */
  override get codomain(): Constraint {
    return positive;
  }
  /** True. */
  override get bijective(): boolean {
    return true;
  }
  /** +1. */
  override get sign(): number {
    return 1;
  }
  /** `exp(x)`. */
  override _call(x: Tensor): Tensor {
    return x.exp();
  }
  /** `log(y)`. */
  override _inverse(y: Tensor): Tensor {
    return y.log();
  }
  /** `x`. */
  override log_abs_det_jacobian(x: Tensor, _y: Tensor): Tensor {
    return x;
  }
  /** Any ExpTransform equals another. */
  override equals(other: Transform): boolean {
    return other instanceof ExpTransform;
  }
}

/**
 * `y = |x|` (not invertible: the inverse is the identity), like torch's `AbsTransform`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new distributions.transforms.AbsTransform()(tensor([-2])).tolist(), [2]);
 * ```
 */
export class AbsTransform extends Transform {
  /** `constraints.positive`. */
  override get codomain(): Constraint {
    return positive;
  }
  /** `|x|`. */
  override _call(x: Tensor): Tensor {
    return x.abs();
  }
  /** `y`. */
  override _inverse(y: Tensor): Tensor {
    return y;
  }
  /** Any AbsTransform equals another. */
  override equals(other: Transform): boolean {
    return other instanceof AbsTransform;
  }
}

/**
 * `y = sigmoid(x)`, clipped into [tiny, 1 - eps], like torch's `SigmoidTransform`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new distributions.transforms.SigmoidTransform()(tensor([0])).tolist(), [0.5]);
 * ```
 */
export class SigmoidTransform extends Transform {
  /** `constraints.unit_interval`. */
  override get codomain(): Constraint {
    return unit_interval;
  }
  /** True. */
  override get bijective(): boolean {
    return true;
  }
  /** +1. */
  override get sign(): number {
    return 1;
  }
  /** `clamp(sigmoid(x), tiny, 1 - eps)`. */
  override _call(x: Tensor): Tensor {
    return x.sigmoid().clamp(finfoTiny(x.dtype), 1 - finfoEps(x.dtype));
  }
  /** `logit` of y clamped into [tiny, 1 - eps]. */
  override _inverse(y: Tensor): Tensor {
    const c = y.clamp(finfoTiny(y.dtype), 1 - finfoEps(y.dtype));
    return c.log().sub(c.neg().log1p());
  }
  /** `-softplus(-x) - softplus(x)`. */
  override log_abs_det_jacobian(x: Tensor, _y: Tensor): Tensor {
    return softplus(x.neg()).neg().sub(softplus(x));
  }
  /** Any SigmoidTransform equals another. */
  override equals(other: Transform): boolean {
    return other instanceof SigmoidTransform;
  }
}

/**
 * `y = tanh(x)`, like torch's `TanhTransform`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new distributions.transforms.TanhTransform()(tensor([0])).tolist(), [0]);
 * ```
 */
export class TanhTransform extends Transform {
  /** `constraints.interval(-1, 1)`. */
  override get codomain(): Constraint {
    return interval(-1, 1);
  }
  /** True. */
  override get bijective(): boolean {
    return true;
  }
  /** +1. */
  override get sign(): number {
    return 1;
  }
  /** `tanh(x)`. */
  override _call(x: Tensor): Tensor {
    return x.tanh();
  }
  /** `atanh(y)`. */
  override _inverse(y: Tensor): Tensor {
    return y.atanh();
  }
  /** `2 * (log 2 - x - softplus(-2x))`. */
  override log_abs_det_jacobian(x: Tensor, _y: Tensor): Tensor {
    return x.neg().add(Math.log(2)).sub(softplus(x.mul(-2))).mul(2);
  }
  /** Any TanhTransform equals another. */
  override equals(other: Transform): boolean {
    return other instanceof TanhTransform;
  }
}

/** `AffineTransform`'s keyword options. */
export interface AffineTransformOptions {
  /** The number of rightmost dims forming one event (default 0). */
  event_dim?: number;
  /** 0 or 1. */
  cache_size?: number;
}

/**
 * `y = loc + scale * x`, like torch's `AffineTransform(loc, scale, event_dim=0)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const t = new distributions.transforms.AffineTransform(1, tensor([2, -2]));
 * assert.deepEqual(t(tensor([1, 1])).tolist(), [3, -1]);
 * assert.deepEqual((t.sign as ReturnType<typeof tensor>).tolist(), [1, -1]);
 * ```
 */
export class AffineTransform extends Transform {
  /** The shift. */
  declare readonly loc: Tensor | number;
  /** The scale. */
  declare readonly scale: Tensor | number;
  /** The event dims. */
  declare readonly _event_dim: number;

  /**
   * Creates the transform.
   *
   * @param loc Shift (tensor or number).
   * @param scale Scale (tensor or number).
   * @param options `{ event_dim, cache_size }`.
   */
  constructor(loc: Tensor | number, scale: Tensor | number, options: AffineTransformOptions = {}) {
    super(options.cache_size ?? 0);
    for (const [name, v] of [["loc", loc], ["scale", scale]] as const) {
      if (!(v instanceof Tensor) && typeof v !== "number") {
        throw new TypeError(
          `AffineTransform: ${name} must be a Tensor or a number, got ${kindOf(v)}`,
        );
      }
    }
    const e = options.event_dim ?? 0;
    if (!Number.isInteger(e) || e < 0) {
      throw new TypeError(`AffineTransform: event_dim must be a non-negative integer, got ${e}`);
    }
    Object.assign(this, { loc, scale, _event_dim: e });
  }

  /** `real`, or `independent(real, event_dim)`. */
  override get domain(): Constraint {
    return this._event_dim === 0 ? real : independent(real, this._event_dim);
  }
  /** As the domain. */
  override get codomain(): Constraint {
    return this.domain;
  }
  /** True. */
  override get bijective(): boolean {
    return true;
  }
  /** `event_dim`. */
  override get event_dim(): number {
    return this._event_dim;
  }
  /** `sign(scale)`: a number for a number scale, else a tensor. */
  override get sign(): number | Tensor {
    const s = this.scale;
    return typeof s === "number" ? (s > 0 ? 1 : s < 0 ? -1 : 0) : s.sign();
  }
  /** `loc + scale * x`. */
  override _call(x: Tensor): Tensor {
    return x.mul(this.scale as Tensor).add(this.loc as Tensor);
  }
  /** `(y - loc) / scale`. */
  override _inverse(y: Tensor): Tensor {
    return y.sub(this.loc as Tensor).div(this.scale as Tensor);
  }
  /** `log |scale|`, summed over event dims and expanded to x's batch shape. */
  override log_abs_det_jacobian(x: Tensor, _y: Tensor): Tensor {
    let shape = x.shape;
    const s = this.scale;
    let result = typeof s === "number" ? zeros_like(x).add(Math.log(Math.abs(s))) : s.abs().log();
    if (this._event_dim) {
      const size = [...result.shape.slice(0, result.dim() - this._event_dim), -1];
      result = result.reshape(size).sum(-1);
      shape = shape.slice(0, shape.length - this._event_dim);
    }
    return result.expand(shape);
  }
  /** Broadcast of the shape with loc's and scale's. */
  override forward_shape(shape: number[]): number[] {
    const dims = [
      shape,
      typeof this.loc === "number" ? [] : this.loc.shape,
      typeof this.scale === "number" ? [] : this.scale.shape,
    ];
    const n = Math.max(...dims.map((d) => d.length));
    const out: number[] = [];
    for (let k = n; k >= 1; k--) {
      let v = 1;
      for (const d of dims) {
        const s = d[d.length - k];
        if (s !== undefined && s !== 1) v = s;
      }
      out.push(v);
    }
    return out;
  }
  /** As forward_shape. */
  override inverse_shape(shape: number[]): number[] {
    return this.forward_shape(shape);
  }
  /** Equal loc and scale (numbers equal, or tensors equal everywhere). */
  override equals(other: Transform): boolean {
    if (!(other instanceof AffineTransform)) return false;
    const same = (a: Tensor | number, b: Tensor | number) => {
      if (typeof a === "number" && typeof b === "number") return a === b;
      const ta = a instanceof Tensor ? a : b as Tensor;
      const other = a instanceof Tensor ? b : a;
      return Boolean(ta.eq(other as Tensor).all().item());
    };
    return same(this.loc, other.loc) && same(this.scale, other.scale);
  }
}

/**
 * `y = softmax(x)` over the last dim (not bijective), like torch's `SoftmaxTransform`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const y = new distributions.transforms.SoftmaxTransform()(tensor([0, 0]));
 * assert.deepEqual(y.tolist(), [0.5, 0.5]);
 * ```
 */
export class SoftmaxTransform extends Transform {
  /** `real_vector`. */
  override get domain(): Constraint {
    return real_vector;
  }
  /** `simplex`. */
  override get codomain(): Constraint {
    return simplex;
  }
  /** `exp(x - max) / sum`. */
  override _call(x: Tensor): Tensor {
    const probs = x.sub(x.amax(-1, true)).exp();
    return probs.div(probs.sum(-1, true));
  }
  /** `log(y)`. */
  override _inverse(y: Tensor): Tensor {
    return y.log();
  }
  /** Any SoftmaxTransform equals another. */
  override equals(other: Transform): boolean {
    return other instanceof SoftmaxTransform;
  }
}

/**
 * Transforms applied in order, like torch's `ComposeTransform(parts)`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const T = distributions.transforms;
 * const t = new T.ComposeTransform([new T.AffineTransform(0, 2), new T.ExpTransform()]);
 * assert.equal(String(t), "ComposeTransform(\n    AffineTransform(),\n    ExpTransform()\n)");
 * assert.equal(t.sign, 1);
 * ```
 */
export class ComposeTransform extends Transform {
  /** The parts, in order of application. */
  declare readonly parts: Transform[];

  /**
   * Composes `parts`.
   *
   * @param parts Transforms, first applied first.
   * @param cache_size 0 or 1.
   */
  constructor(parts: Transform[], cache_size: number = 0) {
    super(cache_size);
    if (!Array.isArray(parts) || !parts.every((p) => p instanceof Transform)) {
      throw new TypeError("ComposeTransform: parts must be an array of Transforms");
    }
    (this as { parts: Transform[] }).parts = [...parts];
  }

  /** The first part's domain, with the event dims the later parts need. */
  override get domain(): Constraint {
    if (this.parts.length === 0) return real;
    let domain = this.parts[0].domain;
    let eventDim = eventDimOf(this.parts[this.parts.length - 1].codomain);
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const p = this.parts[i];
      eventDim += eventDimOf(p.domain) - eventDimOf(p.codomain);
      eventDim = Math.max(eventDim, eventDimOf(p.domain));
    }
    if (eventDim > eventDimOf(domain)) domain = independent(domain, eventDim - eventDimOf(domain));
    return domain;
  }

  /** The last part's codomain, with the event dims the earlier parts need. */
  override get codomain(): Constraint {
    if (this.parts.length === 0) return real;
    let codomain = this.parts[this.parts.length - 1].codomain;
    let eventDim = eventDimOf(this.parts[0].domain);
    for (const p of this.parts) {
      eventDim += eventDimOf(p.codomain) - eventDimOf(p.domain);
      eventDim = Math.max(eventDim, eventDimOf(p.codomain));
    }
    if (eventDim > eventDimOf(codomain)) {
      codomain = independent(codomain, eventDim - eventDimOf(codomain));
    }
    return codomain;
  }

  /** Whether every part is. */
  override get bijective(): boolean {
    return this.parts.every((p) => p.bijective);
  }

  /** The product of the parts' signs. */
  override get sign(): number | Tensor {
    let sign: number | Tensor = 1;
    for (const p of this.parts) {
      const s = p.sign;
      sign = typeof sign === "number" && typeof s === "number"
        ? sign * s
        : (s instanceof Tensor ? s.mul(sign as Tensor) : (sign as Tensor).mul(s));
    }
    return sign;
  }

  /** `ComposeTransform` of the parts' inverses, reversed. */
  override get inv(): Transform {
    return new ComposeTransform([...this.parts].reverse().map((p) => p.inv));
  }

  /** Each part in turn. */
  override _call(x: Tensor): Tensor {
    for (const p of this.parts) x = p.call(x);
    return x;
  }

  /** Each part's inverse in reverse order. */
  override _inverse(y: Tensor): Tensor {
    for (let i = this.parts.length - 1; i >= 0; i--) y = this.parts[i]._inv_call(y);
    return y;
  }

  /** The sum of the parts' log-determinants (each summed to the composed event dims). */
  override log_abs_det_jacobian(x: Tensor, y: Tensor): Tensor {
    if (this.parts.length === 0) return zeros_like(x);
    const xs = [x];
    for (const p of this.parts.slice(0, -1)) xs.push(p.call(xs[xs.length - 1]));
    xs.push(y);
    let eventDim = eventDimOf(this.domain);
    let result: Tensor | null = null;
    for (let i = 0; i < this.parts.length; i++) {
      const p = this.parts[i];
      const term = sumRightmost(
        p.log_abs_det_jacobian(xs[i], xs[i + 1]),
        eventDim - eventDimOf(p.domain),
      );
      eventDim += eventDimOf(p.codomain) - eventDimOf(p.domain);
      result = result === null ? term : result.add(term);
    }
    return result as Tensor;
  }

  /** Through each part. */
  override forward_shape(shape: number[]): number[] {
    for (const p of this.parts) shape = p.forward_shape(shape);
    return shape;
  }

  /** Through each part, last first. */
  override inverse_shape(shape: number[]): number[] {
    for (let i = this.parts.length - 1; i >= 0; i--) shape = this.parts[i].inverse_shape(shape);
    return shape;
  }

  /** Equal parts in order. */
  override equals(other: Transform): boolean {
    return other instanceof ComposeTransform && other.parts.length === this.parts.length &&
      this.parts.every((p, i) => p.equals(other.parts[i]));
  }

  /** torch's multi-line repr. */
  override toString(): string {
    if (this.parts.length === 0) return "ComposeTransform(\n)";
    return `ComposeTransform(\n    ${this.parts.map(String).join(",\n    ")}\n)`;
  }
}

/** `torch.distributions.transforms.identity_transform`: `ComposeTransform([])`. */
export const identity_transform: ComposeTransform = new ComposeTransform([]);
