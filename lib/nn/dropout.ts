/**
 * `F.dropout` and `F.alpha_dropout`, as torch 1.13 computes them on the CPU: a noise tensor
 * filled by `bernoulli_(1 − p)` (one 53-bit uniform draw per element, in row-major order,
 * kept when it is below `1 − p`), scaled, and multiplied into the input (MulBackward0). The
 * draws are torch's own: after the same `manual_seed`, the masks are the same (torch's MKL
 * build draws bernoulli masks with MKL's generator on Intel CPUs instead; the Debian build
 * this library is checked against has no MKL).
 *
 * @module
 */

import { allocate, isFloating } from "../tensor/dtype.ts";
import { bind, type Signature } from "../tensor/args.ts";
import { fromData, requireTensor, type Tensor } from "../tensor/tensor.ts";
import { uniformDouble } from "../tensor/random.ts";
import type { Args } from "./call_args.ts";

/** Options of {@linkcode dropout} and {@linkcode alpha_dropout}. */
export interface DropoutOptions {
  /** The probability of zeroing an element (default 0.5). */
  p?: number;
  /** Apply the noise (true), or return the input unchanged (false). */
  training?: boolean;
  /** Write the result into the input (default false). */
  inplace?: boolean;
}

function signature(training: boolean): Signature {
  return [
    { name: "p", kind: "number", default: 0.5 },
    { name: "training", kind: "bool", default: training },
    { name: "inplace", kind: "bool", default: false },
  ];
}
const DROPOUT = signature(true);
const ALPHA_DROPOUT = signature(false);

/** torch's bernoulli_(keep) on a fresh tensor: 1 where a uniform draw is below `keep`. */
function bernoulliNoise(like: Tensor, keep: number): Float32Array | Float64Array {
  const n = like.numel();
  const noise = allocate(like.dtype, n) as Float32Array | Float64Array;
  for (let i = 0; i < n; i++) noise[i] = uniformDouble() < keep ? 1 : 0;
  return noise;
}

function checkP(p: number): void {
  if (p < 0 || p > 1) {
    throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  }
}

function checkInput(input: Tensor, where: string): void {
  requireTensor(input, where);
  if (!isFloating(input.dtype)) {
    throw new TypeError(
      `${where}: expected a floating-point input, got ${input.dtype} ("bernoulli_scalar_cpu_" draws a float noise tensor)`,
    );
  }
}

/**
 * Zeroes each element with probability `p` and scales the rest by `1 / (1 − p)`, like
 * `torch.nn.functional.dropout(input, p=0.5, training=True, inplace=False)`. With `training`
 * false or `p` 0 it returns `input` itself, as torch does.
 *
 * @param input A float tensor.
 * @param args `p, training, inplace` by position or in an options object.
 * @returns `input · mask / (1 − p)` (MulBackward0).
 *
 * @example Keep rate and scaling
 * ```ts
 * import { F, manual_seed, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const y = F.dropout(ones(1000), 0.2);
 * const kept = y.toTypedArray().filter((v) => v !== 0);
 * assert.ok(Math.abs(kept.length / 1000 - 0.8) < 0.05);
 * assert.ok(kept.every((v) => v === 1.25));
 * assert.equal(F.dropout(y, { training: false }), y);
 * ```
 */
export function dropout(
  input: Tensor,
  ...args: Args<[p?: number, training?: boolean, inplace?: boolean], DropoutOptions>
): Tensor {
  const b = bind("dropout", DROPOUT, args);
  const p = b.p as number;
  checkP(p);
  checkInput(input, "dropout");
  if (p === 0 || !(b.training as boolean) || input.numel() === 0) return input;
  let noise: Tensor;
  if (p === 1) {
    noise = fromData(allocate(input.dtype, 1), [], input.dtype);
  } else {
    noise = fromData(bernoulliNoise(input, 1 - p), input.shape, input.dtype).div_(1 - p);
  }
  return (b.inplace as boolean) ? input.mul_(noise) : input.mul(noise);
}

const ALPHA = 1.7580993408473766;

/**
 * Dropout for SELU networks, like `torch.nn.functional.alpha_dropout(input, p=0.5,
 * training=False, inplace=False)`: dropped elements are set to SELU's negative saturation and
 * the result is rescaled to keep zero mean and unit variance.
 *
 * @param input A float tensor.
 * @param args `p, training, inplace` by position or in an options object.
 * @returns `input · a·mask + b` (AddBackward0), or `input` itself when not training.
 *
 * @example
 * ```ts
 * import { F, manual_seed, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const x = ones(4);
 * assert.equal(F.alpha_dropout(x, 0.5), x); // training defaults to false
 * assert.deepEqual(F.alpha_dropout(x, 0.5, true).shape, [4]);
 * ```
 */
export function alpha_dropout(
  input: Tensor,
  ...args: Args<[p?: number, training?: boolean, inplace?: boolean], DropoutOptions>
): Tensor {
  const b = bind("alpha_dropout", ALPHA_DROPOUT, args);
  const p = b.p as number;
  checkP(p);
  checkInput(input, "alpha_dropout");
  if (p === 0 || !(b.training as boolean) || input.numel() === 0) return input;
  if (p === 1) {
    const zero = fromData(allocate(input.dtype, 1), [], input.dtype);
    return (b.inplace as boolean) ? input.mul_(zero) : input.mul(zero);
  }
  const noise = fromData(bernoulliNoise(input, 1 - p), input.shape, input.dtype);
  const a = 1 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
  const shift = noise.add(-1).mul_(ALPHA * a).add_(ALPHA * a * p);
  noise.mul_(a);
  return (b.inplace as boolean) ? input.mul_(noise).add_(shift) : input.mul(noise).add_(shift);
}
