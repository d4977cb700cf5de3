/**
 * Second derivatives of every differentiable op: gradgradcheck (tests/gradcheck.ts) in float64
 * against central differences of the analytic first derivative, as torch's OpInfo tests run
 * it. A backward written as a raw loop would be a constant to autograd and fail here.
 */
import assert from "node:assert/strict";
import * as kl from "../mod.ts";
import {
  autograd,
  cat,
  distributions,
  divergence,
  F,
  stack,
  type Tensor,
  tensor,
  where,
} from "../mod.ts";
import { gradgradcheck, type GradInput } from "./gradcheck.ts";

const pos = [0.7, 1.3, 2.1, 0.4, 1.9, 0.9];
const mixed = [0.3, -1.2, 0.8, -0.5, 1.7, -0.9];
const m23 = (data: number[]): GradInput => ({ data, shape: [2, 3] });
const m33: GradInput = { data: [0.3, -0.6, 0.8, -0.5, 1.1, 0.7, -0.2, 0.4, 0.9], shape: [3, 3] };
const mask33 = tensor([[true, false, true], [false, true, false], [true, true, false]]);
const probs = m23([0.2, 0.5, 0.3, 0.6, 0.1, 0.3]);
const idx = tensor([[2, 0, 1], [1, 1, 0]], { dtype: "int64" });
// scatter's src gradient is defined for distinct indices only (as torch's).
const perm = tensor([[2, 0, 1], [1, 2, 0]], { dtype: "int64" });

