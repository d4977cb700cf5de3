/**
 * What the op table cannot express for the nn-act family, against PyTorch 1.13 fixtures
 * (tests/fixtures/nn_act.json, from tools/gen_nn_act_fixtures.py): printed containers and
 * their names, gradient clipping, parameters as one vector; and behaviour checks (modes,
 * Module.to, containers' list and dict operations, bad kinds refused).
 */
import assert from "node:assert/strict";
import * as kl from "../mod.ts";
import { F, manual_seed, nn, ones, tensor, zeros } from "../mod.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

interface Rec {
  shape: number[];
  dtype: "float32" | "float64";
  data: (number | string)[];
}

const fx = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/nn_act.json", import.meta.url)),
);

function decode(v: number | string): number {
  return typeof v === "number" ? v : v === "nan" ? NaN : v === "inf" ? Infinity : -Infinity;
}

function build(r: Rec): kl.Tensor {
  const flat = r.data.map(decode);
  return kl.tensor(flat, { dtype: r.dtype }).reshape(r.shape);
}

function close(got: kl.Tensor, want: Rec, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  const rtol = want.dtype === "float32" ? 1e-5 : 1e-12;
  const g = Array.from(got.contiguous().toTypedArray() as Float64Array);
  want.data.map(decode).forEach((w, i) => {
    assert.ok(
      Math.abs(g[i] - w) <= rtol * Math.abs(w) + rtol * 1e-2,
      `${what}[${i}]: ${g[i]} vs ${w}`,
    );
  });
}

// The fixture's expressions are valid TypeScript too: the same text builds the same model.
function model(expr: string): Any {
  return new Function("nn", "zeros", `return ${expr};`)(nn, zeros);
}

for (const m of fx.models) {
  Deno.test(`nn-act: ${m.expr} prints, names its modules and keys as torch`, () => {
    manual_seed(0);
    const built = model(m.expr);
    assert.equal(String(built), m.repr);
    assert.deepEqual(built.named_modules().map(([k]: [string]) => k), m.named_modules);
    assert.deepEqual(Object.keys(built.state_dict()), m.state_dict_keys);
    assert.equal(built.parameters().length, m.parameters);
  });
}

fx.clip_grad_norm.forEach((c: Any, i: number) => {
  Deno.test(`nn-act: clip_grad_norm_ ${JSON.stringify(c.settings)} (${c.grads[0].dtype}, #${i}) as torch`, () => {
    const params = c.grads.map((g: Rec) => zeros(g.shape, { dtype: g.dtype, requires_grad: true }));
    params.forEach((p: kl.Tensor, k: number) => (p.grad = build(c.grads[k])));
    const s = Object.fromEntries(
      Object.entries(c.settings).map(([k, v]) => [k, decode(v as number | string)]),
    );
    const total = nn.utils.clip_grad_norm_(params, s as Any);
    close(total, c.total, "total norm");
    params.forEach((p: kl.Tensor, k: number) => close(p.grad!, c.clipped[k], `grad ${k}`));
  });
});

Deno.test("nn-act: clip_grad_norm_ takes its options by position too", () => {
  const c = fx.clip_grad_norm[2]; // max_norm 0.3, norm_type inf
  const params = c.grads.map((g: Rec) => zeros(g.shape, { dtype: g.dtype, requires_grad: true }));
  params.forEach((p: kl.Tensor, k: number) => (p.grad = build(c.grads[k])));
  const total = nn.utils.clip_grad_norm_(params, 0.3, Infinity);
  close(total, c.total, "total norm");
  params.forEach((p: kl.Tensor, k: number) => close(p.grad!, c.clipped[k], `grad ${k}`));
});

Deno.test("nn-act: clip_grad_norm_ with error_if_nonfinite refuses an infinite norm in torch's words", () => {
  const p = zeros(2, { requires_grad: true });
  p.grad = tensor([Infinity, 1]);
  assert.throws(
    () => nn.utils.clip_grad_norm_([p], 1, { error_if_nonfinite: true }),
    (e: Error) => e.message === fx.nonfinite_message,
  );
  // Without it, torch scales by the non-finite norm anyway.
  nn.utils.clip_grad_norm_([p], 1);
  assert.ok(Number.isNaN((p.grad!.tolist() as number[])[0]));
});

Deno.test("nn-act: clip_grad_norm_ skips parameters without a gradient and returns tensor(0.) when none has one", () => {
  assert.equal(String(nn.utils.clip_grad_norm_([zeros(2)], 1)), "tensor(0.)");
  assert.throws(
    () => nn.utils.clip_grad_norm_([zeros(2)], "1" as Any),
    /max_norm.*must be a number/,
  );
});

