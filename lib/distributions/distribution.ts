/**
 * The base of every distribution, like `torch.distributions.Distribution`: batch and event
 * shapes, argument validation with torch's messages, sample-shape handling, and torch's repr.
 *
 * @module
 */

import { tensor } from "../ops/create.ts";
import { type DType, get_default_dtype, isFloating } from "../tensor/dtype.ts";
import { broadcastShapes, sameShape } from "../tensor/shape.ts";
import { contiguousData, Tensor } from "../tensor/tensor.ts";
import type { Constraint } from "./constraints.ts";
import { sqrt } from "./ops.ts";

/** torch.Size's repr: `torch.Size([2, 3])`. */
export function sizeRepr(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/** Python's `tuple(shape)`: `(2,)`, `(2, 3)`, `()`. */
function tupleRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Python's repr of a float: shortest round-trip digits, exponent below 1e-4 and from 1e16. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exp] = x.toExponential().split("e");
  const e = Number(exp);
  if (e >= -5 && e < 16) {
    const s = x.toFixed(Math.max(0, mantissa.replace(/^-?\d\.?/, "").length - e));
    return s.includes(".") ? s : `${s}.0`;
  }
  const sign = e < 0 ? "-" : "+";
  return `${mantissa}e${sign}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** A Python scalar's repr for a one-element 0-dim tensor, as `'{}'.format(t)` prints it. */
function itemRepr(t: Tensor): string {
  const v = contiguousData(t)[0];
  if (t.dtype === "bool") return v ? "True" : "False";
  if (t.dtype === "int64") return String(v);
  return pyFloat(v);
}

/** `f"{t}"` in Python: a 0-dim tensor formats as its Python scalar, others as their repr. */
function formatted(t: Tensor): string {
  return t.dim() === 0 ? itemRepr(t) : String(t);
}

/** Options every distribution takes. */
export interface DistributionOptions {
  /** Check parameters (and `log_prob` values) against their constraints; default true. */
  validate_args?: boolean;
}

/** A parameter given as a tensor or a number. */
export type Param = Tensor | number;

let defaultValidate = true;

/**
 * `broadcast_all`: numbers become tensors of the first tensor's dtype (the default dtype when
 * all are numbers), then all are broadcast; tensors already of the full shape are kept.
 */
export function broadcastAll(values: readonly Param[], where: string): Tensor[] {
  let dtype: DType = get_default_dtype();
  const first = values.find((v) => v instanceof Tensor);
  if (first !== undefined) dtype = (first as Tensor).dtype;
  const ts = values.map((v) => {
    if (v instanceof Tensor) return v;
    if (typeof v === "number") return tensor(v, { dtype });
    throw new TypeError(
      `${where}: Input arguments must all be instances of numbers.Number, torch.Tensor or objects implementing __torch_function__ (got ${
        v === null ? "null" : typeof v
      }).`,
    );
  });
  let shape: readonly number[] = [];
  for (const t of ts) shape = broadcastShapes(shape, t.shape, where);
  return ts.map((t) => sameShape(t.shape, shape) ? t : t.expand([...shape]));
}

/** Checks a `sample_shape` argument: an array of non-negative integers. */
export function checkSampleShape(sample_shape: unknown, where: string): number[] {
  if (
    !Array.isArray(sample_shape) ||
    !sample_shape.every((s) => Number.isInteger(s) && s >= 0)
  ) {
    throw new TypeError(
      `${where}: sample_shape must be an array of non-negative integers (torch.Size), got ${
        Array.isArray(sample_shape) ? `[${sample_shape}]` : String(sample_shape)
      }`,
    );
  }
  return [...sample_shape];
}

/**
 * The base class of distributions, like `torch.distributions.Distribution`.
 *
 * @example
 * ```ts
 * import { distributions, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const d = new distributions.Normal(tensor([0, 1]), tensor([1, 2]));
 * assert.ok(d instanceof distributions.Distribution);
 * assert.deepEqual(d.batch_shape, [2]);
 * ```
 */
export abstract class Distribution {
  /** Whether `rsample` is implemented. */
  readonly has_rsample: boolean = false;
  /** Whether argument validation is on for this instance. */
  _validate_args: boolean = defaultValidate;
  #batch: number[] = [];
  #event: number[] = [];
  /** Parameters set so far, by name: what torch keeps in `__dict__` (lazy ones once computed). */
  protected readonly _stored: Map<string, Tensor> = new Map();

  /** The parameter constraints, in torch's order. */
  abstract get arg_constraints(): Record<string, Constraint>;
  /** The support of samples. */
  abstract get support(): Constraint;
  /** The mean. */
  abstract get mean(): Tensor;
  /** The variance. */
  abstract get variance(): Tensor;
  /** Log-density (log-mass) of `value`. */
  abstract log_prob(value: Tensor): Tensor;
  /** The entropy, of shape `batch_shape`. */
  abstract entropy(): Tensor;
  /** Samples without gradient, of shape `sample_shape + batch_shape + event_shape`. */
  abstract sample(sample_shape?: number[]): Tensor;

  /**
   * Turns validation on or off for distributions created afterwards, like
   * `Distribution.set_default_validate_args`.
   *
   * @param value true or false.
   * @returns Nothing.
   *
   * @example
   * ```ts
   * import { distributions } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * distributions.Distribution.set_default_validate_args(false);
   * assert.equal(new distributions.Normal(0, -1).scale.item(), -1);
   * distributions.Distribution.set_default_validate_args(true);
   * ```
   */
  static set_default_validate_args(value: boolean): void {
    if (value !== true && value !== false) {
      throw new TypeError(`set_default_validate_args expects true or false, got ${value}`);
    }
    defaultValidate = value;
  }

  /** Shape over which parameters are batched. */
  get batch_shape(): number[] {
    return [...this.#batch];
  }

  /** Shape of a single sample. */
  get event_shape(): number[] {
    return [...this.#event];
  }

  /** The standard deviation: `variance.sqrt()`. */
  get stddev(): Tensor {
    return sqrt(this.variance);
  }

  /** Reparameterised samples; only for distributions with `has_rsample`. */
  rsample(_sample_shape?: number[]): Tensor {
    throw new Error(
      `${this.constructor.name} does not implement rsample (torch raises NotImplementedError)`,
    );
  }

  /** `exp(entropy)`. */
  perplexity(): Tensor {
    return this.entropy().exp();
  }

  /** torch's repr: each set parameter, as its value if it has one element, else its size. */
  toString(): string {
    const parts: string[] = [];
    for (const name of Object.keys(this.arg_constraints)) {
      const t = this._stored.get(name);
      if (t === undefined) continue;
      const shown = t.numel() !== 1 ? sizeRepr(t.shape) : formatted(t);
      parts.push(`${name}: ${shown}`);
    }
    return `${this.constructor.name}(${parts.join(", ")})`;
  }

  /** Makes `console.log(d)` in Deno (and Jupyter's text output) print torch's repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Sets the shapes and, when validation is on, checks every stored parameter. */
  protected _init(
    batch_shape: readonly number[],
    event_shape: readonly number[],
    options: DistributionOptions | undefined,
  ): void {
    this.#batch = [...batch_shape];
    this.#event = [...event_shape];
    const validate = options?.validate_args;
    if (validate !== undefined && validate !== null) {
      if (typeof validate !== "boolean") {
        throw new TypeError(`validate_args must be true or false, got ${String(validate)}`);
      }
      this._validate_args = validate;
    }
    if (!this._validate_args) return;
    for (const [name, constraint] of Object.entries(this.arg_constraints)) {
      const value = this._stored.get(name);
      if (value === undefined) continue; // lazily computed, not checked (as torch)
      if (!constraint.holds(value)) {
        throw new RangeError(
          `Expected parameter ${name} (Tensor of shape ${
            tupleRepr(value.shape)
          }) of distribution ${this} to satisfy the constraint ${constraint}, but found invalid values:\n${
            formatted(value)
          }`,
        );
      }
    }
  }

  /** `sample_shape + batch_shape + event_shape`. */
  protected _extended_shape(sample_shape: readonly number[] = []): number[] {
    return [...sample_shape, ...this.#batch, ...this.#event];
  }

  /** torch's `_validate_sample`: shapes compatible with batch and event shapes, values in the support. */
  protected _validate_sample(value: unknown): void {
    if (!(value instanceof Tensor)) {
      throw new TypeError("The value argument to log_prob must be a Tensor");
    }
    const actual = value.shape;
    const ev = this.#event;
    const tail = actual.slice(actual.length - ev.length);
    if (actual.length < ev.length || !sameShape(tail, ev)) {
      throw new RangeError(
        `The right-most size of value must match event_shape: ${sizeRepr(actual)} vs ${
          sizeRepr(ev)
        }.`,
      );
    }
    const expected = [...this.#batch, ...ev];
    for (let k = 1; k <= Math.min(actual.length, expected.length); k++) {
      const i = actual[actual.length - k];
      const j = expected[expected.length - k];
      if (i !== 1 && j !== 1 && i !== j) {
        throw new RangeError(
          `Value is not broadcastable with batch_shape+event_shape: ${sizeRepr(actual)} vs ${
            sizeRepr(expected)
          }.`,
        );
      }
    }
    if (!this.support.holds(value)) {
      throw new RangeError(
        `Expected value argument (Tensor of shape ${
          tupleRepr(value.shape)
        }) to be within the support (${this.support}) of the distribution ${this}, but found invalid values:\n${
          formatted(value)
        }`,
      );
    }
  }
}

/** Throws unless `t` is a floating-point tensor (torch's distributions need float parameters). */
export function requireFloat(t: Tensor, name: string, where: string): void {
  if (!isFloating(t.dtype)) {
    throw new TypeError(
      `${where}: ${name} must be a floating-point tensor (float32 or float64), got ${t.dtype}`,
    );
  }
}
