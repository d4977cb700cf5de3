/**
 * `save` and `load` against PyTorch 1.13, both ways: files torch.save wrote
 * (tests/fixtures/io/torch_*.pt) load here as torch.load reads them (torch_files.json); files
 * kldiv writes (kldiv_*.pt, from tests/io_samples.ts) are byte for byte what kldiv writes today,
 * and torch.load read them as the objects they came from (kldiv_files.json). Fixtures:
 * tools/write_io_samples.ts, then tools/gen_io_fixtures.py.
 */
import assert from "node:assert/strict";
import { load, save, Tensor, tensor } from "../mod.ts";
import { storageOf } from "../lib/tensor/tensor.ts";
import { ioSamples } from "./io_samples.ts";

type Num = number | "inf" | "-inf" | "nan";
interface TensorRec {
  data: (Num | boolean)[];
  shape: number[];
  dtype: string;
  stride: number[];
  offset: number;
  requires_grad: boolean;
  parameter: boolean;
  storage: number;
}
type Enc =
  | null
  | { tensor: TensorRec }
  | { dict: [Enc, Enc][] }
  | { list: Enc[] }
  | { tuple: Enc[] }
  | { int: number }
  | { bigint: string }
  | { float: Num }
  | { bool: boolean }
  | { str: string };

const DIR = new URL("./fixtures/io/", import.meta.url);
const read = (name: string) => JSON.parse(Deno.readTextFileSync(new URL(name, DIR))).files;

/** The dtype kldiv holds a torch dtype in (widened without loss where it has no kernels). */
const KLDIV_DTYPE: Record<string, string> = {
  float32: "float32",
  float64: "float64",
  float16: "float32",
  bfloat16: "float32",
  int64: "int64",
  int32: "int64",
  int16: "int64",
  int8: "int64",
  uint8: "int64",
  bool: "bool",
};

function num(v: Num | boolean): number {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "nan") return NaN;
  return Number(v);
}

/** Asserts that a JS value is the structure torch recorded; storages are matched by identity. */
function assertStructure(v: unknown, e: Enc, at: string, storages: Map<number, unknown>): void {
  if (e === null) return assert.equal(v, null, at);
  if ("tensor" in e) {
    const r = e.tensor;
    assert.ok(v instanceof Tensor, `${at}: expected a tensor`);
    assert.equal(v.dtype, KLDIV_DTYPE[r.dtype], `${at}: dtype`);
    assert.deepEqual(v.shape, r.shape, `${at}: shape`);
    assert.deepEqual(v.stride(), r.stride, `${at}: stride`);
    assert.equal(v.storage_offset(), r.offset, `${at}: storage offset`);
    assert.equal(v.requires_grad, r.requires_grad || r.parameter, `${at}: requires_grad`);
    const got = r.shape.length === 0 ? [v.item()] : (v.tolist() as unknown[]).flat(Infinity);
    const want = r.data.map((x) => r.dtype === "float32" ? Math.fround(num(x)) : num(x));
    got.forEach((x, i) => assert.ok(Object.is(Number(x), want[i]), `${at}[${i}]: ${x}`));
    const storage = storageOf(v);
    const seen = storages.get(r.storage);
    if (seen === undefined) storages.set(r.storage, storage);
    else assert.equal(storage, seen, `${at}: shares its storage as in torch`);
    return;
  }
  if ("dict" in e) {
    assert.ok(
      v !== null && typeof v === "object" && !Array.isArray(v),
      `${at}: expected an object`,
    );
    const keys = e.dict.map(([k]) =>
      String((k as { str?: string; int?: number }).str ?? (k as { int: number }).int)
    );
    // A JS object lists integer-like keys first, ascending: the order torch's dict becomes.
    const order = Object.keys(Object.fromEntries(keys.map((k) => [k, 0])));
    assert.deepEqual(Object.keys(v as object), order, `${at}: keys`);
    e.dict.forEach(([, x], i) =>
      assertStructure((v as Record<string, unknown>)[keys[i]], x, `${at}.${keys[i]}`, storages)
    );
    return;
  }
  if ("list" in e || "tuple" in e) {
    const items = "list" in e ? e.list : e.tuple;
    assert.ok(Array.isArray(v), `${at}: expected an array`);
    assert.equal(v.length, items.length, `${at}: length`);
    items.forEach((x, i) => assertStructure(v[i], x, `${at}[${i}]`, storages));
    return;
  }
  if ("int" in e) return assert.ok(Object.is(v, e.int), `${at}: ${String(v)} is not ${e.int}`);
  if ("bigint" in e) return assert.equal(v, BigInt(e.bigint), at);
  if ("float" in e) return assert.ok(Object.is(v, num(e.float)), `${at}: ${v} is not ${e.float}`);
  if ("bool" in e) return assert.equal(v, e.bool, at);
  if ("str" in e) return assert.equal(v, e.str, at);
}

