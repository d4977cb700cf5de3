/**
 * The names `torch.special` has under its own spelling, or with its own keywords: `gammaln`,
 * `psi`, `multigammaln`, `expit`, and `log_softmax`, `softmax`, `logsumexp`, `round`, `log1p`,
 * `expm1` (the same ops as the torch namespace's, `softmax` and `log_softmax` with torch's
 * `dtype` keyword).
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { requireTensor } from "../tensor/tensor.ts";
import { bind, type Signature } from "../tensor/args.ts";
import type { DType } from "../tensor/dtype.ts";
import {
  expm1 as expm1Op,
  log1p as log1pOp,
  round as roundOp,
  type RoundOptions,
  sigmoid,
} from "../ops/math.ts";
import { log_softmax as logSoftmaxOp, softmax as softmaxOp } from "../ops/softmax.ts";
import { type Dims, logsumexp as logsumexpOp } from "../ops/reduce_dims.ts";
import { digamma as digammaOp } from "./functions.ts";
import { lgamma, mvlgamma } from "./gamma.ts";
import { incompleteGamma } from "./igamma.ts";

/**
 * log|Γ(x)|, like `torch.special.gammaln` (the same op as `torch.lgamma`).
 *
 * @param input The tensor.
 * @returns log|Γ(input)| (LgammaBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.gammaln(tensor([3]))), "tensor([0.6931])");
 * ```
 */
export function gammaln(input: Tensor): Tensor {
  return lgamma(input);
}

/**
 * The digamma function, like `torch.special.psi` (an alias of `digamma`).
 *
 * @param input The tensor.
 * @returns ψ(input) (DigammaBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.psi(tensor([2]))), "tensor([0.4228])");
 * ```
 */
export function psi(input: Tensor): Tensor {
  return digammaOp(input);
}

/**
 * The multivariate log-gamma function, like `torch.special.multigammaln(input, p)` (the same op
 * as `torch.mvlgamma`).
 *
 * @param input The tensor.
 * @param p The dimension, by position or as `{ p }`.
 * @returns The result (MvlgammaBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.multigammaln(tensor([2.5]), 2)), "tensor([0.8570])");
 * ```
 */
export function multigammaln(input: Tensor, p: number | { p: number }): Tensor {
  return mvlgamma(input, p);
}

/**
 * The logistic function, like `torch.special.expit` (the same op as `torch.sigmoid`).
 *
 * @param input The tensor.
 * @returns 1 / (1 + exp(−input)) (SigmoidBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.expit(tensor([0, 2]))), "tensor([0.5000, 0.8808])");
 * ```
 */
export function expit(input: Tensor): Tensor {
  return sigmoid(input);
}

/**
 * log(1 + x), like `torch.special.log1p`.
 *
 * @param input The tensor.
 * @returns log1p(input) (Log1PBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.log1p(tensor([1e-10]))), "tensor([1.0000e-10])");
 * ```
 */
export function log1p(input: Tensor): Tensor {
  return log1pOp(input);
}

/**
 * exp(x) − 1, like `torch.special.expm1`.
 *
 * @param input The tensor.
 * @returns expm1(input) (Expm1Backward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.expm1(tensor([1e-10]))), "tensor([1.0000e-10])");
 * ```
 */
export function expm1(input: Tensor): Tensor {
  return expm1Op(input);
}

/**
 * Rounds half to even, like `torch.special.round` (`{ decimals }` as in `torch.round`).
 *
 * @param input The tensor (float: torch has no integer kernel for it).
 * @param options `decimals` (default 0).
 * @returns The rounded tensor (RoundBackward1, as torch).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(special.round(tensor([0.5, 1.5, 2.7])).tolist(), [0, 2, 3]);
 * ```
 */
export function round(input: Tensor, options?: RoundOptions): Tensor {
  // torch.special.round is round(input, decimals): RoundBackward1, and no int64 kernel.
  return roundOp(input, { decimals: options?.decimals ?? 0 });
}

/** Options of {@linkcode softmax} and {@linkcode log_softmax}: torch's `dtype` keyword. */
export interface SoftmaxDTypeOptions {
  /** Cast the input to this dtype first (torch's `dtype=`). */
  dtype?: DType | null;
}

