// What lib/io/csv_backend.ts uses of csv-parse 7.0.3, declared here so its own declarations (which
// reference Node's types, `/// <reference types="node" />`) stay out of the type graph: with them
// `deno doc` warns "Could not find package 'node'".
import type { Transform } from "node:stream";

/** A streaming CSV parser: bytes in, one `{ record, info }` per record out. */
export declare function parse(options: Record<string, unknown>): Transform;
