import assert from "node:assert/strict";
import { F, nn, Node, type Tensor, tensor } from "../mod.ts";
import { gradcheck } from "./gradcheck.ts";

type Num = number | "nan" | "inf" | "-inf";
interface Rec {
  data: Num[];
  shape: number[];
  dtype: "float32" | "float64" | "int64";
  requires_grad: boolean;
}
interface Case {
  name: string;
  fn: string;
  input: Rec;
  target: Rec;
  options: Record<string, unknown>;
  out: Rec;
  repr: string;
  grad_fn: string;
  chain: string[];
  grad_output: Rec;
  grads: { input: Rec | null; target: Rec | null };
}
const fixture: {
  torch_version: string;
  legacy: [boolean | null, boolean | null, string][];
  cases: Case[];
} = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/losses.json", import.meta.url)),
);

const decode = (v: Num): number =>
  v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v;

function fromRecord(r: Rec): Tensor {
  return tensor(r.data.map(decode), {
    dtype: r.dtype,
    shape: r.shape,
    requires_grad: r.requires_grad,
  });
}

type LossFn = (input: Tensor, target: Tensor, options?: object) => Tensor;
const fns: Record<string, LossFn> = {
  cross_entropy: F.cross_entropy,
  nll_loss: F.nll_loss,
  mse_loss: F.mse_loss,
  l1_loss: F.l1_loss,
  smooth_l1_loss: F.smooth_l1_loss,
  binary_cross_entropy: F.binary_cross_entropy,
  binary_cross_entropy_with_logits: F.binary_cross_entropy_with_logits,
  poisson_nll_loss: F.poisson_nll_loss,
};

function options(c: Case): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(c.options).map((
      [k, v],
    ) => [k, typeof v === "object" && v !== null ? fromRecord(v as Rec) : v]),
  );
}

function assertClose(actual: Tensor, expected: Rec, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  const [atol, rtol] = expected.dtype === "float32" ? [2e-6, 2e-5] : [1e-13, 1e-11];
  const a = actual.reshape(-1).tolist() as number[];
  expected.data.map(decode).forEach((e, i) => {
    if (Number.isNaN(e)) return assert.ok(Number.isNaN(a[i]), `${what}[${i}]: ${a[i]} is not NaN`);
    assert.ok(
      a[i] === e || Math.abs(a[i] - e) <= atol + rtol * Math.abs(e),
      `${what}[${i}]: got ${a[i]}, torch ${e}`,
    );
  });
}

/** grad_fn names from the output down, following the first input that has a node. */
function chain(out: Tensor): string[] {
  const names: string[] = [];
  let fn = out.grad_fn;
  while (fn !== null) {
    names.push(fn.name());
    const next = fn.next_functions.map(([e]) => e).find((e) => e instanceof Node);
    fn = next instanceof Node ? next : null;
  }
  return names;
}

for (const c of fixture.cases) {
  Deno.test(`torch ${fixture.torch_version}: ${c.name}`, () => {
    const input = fromRecord(c.input);
    const target = fromRecord(c.target);
    const out = fns[c.fn](input, target, options(c));
    assertClose(out, c.out, "output");
    assert.equal(out.grad_fn?.name(), c.grad_fn);
    assert.deepEqual(chain(out), c.chain, "grad_fn chain");
    if (out.dim() === 0) assert.equal(String(out), c.repr);
    out.backward(fromRecord(c.grad_output));
    for (const [which, t] of [["input", input], ["target", target]] as const) {
      const expected = c.grads[which];
      if (expected === null) assert.equal(t.grad, null, `${which} gets no gradient`);
      else assertClose(t.grad!, expected, `${which}.grad`);
    }
  });
}
