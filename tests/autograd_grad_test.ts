/**
 * Autograd against PyTorch 1.13 (tests/fixtures/autograd.json, from
 * tools/gen_autograd_fixtures.py): first, second and third derivatives through
 * `autograd.grad(..., { create_graph: true })`, autograd.functional's transforms, hooks and
 * retain_grad, custom Functions, issue 20's four defects and torch's error messages.
 */
import assert from "node:assert/strict";
import * as kl from "../mod.ts";
import { autograd, F, type Tensor, tensor, zeros } from "../mod.ts";
import { gradgradcheck, type GradInput } from "./gradcheck.ts";

interface Enc {
  shape: number[];
  data: (number | string)[];
}
interface HigherCase {
  name: string;
  inputs: Enc[];
  w: Enc;
  v: Enc[];
  u: Enc[];
  first: (Enc | null)[];
  second: (Enc | null)[];
  third: (Enc | null)[];
}
type Nested = Enc | Nested[];
const FIXTURE = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/autograd.json", import.meta.url)),
) as {
  higher: HigherCase[];
  functional: Record<string, Nested>;
  errors: Record<string, string>;
  hooks: Record<string, unknown>;
  functions: Record<string, unknown>;
  defects: Record<string, unknown>;
};

/** `t.grad`, read through a function so TypeScript does not narrow it after `t.grad = null`. */
const gradOf = (t: Tensor): Tensor | null => t.grad;
const num = (v: number | string): number =>
  v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number(v);
const f64 = (e: Enc, requires_grad = false): Tensor =>
  tensor(e.data.map(num), { dtype: "float64", shape: e.shape, requires_grad });
const d = (data: number[], shape?: number[]): Tensor =>
  tensor(data, { dtype: "float64", shape: shape ?? [data.length] });

function close(got: Tensor | null, want: Enc | null, what: string, tol = 1e-10): void {
  if (want === null) {
    assert.ok(got === null || got.abs().max().item() === 0, `${what}: expected no gradient`);
    return;
  }
  assert.ok(got !== null, `${what}: got no gradient`);
  assert.deepEqual([...got.shape], want.shape, `${what}: shape`);
  const g = got.contiguous().toTypedArray();
  want.data.forEach((w, i) => {
    const e = num(w);
    assert.ok(
      Math.abs(g[i] - e) <= tol * (1 + Math.abs(e)),
      `${what}[${i}]: got ${g[i]}, torch ${e}`,
    );
  });
}

const IDX = tensor([[2, 0, 1], [1, 1, 0]], { dtype: "int64" });
const LABELS = tensor([2, 0], { dtype: "int64" });

/** The TypeScript twins of tools/gen_autograd_fixtures.py's HIGHER. */
const HIGHER: Record<string, (...xs: Tensor[]) => Tensor> = {
  "exp": (x) => x.exp(),
  "log": (x) => x.log(),
  "sqrt": (x) => x.sqrt(),
  "sigmoid": (x) => x.sigmoid(),
  "tanh": (x) => x.tanh(),
  "reciprocal": (x) => x.reciprocal(),
  "pow 3": (x) => x.pow(3),
  "pow tensor": (x, y) => x.pow(y),
  "mul": (x, y) => x.mul(y),
  "div": (x, y) => x.div(y),
  "xlogy": (x, y) => x.xlogy(y),
  "sum times x": (x) => x.sum().mul(x),
  "mean dim squared": (x) => x.mean(0).pow(2),
  "prod": (x) => x.prod(),
  "logsumexp": (x) => x.logsumexp(1),
  "var": (x) => x.var(1),
  "std": (x) => x.std(),
  "norm": (x) => x.norm(),
  "softmax": (x) => x.softmax(1),
  "log_softmax": (x) => x.log_softmax(1),
  "matmul": (a, b) => a.matmul(b).pow(2),
  "gather": (x) => x.gather(1, IDX).pow(2),
  "select": (x) => x.select(1, 1).pow(3),
  "expand": (x) => x.expand(2, 3).pow(3),
  "cumsum": (x) => x.cumsum(1).pow(2),
  "max dim": (x) => x.max(1).values.pow(3),
  "kl_div batchmean": (x, q) => F.kl_div(x.log_softmax(1), q, { reduction: "batchmean" }),
  "kl_div log_target": (x, q) => F.kl_div(x, q, { reduction: "sum", log_target: true }),
  "cross_entropy": (x) => F.cross_entropy(x, LABELS),
  "mse_loss": (x, y) => F.mse_loss(x, y),
  "linear": (x, w, b) => F.linear(x, w, b).pow(2),
};

