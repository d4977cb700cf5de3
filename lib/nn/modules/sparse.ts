/**
 * `nn.Embedding`: a learned lookup table around `F.embedding`.
 *
 * @module
 */

import { Module } from "../module.ts";
import { Parameter } from "../parameter.ts";
import * as init from "../init.ts";
import { bind, type Signature } from "../../tensor/args.ts";
import { no_grad } from "../../tensor/autograd.ts";
import { type DType, get_default_dtype } from "../../tensor/dtype.ts";
import { empty } from "../../ops/create.ts";
import { requireTensor, type Tensor } from "../../tensor/tensor.ts";
import { embedding, type EmbeddingOptions } from "../sparse.ts";
import type { Args } from "../call_args.ts";
import { pyBool, pyFloat } from "./repr.ts";

/** Options of {@linkcode Embedding}, with torch's keys. */
export interface EmbeddingModuleOptions extends EmbeddingOptions {
  /** An initial weight to use instead of `normal_` (torch's `_weight`). */
  _weight?: Tensor | null;
  /** The device: only the CPU. */
  device?: unknown;
  /** The weight's dtype (default: the default dtype). */
  dtype?: DType | null;
}

const EMBEDDING: Signature = [
  { name: "num_embeddings", kind: "int" },
  { name: "embedding_dim", kind: "int" },
  { name: "padding_idx", kind: "int", default: null },
  { name: "max_norm", kind: "number", default: null },
  { name: "norm_type", kind: "number", default: 2 },
  { name: "scale_grad_by_freq", kind: "bool", default: false },
  { name: "sparse", kind: "bool", default: false },
  { name: "_weight", kind: "any", default: null },
  { name: "device", kind: "any", default: null },
  { name: "dtype", kind: "dtype", default: null },
];

/** Options of {@linkcode Embedding.from_pretrained}. */
export interface FromPretrainedOptions extends EmbeddingOptions {
  /** Keep the table fixed (default true). */
  freeze?: boolean;
}

/**
 * A lookup table of `num_embeddings` vectors of size `embedding_dim`, like
 * `torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None,
 * norm_type=2.0, scale_grad_by_freq=False, sparse=False)`. The weight is drawn by
 * `nn.init.normal_` (torch's numbers after the same `manual_seed`), with the padding row zeroed.
 *
 * @example
 * ```ts
 * import { manual_seed, nn, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * manual_seed(0);
 * const emb = nn.Embedding(10, 3, { padding_idx: 0 });
 * assert.equal(String(emb), "Embedding(10, 3, padding_idx=0)");
 * const out = emb(tensor([[0n, 4n]]));
 * assert.deepEqual(out.shape, [1, 2, 3]);
 * assert.deepEqual(out.tolist()[0][0], [0, 0, 0]);
 * ```
 */
export class Embedding extends Module {
  /** The number of rows. */
  num_embeddings: number;
  /** The size of each row. */
  embedding_dim: number;
  /** The row without gradient (normalised to be non-negative), or null. */
  padding_idx: number | null;
  /** The renormalisation bound, or null. */
  max_norm: number | null;
  /** The p of the norm for `max_norm`. */
  norm_type: number;
  /** Whether gradients are divided by index counts. */
  scale_grad_by_freq: boolean;
  /** Always false (no sparse gradients). */
  sparse: boolean;
  /** The [num_embeddings, embedding_dim] table. */
  weight: Tensor;

  /**
   * Builds the table.
   *
   * @param args `num_embeddings, embedding_dim`, then torch's options by position or in an
   *   options object.
   */
  constructor(
    ...args: Args<[num_embeddings: number, embedding_dim: number], EmbeddingModuleOptions>
  ) {
    super();
    const b = bind("Embedding", EMBEDDING, args);
    this.num_embeddings = b.num_embeddings as number;
    this.embedding_dim = b.embedding_dim as number;
    let padding = b.padding_idx as number | null;
    if (padding !== null) {
      if (padding >= this.num_embeddings || padding < -this.num_embeddings) {
        throw new RangeError("Padding_idx must be within num_embeddings");
      }
      if (padding < 0) padding += this.num_embeddings;
    }
    this.padding_idx = padding;
    this.max_norm = b.max_norm as number | null;
    this.norm_type = b.norm_type as number;
    this.scale_grad_by_freq = b.scale_grad_by_freq as boolean;
    this.sparse = b.sparse as boolean;
    const given = b._weight as Tensor | null;
    if (given === null) {
      const dtype = (b.dtype as DType | null) ?? get_default_dtype();
      this.weight = Parameter(empty([this.num_embeddings, this.embedding_dim], { dtype }));
      this.reset_parameters();
    } else {
      requireTensor(given, "Embedding(_weight)");
      if (given.shape[0] !== this.num_embeddings || given.shape[1] !== this.embedding_dim) {
        throw new RangeError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = Parameter(given);
    }
  }

  /**
   * torch's initialisation: `normal_(weight)`, then the padding row set to zeros.
   *
   * @returns Nothing.
   */
  reset_parameters(): void {
    init.normal_(this.weight);
    if (this.padding_idx !== null) {
      const row = this.padding_idx;
      no_grad(() => this.weight.select(0, row).fill_(0));
    }
  }

  /**
   * Looks the rows up.
   *
   * @param input An int64 tensor of indices.
   * @returns `[...input.shape, embedding_dim]`.
   */
  forward(input: Tensor): Tensor {
    return embedding(input, this.weight, {
      padding_idx: this.padding_idx,
      max_norm: this.max_norm,
      norm_type: this.norm_type,
      scale_grad_by_freq: this.scale_grad_by_freq,
      sparse: this.sparse,
    });
  }

  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += `, scale_grad_by_freq=${pyBool(true)}`;
    if (this.sparse) s += ", sparse=True";
    return s;
  }

  /**
   * An Embedding over a given table, like `nn.Embedding.from_pretrained(embeddings,
   * freeze=True, padding_idx=None, ...)`.
   *
   * @param embeddings The [num_embeddings, embedding_dim] table (shared, as in torch).
   * @param options `{ freeze, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse }`.
   * @returns The module.
   *
   * @example
   * ```ts
   * import { nn, tensor } from "@kldiv/kldiv";
   * import assert from "node:assert/strict";
   *
   * const emb = nn.Embedding.from_pretrained(tensor([[1, 2], [3, 4]]));
   * assert.equal(emb.weight.requires_grad, false);
   * assert.deepEqual(emb(tensor([1n])).tolist(), [[3, 4]]);
   * ```
   */
  static from_pretrained(embeddings: Tensor, options?: FromPretrainedOptions): Embedding {
    requireTensor(embeddings, "Embedding.from_pretrained");
    if (embeddings.dim() !== 2) {
      throw new RangeError("Embeddings parameter is expected to be 2-dimensional");
    }
    const { freeze = true, ...rest } = options ?? {};
    const [rows, cols] = embeddings.shape;
    const m = new Embedding(rows, cols, { ...rest, _weight: embeddings });
    m.weight.requires_grad_(!freeze);
    return m;
  }
}
