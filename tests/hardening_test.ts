/**
 * Issue 22 (hardening round 3): regressions against PyTorch 1.13 for the chains the op table
 * (tools/opinfo/hardening.py) cannot express. Reference values: tests/fixtures/hardening.json,
 * written by tools/gen_hardening_fixtures.py. The memory cap has its own file,
 * tests/memory_test.ts.
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { divergence, F, nn, optim, type Tensor, tensor, zeros } from "../mod.ts";

type Num = number | "inf" | "-inf" | "nan";
const num = (v: Num): number =>
  v === "inf" ? Infinity : v === "-inf" ? -Infinity : v === "nan" ? NaN : v;
const nums = (a: Num[]): number[] => a.map(num);

const fixture = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/hardening.json", import.meta.url)),
) as {
  cross_entropy_grad: {
    dtype: "float32" | "float64";
    p: number[];
    q: number[];
    value: Num;
    grad_p: Num[];
  }[];
  int64_zero: Record<string, Num[]>;
  expanded_writes: Record<string, Num[]>;
  var_inplace: { value: Num; grad: Num[]; value_dim: Num[]; grad_dim: Num[] };
  optimizer_repr: { adam: string; sgd: string };
};

function close(got: readonly number[], want: readonly number[], rtol: number): void {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => {
    const w = want[i];
    if (!Number.isFinite(w)) assert.ok(Object.is(g, w), `[${i}] ${g} vs torch ${w}`);
    else assert.ok(Math.abs(g - w) <= rtol * Math.max(1, Math.abs(w)), `[${i}] ${g} vs torch ${w}`);
  });
}

const flat = (t: Tensor): number[] =>
  Array.from(t.contiguous().toTypedArray() as ArrayLike<number>);

Deno.test("divergence.cross_entropy: the gradient in p is -log q at p = 0 too (torch's xlogy)", () => {
  for (const c of fixture.cross_entropy_grad) {
    const p = tensor(c.p, { dtype: c.dtype, requires_grad: true });
    const q = tensor(c.q, { dtype: c.dtype });
    const v = divergence.cross_entropy(p, q);
    const rtol = c.dtype === "float32" ? 1e-6 : 1e-14;
    close([v.item() as number], [num(c.value)], rtol);
    v.backward();
    close(flat(p.grad!), nums(c.grad_p), rtol);
  }
});

Deno.test("int64 never holds -0: 1 / x.float() is +inf as in torch", () => {
  const zero = () => tensor([0n, 0n]);
  const want = fixture.int64_zero;
  const got: Record<string, Tensor> = {
    neg: zero().neg(),
    mul: zero().mul(-3),
    mul_tensor: zero().mul(tensor([-1n, -7n])),
    floor: zero().div(-3, { rounding_mode: "floor" }),
    trunc: zero().div(-3, { rounding_mode: "trunc" }),
    floor_divide: zero().floor_divide(-2),
    neg_: zero().neg_(),
    mul_: zero().mul_(-4),
    sum: zero().neg().sum().reshape(1),
  };
  for (const [name, t] of Object.entries(got)) {
    assert.equal(t.dtype, "int64", name);
    assert.deepEqual(flat(t.float().reciprocal()), nums(want[name]), name);
  }
  assert.ok(Object.is(tensor([0n]).neg().item(), 0));
});

Deno.test("fill_ and index_put_ write expanded tensors, as torch", () => {
  const want = fixture.expanded_writes;
  const x = zeros(1, 3);
  x.expand(2, 3).fill_(2.5);
  assert.deepEqual(flat(x), nums(want.fill));
  const y = zeros(2, 1);
  y.expand(2, 4).fill_(-1);
  assert.deepEqual(flat(y), nums(want.fill_columns));
  const z = zeros(1, 3);
  z.expand(2, 3).index_put_([tensor([0n])], tensor(5));
  assert.deepEqual(flat(z), nums(want.index_put_row));
  const w = zeros(1, 3);
  w.expand(2, 3).index_put_([tensor([1n]), tensor([2n])], tensor(7));
  assert.deepEqual(flat(w), nums(want.index_put_point));
  // Ops that write different values to shared memory stay refused, as torch.
  assert.throws(() => zeros(1, 3).expand(2, 3).add_(tensor([[1], [2]])), /single memory location/);
});

Deno.test("var() changed in place: no false 'modified by an inplace operation'", () => {
  const want = fixture.var_inplace;
  const a = tensor([1, 2, 4, 7], { requires_grad: true });
  const v = a.var();
  v.add_(1);
  v.backward();
  close([v.item() as number], [num(want.value)], 1e-6);
  close(flat(a.grad!), nums(want.grad), 1e-6);
  const b = tensor([[1, 2, 4], [0.5, -1, 3]], { dtype: "float64", requires_grad: true });
  const vb = b.var(1);
  vb.mul_(2);
  vb.sum().backward();
  close(flat(vb), nums(want.value_dim), 1e-14);
  close(flat(b.grad!), nums(want.grad_dim), 1e-14);
  // std's backward reads its result: changing it in place is still caught.
  const s = tensor([1, 2, 4], { requires_grad: true }).std();
  s.add_(1);
  assert.throws(() => s.backward(), /modified by an inplace operation/);
});

Deno.test("F.kl_div refuses integral inputs with torch's message", () => {
  assert.throws(() => F.kl_div(tensor([1n, 2n]), tensor([1n, 2n])), {
    name: "TypeError",
    message: /^kl_div: Integral inputs not supported\. .*got input int64 and target int64/,
  });
  assert.throws(() => F.kl_div(tensor([0.5, 0.5]), tensor([true, false])), /Integral inputs/);
});

Deno.test("console.log(optimizer) prints torch's form, in Deno and through Node's hook", () => {
  const p = zeros(2, { requires_grad: true });
  const adam = new optim.Adam([p], { lr: 0.1 });
  const sgd = new optim.SGD([p], { lr: 0.5, momentum: 0.9 });
  assert.equal(String(adam), fixture.optimizer_repr.adam);
  assert.equal(String(sgd), fixture.optimizer_repr.sgd);
  assert.equal(Deno.inspect(adam), fixture.optimizer_repr.adam);
  const node = Symbol.for("nodejs.util.inspect.custom");
  assert.equal(
    (adam as unknown as Record<symbol, () => string>)[node](),
    fixture.optimizer_repr.adam,
  );
});

Deno.test("Node's inspect hook sits beside Deno's on every printable class", () => {
  const node = Symbol.for("nodejs.util.inspect.custom");
  const deno = Symbol.for("Deno.customInspect");
  const t = tensor([1.5, 2]);
  const printable: object[] = [
    t,
    t.max(0),
    new nn.Linear(2, 3),
    nn.KLDivLoss(),
    new optim.SGD([zeros(1, { requires_grad: true })], { lr: 1 }),
  ];
  for (const o of printable) {
    const r = o as Record<symbol, () => string>;
    assert.equal(typeof r[node], "function", String(o));
    assert.equal(r[node](), r[deno]());
  }
  assert.equal(inspect(t), "tensor([1.5000, 2.0000])");
});

Deno.test("Node's console.log prints torch's repr (node runs the module with type stripping)", async () => {
  let node: Deno.CommandOutput;
  const script = `import { tensor } from ${
    JSON.stringify(new URL("../mod.ts", import.meta.url).href)
  };
console.log(tensor([1.5, 2]));`;
  try {
    node = await new Deno.Command("node", {
      args: ["--experimental-strip-types", "--no-warnings", "--input-type=module", "-e", script],
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch {
    return; // no node on this machine
  }
  const err = new TextDecoder().decode(node.stderr);
  // Node before 22.6 cannot run .ts files: nothing to check there.
  if (!node.success && /strip-types|Unknown file extension|bad option/.test(err)) return;
  assert.equal(new TextDecoder().decode(node.stdout).trim(), "tensor([1.5000, 2.0000])", err);
});

Deno.test("DistillationLoss with float labels suggests .long()", () => {
  const loss = new nn.DistillationLoss();
  assert.throws(() => loss.forward(zeros(2, 3), zeros(2, 3), tensor([0, 1])), {
    name: "TypeError",
    message:
      /labels must be an int64 tensor of shape \[2\], got float32 .*convert with labels\.long\(\)/,
  });
});