function contract(gs: (Tensor | null)[], ws: Tensor[]): Tensor | null {
  let s: Tensor | null = null;
  gs.forEach((g, k) => {
    if (g === null || !g.requires_grad) return;
    const term = g.mul(ws[k]).sum();
    s = s === null ? term : s.add(term);
  });
  return s;
}

for (const c of FIXTURE.higher) {
  Deno.test(`first, second and third derivatives match torch: ${c.name}`, () => {
    const f = HIGHER[c.name];
    assert.ok(f !== undefined, `no TypeScript twin for ${c.name}`);
    const xs = c.inputs.map((e) => f64(e, true));
    const out = f(...xs);
    const g1 = autograd.grad(out.mul(f64(c.w)).sum(), xs, {
      create_graph: true,
      allow_unused: true,
    });
    g1.forEach((g, k) => close(g, c.first[k], `first[${k}]`));
    const s2 = contract(g1, c.v.map((e) => f64(e)));
    assert.ok(s2 !== null);
    const g2 = autograd.grad(s2, xs, { create_graph: true, allow_unused: true });
    g2.forEach((g, k) => close(g, c.second[k], `second[${k}]`));
    const s3 = contract(g2, c.u.map((e) => f64(e)));
    const g3 = s3 === null ? xs.map(() => null) : autograd.grad(s3, xs, { allow_unused: true });
    g3.forEach((g, k) => close(g, c.third[k], `third[${k}]`));
  });
}

const X2 = () => d([1, 2]);
const Y3 = () => d([0.5, -1, 3]);
const AF = autograd.functional;
/** The TypeScript twins of tools/gen_autograd_fixtures.py's FUNCTIONAL. */
const FUNCTIONAL: Record<string, () => unknown> = {
  "jacobian one": () => AF.jacobian((a) => a.pow(2).exp(), X2()),
  "jacobian tuple": () => AF.jacobian((a, b) => a.sum().mul(b), [X2(), Y3()]),
  "jacobian two outputs": () => AF.jacobian((a) => [a.pow(2), a.sum().exp()], X2()),
  "jacobian unused": () => AF.jacobian((a, _b) => a.pow(2), [X2(), Y3()]),
  "hessian one": () => AF.hessian((a) => a.pow(3).sum().add(a.prod()), X2()),
  "hessian tuple": () => AF.hessian((a, b) => a.pow(2).sum().mul(b.sum()), [X2(), Y3()]),
  "hessian kl": () =>
    AF.hessian(
      (a) => F.kl_div(a.log_softmax(0), d([0.2, 0.3, 0.5]), { reduction: "sum" }),
      Y3(),
    ),
  "vjp": () => AF.vjp((a) => a.pow(2).mul(3), X2(), d([1, -2])),
  "vjp scalar": () => AF.vjp((a) => a.pow(2).sum(), X2()),
  "vjp tuple": () => AF.vjp((a, b) => a.sum().mul(b), [X2(), Y3()], d([1, 0.5, 2])),
  "jvp": () => AF.jvp((a) => a.pow(3), X2(), d([1, 1])),
  "jvp tuple": () => AF.jvp((a, b) => a.sum().mul(b), [X2(), Y3()], [d([1, 2]), d([0, 1, 0])]),
  "hvp": () => AF.hvp((a) => a.pow(3).sum().add(a.prod()), X2(), d([1, -1])),
  "vhp": () => AF.vhp((a) => a.pow(3).sum().add(a.prod()), X2(), d([1, -1])),
  "hvp tuple": () =>
    AF.hvp((a, b) => a.pow(2).sum().mul(b.sum()), [X2(), Y3()], [d([1, 0]), d([0, 1, 1])]),
};

function compareNested(got: unknown, want: Nested, what: string): void {
  if (!Array.isArray(want)) {
    assert.ok(!Array.isArray(got), `${what}: torch has a tensor here, kldiv an array`);
    close(got as Tensor, want, what);
    return;
  }
  assert.ok(Array.isArray(got), `${what}: torch has a tuple here, kldiv a tensor`);
  assert.equal(got.length, want.length, `${what}: tuple length`);
  want.forEach((w, i) => compareNested(got[i], w, `${what}[${i}]`));
}

for (const [name, want] of Object.entries(FIXTURE.functional)) {
  Deno.test(`autograd.functional matches torch (values and tuple structure): ${name}`, () => {
    compareNested(FUNCTIONAL[name](), want, name);
  });
}

