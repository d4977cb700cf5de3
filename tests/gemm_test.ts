/**
 * The WebAssembly product kernel (lib/kernels/gemm.ts) against the reference loop it replaces
 * (productReference in lib/ops/linalg.ts): the same double sums, so the same bits, on random
 * shapes with the edge sizes 0, 1, 3, 17, 129 (below, at and past the 4×4 tiles, the 64-row and
 * 256-wide blocks), transposed, sliced and broadcast operands, batches, float32 and float64, on
 * one thread and split over the pool. Also: 0·∞ gives NaN as in torch, and the strided copy of
 * `contiguous` against an index-array gather.
 */
import assert from "node:assert/strict";
import {
  bmm,
  dot,
  F,
  get_float32_matmul_precision,
  matmul,
  mm,
  mv,
  set_float32_matmul_precision,
  Tensor,
  tensor,
} from "../mod.ts";
import { elems } from "./values.ts";
import { product, productReference } from "../lib/ops/linalg.ts";
import { wasmGemm } from "../lib/kernels/gemm.ts";
import * as vw from "../lib/ops/view.ts";
import { withKernelMode } from "../lib/kernels/mode.ts";
import { poolCalls, setPoolOptions, startPool } from "../lib/kernels/pool.ts";
import { offsetsOf } from "../lib/tensor/shape.ts";
import { contiguousData, storageOf } from "../lib/tensor/tensor.ts";
import { mulberry32 } from "../tools/mulberry32.ts";

type DType = "float32" | "float64";

function random(shape: number[], dtype: DType, seed: number): Tensor {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const a = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = 2 * r() - 1;
  return new Tensor(a, shape);
}

/** The kernel's product (forced, whatever the size) and the reference's, element by element. */
function assertSame(a: Tensor, b: Tensor, dtype: DType, what: string): void {
  const got = withKernelMode("wasm", () => product(a, b, dtype, "test"));
  const want = withKernelMode("reference", () => productReference(a, b, dtype, "test"));
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.data.length, want.data.length, `${what}: length`);
  assert.equal(got.data.constructor, want.data.constructor, `${what}: array type`);
  for (let i = 0; i < want.data.length; i++) {
    if (!Object.is(got.data[i], want.data[i])) {
      assert.fail(`${what}: element ${i} is ${got.data[i]}, the reference's ${want.data[i]}`);
    }
  }
}

const SIZES = [0, 1, 3, 17, 129];

for (const dtype of ["float32", "float64"] as const) {
  Deno.test(`gemm ${dtype}: every n, k, m in {0, 1, 3, 17, 129}, row-major operands`, () => {
    let seed = 1;
    for (const n of SIZES) {
      for (const k of SIZES) {
        for (const m of SIZES) {
          const a = random([n, k], dtype, seed++);
          const b = random([k, m], dtype, seed++);
          assertSame(a, b, dtype, `${n}x${k} @ ${k}x${m}`);
        }
      }
    }
  });

  Deno.test(`gemm ${dtype}: transposed and sliced operands read in place`, () => {
    let seed = 100;
    for (const [n, k, m] of [[17, 129, 3], [129, 17, 65], [3, 300, 17], [70, 260, 270]]) {
      // aᵀ and bᵀ views (column strides ≠ 1), and slices with gaps between rows and columns.
      const at = vw.t(random([k, n], dtype, seed++));
      const bt = vw.t(random([m, k], dtype, seed++));
      assertSame(at, bt, dtype, `transposed ${n}x${k}x${m}`);
      const big = random([n + 3, 2 * k + 1], dtype, seed++);
      const as = vw.slice(vw.slice(big, 0, 2, n + 2, 1), 1, 1, 2 * k + 1, 2);
      assert.deepEqual(as.shape, [n, k]);
      assertSame(as, bt, dtype, `sliced ${n}x${k}x${m}`);
      // Rows of mixed-up strides: both operands transposed and sliced.
      const bb = random([m + 1, k + 2], dtype, seed++);
      assertSame(as, vw.t(vw.slice(vw.slice(bb, 0, 1, m + 1, 1), 1, 2, k + 2, 1)), dtype, "both");
    }
  });

  Deno.test(`gemm ${dtype}: batches, broadcast batch dims and single-row/column products`, () => {
    let seed = 200;
    const cases: [number[], number[]][] = [
      [[5, 3, 17], [5, 17, 4]],
      [[2, 1, 17, 9], [1, 3, 9, 129]],
      [[4, 1, 33], [33, 7]],
      [[129, 3], [6, 3, 1]],
      [[0, 3, 4], [0, 4, 5]],
      [[3, 0, 4], [3, 4, 2]],
    ];
    for (const [sa, sb] of cases) {
      const a = random(sa, dtype, seed++);
      const b = random(sb, dtype, seed++);
      assertSame(a, b, dtype, `${sa} @ ${sb}`);
      // The batch broadcast through an expanded (stride 0) view of a single matrix.
      if (sb.length === 2) assertSame(a, vw.expand(b, [sa[0], ...sb]), dtype, "expanded");
    }
    // A transposed batch: bmm's backward reads aᵀ of each item.
    const a = random([4, 17, 9], dtype, seed++);
    const g = random([4, 17, 5], dtype, seed++);
    assertSame(vw.transpose(a, -1, -2), g, dtype, "batched transpose");
  });

  Deno.test(`gemm ${dtype}: float64 sums for linear's bias (product in float64 of ${dtype})`, () => {
    const a = random([33, 129], dtype, 300);
    const w = random([17, 129], dtype, 301);
    assertSame(a, vw.t(w), "float64", "double sums");
  });
}

