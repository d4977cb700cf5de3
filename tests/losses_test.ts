import assert from "node:assert/strict";
import { F, nn, Node, type Tensor, tensor, zeros } from "../mod.ts";
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

/** Runs `f`, returning the warnings it printed (console.warn), as torch's warnings capture. */
function warnings(f: () => void): string[] {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.join(" "));
  try {
    f();
  } finally {
    console.warn = original;
  }
  return seen;
}

// First in the file, so no other test has printed this message yet.
Deno.test("legacy keys print torch's deprecation warning once per process", () => {
  const x = tensor([1, 2]);
  const y = tensor([0, 0]);
  const first = warnings(() => F.l1_loss(x, y, { reduce: false, size_average: true }));
  assert.deepEqual(first, [
    "UserWarning: size_average and reduce args will be deprecated, please use reduction='none' instead.",
  ]);
  assert.deepEqual(warnings(() => nn.MSELoss({ reduce: false })), []);
});

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

Deno.test("legacy keys map to a reduction as torch's _Reduction.legacy_get_string", () => {
  for (const [size_average, reduce, expected] of fixture.legacy) {
    const module = nn.MSELoss({ size_average, reduce });
    assert.equal(module.reduction, expected, `size_average=${size_average}, reduce=${reduce}`);
  }
  assert.equal(nn.NLLLoss({ size_average: false }).reduction, "sum");
  assert.equal(nn.KLDivLoss({ size_average: false }).reduction, "sum");
  assert.equal(nn.KLDivLoss({ reduce: false, reduction: "batchmean" }).reduction, "none");
});

Deno.test("a legacy key overrides an explicit reduction, on every loss and kl_div", () => {
  const x = tensor([[0.2, -1.0, 0.5], [1.5, 0.1, -0.3]], { dtype: "float64" });
  const p = tensor([[0.1, 0.6, 0.3], [0.7, 0.2, 0.1]], { dtype: "float64" });
  const labels = tensor([2, 0], { dtype: "int64" });
  const calls: [string, (o: object) => Tensor][] = [
    ["cross_entropy", (o) => F.cross_entropy(x, labels, o)],
    ["nll_loss", (o) => F.nll_loss(x, labels, o)],
    ["mse_loss", (o) => F.mse_loss(x, p, o)],
    ["l1_loss", (o) => F.l1_loss(x, p, o)],
    ["smooth_l1_loss", (o) => F.smooth_l1_loss(x, p, o)],
    ["binary_cross_entropy", (o) => F.binary_cross_entropy(p, p.rsub(1), o)],
    ["binary_cross_entropy_with_logits", (o) => F.binary_cross_entropy_with_logits(x, p, o)],
    ["poisson_nll_loss", (o) => F.poisson_nll_loss(x, p, o)],
    ["kl_div", (o) => F.kl_div(F.log_softmax(x, 1), p, o)],
  ];
  warnings(() => {
    for (const [name, call] of calls) {
      const sum = call({ reduction: "sum" }).item();
      assert.equal(call({ size_average: false, reduction: "mean" }).item(), sum, name);
      assert.equal(call({ size_average: false, reduce: true, reduction: "none" }).item(), sum);
      const none = call({ reduction: "none" }).tolist();
      assert.deepEqual(call({ reduce: false, reduction: "sum" }).tolist(), none, name);
      const mean = call({ reduction: "mean" }).item();
      assert.equal(call({ size_average: true, reduction: "sum" }).item(), mean, name);
      // null counts as not given, so the explicit reduction stands.
      assert.equal(call({ size_average: null, reduce: null, reduction: "sum" }).item(), sum);
    }
  });
});

Deno.test("kl_div chosen as 'mean' by the legacy keys does not print the 'mean' warning", () => {
  const printed = warnings(() =>
    F.kl_div(tensor([-1, -2]), tensor([0.5, 0.5]), { size_average: true, reduce: true })
  );
  assert.ok(printed.every((w) => !w.includes("'batchmean'")), printed.join("\n"));
});

Deno.test("cross_entropy with every target ignored: mean is NaN (0/0), sum is 0", () => {
  const x = zeros(2, 3);
  const t = tensor([1, 1], { dtype: "int64" });
  assert.ok(Number.isNaN(F.cross_entropy(x, t, { ignore_index: 1 }).item()));
  assert.ok(Number.isNaN(F.nll_loss(x, t, { ignore_index: 1 }).item()));
  assert.ok(
    Number.isNaN(F.cross_entropy(x, t, { ignore_index: 1, label_smoothing: 0.1 }).item()),
  );
  assert.equal(F.cross_entropy(x, t, { ignore_index: 1, reduction: "sum" }).item(), 0);
});

