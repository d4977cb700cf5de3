/**
 * `F`: the functional API, as `torch.nn.functional`.
 *
 * @example
 * ```ts
 * import { F, tensor } from "@kldiv/kldiv";
 * import assert from "node:assert/strict";
 *
 * const p = F.softmax(tensor([1000, 0, -1000]), 0);
 * assert.deepEqual(p.tolist(), [1, 0, 0]);
 * ```
 *
 * @module
 */

// `export *`, not named re-exports: `deno doc` lists a namespace's members only through
// `export *` (named re-exports leave `F` empty in the docs); tests/api_docs_test.ts checks it.
export * from "./kl_div.ts";
export * from "../ops/softmax.ts";
export * from "./losses.ts";
export * from "./linear.ts";

// ---- Activations, dropout, embedding, one_hot ----
export * from "./activation.ts";
export * from "./dropout.ts";
export * from "./sparse.ts";
export type * from "./call_args.ts";
// ---- end of Activations, dropout, embedding, one_hot ----

// ---- Normalization, distances, padding and more losses ----
export * from "./normalization.ts";
export * from "./distance.ts";
export * from "./margin_losses.ts";
export * from "./padding.ts";
export * from "./bilinear.ts";
// ---- end of Normalization, distances, padding and more losses ----