Deno.test("gemm: the same bits split across the pool (rows and batch items, uneven shares)", async () => {
  const previous = setPoolOptions({ threads: 3 });
  try {
    assert.equal(await startPool(), true);
  } finally {
    setPoolOptions(previous);
  }
  const before = poolCalls();
  const forced = setPoolOptions({ threads: 3, minElements: 1 });
  try {
    let seed = 400;
    for (const dtype of ["float32", "float64"] as const) {
      for (
        const [sa, sb] of [[[129, 260], [260, 17]], [[70, 3], [3, 300]], [[7, 5, 33], [7, 33, 9]]]
      ) {
        assertSame(random(sa, dtype, seed++), random(sb, dtype, seed++), dtype, `${sa}@${sb}`);
      }
      assertSame(
        vw.t(random([260, 129], dtype, seed++)),
        random([260, 5], dtype, seed++),
        dtype,
        "t",
      );
    }
  } finally {
    setPoolOptions(forced);
  }
  assert.ok(poolCalls() - before >= 7, `${poolCalls() - before} products ran on the pool`);
});

Deno.test("gemm: 0·∞ is NaN as in torch (the kernel and the reference skip no zero)", () => {
  for (const mode of ["wasm", "reference"] as const) {
    const a = new Tensor(new Float32Array([0, 1]), [1, 2]);
    const b = new Tensor(new Float32Array([Infinity, 1]), [2, 1]);
    assert.ok(Number.isNaN(withKernelMode(mode, () => mm(a, b)).item()), mode);
  }
});

Deno.test("gemm: matmul, bmm and linear gradients equal the reference loop's", () => {
  const x = random([40, 129], "float32", 500).requires_grad_();
  const w = random([17, 129], "float32", 501).requires_grad_();
  const bias = random([17], "float32", 502).requires_grad_();
  const p = random([3, 20, 40], "float32", 503).requires_grad_();
  const q = random([3, 40, 10], "float32", 504).requires_grad_();
  const run = (mode: "wasm" | "reference") =>
    withKernelMode(mode, () => {
      for (const t of [x, w, bias, p, q]) t.grad = null;
      const y = F.linear(x, w, bias);
      const z = matmul(bmm(p, q).sum(0), random([10, 17], "float32", 505));
      y.square().sum().add(z.sum()).backward();
      return [y, z, x.grad!, w.grad!, bias.grad!, p.grad!, q.grad!].map((t) => [
        ...t.toTypedArray(),
      ]);
    });
  assert.deepEqual(run("wasm"), run("reference"));
});

Deno.test("contiguous copies strided views without an index array, as the index gather does", () => {
  const base = random([6, 7, 9], "float64", 600);
  const views: Tensor[] = [
    vw.t(random([70, 45], "float32", 601)),
    vw.slice(vw.t(random([33, 40], "float32", 602)), 1, 3, 30, 2),
    vw.permute(base, [2, 0, 1]),
    vw.slice(vw.transpose(base, 0, 2), 1, 1, 6, 1),
    vw.expand(random([1, 5], "float32", 603), [4, 5]),
    vw.select(base, 1, 2),
  ];
  for (const v of views) {
    assert.equal(v.is_contiguous(), false);
    const data = storageOf(v).data;
    const want = Array.from(offsetsOf(v.shape, v.stride(), v.storage_offset()), (i) => data[i]);
    assert.deepEqual([...contiguousData(v)], want, `shape ${v.shape}, strides ${v.stride()}`);
    assert.deepEqual([...v.contiguous().toTypedArray()], want);
  }
});

interface Rec {
  data: number[];
  shape: number[];
  dtype: "float32" | "float64";
}
const LARGE: { name: string; op: string; inputs: Rec[]; out: Rec }[] = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/linalg.json", import.meta.url)),
).large;