Deno.test("errors say what was expected and what was received, with torch's words", () => {
  const x = zeros(3, 4);
  const long = (v: number[]) => tensor(v, { dtype: "int64" });
  const cases: [() => unknown, RegExp][] = [
    [() => F.cross_entropy(x, tensor([0, 2, 3])), /expected scalar type Long but found Float/],
    [() => F.nll_loss(x, tensor([0, 2, 3]).double()), /expected scalar type Long but found Double/],
    [() => F.cross_entropy(x, long([0, 5, 1])), /cross_entropy: Target 5 is out of bounds\.$/],
    [() => F.nll_loss(x, long([0, -1, 1])), /nll_loss: Target -1 is out of bounds\.$/],
    [
      () => F.nll_loss(x, long([0, 1])),
      /Expected input batch_size \(3\) to match target batch_size \(2\)\./,
    ],
    [
      () => F.cross_entropy(x, zeros(3, 5)),
      /0D or 1D target tensor expected, multi-target not supported/,
    ],
    [
      () => F.cross_entropy(x, long([0, 1, 2]), { weight: tensor([1, 1, 1]) }),
      /weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: \[3\]/,
    ],
    [
      () => F.cross_entropy(x, long([0, 1, 2]), { weight: tensor([1, 1, 1, 1]).double() }),
      /expected scalar type Float but found Double/,
    ],
    [
      () => F.cross_entropy(x, long([0, 1, 2]), { label_smoothing: 1.5 }),
      /label_smoothing must be between 0\.0 and 1\.0\. Got: 1\.5/,
    ],
    [
      () => F.cross_entropy(x, zeros(3, 4).long()),
      /Expected floating point type for target with class probabilities, got Long/,
    ],
    [
      () => F.cross_entropy(x, zeros(3, 4), { ignore_index: 1 }),
      /ignore_index is not supported for floating point target/,
    ],
    [
      () => F.cross_entropy(zeros(2, 3, 5), long([0, 1, 2, 0, 1, 2, 0, 1]).view(2, 4)),
      /Expected target size \[2, 5\], got \[2, 4\]/,
    ],
    [() => F.cross_entropy(x, long([0, 1, 2]), { reduction: "batchmean" as "mean" }), /reduction/],
    [() => F.mse_loss(x, zeros(5)), /size of tensor|broadcast/],
    [
      () => F.binary_cross_entropy(x, zeros(4)),
      /Using a target size \(torch\.Size\(\[4\]\)\) that is different to the input size \(torch\.Size\(\[3, 4\]\)\) is deprecated/,
    ],
    [
      () => F.binary_cross_entropy(tensor([0.5, 1.5]), tensor([0, 1])),
      /all elements of input should be between 0 and 1/,
    ],
    [
      () => F.binary_cross_entropy_with_logits(x, zeros(4)),
      /Target size \(torch\.Size\(\[4\]\)\) must be the same as input size \(torch\.Size\(\[3, 4\]\)\)/,
    ],
    [() => F.smooth_l1_loss(x, x, { beta: -1 }), /does not support negative values for beta/],
    [() => F.mse_loss(x, x, { reduce: "no" as unknown as boolean }), /reduce must be a boolean/],
    [() => F.mse_loss(x, x, { weight: x } as object), /unknown option "weight"/],
    [() => F.l1_loss(long([1]), long([2])), /floating point/],
    [
      () =>
        F.nll_loss(x, long([0, 1, 2]), { weight: tensor([1, 1, 1, 1], { requires_grad: true }) }),
      /the derivative for 'weight' is not implemented/,
    ],
  ];
  for (const [call, message] of cases) assert.throws(call, message);
});

Deno.test("modules: callable with or without new, options checked at construction, torch's repr", () => {
  const modules = [
    ["CrossEntropyLoss", nn.CrossEntropyLoss],
    ["NLLLoss", nn.NLLLoss],
    ["MSELoss", nn.MSELoss],
    ["L1Loss", nn.L1Loss],
    ["SmoothL1Loss", nn.SmoothL1Loss],
    ["BCELoss", nn.BCELoss],
    ["BCEWithLogitsLoss", nn.BCEWithLogitsLoss],
    ["PoissonNLLLoss", nn.PoissonNLLLoss],
  ] as const;
  for (const [name, Ctor] of modules) {
    const built = new (Ctor as new (o?: object) => nn.Loss)({ reduction: "sum" });
    assert.equal(String(built), `${name}()`);
    assert.equal(Deno.inspect(built), `${name}()`);
    assert.equal(built.reduction, "sum");
    assert.equal((Ctor as (o?: object) => nn.Loss)().reduction, "mean");
    assert.throws(() => (Ctor as (o?: object) => nn.Loss)({ reduction: "avg" }), /reduction "avg"/);
    assert.throws(
      () => (Ctor as (o?: object) => nn.Loss)({ typo: 1 }),
      new RegExp(`${name}: unknown option "typo"`),
    );
  }
  assert.throws(
    () => nn.CrossEntropyLoss({ label_smoothing: 2 }),
    /label_smoothing must be between/,
  );
  assert.throws(() => nn.SmoothL1Loss({ beta: -0.5 }), /negative values for beta/);
  const w = tensor([1, 2, 3]);
  const ce = nn.CrossEntropyLoss({ weight: w, ignore_index: 0, label_smoothing: 0.1 });
  assert.equal(ce.weight, w);
  assert.equal(ce.ignore_index, 0);
  const x = tensor([[0.5, 1.0, -1.0], [0.3, 0.2, 0.1]], { requires_grad: true });
  const t = tensor([2, 0], { dtype: "int64" });
  assert.equal(
    ce(x, t).item(),
    F.cross_entropy(x, t, { weight: w, ignore_index: 0, label_smoothing: 0.1 }).item(),
  );
  assert.equal(ce.forward(x, t).grad_fn?.name(), "AddBackward0");
});

