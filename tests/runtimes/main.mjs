/**
 * The probe from the command line, for Deno and Node:
 * `main.mjs <module> <four methods> <port> <fixture.json> <pool probe>` (URLs or paths). Prints
 * the probe's lines, then one line `pool: {...}` with what the pool probe found.
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { inspect as nodeInspect } from "node:util";
import { probe } from "./probe.mjs";

const [kldivAt, fourAt, portAt, fixtureAt, poolAt] = (globalThis.Deno?.args ??
  globalThis.process.argv.slice(2)).map((a) => a.includes("://") ? a : pathToFileURL(a).href);
const deno = globalThis.Deno;
const lines = await probe({
  kldiv: await import(kldivAt),
  fourMethods: fourAt,
  port: await import(portAt),
  fixture: JSON.parse(readFileSync(new URL(fixtureAt), "utf8")),
  inspect: deno ? (x) => deno.inspect(x) : (x) => nodeInspect(x),
});
const pool = await (await import(poolAt)).poolProbe();
console.log([...lines, `pool: ${JSON.stringify(pool)}`].join("\n"));
