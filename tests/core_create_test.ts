// Issue 19's creation family beyond the op table (tests/fixtures/opinfo/core_create.json):
// devices, finfo/iinfo, the generator's state bytes, Generator objects and `generator=`, the
// legacy constructors' shapes, iteration, T/mT, aliasing and messages, against PyTorch 1.13
// (tests/fixtures/core_create.json, written by tools/gen_core_create_fixtures.py).
import assert from "node:assert/strict";
import {
  as_tensor,
  bernoulli,
  cuda,
  device,
  empty_like,
  finfo,
  float32,
  float64,
  FloatTensor,
  full,
  Generator,
  get_rng_state,
  iinfo,
  int64,
  LongTensor,
  manual_seed,
  multinomial,
  rand,
  randint,
  randn,
  randperm,
  set_rng_state,
  Tensor,
  tensor,
  zeros,
} from "../mod.ts";

// deno-lint-ignore no-explicit-any
type Any = any;
const F = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/core_create.json", import.meta.url)),
);

function values(t: Tensor): number[] {
  return (t.contiguous().tolist() as Any[]).flat(Infinity).map(Number);
}

function sameData(t: Tensor, rec: { shape: number[]; dtype: string; data: number[] }, tol = 0) {
  assert.deepEqual(t.shape, rec.shape);
  assert.equal(t.dtype, rec.dtype);
  const got = values(t);
  rec.data.forEach((raw, i) => {
    const v = rec.dtype === "float32" ? Math.fround(raw) : raw; // shortest float32 decimals
    if (tol === 0) assert.equal(got[i], v, `element ${i}`);
    else assert.ok(Math.abs(got[i] - v) <= tol * Math.max(1, Math.abs(v)), `element ${i}`);
  });
}

Deno.test("device: torch's repr, str, type and index; equal devices are one object", () => {
  for (const d of F.devices) {
    const dev = device(...(d.args as [string, number?]));
    assert.equal(Deno.inspect(dev), d.repr);
    assert.equal(String(dev), d.str);
    assert.equal(dev.type, d.type);
    assert.equal(dev.index, d.index);
    assert.equal(new device(...(d.args as [string, number?])), dev);
  }
  assert.equal(Deno.inspect(tensor([1]).device), F.tensor_device_repr);
  assert.equal(tensor([1]).device, device("cpu"));
  assert.ok(tensor([1]).device instanceof device);
});

Deno.test("device: torch's messages for strings that name no device", () => {
  for (const e of F.device_errors) {
    assert.throws(() => device(e.args[0]), (err: Error) => err.message.endsWith(e.message));
  }
});

Deno.test("cuda: unavailable, no devices; asking for it says kldiv computes on the CPU", () => {
  assert.equal(cuda.is_available(), F.cuda.is_available);
  assert.equal(cuda.device_count(), F.cuda.device_count);
  const x = tensor([1, 2]);
  for (
    const f of [
      () => zeros(2, { device: "cuda" }),
      () => x.to("cuda"),
      () => x.to(device("cuda", 0)),
      () => x.to({ device: "cuda:0" }),
      () => x.cuda(),
      () => rand(2, { device: "mps" }),
      () => as_tensor([1], { device: "cuda" }),
      () => x.new_zeros(2, { device: "cuda" }),
      () => Tensor([1], { device: "cuda" }),
    ]
  ) {
    assert.throws(f, /kldiv computes on the CPU only/);
    assert.throws(f, new RegExp(F.cuda_error.message.replace("Torch n", "n")));
  }
  // The "cuda if available" idiom runs as it is.
  const dev = cuda.is_available() ? "cuda" : "cpu";
  assert.equal(x.to(dev), x);
  assert.equal(zeros(2, { device: dev }).device, device("cpu"));
  assert.equal(x.cpu(), x);
});

Deno.test("dtype constants are the dtype strings: usable wherever a dtype is", () => {
  assert.equal(tensor([1]).dtype, float32);
  assert.equal(zeros(2, { dtype: float64 }).dtype, "float64");
  assert.equal(tensor([1.5]).to(int64).dtype, "int64");
  assert.equal(tensor([1]).type(float64).dtype, "float64");
});

Deno.test("finfo and iinfo: torch's fields and reprs", () => {
  for (const name of ["float32", "float64"] as const) {
    const f = finfo(name);
    const want = F.finfo[name];
    for (const key of ["bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution"]) {
      assert.equal((f as Any)[key], want[key], `${name}.${key}`);
    }
    assert.equal(String(f), want.repr);
    assert.equal(Deno.inspect(f), want.repr);
  }
  const i = iinfo("int64");
  assert.equal(i.bits, F.iinfo.int64.bits);
  assert.equal(String(i.max), F.iinfo.int64.max);
  assert.equal(String(i.min), F.iinfo.int64.min);
  assert.equal(String(i), F.iinfo.int64.repr);
  assert.throws(() => iinfo("bool"), new RegExp(F.info_errors.iinfo_bool.message));
  assert.throws(
    () => finfo("int64"),
    (e: Error) => e.message.startsWith(F.info_errors.finfo_int64.message),
  );
});

