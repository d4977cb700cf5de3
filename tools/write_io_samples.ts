// Writes tests/io_samples.ts's objects with kldiv's save, for tools/gen_io_fixtures.py to read in
// PyTorch: deno run -A tools/write_io_samples.ts
import { save } from "../mod.ts";
import { ioSamples } from "../tests/io_samples.ts";

for (const [name, obj] of Object.entries(ioSamples())) {
  const path = new URL(`../tests/fixtures/io/kldiv_${name}.pt`, import.meta.url);
  save(obj, path);
  console.log(path.pathname);
}
