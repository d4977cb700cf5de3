/**
 * Layers for notebook-sized models: `Linear`, `Sequential`, `ReLU`. Each is a
 * {@linkcode Module} subclass; `lib/nn/modules.ts` exports them callable with or without `new`,
 * as `nn.Linear(3, 2)` reads in torch.
 *
 * @module
 */

import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import * as init from "./init.ts";
import { linear } from "./linear.ts";
import { allocate, describe, type FloatDType, get_default_dtype } from "../tensor/dtype.ts";
import { fromData, requireTensor, type Tensor } from "../tensor/tensor.ts";
import { relu } from "../ops/math.ts";
import { checkOptionKeys } from "../tensor/options.ts";
import { bind } from "../tensor/args.ts";
import type { Args } from "./call_args.ts";

/** Options of {@linkcode Linear}, with torch's keys. */
export interface LinearOptions {
  /** Whether the layer adds a learned bias (default true). */
  bias?: boolean;
  /** The parameters' dtype (default: the default dtype). */
  dtype?: FloatDType;
}

function checkFeatures(n: unknown, what: string): number {
  if (!Number.isInteger(n) || (n as number) < 0) {
    throw new RangeError(`Linear: ${what} must be a non-negative integer, got ${describe(n)}`);
  }
  return n as number;
}

/**
 * A fully connected layer `y = x Wᵀ + b`, like `torch.nn.Linear(in_features, out_features,
 * bias=True)`, initialised as torch does (and with the same numbers after the same
 * `manual_seed`): `weight` by `kaiming_uniform_(a=√5)`, `bias` uniform in
 * [−1/√in_features, 1/√in_features).
 *
 * @example
 * ```ts
 * import { manual_seed, nn, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const fc = nn.Linear(3, 2);
 * assert.equal(String(fc), "Linear(in_features=3, out_features=2, bias=True)");
 * assert.equal(nn.Linear(3, 2, false).bias, null); // nn.Linear(3, 2, False)
 * assert.deepEqual(fc(ones(4, 3)).shape, [4, 2]);
 * ```
 */
export class Linear extends Module {
  /** Input size. */
  in_features: number;
  /** Output size. */
  out_features: number;
  /** The [out_features, in_features] weight. */
  weight: Tensor;
  /** The [out_features] bias, or null. */
  bias: Tensor | null;

  /**
   * Builds the layer.
   *
   * @param in_features Input size.
   * @param out_features Output size.
   * @param args `bias` by position, as torch's `nn.Linear(4, 2, False)`, and/or the options
   *   `{ bias, dtype }`.
   */
  constructor(
    in_features: number,
    out_features: number,
    ...args: [options?: LinearOptions] | [bias: boolean, options?: Omit<LinearOptions, "bias">]
  ) {
    super();
    let options = args[0] as LinearOptions | undefined;
    if (typeof args[0] === "boolean") {
      // torch's third positional parameter is bias: nn.Linear(in, out, bias).
      if (args[1] !== undefined && typeof args[1] === "object" && "bias" in args[1]) {
        throw new TypeError("Linear() got multiple values for argument 'bias'");
      }
      checkOptionKeys(args[1], ["dtype"], "Linear");
      options = { ...(args[1] as LinearOptions | undefined), bias: args[0] };
    } else if (args.length > 1) {
      throw new TypeError(
        `Linear: expected (in_features, out_features, bias?, options?), got ${
          args.length + 2
        } arguments`,
      );
    }
    checkOptionKeys(options, ["bias", "dtype"], "Linear");
    this.in_features = checkFeatures(in_features, "in_features");
    this.out_features = checkFeatures(out_features, "out_features");
    const dtype = options?.dtype ?? get_default_dtype();
    const empty = (shape: number[]) =>
      Parameter(
        fromData(
          allocate(dtype, shape.reduce((a, b) => a * b, 1), "Linear()", shape),
          shape,
          dtype,
        ),
      );
    this.weight = empty([out_features, in_features]);
    const bias = options?.bias ?? true;
    if (typeof bias !== "boolean") {
      throw new TypeError(`Linear: bias must be a boolean, got ${describe(bias)}`);
    }
    this.bias = bias ? empty([out_features]) : null;
    this.reset_parameters();
  }

  /**
   * torch's initialisation, drawing from the global generator.
   *
   * @returns Nothing.
   */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const fan_in = init._calculate_fan_in_and_fan_out(this.weight)[0];
      const bound = fan_in > 0 ? 1 / Math.sqrt(fan_in) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  /**
   * `F.linear(input, weight, bias)`.
   *
   * @param input [..., in_features].
   * @returns [..., out_features].
   */
  forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  /** `in_features=3, out_features=2, bias=True`. */
  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${
      this.bias === null ? "False" : "True"
    }`;
  }
}

/**
 * Modules applied in order, like `torch.nn.Sequential(*modules)`; `seq[0]` is the first, named
 * "0" in parameter names.
 *
 * @example
 * ```ts
 * import { manual_seed, nn, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1));
 * assert.deepEqual(model(ones(2, 3)).shape, [2, 1]);
 * assert.equal(model.parameters().length, 4);
 * ```
 */
export class Sequential extends Module {
  /** Positional access to the children, as `seq[i]` in torch. */
  [index: number]: Module;

  /**
   * Builds the container.
   *
   * @param modules The modules, applied first to last.
   */
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) {
        throw new TypeError(
          `Sequential: argument ${i} is not a Module subclass (got ${describe(m)})`,
        );
      }
      this.add_module(String(i), m);
    });
  }

  /** The number of modules, as `len(seq)`. */
  override get length(): number {
    return this.children().length;
  }

  /**
   * Applies each module to the previous one's output.
   *
   * @param input The input of the first module.
   * @returns The output of the last.
   */
  forward(input: Tensor): Tensor {
    let x = input;
    for (const m of this.children()) x = m(x);
    return x;
  }
}

/**
 * `max(x, 0)` elementwise, like `torch.nn.ReLU()`; its gradient is 0 where the output is 0, as
 * torch's (ReluBackward0).
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nn.ReLU()(tensor([-1, 0, 2])).tolist(), [0, 0, 2]);
 * ```
 */
export class ReLU extends Module {
  /** Whether the input is overwritten (`relu_`), as torch's `inplace=True`. */
  readonly inplace: boolean;

  /**
   * Builds the module.
   *
   * @param args `inplace` (default false) by position, `nn.ReLU(true)`, or in `{ inplace }`.
   */
  constructor(...args: Args<[inplace?: boolean], { inplace?: boolean }>) {
    super();
    this.inplace = bind("ReLU", [{ name: "inplace", kind: "bool", default: false }], args)
      .inplace as boolean;
  }

  /**
   * Applies relu.
   *
   * @param input The input.
   * @returns `max(input, 0)`.
   */
  forward(input: Tensor): Tensor {
    requireTensor(input, "ReLU");
    return this.inplace ? input.relu_() : relu(input);
  }

  /** `inplace=True` when set, as torch prints it. */
  override extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}
