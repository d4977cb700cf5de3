/**
 * Fused softmax / log_softmax over contiguous rows (the softmax dim is the last one), forward
 * and backward. They follow the reference loops in `lib/ops/softmax.ts` step by step — the same
 * max, the same float32 roundings, torch's 8 (float32) or 4 (float64) lane sums — but keep
 * the lanes in registers, skip the stores log_softmax does not need, and take float32 exp from
 * `expDouble`. `setKernelMode("reference")` turns them off. From `WASM_MIN_ELEMENTS` elements
 * they run in WebAssembly SIMD (4 float32 or 2 float64 lanes), which differs from the
 * TypeScript kernels by its vector exp (≤ 1 ULP), in the backward sums by their order (4 lanes
 * instead of one running sum) and, in float32 log_softmax's backward, by rounding the row sum to
 * float32 and taking the product and difference in float32; all within the parity tolerances.
 *
 * @module
 */

import type { FloatData } from "../tensor/dtype.ts";
import { expDouble } from "./fastmath.ts";
import { kernelMode, useWasm } from "./mode.ts";
import { wasmLogSoftmaxBackwardScaled, wasmSoftmax, wasmSoftmaxBackwardF64 } from "./wasm.ts";

const fround = Math.fround;

/**
 * Writes softmax (or log_softmax) of each `size`-long row of `x` to `out`; returns false,
 * writing nothing, when the fused path does not apply (strided dim or reference mode).
 */
export function fusedSoftmax(
  x: FloatData,
  out: FloatData,
  size: number,
  inner: number,
  log: boolean,
): boolean {
  if (kernelMode() === "reference" || inner !== 1 || size === 0) return false;
  if (x instanceof Float32Array && out instanceof Float32Array) {
    if (useWasm(x.length) && wasmSoftmax(x, out, size, log)) return true;
    for (let base = 0; base < x.length; base += size) rowF32(x, out, base, size, log);
  } else {
    if (
      x instanceof Float64Array && out instanceof Float64Array && useWasm(x.length) &&
      wasmSoftmax(x, out, size, log)
    ) {
      return true;
    }
    for (let base = 0; base < x.length; base += size) rowF64(x, out, base, size, log);
  }
  return true;
}

function rowMax(x: FloatData, base: number, size: number): number {
  let m = -Infinity;
  for (let k = base; k < base + size; k++) {
    const v = x[k];
    if (v > m || v !== v) m = v;
  }
  return m;
}

/** One float32 row: e = fround(exp(fround(x − m))), summed in 8 float32 lanes like torch. */
function rowF32(x: Float32Array, out: Float32Array, base: number, size: number, log: boolean) {
  const m = rowMax(x, base, size);
  const end = base + size;
  let s: number;
  if (size < 8) {
    s = 0;
    for (let k = base; k < end; k++) {
      const e = fround(expDouble(fround(x[k] - m)));
      if (!log) out[k] = e;
      s = k === base ? e : fround(s + e);
    }
  } else {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    let k = base;
    for (; k + 8 <= end; k += 8) {
      const e0 = fround(expDouble(fround(x[k] - m)));
      const e1 = fround(expDouble(fround(x[k + 1] - m)));
      const e2 = fround(expDouble(fround(x[k + 2] - m)));
      const e3 = fround(expDouble(fround(x[k + 3] - m)));
      const e4 = fround(expDouble(fround(x[k + 4] - m)));
      const e5 = fround(expDouble(fround(x[k + 5] - m)));
      const e6 = fround(expDouble(fround(x[k + 6] - m)));
      const e7 = fround(expDouble(fround(x[k + 7] - m)));
      if (!log) {
        out[k] = e0;
        out[k + 1] = e1;
        out[k + 2] = e2;
        out[k + 3] = e3;
        out[k + 4] = e4;
        out[k + 5] = e5;
        out[k + 6] = e6;
        out[k + 7] = e7;
      }
      // The first vector initialises the lanes; later ones add to them.
      if (k === base) {
        s0 = e0, s1 = e1, s2 = e2, s3 = e3, s4 = e4, s5 = e5, s6 = e6, s7 = e7;
      } else {
        s0 = fround(s0 + e0), s1 = fround(s1 + e1), s2 = fround(s2 + e2);
        s3 = fround(s3 + e3), s4 = fround(s4 + e4), s5 = fround(s5 + e5);
        s6 = fround(s6 + e6), s7 = fround(s7 + e7);
      }
    }
    // The tail adds into the first lanes, in order.
    for (let j = 0; k < end; k++, j++) {
      const e = fround(expDouble(fround(x[k] - m)));
      if (!log) out[k] = e;
      if (j === 0) s0 = fround(s0 + e);
      else if (j === 1) s1 = fround(s1 + e);
      else if (j === 2) s2 = fround(s2 + e);
      else if (j === 3) s3 = fround(s3 + e);
      else if (j === 4) s4 = fround(s4 + e);
      else if (j === 5) s5 = fround(s5 + e);
      else s6 = fround(s6 + e);
    }
    s = fround(s0 + s1);
    s = fround(s + s2);
    s = fround(s + s3);
    s = fround(s + s4);
    s = fround(s + s5);
    s = fround(s + s6);
    s = fround(s + s7);
  }
  if (log) {
    const logS = fround(Math.log(s));
    for (let k = base; k < end; k++) out[k] = fround(x[k] - m) - logS;
  } else {
    const r = fround(1 / s);
    for (let k = base; k < end; k++) out[k] *= r;
  }
}

