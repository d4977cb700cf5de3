/**
 * The first derivative of a piecewise linear op (relu, hardtanh, leaky_relu, threshold, the
 * shrinks) as torch records it: `threshold_backward(grad, x, t)` and its kin are functions of
 * `x` too, with a zero derivative in `x`. So under `create_graph` their result requires grad
 * when `x` does (torch's `ThresholdBackwardBackward0`, ...), and its second derivative in `x`
 * is zeros rather than absent (library-internal).
 *
 * @module
 */

import { is_grad_enabled } from "../tensor/autograd.ts";
import { allocate } from "../tensor/dtype.ts";
import { contiguousData, fromData, result, type Tensor } from "../tensor/tensor.ts";

/**
 * `grad` (the masked or scaled gradient already computed) recorded as a function of `grad`
 * (identity) and of `x` (zero derivative) under torch's name for the backward's backward.
 *
 * @param grad The first derivative, computed with differentiable ops of the incoming gradient.
 * @param x The op's input (or output) the mask was read from.
 * @param name torch's grad_fn name, e.g. "ThresholdBackwardBackward0".
 * @returns `grad`, or a copy recorded as above when grad mode is on and `x` requires grad.
 */
export function maskedGrad(grad: Tensor, x: Tensor, name: string): Tensor {
  if (!is_grad_enabled() || !x.requires_grad) return grad;
  return result(contiguousData(grad).slice(), grad.shape, name, [grad, x], (gg) => [
    gg,
    fromData(allocate(x.dtype, x.numel()), x.shape, x.dtype),
  ], { dtype: grad.dtype });
}
