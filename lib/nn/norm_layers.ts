/**
 * Normalization layers `LayerNorm`, `BatchNorm1d`, `GroupNorm`, and `Bilinear`. Each is a {@linkcode Module}
 * holding its parameters, buffers and options around one call of `F.layer_norm`,
 * `F.batch_norm`, `F.group_norm` (`lib/nn/normalization.ts`) or `F.bilinear`; `lib/nn/modules.ts` exports
 * them callable with or without `new`. Parameters start as torch's (weights 1, biases 0).
 *
 * @module
 */

import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { bind, type Signature } from "../tensor/args.ts";
import { allocate, checkDType, describe, type DType, get_default_dtype } from "../tensor/dtype.ts";
import { fromData, requireTensor, type Tensor } from "../tensor/tensor.ts";
import { batch_norm, group_norm, layer_norm } from "./normalization.ts";
import { bilinear } from "./bilinear.ts";
import * as init from "./init.ts";
import { pyFloat, tupleRepr } from "../distributions/shared.ts";
import { checkCount } from "./nn_args.ts";

/** torch's `device=None, dtype=None` factory keywords; only the CPU exists here. */
export const FACTORY: Signature = [
  { name: "device", kind: "any", default: null },
  { name: "dtype", kind: "dtype", default: null },
];

/** The dtype for new parameters: the `dtype` option (a float dtype) or the default dtype. */
export function factoryDType(b: Record<string, unknown>, where: string): DType {
  const device = b.device;
  if (device !== null && String(device) !== "cpu") {
    throw new TypeError(
      `${where}: this module computes on the CPU only, got device ${describe(device)}`,
    );
  }
  const dtype = (b.dtype ?? get_default_dtype()) as DType;
  checkDType(dtype, where);
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(`${where}: parameters must be float32 or float64, got ${dtype}`);
  }
  return dtype;
}

/** A filled tensor of `shape`. */
export function filled(shape: readonly number[], value: number, dtype: DType): Tensor {
  const n = shape.reduce((a, s) => a * s, 1);
  const data = allocate(dtype, n);
  data.fill(value);
  return fromData(data, shape, dtype);
}

const LAYER_NORM: Signature = [
  { name: "normalized_shape", kind: "ints" },
  { name: "eps", kind: "number", default: 1e-5 },
  { name: "elementwise_affine", kind: "bool", default: true },
  ...FACTORY,
];

/**
 * Layer normalization over the trailing dims, like `torch.nn.LayerNorm(normalized_shape,
 * eps=1e-05, elementwise_affine=True)`; `weight` starts at ones and `bias` at zeros.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const ln = nn.LayerNorm(2);
 * assert.equal(String(ln), "LayerNorm((2,), eps=1e-05, elementwise_affine=True)");
 * const y = ln(tensor([[1, 3]]));
 * assert.equal(y.grad_fn?.name(), "NativeLayerNormBackward0");
 * ```
 */
export class LayerNorm extends Module {
  /** The normalized trailing shape. */
  normalized_shape: number[];
  /** Added to the variance. */
  eps: number;
  /** Whether there is a learned weight and bias. */
  elementwise_affine: boolean;
  /** The scale (ones at first), or null. */
  weight: Tensor | null;
  /** The shift (zeros at first), or null. */
  bias: Tensor | null;

  /**
   * Builds the layer.
   *
   * @param args `normalized_shape` (an int or ints), `eps`, `elementwise_affine`, `device`,
   *   `dtype`, by position or in an options object.
   */
  constructor(...args: unknown[]) {
    super();
    const b = bind("LayerNorm", LAYER_NORM, args);
    const shape = b.normalized_shape as number | number[];
    this.normalized_shape = typeof shape === "number" ? [shape] : [...shape];
    this.eps = b.eps as number;
    this.elementwise_affine = b.elementwise_affine as boolean;
    const dtype = factoryDType(b, "LayerNorm");
    this.weight = this.elementwise_affine
      ? Parameter(filled(this.normalized_shape, 1, dtype))
      : null;
    this.bias = this.elementwise_affine ? Parameter(filled(this.normalized_shape, 0, dtype)) : null;
  }

  /**
   * `F.layer_norm(input, normalized_shape, weight, bias, eps)`.
   *
   * @param input `[*, ...normalized_shape]`.
   * @returns The normalized input.
   */
  forward(input: Tensor): Tensor {
    return layer_norm(input, this.normalized_shape, this.weight, this.bias, this.eps);
  }

  /** `(4,), eps=1e-05, elementwise_affine=True`. */
  override extra_repr(): string {
    return `${tupleRepr(this.normalized_shape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${
      this.elementwise_affine ? "True" : "False"
    }`;
  }
}

const BATCH_NORM: Signature = [
  { name: "num_features", kind: "int" },
  { name: "eps", kind: "number", default: 1e-5 },
  { name: "momentum", kind: "number", default: 0.1, nullable: true },
  { name: "affine", kind: "bool", default: true },
  { name: "track_running_stats", kind: "bool", default: true },
  ...FACTORY,
];

