/**
 * Edge cases behave as torch 1.13 does: empty tensors, 0-dim tensors, −0, NaN and ±inf.
 * Every expected string below is what `repr()` printed in torch 1.13 for the same call
 * (`/usr/bin/python3 -c "import torch; ..."`), so value, sign of zero, NaN and shape are all
 * checked at once.
 */
import assert from "node:assert/strict";
import { F, type Tensor, tensor, zeros } from "../mod.ts";

const nan = NaN;
const inf = Infinity;
const empty = (...shape: number[]) => zeros(shape);
const klNone = (input: number[], target: number[], log_target = false) =>
  F.kl_div(tensor(input), tensor(target), { reduction: "none", log_target });

const cases: [string, () => Tensor, string][] = [
  // Empty tensors.
  ["kl_div of (0,) with 'none' is empty", () => kl(empty(0), "none"), "tensor([])"],
  ["kl_div of (0,) with 'sum' is 0", () => kl(empty(0), "sum"), "tensor(0.)"],
  ["kl_div of (0,) with 'mean' is NaN", () => kl(empty(0), "mean"), "tensor(nan)"],
  ["kl_div of (0,) with 'batchmean' is NaN", () => kl(empty(0), "batchmean"), "tensor(nan)"],
  [
    "kl_div of (0, 3) with 'none' keeps the shape",
    () => kl(empty(0, 3), "none"),
    "tensor([], size=(0, 3))",
  ],
  ["kl_div of (0, 3) with 'sum' is 0", () => kl(empty(0, 3), "sum"), "tensor(0.)"],
  ["kl_div of (0, 3) with 'mean' is NaN", () => kl(empty(0, 3), "mean"), "tensor(nan)"],
  [
    "kl_div of (0, 3) with 'batchmean' is NaN (0/0)",
    () => kl(empty(0, 3), "batchmean"),
    "tensor(nan)",
  ],
  ["kl_div of (3, 0) with 'mean' is NaN", () => kl(empty(3, 0), "mean"), "tensor(nan)"],
  [
    "kl_div of (3, 0) with 'batchmean' is 0 (0/3)",
    () => kl(empty(3, 0), "batchmean"),
    "tensor(0.)",
  ],
  ["softmax of (0,) is empty", () => F.softmax(empty(0), 0), "tensor([])"],
  [
    "softmax over an empty dim keeps the shape",
    () => F.softmax(empty(2, 0), 1),
    "tensor([], size=(2, 0))",
  ],
  [
    "softmax of (0, 3) along dim 1 is empty",
    () => F.softmax(empty(0, 3), 1),
    "tensor([], size=(0, 3))",
  ],
  [
    "log_softmax over an empty dim keeps the shape",
    () => F.log_softmax(empty(2, 0), 1),
    "tensor([], size=(2, 0))",
  ],
  ["sum of nothing is 0", () => empty(0).sum(), "tensor(0.)"],
  ["mean of nothing is NaN", () => empty(0).mean(), "tensor(nan)"],
  ["sum over an empty dim gives zeros", () => empty(0, 3).sum(0), "tensor([0., 0., 0.])"],
  ["mean over an empty dim gives NaNs", () => empty(0, 3).mean(0), "tensor([nan, nan, nan])"],
  ["mean over an empty trailing dim gives NaNs", () => empty(2, 0).mean(1), "tensor([nan, nan])"],
  ["broadcasting 0-dim with (0,) is empty", () => tensor(2).add(empty(0)), "tensor([])"],
  ["broadcasting (1,) with (0,) is empty", () => tensor([1]).add(empty(0)), "tensor([])"],
  // 0-dim tensors.
  [
    "kl_div of 0-dim tensors with 'batchmean' is the plain sum",
    () => F.kl_div(tensor(-1), tensor(0.5), { reduction: "batchmean" }),
    "tensor(0.1534)",
  ],
  [
    "kl_div 'batchmean' with 0-dim input and (3,) target is the plain sum",
    () => F.kl_div(tensor(-1), tensor([0.2, 0.3, 0.5]), { reduction: "batchmean" }),
    "tensor(-0.0297)",
  ],
  [
    "kl_div 'batchmean' with (3,) input and 0-dim target divides by 3",
    () => F.kl_div(tensor([-1, -2, -3]), tensor(0.5), { reduction: "batchmean" }),
    "tensor(0.6534)",
  ],
  ["0-dim broadcasts against (3,)", () => tensor(2).add(tensor([1, 2, 3])), "tensor([3., 4., 5.])"],
  [
    "a 0-dim float64 does not promote a float32 with dims",
    () => tensor(2, { dtype: "float64" }).add(tensor([1, 2, 3])),
    "tensor([3., 4., 5.])",
  ],
  ["softmax of a 0-dim tensor is 1", () => F.softmax(tensor(3), 0), "tensor(1.)"],
  ["log_softmax of a 0-dim tensor along -1 is 0", () => F.log_softmax(tensor(3), -1), "tensor(0.)"],
  ["sum(0) of a 0-dim tensor is itself", () => tensor(3).sum(0), "tensor(3.)"],
  ["mean(-1, keepdim) of a 0-dim tensor is itself", () => tensor(3).mean(-1, true), "tensor(3.)"],
  // −0.
  ["−0 prints as -0.", () => tensor(-0), "tensor(-0.)"],
  ["−0 in an integer-valued row prints as -0.", () => tensor([-0, 1]), "tensor([-0., 1.])"],
  [
    "−0 in a fixed-point row prints as -0.0000",
    () => tensor([-0, 1.5]),
    "tensor([-0.0000, 1.5000])",
  ],
  ["−0 beside +0", () => tensor([-0, 0]), "tensor([-0., 0.])"],
  [
    "−0 in a scientific row prints as -0.0000e+00",
    () => tensor([-0, 1e10]),
    "tensor([-0.0000e+00, 1.0000e+10])",
  ],
  ["neg(0) is −0", () => tensor(0).neg(), "tensor(-0.)"],
  ["−0 + 0 is +0", () => tensor(-0).add(tensor(0)), "tensor(0.)"],
  ["−0 + −0 is −0", () => tensor(-0).add(tensor(-0)), "tensor(-0.)"],
  ["−0 · 1 is −0", () => tensor(-0).mul(1), "tensor(-0.)"],
  ["sum of [−0] is +0 (the sum starts at +0)", () => tensor([-0]).sum(), "tensor(0.)"],
  ["sum of [−0, −0] is +0", () => tensor([-0, -0]).sum(), "tensor(0.)"],
  ["mean of [−0] is +0", () => tensor([-0]).mean(), "tensor(0.)"],
  ["1 / −0 is −inf", () => tensor(1).div(tensor(-0)), "tensor(-inf)"],
  ["log(−0) is −inf", () => tensor(-0).log(), "tensor(-inf)"],
  ["exp(−0) is 1", () => tensor(-0).exp(), "tensor(1.)"],
  ["xlogy(−0, 0) is +0", () => tensor(-0).xlogy(tensor(0)), "tensor(0.)"],
  [
    "softmax treats −0 and +0 alike",
    () => F.softmax(tensor([-0, 0]), 0),
    "tensor([0.5000, 0.5000])",
  ],
  ["softmax of [−0] is 1", () => F.softmax(tensor([-0]), 0), "tensor([1.])"],
  ["log_softmax of [−0] is +0", () => F.log_softmax(tensor([-0]), 0), "tensor([0.])"],
  ["kl_div with a −0 target contributes 0", () => klNone([1, 0], [-0, 1]), "tensor([0., 0.])"],
  // NaN and inf.
  ["xlogy(0, NaN) is NaN", () => tensor(0).xlogy(tensor(nan)), "tensor(nan)"],
  ["xlogy(0, −1) is 0", () => tensor(0).xlogy(tensor(-1)), "tensor(0.)"],
  ["xlogy(0, inf) is 0", () => tensor(0).xlogy(tensor(inf)), "tensor(0.)"],
  ["xlogy(NaN, 1) is NaN", () => tensor(nan).xlogy(tensor(1)), "tensor(nan)"],
  [
    "a NaN first poisons its softmax slice",
    () => F.softmax(tensor([nan, 1, 2]), 0),
    "tensor([nan, nan, nan])",
  ],
  [
    "a NaN in the middle poisons its softmax slice",
    () => F.softmax(tensor([1, nan, 2]), 0),
    "tensor([nan, nan, nan])",
  ],
  ["+inf in softmax gives NaN", () => F.softmax(tensor([inf, 1]), 0), "tensor([nan, nan])"],
  ["+inf twice in softmax gives NaN", () => F.softmax(tensor([inf, inf]), 0), "tensor([nan, nan])"],
  ["−inf in softmax gets probability 0", () => F.softmax(tensor([-inf, 1]), 0), "tensor([0., 1.])"],
  [
    "an all −inf softmax slice is NaN",
    () => F.softmax(tensor([-inf, -inf]), 0),
    "tensor([nan, nan])",
  ],
  [
    "a NaN poisons its log_softmax slice",
    () => F.log_softmax(tensor([nan, 1, 2]), 0),
    "tensor([nan, nan, nan])",
  ],
  ["+inf in log_softmax gives NaN", () => F.log_softmax(tensor([inf, 1]), 0), "tensor([nan, nan])"],
  [
    "−inf in log_softmax stays −inf",
    () => F.log_softmax(tensor([-inf, 1]), 0),
    "tensor([-inf, 0.])",
  ],
  [
    "an all −inf log_softmax slice is NaN",
    () => F.log_softmax(tensor([-inf, -inf]), 0),
    "tensor([nan, nan])",
  ],
  [
    "a NaN poisons only its own row of softmax(dim 1)",
    () => F.softmax(tensor([[nan, 1], [1, 2]]), 1),
    "tensor([[   nan,    nan],\n        [0.2689, 0.7311]])",
  ],
  [
    "a NaN poisons only its own column of softmax(dim 0)",
    () => F.softmax(tensor([[nan, 1], [1, 2]]), 0),
    "tensor([[   nan, 0.2689],\n        [   nan, 0.7311]])",
  ],
  [
    "softmax of ±1e38 in float32 is finite",
    () => F.softmax(tensor([1e38, -1e38, 0]), 0),
    "tensor([1., 0., 0.])",
  ],
  [
    "log_softmax of ±1e38 in float32 is finite",
    () => F.log_softmax(tensor([1e38, -1e38, 0]), 0),
    "tensor([ 0.0000e+00, -2.0000e+38, -1.0000e+38])",
  ],
  [
    "softmax of ±1e308 in float64 is finite",
    () => F.softmax(tensor([1e308, -1e308, 0], { dtype: "float64" }), 0),
    "tensor([1., 0., 0.], dtype=torch.float64)",
  ],
  [
    "log_softmax of ±1e308 in float64 overflows x − max to −inf, not NaN",
    () => F.log_softmax(tensor([1e308, -1e308, 0], { dtype: "float64" }), 0),
    "tensor([  0.0000e+00,         -inf, -1.0000e+308], dtype=torch.float64)",
  ],
  [
    "log_softmax of ±3e38 in float32 overflows x − max to −inf",
    () => F.log_softmax(tensor([3e38, -3e38]), 0),
    "tensor([0., -inf])",
  ],
  [
    "kl_div with a NaN input is NaN there",
    () => klNone([nan, 0], [0.5, 0.5]),
    "tensor([    nan, -0.3466])",
  ],
  [
    "kl_div with a NaN input and 0 target is NaN (0·NaN)",
    () => klNone([nan, 0], [0, 1]),
    "tensor([nan, 0.])",
  ],
  [
    "kl_div with a −inf input and 0 target is NaN (0·inf)",
    () => klNone([-inf, 0], [0, 1]),
    "tensor([nan, 0.])",
  ],
  [
    "kl_div with a −inf input and positive target is inf",
    () => klNone([-inf, 0], [0.5, 0.5]),
    "tensor([    inf, -0.3466])",
  ],
  ["kl_div with a NaN target is NaN", () => klNone([0, 0], [nan, 1]), "tensor([nan, 0.])"],
  ["kl_div with an inf target is NaN", () => klNone([0, 0], [inf, 1]), "tensor([nan, 0.])"],
  ["kl_div with a negative target is NaN", () => klNone([0, 0], [-0.5, 1]), "tensor([nan, 0.])"],
  [
    "kl_div log_target with a −inf target is NaN (0·inf)",
    () => klNone([0, 0], [-inf, 0], true),
    "tensor([nan, 0.])",
  ],
  [
    "kl_div log_target with −inf target and input is NaN",
    () => klNone([-inf, 0], [-inf, 0], true),
    "tensor([nan, 0.])",
  ],
  [
    "kl_div log_target with a NaN target is NaN",
    () => klNone([0, 0], [nan, 0], true),
    "tensor([nan, 0.])",
  ],
  [
    "kl_div 'sum' propagates NaN",
    () => F.kl_div(tensor([nan, 0]), tensor([0.5, 0.5]), { reduction: "sum" }),
    "tensor(nan)",
  ],
  ["sum propagates NaN", () => tensor([nan, 1]).sum(), "tensor(nan)"],
  ["inf + −inf in a sum is NaN", () => tensor([inf, -inf]).sum(), "tensor(nan)"],
  ["mean propagates inf", () => tensor([inf, 1]).mean(), "tensor(inf)"],
  ["a float32 sum past float32's range is inf", () => tensor([3e38, 3e38]).sum(), "tensor(inf)"],
  [
    "a float32 mean whose sum passes float32's range is inf",
    () => tensor([3e38, 3e38]).mean(),
    "tensor(inf)",
  ],
];

function kl(x: Tensor, reduction: "none" | "sum" | "mean" | "batchmean"): Tensor {
  return F.kl_div(x, x, { reduction });
}

for (const [name, run, expected] of cases) {
  Deno.test(`edge case as torch: ${name}`, () => {
    assert.equal(String(run()), expected);
  });
}

Deno.test("edge case as torch: the gradient of an empty mean is empty", () => {
  const x = zeros(0, { requires_grad: true });
  x.mean().backward();
  assert.equal(String(x.grad), "tensor([])");
});

Deno.test("edge case as torch: the gradient of kl_div 'batchmean' on (0, 3) is empty", () => {
  const x = zeros(0, 3, { requires_grad: true });
  F.kl_div(x, zeros(0, 3), { reduction: "batchmean" }).backward();
  assert.equal(String(x.grad), "tensor([], size=(0, 3))");
});
