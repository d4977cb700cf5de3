/**
 * `autograd.grad` and `autograd.backward`, over the engine in `lib/tensor/autograd.ts`: torch's
 * signatures, defaults (`retain_graph` defaults to `create_graph`) and errors.
 *
 * @module
 */

import { runEngine } from "../tensor/autograd.ts";
import { requireTensor, Tensor } from "../tensor/tensor.ts";
import { bind } from "../tensor/args.ts";
import {
  accumulateGrad,
  asList,
  BACKWARD,
  castGrad,
  checkOutputs,
  GRAD,
  makeGrads,
  runBackwardCall,
  type TensorOrTensors,
} from "./run.ts";

export type { TensorOrTensors } from "./run.ts";

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