Deno.test("autograd.functional with create_graph keeps the graph", () => {
  const x = d([1, 2]).requires_grad_();
  const H = AF.hessian((a) => a.pow(3).sum(), x, { create_graph: true }) as Tensor;
  assert.ok(H.requires_grad);
  const [g] = autograd.grad(H.sum(), x);
  assert.deepEqual(g?.tolist(), [6, 6]);
});

const E = FIXTURE.errors;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const torchError = (key: string) => new RegExp(escape(E[key]));

Deno.test("autograd errors are torch's", () => {
  const x = tensor([1, 2], { requires_grad: true });
  assert.throws(
    () => autograd.grad(x.mul(2).sum(), [x, tensor([1, 1], { requires_grad: true })]),
    torchError("unused"),
  );
  assert.deepEqual(
    autograd.grad(x.mul(2).sum(), [x, tensor([1, 1], { requires_grad: true })], {
      allow_unused: true,
    })[1],
    null,
  );
  assert.throws(() => autograd.grad(x.mul(2).sum(), [zeros(2)]), torchError("input without grad"));
  assert.throws(() => autograd.grad(zeros(2).sum(), [x]), torchError("output without grad"));
  const y = x.mul(x).sum();
  autograd.grad(y, x);
  assert.throws(() => autograd.grad(y, x), torchError("second time"));
  assert.throws(() => x.mul(2).sum().backward({ inputs: [] }), torchError("empty inputs"));
  assert.throws(() => zeros(2).register_hook((g) => g), torchError("hook without grad"));
  assert.throws(() => zeros(2).retain_grad(), torchError("retain_grad without grad"));
  assert.throws(() => AF.vjp((a) => a.mul(2), X2()), torchError("vjp without v"));
  assert.throws(() => AF.hessian((a) => a.mul(2), X2()), torchError("hessian not scalar"));
  assert.throws(
    () => AF.jacobian((a, _b) => a.mul(2), [X2(), Y3()], { strict: true }),
    torchError("strict"),
  );
  class Bad extends autograd.Function {
    static override forward(_ctx: autograd.FunctionCtx, a: Tensor, b: Tensor): Tensor {
      return a.mul(b);
    }
    static override backward(_ctx: autograd.FunctionCtx, g: Tensor): Tensor[] {
      return [g];
    }
  }
  assert.throws(
    () => Bad.apply(x, tensor([1, 1], { requires_grad: true })).sum().backward(),
    torchError("Function gradient count"),
  );
  class Exp extends autograd.Function {
    static override forward(ctx: autograd.FunctionCtx, a: Tensor): Tensor {
      const r = a.exp();
      ctx.save_for_backward(r);
      return r;
    }
    static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
      return g.mul(ctx.saved_tensors[0]);
    }
  }
  const r = Exp.apply(x);
  r.add_(1);
  const core = E["Function saved modified"].split(" Hint:")[0];
  assert.throws(() => r.sum().backward(), new RegExp(escape(core)));
});

const H = FIXTURE.hooks;
Deno.test("hooks and retain_grad as torch: order, removal, autograd.grad skips leaf hooks", () => {
  const x = tensor([1, 2], { requires_grad: true });
  const h = x.register_hook((g) => g.mul(10));
  const [g] = autograd.grad(x.pow(2).sum(), x);
  assert.deepEqual(g?.tolist(), H["grad ignores a leaf hook"]);
  x.pow(2).sum().backward();
  assert.deepEqual(x.grad?.tolist(), H["backward runs a leaf hook"]);
  h.remove();
  x.grad = null;
  x.pow(2).sum().backward();
  assert.deepEqual(gradOf(x)?.tolist(), H["removed hook"]);
  x.grad = null;
  let z = x.mul(2);
  z.retain_grad();
  assert.equal(z.retains_grad, true);
  assert.equal(x.retains_grad, false);
  z.register_hook((g) => g.mul(3));
  z.pow(2).sum().backward();
  assert.deepEqual([gradOf(z)?.tolist(), gradOf(x)?.tolist()], H["retain then hook"]);
  x.grad = null;
  z = x.mul(2);
  z.register_hook((g) => g.mul(3));
  z.retain_grad();
  z.pow(2).sum().backward();
  assert.deepEqual([gradOf(z)?.tolist(), gradOf(x)?.tolist()], H["hook then retain"]);
});

