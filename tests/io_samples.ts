/**
 * The objects kldiv writes with `save` for PyTorch to read: tools/write_io_samples.ts writes
 * each to tests/fixtures/io/kldiv_<name>.pt, tools/gen_io_fixtures.py records what torch.load
 * sees in them (tests/fixtures/io/kldiv_files.json), and tests/io_test.ts checks both that
 * kldiv still writes those bytes and that torch's view of them is these objects.
 */
import { arange, manual_seed, nn, tensor } from "../mod.ts";

/** Each sample object by file name. */
export function ioSamples(): Record<string, unknown> {
  manual_seed(0);
  const model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
  const base = arange(12, { dtype: "float64" }).reshape(3, 4);
  return {
    state_dict: model.state_dict(),
    mixed: {
      logits: tensor([[1.5, -2.25, 0], [3, 4, -0.5]]),
      ids: tensor([[1, -2], [3, 2 ** 40]], { dtype: "int64" }),
      mask: tensor([true, false, true]),
      scalar: tensor(2.5, { dtype: "float64" }),
      empty: tensor([], { dtype: "float32" }),
      nums: [1, -7, 2 ** 40, 0.25, -0, Infinity, NaN, true, null, "text ✓"],
      nested: { a: { b: [1, 2] } },
    },
    views: {
      base,
      column: base.index(":", 1),
      transposed: base.t(),
      tail: base.view(-1).narrow(0, 5, 4),
    },
    leaf: { w: tensor([0.5, -1], { requires_grad: true }), p: nn.Parameter(tensor([1, 2, 3])) },
    optimizer_state: {
      state: { 0: { step: 3, exp_avg: tensor([0.1, 0.2]) } },
      param_groups: [{ lr: 0.001, betas: [0.9, 0.999], params: [0] }],
    },
  };
}
