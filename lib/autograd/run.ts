/**
 * The machinery under `autograd.grad`, `autograd.backward` and `Tensor.backward`: argument
 * binding, the root gradients (torch's _make_grads), accumulation into `.grad` and dtype casts.
 * Library-internal (not exported by mod.ts).
 *
 * @module
 */

import { runEngine, takeFresh } from "../tensor/autograd.ts";
import { allocate, describe } from "../tensor/dtype.ts";
import { contiguousData, fromData, requireTensor, result, Tensor } from "../tensor/tensor.ts";
import { bind, type Signature } from "../tensor/args.ts";
import { sizeString } from "../tensor/shape.ts";
import { accumulateInto } from "../ops/inplace.ts";

/** One tensor or several, as torch's `_TensorOrTensors`. */
export type TensorOrTensors = Tensor | readonly Tensor[];

const isTensors = (v: unknown): string | null =>
  v instanceof Tensor || (Array.isArray(v) && v.every((t) => t instanceof Tensor))
    ? null
    : "a Tensor or an array of Tensors";
const isGradTensors = (v: unknown): string | null =>
  v instanceof Tensor || (Array.isArray(v) && v.every((t) => t === null || t instanceof Tensor))
    ? null
    : "a Tensor or an array of Tensors (or nulls)";

export const GRAD: Signature = [
  { name: "grad_outputs", kind: isGradTensors, default: null },
  { name: "retain_graph", kind: "bool", default: null },
  { name: "create_graph", kind: "bool", default: false },
  { name: "only_inputs", kind: "bool", default: true },
  { name: "allow_unused", kind: "bool", default: false },
  { name: "is_grads_batched", kind: "bool", default: false, keywordOnly: true },
];

export const BACKWARD: Signature = [
  { name: "grad_tensors", kind: isGradTensors, default: null },
  { name: "retain_graph", kind: "bool", default: null },
  { name: "create_graph", kind: "bool", default: false },
  { name: "grad_variables", kind: isGradTensors, default: null },
  { name: "inputs", kind: isTensors, default: null, keywordOnly: true },
];

const TENSOR_BACKWARD: Signature = [
  { name: "gradient", kind: (v) => v instanceof Tensor ? null : "a Tensor", default: null },
  { name: "retain_graph", kind: "bool", default: null },
  { name: "create_graph", kind: "bool", default: false },
  { name: "inputs", kind: isTensors, default: null },
];

export function asList(v: TensorOrTensors, where: string, what: string): Tensor[] {
  if (Array.isArray(v)) return [...v];
  if (v instanceof Tensor) return [v];
  throw new TypeError(
    `${where}: ${what} must be a Tensor or an array of Tensors, got ${describe(v)}`,
  );
}

/** The gradients to start from: ones for scalars, else the given ones, checked (torch's _make_grads). */
export function makeGrads(
  outputs: readonly Tensor[],
  given: readonly (Tensor | null)[] | null,
  createGraph: boolean,
  where: string,
): Tensor[] {
  if (given !== null && given.length !== outputs.length) {
    throw new RangeError(
      `${where}: grad_tensors should have the same length as tensors; got ${given.length} and ${outputs.length}`,
    );
  }
  return outputs.map((out, i) => {
    const g = given?.[i] ?? null;
    if (g === null) {
      if (!out.requires_grad) return out; // checked by the caller
      if (out.numel() !== 1) {
        throw new Error(
          `${where}: grad can be implicitly created only for scalar outputs; this tensor has shape ${
            sizeString(out.shape)
          }, so pass a gradient of that shape`,
        );
      }
      return fromData(allocate(out.dtype, 1).fill(1), out.shape, out.dtype);
    }
    requireTensor(g, where);
    if (g.shape.length !== out.shape.length || g.shape.some((d, k) => d !== out.shape[k])) {
      throw new RangeError(
        `${where}: Mismatch in shape: grad_output[${i}] has a shape of ${
          sizeString(g.shape)
        } and output[${i}] has a shape of ${sizeString(out.shape)}.`,
      );
    }
    const cast = g.dtype === out.dtype ? g : g.to(out.dtype);
    return createGraph ? cast : cast.detach();
  });
}

export function checkOutputs(outputs: readonly Tensor[], where: string): void {
  outputs.forEach((t, i) => {
    requireTensor(t, where);
    if (!t.requires_grad) {
      throw new Error(
        `${where}: element ${i} of tensors does not require grad and does not have a grad_fn; ` +
          "create the inputs with { requires_grad: true }",
      );
    }
  });
}

/** Adds `grad` into `t.grad` as torch's AccumulateGrad (and retain_grad) do. */
export function accumulateGrad(t: Tensor, grad: Tensor, createGraph: boolean): void {
  const current = t.grad;
  if (createGraph) {
    // torch: a new tensor each time, recorded (CopyBackwards, then AddBackward0), so the
    // gradient keeps its graph.
    t.grad = current === null
      ? result(contiguousData(grad).slice(), grad.shape, "CopyBackwards", [grad], (g) => [g], {
        dtype: grad.dtype,
      })
      : current.add(grad);
    return;
  }
  if (current === null) {
    // The first gradient gets its own storage, so it cannot alias a tensor of the graph: a
    // fresh contiguous gradient nobody else holds is kept as it is, any other is copied.
    const own = takeFresh(grad) && grad.is_contiguous() && grad._base === null &&
      !grad.requires_grad;
    t.grad = own ? grad : fromData(contiguousData(grad).slice(), grad.shape, grad.dtype);
    return;
  }
  // Later ones add into it in place, as torch does: a reference to x.grad sees the total.
  accumulateInto(current, grad.requires_grad ? grad.detach() : grad);
}

/** Casts a gradient to the dtype of the input it flows to (recorded under create_graph). */
export function castGrad(grad: Tensor, like: Tensor): Tensor {
  if (grad.dtype === like.dtype) return grad;
  return grad.to(like.dtype);
}

/**
 * `t.backward(gradient, retain_graph, create_graph, inputs)`: the method's implementation.
 *
 * @param t The tensor back-propagated from.
 * @param args The method's arguments (by position and/or an options object).
 */
export function tensorBackward(t: Tensor, args: readonly unknown[]): void {
  const b = bind("backward", TENSOR_BACKWARD, args);
  const gradient = b.gradient as Tensor | null;
  runBackwardCall(
    [t],
    gradient === null ? null : [gradient],
    b.retain_graph as boolean | null,
    b.create_graph as boolean,
    b.inputs as TensorOrTensors | null,
    "backward()",
  );
}

export function runBackwardCall(
  tensors: Tensor[],
  grads: (Tensor | null)[] | null,
  retain: boolean | null,
  createGraph: boolean,
  inputsArg: TensorOrTensors | null,
  where: string,
): void {
  checkOutputs(tensors, where);
  let inputs: Tensor[] | null = null;
  if (inputsArg !== null) {
    inputs = asList(inputsArg, where, "inputs");
    if (inputs.length === 0) {
      throw new RangeError("'inputs' argument to backward() cannot be empty.");
    }
    for (const x of inputs) {
      if (!x.requires_grad) {
        throw new Error(`${where}: One of the differentiated Tensors does not require grad`);
      }
    }
  }
  const rootGrads = makeGrads(tensors, grads, createGraph, where);
  runEngine(tensors, rootGrads, accumulateGrad, castGrad, {
    retainGraph: retain ?? createGraph,
    createGraph,
    inputs,
    accumulate: true,
  });
}
