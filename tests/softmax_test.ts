import assert from "node:assert/strict";
import { F, tensor } from "../mod.ts";

Deno.test("softmax slices sum to 1 along the chosen dim", () => {
  const x = tensor([[1, 2, 3], [0, -1, 5]], { dtype: "float64" });
  for (const dim of [0, 1, -1, -2]) {
    const s = F.softmax(x, dim).sum(dim).tolist() as number[];
    for (const v of s) assert.ok(Math.abs(v - 1) < 1e-15, `dim ${dim}: ${v}`);
  }
});

Deno.test("extreme logits: softmax [1, 0, 0] and log_softmax [0, -1000, -2000], no NaN", () => {
  const x = tensor([1000, 0, -1000]);
  assert.deepEqual(F.softmax(x, 0).tolist(), [1, 0, 0]);
  assert.deepEqual(F.log_softmax(x, 0).tolist(), [0, -1000, -2000]);
  const big = tensor([3e38, -3e38, 0]);
  assert.ok((F.log_softmax(big, 0).tolist() as number[]).every((v) => !Number.isNaN(v)));
});

Deno.test("log_softmax equals log(softmax) where nothing underflows", () => {
  const x = tensor([0.3, -1.2, 2.5, 0], { dtype: "float64" });
  const a = F.log_softmax(x, 0).tolist() as number[];
  const b = F.softmax(x, 0).log().tolist() as number[];
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-14));
});

Deno.test("log_softmax stays finite where log(softmax) underflows to -inf", () => {
  const x = tensor([0, -200]);
  assert.equal((F.softmax(x, 0).log().tolist() as number[])[1], -Infinity);
  assert.equal((F.log_softmax(x, 0).tolist() as number[])[1], -200);
});

Deno.test("softmax of a 0-dim tensor is 1 and log_softmax is 0", () => {
  assert.equal(F.softmax(tensor(5), 0).item(), 1);
  assert.equal(F.log_softmax(tensor(5), -1).item(), 0);
});

Deno.test("float32 softmax reproduces torch's rounding on the document's target", () => {
  // torch 1.13: F.softmax(tensor([0.2, 0.5, 0.3]), 0)
  assert.deepEqual(F.softmax(tensor([0.2, 0.5, 0.3]), 0).tolist(), [
    0.289433091878891,
    0.3906938135623932,
    0.31987303495407104,
  ]);
});

Deno.test("dim is required, an integer and in range", () => {
  const x = tensor([[1, 2]]);
  assert.throws(
    () => F.softmax(x, undefined as never),
    /softmax: dim is required \(an integer in the range \[-2, 1\]\)/,
  );
  assert.throws(() => F.log_softmax(x, 2), /expected to be in range of \[-2, 1\], but got 2/);
  assert.throws(() => F.softmax(x, "1" as never), /dim must be an integer.*got "1"/);
  assert.throws(() => F.softmax([1, 2] as never, 0), /softmax\(input\): expected a Tensor/);
});

Deno.test("grad_fn names are SoftmaxBackward0 and LogSoftmaxBackward0", () => {
  const x = tensor([1, 2], { requires_grad: true });
  assert.equal(F.softmax(x, 0).grad_fn?.name(), "SoftmaxBackward0");
  assert.equal(F.log_softmax(x, 0).grad_fn?.name(), "LogSoftmaxBackward0");
});
