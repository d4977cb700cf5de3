/**
 * `nn.Dropout` and `nn.AlphaDropout`: `F.dropout` / `F.alpha_dropout` with `training` taken
 * from the module's mode (`train()` / `eval()`).
 *
 * @module
 */

import { Module } from "../module.ts";
import { bind, type Signature } from "../../tensor/args.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { alpha_dropout, dropout } from "../dropout.ts";
import type { Args } from "../call_args.ts";
import { pyBool, pyFloat } from "./repr.ts";

const SIG: Signature = [
  { name: "p", kind: "number", default: 0.5 },
  { name: "inplace", kind: "bool", default: false },
];

/** Options of {@linkcode Dropout} and {@linkcode AlphaDropout}. */
export interface DropoutModuleOptions {
  /** The probability of zeroing an element (default 0.5). */
  p?: number;
  /** Write into the input (default false). */
  inplace?: boolean;
}

/** torch's `_DropoutNd`: p and inplace, checked and printed. */
abstract class DropoutNd extends Module {
  /** The probability of zeroing an element. */
  p: number;
  /** Whether the input is overwritten. */
  inplace: boolean;
  constructor(name: string, args: readonly unknown[]) {
    super();
    const b = bind(name, SIG, args);
    const p = b.p as number;
    if (p < 0 || p > 1) {
      throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
    }
    this.p = p;
    this.inplace = b.inplace as boolean;
  }
  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

/**
 * Dropout as a module, like `torch.nn.Dropout(p=0.5, inplace=False)`: active in training mode
 * (the default), the identity after `eval()`.
 *
 * @example
 * ```ts
 * import { manual_seed, nn, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const drop = nn.Dropout(0.25);
 * assert.equal(String(drop), "Dropout(p=0.25, inplace=False)");
 * manual_seed(0);
 * const y = drop(ones(8));
 * assert.ok(Array.from(y.toTypedArray()).every((v) => v === 0 || v === Math.fround(1 / 0.75)));
 * drop.eval();
 * const x = ones(8);
 * assert.equal(drop(x), x);
 * ```
 */
export class Dropout extends DropoutNd {
  /**
   * Builds the module.
   *
   * @param args `p, inplace` by position or in an options object.
   */
  constructor(...args: Args<[p?: number, inplace?: boolean], DropoutModuleOptions>) {
    super("Dropout", args);
  }
  /**
   * Applies `F.dropout(input, p, this.training, inplace)`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.training, this.inplace);
  }
}

/**
 * Alpha dropout as a module, like `torch.nn.AlphaDropout(p=0.5, inplace=False)`.
 *
 * @example
 * ```ts
 * import { nn, ones } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const drop = nn.AlphaDropout(0.2).eval();
 * assert.equal(String(drop), "AlphaDropout(p=0.2, inplace=False)");
 * const x = ones(3);
 * assert.equal(drop(x), x);
 * ```
 */
export class AlphaDropout extends DropoutNd {
  /**
   * Builds the module.
   *
   * @param args `p, inplace` by position or in an options object.
   */
  constructor(...args: Args<[p?: number, inplace?: boolean], DropoutModuleOptions>) {
    super("AlphaDropout", args);
  }
  /**
   * Applies `F.alpha_dropout(input, p, this.training)`.
   *
   * @param input The input.
   * @returns The result.
   */
  forward(input: Tensor): Tensor {
    return alpha_dropout(input, this.p, this.training, this.inplace);
  }
}
