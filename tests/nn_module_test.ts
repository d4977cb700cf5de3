/**
 * nn.Module, nn.Parameter, nn.Linear / Sequential / ReLU and nn.init against PyTorch 1.13
 * (tests/fixtures/train.json, written by tools/gen_train_fixtures.py).
 */
import assert from "node:assert/strict";
import { manual_seed, nn, ones, type Tensor, tensor, zeros } from "../mod.ts";
import { gradcheck } from "./gradcheck.ts";

const fixture = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/train.json", import.meta.url)),
);

const f32 = (xs: number[]) => xs.map(Math.fround);

for (const c of fixture.init) {
  Deno.test(`nn.Linear(${c.in}, ${c.out}) after manual_seed(${c.seed}) (${c.dtype}, bias=${c.bias}) has torch's exact parameters`, () => {
    manual_seed(c.seed);
    const fc = nn.Linear(c.in, c.out, { bias: c.bias, dtype: c.dtype });
    const want = (xs: number[]) => (c.dtype === "float32" ? f32(xs) : xs);
    assert.deepEqual(Array.from(fc.weight.toTypedArray()), want(c.weight));
    if (c.bias) assert.deepEqual(Array.from(fc.bias!.toTypedArray()), want(c.bias_values));
    else assert.equal(fc.bias, null);
    assert.equal(fc.weight.dtype, c.dtype);
    assert.ok(fc.weight.requires_grad && fc.weight.is_leaf);
  });
}

for (const c of fixture.init_fns) {
  Deno.test(`nn.init.${c.name}(${JSON.stringify(c.args)}) on ${c.dtype} ${JSON.stringify(c.shape)} draws torch's numbers`, () => {
    manual_seed(c.seed);
    const t = zeros(c.shape, { dtype: c.dtype });
    // deno-lint-ignore no-explicit-any
    const fn = (nn.init as any)[c.name];
    const r = c.name === "kaiming_uniform_" ? fn(t) : fn(t, ...c.args);
    assert.equal(r, t);
    const got = Array.from(t.toTypedArray());
    const want = c.dtype === "float32" ? f32(c.values) : c.values;
    if (c.name === "normal_") {
      // Box–Muller through JavaScript's Math.log/cos: the same uniforms, last-bit differences.
      got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 1e-6 * (1 + Math.abs(want[i]))));
    } else assert.deepEqual(got, want);
  });
}

class Inner extends nn.Module {
  lin = nn.Linear(2, 2);
  scale: Tensor;
  declare running: Tensor;
  constructor() {
    super();
    this.register_buffer("running", zeros(2));
    this.register_buffer("scratch", zeros(1), false);
    this.scale = nn.Parameter(ones(1));
  }
}

class Outer extends nn.Module {
  first = nn.Linear(3, 2);
  inner = new Inner();
  w = nn.Parameter(zeros(2));
  seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1));
  forward(x: Tensor): Tensor {
    return this.seq(this.first(x).add(this.w));
  }
}

Deno.test("state_dict and named_parameters list keys in torch's order", () => {
  const m = new Outer();
  assert.deepEqual(Object.keys(m.state_dict()), fixture.state_dict_keys);
  assert.deepEqual(m.named_parameters().map(([k]) => k), fixture.named_parameters);
  assert.equal(m.parameters().length, fixture.named_parameters.length);
  assert.deepEqual(m.named_buffers().map(([k]) => k), ["inner.running", "inner.scratch"]);
});

