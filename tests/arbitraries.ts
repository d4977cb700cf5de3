/**
 * Generators for the property tests: shapes from 0-dim to 4-D, dtypes, values, dims and
 * broadcast-compatible shape pairs, plus the fixed seed and a few reference helpers.
 */

// The one import of fast-check, pinned; the property tests take `fc` from here.
// deno-lint-ignore no-import-prefix -- pinned here on purpose (see above)
import fc from "npm:fast-check@4.11.0";
import { type DType, type Tensor, tensor } from "../mod.ts";

export { fc };

/** The seed used in CI (CI=true) and by default. */
export const DEFAULT_SEED = 20261126;

/**
 * The fast-check seed: always {@linkcode DEFAULT_SEED} in CI, else `FC_SEED` when set, so a
 * failure found locally with a random seed can be replayed with `FC_SEED=<seed>`.
 */
export function propertySeed(): number {
  const read = (name: string) =>
    Deno.permissions.querySync({ name: "env", variable: name }).state === "granted"
      ? Deno.env.get(name)
      : undefined;
  if (read("CI") === "true") return DEFAULT_SEED;
  const raw = read("FC_SEED");
  if (raw === undefined || raw === "") return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(raw)}`);
  }
  return seed;
}

/** fast-check parameters for one property. */
export function params(numRuns: number): fc.Parameters<unknown> {
  return { seed: propertySeed(), numRuns };
}

/** `"float32"` or `"float64"`. */
export const dtypeArb: fc.Arbitrary<DType> = fc.constantFrom("float32", "float64");

/** A shape with `minDims..maxDims` dims, each of size `minSize..maxSize`. */
export function shapeArb(
  { minDims = 0, maxDims = 4, minSize = 1, maxSize = 4 } = {},
): fc.Arbitrary<number[]> {
  // constantFrom picks sizes uniformly (integer() leans towards the smallest).
  const sizes = Array.from({ length: maxSize - minSize + 1 }, (_, i) => minSize + i);
  return fc.array(fc.constantFrom(...sizes), {
    minLength: minDims,
    maxLength: maxDims,
  });
}

/** Number of elements of a shape. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((n, s) => n * s, 1);
}

/** Every finite value of a dtype, with ±1e38, ±0 and tiny values mixed in. */
export function finiteArb(dtype: DType): fc.Arbitrary<number> {
  const edges = fc.constantFrom(1e38, -1e38, 0, -0, 1e-30, -1e-30);
  const any = dtype === "float32"
    ? fc.float({ noNaN: true, noDefaultInfinity: true })
    : fc.double({ noNaN: true, noDefaultInfinity: true });
  return fc.oneof(any, edges, fc.double({ min: -100, max: 100, noNaN: true }));
}

/** Moderate values in `[min, max]`. */
export function rangeArb(min: number, max: number): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true });
}

/** `n` values from `values`. */
export function valuesArb(values: fc.Arbitrary<number>, n: number): fc.Arbitrary<number[]> {
  return fc.array(values, { minLength: n, maxLength: n });
}

/** A dim of a tensor with `ndim` dims, negative ones included (a 0-dim tensor takes -1, 0). */
export function dimArb(ndim: number): fc.Arbitrary<number> {
  const span = Math.max(ndim, 1);
  return fc.integer({ min: -span, max: span - 1 });
}

/** A shape, a dtype and values for it. */
export interface Sample {
  shape: number[];
  dtype: DType;
  values: number[];
}

/** Samples of random shape and dtype with values from `values(dtype)`. */
export function sampleArb(
  shape: fc.Arbitrary<number[]>,
  values: (dtype: DType) => fc.Arbitrary<number>,
  dtype: fc.Arbitrary<DType> = dtypeArb,
): fc.Arbitrary<Sample> {
  return fc.tuple(shape, dtype).chain(([s, d]) =>
    valuesArb(values(d), numel(s)).map((v) => ({ shape: s, dtype: d, values: v }))
  );
}

/** The tensor of a sample. */
export function toTensor(s: Sample, requires_grad = false): Tensor {
  return tensor(new Float64Array(s.values), { shape: s.shape, dtype: s.dtype, requires_grad });
}

/**
 * A shape `out` and two shapes that broadcast into it: each drops some leading dims and sets
 * some sizes to 1.
 */
export function broadcastPairArb(maxDims = 4): fc.Arbitrary<[number[], number[]]> {
  const squash = (out: number[]) =>
    fc.tuple(
      // Mostly keep every dim, so both operands usually have dims to broadcast.
      fc.oneof(
        { arbitrary: fc.constant(0), weight: 2 },
        { arbitrary: fc.integer({ min: 0, max: out.length }), weight: 1 },
      ),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    ).map(([drop, ones]) => out.map((s, i) => (ones[i] ? 1 : s)).slice(drop));
  return shapeArb({ maxDims, maxSize: 3 }).chain((out) => fc.tuple(squash(out), squash(out)));
}

/** The broadcast shape, written out independently of the library (sizes are equal or 1). */
export function referenceBroadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[i - (n - a.length)] ?? 1;
    const db = b[i - (n - b.length)] ?? 1;
    out.push(Math.max(da, db));
  }
  return out;
}

/**
 * Explicit expansion: the values of `shape` repeated to fill `outShape`, computed one output
 * index at a time with div/mod (a reference, independent of the library's broadcasting).
 */
export function expand(values: readonly number[], shape: readonly number[], outShape: number[]) {
  const out: number[] = [];
  const lead = outShape.length - shape.length;
  for (let flat = 0; flat < numel(outShape); flat++) {
    let rest = flat;
    let src = 0;
    let stride = 1;
    for (let d = outShape.length - 1; d >= 0; d--) {
      const i = rest % outShape[d];
      rest = Math.floor(rest / outShape[d]);
      if (d >= lead) {
        const size = shape[d - lead];
        src += (size === 1 ? 0 : i) * stride;
        stride *= size;
      }
    }
    out.push(values[src]);
  }
  return out;
}

/** Machine epsilon of a dtype. */
export function epsOf(dtype: DType): number {
  return dtype === "float32" ? 2 ** -23 : 2 ** -52;
}
