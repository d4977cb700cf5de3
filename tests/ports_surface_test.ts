/**
 * The small pieces of torch's surface that the second round of real KL ports (tests/ports/)
 * needed: `autograd.Variable`, torch's keyword form `norm(x, dim=..., keepdim=...)`,
 * `sum/mean(dim=None)`, `t.is_cuda` (`clamp(x, min=...)` and `torch.max/min(input, other)` are
 * tested with core-math's ops). Their numbers are checked against PyTorch 1.13 by the
 * ports' fixtures (tests/ports_test.ts); here, that each form equals the positional one it
 * stands for, and that bad input is refused clearly.
 */
import assert from "node:assert/strict";
import { autograd, mean, nn, norm, sum, Tensor, tensor, zeros } from "../mod.ts";

const x = tensor([[3, -4, 0.5], [-6, 8, 2]]);

Deno.test("autograd.Variable: a detached alias with the requested requires_grad", () => {
  const w = tensor([1, 2], { requires_grad: true });
  const y = w.mul(3);
  const v = autograd.Variable(y);
  assert.equal(v.requires_grad, false);
  assert.equal(v.grad_fn, null);
  assert.deepEqual(v.tolist(), [3, 6]);
  y.detach().add_(1); // shares data with y, as torch's Variable(y)
  assert.deepEqual(v.tolist(), [4, 7]);
  const leaf = autograd.Variable(tensor([1.5]), true);
  assert.equal(leaf.requires_grad, true);
  assert.equal(leaf.is_leaf, true);
  assert.equal(autograd.Variable(tensor([1]), { requires_grad: true }).requires_grad, true);
  assert.throws(
    () => autograd.Variable(3 as never),
    /Variable data has to be a tensor, but got number 3/,
  );
  assert.throws(() => autograd.Variable(w, { requires: true } as never), /unexpected keyword/);
});

Deno.test("norm(x, { dim, keepdim }) is torch's norm(x, dim=..., keepdim=...)", () => {
  assert.deepEqual(norm(x, { dim: 1, keepdim: true }).tolist(), norm(x, 2, 1, true).tolist());
  assert.deepEqual(norm(x, 1, { dim: 0 }).tolist(), norm(x, 1, 0).tolist());
  assert.deepEqual(norm(x, { p: Infinity }).tolist(), norm(x, Infinity).tolist());
  assert.deepEqual(x.norm(2, 1).tolist(), norm(x, 2, 1).tolist());
  assert.throws(() => norm(x, { dims: 1 } as never), /unexpected keyword argument "dims"/);
});

Deno.test("sum/mean(dim=None) reduce every dim; t.is_cuda is false, t.is_cpu true", () => {
  assert.deepEqual(sum(x, null).tolist(), sum(x).tolist());
  assert.deepEqual(x.mean(null).tolist(), mean(x).tolist());
  assert.deepEqual(x.sum(null, true).shape, [1, 1]);
  assert.equal(x.is_cuda, false);
  assert.equal(x.is_cpu, true);
});

Deno.test("nn.Linear(in, out, bias) by position; nn.Parameter(t, { requires_grad })", () => {
  assert.equal(nn.Linear(3, 2, false).bias, null);
  assert.equal(String(nn.Linear(3, 2, false)), "Linear(in_features=3, out_features=2, bias=False)");
  assert.equal(nn.Linear(3, 2, true, { dtype: "float64" }).weight.dtype, "float64");
  assert.throws(
    () => nn.Linear(3, 2, false, { bias: true } as never),
    /got multiple values for argument 'bias'/,
  );
  assert.equal(nn.Parameter(zeros(2), { requires_grad: false }).requires_grad, false);
  assert.equal(nn.Parameter(zeros(2), false).requires_grad, false);
  assert.throws(() => nn.Parameter(zeros(2), { grad: true } as never), /unexpected keyword/);
});

Deno.test("Tensor(x.size()) and x.new(x.size()) read a torch.Size as sizes, a list as data", () => {
  const x = zeros(5, 3);
  assert.deepEqual(x.size(), [5, 3]); // still a plain array to compare and print
  assert.deepEqual(Tensor(x.size()).shape, [5, 3]); // torch.Tensor(x.size())
  assert.deepEqual(x.new(x.size()).shape, [5, 3]); // x.new(x.size())
  assert.deepEqual(Tensor([5, 3]).tolist(), [5, 3]); // torch.Tensor([5, 3]): data
  assert.deepEqual(x.new([5, 3]).tolist(), [5, 3]);
  // torch.Tensor(x.shape): x.shape is a torch.Size too.
  assert.deepEqual(Tensor(x.shape).shape, [5, 3]);
  assert.deepEqual(x.new(x.shape).shape, [5, 3]);
  assert.deepEqual(Tensor([...x.shape]).tolist(), [5, 3]);
});
