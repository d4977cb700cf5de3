// What the op table (tools/opinfo/linalg.py, against PyTorch 1.13) cannot express for
// lib/linalg/: decompositions of larger matrices reconstruct their input, named tuples print
// through console.log, options of the wrong kind are refused in kldiv's words, and the
// distributions use the one Cholesky implementation.
import assert from "node:assert/strict";
import { distributions, linalg, manual_seed, randn, type Tensor, tensor } from "../mod.ts";
import { cholesky as distributionsCholesky } from "../lib/distributions/linalg.ts";

function maxAbs(t: Tensor): number {
  return (t.abs().amax() as Tensor).item() as number;
}

function eye(n: number): Tensor {
  return tensor(
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))),
    {
      dtype: "float64",
    },
  );
}

Deno.test("eigh, svd and qr of 12×12 batches reconstruct A with orthonormal factors to 1e-12", () => {
  manual_seed(0);
  const B = randn([3, 12, 12], { dtype: "float64" });
  const S = B.add(B.transpose(-2, -1));
  const [L, V] = linalg.eigh(S);
  assert.ok(maxAbs(V.matmul(L.unsqueeze(-1).mul(V.transpose(-2, -1))).sub(S)) < 1e-12);
  assert.ok(maxAbs(V.transpose(-2, -1).matmul(V).sub(eye(12))) < 1e-12);
  const sorted = (L.tolist() as number[][]).every((row) =>
    row.every((v, i) => i === 0 || row[i - 1] <= v)
  );
  assert.ok(sorted, "eigenvalues ascending");

  const A = randn([2, 12, 7], { dtype: "float64" });
  const [U, s, Vh] = linalg.svd(A, false);
  assert.ok(maxAbs(U.mul(s.unsqueeze(-2)).matmul(Vh).sub(A)) < 1e-12);
  assert.ok(maxAbs(U.transpose(-2, -1).matmul(U).sub(eye(7))) < 1e-12);
  const full = linalg.svd(A);
  assert.deepEqual(full.U.shape, [2, 12, 12]);
  assert.ok(
    maxAbs(full.U.transpose(-2, -1).matmul(full.U).sub(eye(12))) < 1e-12,
    "completed U orthonormal",
  );

  const { Q, R } = linalg.qr(A);
  assert.ok(maxAbs(Q.matmul(R).sub(A)) < 1e-12);
  const below = (R.tolist() as number[][][]).flatMap((m) => m.flatMap((row, i) => row.slice(0, i)));
  assert.ok(below.every((v) => Object.is(v, 0)), "R is upper triangular with +0 below");
});

// String(tuple) is checked against torch's repr by the op table; console.log prints the same.
Deno.test("a named tuple prints through console.log as String() does", () => {
  const out = linalg.slogdet(tensor([[2.0, 0.0], [0.0, 3.0]], { dtype: "float64" }));
  assert.ok(String(out).startsWith("torch.return_types.linalg_slogdet(\nsign=tensor(1."));
  assert.equal(Deno.inspect(out), String(out));
  assert.equal(out.length, 2);
  assert.deepEqual(out.fields, ["sign", "logabsdet"]);
});

Deno.test("options of the wrong kind or unknown keys are refused", () => {
  const A = tensor([[2.0, 0.0], [0.0, 3.0]]);
  assert.throws(() => linalg.solve(A, A, { left: "no" as unknown as boolean }), /left/);
  assert.throws(
    () => linalg.cholesky(A, { lower: true } as never),
    /unexpected keyword argument "lower"/,
  );
  assert.throws(() => linalg.svd(A, "yes" as never), /full_matrices/);
  assert.throws(() => linalg.vector_norm(A, "fro" as never), /ord/);
  assert.throws(() => linalg.qr(A, 3 as never), /mode/);
});

Deno.test("MultivariateNormal factors its covariance with linalg.cholesky (one implementation)", () => {
  assert.equal(distributionsCholesky, linalg.cholesky);
  const cov = tensor([[4.0, 2.0], [2.0, 5.0]], { dtype: "float64" });
  const mvn = new distributions.MultivariateNormal(tensor([0.0, 0.0], { dtype: "float64" }), {
    covariance_matrix: cov,
  });
  assert.deepEqual(mvn.scale_tril.tolist(), linalg.cholesky(cov).tolist());
});
