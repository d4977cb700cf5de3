/**
 * Random view + in-place + autograd programs, differentiated twice: each program writes into
 * views of a non-leaf (mul_, add_ of another function of x, exp_, tanh_, pow_, fill_, copy_,
 * zero_, through select / narrow / transpose / unsqueeze / view chains, and reads views taken
 * before the writes), then reduces to a scalar. Its first derivative is checked with gradcheck
 * and its second with gradgradcheck (float64 central differences), so CopySlices, the
 * regenerated AsStridedBackward0 and the in-place formulas are exercised under create_graph.
 * Seeded, so a failure names a reproducible program.
 */
import assert from "node:assert/strict";
import type { Tensor } from "../mod.ts";
import { gradcheck, gradgradcheck } from "./gradcheck.ts";

/** mulberry32: a small seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type View = { name: string; apply: (t: Tensor) => Tensor };
type Write = { name: string; apply: (v: Tensor, x: Tensor) => void };

function program(seed: number): { text: string; f: (x: Tensor) => Tensor } {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  // x is [2, 3]; views of y (same shape) keep at least one element.
  const views: View[] = [
    { name: "select(0, 1)", apply: (t) => t.dim() >= 1 && t.shape[0] > 1 ? t.select(0, 1) : t },
    { name: "select(-1, 0)", apply: (t) => t.dim() >= 1 ? t.select(-1, 0) : t },
    {
      name: "narrow(-1, 1, 2)",
      apply: (t) => t.dim() >= 1 && t.shape[t.dim() - 1] >= 3 ? t.narrow(-1, 1, 2) : t,
    },
    { name: "transpose(0, -1)", apply: (t) => t.dim() >= 2 ? t.transpose(0, -1) : t },
    { name: "unsqueeze(0)", apply: (t) => t.unsqueeze(0) },
    { name: "view(-1)", apply: (t) => t.is_contiguous() ? t.view(-1) : t },
  ];
  const writes: Write[] = [
    { name: "mul_(1.7)", apply: (v) => void v.mul_(1.7) },
    { name: "add_(x-slice)", apply: (v, x) => void v.add_(x.sum().mul(0.3)) },
    { name: "mul_(x.sum())", apply: (v, x) => void v.mul_(x.sum().mul(0.2).add(1)) },
    { name: "exp_()", apply: (v) => void v.mul_(0.3).exp_() },
    { name: "tanh_()", apply: (v) => void v.tanh_() },
    { name: "pow_(2)", apply: (v) => void v.pow_(2) },
    { name: "fill_(0.5)", apply: (v) => void v.fill_(0.5) },
    { name: "zero_()", apply: (v) => void v.zero_() },
    { name: "copy_(x.exp().sum())", apply: (v, x) => void v.copy_(x.exp().sum().expand(v.shape)) },
  ];
  const steps: { chain: View[]; write: Write; keep: View[] }[] = [];
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const chain = Array.from({ length: Math.floor(r() * 3) }, () => pick(views));
    const keep = Array.from({ length: Math.floor(r() * 2) }, () => pick(views));
    steps.push({ chain, write: pick(writes), keep });
  }
  // Bases whose backward does not read their output (torch refuses writes into those).
  const base = pick(["mul(1)", "pow(2)", "mul(x)"]);
  const text = `y = x.${base}; ` +
    steps.map((s) =>
      `${["y", ...s.chain.map((v) => v.name)].join(".")}.${s.write.name}` +
      (s.keep.length ? ` (kept: y.${s.keep.map((v) => v.name).join(".")})` : "")
    ).join("; ");
  const f = (x: Tensor): Tensor => {
    let y = base === "mul(1)" ? x.mul(1) : base === "pow(2)" ? x.pow(2) : x.mul(x);
    const kept: Tensor[] = [];
    for (const s of steps) {
      // A view taken before the write, read after it (its history is regenerated).
      if (s.keep.length > 0) kept.push(s.keep.reduce((t, v) => v.apply(t), y));
      const view = s.chain.reduce((t, v) => v.apply(t), y);
      s.write.apply(view, x);
      y = y.view(y.shape);
    }
    let out = y.mul(y.sigmoid()).sum();
    for (const k of kept) out = out.add(k.pow(2).sum().mul(0.5));
    return out;
  };
  return { text, f };
}

const PROGRAMS = 150;
Deno.test(`${PROGRAMS} random view + in-place programs: first and second derivatives`, () => {
  const x0 = [0.3, -0.8, 0.5, 1.1, -0.2, 0.7];
  for (let seed = 1; seed <= PROGRAMS; seed++) {
    const { text, f } = program(seed);
    const input = [{ data: x0, shape: [2, 3] }];
    const g1 = gradcheck((x) => f(x.reshape(2, 3)), [x0]);
    assert.ok(g1 < 1e-6, `seed ${seed}: first derivative off by ${g1}: ${text}`);
    const g2 = gradgradcheck(f, input);
    assert.ok(g2 < 1e-5, `seed ${seed}: second derivative off by ${g2}: ${text}`);
  }
});