/**
 * Batch normalization over `[N, C]` or `[N, C, L]`, like `torch.nn.BatchNorm1d(num_features,
 * eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)`. In training mode
 * (`train()`, the default) it normalizes by the batch's statistics and updates the running
 * ones (`momentum: null` for a cumulative average); after `eval()` it uses the running ones.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const bn = nn.BatchNorm1d(2);
 * bn(tensor([[1, 0], [3, 0]]));
 * assert.deepEqual(bn.running_mean?.tolist(), [0.2, 0].map(Math.fround));
 * assert.equal(bn.num_batches_tracked?.item(), 1);
 * bn.eval();
 * assert.ok(bn(tensor([[0.2, 0]])).abs().max().item() < 1e-6); // the running mean is subtracted
 * ```
 */
export class BatchNorm1d extends Module {
  /** C, the number of channels. */
  num_features: number;
  /** Added to the variance. */
  eps: number;
  /** The running statistics' update factor, or null for a cumulative average. */
  momentum: number | null;
  /** Whether there is a learned weight and bias. */
  affine: boolean;
  /** Whether running statistics are kept (and used in eval mode). */
  track_running_stats: boolean;
  /** The scale (ones at first), or null. */
  weight: Tensor | null;
  /** The shift (zeros at first), or null. */
  bias: Tensor | null;
  /** The running mean (a buffer), or null. */
  declare running_mean: Tensor | null;
  /** The running variance (a buffer), or null. */
  declare running_var: Tensor | null;
  /** How many training batches updated the running statistics (an int64 buffer), or null. */
  declare num_batches_tracked: Tensor | null;

  /**
   * Builds the layer.
   *
   * @param args `num_features`, `eps`, `momentum`, `affine`, `track_running_stats`, `device`,
   *   `dtype`, by position or in an options object.
   */
  constructor(...args: unknown[]) {
    super();
    const b = bind(this.constructor.name, BATCH_NORM, args);
    this.num_features = checkCount(b.num_features, "num_features", this.constructor.name);
    this.eps = b.eps as number;
    this.momentum = b.momentum as number | null;
    this.affine = b.affine as boolean;
    this.track_running_stats = b.track_running_stats as boolean;
    const dtype = factoryDType(b, this.constructor.name);
    const C = [this.num_features];
    this.weight = this.affine ? Parameter(filled(C, 1, dtype)) : null;
    this.bias = this.affine ? Parameter(filled(C, 0, dtype)) : null;
    if (this.track_running_stats) {
      this.register_buffer("running_mean", filled(C, 0, dtype));
      this.register_buffer("running_var", filled(C, 1, dtype));
      this.register_buffer("num_batches_tracked", filled([], 0, "int64"));
    } else {
      this.register_buffer("running_mean", null);
      this.register_buffer("running_var", null);
      this.register_buffer("num_batches_tracked", null);
    }
  }

