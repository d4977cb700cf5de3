/**
 * The CSV entry point where the runtime has files (Deno, Node): `csv_main.mjs <module> <folder>`
 * writes a tensor with write_csv, reads it back with read_csv, and prints the file and both
 * tensors.
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [moduleAt, dir] = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
const { read_csv, tensor, write_csv } = await import(
  moduleAt.includes("://") ? moduleAt : pathToFileURL(moduleAt).href
);
const path = `${dir}/probe.csv`;
const t = tensor([[1, 0], [0.25, 0.75], [1 / 3, 2 / 3]], { dtype: "float64" });
await write_csv(path, t);
const back = await read_csv(path, { dtype: "float64" });
console.log([readFileSync(path, "utf8").trimEnd(), String(t), String(back)].join("\n"));