Deno.test("get_rng_state: torch's 5056 state bytes, byte for byte", () => {
  const steps: (() => void)[] = [
    () => manual_seed(0),
    () => rand(3),
    () => randn(1, { dtype: "float64" }),
    () => rand(700),
    () => manual_seed(2n ** 40n + 7n),
  ];
  F.rng_states.forEach((s: { after: string; bytes: number[] }, k: number) => {
    steps[k]();
    const state = get_rng_state();
    assert.deepEqual(state.shape, [5056]);
    assert.equal(state.dtype, "int64");
    assert.deepEqual(values(state), s.bytes, `state after ${s.after}`);
  });
});

Deno.test("set_rng_state: restoring replays torch's draws, the cached normal included", () => {
  manual_seed(F.restore.seed);
  randn(1, { dtype: "float64" });
  const saved = get_rng_state();
  const a = randn(3, { dtype: "float64" });
  set_rng_state(saved);
  const b = randn(3, { dtype: "float64" });
  sameData(a, F.restore.first, 1e-15);
  sameData(b, F.restore.again, 1e-15);
  assert.deepEqual(values(a), values(b));
  // torch's own state bytes are accepted too.
  set_rng_state(tensor(F.rng_states[1].bytes.map(BigInt)));
  assert.deepEqual(values(get_rng_state()), F.rng_states[1].bytes);
  assert.throws(() => set_rng_state(tensor([1n, 2n])), /CPUGeneratorImplState of size 5056/);
  assert.throws(() => set_rng_state(zeros(5056)), /RNG state must be a torch.ByteTensor/);
});

Deno.test("Generator: torch's default seed and state, and the same draws through generator=", () => {
  const g = Generator();
  assert.ok(g instanceof Generator);
  assert.equal(String(g.initial_seed()), F.generator.default_seed);
  assert.deepEqual(values(g.get_state()), F.generator.default_state);
  assert.equal(g.manual_seed(5), g);
  const G = F.generator;
  sameData(rand(3, { generator: g }), G.rand);
  sameData(randn(20, { generator: g, dtype: "float64" }), G.randn, 1e-14);
  sameData(randint(0, 10, [6], { generator: g }), G.randint);
  sameData(randperm(8, { generator: g }), G.randperm);
  sameData(zeros(4).uniform_(-1, 1, { generator: g }), G.uniform_);
  sameData(zeros(4, { dtype: "float64" }).normal_(2, 0.5, { generator: g }), G.normal_, 1e-14);
  sameData(bernoulli(full([8], 0.5), { generator: g }), G.bernoulli);
  sameData(multinomial(tensor([0.2, 0.3, 0.5]), 4, true, { generator: g }), G.multinomial);
  assert.deepEqual(values(g.get_state()), G.state_after);
  // The global generator was not touched by any of it.
  manual_seed(1);
  const before = values(get_rng_state());
  rand(2, { generator: new Generator() });
  assert.deepEqual(values(get_rng_state()), before);
  assert.throws(() => rand(2, { generator: 3 as never }), /generator must be a Generator/);
  assert.throws(() => Generator("cuda"), /CPU only/);
});

Deno.test("legacy constructors: shapes and dtypes of the sized forms (zeros here)", () => {
  const L = F.legacy_shapes;
  const check = (t: Tensor, [shape, dtype]: [number[], string]) => {
    assert.deepEqual(t.shape, shape);
    assert.equal(`torch.${t.dtype}`, dtype);
    assert.ok(values(t).every((v) => v === 0));
  };
  check(Tensor(2, 3), L["Tensor(2, 3)"]);
  check(Tensor(), L["Tensor()"]);
  check(LongTensor(4), L["LongTensor(4)"]);
  check(tensor([1n]).new(2, 2), L["long.new(2, 2)"]);
  check(tensor([1.0]).new_empty([2, 3]), L["new_empty"]);
  check(empty_like(tensor([[1n, 2n]])), L["empty_like"]);
  // `new Tensor(array, shape)` is still the class's constructor.
  assert.deepEqual(new Tensor(new Float32Array([1, 2]), [2]).tolist(), [1, 2]);
});