fx.clip_grad_value.forEach((c: Any) => {
  Deno.test(`nn-act: clip_grad_value_(${c.clip_value}) as torch`, () => {
    const params = c.grads.map((g: Rec) => zeros(g.shape, { requires_grad: true }));
    params.forEach((p: kl.Tensor, k: number) => (p.grad = build(c.grads[k])));
    nn.utils.clip_grad_value_(params, { clip_value: c.clip_value });
    params.forEach((p: kl.Tensor, k: number) => close(p.grad!, c.clipped[k], `grad ${k}`));
  });
});

Deno.test("nn-act: parameters_to_vector concatenates with gradients; vector_to_parameters writes back", () => {
  const a = tensor([[1, 2], [3, 4]], { requires_grad: true });
  const b = tensor([5], { requires_grad: true });
  const v = nn.utils.parameters_to_vector([a, b]);
  assert.deepEqual(v.tolist(), [1, 2, 3, 4, 5]);
  assert.equal(v.grad_fn?.name(), "CatBackward0");
  v.mul(tensor([1, 2, 3, 4, 5])).sum().backward();
  assert.deepEqual(a.grad!.tolist(), [[1, 2], [3, 4]]);
  const x = zeros(2, 2);
  const y = zeros(1);
  nn.utils.vector_to_parameters(tensor([9, 8, 7, 6, 5]), [x, y]);
  assert.deepEqual([x.tolist(), y.tolist()], [[[9, 8], [7, 6]], [5]]);
  assert.throws(() => nn.utils.vector_to_parameters([1, 2] as Any, [x]), /expected torch.Tensor/);
});

Deno.test("nn-act: train() and eval() switch Dropout inside containers", () => {
  const model: Any = nn.Sequential(nn.Linear(4, 4), nn.ModuleList([nn.Dropout(0.5)]));
  const drop = model[1].at(0);
  assert.equal(drop.training, true);
  model.eval();
  assert.equal(drop.training, false);
  const x = ones(8);
  assert.equal(drop(x), x, "eval: the input itself");
  model.train();
  manual_seed(0);
  const y = drop(x);
  assert.ok(
    Array.from(y.toTypedArray()).every((v) => v === 0 || v === 2),
    "keep scaled by 1/(1-p)",
  );
});

Deno.test("nn-act: dropout keeps about 1-p of the elements and scales them by 1/(1-p)", () => {
  manual_seed(1);
  for (const p of [0.1, 0.5, 0.9]) {
    const y = F.dropout(ones(20000, { dtype: "float64" }), p);
    const vals = Array.from(y.toTypedArray());
    const kept = vals.filter((v) => v !== 0);
    assert.ok(Math.abs(kept.length / vals.length - (1 - p)) < 0.02, `keep rate at p=${p}`);
    assert.ok(kept.every((v) => v === 1 / (1 - p)), `scale at p=${p}`);
  }
});

Deno.test("nn-act: Module.to converts float parameters and buffers, keeps grads, refuses cuda and int dtypes", () => {
  manual_seed(0);
  const model: Any = nn.Sequential(nn.Linear(2, 2), nn.Embedding(3, 2));
  const before = model[0].weight.tolist();
  model[0].weight.sum().backward();
  model.to({ dtype: "float64" });
  assert.equal(model[0].weight.dtype, "float64");
  assert.equal(model[1].weight.dtype, "float64");
  assert.equal(model[0].weight.grad.dtype, "float64");
  assert.deepEqual(model[0].weight.tolist(), before);
  assert.equal(model[0].weight.requires_grad, true);
  assert.equal(model.float()[0].weight.dtype, "float32");
  assert.equal(model.double()[1].weight.dtype, "float64");
  assert.equal(model.to(zeros(1)).parameters()[0].dtype, "float32", "to(tensor) takes its dtype");
  assert.equal(model.to("cpu"), model);
  assert.equal(model.to({ type: "cpu", index: null } as Any), model, "a device record");
  class Device {
    constructor(readonly type: string) {}
  }
  assert.equal(model.to(new Device("cpu")), model);
  assert.throws(() => model.to(new Device("cuda")), /computes on the CPU/);
  assert.throws(() => model.to("cuda:0"), /computes on the CPU/);
  assert.throws(() => model.to("int64"), /only accepts floating point or complex dtypes/);
  assert.throws(
    () => model.to("cpu", "float64", { colour: 1 }),
    /unexpected keyword argument "colour"/,
  );
  const sd = model.to("cpu", "float64").state_dict();
  assert.equal(sd["1.weight"].dtype, "float64");
});

