/**
 * The activation modules of `torch.nn` (`ELU`, `GELU`, `LeakyReLU`, `Softplus`, `Softmax`, ...):
 * each a thin printable holder of its options around one `F` call, printing as torch's
 * `print(model)` does. The math lives in `lib/nn/activation.ts`.
 *
 * Numbers in the printed options follow Python: an option whose torch default is a float
 * prints as one (`ELU(alpha=1.0)`), one whose default is an int prints whole values as ints
 * (`Softplus(beta=1, threshold=20)`); JavaScript cannot tell `2` from `2.0`, so a module built
 * with the other kind of number prints the default's kind.
 *
 * @module
 */

import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import { bind, type Signature } from "../../tensor/args.ts";
import { type DType, type FloatDType, get_default_dtype } from "../../tensor/dtype.ts";
import { full } from "../../ops/create.ts";
import { requireTensor, type Tensor } from "../../tensor/tensor.ts";
import { log_softmax, softmax } from "../../ops/softmax.ts";
import * as A from "../activation.ts";
import type { Args } from "../call_args.ts";
import { pyFloat, pyNumber } from "./repr.ts";

const INPLACE: Signature = [{ name: "inplace", kind: "bool", default: false }];
const inplaceStr = (inplace: boolean, sep: string) => (inplace ? `${sep}inplace=True` : "");

/** A module whose only option is `inplace` (SELU, SiLU, Mish, Hardsigmoid, Hardswish). */
abstract class InplaceActivation extends Module {
  /** Whether the input is overwritten. */
  inplace: boolean;
  constructor(name: string, args: readonly unknown[]) {
    super();
    this.inplace = bind(name, INPLACE, args).inplace as boolean;
  }
  override extra_repr(): string {
    return inplaceStr(this.inplace, "");
  }
}

/**
 * `F.selu` as a module, like `torch.nn.SELU(inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.SELU()), "SELU()");
 * assert.equal(nn.SELU()(tensor([1])).item(), Math.fround(1.0507009873554805));
 * ```
 */
