/**
 * `deno bench bench/overhead_bench.ts`: per-call overhead on small tensors (issue 11), see
 * `bench/overhead_cases.ts`. `deno run -A bench/overhead_compare.ts` gives medians and
 * minimums beside another checkout and PyTorch.
 *
 * @module
 */

import * as kldiv from "../mod.ts";
import { overheadCases } from "./overhead_cases.ts";

for (const c of overheadCases(kldiv)) {
  Deno.bench(c.name, { group: c.name.split(" ")[0] }, c.run);
}