const SOFTMAX_SIGNATURE: Signature = [
  { name: "dim", kind: "int" },
  { name: "dtype", kind: "dtype", default: null, keywordOnly: true },
];

function castFirst(where: string, input: Tensor, args: unknown[]): [Tensor, number] {
  requireTensor(input, where);
  const { dim, dtype } = bind(where, SOFTMAX_SIGNATURE, args) as {
    dim: number;
    dtype: DType | null;
  };
  return [dtype === null || dtype === input.dtype ? input : input.to(dtype), dim];
}

/**
 * softmax along `dim`, like `torch.special.softmax(input, dim, *, dtype=None)`: with `dtype`
 * the input is cast first, as torch does.
 *
 * @param input The tensor.
 * @param args `dim` (required, by position or as `{ dim }`), then `{ dtype }`.
 * @returns The softmax (SoftmaxBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = special.softmax(tensor([1, 2, 3]), 0, { dtype: "float64" });
 * assert.equal(p.dtype, "float64");
 * assert.equal(String(p), "tensor([0.0900, 0.2447, 0.6652], dtype=torch.float64)");
 * ```
 */
export function softmax(
  input: Tensor,
  ...args: (number | SoftmaxDTypeOptions & { dim?: number })[]
): Tensor {
  const [x, dim] = castFirst("softmax", input, args);
  return softmaxOp(x, dim);
}

/**
 * log_softmax along `dim`, like `torch.special.log_softmax(input, dim, *, dtype=None)`.
 *
 * @param input The tensor.
 * @param args `dim` (required, by position or as `{ dim }`), then `{ dtype }`.
 * @returns The log-softmax (LogSoftmaxBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.log_softmax(tensor([1, 2]), 0)), "tensor([-1.3133, -0.3133])");
 * ```
 */
export function log_softmax(
  input: Tensor,
  ...args: (number | SoftmaxDTypeOptions & { dim?: number })[]
): Tensor {
  const [x, dim] = castFirst("log_softmax", input, args);
  return logSoftmaxOp(x, dim);
}

const LOGSUMEXP_SIGNATURE: Signature = [
  { name: "dim", kind: "ints" },
  { name: "keepdim", kind: "bool", default: false },
];

/**
 * log Σ exp over `dim`, like `torch.special.logsumexp(input, dim, keepdim=False)`.
 *
 * @param input The tensor.
 * @param args `dim` (a dim or dims) and `keepdim`, by position or as `{ dim, keepdim }`.
 * @returns The result (LogsumexpBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.logsumexp(tensor([0, 0]), 0)), "tensor(0.6931)");
 * assert.deepEqual(special.logsumexp(tensor([[0, 0]]), { dim: 1, keepdim: true }).shape, [1, 1]);
 * ```
 */
export function logsumexp(
  input: Tensor,
  ...args: (Dims | boolean | { dim?: Dims; keepdim?: boolean })[]
): Tensor {
  requireTensor(input, "logsumexp");
  const { dim, keepdim } = bind("logsumexp", LOGSUMEXP_SIGNATURE, args) as {
    dim: Dims;
    keepdim: boolean;
  };
  return logsumexpOp(input, dim, keepdim);
}

/**
 * The regularized lower incomplete gamma function P(a, x), like
 * `torch.special.gammainc(input, other)` (the same op as `torch.igamma`).
 *
 * @param input The shape a (≥ 0), a float tensor.
 * @param other The bound x (≥ 0), a float tensor.
 * @returns P(input, other) (IgammaBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.gammainc(tensor([2]), tensor([1]))), "tensor([0.2642])");
 * ```
 */
export function gammainc(input: Tensor, other: Tensor): Tensor {
  return incompleteGamma(false, input, other, "special_gammainc");
}

/**
 * The regularized upper incomplete gamma function Q(a, x), like
 * `torch.special.gammaincc(input, other)` (the same op as `torch.igammac`).
 *
 * @param input The shape a (≥ 0), a float tensor.
 * @param other The bound x (≥ 0), a float tensor.
 * @returns Q(input, other) (IgammacBackward0).
 *
 * @example
 * ```ts
 * import { special, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(special.gammaincc(tensor([2]), tensor([1]))), "tensor([0.7358])");
 * ```
 */
export function gammaincc(input: Tensor, other: Tensor): Tensor {
  return incompleteGamma(true, input, other, "special_gammaincc");
}