Deno.test("Tensor(t) aliases t (AliasBackward0); typed constructors refuse another dtype", () => {
  const x = tensor([1, 2], { requires_grad: true });
  const alias = Tensor(x);
  assert.equal(alias.grad_fn?.name(), F.legacy_alias.grad_fn);
  assert.equal(String(alias), F.legacy_alias.repr);
  const y = tensor([1, 2]);
  Tensor(y).fill_(7);
  assert.deepEqual(y.tolist(), [7, 7]);
  assert.throws(
    () => FloatTensor(tensor([1n, 2n])),
    /expected TensorOptions\(dtype=float, device=cpu.* \(got TensorOptions\(dtype=long int, device=cpu/,
  );
});

Deno.test("iteration over dim 0 as torch's __iter__ (UnbindBackward0 views)", () => {
  const m = tensor([[1, 2], [3, 4]], { requires_grad: true });
  assert.deepEqual([...m].map(String), F.iter);
  const rows: number[][] = [];
  for (const row of tensor([[1, 2], [3, 4]])) rows.push(row.tolist() as number[]);
  assert.deepEqual(rows, [[1, 2], [3, 4]]);
  assert.throws(() => [...tensor(1)], new RegExp(F.iter_error.message));
});

Deno.test("T reverses the dims, mT swaps the last two (views with torch's strides)", () => {
  const y = tensor(Array.from({ length: 24 }, (_, i) => i)).reshape(2, 3, 4);
  assert.deepEqual(y.T.shape, F.T.shape);
  assert.deepEqual(y.T.stride(), F.T.stride);
  assert.deepEqual(y.mT.shape, F.mT.shape);
  assert.deepEqual(y.mT.stride(), F.mT.stride);
  assert.throws(() => tensor([1]).mT, new RegExp(F.mT_error.message.replace(/\./g, "\\.")));
  assert.equal(y.ndim, 3);
});

Deno.test("numpy(): a typed array copy; refused on a tensor that requires grad, as torch", () => {
  const x = tensor([1, 2], { requires_grad: true });
  assert.throws(() => x.numpy(), (e: Error) => e.message === F.numpy_error.message);
  const a = x.detach().numpy();
  assert.ok(a instanceof Float32Array);
  assert.deepEqual([...a], [1, 2]);
  a[0] = 9;
  assert.deepEqual(x.tolist(), [1, 2]);
  assert.deepEqual([...x.numpy({ force: true })], [1, 2]);
  assert.ok(tensor([1n]).numpy() instanceof Float64Array);
});

Deno.test("to(): itself when nothing changes, a copy with copy: true, torch's argument forms", () => {
  const x = tensor([1.5, 2.5], { requires_grad: true });
  assert.equal(x.to("cpu"), x);
  assert.equal(x.to("float32"), x);
  assert.equal(x.to(device("cpu"), "float32"), x);
  assert.equal(x.to(tensor([0])), x);
  assert.notEqual(x.to({ copy: true }), x);
  assert.equal(x.to({ copy: true }).grad_fn?.name(), "ToCopyBackward0");
  assert.equal(x.to("cpu", "float64").dtype, "float64");
  assert.equal(x.to(tensor([0n])).dtype, "int64");
  assert.throws(
    () => x.to("float64", { dtype: "float32" }),
    /multiple values for argument 'dtype'/,
  );
  assert.throws(() => x.to({ devic: "cpu" } as never), /unexpected keyword argument "devic"/);
  assert.throws(() => x.to("floaty" as never), /unknown dtype "floaty"/);
});

Deno.test("in-place fills refuse a leaf that requires grad and record a zero gradient", () => {
  const w = zeros(3, { requires_grad: true });
  assert.throws(() => w.normal_(), /a leaf Variable that requires grad/);
  const y = w.mul(2);
  y.uniform_();
  assert.equal(y.grad_fn?.name(), "UniformBackward0");
  y.sum().backward();
  assert.deepEqual(w.grad?.tolist(), [0, 0, 0]);
});

Deno.test("device idioms of real training code run as written", () => {
  // device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
  const dev = device(cuda.is_available() ? "cuda" : "cpu");
  const x = Tensor([[0.1, 0.9], [0.4, 0.6]]).to(dev);
  assert.equal(x.device, dev);
  const labels = LongTensor([1, 0]).to(dev);
  assert.equal(labels.dtype, "int64");
  const noise = x.new_full([2, 2], 0.5).to({ device: dev, dtype: float64 });
  assert.equal(noise.dtype, "float64");
  const w = zeros(2, 2, { device: dev, requires_grad: true });
  const y = x.mul(w).sum();
  y.backward();
  assert.deepEqual(w.grad?.tolist(), x.tolist());
  assert.deepEqual(y.detach().cpu().numpy().length, 1);
});

Deno.test("resize_as_: row-major over the same storage (shrinking keeps the first elements)", () => {
  const r = tensor([1, 2, 3, 4, 5, 6]);
  const same = r.resize_as_(zeros(2, 2));
  assert.equal(same, r);
  assert.deepEqual(r.shape, F.resize_as_.shape);
  assert.deepEqual(r.stride(), F.resize_as_.stride);
  assert.deepEqual(r.tolist(), F.resize_as_.data);
  // Growing keeps the elements and adds zeros (torch leaves them uninitialised).
  r.resize_as_(zeros(7));
  assert.deepEqual(values(r), [1, 2, 3, 4, 5, 6, 0]);
  assert.throws(
    () => zeros(2, { requires_grad: true }).resize_as_(zeros(3)),
    (e: Error) => e.message === F.resize_as_.error.message,
  );
});