export class SELU extends InplaceActivation {
  /**
   * Builds the module.
   *
   * @param args `inplace` by position or in `{ inplace }`.
   */
  constructor(...args: Args<[inplace?: boolean], A.InplaceOptions>) {
    super("SELU", args);
  }
  /**
   * Applies `F.selu`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.selu(input, this.inplace);
  }
}

/**
 * `F.silu` as a module, like `torch.nn.SiLU(inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.SiLU({ inplace: true })), "SiLU(inplace=True)");
 * assert.equal(nn.SiLU()(tensor([0])).item(), 0);
 * ```
 */
export class SiLU extends InplaceActivation {
  /**
   * Builds the module.
   *
   * @param args `inplace` by position or in `{ inplace }`.
   */
  constructor(...args: Args<[inplace?: boolean], A.InplaceOptions>) {
    super("SiLU", args);
  }
  /**
   * Applies `F.silu`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.silu(input, this.inplace);
  }
}

/**
 * `F.mish` as a module, like `torch.nn.Mish(inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.Mish()), "Mish()");
 * assert.equal(nn.Mish()(tensor([0])).item(), 0);
 * ```
 */
export class Mish extends InplaceActivation {
  /**
   * Builds the module.
   *
   * @param args `inplace` by position or in `{ inplace }`.
   */
  constructor(...args: Args<[inplace?: boolean], A.InplaceOptions>) {
    super("Mish", args);
  }
  /**
   * Applies `F.mish`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.mish(input, this.inplace);
  }
}

/**
 * `F.hardsigmoid` as a module, like `torch.nn.Hardsigmoid(inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nn.Hardsigmoid()(tensor([0])).item(), 0.5);
 * ```
 */
export class Hardsigmoid extends InplaceActivation {
  /**
   * Builds the module.
   *
   * @param args `inplace` by position or in `{ inplace }`.
   */
  constructor(...args: Args<[inplace?: boolean], A.InplaceOptions>) {
    super("Hardsigmoid", args);
  }
  /**
   * Applies `F.hardsigmoid`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.hardsigmoid(input, this.inplace);
  }
  /** Empty, as torch's (which does not print `inplace`). */
  override extra_repr(): string {
    return "";
  }
}

/**
 * `F.hardswish` as a module, like `torch.nn.Hardswish(inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nn.Hardswish()(tensor([4])).item(), 4);
 * ```
 */
export class Hardswish extends InplaceActivation {
  /**
   * Builds the module.
   *
   * @param args `inplace` by position or in `{ inplace }`.
   */
  constructor(...args: Args<[inplace?: boolean], A.InplaceOptions>) {
    super("Hardswish", args);
  }
  /**
   * Applies `F.hardswish`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.hardswish(input, this.inplace);
  }
  /** Empty, as torch's (which does not print `inplace`). */
  override extra_repr(): string {
    return "";
  }
}

const HARDTANH: Signature = [
  { name: "min_val", kind: "number", default: -1 },
  { name: "max_val", kind: "number", default: 1 },
  ...INPLACE,
];

/**
 * `F.hardtanh` as a module, like `torch.nn.Hardtanh(min_val=-1., max_val=1., inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const m = nn.Hardtanh(-2, 2);
 * assert.equal(String(m), "Hardtanh(min_val=-2.0, max_val=2.0)");
 * assert.deepEqual(m(tensor([-3, 1, 3])).tolist(), [-2, 1, 2]);
 * ```
 */
export class Hardtanh extends Module {
  /** The lower bound. */
  min_val: number;
  /** The upper bound. */
  max_val: number;
  /** Whether the input is overwritten. */
  inplace: boolean;
  /**
   * Builds the module.
   *
   * @param args `min_val, max_val, inplace` by position or in an options object.
   */
  constructor(
    ...args: Args<[min_val?: number, max_val?: number, inplace?: boolean], A.HardtanhOptions>
  ) {
    super();
    const b = bind(new.target.name, HARDTANH, args);
    this.min_val = b.min_val as number;
    this.max_val = b.max_val as number;
    this.inplace = b.inplace as boolean;
    if (this.max_val <= this.min_val) {
      throw new RangeError("Hardtanh: max_val must be greater than min_val");
    }
  }
  /**
   * Applies `F.hardtanh`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.hardtanh(input, this.min_val, this.max_val, this.inplace);
  }
  override extra_repr(): string {
    return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}${
      inplaceStr(this.inplace, ", ")
    }`;
  }
}

/**
 * `F.relu6` as a module, like `torch.nn.ReLU6(inplace=False)` (a Hardtanh from 0 to 6).
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.ReLU6()), "ReLU6()");
 * assert.deepEqual(nn.ReLU6()(tensor([-1, 7])).tolist(), [0, 6]);
 * ```
 */
export class ReLU6 extends Hardtanh {
  /**
   * Builds the module.
   *
   * @param args `inplace` by position or in `{ inplace }`.
   */
  constructor(...args: Args<[inplace?: boolean], A.InplaceOptions>) {
    const inplace = bind("ReLU6", INPLACE, args).inplace as boolean;
    super(0, 6, inplace);
  }
  override extra_repr(): string {
    return inplaceStr(this.inplace, "");
  }
}

const ALPHA: Signature = [{ name: "alpha", kind: "number", default: 1 }, ...INPLACE];

/**
 * `F.elu` as a module, like `torch.nn.ELU(alpha=1.0, inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.ELU()), "ELU(alpha=1.0)");
 * assert.equal(nn.ELU(0.5)(tensor([2])).item(), 2);
 * ```
 */
export class ELU extends Module {
  /** The negative saturation value. */
  alpha: number;
  /** Whether the input is overwritten. */
  inplace: boolean;
  /**
   * Builds the module.
   *
   * @param args `alpha, inplace` by position or in an options object.
   */
  constructor(...args: Args<[alpha?: number, inplace?: boolean], A.EluOptions>) {
    super();
    const b = bind(new.target.name, ALPHA, args);
    this.alpha = b.alpha as number;
    this.inplace = b.inplace as boolean;
  }
  /**
   * Applies `F.elu`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.elu(input, this.alpha, this.inplace);
  }
  override extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceStr(this.inplace, ", ")}`;
  }
}

/**
 * `F.celu` as a module, like `torch.nn.CELU(alpha=1.0, inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.CELU({ alpha: 2 })), "CELU(alpha=2.0)");
 * assert.equal(nn.CELU()(tensor([3])).item(), 3);
 * ```
 */
export class CELU extends ELU {
  /**
   * Applies `F.celu`.
   *
   * @param input The input.
   * @returns The result.
   */
  override forward(input: Tensor): Tensor {
    return A.celu(input, this.alpha, this.inplace);
  }
}

const APPROX: Signature = [
  {
    name: "approximate",
    kind: (v) => (v === "none" || v === "tanh" ? null : `"none" or "tanh"`),
    default: "none",
  },
];

/**
 * `F.gelu` as a module, like `torch.nn.GELU(approximate='none')`.
 *
 * @example
 * ```ts
 * import { nn } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.GELU()), "GELU(approximate='none')");
 * assert.equal(String(nn.GELU({ approximate: "tanh" })), "GELU(approximate='tanh')");
 * ```
 */
export class GELU extends Module {
  /** `"none"` or `"tanh"`. */
  approximate: "none" | "tanh";
  /**
   * Builds the module.
   *
   * @param args `approximate` by position or in `{ approximate }`.
   */
  constructor(...args: Args<[approximate?: "none" | "tanh"], A.GeluOptions>) {
    super();
    this.approximate = bind("GELU", APPROX, args).approximate as "none" | "tanh";
  }
  /**
   * Applies `F.gelu`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.gelu(input, { approximate: this.approximate });
  }
  override extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}

const LEAKY: Signature = [{ name: "negative_slope", kind: "number", default: 0.01 }, ...INPLACE];

/**
 * `F.leaky_relu` as a module, like `torch.nn.LeakyReLU(negative_slope=0.01, inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.LeakyReLU(0.2)), "LeakyReLU(negative_slope=0.2)");
 * assert.deepEqual(nn.LeakyReLU(0.5)(tensor([-2])).tolist(), [-1]);
 * ```
 */
export class LeakyReLU extends Module {
  /** The slope below 0. */
  negative_slope: number;
  /** Whether the input is overwritten. */
  inplace: boolean;
  /**
   * Builds the module.
   *
   * @param args `negative_slope, inplace` by position or in an options object.
   */
  constructor(
    ...args: Args<[negative_slope?: number, inplace?: boolean], A.LeakyReluOptions>
  ) {
    super();
    const b = bind("LeakyReLU", LEAKY, args);
    this.negative_slope = b.negative_slope as number;
    this.inplace = b.inplace as boolean;
  }
  /**
   * Applies `F.leaky_relu`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.leaky_relu(input, this.negative_slope, this.inplace);
  }
  override extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope)}${inplaceStr(this.inplace, ", ")}`;
  }
}

/** Options of {@linkcode PReLU}. */
export interface PReLUOptions {
  /** How many slopes: 1, or the number of input channels (default 1). */
  num_parameters?: number;
  /** Their initial value (default 0.25). */
  init?: number;
  /** The device: only the CPU. */
  device?: unknown;
  /** The weight's dtype (default: the default dtype). */
  dtype?: FloatDType | null;
}

const PRELU: Signature = [
  { name: "num_parameters", kind: "int", default: 1 },
  { name: "init", kind: "number", default: 0.25 },
  { name: "device", kind: "any", default: null },
  { name: "dtype", kind: "dtype", default: null },
];

/**
 * `F.prelu` with a learned slope, like `torch.nn.PReLU(num_parameters=1, init=0.25)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const m = nn.PReLU();
 * assert.equal(String(m), "PReLU(num_parameters=1)");
 * assert.deepEqual(m(tensor([-4, 4])).tolist(), [-1, 4]);
 * ```
 */
export class PReLU extends Module {
  /** The number of slopes. */
  num_parameters: number;
  /** The learned slopes, `[num_parameters]`. */
  weight: Tensor;
  /**
   * Builds the module.
   *
   * @param args `num_parameters, init, device, dtype` by position or in an options object.
   */
  constructor(
    ...args: Args<
      [num_parameters?: number, init?: number, device?: unknown, dtype?: FloatDType | null],
      PReLUOptions
    >
  ) {
    super();
    const b = bind("PReLU", PRELU, args);
    this.num_parameters = b.num_parameters as number;
    const dtype = (b.dtype as DType | null) ?? get_default_dtype();
    this.weight = Parameter(full([this.num_parameters], b.init as number, { dtype }));
  }
  /**
   * Applies `F.prelu`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.prelu(input, this.weight);
  }
  override extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}

const RRELU: Signature = [
  { name: "lower", kind: "number", default: 1 / 8 },
  { name: "upper", kind: "number", default: 1 / 3 },
  ...INPLACE,
];

/**
 * `F.rrelu` as a module, like `torch.nn.RReLU(lower=1/8, upper=1/3, inplace=False)`: random
 * slopes in training mode, their mean in eval mode.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const m = nn.RReLU(0.25, 0.75).eval();
 * assert.equal(String(m), "RReLU(lower=0.25, upper=0.75)");
 * assert.deepEqual(m(tensor([-2])).tolist(), [-1]);
 * ```
 */
export class RReLU extends Module {
  /** The lowest slope. */
  lower: number;
  /** The highest slope. */
  upper: number;
  /** Whether the input is overwritten. */
  inplace: boolean;
  /**
   * Builds the module.
   *
   * @param args `lower, upper, inplace` by position or in an options object.
   */
  constructor(
    ...args: Args<[lower?: number, upper?: number, inplace?: boolean], A.RReluOptions>
  ) {
    super();
    const b = bind("RReLU", RRELU, args);
    this.lower = b.lower as number;
    this.upper = b.upper as number;
    this.inplace = b.inplace as boolean;
  }
  /**
   * Applies `F.rrelu` with `training` from the module's mode.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.rrelu(input, this.lower, this.upper, this.training, this.inplace);
  }
  override extra_repr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${
      inplaceStr(this.inplace, ", ")
    }`;
  }
}

const LAMBD: Signature = [{ name: "lambd", kind: "number", default: 0.5 }];

/**
 * `F.hardshrink` as a module, like `torch.nn.Hardshrink(lambd=0.5)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.Hardshrink()), "Hardshrink(0.5)");
 * assert.deepEqual(nn.Hardshrink()(tensor([0.25, 1])).tolist(), [0, 1]);
 * ```
 */
export class Hardshrink extends Module {
  /** The half-width of the zeroed band. */
  lambd: number;
  /**
   * Builds the module.
   *
   * @param args `lambd` by position or in `{ lambd }`.
   */
  constructor(...args: Args<[lambd?: number], A.ShrinkOptions>) {
    super();
    this.lambd = bind(new.target.name, LAMBD, args).lambd as number;
  }
  /**
   * Applies `F.hardshrink`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.hardshrink(input, this.lambd);
  }
  override extra_repr(): string {
    return pyFloat(this.lambd);
  }
}

/**
 * `F.softshrink` as a module, like `torch.nn.Softshrink(lambd=0.5)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.Softshrink()), "Softshrink(0.5)");
 * assert.deepEqual(nn.Softshrink()(tensor([0.25, 1])).tolist(), [0, 0.5]);
 * ```
 */
export class Softshrink extends Hardshrink {
  /**
   * Applies `F.softshrink`.
   *
   * @param input The input.
   * @returns The result.
   */
  override forward(input: Tensor): Tensor {
    return A.softshrink(input, this.lambd);
  }
}

const THRESHOLD: Signature = [
  { name: "threshold", kind: "number" },
  { name: "value", kind: "number" },
  ...INPLACE,
];

/**
 * `F.threshold` as a module, like `torch.nn.Threshold(threshold, value, inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const m = nn.Threshold(0.1, 20);
 * assert.equal(String(m), "Threshold(threshold=0.1, value=20)");
 * assert.deepEqual(m(tensor([0, 1])).tolist(), [20, 1]);
 * ```
 */
export class Threshold extends Module {
  /** Elements at or below it are replaced. */
  threshold: number;
  /** Their replacement. */
  value: number;
  /** Whether the input is overwritten. */
  inplace: boolean;
  /**
   * Builds the module.
   *
   * @param args `threshold, value, inplace` by position or in an options object.
   */
  constructor(
    ...args: Args<[threshold: number, value: number, inplace?: boolean], A.ThresholdOptions>
  ) {
    super();
    const b = bind("Threshold", THRESHOLD, args);
    this.threshold = b.threshold as number;
    this.value = b.value as number;
    this.inplace = b.inplace as boolean;
  }
  /**
   * Applies `F.threshold`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.threshold(input, this.threshold, this.value, this.inplace);
  }
  override extra_repr(): string {
    return `threshold=${pyNumber(this.threshold)}, value=${pyNumber(this.value)}${
      inplaceStr(this.inplace, ", ")
    }`;
  }
}

const SOFTPLUS: Signature = [
  { name: "beta", kind: "number", default: 1 },
  { name: "threshold", kind: "number", default: 20 },
];

/**
 * `F.softplus` as a module, like `torch.nn.Softplus(beta=1, threshold=20)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.Softplus()), "Softplus(beta=1, threshold=20)");
 * assert.equal(nn.Softplus()(tensor([30])).item(), 30);
 * ```
 */
export class Softplus extends Module {
  /** The sharpness. */
  beta: number;
  /** Where the function turns linear. */
  threshold: number;
  /**
   * Builds the module.
   *
   * @param args `beta, threshold` by position or in an options object.
   */
  constructor(...args: Args<[beta?: number, threshold?: number], A.SoftplusOptions>) {
    super();
    const b = bind("Softplus", SOFTPLUS, args);
    this.beta = b.beta as number;
    this.threshold = b.threshold as number;
  }
  /**
   * Applies `F.softplus`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.softplus(input, this.beta, this.threshold);
  }
  override extra_repr(): string {
    return `beta=${pyNumber(this.beta)}, threshold=${pyNumber(this.threshold)}`;
  }
}

/** A module without options around one unary function. */
abstract class Unary extends Module {
  constructor() {
    super();
  }
}

/**
 * `F.tanhshrink` as a module, like `torch.nn.Tanhshrink()`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nn.Tanhshrink()(tensor([0])).item(), 0);
 * ```
 */
export class Tanhshrink extends Unary {
  /**
   * Applies `F.tanhshrink`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.tanhshrink(input);
  }
}

/**
 * `F.softsign` as a module, like `torch.nn.Softsign()`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nn.Softsign()(tensor([1])).tolist(), [0.5]);
 * ```
 */
export class Softsign extends Unary {
  /**
   * Applies `F.softsign`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.softsign(input);
  }
}

/**
 * The logistic function as a module, like `torch.nn.Sigmoid()`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.Sigmoid()), "Sigmoid()");
 * assert.deepEqual(nn.Sigmoid()(tensor([0])).tolist(), [0.5]);
 * ```
 */
export class Sigmoid extends Unary {
  /**
   * Applies `torch.sigmoid`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.sigmoid(input);
  }
}

/**
 * The hyperbolic tangent as a module, like `torch.nn.Tanh()`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(nn.Tanh()(tensor([0])).tolist(), [0]);
 * ```
 */
export class Tanh extends Unary {
  /**
   * Applies `torch.tanh`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.tanh(input);
  }
}

/**
 * `F.logsigmoid` as a module, like `torch.nn.LogSigmoid()`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(nn.LogSigmoid()(tensor([0])).item(), Math.fround(-Math.LN2));
 * ```
 */
export class LogSigmoid extends Unary {
  /**
   * Applies `F.logsigmoid`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.logsigmoid(input);
  }
}

const GLU_SIG: Signature = [{ name: "dim", kind: "int", default: -1 }];

/**
 * `F.glu` as a module, like `torch.nn.GLU(dim=-1)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.GLU()), "GLU(dim=-1)");
 * assert.deepEqual(nn.GLU()(tensor([3, 0])).tolist(), [1.5]);
 * ```
 */
export class GLU extends Module {
  /** The dim that is halved. */
  dim: number;
  /**
   * Builds the module.
   *
   * @param args `dim` by position or in `{ dim }`.
   */
  constructor(...args: Args<[dim?: number], { dim?: number }>) {
    super();
    this.dim = bind("GLU", GLU_SIG, args).dim as number;
  }
  /**
   * Applies `F.glu`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.glu(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim}`;
  }
}

const DIM: Signature = [{ name: "dim", kind: "int", default: null }];

/** torch's `_get_softmax_dim` for a module built without `dim`: 0 for 0-, 1- and 3-D input, else 1. */
function softmaxDim(name: string, dim: number | null, input: Tensor): number {
  requireTensor(input, name);
  if (dim !== null) return dim;
  console.warn(
    `UserWarning: Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`,
  );
  const n = input.dim();
  return n === 0 || n === 1 || n === 3 ? 0 : 1;
}

/** The softmax family's modules: one optional `dim`, printed `dim=1` or `dim=None`. */
abstract class DimModule extends Module {
  /** The dim, or null for torch's deprecated implicit choice. */
  dim: number | null;
  constructor(name: string, args: readonly unknown[]) {
    super();
    this.dim = bind(name, DIM, args).dim as number | null;
  }
  override extra_repr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

/**
 * `F.softmax` as a module, like `torch.nn.Softmax(dim=None)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.Softmax(1)), "Softmax(dim=1)");
 * assert.deepEqual(nn.Softmax({ dim: 0 })(tensor([0, 0])).tolist(), [0.5, 0.5]);
 * ```
 */
export class Softmax extends DimModule {
  /**
   * Builds the module.
   *
   * @param args `dim` by position or in `{ dim }`.
   */
  constructor(...args: Args<[dim?: number | null], { dim?: number | null }>) {
    super("Softmax", args);
  }
  /**
   * Applies `F.softmax` along `dim`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return softmax(input, softmaxDim("softmax", this.dim, input));
  }
}

/**
 * `F.log_softmax` as a module, like `torch.nn.LogSoftmax(dim=None)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.LogSoftmax(1)), "LogSoftmax(dim=1)");
 * assert.equal(nn.LogSoftmax(0)(tensor([0, 0])).tolist()[0], Math.fround(-Math.LN2));
 * ```
 */
export class LogSoftmax extends DimModule {
  /**
   * Builds the module.
   *
   * @param args `dim` by position or in `{ dim }`.
   */
  constructor(...args: Args<[dim?: number | null], { dim?: number | null }>) {
    super("LogSoftmax", args);
  }
  /**
   * Applies `F.log_softmax` along `dim`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return log_softmax(input, softmaxDim("log_softmax", this.dim, input));
  }
}

/**
 * `F.softmin` as a module, like `torch.nn.Softmin(dim=None)`.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(nn.Softmin(0)), "Softmin(dim=0)");
 * assert.deepEqual(nn.Softmin(0)(tensor([0, 0])).tolist(), [0.5, 0.5]);
 * ```
 */
export class Softmin extends DimModule {
  /**
   * Builds the module.
   *
   * @param args `dim` by position or in `{ dim }`.
   */
  constructor(...args: Args<[dim?: number | null], { dim?: number | null }>) {
    super("Softmin", args);
  }
  /**
   * Applies `F.softmin` along `dim`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return A.softmin(input, softmaxDim("softmin", this.dim, input));
  }
}
