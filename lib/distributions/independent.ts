/**
 * `torch.distributions.independent`, the submodule real code reaches `Independent` through
 * (`td.independent.Independent(...)`): the same class as `distributions.Independent`.
 *
 * @module
 */

export { Independent } from "./transformed.ts";
