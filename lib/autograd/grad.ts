/**
 * `autograd.grad`, `autograd.backward` and `Tensor.backward`'s argument handling, over the
 * engine in `lib/tensor/autograd.ts`: torch's signatures, defaults (`retain_graph` defaults to
 * `create_graph`) and errors.
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

/** Options of {@linkcode grad}, with torch's keys. */
export interface GradOptions {
  /** The gradient of some scalar with respect to each output (null: ones, for scalars). */
  grad_outputs?: TensorOrTensors | readonly (Tensor | null)[] | null;
  /** Keep the graph for another backward. Defaults to `create_graph`. */
  retain_graph?: boolean | null;
  /** Record the graph of the gradients, for higher-order derivatives. Default false. */
  create_graph?: boolean;
  /** Accepted for torch's signature; must be true (torch deprecated false). */
  only_inputs?: boolean;
  /** Return null for an input the outputs do not depend on instead of throwing. Default false. */
  allow_unused?: boolean;
  /** torch's batched grad_outputs (vmap): not supported, must be false. */
  is_grads_batched?: boolean;
}

/** Options of {@linkcode backward}, with torch's keys. */
export interface AutogradBackwardOptions {
  /** The gradient with respect to each tensor (null: ones, for scalars). */
  grad_tensors?: TensorOrTensors | readonly (Tensor | null)[] | null;
  /** Keep the graph for another backward. Defaults to `create_graph`. */
  retain_graph?: boolean | null;
  /** Record the graph of the gradients, for higher-order derivatives. Default false. */
  create_graph?: boolean;
  /** torch's deprecated alias of grad_tensors. */
  grad_variables?: TensorOrTensors | null;
  /** Accumulate only into these tensors' `.grad` (null: every leaf reached). */
  inputs?: TensorOrTensors | null;
}

const isTensors = (v: unknown): string | null =>
  v instanceof Tensor || (Array.isArray(v) && v.every((t) => t instanceof Tensor))
    ? null
    : "a Tensor or an array of Tensors";
const isGradTensors = (v: unknown): string | null =>
  v instanceof Tensor || (Array.isArray(v) && v.every((t) => t === null || t instanceof Tensor))
    ? null
    : "a Tensor or an array of Tensors (or nulls)";

const GRAD: Signature = [
  { name: "grad_outputs", kind: isGradTensors, default: null },
  { name: "retain_graph", kind: "bool", default: null },
  { name: "create_graph", kind: "bool", default: false },
  { name: "only_inputs", kind: "bool", default: true },
  { name: "allow_unused", kind: "bool", default: false },
  { name: "is_grads_batched", kind: "bool", default: false, keywordOnly: true },
];