Deno.test('set_float32_matmul_precision("high"): float32 sums within (k + 1)·2⁻²⁴·Σ|a·b| of the exact sums, and of torch\'s sgemm within twice that', () => {
  const ops: Record<string, (a: Tensor, b: Tensor) => Tensor> = { mm, bmm, mv, dot };
  const fromRec = (r: Rec, f: (v: number) => number = (v) => v) =>
    tensor(r.data.map(f), { dtype: r.dtype, shape: r.shape });
  let worstExact = 0, worstTorch = 0, differ = 0, cases = 0, worstUlps = 0;
  const ulp32 = (x: number) => 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23);
  for (const c of LARGE.filter((c) => c.op in ops && c.inputs[0].dtype === "float32")) {
    const op = ops[c.op];
    const [a, b] = c.inputs.map((r) => fromRec(r));
    const k = a.shape[a.dim() - 1];
    set_float32_matmul_precision("high");
    let got: ArrayLike<number>;
    try {
      got = elems(withKernelMode("wasm", () => op(a, b)));
    } finally {
      set_float32_matmul_precision("highest");
    }
    const exact = elems(op(a.double(), b.double()));
    const mag = elems(
      op(...c.inputs.map((r) => fromRec(r, Math.abs).double()) as [Tensor, Tensor]),
    );
    const highest = elems(op(a, b));
    cases++;
    for (let i = 0; i < got.length; i++) {
      const bound = (k + 1) * 2 ** -24 * mag[i];
      worstExact = Math.max(worstExact, Math.abs(got[i] - exact[i]) / bound);
      worstTorch = Math.max(worstTorch, Math.abs(got[i] - c.out.data[i]) / (2 * bound));
      if (got[i] !== highest[i]) differ++;
      worstUlps = Math.max(worstUlps, Math.abs(got[i] - c.out.data[i]) / ulp32(mag[i]));
    }
  }
  if (Deno.env.get("GEMM_VERBOSE")) console.log({ worstExact, worstTorch, differ, worstUlps });
  assert.equal(cases, 4);
  assert.ok(worstExact <= 1, `worst ${worstExact} of the bound against the exact sums`);
  assert.ok(worstTorch <= 1, `worst ${worstTorch} of the bound against torch`);
  assert.ok(differ > 0, "float32 sums differ from the double sums in some last bits");
});

Deno.test("set_float32_matmul_precision: torch's settings, a warning and no effect for others, an error for a non-string", () => {
  assert.equal(get_float32_matmul_precision(), "highest");
  const warn = console.warn;
  const warned: string[] = [];
  console.warn = (m: string) => warned.push(m);
  try {
    set_float32_matmul_precision("low");
  } finally {
    console.warn = warn;
  }
  assert.equal(get_float32_matmul_precision(), "highest");
  assert.match(warned[0], /low is not one of 'highest', 'high', or 'medium'/);
  assert.throws(
    () => set_float32_matmul_precision(3 as unknown as string),
    /set_float32_matmul_precision expects a str, but got number/,
  );
  for (const p of ["medium", "high", "highest"] as const) {
    set_float32_matmul_precision(p);
    assert.equal(get_float32_matmul_precision(), p);
  }
});

Deno.test('set_float32_matmul_precision("high"): the float32-sum kernel on edge sizes, strided operands, batches and the pool, within the bound', async () => {
  await startPool();
  const forced = setPoolOptions({ minElements: 1 });
  set_float32_matmul_precision("high");
  try {
    let seed = 700;
    const shapes: [Tensor, Tensor][] = [];
    for (const n of SIZES) {
      for (const k of [1, 3, 17, 129, 300]) {
        for (const m of [1, 3, 8, 17, 129]) {
          shapes.push([random([n, k], "float32", seed++), random([k, m], "float32", seed++)]);
        }
      }
    }
    shapes.push([
      vw.t(random([260, 70], "float32", seed++)),
      vw.t(random([33, 260], "float32", seed++)),
    ]);
    shapes.push([
      random([2, 1, 17, 9], "float32", seed++),
      random([1, 3, 9, 129], "float32", seed++),
    ]);
    for (const [a, b] of shapes) {
      const got = withKernelMode("wasm", () => product(a, b, "float32", "test")).data;
      const exact = productReference(a, b, "float64", "test").data;
      const mag = productReference(a.abs(), b.abs(), "float64", "test").data;
      const k = a.shape[a.dim() - 1];
      for (let i = 0; i < exact.length; i++) {
        const bound = (k + 1) * 2 ** -24 * mag[i];
        assert.ok(Math.abs(got[i] - exact[i]) <= bound, `${a.shape}@${b.shape}[${i}]`);
      }
    }
  } finally {
    set_float32_matmul_precision("highest");
    setPoolOptions(forced);
  }
});

Deno.test("gemm: a product too large for the module's memory is left to the reference loop", () => {
  // 40 000 × 1 by 1 × 40 000: 1.6e9 sums of 8 bytes is past any WebAssembly memory.
  const a = { data: new Float32Array(40000), offsets: [0], rs: 1, cs: 1 };
  const b = { data: new Float32Array(40000), offsets: [0], rs: 40000, cs: 1 };
  assert.equal(wasmGemm(a, b, 1, 40000, 1, 40000, new Float32Array(0)), null);
});
