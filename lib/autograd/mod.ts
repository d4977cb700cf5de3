/**
 * The `autograd` namespace, like `torch.autograd`: `grad`, `backward`, and (in their own
 * modules) `Function`, `functional`.
 *
 * @module
 */

export * from "./grad.ts";
export * from "./function.ts";
export * as functional from "./functional.ts";