Deno.test("a Module subclass instance is callable, keeps private fields, and is instanceof its classes", () => {
  class Scaled extends nn.Module {
    #factor: number;
    constructor(factor: number) {
      super();
      this.#factor = factor;
    }
    forward(x: Tensor): Tensor {
      return x.mul(this.#factor);
    }
    get factor(): number {
      return this.#factor;
    }
  }
  const m = new Scaled(3);
  assert.equal(typeof m, "function");
  assert.ok(m instanceof Scaled && m instanceof nn.Module);
  assert.deepEqual(m(tensor([1, 2])).tolist(), [3, 6]);
  assert.equal(m.factor, 3);
  // A function's own `name` and `length` are removed, so a module may use those keys.
  (m as unknown as { name: string }).name = "scaled";
  assert.deepEqual(Object.keys(m), ["training", "name"]);
  assert.ok(nn.Linear(1, 1) instanceof nn.Linear);
  assert.ok(new nn.Linear(1, 1) instanceof nn.Module);
});

Deno.test("a module without forward fails with torch's message", () => {
  class Empty extends nn.Module {}
  assert.throws(
    () => new Empty()(zeros(1)),
    /Module \[Empty\] is missing the required "forward" function/,
  );
});

Deno.test("train() / eval() set training on every sub-module", () => {
  const m = new Outer();
  assert.equal(m.training, true);
  assert.equal(m.eval(), m);
  assert.ok(m.modules().every((x) => x.training === false));
  m.train();
  assert.ok(m.modules().every((x) => x.training === true));
  assert.throws(() => m.train("no" as unknown as boolean), /mode is expected to be a boolean/);
});

Deno.test("zero_grad zeroes grads in place (torch 1.13's default), or sets them to null", () => {
  const fc = nn.Linear(2, 1);
  fc(ones(3, 2)).sum().backward();
  const g = fc.weight.grad!;
  assert.notDeepEqual(g.tolist(), [[0, 0]]);
  fc.zero_grad();
  assert.equal(fc.weight.grad, g, "same tensor, as torch's set_to_none=False");
  assert.deepEqual(g.tolist(), [[0, 0]]);
  fc.zero_grad(true);
  assert.equal(fc.weight.grad, null);
  assert.equal(fc.bias!.grad, null);
});

Deno.test("Linear computes x Wᵀ + b with AddmmBackward0 and gradients for W, b and x", () => {
  const fc = nn.Linear(2, 2);
  nn.init.ones_(fc.weight);
  nn.init.zeros_(fc.bias!);
  const x = tensor([[1, 2], [3, 4]], { requires_grad: true });
  const y = fc(x);
  assert.deepEqual(y.tolist(), [[3, 3], [7, 7]]);
  assert.equal(y.grad_fn?.name(), "AddmmBackward0");
  y.sum().backward();
  assert.deepEqual(fc.weight.grad!.tolist(), [[4, 6], [4, 6]]);
  assert.deepEqual(fc.bias!.grad!.tolist(), [2, 2]);
  assert.deepEqual(x.grad!.tolist(), [[2, 2], [2, 2]]);
  assert.equal(
    String(nn.Linear(3, 1, { bias: false })),
    "Linear(in_features=3, out_features=1, bias=False)",
  );
});

Deno.test("Sequential chains its modules, indexes them and prints like torch", () => {
  const seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1));
  assert.equal(seq.length, 3);
  assert.ok(seq[1] instanceof nn.ReLU);
  assert.deepEqual(seq(zeros(4, 2)).shape, [4, 1]);
  assert.equal(
    String(seq),
    "Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=3, out_features=1, bias=True)\n)",
  );
  assert.throws(
    () => nn.Sequential(nn.ReLU(), 3 as unknown as nn.Module),
    /argument 1 is not a Module subclass/,
  );
});

Deno.test("ReLU: ReluBackward0, zero gradient at 0 as torch's threshold_backward, gradcheck", () => {
  const x = tensor([-1, 0, 2], { requires_grad: true });
  const y = nn.ReLU()(x);
  assert.equal(y.grad_fn?.name(), "ReluBackward0");
  y.sum().backward();
  assert.deepEqual(x.grad!.tolist(), [0, 0, 1]);
  assert.ok(gradcheck((a) => nn.ReLU()(a), [[-1.5, 0.3, 2, -0.1]]) < 1e-7);
  const z = tensor([-1, 3]);
  const relu_ = nn.ReLU({ inplace: true });
  assert.equal(String(relu_), "ReLU(inplace=True)");
  assert.equal(relu_(z), z);
  assert.deepEqual(z.tolist(), [0, 3]);
  assert.throws(() => nn.ReLU({ inplace: 1 as unknown as boolean }), /'inplace' must be a boolean/);
  assert.throws(
    () => nn.ReLU({ in_place: true } as never),
    /unexpected keyword argument "in_place"/,
  );
});