for (const [name, expected] of Object.entries(read("torch_files.json"))) {
  Deno.test(`load reads torch_${name}.pt as torch.load does`, () => {
    const obj = load(new URL(`torch_${name}.pt`, DIR));
    assertStructure(obj, expected as Enc, name, new Map());
  });
}

const seenByTorch = read("kldiv_files.json");
for (const [name, obj] of Object.entries(ioSamples())) {
  Deno.test(`save writes ${name} as the file torch.load read (kldiv_${name}.pt)`, () => {
    const committed = Deno.readFileSync(new URL(`kldiv_${name}.pt`, DIR));
    const bytes = save(obj);
    // The archive's record prefix is the file name's stem; save(obj) without a path uses
    // "archive", so compare a save to a path of the same name.
    const path = Deno.makeTempDirSync() + `/kldiv_${name}.pt`;
    save(obj, path);
    assert.deepEqual(Deno.readFileSync(path), committed);
    assert.ok(bytes.length > 0);
    assertStructure(obj, seenByTorch[name], name, new Map());
    assertStructure(load(bytes), seenByTorch[name], `${name} (round trip)`, new Map());
  });
}

Deno.test("load refuses a pickle that names any global but tensors and containers", () => {
  assert.throws(
    () => load(new URL("torch_malicious.pt", DIR)),
    /refusing to load the global posix\.system: this loader executes nothing/,
  );
});

Deno.test("load refuses an int64 beyond 2^53 rather than round it", () => {
  assert.throws(() => load(new URL("torch_int64_2_53.pt", DIR)), /9007199254740992 is beyond/);
});

Deno.test("load refuses the legacy (pre-1.6) format with how to convert it", () => {
  assert.throws(() => load(new URL("torch_legacy.pt", DIR)), /not a zip archive.*re-save/);
});

Deno.test("load: map_location must be the CPU; bad files and options are clear errors", () => {
  const bytes = save({ x: tensor([1]) });
  assert.equal(String((load(bytes, { map_location: "cpu" }) as { x: Tensor }).x), "tensor([1.])");
  assert.throws(() => load(bytes, { map_location: "cuda:0" }), /computes on the CPU/);
  assert.throws(() => load(bytes, { map: "cpu" } as never), /unknown option "map"/);
  assert.throws(
    () => load(42 as never),
    /expected a path, a file URL, a Uint8Array or an ArrayBuffer, got number 42/,
  );
  assert.throws(() => load(new Uint8Array([1, 2, 3])), /not a zip archive/);
  const corrupt = bytes.slice();
  corrupt[100] ^= 0xff;
  assert.throws(() => load(corrupt), /corrupt zip archive|refusing pickle opcode|truncated/);
});

Deno.test("save refuses what torch.load could not read back as the same thing", () => {
  assert.throws(() => save({ f: () => 1 }), /cannot save function: expected tensors/);
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  assert.throws(() => save(cycle), /contains itself/);
});
