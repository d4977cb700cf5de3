/**
 * The small pieces of torch's surface that the second round of real KL ports (tests/ports/)
 * needed: `autograd.Variable`, torch's keyword forms `clamp(x, min=...)` and
 * `norm(x, dim=..., keepdim=...)`, the elementwise overloads `torch.max/min(input, other)`,
 * `sum/mean(dim=None)`, `t.is_cuda`. Their numbers are checked against PyTorch 1.13 by the
 * ports' fixtures (tests/ports_test.ts); here, that each form equals the positional one it
 * stands for, and that bad input is refused clearly.
 */
import assert from "node:assert/strict";
import { autograd, clamp, max, maximum, mean, min, minimum, norm, sum, tensor } from "../mod.ts";

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

Deno.test("clamp(x, { min, max }) is torch's clamp(x, min=..., max=...)", () => {
  assert.deepEqual(clamp(x, { min: 0 }).tolist(), clamp(x, 0, null).tolist());
  assert.deepEqual(clamp(x, { max: 1 }).tolist(), clamp(x, null, 1).tolist());
  assert.deepEqual(clamp(x, -1, { max: 1 }).tolist(), clamp(x, -1, 1).tolist());
  assert.deepEqual(clamp(x, { min: tensor(0) }).tolist(), clamp(x, tensor(0)).tolist());
  const g = tensor([-1, 0.5, 2], { requires_grad: true });
  assert.equal(clamp(g, { min: 0 }).grad_fn?.name(), "ClampBackward1");
  assert.throws(() => clamp(x), /at least one of 'min' or 'max' must not be None/);
  assert.throws(
    () => clamp(x, "0" as never),
    /argument 'min' \(position 1\) must be a number or a Tensor/,
  );
  assert.throws(() => clamp(x, { mn: 0 } as never), /unexpected keyword argument "mn"/);
  assert.throws(() => clamp(x, 0, { min: 1 } as never), /multiple values for argument 'min'/);
});

Deno.test("norm(x, { dim, keepdim }) is torch's norm(x, dim=..., keepdim=...)", () => {
  assert.deepEqual(norm(x, { dim: 1, keepdim: true }).tolist(), norm(x, 2, 1, true).tolist());
  assert.deepEqual(norm(x, 1, { dim: 0 }).tolist(), norm(x, 1, 0).tolist());
  assert.deepEqual(norm(x, { p: Infinity }).tolist(), norm(x, Infinity).tolist());
  assert.deepEqual(x.norm(2, 1).tolist(), norm(x, 2, 1).tolist());
  assert.throws(() => norm(x, { dims: 1 } as never), /unexpected keyword argument "dims"/);
});

Deno.test("torch.max/min(input, other) are maximum/minimum", () => {
  const y = x.neg().add(1);
  assert.deepEqual(max(x, y).tolist(), maximum(x, y).tolist());
  assert.deepEqual(min(x, y).tolist(), minimum(x, y).tolist());
  const a = tensor([1, 5], { requires_grad: true });
  assert.equal(max(a, tensor([3, 2])).grad_fn?.name(), "MaximumBackward0");
  assert.equal(min(a, tensor([3, 2])).grad_fn?.name(), "MinimumBackward0");
  assert.throws(() => max(x, y as never, true), /keepdim is only for max\(input, dim, keepdim\)/);
});

Deno.test("sum/mean(dim=None) reduce every dim; t.is_cuda is false, t.is_cpu true", () => {
  assert.deepEqual(sum(x, null).tolist(), sum(x).tolist());
  assert.deepEqual(x.mean(null).tolist(), mean(x).tolist());
  assert.deepEqual(x.sum(null, true).shape, [1, 1]);
  assert.equal(x.is_cuda, false);
  assert.equal(x.is_cpu, true);
});
