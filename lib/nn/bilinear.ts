/**
 * `torch.nn.functional.bilinear`: `y = x1ᵀ A x2 + b`, built as torch builds it: both inputs
 * flattened to rows, one trilinear contraction (TrilinearBackward0, its gradients written with
 * matmul so they differentiate again), reshaped back, plus the bias.
 *
 * @module
 */

import { bind, type Signature } from "../tensor/args.ts";
import { allocate, isFloating } from "../tensor/dtype.ts";
import { contiguousData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { TENSOR } from "./nn_args.ts";

/** `y[b, o] = Σ_ij x1[b, i]·W[o, i, j]·x2[b, j]` for x1 [B, I], W [O, I, J], x2 [B, J]. */
function trilinear(x1: Tensor, w: Tensor, x2: Tensor): Tensor {
  const [B, I] = x1.shape;
  const [O, , J] = w.shape;
  const a = contiguousData(x1);
  const c = contiguousData(x2);
  const W = contiguousData(w);
  const out = allocate(x1.dtype, B * O);
  for (let b = 0; b < B; b++) {
    for (let o = 0; o < O; o++) {
      let s = 0;
      for (let i = 0; i < I; i++) {
        const xi = a[b * I + i];
        if (xi === 0) continue;
        let t = 0;
        const base = (o * I + i) * J;
        for (let j = 0; j < J; j++) t += W[base + j] * c[b * J + j];
        s += xi * t;
      }
      out[b * O + o] = s;
    }
  }
  return result(out, [B, O], "TrilinearBackward0", [x1, w, x2], (g) => {
    // g [B, O]; G = g·W viewed [B, I, J].
    const gw = g.mm(w.reshape(O, I * J)).reshape(B, I, J);
    return [
      x1.requires_grad ? gw.mul(x2.reshape(B, 1, J)).sum(2) : null,
      w.requires_grad
        ? g.t().mm(x1.reshape(B, I, 1).mul(x2.reshape(B, 1, J)).reshape(B, I * J)).reshape(
          O,
          I,
          J,
        )
        : null,
      x2.requires_grad ? gw.mul(x1.reshape(B, I, 1)).sum(1) : null,
    ];
  }, { dtype: x1.dtype, saved: [x1, w, x2] });
}

const BILINEAR: Signature = [
  { name: "weight", kind: TENSOR },
  { name: "bias", kind: TENSOR, default: null },
];

/**
 * The bilinear map, like `torch.nn.functional.bilinear(input1, input2, weight, bias=None)`:
 * `y[..., o] = Σ_ij input1[..., i]·weight[o, i, j]·input2[..., j] + bias[o]`.
 *
 * @param input1 `[..., in1_features]`.
 * @param input2 `[..., in2_features]`, the same leading dims.
 * @param args `weight` `[out, in1, in2]` and `bias` `[out]`, by position or in an options
 *   object.
 * @returns `[..., out_features]` (AddBackward0 with a bias).
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const w = tensor([[[1, 0], [0, 1]]]); // x1·x2
 * const y = F.bilinear(tensor([[1, 2]]), tensor([[3, 4]]), w, tensor([0.5]));
 * assert.deepEqual(y.tolist(), [[11.5]]);
 * ```
 */
export function bilinear(input1: Tensor, input2: Tensor, ...args: unknown[]): Tensor {
  requireTensor(input1, "bilinear(input1)");
  requireTensor(input2, "bilinear(input2)");
  const b = bind("bilinear", BILINEAR, args);
  const weight = b.weight as Tensor;
  const bias = b.bias as Tensor | null;
  if (input1.dim() !== input2.dim()) {
    throw new RangeError(
      `bilinear(): input dimensions do not match: got ${input1.dim()} and ${input2.dim()}`,
    );
  }
  for (let d = 0; d < input1.dim() - 1; d++) {
    if (input1.shape[d] !== input2.shape[d]) {
      throw new RangeError(
        `bilinear(): input batch dimensions do not match at dim ${d}: got ${input1.shape[d]} and ${
          input2.shape[d]
        }`,
      );
    }
  }
  if (weight.dim() !== 3) {
    throw new RangeError(
      `Dimension out of range (expected to be in range of [${-weight.dim()}, ${
        weight.dim() - 1
      }], but got 2)`,
    );
  }
  const [O, I, J] = weight.shape;
  const n1 = input1.shape[input1.dim() - 1];
  const n2 = input2.shape[input2.dim() - 1];
  if (n1 !== I) {
    throw new RangeError(
      `bilinear(): input1 size does not match weight size: got ${n1} but expected ${I}`,
    );
  }
  if (n2 !== J) {
    throw new RangeError(
      `bilinear(): input2 size does not match weight size: got ${n2} but expected ${J}`,
    );
  }
  if (bias !== null && bias.numel() !== O) {
    throw new RangeError(
      `bilinear(): bias size does not match weight size: got ${bias.numel()} but expected ${O}`,
    );
  }
  if (!isFloating(input1.dtype)) {
    throw new TypeError(`bilinear(): expected floating point inputs, got ${input1.dtype}`);
  }
  const outShape = [...input1.shape.slice(0, -1), O];
  const y = trilinear(input1.reshape(-1, I), weight, input2.reshape(-1, J)).reshape(outShape);
  return bias === null ? y : y.add(bias);
}
