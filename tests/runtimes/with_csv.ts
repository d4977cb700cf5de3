/**
 * The module and its CSV entry point as one bundle, as an npm install gives Node both (one copy
 * of the tensor class for the two).
 *
 * @module
 */
export * from "../../mod.ts";
export { read_csv, write_csv } from "../../csv.ts";