Deno.test("state_dict round-trips through JSON; load_state_dict reports torch's errors", () => {
  manual_seed(3);
  const a = new Outer();
  const b = new Outer();
  const text = JSON.stringify(a.state_dict());
  const parsed = JSON.parse(text);
  assert.deepEqual(Object.keys(parsed["first.weight"]), ["shape", "dtype", "data"]);
  b.load_state_dict(parsed);
  assert.deepEqual(b.first.weight.tolist(), a.first.weight.tolist());
  assert.deepEqual(b.inner.running.tolist(), [0, 0]);
  assert.deepEqual(b(ones(1, 3)).tolist(), a(ones(1, 3)).tolist());
  // Tensors are accepted too, and the copy is not linked to the source.
  const fc = nn.Linear(2, 1);
  fc.load_state_dict({ weight: tensor([[5, 6]]), bias: tensor([7]) });
  assert.deepEqual(fc.weight.tolist(), [[5, 6]]);
  assert.ok(fc.weight.requires_grad && fc.weight.is_leaf);
  assert.throws(
    () => fc.load_state_dict({ weight: tensor([[1, 2]]), extra: tensor([1]) }),
    /Error\(s\) in loading state_dict for Linear:\n\tUnexpected key\(s\) in state_dict: "extra". \n\tMissing key\(s\) in state_dict: "bias"./,
  );
  assert.throws(
    () => fc.load_state_dict({ weight: tensor([[1, 2, 3]]), bias: tensor([1]) }),
    /size mismatch for weight: copying a param with shape torch.Size\(\[1, 3\]\) from checkpoint, the shape in current model is torch.Size\(\[1, 2\]\)/,
  );
  assert.deepEqual(fc.load_state_dict({ weight: tensor([[1, 2]]) }, false), {
    missing_keys: ["bias"],
    unexpected_keys: [],
  });
  const nan = JSON.parse(
    JSON.stringify(
      nn.Linear(1, 1).load_state_dict({ weight: tensor([[NaN]]), bias: tensor([Infinity]) }, true),
    ),
  );
  assert.deepEqual(nan, { missing_keys: [], unexpected_keys: [] });
});

Deno.test("non-finite values survive the JSON state as strings", () => {
  const fc = nn.Linear(1, 1);
  fc.load_state_dict({ weight: tensor([[NaN]]), bias: tensor([-Infinity]) });
  const parsed = JSON.parse(JSON.stringify(fc.state_dict()));
  assert.deepEqual(parsed.weight.data, ["nan"]);
  assert.deepEqual(parsed.bias.data, ["-inf"]);
  const back = nn.Linear(1, 1);
  back.load_state_dict(parsed);
  assert.ok(Number.isNaN(back.weight.item()));
  assert.equal(back.bias!.item(), -Infinity);
});

Deno.test("register_parameter / add_module / bad names and bad inputs are reported", () => {
  const m = new (class extends nn.Module {})();
  m.register_parameter("p", zeros(2));
  m.add_module("child", nn.Linear(1, 1));
  assert.deepEqual(m.named_parameters().map(([k]) => k), ["p", "child.weight", "child.bias"]);
  assert.throws(() => m.register_buffer("a.b", zeros(1)), /can't be empty or contain "."/);
  assert.throws(() => m.add_module("x", {} as nn.Module), /x is not a Module subclass/);
  assert.throws(
    () => nn.Linear(-1, 2),
    /in_features must be a non-negative integer, got number -1/,
  );
  assert.throws(() => nn.Linear(2, 2, { bias: 1 as unknown as boolean }), /bias must be a boolean/);
  assert.throws(() => nn.Linear(2, 2, { biass: true } as never), /unknown option "biass"/);
  assert.throws(() => nn.init.uniform_(zeros(2), 1, 0), /from=1 > to=0/);
  assert.throws(() => nn.init.kaiming_uniform_(zeros(3)), /fewer than 2 dimensions/);
  assert.throws(
    () => nn.init.uniform_(zeros(2, { dtype: "int64" })),
    /expected a float32 or float64 tensor, got int64/,
  );
});

Deno.test("apply visits children before their parent; requires_grad_ freezes every parameter", () => {
  const m = new Outer();
  const seen: string[] = [];
  assert.equal(m.apply((x) => seen.push(x.constructor.name)), m);
  assert.deepEqual(seen, [
    "Linear",
    "Linear",
    "Inner",
    "Linear",
    "ReLU",
    "Linear",
    "Sequential",
    "Outer",
  ]);
  assert.equal(m.requires_grad_(false), m);
  assert.ok(m.parameters().every((p) => !p.requires_grad));
  m.requires_grad_();
  assert.ok(m.parameters().every((p) => p.requires_grad));
  assert.throws(() => m.apply(3 as never), /apply: expected a function of a module, got number/);
});
