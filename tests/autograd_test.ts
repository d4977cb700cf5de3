import { storageOf } from "../lib/tensor/tensor.ts";
import assert from "node:assert/strict";
import {
  F,
  is_grad_enabled,
  manual_seed,
  no_grad,
  ones,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "../mod.ts";

Deno.test("backward on a scalar fills leaf grads; non-leaves keep grad null", () => {
  const x = tensor([1, 2, 3], { requires_grad: true });
  const y = x.mul(x);
  const z = y.sum();
  z.backward();
  assert.deepEqual(x.grad?.tolist(), [2, 4, 6]);
  assert.equal(y.grad, null);
  assert.equal(x.grad?.requires_grad, false);
});

Deno.test("grads accumulate across backward calls until reset", () => {
  const x = tensor([1, 2], { requires_grad: true });
  x.sum().backward();
  x.sum().backward();
  assert.deepEqual(x.grad?.tolist(), [2, 2]);
  x.grad = null;
  assert.equal(x.grad, null);
  x.mul(3).sum().backward();
  assert.deepEqual((x.grad as { tolist(): unknown } | null)?.tolist(), [3, 3]);
});

Deno.test("a non-scalar output needs a gradient of its shape", () => {
  const x = tensor([1, 2], { requires_grad: true });
  const y = x.mul(2);
  assert.throws(
    () => y.backward(),
    /grad can be implicitly created only for scalar outputs; .*torch\.Size\(\[2\]\)/,
  );
  assert.throws(
    () => y.backward(ones(3)),
    /Mismatch in shape: grad_output\[0\] has a shape of torch\.Size\(\[3\]\) and output\[0\] has a shape of torch\.Size\(\[2\]\)/,
  );
  y.backward(tensor([1, 10]));
  assert.deepEqual(x.grad?.tolist(), [2, 20]);
});

Deno.test("backward on something that needs no gradient is an error", () => {
  assert.throws(() => zeros(1).backward(), /does not require grad and does not have a grad_fn/);
  assert.throws(
    () => tensor([1, 2], { requires_grad: true }).mul(2).backward("x" as never),
    /backward\(\): argument 'gradient' \(position 1\) must be a Tensor/,
  );
});

Deno.test("broadcast gradients are summed back onto each input's shape", () => {
  const a = tensor([[1], [2]], { requires_grad: true }); // (2,1)
  const b = tensor([1, 2, 3], { requires_grad: true }); // (3,)
  a.mul(b).sum().backward();
  assert.deepEqual(a.grad?.tolist(), [[6], [6]]);
  assert.deepEqual(b.grad?.tolist(), [3, 3, 3]);
});

Deno.test("gradients are cast back to each leaf's dtype", () => {
  const a = tensor([1, 2], { requires_grad: true });
  const b = tensor([3, 4], { dtype: "float64", requires_grad: true });
  const y = a.mul(b).sum();
  assert.equal(y.dtype, "float64");
  y.backward();
  assert.equal(a.grad?.dtype, "float32");
  assert.equal(b.grad?.dtype, "float64");
});

Deno.test("no_grad records nothing and restores grad mode, even after a throw", () => {
  const x = tensor([1], { requires_grad: true });
  const y = no_grad(() => x.mul(2));
  assert.equal(y.requires_grad, false);
  assert.equal(y.grad_fn, null);
  assert.throws(() =>
    no_grad(() => {
      throw new Error("boom");
    })
  );
  assert.equal(is_grad_enabled(), true);
});

Deno.test("a long chain back-propagates without overflowing the stack", () => {
  const x = tensor([1], { dtype: "float64", requires_grad: true });
  let y = x;
  for (let i = 0; i < 20000; i++) y = y.add(1);
  y.backward();
  assert.deepEqual(x.grad?.tolist(), [1]);
});

Deno.test("the document's method 1 gives torch's input gradient", () => {
  const input = tensor([0.7, 0.1, 0.2], { requires_grad: true });
  const target = tensor([0.2, 0.5, 0.3]);
  F.kl_div(F.log_softmax(input, 0), F.softmax(target, 0), { reduction: "batchmean" }).backward();
  assert.equal(String(input.grad), "tensor([ 0.0582, -0.0454, -0.0128])");
});

Deno.test("a second backward through nodes that saved tensors fails unless retain_graph", () => {
  const x = tensor([1, 2], { requires_grad: true });
  const y = x.mul(x).sum();
  y.backward({ retain_graph: true });
  y.backward();
  assert.deepEqual(x.grad?.tolist(), [4, 8]);
  assert.throws(() => y.backward(), /backward through the graph a second time.*MulBackward0/);
  // Sum and add save nothing in torch and can be run again.
  const z = x.add(1).sum();
  z.backward();
  z.backward(null, { retain_graph: false });
  assert.deepEqual(x.grad?.tolist(), [6, 10]);
  assert.throws(
    () => y.backward(undefined, { retain_graph: 1 as never }),
    /argument 'retain_graph' must be a boolean/,
  );
});

Deno.test("a fresh gradient becomes one leaf's .grad without a copy; no two leaves share storage", () => {
  // log_softmax's backward allocates its gradient; AddBackward0 hands that one tensor to both
  // leaves. The first may keep it, the second must get a copy. Sizes cover both kernel paths.
  for (const n of [5, 4096]) {
    manual_seed(7);
    const a = randn(2, n);
    const b = randn(2, n);
    const w = randn(2, n);
    a.requires_grad = true;
    b.requires_grad = true;
    F.log_softmax(a.add(b), -1).mul(w).sum().backward();
    const ga = a.grad as Tensor;
    const gb = b.grad as Tensor;
    assert.notEqual(
      storageOf(ga).data.buffer,
      storageOf(gb).data.buffer,
      `n=${n}: the leaves share storage`,
    );
    assert.deepEqual(ga.toTypedArray(), gb.toTypedArray());
    const before = storageOf(gb).data[0];
    storageOf(ga).data[0] += 1;
    assert.equal(
      storageOf(gb).data[0],
      before,
      `n=${n}: writing one leaf's grad changed the other's`,
    );
  }
});

Deno.test("a user's gradient is never kept as a leaf's .grad, and later backwards add into .grad", () => {
  const x = tensor([1, 2, 3], { requires_grad: true });
  const g = tensor([0.5, 0.25, 2]);
  x.add(1).backward(g);
  assert.deepEqual(x.grad?.tolist(), [0.5, 0.25, 2]);
  assert.notEqual(storageOf(x.grad as Tensor).data.buffer, storageOf(g).data.buffer);
  const y = tensor([[1, 2], [3, 4]], { requires_grad: true });
  const gy = tensor([[1, 0], [0, 1]]);
  F.log_softmax(y, -1).backward(gy);
  const first = (y.grad as Tensor).tolist() as number[][];
  const kept = y.grad as Tensor;
  F.log_softmax(y, -1).backward(gy);
  assert.deepEqual(y.grad?.tolist(), first.map((r) => r.map((v) => Math.fround(v + v))));
  // As in torch, the second backward added into the same .grad tensor...
  assert.equal(kept, y.grad);
  // ...and never into the user's gradient tensors.
  x.add(1).backward(g);
  assert.deepEqual(g.tolist(), [0.5, 0.25, 2]);
  assert.deepEqual(gy.tolist(), [[1, 0], [0, 1]]);
  assert.deepEqual(x.grad?.tolist(), [1, 0.5, 4]);
});

Deno.test("a later backward adds into the same .grad tensor in place, as torch does", () => {
  const x = tensor([1, 2], { requires_grad: true });
  x.mul(x).sum().backward();
  const g = x.grad;
  x.mul(3).sum().backward();
  assert.equal(x.grad, g);
  assert.deepEqual(g?.tolist(), [5, 7]);
});

Deno.test("an in-place op whose gradient reads the original self keeps it, as torch saves it", () => {
  // torch: y = x * 1; y.mul_(w) gives x.grad = w and w.grad = x (the values before the write).
  const x = tensor([1, 2], { requires_grad: true });
  const w = tensor([3, 4], { requires_grad: true });
  const y = x.mul(1);
  y.mul_(w);
  assert.equal(y.grad_fn?.name(), "MulBackward0");
  y.sum().backward();
  assert.deepEqual(x.grad?.tolist(), [3, 4]);
  assert.deepEqual(w.grad?.tolist(), [1, 2]);
});