Deno.test("backward({ create_graph }) leaves a .grad with a graph; inputs limits accumulation", () => {
  const x = tensor([1, 2], { requires_grad: true });
  x.pow(3).sum().backward({ create_graph: true });
  const [v1, name1, rg] = H["create_graph grad"] as [number[], string, boolean];
  assert.deepEqual(x.grad?.tolist(), v1);
  assert.equal(x.grad?.grad_fn?.name(), name1.replace("torch::autograd::", ""));
  assert.equal(x.grad?.requires_grad, rg);
  x.pow(3).sum().backward(null, null, true);
  const [v2, name2] = H["create_graph accumulates"] as [number[], string];
  assert.deepEqual(x.grad?.tolist(), v2);
  assert.equal(x.grad?.grad_fn?.name(), name2);
  const a = tensor([1, 2], { requires_grad: true });
  const b = tensor([3, 4], { requires_grad: true });
  a.mul(b).sum().backward({ inputs: [a] });
  assert.deepEqual([a.grad?.tolist(), b.grad === null], H["backward inputs"]);
});

const FN = FIXTURE.functions;
class GradReverse extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor, lambd: number): Tensor {
    ctx.lambd = lambd;
    return x.view_as(x);
  }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): (Tensor | null)[] {
    return [g.neg().mul(ctx.lambd as number), null];
  }
}
class StraightThrough extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor {
    ctx.save_for_backward(x);
    return x.round();
  }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
    const [x] = ctx.saved_tensors;
    return g.mul(x.abs().le(1).to(g.dtype));
  }
}

Deno.test("autograd.Function: a gradient-reversal layer and a straight-through estimator", () => {
  const x = tensor([0.3, -1.2, 0.8], { requires_grad: true });
  const y = GradReverse.apply(x.mul(2).pow(2), 0.5);
  assert.equal(y.grad_fn?.name(), FN["grl name"]);
  y.mul(tensor([1, 2, 3])).sum().backward();
  assert.deepEqual(x.grad?.tolist(), (FN["grl grad"] as number[]).map(Math.fround));
  x.grad = null;
  const s = StraightThrough.apply(x.mul(1.5));
  assert.deepEqual(s.tolist(), FN["ste value"]);
  assert.equal(s.grad_fn?.name(), FN["ste name"]);
  s.mul(tensor([1, 2, 3])).sum().backward();
  assert.deepEqual(gradOf(x)?.tolist(), (FN["ste grad"] as number[]).map(Math.fround));
});

Deno.test("autograd.Function: needs_input_grad, mark_non_differentiable, double backward", () => {
  let seen: readonly boolean[] = [];
  class Split extends autograd.Function {
    static override forward(ctx: autograd.FunctionCtx, a: Tensor, b: Tensor): Tensor[] {
      seen = ctx.needs_input_grad;
      const idx = a.argmax();
      ctx.mark_non_differentiable(idx);
      return [a.mul(b), idx];
    }
    static override backward(_ctx: autograd.FunctionCtx, g: Tensor, gi: Tensor): Tensor[] {
      assert.equal(gi.abs().sum().item(), 0);
      return [g.mul(2), g.mul(3)];
    }
  }
  const a = tensor([1, 2], { requires_grad: true });
  const [p, idx] = Split.apply(a, tensor([5, 6]));
  assert.deepEqual(seen, [true, false]);
  assert.equal(idx.requires_grad, false);
  p.sum().backward();
  assert.deepEqual(a.grad?.tolist(), [2, 2]);
  class Cube extends autograd.Function {
    static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor {
      ctx.save_for_backward(x);
      return x.pow(3);
    }
    static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
      const [x] = ctx.saved_tensors;
      return g.mul(3).mul(x.pow(2));
    }
  }
  const z = d([0.3, -1.2]).requires_grad_();
  const [g1] = autograd.grad(Cube.apply(z).sum(), z, { create_graph: true });
  const [g2] = autograd.grad(g1!.sum(), z);
  const [w1, w2] = FN["double backward through a Function"] as number[][];
  close(g1, { shape: [2], data: w1 }, "first");
  close(g2, { shape: [2], data: w2 }, "second");
});

