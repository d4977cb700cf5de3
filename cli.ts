/**
 * The `kl` command: KL divergence between the distributions in two CSV files.
 *
 * ```sh
 * deno run -R jsr:@kldiv/kldiv/cli P.csv Q.csv [--reduction sum|mean|batchmean] [--base 2] [--normalize]
 * ```
 *
 * Prints CSV `row,kl` with KL(P‖Q) = Σ p·log(p/q) for each row (each row of a file is one
 * distribution over its columns). Run with `--help` for every option.
 *
 * @module
 */

import { main } from "./lib/io/cli.ts";

if (import.meta.main) Deno.exitCode = await main(Deno.args);
