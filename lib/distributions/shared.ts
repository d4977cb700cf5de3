/**
 * Helpers shared by the distributions (not part of the public namespace): torch's reprs of
 * sizes and Python scalars, `broadcast_all`, and sample-shape checks.
 *
 * @module
 */

import { tensor } from "../ops/create.ts";
import {
  allocate,
  type DType,
  type FloatDType,
  get_default_dtype,
  isFloating,
} from "../tensor/dtype.ts";
import { fillNormal, fillUniform, uniformDouble } from "../tensor/random.ts";
import { broadcastShapes, numelOf, sameShape } from "../tensor/shape.ts";
import { contiguousData, fromData, Tensor } from "../tensor/tensor.ts";
import type { DistributionOptions } from "./distribution.ts";

/** torch.Size's repr: `torch.Size([2, 3])`. */
export function sizeRepr(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/** Python's `tuple(shape)`: `(2,)`, `(2, 3)`, `()`. */
export function tupleRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Python's repr of a float: shortest round-trip digits, exponent below 1e-4 and from 1e16. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exp] = x.toExponential().split("e");
  const e = Number(exp);
  if (e >= -4 && e < 16) {
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
export function formatted(t: Tensor): string {
  return t.dim() === 0 ? itemRepr(t) : String(t);
}

/**
 * `broadcast_all`: numbers become tensors of the first tensor's dtype (the default dtype when
 * all are numbers), then all are broadcast; tensors already of the full shape are kept.
 */
export function broadcastAll(values: readonly (Tensor | number)[], where: string): Tensor[] {
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
 * `torch.empty(shape, dtype).normal_()`, as `_standard_normal` draws it: torch's randn.
 */
export function standardNormal(shape: readonly number[], dtype: string): Tensor {
  const d: FloatDType = isFloating(dtype as FloatDType) ? dtype as FloatDType : "float32";
  if (d !== dtype) {
    throw new TypeError(
      `"normal_kernel_cpu" not implemented for '${dtype === "int64" ? "Long" : "Bool"}'`,
    );
  }
  const data = allocate(d, numelOf(shape)) as Float32Array | Float64Array;
  fillNormal(data);
  return fromData(data, shape, d);
}

/** Reads `{ probs } | { logits }` (or a bare probs value) and checks exactly one is given. */
export function probsOrLogits<P>(
  params: P | { probs?: P; logits?: P; validate_args?: boolean },
  isBare: (v: unknown) => v is P,
): { probs?: P; logits?: P; options: DistributionOptions } {
  if (isBare(params)) return { probs: params, options: {} };
  if (params === null || typeof params !== "object") {
    throw new TypeError(`Either \`probs\` or \`logits\` must be specified, but not both.`);
  }
  const p = params as { probs?: P; logits?: P; validate_args?: boolean };
  for (const key of Object.keys(p)) {
    if (!["probs", "logits", "validate_args"].includes(key)) {
      throw new TypeError(`unexpected option '${key}' (expected probs, logits, validate_args)`);
    }
  }
  if (
    (p.probs === undefined || p.probs === null) === (p.logits === undefined || p.logits === null)
  ) {
    throw new TypeError("Either `probs` or `logits` must be specified, but not both.");
  }
  return { probs: p.probs ?? undefined, logits: p.logits ?? undefined, options: p };
}

/** `_sum_rightmost(value, dim)`: sums the rightmost `dim` dims (none when dim <= 0). */
export function sumRightmost(value: Tensor, dim: number): Tensor {
  if (dim <= 0) return value;
  return value.reshape([...value.shape.slice(0, value.dim() - dim), -1]).sum(-1);
}

/** `torch.finfo(dtype).tiny`. */
export function finfoTiny(dtype: string): number {
  return dtype === "float64" ? 2.2250738585072014e-308 : 1.1754943508222875e-38;
}

/** Python's `type(x).__name__`-like word for error messages. */
export function kindOf(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as object).constructor?.name ?? "object";
  return typeof x;
}

/** `torch.rand(shape, dtype)`: torch's uniform draws in [0, 1). */
export function standardUniform(shape: readonly number[], dtype: string): Tensor {
  const d: FloatDType = dtype === "float64" ? "float64" : "float32";
  const data = allocate(d, numelOf(shape)) as Float32Array | Float64Array;
  fillUniform(data);
  return fromData(data, shape, d);
}

/**
 * A fill drawn as torch's CPU kernels draw `exponential_`, `cauchy_` and `geometric_`: one
 * `uniform_real_distribution<double>` per element in row-major order, mapped by `f` in double
 * and rounded to the dtype.
 */
export function doubleUniformMapped(
  shape: readonly number[],
  dtype: string,
  f: (u: number) => number,
): Tensor {
  const d: FloatDType = dtype === "float64" ? "float64" : "float32";
  const data = allocate(d, numelOf(shape)) as Float32Array | Float64Array;
  for (let i = 0; i < data.length; i++) data[i] = f(uniformDouble());
  return fromData(data, shape, d);
}

/** `torch.empty(shape).uniform_(from, to)`: torch's uniform bits scaled in double, then rounded. */
export function uniformRange(
  shape: readonly number[],
  dtype: string,
  from: number,
  to: number,
): Tensor {
  const t = standardUniform(shape, dtype);
  const data = contiguousData(t) as Float32Array | Float64Array;
  for (let i = 0; i < data.length; i++) data[i] = data[i] * (to - from) + from;
  return t;
}