const BACKWARD: Signature = [
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

function asList(v: TensorOrTensors, where: string, what: string): Tensor[] {
  if (Array.isArray(v)) return [...v];
  if (v instanceof Tensor) return [v];
  throw new TypeError(
    `${where}: ${what} must be a Tensor or an array of Tensors, got ${describe(v)}`,
  );
}

/** The gradients to start from: ones for scalars, else the given ones, checked (torch's _make_grads). */
function makeGrads(
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

function checkOutputs(outputs: readonly Tensor[], where: string): void {
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
function castGrad(grad: Tensor, like: Tensor): Tensor {
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

function runBackwardCall(
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

/**
 * Computes the sum of gradients of `tensors` with respect to graph leaves and accumulates
 * them into the leaves' `.grad`, like `torch.autograd.backward`.
 *
 * @param tensors The tensors to differentiate (each requires grad).
 * @param args `grad_tensors`, `retain_graph`, `create_graph`, `grad_variables` by position or
 *   in an options object; `inputs` in the options object.
 *
 * @example
 * ```ts
 * import { autograd, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2], { requires_grad: true });
 * autograd.backward([x.mul(x).sum(), x.sum()]);
 * assert.deepEqual(x.grad?.tolist(), [3, 5]);
 * ```
 */
export function backward(
  tensors: TensorOrTensors,
  ...args: (
    | TensorOrTensors
    | readonly (Tensor | null)[]
    | boolean
    | null
    | AutogradBackwardOptions
    | undefined
  )[]
): void {
  const b = bind("backward", BACKWARD, args);
  const list = asList(tensors, "backward()", "tensors");
  let grads = (b.grad_tensors ?? b.grad_variables) as TensorOrTensors | (Tensor | null)[] | null;
  if (b.grad_tensors !== null && b.grad_variables !== null) {
    throw new Error(
      "backward(): 'grad_tensors' and 'grad_variables' (deprecated) arguments both passed to backward(). Please only use 'grad_tensors'.",
    );
  }
  if (grads instanceof Tensor) grads = [grads];
  runBackwardCall(
    list,
    grads as (Tensor | null)[] | null,
    b.retain_graph as boolean | null,
    b.create_graph as boolean,
    b.inputs as TensorOrTensors | null,
    "backward()",
  );
}

/**
 * Computes and returns the sum of gradients of `outputs` with respect to `inputs`, like
 * `torch.autograd.grad`; nothing is accumulated into `.grad`. With `create_graph` the result
 * has its own graph, so it can be differentiated again (`retain_graph` then defaults to true).
 *
 * @param outputs The tensors differentiated (each requires grad).
 * @param inputs The tensors to differentiate with respect to.
 * @param args `grad_outputs`, `retain_graph`, `create_graph`, `only_inputs`, `allow_unused`
 *   by position or in an options object.
 * @returns One gradient per input, in order (null for an unused input with `allow_unused`).
 *
 * @example
 * ```ts
 * import { autograd, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const x = tensor([1, 2], { dtype: "float64", requires_grad: true });
 * const [g] = autograd.grad(x.pow(3).sum(), x, { create_graph: true });
 * assert.deepEqual(g?.tolist(), [3, 12]);
 * const [h] = autograd.grad(g!.sum(), x);
 * assert.deepEqual(h?.tolist(), [6, 12]);
 * ```
 */
export function grad(
  outputs: TensorOrTensors,
  inputs: TensorOrTensors,
  ...args:
    (TensorOrTensors | readonly (Tensor | null)[] | boolean | null | GradOptions | undefined)[]
): (Tensor | null)[] {
  const b = bind("grad", GRAD, args);
  if (b.only_inputs !== true) {
    throw new Error(
      "grad(): only_inputs argument is deprecated and is ignored now (defaults to True); pass only_inputs: true or leave it out",
    );
  }
  if (b.is_grads_batched === true) {
    throw new Error("grad(): is_grads_batched (vmap over grad_outputs) is not supported by kldiv");
  }
  const outs = asList(outputs, "grad()", "outputs");
  const ins = asList(inputs, "grad()", "inputs");
  ins.forEach((x) => requireTensor(x, "grad()"));
  checkOutputs(outs, "grad()");
  for (const x of ins) {
    if (!x.requires_grad) {
      throw new Error("grad(): One of the differentiated Tensors does not require grad");
    }
  }
  let given = b.grad_outputs as TensorOrTensors | (Tensor | null)[] | null;
  if (given instanceof Tensor) given = [given];
  const createGraph = b.create_graph as boolean;
  const rootGrads = makeGrads(outs, given as (Tensor | null)[] | null, createGraph, "grad()");
  const got = runEngine(outs, rootGrads, accumulateGrad, castGrad, {
    retainGraph: (b.retain_graph as boolean | null) ?? createGraph,
    createGraph,
    inputs: ins,
    accumulate: false,
  });
  if (!b.allow_unused && got.some((g) => g === null)) {
    throw new Error(
      "grad(): One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.",
    );
  }
  // Without create_graph a gradient handed back is the caller's own: cut from any graph.
  return got.map((g) => (g === null || createGraph ? g : g.requires_grad ? g.detach() : g));
}
