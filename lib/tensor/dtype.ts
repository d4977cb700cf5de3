/**
 * Floating-point dtypes: names, storage and promotion.
 *
 * kldiv has torch's two CPU float dtypes. float32 is the default, as in torch; every float32
 * result is stored in a Float32Array, so each op rounds to float32 exactly once, like torch.
 *
 * @module
 */

/** The dtypes a {@linkcode Tensor} can have: `"float32"` (default) or `"float64"`. */
export type DType = "float32" | "float64";

/** Contiguous row-major storage of a tensor's elements. */
export type Storage = Float32Array | Float64Array;

/** Every dtype name accepted by `dtype` options. */
export const DTYPES: readonly DType[] = ["float32", "float64"];

/** The dtype of new tensors when none is given, as `torch.get_default_dtype()`. */
export const DEFAULT_DTYPE: DType = "float32";

/** Checks a user-supplied dtype name, throwing an error that lists the valid ones. */
export function checkDType(dtype: unknown, where: string): DType {
  if (dtype === "float32" || dtype === "float64") return dtype;
  throw new TypeError(
    `${where}: unknown dtype ${describe(dtype)}; expected one of "float32", "float64"`,
  );
}

/** A new zero-filled storage of `n` elements. */
export function allocate(dtype: DType, n: number): Storage {
  return dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
}

/** The dtype a storage holds. */
export function dtypeOf(storage: Storage): DType {
  return storage instanceof Float64Array ? "float64" : "float32";
}

/** Type promotion for a binary op: float64 wins, as in torch. */
export function promote(a: DType, b: DType): DType {
  return a === "float64" || b === "float64" ? "float64" : "float32";
}

/** Short, quoted description of a received value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return `${typeof value} ${String(value)}`;
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === "function") return "a function";
  const name = (value as object).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : "an object";
}
