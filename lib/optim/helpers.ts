/**
 * Helpers of the optimisers (library-internal): state tensors, option checks.
 *
 * @module
 */

import { allocate, describe, type FloatData } from "../tensor/dtype.ts";
import { contiguousData, fromData, type Tensor } from "../tensor/tensor.ts";

/**
 * Gives `t` a `toJSON` (its nested list, a number for a 0-dim tensor) so that an optimiser's
 * `state_dict()` survives `JSON.stringify`.
 */
export function jsonTensor(t: Tensor): Tensor {
  Object.defineProperty(t, "toJSON", { value: () => t.tolist(), enumerable: false });
  return t;
}

/** A state buffer: a tensor shaped like `p` filled with `value` (default 0), updated in place. */
export function buffer(p: Tensor, value = 0): Tensor {
  const data = allocate(p.dtype, p.numel());
  if (value !== 0) data.fill(value);
  return jsonTensor(fromData(data, p.shape, p.dtype));
}

/** torch 1.13's step count: a float32 0-dim tensor (`torch.tensor(0.)`), or `value`. */
export function scalarTensor(value = 0, dtype: "float32" | "float64" = "float32"): Tensor {
  const data = dtype === "float32" ? new Float32Array(1) : new Float64Array(1);
  data[0] = value;
  return jsonTensor(fromData(data, [], dtype));
}

/** The elements of a state buffer made by {@linkcode buffer} (contiguous, owned; writable). */
export function dataOf(t: Tensor): FloatData {
  return contiguousData(t) as FloatData;
}

/** Throws unless `value` is a number ≥ 0 (torch's `Invalid <name>: <value>`). */
export function checkNonNegative(value: unknown, label: string): void {
  if (typeof value !== "number" || !(value >= 0)) {
    throw new RangeError(`Invalid ${label}: ${describe(value)}`);
  }
}

/** Throws unless `betas` is a pair of numbers in [0, 1) (torch's messages). */
export function checkBetas(betas: unknown, where: string): void {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new TypeError(`${where}: betas must be a pair [beta1, beta2], got ${describe(betas)}`);
  }
  betas.forEach((b, i) => {
    if (typeof b !== "number" || !(b >= 0 && b < 1)) {
      throw new RangeError(`Invalid beta parameter at index ${i}: ${describe(b)}`);
    }
  });
}

/** Throws torch's errors for the options this library accepts but cannot honour on a CPU. */
export function checkDeviceOptions(o: object, where: string): void {
  const x = o as Record<string, unknown>;
  if (x.differentiable === true) {
    throw new Error(
      `${where}: differentiable=True (autograd through the update step) is not supported; the step runs under no_grad`,
    );
  }
  if (x.capturable === true) {
    throw new Error("If capturable=True, params and state_steps must be CUDA tensors.");
  }
  if (x.fused === true) {
    throw new Error("`fused=True` requires all the params to be CUDA, floating point Tensor");
  }
}
