import assert from "node:assert/strict";
import { allclose, assert_close, tensor } from "../mod.ts";

Deno.test("allclose uses |a - b| <= atol + rtol·|b| with torch's defaults", () => {
  assert.equal(allclose(tensor([1e-9]), tensor([0])), true);
  assert.equal(allclose(tensor([1e-7]), tensor([0])), false);
  assert.equal(allclose(tensor([100]), tensor([100.0009])), true);
  assert.equal(allclose(tensor([1]), tensor([1.1]), { rtol: 0.2 }), true);
  assert.equal(allclose(tensor([1]), tensor([1.1]), { atol: 0.05, rtol: 0 }), false);
});

Deno.test("allclose: NaN only with equal_nan, infinities must match, shapes broadcast", () => {
  assert.equal(allclose(tensor([NaN]), tensor([NaN])), false);
  assert.equal(allclose(tensor([NaN]), tensor([NaN]), { equal_nan: true }), true);
  assert.equal(allclose(tensor([Infinity]), tensor([Infinity])), true);
  assert.equal(allclose(tensor([Infinity]), tensor([-Infinity])), false);
  assert.equal(allclose(tensor([[1, 1]]), tensor(1)), true);
  assert.throws(() => allclose(tensor([1, 2]), tensor([1, 2, 3])), /do not broadcast/);
  assert.throws(
    () => allclose(tensor([1]), tensor([1]), { rtol: -1 }),
    /rtol must be a non-negative number/,
  );
});

Deno.test("assert_close reports the mismatch count and the worst element", () => {
  assert.throws(
    () => assert_close(tensor([[1, 2], [3, 4]]), tensor([[1, 2], [3.5, 4]])),
    (e: Error) => {
      assert.match(e.message, /Tensor-likes are not close!/);
      assert.match(e.message, /Mismatched elements: 1 \/ 4 \(25\.0%\)/);
      assert.match(
        e.message,
        /Greatest absolute difference: 0\.5 at index \(1, 0\) \(up to 0\.00001 allowed\)/,
      );
      assert.match(
        e.message,
        /Greatest relative difference: 0\.14285714285714285 at index \(1, 0\)/,
      );
      return true;
    },
  );
});

Deno.test("assert_close checks shape and dtype, and passes within tolerance", () => {
  assert_close(tensor([1, 2]), tensor([1, 2.000001]));
  assert.throws(
    () => assert_close(tensor([1, 2]), tensor([[1, 2]])),
    /'shape' do not match: torch\.Size\(\[2\]\) != torch\.Size\(\[1, 2\]\)/,
  );
  assert.throws(
    () => assert_close(tensor([1]), tensor([1], { dtype: "float64" })),
    /'dtype' do not match: torch\.float32 != torch\.float64/,
  );
  assert_close(tensor([1]), tensor([1], { dtype: "float64" }), { check_dtype: false });
  assert_close(tensor([NaN]), tensor([NaN]));
  assert_close(tensor(0.5).item(), 0.5);
  assert.throws(
    () => assert_close(tensor([1]), tensor([1]), { rtol: 1e-3 }),
    /both 'rtol' and 'atol'/,
  );
});
