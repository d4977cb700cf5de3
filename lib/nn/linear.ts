/**
 * `F.linear`, the op behind `nn.Linear`, on the product kernel of lib/ops/linalg.ts.
 *
 * @module
 */

import { allocate, checkInt64 } from "../tensor/dtype.ts";
import { contiguousData, requireTensor, result, type Tensor } from "../tensor/tensor.ts";
import { sumTo } from "../ops/reduce.ts";
import * as vw from "../ops/view.ts";
import { add } from "../ops/elementwise.ts";
import { checkOperands, dimError, matmul, mm, product } from "../ops/linalg.ts";

/**
 * `input @ weight.T + bias`, like `torch.nn.functional.linear`: with a 2-D input and a bias
 * this is torch's `addmm` (AddmmBackward0); otherwise a `matmul` followed by adding the bias.
 *
 * @param input The input, [..., in_features].
 * @param weight The weight, [out_features, in_features].
 * @param bias Optional bias, [out_features].
 * @returns The output, [..., out_features].
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const y = F.linear(tensor([[1, 2]]), tensor([[1, 1], [1, -1]]), tensor([0.5, 0]));
 * assert.deepEqual(y.tolist(), [[3.5, -1]]);
 * ```
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  requireTensor(input, "linear(input)");
  requireTensor(weight, "linear(weight)");
  if (weight.dim() !== 2) {
    dimError("linear", "weight must be 2-D [out_features, in_features]", weight);
  }
  if (bias !== undefined && bias !== null) requireTensor(bias, "linear(bias)");
  const wt = vw.t(weight);
  if (bias === undefined || bias === null) return matmul(input, wt);
  if (input.dim() === 3 && input.is_contiguous()) {
    // torch folds a contiguous 3-D input to 2-D for addmm and views the result back.
    const [b, s, f] = input.shape;
    return vw.view(linear(vw.view(input, [b * s, f]), weight, bias), [b, s, weight.shape[0]]);
  }
  if (input.dim() !== 2) return add(matmul(input, wt), bias);
  const dtype = checkOperands(input, weight, "linear", ["input", "weight"]);
  if (bias.dtype !== dtype) {
    throw new TypeError(`linear: expected bias of dtype ${dtype}, but found ${bias.dtype}`);
  }
  if (input.shape[1] !== weight.shape[1]) {
    throw new RangeError(
      `linear: mat1 and mat2 shapes cannot be multiplied (${input.shape[0]}x${input.shape[1]} and ${
        weight.shape[1]
      }x${weight.shape[0]})`,
    );
  }
  // The bias joins the double sum, so each output is rounded once (like the products).
  const { data: sums, shape } = product(
    input,
    wt,
    dtype === "int64" ? "int64" : "float64",
    "linear",
  );
  const bData = contiguousData(vw.expand(bias.detach(), shape));
  const data = allocate(dtype, sums.length);
  for (let i = 0; i < sums.length; i++) {
    data[i] = dtype === "int64" ? checkInt64(sums[i] + bData[i], "linear") : sums[i] + bData[i];
  }
  return result(data, shape, "AddmmBackward0", [bias, input, weight], (g) => {
    const gb = bias.requires_grad ? sumTo(g, bias.shape) : null;
    const gi = input.requires_grad ? mm(g, weight) : null;
    const gw = weight.requires_grad ? mm(vw.t(g), input) : null;
    return [gb, gi, gw];
  }, { dtype, saved: [input, weight] });
}
