/**
 * The strided core and the gather/creation ops against PyTorch 1.13: every case of
 * tests/fixtures/core.json (written by tools/gen_core_fixtures.py) has its kldiv port here
 * under the same name, and every key the Python case returned is compared: tensors on shape,
 * dtype, values (float32 within 1e-6 relative, everything else exact), torch's repr and the
 * grad_fn name (views also on stride, storage offset and contiguity); errors on torch's
 * message, which ours must contain.
 */
import assert from "node:assert/strict";
import {
  arange,
  argmin,
  cat,
  count_nonzero,
  eye,
  full_like,
  gather,
  index_select,
  linspace,
  manual_seed,
  masked_select,
  multinomial,
  nonzero,
  ones,
  ones_like,
  rand,
  randint,
  set_default_dtype,
  stack,
  take_along_dim,
  type Tensor,
  tensor,
  where,
  zeros,
  zeros_like,
} from "../mod.ts";
import { Tensor as TensorClass } from "../mod.ts";
import { gradcheck } from "./gradcheck.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const fixture = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/core.json", import.meta.url)),
) as { cases: Record<string, Record<string, Json>> };

type Result = Record<string, unknown>;

/** The gradient weights the generator passes to backward: 1/8, 2/8, ... in `shape`. */
function weights(shape: readonly number[], dtype: "float32" | "float64" = "float32"): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return arange(1, n + 1, { dtype }).div(8).reshape([...shape]);
}

function x23(rg = true): Tensor {
  return tensor([[1, 2, 3], [4, 5, 6]], { requires_grad: rg });
}

/** Runs `fn` and returns its error message, or null when it did not throw. */
function err(fn: () => unknown): { error: string | null } {
  try {
    fn();
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { error: null };
}

function decode(v: Json): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return v as number;
}

function flat(t: Tensor): number[] {
  return Array.from(t.toTypedArray(), Number);
}

