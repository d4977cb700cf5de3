import assert from "node:assert/strict";
import { F, nn, type Tensor } from "../mod.ts";
import { gradcheck } from "./gradcheck.ts";

const TOL = 1e-7;
const x = [0.3, -1.2, 0.8, 2.1, -0.4, 0.05];
const y = [1.1, 0.7, -0.6, 0.9, 1.6, -2.2];
const pos = [0.4, 1.3, 0.2, 2.5, 0.9, 0.05];
// A 2x3 batch of probabilities (rows sum to 1) and of logits.
const probs = [0.2, 0.5, 0.3, 0.6, 0.1, 0.3];
const as2x3 = (t: Tensor) => t.reshape(2, 3);

const cases: [string, (...xs: Tensor[]) => Tensor, number[][]][] = [
  ["add", (a, b) => a.add(b), [x, y]],
  ["sub", (a, b) => a.sub(b), [x, y]],
  ["mul", (a, b) => a.mul(b), [x, y]],
  ["div", (a, b) => a.div(b), [x, pos]],
  ["xlogy", (a, b) => a.xlogy(b), [x, pos]],
  ["add with a number", (a) => a.add(2.5), [x]],
  ["div by a number", (a) => a.div(3), [x]],
  ["broadcast mul (2,3)·(3,)", (a, b) => as2x3(a).mul(b), [x, [0.5, -1, 2]]],
  ["broadcast sub (2,1)−(1,3)", (a, b) => a.reshape(2, 1).sub(b.reshape(1, 3)), [
    [1, 2],
    y.slice(0, 3),
  ]],
  ["neg", (a) => a.neg(), [x]],
  ["log", (a) => a.log(), [pos]],
  ["exp", (a) => a.exp(), [x]],
  ["sum", (a) => a.sum(), [x]],
  ["sum(dim 1)", (a) => as2x3(a).sum(1), [x]],
  ["sum(dim 0, keepdim)", (a) => as2x3(a).sum(0, true), [x]],
  ["mean", (a) => a.mean(), [x]],
  ["mean(dim -1)", (a) => as2x3(a).mean(-1), [x]],
  ["mean([0, 1])", (a) => as2x3(a).mean([0, 1]), [x]],
  ["softmax dim 0", (a) => F.softmax(a, 0), [x]],
  ["softmax dim 1 of 2x3", (a) => F.softmax(as2x3(a), 1), [x]],
  ["softmax dim 0 of 2x3", (a) => F.softmax(as2x3(a), 0), [x]],
  ["log_softmax dim -1 of 2x3", (a) => F.log_softmax(as2x3(a), -1), [x]],
  ["log_softmax dim 0 of 2x3", (a) => F.log_softmax(as2x3(a), 0), [x]],
  ["reshape", (a) => a.reshape(3, 2).mul(a.reshape(3, 2)), [x]],
  ["clone", (a) => a.clone().mul(a), [x]],
];
for (const reduction of ["none", "sum", "mean", "batchmean"] as const) {
  cases.push([
    `kl_div ${reduction}, input and target`,
    (a, b) => F.kl_div(as2x3(a), as2x3(b), { reduction }),
    [x, probs],
  ]);
  cases.push([
    `kl_div ${reduction}, log_target`,
    (a, b) => F.kl_div(as2x3(a), as2x3(b), { reduction, log_target: true }),
    [x, y],
  ]);
  cases.push([
    `nn.KLDivLoss ${reduction} through log_softmax and softmax`,
    (a, b) => nn.KLDivLoss({ reduction })(F.log_softmax(as2x3(a), 1), F.softmax(as2x3(b), 1)),
    [x, y],
  ]);
}
cases.push(
  ["method 3: (p·(log p − log_softmax)).mean()", (a, t) => {
    const p = F.softmax(t, 0);
    return p.mul(p.log().sub(F.log_softmax(a, 0))).mean();
  }, [[0.7, 0.1, 0.2], [0.2, 0.5, 0.3]]],
  ["method 4: (p·(log_softmax − log_softmax)).mean()", (a, t) => {
    const p = F.softmax(t, 0);
    return p.mul(F.log_softmax(t, 0).sub(F.log_softmax(a, 0))).mean();
  }, [[0.7, 0.1, 0.2], [0.2, 0.5, 0.3]]],
  [
    "KL in bits: kl_div(sum) / ln 2",
    (a, b) => F.kl_div(F.log_softmax(a, 0), F.softmax(b, 0), { reduction: "sum" }).div(Math.LN2),
    [x, y],
  ],
  ["a tensor used twice accumulates", (a) => a.mul(a).add(a.exp()), [x]],
);

for (const [name, f, inputs] of cases) {
  Deno.test(`gradient of ${name} matches central finite differences`, () => {
    const worst = gradcheck(f, inputs);
    assert.ok(worst < TOL, `worst relative error ${worst} exceeds ${TOL}`);
  });
}

Deno.test("gradcheck itself rejects a wrong gradient", () => {
  // exp's gradient replaced by 2·exp: the checker must notice.
  const wrong = (a: Tensor) =>
    a.exp().add(a.exp().detach().mul(a).sub(a.exp().detach().mul(a.detach())));
  assert.ok(gradcheck(wrong, [x]) > 0.1);
});