const DEF = FIXTURE.defects;
Deno.test("issue 20 defect 1: the overwritten part of a view gets 0, not g·0 (NaN)", () => {
  const grid = () => tensor([[1, 2], [3, 4]], { requires_grad: true });
  let x = grid();
  let y = x.mul(1);
  y.index(":", 0).fill_(0);
  y.log().sum().backward();
  assert.deepEqual(x.grad?.flatten().tolist(), DEF["fill_ then log"]);
  x = grid();
  y = x.mul(1);
  y.index(":", 0).copy_(zeros(2));
  y.sqrt().sum().backward();
  assert.deepEqual(
    x.grad?.flatten().tolist(),
    (DEF["copy_ then sqrt"] as number[]).map(Math.fround),
  );
  x = grid();
  y = x.mul(1);
  y.index(0).zero_();
  y.log().sum().backward();
  assert.deepEqual(
    x.grad?.flatten().tolist(),
    (DEF["zero_ then log"] as number[]).map(Math.fround),
  );
  // And under create_graph (CopySlices recorded with a where, not a product).
  const x2 = tensor([[1, 2], [3, 4]], { dtype: "float64", requires_grad: true });
  const y2 = x2.mul(1);
  y2.index(":", 0).fill_(0);
  const [g] = autograd.grad(y2.log().sum(), x2, { create_graph: true });
  const [h] = autograd.grad(g!.sum(), x2);
  const [wg, wh] = DEF["fill_ then log, second order"] as number[][];
  close(g!.flatten(), { shape: [4], data: wg }, "first");
  close(h!.flatten(), { shape: [4], data: wh }, "second");
});

Deno.test("issue 20 defect 2: prod saves its output, so an in-place write to it is caught", () => {
  const p = tensor([1, 2, 3], { requires_grad: true }).prod();
  p.add_(1);
  const core = (DEF["prod modified"] as string).split(" Hint:")[0];
  assert.throws(() => p.backward(), new RegExp(escape(core)));
});

Deno.test("issue 20 defect 3: backward through an expanded view after its base is written", () => {
  const x = tensor([[1], [2]], { requires_grad: true });
  const y = x.mul(1);
  const e = y.expand(2, 3);
  y.mul_(2);
  e.sum().backward();
  assert.deepEqual(x.grad?.flatten().tolist(), DEF["expand after in-place"]);
});

Deno.test("issue 20 defect 4: 20,000 chained views replay without recursion", () => {
  const x = tensor([1, 2, 3], { requires_grad: true });
  const y = x.mul(1);
  let v = y;
  for (let i = 0; i < 20000; i++) v = v.view(3);
  y.mul_(2);
  v.mul(tensor([1, 2, 3])).sum().backward();
  assert.deepEqual(x.grad?.tolist(), DEF["20000 views"]);
});

Deno.test("gradgradcheck of custom Functions and the view-chain regeneration", () => {
  const cube = (x: Tensor) => {
    class C extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, a: Tensor): Tensor {
        ctx.save_for_backward(a);
        return a.pow(3);
      }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
        return g.mul(3).mul(ctx.saved_tensors[0].pow(2));
      }
    }
    return C.apply(x);
  };
  const inputs: GradInput[] = [{ data: [0.3, -1.2, 0.8] }];
  assert.ok(gradgradcheck(cube, inputs) < 1e-6);
  const regenerated = (x: Tensor) => {
    const y = x.mul(1);
    const e = y.expand(2, 3);
    y.mul_(2);
    return e.pow(2);
  };
  assert.ok(gradgradcheck(regenerated, [{ data: [0.5, -1, 2], shape: [1, 3] }]) < 1e-6);
});

Deno.test("enable_grad, set_grad_enabled and inference_mode switch recording as torch's", () => {
  const x = tensor([1, 2], { requires_grad: true });
  assert.equal(kl.no_grad(() => kl.enable_grad(() => x.mul(2))).requires_grad, true);
  assert.equal(kl.set_grad_enabled(false, () => x.mul(2)).requires_grad, false);
  assert.equal(kl.set_grad_enabled(true, () => x.mul(2)).requires_grad, true);
  assert.equal(kl.inference_mode(() => x.mul(2)).requires_grad, false);
  assert.equal(kl.inference_mode(() => x.mul(2), { mode: false }).requires_grad, true);
  kl.set_grad_enabled(false);
  try {
    assert.equal(kl.is_grad_enabled(), false);
    assert.equal(x.mul(2).requires_grad, false);
  } finally {
    kl.set_grad_enabled(true);
  }
  assert.equal(kl.is_grad_enabled(), true);
  assert.throws(() => kl.enable_grad(async () => {}), /async function/);
  assert.throws(() => kl.set_grad_enabled("no" as never), /argument 'mode' must be bool/);
});

Deno.test("requires_grad_ and is_leaf as torch's", () => {
  const x = tensor([1, 2]);
  assert.equal(x.is_leaf, true);
  assert.equal(x.requires_grad_(), x);
  assert.equal(x.requires_grad, true);
  const y = x.mul(2);
  assert.equal(y.is_leaf, false);
  assert.equal(kl.no_grad(() => x.mul(2)).is_leaf, true);
  assert.equal(x.detach().is_leaf, true);
  assert.throws(() => y.requires_grad_(false), /only change requires_grad flags of leaf variables/);
});
