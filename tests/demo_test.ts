import assert from "node:assert/strict";

Deno.test("deno task demo prints PyTorch's four lines, the agreement table and the gradient", () => {
  const out = new Deno.Command(Deno.execPath(), {
    args: ["run", new URL("../examples/four_methods.ts", import.meta.url).pathname],
  }).outputSync();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const lines = new TextDecoder().decode(out.stdout).split("\n");
  // ../shared/SOURCE.md: what PyTorch 1.13 prints for the four methods.
  assert.deepEqual(lines.slice(0, 4), [
    "tensor(0.0239, grad_fn=<DivBackward0>)",
    "tensor(0.0239, grad_fn=<DivBackward0>)",
    "tensor(0.0239, grad_fn=<MeanBackward0>)",
    "tensor(0.0239, grad_fn=<MeanBackward0>)",
  ]);
  const text = lines.join("\n");
  // torch's .item() values, bit for bit.
  for (const v of ["0.02388889156281948", "0.02388889528810978", "0.02388891391456127"]) {
    assert.ok(text.includes(v), `missing ${v}`);
  }
  assert.match(
    text,
    /input\.grad after method 1's backward\(\): tensor\(\[ 0\.0582, -0\.0454, -0\.0128\]\)/,
  );
});