function compare(actual: unknown, expected: Json, path: string): void {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    if (expected.tensor === true) {
      assert.ok(actual instanceof TensorClass, `${path}: expected a tensor, got ${actual}`);
      const t = actual as Tensor;
      assert.deepEqual(t.shape, expected.shape, `${path}: shape`);
      assert.equal(t.dtype, expected.dtype, `${path}: dtype`);
      compareData(flat(t), expected.data as Json[], t.dtype, path);
      assert.equal(String(t), expected.repr, `${path}: repr`);
      assert.equal(t.grad_fn?.name() ?? null, expected.grad_fn, `${path}: grad_fn`);
      if ("stride" in expected) {
        assert.deepEqual(t.stride(), expected.stride, `${path}: stride`);
        assert.equal(t.storage_offset(), expected.offset, `${path}: storage_offset`);
        assert.equal(t.is_contiguous(), expected.contiguous, `${path}: is_contiguous`);
      }
      return;
    }
    if ("error" in expected && Object.keys(expected).length === 1) {
      const got = (actual as { error: string | null }).error;
      if (expected.error === null) assert.equal(got, null, `${path}: unexpected error`);
      else {
        assert.ok(got !== null, `${path}: expected torch's error "${expected.error}"`);
        // torch's own hint after "instead." points at its anomaly mode; ours names the fix.
        const core = (expected.error as string).split(" Hint:")[0];
        assert.ok(got.includes(core), `${path}: "${got}" lacks torch's "${core}"`);
      }
      return;
    }
    const a = actual as Record<string, unknown>;
    assert.deepEqual(
      Object.keys(a).sort(),
      Object.keys(expected).sort(),
      `${path}: keys`,
    );
    for (const k of Object.keys(expected)) compare(a[k], expected[k], `${path}.${k}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array`);
    assert.equal((actual as unknown[]).length, expected.length, `${path}: length`);
    expected.forEach((e, i) => compare((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (typeof actual === "number") {
    assert.ok(
      Object.is(actual, decode(expected)) || actual === decode(expected),
      `${path}: ${actual} vs torch ${expected}`,
    );
  } else assert.equal(actual, expected, path);
}

function compareData(actual: number[], expected: Json[], dtype: string, path: string): void {
  assert.equal(actual.length, expected.length, `${path}: numel`);
  expected.forEach((e, i) => {
    const want = decode(e);
    const got = actual[i];
    if (Number.isNaN(want)) assert.ok(Number.isNaN(got), `${path}[${i}]: ${got} is not NaN`);
    else if (dtype === "float32") {
      assert.ok(
        Math.abs(got - want) <= 1e-6 * Math.abs(want) + 1e-7,
        `${path}[${i}]: ${got} vs torch ${want}`,
      );
    } else assert.equal(got, want, `${path}[${i}]`);
  });
}

const CASES: Record<string, () => Result> = {
  // ------------------------------------------------------------------------- gather family
  gather_dim1() {
    const x = x23();
    const out = x.gather(1, tensor([[2n, 2n], [0n, 1n]]));
    out.backward(weights(out.shape));
    return { out, grad: x.grad };
  },
  gather_dim0_smaller_index() {
    const x = x23();
    const out = gather(x, 0, tensor([[1n, 0n]]));
    out.backward(weights(out.shape));
    return { out, grad: x.grad };
  },
  gather_errors() {
    const x = x23(false);
    return {
      float_index: err(() => x.gather(1, tensor([[0]]))),
      out_of_bounds: err(() => x.gather(1, tensor([[3n]]))),
      ndim: err(() => x.gather(1, tensor([0n]))),
    };
  },
  index_select_repeats() {
    const x = x23();
    const out = x.index_select(0, tensor([1n, 0n, 1n]));
    out.backward(weights(out.shape));
    return { out, grad: x.grad };
  },
  index_select_dim1_int64() {
    const x = tensor([[1n, 2n, 3n], [4n, 5n, 6n]]);
    return { out: index_select(x, 1, tensor([2n, 0n])) };
  },
  scatter_src() {
    const x = tensor([[1, 2, 3, 4], [5, 6, 7, 8]], { requires_grad: true });
    const src = tensor([[10, 20], [40, 50]], { requires_grad: true });
    const out = x.scatter(1, tensor([[1n, 3n], [0n, 1n]]), src);
    out.backward(weights(out.shape));
    return { out, grad_x: x.grad, grad_src: src.grad };
  },
  scatter_value() {
    const x = x23();
    const out = x.scatter(1, tensor([[0n], [2n]]), 0.5);
    out.backward(weights(out.shape));
    return { out, grad: x.grad };
  },
  scatter_add_repeats() {
    const x = zeros(3, { requires_grad: true });
    const src = tensor([1, 2, 4, 8], { requires_grad: true });
    const out = x.scatter_add(0, tensor([0n, 2n, 0n, 0n]), src);
    out.backward(weights(out.shape));
    return { out, grad_x: x.grad, grad_src: src.grad };
  },
  scatter_inplace_label_smoothing() {
    const target = tensor([2n, 1n, 0n, 3n]);
    const true_dist = zeros(4, 5);
    true_dist.fill_(0.1 / 3);
    true_dist.scatter_(1, target.data.unsqueeze(1), 0.9);
    true_dist.index(":", 0).fill_(0);
    const mask = nonzero(target.data.eq(0));
    true_dist.index_fill_(0, mask.squeeze(), 0.0);
    return { out: true_dist, mask };
  },
  scatter_inplace_grad_fn() {
    const x = ones(2, 3, { requires_grad: true });
    const y = x.mul(2);
    y.scatter_(1, tensor([[1n], [2n]]), 0.0);
    const z = x.mul(3);
    z.index_fill_(1, tensor([0n]), -1.0);
    y.sum().add(z.mul(weights(z.shape)).sum()).backward();
    return { y, z, grad: x.grad };
  },
  scatter_dtype_error() {
    const x = zeros(3);
    return {
      dtype_mismatch: err(() => x.scatter(0, tensor([0n]), tensor([1], { dtype: "float64" }))),
    };
  },
  index_fill_dim1() {
    const x = x23();
    const out = x.index_fill(1, tensor([0n, 2n]), -1.0);
    out.backward(weights(out.shape));
    return { out, grad: x.grad };
  },
  take_along_dim_cases() {
    const x = tensor([[10, 30, 20], [5, 4, 6]], { requires_grad: true });
    const best = x.argmax(1, true);
    const out = take_along_dim(x, best, 1);
    out.backward(weights(out.shape));
    const flatOut = take_along_dim(x.detach(), tensor([5n, 0n]));
    const bcast = x.detach().take_along_dim(tensor([[2n], [0n]]).expand(2, 2), 1);
    return { out, grad: x.grad, flat: flatOut, bcast };
  },
  masked_select_broadcast() {
    const x = x23();
    const out = x.masked_select(tensor([true, false, true]));
    out.backward(weights(out.shape));
    return { out, grad: x.grad };
  },
  masked_select_distilbert() {
    const s = arange(24).reshape(2, 3, 4).requires_grad_();
    const attn = tensor([[1n, 1n, 0n], [1n, 0n, 0n]]);
    const mask = attn.gt(0).unsqueeze(-1).expand_as(s);
    const out = masked_select(s, mask).view(-1, 4);
    out.backward(weights(out.shape));
    return { mask, out, grad: s.grad };
  },
  nonzero_cases() {
    const m = tensor([[true, false, true], [false, false, true]]);
    const t = nonzero(m, { as_tuple: true });
    return {
      plain: m.nonzero(),
      tuple0: t[0],
      tuple1: t[1],
      float: tensor([0, 1.5, 0, -2]).nonzero(),
      empty: zeros(2, 2).nonzero(),
      scalar: tensor(3).nonzero(),
    };
  },
  any_all_count() {
    const f = tensor([[0, 1, 0], [0, 0, 0]]);
    const b = tensor([[true, true], [false, true]]);
    const i = tensor([[1n, 0n], [2n, 3n]]);
    return {
      any: f.any(),
      any_dim: f.any(1),
      any_keep: f.any(0, true),
      all: b.all(),
      all_dim: b.all(0),
      all_int: i.all(1),
      count: count_nonzero(f),
      count_dim: i.count_nonzero(0),
      count_dims: count_nonzero(b, [0, 1]),
    };
  },
  argmax_argmin() {
    const x = tensor([[1, 3, 3], [2, NaN, 0], [5, -1, -1]]);
    return {
      argmax: x.argmax(),
      argmax_dim1: x.argmax(1),
      argmax_dim0_keep: x.argmax(0, true),
      argmin_dim1: argmin(x, 1),
      argmin: x.argmin(),
      argmax_int: tensor([[4n, 9n], [9n, 1n]]).argmax(-1),
      argmax_keep_nodim: tensor([[1, 2], [4, 3]]).argmax(null, true),
    };
  },
  cat_promotes_and_splits_grad() {
    const a = tensor([[1, 2]], { requires_grad: true });
    const b = tensor([[3, 4], [5, 6]], { dtype: "float64", requires_grad: true });
    const out = cat([a, b]);
    out.backward(weights(out.shape, "float64"));
    const c = cat([tensor([1, 2]), tensor([]), tensor([3])]);
    return { out, grad_a: a.grad, grad_b: b.grad, legacy_empty: c };
  },
  cat_dim1_and_errors() {
    const a = x23();
    const b = ones(2, 1, { requires_grad: true });
    const out = cat([a, b], 1);
    out.backward(weights(out.shape));
    return {
      out,
      grad_a: a.grad,
      grad_b: b.grad,
      mismatch: err(() => cat([zeros(2, 3), zeros(3, 2)])),
    };
  },
  stack_dims() {
    const a = tensor([1, 2], { requires_grad: true });
    const b = tensor([3, 4], { requires_grad: true });
    const out = stack([a, b], 1);
    out.backward(weights(out.shape));
    const last = stack([tensor([1n, 2n]), tensor([3n, 4n])], -1);
    return { out, grad_a: a.grad, grad_b: b.grad, last };
  },
  gather_family_edges() {
    const s = tensor(2.5);
    return {
      any_0dim: tensor(0).any(),
      argmax_0dim: s.argmax(),
      argmax_0dim_dim: s.argmax(0),
      index_select_0dim: s.index_select(0, tensor([0n, 0n])),
      index_select_0dim_index: tensor([[1, 2], [3, 4]]).index_select(1, tensor(1n)),
      nonzero_tuple_0dim: nonzero(s, { as_tuple: true })[0],
      gather_negative: err(() => tensor([1, 2]).gather(0, tensor([-1n]))),
      index_fill_negative: tensor([1, 2, 3]).index_fill(0, tensor([-1n]), 0),
      scatter_int_value: zeros(3, { dtype: "int64" }).scatter(0, tensor([1n]), 0.9),
      scatter_bool: zeros(3, { dtype: "bool" }).scatter(0, tensor([2n]), true),
      cat_int_bool: cat([tensor([1n, 2n]), tensor([true])]),
      cat_0dim: err(() => cat([tensor(1), tensor(2)])),
      stack_mismatch: err(() => stack([zeros(2), zeros(3)])),
      stack_0dim: stack([tensor(1), tensor(2)]),
      masked_select_float_mask: err(() => zeros(2).masked_select(ones(2))),
      count_nonzero_neg_dim: tensor([[0n, 1n], [1n, 1n]]).count_nonzero(-1),
      all_empty: zeros(0).all(),
      any_empty: zeros(0).any(),
      argmax_empty: err(() => zeros(0).argmax()),
      multinomial_without_enough: err(() => multinomial(ones(2), 3)),
      randint_bad_range: err(() => randint(5, 5, [2])),
    };
  },
  // ------------------------------------------------------------------------------ creation
  creation_like() {
    const i = tensor([3n, 4n]);
    const f = tensor([[0.5, 2]]);
    return {
      zeros_like: zeros_like(i),
      ones_like: ones_like(f),
      full_like: full_like(f, 0.1),
      full_like_int: full_like(i, 7),
      ones_like_f64: ones_like(i, { dtype: "float64" }),
      eye3: eye(3),
      eye24: eye(2, 4),
      eye_int: eye(2, { dtype: "int64" }),
    };
  },
  arange_int64() {
    return {
      a: arange(5, { dtype: "int64" }),
      b: arange(1, 10, 3, { dtype: "int64" }),
      c: arange(5, 0, -2, { dtype: "int64" }),
    };
  },
  linspace_exact() {
    const cases = (fixture.cases.linspace_exact.cases as { args: Json[] }[]).map(({ args }) => {
      const [start, end, steps, dtype] = args as [number, number, number, "float32" | "float64"];
      return { args, data: flat(linspace(start, end, steps, { dtype })) };
    });
    return { cases, repr: String(linspace(0, 1, 5)) };
  },
  randint_seeded() {
    manual_seed(0);
    const a = randint(0, 10, [5]);
    const b = randint(-3, 3, [2, 3]);
    const c = randint(7, [4]);
    const d = randint(0, 2 ** 40, [3]);
    manual_seed(123);
    const e = randint(5, 1000, [20]);
    const f = rand(2);
    return { a, b, c, d, e, f };
  },
  multinomial_seeded() {
    const p = tensor([0.1, 0.2, 0.3, 0.4]);
    const rows = tensor([[1, 0, 3, 2, 0.5], [0.2, 0.2, 0.2, 0.2, 0.2]]);
    manual_seed(0);
    const a = multinomial(p, 6, true);
    const b = multinomial(p, 3, false);
    const c = multinomial(rows, 4, false);
    const d = multinomial(rows, 8, true);
    const e = multinomial(rows.double(), 1);
    const f = multinomial(rand(50), 20);
    const g = rand(3);
    return { a, b, c, d, e, f, g };
  },
  // ---------------------------------------------------------------------------- core: views
  views() {
    const ops: Record<string, (t: Tensor) => Tensor> = {
      view: (t) => t.view(6, 4),
      view_infer: (t) => t.view(-1, 2),
      reshape_copy: (t) => t.transpose(0, 1).reshape(-1),
      unsqueeze: (t) => t.unsqueeze(1),
      squeeze_dim: (t) => t.unsqueeze(0).squeeze(0),
      expand: (t) => t.index(":", ":1", ":").expand(2, 3, 4),
      transpose: (t) => t.transpose(0, 2),
      permute: (t) => t.permute(2, 0, 1),
      flatten: (t) => t.flatten(1),
      select: (t) => t.select(1, 2),
      narrow: (t) => t.narrow(2, 1, 2),
      split: (t) => t.split(2, 2)[1],
      split_sizes: (t) => t.split([1, 2], 1)[1],
      chunk: (t) => t.chunk(2, 1)[1],
      unbind: (t) => t.unbind(2)[3],
      contiguous: (t) => t.transpose(1, 2).contiguous(),
      t: (t) => t.index(0).t(),
    };
    const res: Result = {};
    for (const [name, op] of Object.entries(ops)) {
      const base = arange(24).reshape(2, 3, 4).requires_grad_();
      const v = op(base);
      v.backward(weights(v.shape));
      res[name] = { view: v, grad: base.grad };
    }
    return res;
  },
  view_writes_seen() {
    const base = zeros(3, 4);
    const col = base.index(":", 1);
    const row = base.index(2);
    col.fill_(7);
    row.add_(1);
    base.t().index(3).mul_(0);
    const sib = base.narrow(1, 1, 2);
    return { base, col, row, sib, version: base._version };
  },
  view_errors() {
    return {
      view_noncontig: err(() => zeros(2, 3).t().view(6)),
      view_size: err(() => zeros(2, 3).view(4, 2)),
    };
  },
  // ------------------------------------------------------------------------- core: printing
  printing() {
    const out: Result = {
      int: String(tensor([2n, 1n, 0n])),
      int_neg: String(tensor([[-5n, 10n], [3n, 100n]])),
      bool: String(tensor([true, false])),
      bool2: String(tensor([[true], [false]])),
      empty_int: String(tensor([], { dtype: "int64" })),
      empty_bool: String(zeros(0, { dtype: "bool" })),
      empty_f64: String(zeros(0, 3, { dtype: "float64" })),
      int_scalar: String(tensor(5n)),
      bool_scalar: String(tensor(false)),
      int_summary: String(arange(2000, { dtype: "int64" })),
      bool_summary: String(
        arange(1500, { dtype: "int64" }).floor_divide(1).sub(
          arange(1500, { dtype: "int64" }).floor_divide(3).mul(3),
        ).eq(0),
      ),
    };
    set_default_dtype("float64");
    try {
      out.f64_default = String(tensor([1.5, 2]));
      out.f32_under_f64 = String(tensor([1.5, 2], { dtype: "float32" }));
      out.int_under_f64 = String(tensor([1n, 2n]));
    } finally {
      set_default_dtype("float32");
    }
    return out;
  },
  // ------------------------------------------------------------------------ core: promotion
  promotion() {
    const dtypes = ["bool", "int64", "float32", "float64"] as const;
    const operand = (kind: string): Tensor | number => {
      if (kind === "int") return 2;
      if (kind === "float") return 0.5;
      const [form, dt] = kind.split(":") as ["t" | "s", (typeof dtypes)[number]];
      const base = dt === "bool" ? tensor([true, false]) : tensor([3n, 2n]).to(dt);
      return form === "t" ? base : base.select(0, 0);
    };
    const rights = [
      ...dtypes.map((d) => `t:${d}`),
      ...dtypes.map((d) => `s:${d}`),
      "int",
      "float",
    ];
    const res: Result = {};
    for (const op of ["add", "mul", "div", "floor_divide", "eq"] as const) {
      for (const left of dtypes) {
        for (const right of rights) {
          const key = `${op}/${left}/${right}`;
          try {
            const r = (operand(`t:${left}`) as Tensor)[op](operand(right) as Tensor);
            res[key] = { dtype: r.dtype, data: flat(r) };
          } catch (e) {
            res[key] = { error: (e as Error).message };
          }
        }
      }
    }
    const labels = tensor([2n, 1n, 0n]);
    res.labels_mul_2 = labels.mul(2);
    res.labels_mul_half = labels.mul(0.5);
    res.int_div_int = labels.div(tensor([2n, 2n, 2n]));
    return res;
  },
  // ------------------------------------------------------------------------- core: in place
  inplace_values() {
    const a = tensor([[1, -2], [3, 4]]);
    a.add_(1).sub_(tensor([0.5, 0.5]), 2).mul_(2).div_(4);
    const b = tensor([-3, 0.5, 9]);
    b.clamp_(-1, 1);
    const c = zeros(2, 3, { dtype: "int64" });
    c.copy_(tensor([1.7, -2.7, 3.2]));
    const d = arange(6).view(2, 3);
    d.masked_fill_(tensor([true, false, true]), -1);
    const e = zeros(3, 3);
    e.index_put_([tensor([0n, 2n]), tensor([1n, 1n])], tensor(5));
    const f = ones(2);
    f.zero_();
    return { a, b, c, d, e, f };
  },
  inplace_autograd() {
    const x = tensor([1, 2, 3, 4], { requires_grad: true });
    const y = x.mul(1);
    const v = y.index("1:3");
    v.mul_(tensor([10, 20]));
    const names = { y: y.grad_fn?.name(), v: v.grad_fn?.name() };
    y.mul(weights(y.shape)).sum().backward();
    const leaf = ones(2, { requires_grad: true });
    const e = x.exp();
    e.add_(1);
    return {
      names,
      y,
      grad: x.grad,
      leaf_error: err(() => leaf.add_(1)),
      leaf_view_error: err(() => leaf.index("0:1").fill_(0)),
      version_error: err(() => e.sum().backward()),
      int_result_error: err(() => zeros(2, { dtype: "int64" }).add_(0.5)),
    };
  },
  data_and_requires_grad() {
    const x = tensor([1, 2], { requires_grad: true });
    const d = x.data;
    d.mul_(3);
    const y = tensor([1]).requires_grad_();
    return {
      x,
      d,
      x_version: x._version,
      d_requires_grad: d.requires_grad,
      y,
      int_error: err(() => tensor([1n]).requires_grad_()),
    };
  },
  // ------------------------------------------------------------------------ core: index()
  indexing() {
    const res: Result = {};
    const run = (name: string, fn: (t: Tensor) => Tensor) => {
      const t = arange(24).reshape(2, 3, 4).requires_grad_();
      const out = fn(t);
      out.backward(weights(out.shape));
      res[name] = { out, grad: t.grad };
    };
    run("col", (t) => t.index(":", 2));
    run("slice", (t) => t.index("1:3"));
    run("step", (t) => t.index("...", "::2"));
    run("ellipsis", (t) => t.index("...", 0));
    run("none", (t) => t.index(null, 0));
    run("mask", (t) => t.index(t.detach().gt(10)));
    run("mask_2d", (t) => t.index(tensor([[true, false, true], [false, true, false]])));
    run("idx", (t) => t.index(tensor([1n, 0n, 1n])));
    run("rows_cols", (t) => t.index(tensor([0n, 1n]), tensor([2n, 0n])));
    run("adjacent", (t) => t.index(":", tensor([2n, 0n]), tensor([1n, 3n])));
    run("non_adjacent", (t) => t.index(tensor([1n, 0n]), ":", tensor([3n, 2n])));
    run("mixed_int", (t) => t.index(1, ":", tensor([0n, 2n])));
    return res;
  },
  where_masked_fill_clamp_grads() {
    const x = tensor([-2, -0.5, 0.5, 2], { requires_grad: true });
    const y = tensor([1, 1, 1, 1], { requires_grad: true });
    const w = where(x.gt(0), x, y);
    const m = x.masked_fill(x.lt(0), 0.0);
    const c = x.clamp(-1, 1);
    w.mul(1).add(m.mul(2)).add(c.mul(4)).sum().backward();
    return { w, m, c, grad_x: x.grad, grad_y: y.grad };
  },
};

Deno.test("core.json and core_test.ts hold the same cases", () => {
  assert.deepEqual(Object.keys(CASES).sort(), Object.keys(fixture.cases).sort());
});

for (const [name, expected] of Object.entries(fixture.cases)) {
  Deno.test(`matches torch 1.13: ${name}`, () => {
    const run = CASES[name];
    assert.ok(run !== undefined, `no kldiv port of case ${name}`);
    manual_seed(0);
    compare(run(), expected, name);
  });
}

// ------------------------------------------------------------------------------- gradcheck

Deno.test("gradcheck (float64) of gather, index_select, scatter, scatter_add, index_fill, masked_select, take_along_dim, cat, stack", () => {
  const idx = tensor([[2n, 0n], [1n, 1n]]);
  const cases: [string, (...xs: Tensor[]) => Tensor, number[][]][] = [
    ["gather", (x) => x.view(2, 3).gather(1, idx), [[1, 2, 3, 4, 5, 6]]],
    ["index_select", (x) => x.view(2, 3).index_select(1, tensor([2n, 2n, 0n])), [[
      1,
      2,
      3,
      4,
      5,
      6,
    ]]],
    ["scatter", (x, s) => x.view(2, 3).scatter(1, idx.index(":", "0:1"), s.view(2, 1)), [
      [1, 2, 3, 4, 5, 6],
      [7, 8],
    ]],
    ["scatter_add", (x, s) => x.view(2, 3).scatter_add(1, idx, s.view(2, 2)), [
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10],
    ]],
    ["index_fill", (x) => x.view(2, 3).index_fill(1, tensor([1n]), 0.5), [[1, 2, 3, 4, 5, 6]]],
    ["masked_select", (x) => x.view(2, 3).masked_select(tensor([true, false, true])), [[
      1,
      2,
      3,
      4,
      5,
      6,
    ]]],
    ["take_along_dim", (x) => x.view(2, 3).take_along_dim(idx, 1), [[1, 2, 3, 4, 5, 6]]],
    ["cat", (a, b) => cat([a.view(1, 2), b.view(2, 2)]).mul(a.sum()), [[1, 2], [3, 4, 5, 6]]],
    ["stack", (a, b) => stack([a, b], 1).mul(b.sum()), [[1, 2], [3, 4]]],
  ];
  for (const [name, f, inputs] of cases) {
    const err = gradcheck(f, inputs);
    assert.ok(err < 1e-6, `${name}: gradient off by ${err}`);
  }
});