Deno.test("nn-act: ModuleList and ModuleDict list and dict operations", () => {
  const list = nn.ModuleList([nn.ReLU(), nn.Tanh()]);
  list.insert(1, nn.Sigmoid());
  assert.deepEqual([...list].map(String), ["ReLU()", "Sigmoid()", "Tanh()"]);
  assert.equal(String(list.at(-1)), "Tanh()");
  assert.equal(String(list.pop(0)), "ReLU()");
  assert.equal(list.length, 2);
  assert.equal(String(list[0]), "Sigmoid()");
  list.extend([nn.Identity()]);
  assert.equal(list.length, 3);
  assert.throws(() => list.append(zeros(1) as Any), /not a Module subclass/);
  assert.throws(() => list(zeros(1)), /missing the required "forward"/);
  const dict = nn.ModuleDict([["a", nn.ReLU()], ["b", nn.Tanh()]]);
  assert.deepEqual(dict.keys(), ["a", "b"]);
  assert.equal(String(dict.pop("a")), "ReLU()");
  assert.deepEqual(dict.items().map(([k]) => k), ["b"]);
  assert.throws(() => dict.update({ train: nn.ReLU() }), /attribute 'train' already exists/);
  dict.clear();
  assert.equal(dict.length, 0);
});

Deno.test("nn-act: ParameterList and ParameterDict register tensors as parameters", () => {
  const plist = nn.ParameterList([zeros(2)]).append(ones(3));
  assert.equal(plist.parameters().length, 2);
  assert.equal(plist.at(-1).requires_grad, true);
  const pdict = nn.ParameterDict({ w: zeros(2) });
  pdict.update({ b: zeros(1) });
  assert.deepEqual(Object.keys(pdict.state_dict()), ["w", "b"]);
  assert.equal(String(pdict.pop("b").shape), "1");
});

Deno.test("nn-act: init functions take torch's keywords by position or options, and refuse wrong kinds", () => {
  manual_seed(0);
  const a = nn.init.normal_(zeros(5), { mean: 0, std: 1 });
  manual_seed(0);
  const b = nn.init.normal_(zeros(5), 0, 1);
  assert.deepEqual(a.tolist(), b.tolist());
  assert.ok((a.tolist() as number[]).every((v) => Number.isFinite(v)));
  assert.throws(
    () => nn.init.normal_(zeros(2), "0" as Any),
    /'mean' \(position 1\) must be a number/,
  );
  assert.throws(
    () => nn.init.uniform_(zeros(2), { low: 0 } as Any),
    /unexpected keyword argument "low"/,
  );
  assert.throws(
    () => nn.init.kaiming_uniform_(zeros(2, 2), 0, { a: 1 } as Any),
    /multiple values for argument 'a'/,
  );
  assert.throws(() => nn.init.orthogonal_(zeros(3)), /Only tensors with 2 or more dimensions/);
});

Deno.test("nn-act: activations refuse wrong kinds and unknown options with clear errors", () => {
  const x = tensor([1, -1]);
  assert.throws(() => F.softplus(x, { betta: 2 } as Any), /unexpected keyword argument "betta"/);
  assert.throws(() => F.elu(x, "1" as Any), /'alpha' \(position 1\) must be a number/);
  assert.throws(() => F.gelu(x, "tanh" as Any), /takes 0 positional arguments/);
  assert.throws(() => F.gelu(x, { approximate: "fast" } as Any), /"none" or "tanh"/);
  assert.throws(() => F.relu([1, 2] as Any), /expected a Tensor, got an array/);
  assert.throws(() => nn.LeakyReLU({ negative_slop: 0.1 } as Any), /unexpected keyword argument/);
});

Deno.test("nn-act: in-place activations write into the input and keep its identity", () => {
  const x = tensor([-2, 0.5]);
  assert.equal(F.elu(x, { inplace: true }), x);
  assert.equal(String(x), "tensor([-0.8647,  0.5000])");
  const y = tensor([-2, 8]);
  assert.equal(nn.ReLU6(true)(y), y);
  assert.deepEqual(y.tolist(), [0, 6]);
  const leaf = tensor([1], { requires_grad: true });
  assert.throws(() => F.silu(leaf, true), /leaf Variable that requires grad/);
});

for (const c of fx.inplace) {
  Deno.test(`nn-act: F.${c.name}(x, ..., { inplace: true }) on a non-leaf writes x, records ${c.grad_fn} and gradients as torch`, () => {
    const leaf = tensor([-1.5, -0.25, 0.5, 2], { dtype: "float64", requires_grad: true });
    const x = leaf.clone();
    const y = (F as Any)[c.name](x, ...c.args, { ...c.kwargs, inplace: true });
    assert.equal(y, x, "the input itself");
    close(y, c.out, "output");
    assert.equal(y.grad_fn?.name(), c.grad_fn);
    y.backward(tensor([1, 2, 3, 4], { dtype: "float64" }));
    close(leaf.grad!, c.grad, "gradient");
  });
}
