import assert from "node:assert/strict";
import { F, is_grad_enabled, no_grad, ones, tensor, zeros } from "../mod.ts";

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
    /mismatch in shape: gradient has a shape of torch\.Size\(\[3\]\) and the output has a shape of torch\.Size\(\[2\]\)/,
  );
  y.backward(tensor([1, 10]));
  assert.deepEqual(x.grad?.tolist(), [2, 20]);
});

Deno.test("backward on something that needs no gradient is an error", () => {
  assert.throws(() => zeros(1).backward(), /does not require grad and does not have a grad_fn/);
  assert.throws(
    () => tensor([1, 2], { requires_grad: true }).mul(2).backward("x" as never),
    /backward\(gradient\): expected a Tensor/,
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
  assert.throws(() => y.backward(), /backward through the graph a second time: MulBackward0/);
  // Sum and add save nothing in torch and can be run again.
  const z = x.add(1).sum();
  z.backward();
  z.backward(null, { retain_graph: false });
  assert.deepEqual(x.grad?.tolist(), [6, 10]);
  assert.throws(
    () => y.backward(undefined, { retain_graph: 1 as never }),
    /retain_graph must be a boolean/,
  );
});