Deno.test("gradcheck (float64): every loss, in input and in target where torch differentiates it", () => {
  const x = [0.3, -1.2, 0.8, 2.0, -0.5, 0.1];
  const p = [0.2, 0.7, 0.4, 0.9, 0.1, 0.6];
  const labels = tensor([2, 0], { dtype: "int64" });
  const w = tensor([0.5, 2, 1], { dtype: "float64" });
  const checks: [string, (...t: Tensor[]) => Tensor, number[][]][] = [
    [
      "cross_entropy",
      (a) => F.cross_entropy(a.view(2, 3), labels, { weight: w, label_smoothing: 0.2 }),
      [x],
    ],
    [
      "cross_entropy probs",
      (a, b) => F.cross_entropy(a.view(2, 3), b.view(2, 3), { label_smoothing: 0.1, weight: w }),
      [x, p],
    ],
    [
      "cross_entropy spatial",
      (a) => F.cross_entropy(a.view(1, 3, 2), labels.view(1, 2), { reduction: "none" }),
      [x],
    ],
    ["nll_loss", (a) => F.nll_loss(a.view(2, 3), labels, { weight: w }), [x]],
    ["mse_loss", (a, b) => F.mse_loss(a, b), [x, p]],
    ["l1_loss", (a, b) => F.l1_loss(a, b, { reduction: "none" }), [x, p]],
    ["smooth_l1_loss", (a, b) => F.smooth_l1_loss(a, b, { beta: 0.7 }), [x, p]],
    [
      "binary_cross_entropy",
      (a, b) => F.binary_cross_entropy(a.view(2, 3), b.view(2, 3), { weight: w }),
      [p, p.map((v) => 1 - v)],
    ],
    [
      "binary_cross_entropy_with_logits",
      (a, b) =>
        F.binary_cross_entropy_with_logits(a.view(2, 3), b.view(2, 3), {
          pos_weight: w,
          reduction: "sum",
        }),
      [x, p],
    ],
    ["poisson_nll_loss", (a, b) => F.poisson_nll_loss(a, b.mul(3), { full: true }), [x, p]],
    [
      "poisson_nll_loss rate",
      (a, b) => F.poisson_nll_loss(a, b, { log_input: false, reduction: "none" }),
      [p, x.map(Math.abs)],
    ],
  ];
  for (const [name, f, inputs] of checks) {
    const err = gradcheck(f, inputs);
    assert.ok(err < 1e-6, `${name}: worst error ${err}`);
  }
});

Deno.test("target dtypes: promoted where torch promotes, refused where torch refuses", () => {
  const x = tensor([[0.5, -1.0, 2.0]], { requires_grad: true });
  const long = tensor([[1, 0, 2]], { dtype: "int64" });
  const double = tensor([[0.25, 0.5, 1.0]], { dtype: "float64" });
  // mse/l1/smooth_l1/poisson: torch's type promotion (float32 with int64 is float32).
  assert.equal(F.mse_loss(x, long).dtype, "float32");
  assert.equal(F.mse_loss(x, long).item(), Math.fround((0.25 + 1 + 0) / 3));
  assert.equal(F.l1_loss(x, double).dtype, "float64");
  assert.equal(F.smooth_l1_loss(x, long).dtype, "float32");
  assert.equal(F.poisson_nll_loss(x, long).dtype, "float32");
  // with_logits promotes float targets; its gradient reaches the float32 input as float32.
  const l = F.binary_cross_entropy_with_logits(x, double);
  assert.equal(l.dtype, "float64");
  l.backward();
  assert.equal(x.grad?.dtype, "float32");
  assert.throws(
    () => F.binary_cross_entropy_with_logits(x, long),
    /result type Float can't be cast to the desired output type Long/,
  );
  assert.throws(
    () => F.binary_cross_entropy(tensor([[0.5, 0.25, 0.75]]), double),
    /Found dtype Double but expected Float/,
  );
  assert.throws(() => F.mse_loss(long, long), /floating point/);
  assert.throws(() => F.cross_entropy(long, tensor([0], { dtype: "int64" })), /floating point/);
});
