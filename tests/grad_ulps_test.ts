/**
 * How close kldiv's float32 gradients are to PyTorch's, measured the way tests/ulps_test.ts
 * measures values: on tests/fixtures/grad_ulps.json (`tools/gen_grad_ulp_fixtures.py`, PyTorch
 * 1.13 CPU), per gradient the median, 99th percentile and largest distance in float32 ULPs and
 * the largest absolute difference. The table in docs/semantics.md ("How close the gradients
 * are") must be the one this test computes; `KLDIV_UPDATE_DOCS=1 deno test -A
 * tests/grad_ulps_test.ts` rewrites it.
 */
import assert from "node:assert/strict";
import { F, type Tensor, tensor } from "../mod.ts";

interface Case {
  name: string;
  shape: number[];
  x: string;
  y: string;
  w: string;
  inp: string;
  target: string;
  log_target: string;
  grads: Record<string, string[]>;
}

const fixture: { torch_version: string; cases: Case[] } = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/grad_ulps.json", import.meta.url)),
);
const DOC = new URL("../docs/semantics.md", import.meta.url);
const BEGIN = "<!-- gradient ULP table: made by tests/grad_ulps_test.ts -->";
const END = "<!-- end of gradient ULP table -->";

function f32(b64: string): Float32Array {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer);
}

function leaf(b64: string, shape: number[]): Tensor {
  return tensor(f32(b64), { shape, requires_grad: true });
}

/** Signed float32 bits on a line: adjacent floats differ by 1, ±0 are both 0. */
function ordinal(x: number): number {
  const bits = new Int32Array(new Float32Array([x]).buffer)[0];
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/** Each row: what it differentiates, and the gradients kldiv computes for a case. */
const ROWS: [string, string, number, (c: Case) => Tensor[]][] = [];
function row(label: string, key: string, index: number, fn: (c: Case) => Tensor[]): void {
  ROWS.push([label, key, index, fn]);
}
const softmaxGrad = (c: Case, fn: (x: Tensor) => Tensor) => {
  const x = leaf(c.x, c.shape);
  fn(x).mul(tensor(f32(c.w), { shape: c.shape })).sum().backward();
  return [x.grad!];
};
const klGrads = (c: Case, target: string, options: Parameters<typeof F.kl_div>[2]) => {
  const a = leaf(c.inp, c.shape), b = leaf(target, c.shape);
  (F.kl_div(a, b, options) as Tensor).backward();
  return [a.grad!, b.grad!];
};
const composed = (c: Case) => {
  const x = leaf(c.x, c.shape), y = leaf(c.y, c.shape);
  F.kl_div(F.log_softmax(x, -1), F.softmax(y, -1), { reduction: "batchmean" }).backward();
  return [x.grad!, y.grad!];
};
row(
  "`F.softmax(x, -1)`, ∂/∂x of `(· × w).sum()`",
  "softmax",
  0,
  (c) => softmaxGrad(c, (x) => F.softmax(x, -1)),
);
row(
  "`F.log_softmax(x, -1)`, ∂/∂x of `(· × w).sum()`",
  "log_softmax",
  0,
  (c) => softmaxGrad(c, (x) => F.log_softmax(x, -1)),
);
row(
  "`F.kl_div(input, target, batchmean)`, ∂/∂input",
  "kl_div",
  0,
  (c) => klGrads(c, c.target, { reduction: "batchmean" }),
);
row(
  "`F.kl_div(input, target, batchmean)`, ∂/∂target",
  "kl_div",
  1,
  (c) => klGrads(c, c.target, { reduction: "batchmean" }),
);
row(
  "`F.kl_div(input, target, sum, log_target)`, ∂/∂input",
  "kl_div_log_target",
  0,
  (c) => klGrads(c, c.log_target, { reduction: "sum", log_target: true }),
);
row(
  "`F.kl_div(input, target, sum, log_target)`, ∂/∂target",
  "kl_div_log_target",
  1,
  (c) => klGrads(c, c.log_target, { reduction: "sum", log_target: true }),
);
row(
  "`F.kl_div(F.log_softmax(x), F.softmax(y), batchmean)`, ∂/∂x",
  "kl_div_log_softmax",
  0,
  composed,
);
row(
  "`F.kl_div(F.log_softmax(x), F.softmax(y), batchmean)`, ∂/∂y",
  "kl_div_log_softmax",
  1,
  composed,
);
row("method 3, `(p × (p.log() − F.log_softmax(x))).mean()`, ∂/∂x", "method3", 0, (c) => {
  const x = leaf(c.x, c.shape);
  const p = tensor(f32(c.target), { shape: c.shape });
  p.mul(p.log().sub(F.log_softmax(x, -1))).mean().backward();
  return [x.grad!];
});

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/** Measures every row over every case and formats the table docs/semantics.md shows. */
function table(): string {
  const lines = [
    "| gradient | values | median ULPs | 99th percentile | max ULPs | max abs difference |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const [label, key, index, fn] of ROWS) {
    const distances: number[] = [];
    let maxAbs = 0;
    for (const c of fixture.cases) {
      const got = fn(c)[index].toTypedArray();
      const want = f32(c.grads[key][index]);
      assert.equal(got.length, want.length, `${c.name} ${label}`);
      for (let i = 0; i < want.length; i++) {
        assert.ok(Number.isFinite(got[i]), `${c.name} ${label}: [${i}] is ${got[i]}`);
        distances.push(Math.abs(ordinal(got[i]) - ordinal(want[i])));
        maxAbs = Math.max(maxAbs, Math.abs(got[i] - want[i]));
      }
    }
    distances.sort((a, b) => a - b);
    const n = distances.length;
    lines.push(
      `| ${label} | ${n.toLocaleString("en-US")} | ${percentile(distances, 0.5)} | ${
        percentile(distances, 0.99)
      } | ${distances[n - 1].toLocaleString("en-US")} | ${
        maxAbs === 0 ? "0" : maxAbs.toExponential(1)
      } |`,
    );
  }
  return lines.join("\n");
}

Deno.test(`docs/semantics.md's gradient table is what PyTorch ${fixture.torch_version}'s fixture measures`, async () => {
  const measured = table();
  console.log(measured);
  const doc = await Deno.readTextFile(DOC);
  const start = doc.indexOf(BEGIN), end = doc.indexOf(END);
  assert.ok(start >= 0 && end > start, `docs/semantics.md lacks the markers ${BEGIN} ... ${END}`);
  const documented = doc.slice(start + BEGIN.length, end).trim();
  if (Deno.env.get("KLDIV_UPDATE_DOCS") === "1" && documented !== measured) {
    await Deno.writeTextFile(
      DOC,
      `${doc.slice(0, start + BEGIN.length)}\n${measured}\n${doc.slice(end)}`,
    );
    return;
  }
  assert.equal(
    documented.replace(/ +/g, " ").replace(/-+/g, "-"),
    measured.replace(/ +/g, " ").replace(/-+/g, "-"),
    "docs/semantics.md's table differs from what was measured (KLDIV_UPDATE_DOCS=1 rewrites it)",
  );
});