/** One float64 row: e = exp(x − m), summed in 4 lanes like torch's double kernel. */
function rowF64(x: FloatData, out: FloatData, base: number, size: number, log: boolean) {
  const m = rowMax(x, base, size);
  const end = base + size;
  let s: number;
  if (size < 4) {
    s = 0;
    for (let k = base; k < end; k++) {
      const e = Math.exp(x[k] - m);
      if (!log) out[k] = e;
      s = k === base ? e : s + e;
    }
  } else {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let k = base;
    for (; k + 4 <= end; k += 4) {
      const e0 = Math.exp(x[k] - m);
      const e1 = Math.exp(x[k + 1] - m);
      const e2 = Math.exp(x[k + 2] - m);
      const e3 = Math.exp(x[k + 3] - m);
      if (!log) {
        out[k] = e0;
        out[k + 1] = e1;
        out[k + 2] = e2;
        out[k + 3] = e3;
      }
      if (k === base) {
        s0 = e0, s1 = e1, s2 = e2, s3 = e3;
      } else {
        s0 += e0, s1 += e1, s2 += e2, s3 += e3;
      }
    }
    for (let j = 0; k < end; k++, j++) {
      const e = Math.exp(x[k] - m);
      if (!log) out[k] = e;
      if (j === 0) s0 += e;
      else if (j === 1) s1 += e;
      else s2 += e;
    }
    s = s0 + s1 + s2 + s3;
  }
  if (log) {
    const logS = Math.log(s);
    for (let k = base; k < end; k++) out[k] = x[k] - m - logS;
  } else {
    const r = 1 / s;
    for (let k = base; k < end; k++) out[k] *= r;
  }
}

/**
 * softmax's backward (dx = y ⊙ (g − Σ g⊙y)) over contiguous rows, each row's sum accumulated
 * in double as the reference does; returns false when the fused path does not apply.
 * (log_softmax's backward is {@linkcode fusedLogSoftmaxBackwardScaled} with c = 1.)
 */
export function fusedSoftmaxBackward(
  g: FloatData,
  y: FloatData,
  dx: FloatData,
  size: number,
  inner: number,
): boolean {
  if (kernelMode() === "reference" || inner !== 1 || size === 0) return false;
  if (
    g instanceof Float64Array && y instanceof Float64Array && dx instanceof Float64Array &&
    useWasm(y.length) && wasmSoftmaxBackwardF64(g, y, dx, size)
  ) {
    return true;
  }
  for (let base = 0; base < y.length; base += size) {
    const end = base + size;
    let t = 0;
    for (let k = base; k < end; k++) t += g[k] * y[k];
    for (let k = base; k < end; k++) dx[k] = y[k] * (g[k] - t);
  }
  return true;
}

/**
 * log_softmax's backward dx = g − exp(y) ⊙ Σ g for the gradient g = round(c·t), without forming
 * g (each row's sum accumulated in double as the reference does); false when the fused path does
 * not apply. c = 1 gives the plain backward; kl_div passes its −scale·target unmultiplied.
 */
export function fusedLogSoftmaxBackwardScaled(
  c: number,
  t: FloatData,
  y: FloatData,
  dx: FloatData,
  size: number,
  inner: number,
): boolean {
  if (kernelMode() === "reference" || inner !== 1 || size === 0) return false;
  if (
    t instanceof Float32Array && y instanceof Float32Array && dx instanceof Float32Array
  ) {
    // The vector product c·t rounds as fround(c·t) only for a float32 c.
    if (
      useWasm(y.length) && fround(c) === c && wasmLogSoftmaxBackwardScaled(c, t, y, dx, size)
    ) {
      return true;
    }
    for (let base = 0; base < y.length; base += size) {
      const end = base + size;
      let s = 0;
      for (let k = base; k < end; k++) s += fround(c * t[k]);
      for (let k = base; k < end; k++) dx[k] = fround(c * t[k]) - expDouble(y[k]) * s;
    }
    return true;
  }
  if (t instanceof Float32Array || y instanceof Float32Array || dx instanceof Float32Array) {
    return false;
  }
  if (
    t instanceof Float64Array && y instanceof Float64Array && dx instanceof Float64Array &&
    useWasm(y.length) && wasmLogSoftmaxBackwardScaled(c, t, y, dx, size)
  ) {
    return true;
  }
  for (let base = 0; base < y.length; base += size) {
    const end = base + size;
    let s = 0;
    for (let k = base; k < end; k++) s += c * t[k];
    for (let k = base; k < end; k++) dx[k] = c * t[k] - Math.exp(y[k]) * s;
  }
  return true;
}
