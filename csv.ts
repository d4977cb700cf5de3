/**
 * Tensors from and to CSV files: `read_csv`, `to_csv` and `write_csv`.
 *
 * A separate entry point from the main module, because it loads the npm CSV parser; importing
 * `@kldiv/kldiv` alone stays dependency-free.
 *
 * ```ts
 * import { tensor } from "@kldiv/kldiv";
 * import { read_csv, to_csv } from "@kldiv/kldiv/csv";
 * import assert from "node:assert/strict";
 *
 * const t = await read_csv("a,b\n0.5,0.5\n0.9,0.1\n");
 * assert.equal(String(t), "tensor([[0.5000, 0.5000],\n        [0.9000, 0.1000]])");
 * assert.equal(to_csv(tensor([[1, 2]]), { header: ["x", "y"] }), "x,y\n1,2\n");
 * ```
 *
 * @module
 */

export { CsvError, DEFAULT_MAX_RECORD_SIZE, read_csv, to_csv, write_csv } from "./lib/io/csv.ts";
export type {
  CsvLocation,
  CsvSource,
  HeaderOption,
  ReadCsvOptions,
  ToCsvOptions,
} from "./lib/io/csv.ts";
