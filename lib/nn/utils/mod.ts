/**
 * `nn.utils`: gradient clipping and flattening parameters to one vector, as
 * `torch.nn.utils`.
 *
 * @module
 */

export * from "./clip_grad.ts";
export * from "./convert_parameters.ts";
