import assert from "node:assert/strict";
import { tensor, zeros } from "../mod.ts";

const t = tensor([[1, 2, 3], [4, 5, 6]]);

Deno.test("sum and mean reduce everything by default", () => {
  assert.equal(t.sum().item(), 21);
  assert.equal(t.mean().item(), 3.5);
  assert.deepEqual(t.sum().shape, []);
});

Deno.test("sum and mean over a dim, negative dims and keepdim", () => {
  assert.deepEqual(t.sum(0).tolist(), [5, 7, 9]);
  assert.deepEqual(t.sum(-1).tolist(), [6, 15]);
  assert.deepEqual(t.mean(1, true).tolist(), [[2], [5]]);
  assert.deepEqual(t.sum([0, 1]).tolist(), 21);
  assert.deepEqual(t.sum([0, 1], true).shape, [1, 1]);
});

Deno.test("reductions name SumBackward0/1 and MeanBackward0/1 as torch does", () => {
  const x = t.detach();
  x.requires_grad = true;
  assert.deepEqual(
    [x.sum(), x.sum(0), x.mean(), x.mean(1)].map((r) => r.grad_fn?.name()),
    ["SumBackward0", "SumBackward1", "MeanBackward0", "MeanBackward1"],
  );
});

Deno.test("a 0-dim tensor reduces over dim 0 or -1 to itself", () => {
  assert.equal(tensor(3).sum(0).item(), 3);
  assert.equal(tensor(3).mean(-1).item(), 3);
});

Deno.test("empty reductions: sum is 0, mean is NaN", () => {
  assert.equal(zeros(0).sum().item(), 0);
  assert.ok(Number.isNaN(zeros(0).mean().item()));
  assert.deepEqual(zeros(0, 3).sum(0).tolist(), [0, 0, 0]);
});

Deno.test("bad dims are errors that give the valid range", () => {
  assert.throws(() => t.sum(2), /expected to be in range of \[-2, 1\], but got 2/);
  assert.throws(() => t.sum(1.5), /dim must be an integer in the range \[-2, 1\], got number 1.5/);
  assert.throws(() => t.sum([0, -2]), /dim 0 appears multiple times/);
  assert.throws(() => t.sum(0, "yes" as never), /keepdim must be a boolean/);
});

Deno.test("float32 sums are accumulated in double and rounded once", () => {
  const n = 1 << 20;
  const x = tensor(new Float32Array(n).fill(0.1));
  assert.equal(x.sum().item(), Math.fround(n * Math.fround(0.1)));
});

Deno.test("a float32 mean is the float32 sum divided, so a sum past float32's range gives inf", () => {
  // torch 1.13: torch.tensor([3e38, 3e38]).mean() is tensor(inf).
  assert.equal(tensor([3e38, 3e38]).mean().item(), Infinity);
  assert.equal(tensor([3e38, 3e38], { dtype: "float64" }).mean().item(), 3e38);
  assert.equal(tensor([[3e38, 3e38], [1, 2]]).mean(1).toTypedArray()[0], Infinity);
});