/** [name, f, inputs]: each f's second derivatives are checked. */
export const DOUBLE_BACKWARD: [string, (...xs: Tensor[]) => Tensor, (GradInput | number[])[]][] = [
  // elementwise
  ["exp", (x) => x.exp(), [mixed]],
  ["log", (x) => x.log(), [pos]],
  ["sqrt", (x) => x.sqrt(), [pos]],
  ["rsqrt", (x) => x.rsqrt(), [pos]],
  ["sigmoid", (x) => x.sigmoid(), [mixed]],
  ["tanh", (x) => x.tanh(), [mixed]],
  ["relu", (x) => x.relu().mul(x), [mixed]],
  ["log1p", (x) => x.log1p(), [pos]],
  ["expm1", (x) => x.expm1(), [mixed]],
  ["log2", (x) => x.log2(), [pos]],
  ["log10", (x) => x.log10(), [pos]],
  ["reciprocal", (x) => x.reciprocal(), [pos]],
  ["abs", (x) => x.abs().mul(x), [mixed]],
  ["square", (x) => x.square(), [mixed]],
  ["neg", (x) => x.neg().mul(x), [mixed]],
  ["pow scalar", (x) => x.pow(3), [mixed]],
  ["pow 2.5", (x) => x.pow(2.5), [pos]],
  ["pow tensor", (x, y) => x.pow(y), [pos, mixed]],
  ["pow number base", (y) => tensor(2, { dtype: "float64" }).pow(y), [mixed]],
  ["mul", (x, y) => x.mul(y), [mixed, pos]],
  ["mul broadcast", (x, y) => x.mul(y), [m23(mixed), [0.5, 1.5, -2]]],
  ["div", (x, y) => x.div(y), [mixed, pos]],
  ["add alpha", (x, y) => x.add(y, 2).mul(x), [mixed, pos]],
  ["sub", (x, y) => x.sub(y).mul(y), [mixed, pos]],
  ["xlogy", (x, y) => x.xlogy(y), [pos, pos.map((v) => v + 0.5)]],
  ["clamp", (x) => x.clamp(-1, 1).mul(x), [mixed]],
  ["clamp_min", (x) => x.clamp_min(0).mul(x), [mixed]],
  ["maximum", (x, y) => x.maximum(y).mul(x), [mixed, pos.map((v) => v - 1)]],
  ["minimum", (x, y) => x.minimum(y).mul(y), [mixed, pos.map((v) => v - 1)]],
  ["lerp", (x, y) => x.lerp(y, 0.3).mul(x), [mixed, pos]],
  ["lerp tensor", (x, y, w) => x.lerp(y, w), [mixed, pos, [0.1, 0.5, 0.9, 0.2, 0.3, 0.7]]],
  ["where", (x, y) => where(x.gt(0), x.mul(x), y.mul(y)), [mixed, pos]],
  ["masked_fill", (x) => x.mul(x).masked_fill(x.lt(0), 2), [mixed]],
  // reductions
  ["sum", (x) => x.sum().mul(x), [mixed]],
  ["sum dim", (x) => x.sum(1).pow(2), [m23(mixed)]],
  ["mean", (x) => x.mean().mul(x), [mixed]],
  ["mean dim", (x) => x.mean(0).pow(2), [m23(mixed)]],
  ["prod", (x) => x.prod(), [mixed]],
  ["prod dim", (x) => x.prod(1), [m23(mixed)]],
  ["amax", (x) => x.amax(1).pow(2), [m23(mixed)]],
  ["max dim", (x) => x.max(1).values.pow(2), [m23(mixed)]],
  ["logsumexp", (x) => x.logsumexp(1), [m23(mixed)]],
  ["var", (x) => x.var(1), [m23(mixed)]],
  ["std", (x) => x.std(), [mixed]],
  ["norm", (x) => x.norm(), [mixed]],
  ["norm p=3 dim", (x) => x.norm(3, 1), [m23(mixed)]],
  ["cumsum", (x) => x.cumsum(1).pow(2), [m23(mixed)]],
  ["sort", (x) => x.sort().values.pow(2), [mixed]],
  ["topk", (x) => x.topk(2).values.pow(2), [mixed]],
  // softmax
  ["softmax", (x) => x.softmax(1), [m23(mixed)]],
  ["log_softmax", (x) => x.log_softmax(1), [m23(mixed)]],
  ["F.softmax dim 0", (x) => F.softmax(x, 0), [m23(mixed)]],
  // linear algebra
  ["matmul", (a, b) => a.matmul(b).pow(2), [m23(mixed), { data: pos, shape: [3, 2] }]],
  ["mm", (a, b) => a.mm(b).pow(2), [m23(mixed), { data: pos, shape: [3, 2] }]],
  ["mv", (a, b) => a.mv(b).pow(2), [m23(mixed), [0.5, -1, 2]]],
  ["dot", (a, b) => a.dot(b).pow(2), [mixed, pos]],
  ["outer", (a, b) => a.outer(b).pow(2), [[1, 2], [0.5, -1, 3]]],
  [
    "bmm",
    (a, b) => a.bmm(b).pow(2),
    [{ data: mixed, shape: [1, 2, 3] }, { data: pos, shape: [1, 3, 2] }],
  ],
  // views and copies
  ["view", (x) => x.view(3, 2).pow(2), [m23(mixed)]],
  ["reshape", (x) => x.reshape(6).pow(2), [m23(mixed)]],
  ["transpose", (x) => x.transpose(0, 1).pow(2), [m23(mixed)]],
  ["permute", (x) => x.permute(1, 0).pow(2), [m23(mixed)]],
  ["t", (x) => x.t().pow(2), [m23(mixed)]],
  ["expand", (x) => x.expand(2, 3).pow(2), [{ data: [0.5, -1, 2], shape: [1, 3] }]],
  ["repeat", (x) => x.repeat(2, 1).pow(2), [m23(mixed)]],
  ["select", (x) => x.select(1, 1).pow(2), [m23(mixed)]],
  ["index slice", (x) => x.index(":", "1:").pow(2), [m23(mixed)]],
  ["narrow", (x) => x.narrow(1, 0, 2).pow(2), [m23(mixed)]],
  ["squeeze", (x) => x.unsqueeze(0).squeeze(0).pow(2), [m23(mixed)]],
  ["flatten", (x) => x.flatten().pow(2), [m23(mixed)]],
  ["clone", (x) => x.clone().pow(2), [mixed]],
  ["contiguous", (x) => x.t().contiguous().pow(2), [m23(mixed)]],
  ["chunk", (x) => x.chunk(2, 1)[0].pow(2), [m23(mixed)]],
  ["unbind", (x) => x.unbind(0)[1].pow(2), [m23(mixed)]],
  // gather, scatter, joins
  ["gather", (x) => x.gather(1, idx).pow(2), [m23(mixed)]],
  ["index_select", (x) => x.index_select(1, tensor([2, 0], { dtype: "int64" })).pow(2), [
    m23(mixed),
  ]],
  ["index with tensor", (x) => x.index(tensor([1, 0, 1], { dtype: "int64" })).pow(2), [
    m23(mixed),
  ]],
  ["masked_select", (x) => x.masked_select(x.gt(0)).pow(2), [m23(mixed)]],
  ["scatter", (x, s) => x.scatter(1, perm, s).pow(2), [m23(mixed), m23(pos)]],
  ["index_put_", (x, v) => x.mul(1).index_put_([tensor([1, 0], { dtype: "int64" })], v).pow(2), [
    m23(mixed),
    [0.5, -1, 2],
  ]],
  ["scatter_add", (x, s) => x.scatter_add(1, idx, s).pow(2), [m23(mixed), m23(pos)]],
  ["cat", (a, b) => cat([a, b]).pow(2), [mixed, pos]],
  ["stack", (a, b) => stack([a, b], 1).pow(2), [mixed, pos]],
  // losses and KL
  ["F.kl_div batchmean", (x, t) => F.kl_div(x.log_softmax(1), t, { reduction: "batchmean" }), [
    m23(mixed),
    probs,
  ]],
  ["F.kl_div sum", (x, t) => F.kl_div(x.log_softmax(1), t, { reduction: "sum" }), [
    m23(mixed),
    probs,
  ]],
  ["F.kl_div none", (x, t) => F.kl_div(x, t, { reduction: "none" }), [m23(mixed), probs]],
  ["F.kl_div mean", (x, t) => F.kl_div(x, t), [m23(mixed), probs]],
  [
    "F.kl_div log_target",
    (x, t) => F.kl_div(x, t, { reduction: "batchmean", log_target: true }),
    [m23(mixed), m23(mixed.map((v) => v / 2))],
  ],
  ["F.cross_entropy", (x) => F.cross_entropy(x, tensor([2, 0], { dtype: "int64" })), [
    m23(mixed),
  ]],
  ["F.cross_entropy probs", (x, t) => F.cross_entropy(x, t), [m23(mixed), probs]],
  [
    "F.cross_entropy label_smoothing",
    (x) => F.cross_entropy(x, tensor([2, 0], { dtype: "int64" }), { label_smoothing: 0.1 }),
    [m23(mixed)],
  ],
  ["F.nll_loss", (x) => F.nll_loss(x.log_softmax(1), tensor([2, 0], { dtype: "int64" })), [
    m23(mixed),
  ]],
  ["F.mse_loss", (x, y) => F.mse_loss(x, y), [mixed, pos]],
  ["F.l1_loss", (x, y) => F.l1_loss(x, y).mul(x.sum()), [mixed, pos]],
  ["F.smooth_l1_loss", (x, y) => F.smooth_l1_loss(x, y), [mixed, pos.map((v) => v - 1)]],
  ["F.poisson_nll_loss", (x, y) => F.poisson_nll_loss(x, y), [mixed, pos]],
  ["F.huber_loss", (x, y) => F.huber_loss(x, y, { delta: 0.65 }), [mixed, pos.map((v) => v - 1)]],
  [
    "F.soft_margin_loss",
    (x) => F.soft_margin_loss(x, tensor([1, -1, 1, -1, 1, -1], { dtype: "float64" })),
    [mixed],
  ],
  ["F.binary_cross_entropy", (x, y) => F.binary_cross_entropy(x, y), [
    [0.2, 0.7, 0.4],
    [0.1, 0.9, 0.5],
  ]],
  ["F.binary_cross_entropy weighted sum", (x, y) =>
    F.binary_cross_entropy(x, y, {
      weight: tensor([0.5, 2, 1], { dtype: "float64" }),
      reduction: "sum",
    }), [[0.2, 0.7, 0.4], [0.1, 0.9, 0.5]]],
  ["F.binary_cross_entropy_with_logits", (x, y) => F.binary_cross_entropy_with_logits(x, y), [
    mixed,
    [0.1, 0.9, 0.5, 0.3, 0.2, 0.8],
  ]],
  [
    "F.binary_cross_entropy_with_logits pos_weight",
    (x, y) =>
      F.binary_cross_entropy_with_logits(x, y, {
        pos_weight: tensor([2, 0.5, 1, 3, 1, 1], { dtype: "float64" }),
        weight: tensor([1, 2, 1, 0.5, 1, 1], { dtype: "float64" }),
      }),
    [mixed, [0.1, 0.9, 0.5, 0.3, 0.2, 0.8]],
  ],
  ["F.linear", (x, w, b) => F.linear(x, w, b).pow(2), [m23(mixed), m23(pos), [0.1, -0.2]]],
  ["divergence.kl", (p, q) => divergence.kl(p, q), [[0.2, 0.5, 0.3], [0.4, 0.4, 0.2]]],
  ["divergence.js", (p, q) => divergence.js(p, q), [[0.2, 0.5, 0.3], [0.4, 0.4, 0.2]]],
  ["divergence.entropy", (p) => divergence.entropy(p), [[0.2, 0.5, 0.3]]],
  [
    "Normal KL",
    (m, s) =>
      distributions.kl_divergence(
        new distributions.Normal(m, s),
        new distributions.Normal(tensor([0.1, -0.2], { dtype: "float64" }), s.mul(1.5)),
      ).sum(),
    [[0.3, -0.4], [0.7, 1.3]],
  ],
  [
    "Categorical KL",
    (l) =>
      distributions.kl_divergence(
        new distributions.Categorical({ logits: l }),
        new distributions.Categorical({ probs: tensor([0.2, 0.5, 0.3], { dtype: "float64" }) }),
      ),
    [[0.3, -0.4, 1.1]],
  ],
  [
    "MultivariateNormal KL (cholesky, solve_triangular)",
    (m, a) => {
      const cov = a.matmul(a.t()).add(eye2());
      return distributions.kl_divergence(
        new distributions.MultivariateNormal(m, { covariance_matrix: cov }),
        new distributions.MultivariateNormal(tensor([0.1, -0.2], { dtype: "float64" }), {
          covariance_matrix: tensor([[2, 0.3], [0.3, 1]], { dtype: "float64" }),
        }),
      );
    },
    [[0.3, -0.4], { data: [1, 0.2, -0.3, 0.8], shape: [2, 2] }],
  ],
  [
    "MultivariateNormal log_prob",
    (m, l) =>
      new distributions.MultivariateNormal(m, {
        scale_tril: l.mul(tensor([[1, 0], [1, 1]], { dtype: "float64" })),
      }).log_prob(
        tensor([0.5, 0.1], { dtype: "float64" }),
      ),
    [[0.3, -0.4], { data: [1.2, 0, 0.3, 0.9], shape: [2, 2] }],
  ],
  [
    "Bernoulli KL (softplus)",
    (l) =>
      distributions.kl_divergence(
        new distributions.Bernoulli({ logits: l }),
        new distributions.Bernoulli({ probs: tensor([0.3, 0.6], { dtype: "float64" }) }),
      ).sum(),
    [[0.4, -1.3]],
  ],
  ["Normal log_prob", (m, s) => new distributions.Normal(m, s).log_prob(m.mul(0.5)).sum(), [
    [0.3, -0.4],
    [0.7, 1.3],
  ]],
  ["exp via elementwise", (x) => x.exp().mul(x.neg()), [mixed]],
  ["clamp tensor bounds", (x, lo) => x.clamp(lo, lo.add(2)).mul(x), [
    mixed,
    mixed.map((v) => v - 0.3),
  ]],
  ["nan_to_num", (x) => x.nan_to_num().pow(2), [mixed]],
  ["masked_fill tensor value", (x, v) => x.masked_fill(x.lt(0), v).pow(2), [
    mixed,
    { data: [0.7], shape: [] },
  ]],
  ["index_fill", (x) => x.index_fill(1, tensor([1], { dtype: "int64" }), 0).pow(2), [m23(mixed)]],
  ["amin", (x) => x.amin(1).pow(2), [m23(mixed)]],
  ["min dim", (x) => x.min(1).values.pow(2), [m23(mixed)]],
  ["max all", (x) => x.max().pow(2), [mixed]],
  ["norm p=1", (x) => x.norm(1).pow(2), [mixed]],
  ["var correction 0", (x) => x.var(0, { correction: 0 }), [m23(mixed)]],
  [
    "F.nll_loss none weighted",
    (x) =>
      F.nll_loss(x.log_softmax(1), tensor([2, 0], { dtype: "int64" }), {
        reduction: "none",
        weight: tensor([0.2, 1, 3], { dtype: "float64" }),
      }),
    [m23(mixed)],
  ],
  ["F.cross_entropy weighted mean", (x) =>
    F.cross_entropy(x, tensor([2, 0], { dtype: "int64" }), {
      weight: tensor([0.2, 1, 3], { dtype: "float64" }),
    }), [m23(mixed)]],
  ["divergence.symmetric_kl", (p, q) => divergence.symmetric_kl(p, q), [
    [0.2, 0.5, 0.3],
    [0.4, 0.4, 0.2],
  ]],
  ["divergence.cross_entropy", (p, q) => divergence.cross_entropy(p, q), [
    [0.2, 0.5, 0.3],
    [0.4, 0.4, 0.2],
  ]],
  ["kl_div float mean over rows", (x, t) => F.kl_div(x, t, { reduction: "mean" }).mul(x.sum()), [
    m23(mixed),
    probs,
  ]],
  // lib/ops/arrange.ts (issue 19's creation and indexing ops)
  ["tril", (x) => kl.tril(x).pow(2), [m33]],
  ["diag", (x) => kl.diag(x).pow(2), [m33]],
  ["trace", (x) => kl.trace(x).pow(2), [m33]],
  ["flip", (x) => kl.flip(x, [0]).pow(2).mul(x), [m33]],
  ["roll", (x) => kl.roll(x, [1], [1]).pow(2).mul(x), [m33]],
  ["take", (x) => kl.take(x, tensor([0, 4, 8, 4], { dtype: "int64" })).pow(2), [m33]],
  ["put", (x, s) => x.mul(1).put(tensor([0, 4], { dtype: "int64" }), s).pow(2), [m33, [0.5, -1]]],
  ["fill_diagonal_", (x) => x.mul(1).fill_diagonal_(0.5).pow(2).mul(x), [m33]],
  ["masked_scatter", (x, s) => x.masked_scatter(mask33, s).pow(2), [m33, [1, 2, 3, 4, 5, 6]]],
  ["index_add", (x, s) => x.index_add(0, tensor([0, 2], { dtype: "int64" }), s).pow(2), [
    m33,
    { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] },
  ]],
  // The fused kernels (lib/kernels): a target that needs no gradient takes the fused path.
  ...(["batchmean", "sum", "mean", "none"] as const).flatMap((reduction) =>
    [false, true].map((log_target) =>
      [
        `F.kl_div fused ${reduction}${log_target ? " log_target" : ""}`,
        (x: Tensor) =>
          F.kl_div(x.log_softmax(1), log_target ? fixedProbs().log() : fixedProbs(), {
            reduction,
            log_target,
          }),
        [m23(mixed)],
      ] as [string, (...xs: Tensor[]) => Tensor, (GradInput | number[])[]]
    )
  ),
  [
    "F.kl_div fused float32 path shape",
    (x) => F.kl_div(x, fixedProbs(), { reduction: "sum" }).mul(x.sum()),
    [
      m23(mixed),
    ],
  ],
];

