import assert from "node:assert/strict";
import { F, nn, tensor } from "../mod.ts";

const logq = F.log_softmax(tensor([[0.1, 0.7, 0.2], [1, 2, 3]], { dtype: "float64" }), 1);
const p = tensor([[0.2, 0.5, 0.3], [0.6, 0.4, 0]], { dtype: "float64" });

function klRows(): number[] {
  // Σ p·log(p/q) per row, straight from the definition.
  const lq = logq.tolist() as number[][];
  return (p.tolist() as number[][]).map((row, r) =>
    row.reduce((s, pi, i) => s + (pi === 0 ? 0 : pi * (Math.log(pi) - lq[r][i])), 0)
  );
}

Deno.test("reductions: none, sum, mean (N·C) and batchmean (N) from the KL definition", () => {
  const rows = klRows();
  const total = rows[0] + rows[1];
  const none = F.kl_div(logq, p, { reduction: "none" });
  assert.deepEqual(none.shape, [2, 3]);
  assert.ok(Math.abs(F.kl_div(logq, p, { reduction: "sum" }).item() - total) < 1e-15);
  assert.ok(Math.abs(F.kl_div(logq, p, { reduction: "batchmean" }).item() - total / 2) < 1e-15);
  assert.ok(Math.abs(F.kl_div(logq, p, { reduction: "mean" }).item() - total / 6) < 1e-15);
  assert.ok(Math.abs(F.kl_div(logq, p).item() - total / 6) < 1e-15, "mean is the default");
});

Deno.test("a zero target contributes exactly 0, a negative target gives NaN", () => {
  const none = F.kl_div(logq, p, { reduction: "none" }).tolist() as number[][];
  assert.equal(none[1][2], 0);
  const neg = F.kl_div(tensor([-1]), tensor([-0.5]), { reduction: "none" }).item();
  assert.ok(Number.isNaN(neg));
});

Deno.test("log_target: true on log-probabilities equals the plain form on probabilities", () => {
  const a = F.kl_div(logq, p.add(1e-3).log(), { reduction: "sum", log_target: true }).item();
  const b = F.kl_div(logq, p.add(1e-3), { reduction: "sum" }).item();
  assert.ok(Math.abs(a - b) < 1e-14);
});

Deno.test("batchmean of a 0-dim input is the plain sum", () => {
  const r = F.kl_div(tensor(-1), tensor(0.5), { reduction: "batchmean" });
  assert.equal(r.item(), Math.fround(0.5 * Math.fround(Math.log(0.5)) + 0.5));
});

Deno.test("input and target broadcast silently", () => {
  const r = F.kl_div(tensor([[-1, -2, -3]]), tensor([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]), {
    reduction: "none",
  });
  assert.deepEqual(r.shape, [2, 3]);
});

Deno.test("grad_fn names match torch for each reduction", () => {
  const x = tensor([-1, -2], { requires_grad: true });
  const t = tensor([0.5, 0.5]);
  const names = (["none", "sum", "mean", "batchmean"] as const).map((reduction) =>
    F.kl_div(x, t, { reduction }).grad_fn?.name()
  );
  assert.deepEqual(names, ["SubBackward0", "SumBackward0", "MeanBackward0", "DivBackward0"]);
  assert.equal(
    F.kl_div(x, t, { reduction: "none", log_target: true }).grad_fn?.name(),
    "MulBackward0",
  );
});

Deno.test("gradients flow to both input and target: -t/N and (log t + 1 - input)/N", () => {
  const input = tensor([-1.2, -0.5, -2], { dtype: "float64", requires_grad: true });
  const target = tensor([0.2, 0.5, 0.3], { dtype: "float64", requires_grad: true });
  F.kl_div(input, target, { reduction: "batchmean" }).backward();
  const ti = target.tolist() as number[];
  const ii = input.tolist() as number[];
  (input.grad!.tolist() as number[]).forEach((g, i) => assert.ok(Math.abs(g + ti[i] / 3) < 1e-16));
  (target.grad!.tolist() as number[]).forEach((g, i) =>
    assert.ok(Math.abs(g - (Math.log(ti[i]) + 1 - ii[i]) / 3) < 1e-15)
  );
});

Deno.test("bad options are errors that list the valid values", () => {
  const x = tensor([-1]);
  assert.throws(
    () => F.kl_div(x, x, { reduction: "avg" as never }),
    /unknown reduction "avg"; expected one of "none", "sum", "mean", "batchmean"/,
  );
  assert.throws(
    () => F.kl_div(x, x, { reduce: "sum" } as never),
    /kl_div: reduce must be a boolean or null, got "sum"/,
  );
  assert.throws(
    () => F.kl_div(x, x, { log_target: "yes" as never }),
    /log_target must be a boolean/,
  );
  assert.throws(
    () => F.kl_div(x, [0.5] as never),
    /kl_div\(target\): expected a Tensor, got an array/,
  );
  assert.throws(
    () => nn.KLDivLoss({ reduction: "batch" as never }),
    /KLDivLoss: unknown reduction "batch"/,
  );
});

Deno.test("nn.KLDivLoss is callable with or without new and prints like torch", () => {
  const a = nn.KLDivLoss({ reduction: "sum" });
  const b = new nn.KLDivLoss({ reduction: "sum" });
  assert.equal(a(logq, p).item(), F.kl_div(logq, p, { reduction: "sum" }).item());
  assert.equal(b.forward(logq, p).item(), a(logq, p).item());
  assert.equal(a.reduction, "sum");
  assert.equal(a.log_target, false);
  assert.equal(String(a), "KLDivLoss()");
});

Deno.test("reduction 'mean' warns once that it is not the true KL", () => {
  // Run in a fresh process: the warning is once per process.
  const code = `import { F, tensor } from "${new URL("../mod.ts", import.meta.url)}";
    F.kl_div(tensor([-1]), tensor([0.5])); F.kl_div(tensor([-1]), tensor([0.5]));
    F.kl_div(tensor([-1]), tensor([0.5]), { reduction: "batchmean" });`;
  const out = new Deno.Command(Deno.execPath(), { args: ["eval", code] }).outputSync();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(stderr.match(/UserWarning: reduction: 'mean' divides the total loss/g)?.length, 1);
});
