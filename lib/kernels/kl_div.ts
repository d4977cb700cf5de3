/**
 * Fused kl_div: one pass over input and target, no intermediate tensors, for the common case
 * (same shape, same dtype, target not requiring grad). Every float32 step is rounded where the
 * composed ops in `lib/nn/kl_div.ts` round it (xlogy, mul, sub, then a double-accumulated sum), so
 * values, gradients and `grad_fn` names are those of the composed path, which stays the
 * reference (`setKernelMode("reference")` forces it; tests compare the two). From
 * `WASM_MIN_ELEMENTS` elements the pointwise sum runs in WebAssembly SIMD (float32 and float64),
 * which differs only by its vector log (≤ 1 ULP) and its summation order, both within the parity
 * tolerances.
 *
 * The graph is shorter than the composed one: the output's `grad_fn` has torch's name
 * (`DivBackward0`, `SumBackward0`, `MeanBackward0`, `SubBackward0`, `MulBackward0`) and below it
 * one `MulBackward0` node stands for the pointwise terms (it saves tensors, so a second backward
 * fails as it does through the composed graph). Code that walks `grad_fn.inputs` further down
 * sees that node, not torch's Sum/Sub/Xlogy/Mul chain.
 *
 * @module
 */

import {
  freshGrad,
  is_grad_enabled,
  needsGraph,
  produceScaled,
  ScaledGrad,
} from "../tensor/autograd.ts";
import type { Reduction } from "../nn/kl_div.ts";
import { sameShape } from "../tensor/shape.ts";
import { contiguousData, fromData, result, type Tensor } from "../tensor/tensor.ts";
import { type FloatData, isFloating } from "../tensor/dtype.ts";
import { bitsOf, expDouble, isPositiveNormalF32, logNormalF32 } from "./fastmath.ts";
import { kernelMode, KL_WASM_MIN_ELEMENTS, useWasm } from "./mode.ts";
import { wasmKlDiv } from "./wasm.ts";

const fround = Math.fround;

/** The grad_fn torch reports for each reduction (and for `"none"`, the last composed op). */
function nodeName(reduction: Reduction, log_target: boolean, dims: number): string {
  switch (reduction) {
    case "none":
      return log_target ? "MulBackward0" : "SubBackward0";
    case "sum":
      return "SumBackward0";
    case "mean":
      return "MeanBackward0";
    case "batchmean":
      return dims === 0 ? "SumBackward0" : "DivBackward0";
  }
}

/**
 * The fused kl_div, or null when the composed path must run (kernel mode "reference",
 * broadcasting, mixed dtypes, or a target that requires grad).
 */
export function fusedKlDiv(
  input: Tensor,
  target: Tensor,
  reduction: Reduction,
  log_target: boolean,
): Tensor | null {
  if (kernelMode() === "reference") return null;
  if (input.dtype !== target.dtype || !sameShape(input.shape, target.shape)) return null;
  if (target.requires_grad && is_grad_enabled()) return null;
  if (!isFloating(input.dtype)) return null;
  const x = contiguousData(input) as FloatData;
  const t = contiguousData(target) as FloatData;
  const n = x.length;
  const f32 = x instanceof Float32Array;
  const name = nodeName(reduction, log_target, input.shape.length);

  // The composed graph ends in nodes that save tensors (MulBackward0 under the reduction), so
  // a second backward() fails unless retain_graph, naming MulBackward0. The fused graph keeps
  // that shape: a MulBackward0 node over input and target, and the reduction's node over it.
  const innerGrad = (g: Tensor): (Tensor | null)[] => {
    // Under create_graph: −g·t (−g·exp(t) with log targets) as recorded ops; t is a constant.
    if (needsGraph(g)) return [g.mul(log_target ? target.exp().neg() : target.neg()), null];
    const dx = f32 ? new Float32Array(n) : new Float64Array(n);
    // Elementwise from "none"'s nodes; one scalar from a reduction's node.
    const gd = contiguousData(g) as FloatData;
    if (gd.length === n) inputGrad(gd, 0, t, log_target, dx);
    else inputGrad(null, gd[0], t, log_target, dx);
    return [freshGrad(fromData(dx, input.shape)), null];
  };

  if (reduction === "none") {
    const out = f32 ? new Float32Array(n) : new Float64Array(n);
    pointwise(x, t, log_target, out);
    // With log targets the composed graph's last node is that MulBackward0 itself.
    // The target is read by the backward: an in-place change to it is caught there.
    const saved = { saved: [target] };
    if (log_target) return result(out, input.shape, name, [input, target], innerGrad, saved);
    // Otherwise SubBackward0 over it; the inner tensor shares the output's data.
    const inner = result(out, input.shape, "MulBackward0", [input, target], innerGrad, saved);
    return result(out, input.shape, name, [inner], (g) => [g]);
  }

  const sum = f32 ? new Float32Array(1) : new Float64Array(1);
  sum[0] = pointwise(x, t, log_target, null);
  const out = sum.slice();
  let batch = 1;
  if (reduction === "mean") {
    out[0] = out[0] / n;
  } else if (reduction === "batchmean" && input.shape.length > 0) {
    // torch: sum, then a DivBackward0 by the batch size stored in the tensor's dtype.
    batch = f32 ? fround(input.shape[0]) : input.shape[0];
    out[0] = out[0] / batch;
  }
  // The inner node's tensor holds the sum, not the n products: nothing proportional to n stays.
  const inner = result(sum, [], "MulBackward0", [input, target], innerGrad, {
    saved: [target],
  });
  // The input's gradient is −g·t: handed on unmultiplied, so a fused log_softmax backward can
  // fold the product into its own pass (anything else gets innerGrad's tensor, bit for bit).
  if (!log_target) produceScaled(inner.grad_fn, (g) => [new ScaledGrad(-g.item(), target), null]);
  return result(out, [], name, [inner], (g) => {
    if (needsGraph(g)) return [reduction === "mean" ? g.mul(1 / n) : g.div(batch)];
    // The gradient every element gets, rounded as the composed backward rounds it:
    // DivBackward0 g/N, MeanBackward0 g·(1/n), SumBackward0 g.
    const scale = f32 ? new Float32Array(1) : new Float64Array(1);
    scale[0] = reduction === "mean" ? g.item() * (1 / n) : g.item() / batch;
    return [fromData(scale, [])];
  });
}