function fixedProbs(): Tensor {
  return tensor([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]], { dtype: "float64" });
}

function eye2(): Tensor {
  return tensor([[1, 0], [0, 1]], { dtype: "float64" });
}

/** Backwards with no recorded form: create_graph through them throws, never a silent value. */
const NOT_TWICE: [string, (x: Tensor) => Tensor, number[]][] = [
  ["PdistBackward0", (x) => F.pdist(x.reshape(2, 2)), [1, 2, 0.5, -1]],
  [
    "MultiMarginLossBackward0",
    (x) => F.multi_margin_loss(x.reshape(1, 3), tensor([1], { dtype: "int64" })),
    [0.3, 0.2, 0.9],
  ],
  ["ProdBackward0", (x) => x.prod(), [0, 2, 3]],
  ["StdBackward0", (x) => x.std(), [1, 1, 1]],
  ["NormBackward1", (x) => x.norm(Infinity), [1, -2, 0.5]],
];

for (const [name, f, a] of NOT_TWICE) {
  Deno.test(`create_graph through ${name} throws instead of a wrong second derivative`, () => {
    const x = tensor(a, { dtype: "float64", requires_grad: true });
    assert.throws(
      () => autograd.grad(f(x), x, { create_graph: true }),
      new RegExp(`${name}: the derivative of this backward is not implemented`),
    );
    // Without create_graph the first derivative is as before.
    assert.equal(autograd.grad(f(x), x)[0]?.shape.length, 1);
  });
}

for (const [name, f, inputs] of DOUBLE_BACKWARD) {
  Deno.test(`gradgradcheck: ${name}`, () => {
    const worst = gradgradcheck(f, inputs);
    assert.ok(worst < 1e-6, `${name}: second derivative off by ${worst}`);
  });
}
