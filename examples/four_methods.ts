/**
 * The document's four ways to compute KL divergence, ported line by line from PyTorch.
 * Prints PyTorch's four lines, then how far each value is from method 1, and the gradient.
 *
 * Run: deno task demo
 *
 * @module
 */

import { F, nn, type Tensor, tensor } from "../mod.ts";

const input = tensor([0.7, 0.1, 0.2], { requires_grad: true });
const target = tensor([0.2, 0.5, 0.3]);

// Method 1: the loss module.
const kl_loss = nn.KLDivLoss({ reduction: "batchmean" });
const output1 = kl_loss(F.log_softmax(input, 0), F.softmax(target, 0));
// Method 2: the functional form.
const output2 = F.kl_div(F.log_softmax(input, 0), F.softmax(target, 0), {
  reduction: "batchmean",
});
// Method 3: the formula, with log(p) for the target.
const p = F.softmax(target, 0);
const output3 = p.mul(p.log().sub(F.log_softmax(input, 0))).mean();
// Method 4: the formula, with log_softmax for the target.
const output4 = p.mul(F.log_softmax(target, 0).sub(F.log_softmax(input, 0))).mean();

const outputs: [string, Tensor][] = [
  ["method 1  nn.KLDivLoss(batchmean)", output1],
  ["method 2  F.kl_div(batchmean)", output2],
  ["method 3  (p·(log p − log_softmax)).mean()", output3],
  ["method 4  (p·(log_softmax − log_softmax)).mean()", output4],
];
for (const [, out] of outputs) console.log(`${out}`);

/** Distance between two float32 values in units in the last place. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat32(0, a);
  view.setFloat32(4, b);
  // Map the sign-magnitude bit patterns onto a monotonic integer line.
  const ordered = (bits: number) => (bits < 0 ? -(bits & 0x7fffffff) : bits);
  return Math.abs(ordered(view.getInt32(0)) - ordered(view.getInt32(4)));
}

const reference = output1.item();
console.log("\nAgreement with method 1 (float32):");
console.log(
  ["method".padEnd(50), "value".padEnd(22), "abs diff".padEnd(10), "rel diff".padEnd(10), "ULPs"]
    .join(" "),
);
for (const [name, out] of outputs) {
  const v = out.item();
  const abs = Math.abs(v - reference);
  console.log(
    [
      name.padEnd(50),
      String(v).padEnd(22),
      abs.toExponential(2).padEnd(10),
      (abs / Math.abs(reference)).toExponential(2).padEnd(10),
      String(ulps(v, reference)),
    ].join(" "),
  );
}

output1.backward();
console.log(`\ninput.grad after method 1's backward(): ${input.grad}`);