/**
 * The pointwise loss `xlogy(t, t) − t·x` (or `exp(t)·(t − x)` with log targets), written to
 * `out` when given; returns the double-accumulated sum of the rounded terms.
 */
function pointwise(x: FloatData, t: FloatData, log_target: boolean, out: FloatData | null): number {
  if (x instanceof Float32Array && t instanceof Float32Array) {
    if (!log_target && useWasm(x.length, KL_WASM_MIN_ELEMENTS)) {
      const s = wasmKlDiv(x, t, out as Float32Array | null);
      if (s !== null) return s;
    }
    return log_target ? pointwiseLogF32(x, t, out) : pointwiseF32(x, t, out);
  }
  if (
    !log_target && x instanceof Float64Array && t instanceof Float64Array &&
    (out === null || out instanceof Float64Array) && useWasm(x.length, KL_WASM_MIN_ELEMENTS)
  ) {
    const s = wasmKlDiv(x, t, out);
    if (s !== null) return s;
  }
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const ti = t[i];
    let v: number;
    if (log_target) {
      v = Math.exp(ti) * (ti - x[i]);
    } else {
      const xl = ti !== ti ? NaN : ti === 0 ? 0 : ti * Math.log(ti);
      v = xl - ti * x[i];
    }
    if (out !== null) out[i] = v;
    s += v;
  }
  return s;
}

function pointwiseF32(x: Float32Array, t: Float32Array, out: FloatData | null): number {
  const tb = bitsOf(t);
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const ti = t[i];
    const b = tb[i];
    let xl: number;
    if (isPositiveNormalF32(b)) {
      xl = fround(ti * fround(logNormalF32(b)));
    } else {
      // xlogy(t, t) as torch: NaN stays NaN, 0·log 0 = 0, the rest through Math.log.
      xl = ti !== ti ? NaN : ti === 0 ? 0 : fround(ti * fround(Math.log(ti)));
    }
    const v = fround(xl - fround(ti * x[i]));
    if (out !== null) out[i] = v;
    s += v;
  }
  return s;
}

function pointwiseLogF32(x: Float32Array, t: Float32Array, out: FloatData | null): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const ti = t[i];
    const v = fround(fround(expDouble(ti)) * fround(ti - x[i]));
    if (out !== null) out[i] = v;
    s += v;
  }
  return s;
}

/**
 * ∂loss/∂input = −g·t (or −g·exp(t) with log targets), with g the per-element gradient `ga`
 * or, when `ga` is null, the scalar `gs`.
 */
function inputGrad(
  ga: FloatData | null,
  gs: number,
  t: FloatData,
  log_target: boolean,
  dx: FloatData,
): void {
  const n = dx.length;
  const f32 = dx instanceof Float32Array;
  if (log_target) {
    // The composed backward: MulBackward0 gives g·exp(t) (rounded), SubBackward0 negates.
    if (f32) {
      for (let i = 0; i < n; i++) {
        dx[i] = -fround((ga === null ? gs : ga[i]) * fround(expDouble(t[i])));
      }
    } else {
      for (let i = 0; i < n; i++) dx[i] = -((ga === null ? gs : ga[i]) * Math.exp(t[i]));
    }
  } else if (ga === null) {
    // Reached only through a direct `node.apply(g)`: inside backward the producer hands
    // log_softmax the unmultiplied ScaledGrad(−gs, target) instead.
    const c = -gs;
    for (let i = 0; i < n; i++) dx[i] = c * t[i];
  } else {
    for (let i = 0; i < n; i++) dx[i] = -ga[i] * t[i];
  }
}
