/**
 * The base of every distribution, like `torch.distributions.Distribution`: batch and event
 * shapes, argument validation with torch's messages, sample-shape handling, and torch's repr.
 *
 * @module
 */

import { no_grad } from "../tensor/autograd.ts";
import { addNodeInspect } from "../tensor/inspect.ts";
import { sameShape } from "../tensor/shape.ts";
import { Tensor } from "../tensor/tensor.ts";
import type { Constraint } from "./constraints.ts";
import { formatted, sizeRepr, tupleRepr } from "./shared.ts";

/** Options every distribution takes. */
export interface DistributionOptions {
  /** Check parameters (and `log_prob` values) against their constraints; default true. */
  validate_args?: boolean;
}

/** A parameter given as a tensor or a number. */
export type Param = Tensor | number;

let defaultValidate = true;

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
  readonly _stored: Map<string, Tensor> = new Map();

  /** The parameter constraints, in torch's order. */
  abstract get arg_constraints(): Record<string, Constraint>;
  /** The support of samples. */
  abstract get support(): Constraint;
  /** The mean; torch's base class raises NotImplementedError, as this does. */
  get mean(): Tensor {
    throw new Error(`${this.constructor.name} does not implement mean (NotImplementedError)`);
  }
  /** The variance; torch's base class raises NotImplementedError, as this does. */
  get variance(): Tensor {
    throw new Error(`${this.constructor.name} does not implement variance (NotImplementedError)`);
  }
  /** Log-density (log-mass) of `value`. */
  abstract log_prob(value: Tensor): Tensor;
  /** The entropy, of shape `batch_shape`; torch's base class raises NotImplementedError. */
  entropy(): Tensor {
    throw new Error(`${this.constructor.name} does not implement entropy (NotImplementedError)`);
  }
  /**
   * Samples without gradient, of shape `sample_shape + batch_shape + event_shape`: as torch's
   * base class, `rsample` under `no_grad` unless a distribution draws otherwise.
   *
   * @param sample_shape Leading sample dims.
   * @returns Samples.
   */
  sample(sample_shape: number[] = []): Tensor {
    return no_grad(() => this.rsample(sample_shape));
  }

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
    return this.variance.sqrt();
  }

  /** Reparameterised samples; only for distributions with `has_rsample`. */
  rsample(_sample_shape?: number[]): Tensor {
    throw new Error(
      `${this.constructor.name} does not implement rsample (torch raises NotImplementedError)`,
    );
  }

  /** The mode; torch raises NotImplementedError for distributions without one. */
  get mode(): Tensor {
    throw new Error(`${this.constructor.name} does not implement mode`);
  }

  /**
   * The cumulative distribution function at `value`, where the distribution has one.
   *
   * @param _value Points.
   * @returns P(X <= value).
   */
  cdf(_value: Tensor): Tensor {
    throw new Error(
      `${this.constructor.name} does not implement cdf (torch raises NotImplementedError)`,
    );
  }

  /**
   * The inverse cumulative distribution function, where the distribution has one.
   *
   * @param _value Probabilities.
   * @returns The quantiles.
   */
  icdf(_value: Tensor): Tensor {
    throw new Error(
      `${this.constructor.name} does not implement icdf (torch raises NotImplementedError)`,
    );
  }

  /**
   * A new distribution whose parameters are expanded to `batch_shape`, like `expand`.
   *
   * @param _batch_shape The new batch shape.
   * @returns A distribution of that batch shape (validation off, as torch's).
   */
  expand(_batch_shape: number[]): Distribution {
    throw new Error(
      `${this.constructor.name} does not implement expand (torch raises NotImplementedError)`,
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

  /** Parameters that are plain properties (torch validates them through getattr). */
  protected _property_params(): string[] {
    return [];
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
      const value = this._stored.get(name) ??
        (this._property_params().includes(name)
          ? (this as unknown as Record<string, Tensor>)[name]
          : undefined);
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
  _extended_shape(sample_shape: readonly number[] = []): number[] {
    return [...sample_shape, ...this.#batch, ...this.#event];
  }

  /** torch's `_validate_sample`: shapes compatible with batch and event shapes, values in the support. */
  _validate_sample(value: unknown): void {
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

// Node's console.log prints what Deno's does (lib/tensor/inspect.ts).
addNodeInspect(Distribution);

/**
 * The base of exponential-family distributions, like `torch.distributions.ExponentialFamily`:
 * `kl_divergence` between two different exponential families raises torch's error.
 *
 * @example
 * ```ts
 * import { distributions } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new distributions.Normal(0, 1) instanceof distributions.ExponentialFamily);
 * ```
 */
export abstract class ExponentialFamily extends Distribution {}