  /** torch's `_check_input_dim`. */
  protected check_input_dim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) {
      throw new RangeError(`expected 2D or 3D input (got ${input.dim()}D input)`);
    }
  }

  /**
   * `F.batch_norm` with the batch's statistics in training mode (updating the running ones),
   * the running ones in eval mode.
   *
   * @param input `[N, C]` or `[N, C, L]`.
   * @returns The normalized input.
   */
  forward(input: Tensor): Tensor {
    requireTensor(input, this.constructor.name);
    this.check_input_dim(input);
    let factor = this.momentum ?? 0;
    if (this.training && this.track_running_stats && this.num_batches_tracked !== null) {
      this.num_batches_tracked.add_(1);
      factor = this.momentum === null ? 1 / this.num_batches_tracked.item() : this.momentum;
    }
    const bnTraining = this.training || (this.running_mean === null && this.running_var === null);
    const useRunning = !this.training || this.track_running_stats;
    return batch_norm(
      input,
      useRunning ? this.running_mean : null,
      useRunning ? this.running_var : null,
      this.weight,
      this.bias,
      bnTraining,
      factor,
      this.eps,
    );
  }

  /** `3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True`. */
  override extra_repr(): string {
    const py = (v: boolean) => v ? "True" : "False";
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${
      this.momentum === null ? "None" : pyFloat(this.momentum)
    }, affine=${py(this.affine)}, track_running_stats=${py(this.track_running_stats)}`;
  }
}

const GROUP_NORM: Signature = [
  { name: "num_groups", kind: "int" },
  { name: "num_channels", kind: "int" },
  { name: "eps", kind: "number", default: 1e-5 },
  { name: "affine", kind: "bool", default: true },
  ...FACTORY,
];

/**
 * Group normalization, like `torch.nn.GroupNorm(num_groups, num_channels, eps=1e-05,
 * affine=True)`; `weight` starts at ones and `bias` at zeros.
 *
 * @example
 * ```ts
 * import { nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const gn = nn.GroupNorm(2, 4, { eps: 0 });
 * assert.equal(String(gn), "GroupNorm(2, 4, eps=0.0, affine=True)");
 * assert.deepEqual(gn(tensor([[1, 3, 5, 7]])).tolist(), [[-1, 1, -1, 1]]);
 * ```
 */
export class GroupNorm extends Module {
  /** The number of groups the channels are split into. */
  num_groups: number;
  /** C. */
  num_channels: number;
  /** Added to the variance. */
  eps: number;
  /** Whether there is a learned weight and bias. */
  affine: boolean;
  /** The per-channel scale (ones at first), or null. */
  weight: Tensor | null;
  /** The per-channel shift (zeros at first), or null. */
  bias: Tensor | null;

  /**
   * Builds the layer.
   *
   * @param args `num_groups`, `num_channels`, `eps`, `affine`, `device`, `dtype`, by position
   *   or in an options object.
   */
  constructor(...args: unknown[]) {
    super();
    const b = bind("GroupNorm", GROUP_NORM, args);
    this.num_groups = b.num_groups as number;
    this.num_channels = checkCount(b.num_channels, "num_channels", "GroupNorm");
    if (this.num_groups === 0 || this.num_channels % this.num_groups !== 0) {
      throw new RangeError("num_channels must be divisible by num_groups");
    }
    this.eps = b.eps as number;
    this.affine = b.affine as boolean;
    const dtype = factoryDType(b, "GroupNorm");
    const C = [this.num_channels];
    this.weight = this.affine ? Parameter(filled(C, 1, dtype)) : null;
    this.bias = this.affine ? Parameter(filled(C, 0, dtype)) : null;
  }

  /**
   * `F.group_norm(input, num_groups, weight, bias, eps)`.
   *
   * @param input `[N, C, *]`.
   * @returns The normalized input.
   */
  forward(input: Tensor): Tensor {
    return group_norm(input, this.num_groups, this.weight, this.bias, this.eps);
  }

  /** `2, 4, eps=1e-05, affine=True`. */
  override extra_repr(): string {
    return `${this.num_groups}, ${this.num_channels}, eps=${pyFloat(this.eps)}, affine=${
      this.affine ? "True" : "False"
    }`;
  }
}

const BILINEAR_LAYER: Signature = [
  { name: "in1_features", kind: "int" },
  { name: "in2_features", kind: "int" },
  { name: "out_features", kind: "int" },
  { name: "bias", kind: "bool", default: true },
  ...FACTORY,
];

/**
 * A bilinear layer `y = x1ᵀ A x2 + b`, like `torch.nn.Bilinear(in1_features, in2_features,
 * out_features, bias=True)`, initialised as torch does (the same numbers after the same
 * `manual_seed`): weight and bias uniform in [−1/√in1_features, 1/√in1_features).
 *
 * @example
 * ```ts
 * import { manual_seed, nn, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const bl = nn.Bilinear(3, 4, 2);
 * assert.equal(String(bl), "Bilinear(in1_features=3, in2_features=4, out_features=2, bias=True)");
 * assert.deepEqual(bl(ones(5, 3), ones(5, 4)).shape, [5, 2]);
 * ```
 */
export class Bilinear extends Module {
  /** Size of the first input. */
  in1_features: number;
  /** Size of the second input. */
  in2_features: number;
  /** Output size. */
  out_features: number;
  /** The [out, in1, in2] weight. */
  weight: Tensor;
  /** The [out] bias, or null. */
  bias: Tensor | null;

  /**
   * Builds the layer.
   *
   * @param args `in1_features`, `in2_features`, `out_features`, `bias`, `device`, `dtype`, by
   *   position or in an options object.
   */
  constructor(...args: unknown[]) {
    super();
    const b = bind("Bilinear", BILINEAR_LAYER, args);
    this.in1_features = checkCount(b.in1_features, "in1_features", "Bilinear");
    this.in2_features = checkCount(b.in2_features, "in2_features", "Bilinear");
    this.out_features = checkCount(b.out_features, "out_features", "Bilinear");
    const dtype = factoryDType(b, "Bilinear");
    this.weight = Parameter(
      filled([this.out_features, this.in1_features, this.in2_features], 0, dtype),
    );
    this.bias = b.bias ? Parameter(filled([this.out_features], 0, dtype)) : null;
    this.reset_parameters();
  }

  /**
   * torch's initialisation, drawing from the global generator.
   *
   * @returns Nothing.
   */
  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }

  /**
   * `F.bilinear(input1, input2, weight, bias)`.
   *
   * @param input1 `[..., in1_features]`.
   * @param input2 `[..., in2_features]`.
   * @returns `[..., out_features]`.
   */
  forward(input1: Tensor, input2: Tensor): Tensor {
    return bilinear(input1, input2, this.weight, this.bias);
  }

  /** `in1_features=3, in2_features=4, out_features=2, bias=True`. */
  override extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${
      this.bias === null ? "False" : "True"
    }`;
  }
}
