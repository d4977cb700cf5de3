/**
 * optim.SGD and optim.Adam against PyTorch 1.13 over 20 steps of a small regression
 * (tests/fixtures/train.json, written by tools/gen_train_fixtures.py).
 */
import assert from "node:assert/strict";
import { nn, optim, type Tensor, tensor } from "../mod.ts";

const fixture = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/train.json", import.meta.url)),
);

interface Step {
  weight: number[];
  bias: number[];
  grad_weight: number[];
  grad_bias: number[];
  loss: number;
}
interface Run {
  name: string;
  optimizer: "SGD" | "Adam";
  options: Record<string, unknown>;
  steps: Step[];
}
interface Problem {
  in: number;
  out: number;
  dtype: "float32" | "float64";
  X: number[];
  Y: number[];
  weight: number[];
  bias: number[];
  runs: Run[];
}

function make(run: Run, params: Tensor[]): optim.SGD | optim.Adam {
  return run.optimizer === "SGD"
    ? optim.SGD(params, run.options as unknown as optim.SGDOptions)
    : optim.Adam(params, run.options as optim.AdamOptions);
}

function linear(p: Problem, weight: number[], bias: number[]): nn.Linear {
  const fc = nn.Linear(p.in, p.out, { dtype: p.dtype });
  fc.load_state_dict({
    weight: tensor(weight, { shape: [p.out, p.in], dtype: p.dtype }),
    bias: tensor(bias, { dtype: p.dtype }),
  });
  return fc;
}

for (const p of [fixture.optim, fixture.optim_wide, fixture.optim_float64] as Problem[]) {
  const dtype = p.dtype;
  const exact = (xs: number[]) => (dtype === "float32" ? xs.map(Math.fround) : xs);
  for (const run of p.runs) {
    Deno.test(`${run.name} (Linear(${p.in}, ${p.out}), ${dtype}): each of 20 steps gives torch's parameters bit for bit`, () => {
      // torch's parameters and gradients go in; the step's output must equal torch's next
      // parameters exactly (state such as momentum carries over from our own steps).
      const fc = linear(p, run.steps[0].weight, run.steps[0].bias);
      const opt = make(run, fc.parameters());
      for (let t = 0; t < 20; t++) {
        const s = run.steps[t];
        fc.load_state_dict({
          weight: tensor(s.weight, { shape: [p.out, p.in], dtype }),
          bias: tensor(s.bias, { dtype }),
        });
        fc.weight.grad = tensor(s.grad_weight, { shape: [p.out, p.in], dtype });
        fc.bias!.grad = tensor(s.grad_bias, { dtype });
        opt.step();
        const next = run.steps[t + 1];
        assert.deepEqual(
          Array.from(fc.weight.toTypedArray()),
          exact(next.weight),
          `step ${t + 1} weight`,
        );
        assert.deepEqual(
          Array.from(fc.bias!.toTypedArray()),
          exact(next.bias),
          `step ${t + 1} bias`,
        );
      }
    });

    Deno.test(`${run.name} (Linear(${p.in}, ${p.out}), ${dtype}): 20 training steps follow torch's losses and parameters`, () => {
      const fc = linear(p, p.weight, p.bias);
      const X = tensor(p.X, { shape: [16, p.in], dtype });
      const Y = tensor(p.Y, { shape: [16, p.out], dtype });
      const opt = make(run, fc.parameters());
      for (let t = 0; t < 20; t++) {
        opt.zero_grad();
        const d = fc(X).sub(Y);
        const loss = d.mul(d).mean();
        loss.backward();
        // Our gradients sum in double and round once; torch's in float32 (a few ulp apart).
        assert.ok(
          Math.abs(loss.item() - run.steps[t].loss) <= 1e-6 * run.steps[t].loss,
          `loss ${t}`,
        );
        opt.step();
      }
      const got = [...fc.weight.toTypedArray(), ...fc.bias!.toTypedArray()];
      const want = [...run.steps[20].weight, ...run.steps[20].bias];
      got.forEach((v, i) =>
        assert.ok(Math.abs(v - want[i]) <= 2e-7, `param ${i}: ${v} vs ${want[i]}`)
      );
    });
  }
}

Deno.test("zero_grad zeroes in place by default (torch 1.13) and set_to_none clears", () => {
  const w = tensor([1, 2], { requires_grad: true });
  const opt = optim.SGD([w], { lr: 0.1 });
  w.mul(w).sum().backward();
  const g = w.grad!;
  opt.zero_grad();
  assert.equal(w.grad, g);
  assert.deepEqual(g.tolist(), [0, 0]);
  opt.zero_grad(true);
  assert.equal(w.grad, null);
  opt.step(); // a parameter without a gradient is skipped
  assert.deepEqual(w.tolist(), [1, 2]);
});

Deno.test("parameter groups override the defaults; state is kept per parameter", () => {
  const a = tensor([1], { requires_grad: true });
  const b = tensor([1], { requires_grad: true });
  const opt = new optim.SGD([{ params: [a] }, { params: [b], lr: 0.5 }], {
    lr: 0.1,
    momentum: 0.9,
  });
  assert.equal(opt.param_groups[0].lr, 0.1);
  assert.equal(opt.param_groups[1].lr, 0.5);
  a.add(b).sum().backward();
  opt.step();
  assert.deepEqual([a.item(), b.item()], [Math.fround(0.9), 0.5]);
  assert.ok(opt.state.get(a)!.momentum_buffer !== undefined);
  const adam = optim.Adam([a]);
  assert.deepEqual(adam.param_groups[0].betas, [0.9, 0.999]);
  assert.ok(opt instanceof optim.SGD && adam instanceof optim.Optimizer);
});

Deno.test("the closure passed to step() is evaluated and its loss returned", () => {
  const w = tensor([3], { requires_grad: true });
  const opt = optim.SGD([w], { lr: 0.25 });
  const loss = opt.step(() => {
    opt.zero_grad();
    const l = w.mul(w).sum();
    l.backward();
    return l;
  });
  assert.equal(loss!.item(), 9);
  assert.equal(w.item(), 1.5);
});

Deno.test("bad arguments get torch's messages", () => {
  const w = tensor([1], { requires_grad: true });
  assert.throws(() => optim.SGD([], { lr: 0.1 }), /optimizer got an empty parameter list/);
  assert.throws(() => optim.SGD([w], { lr: -1 }), /Invalid learning rate: number -1/);
  assert.throws(() => optim.SGD([w], {} as optim.SGDOptions), /required optimization parameter lr/);
  assert.throws(
    () => optim.SGD([w], { lr: 0.1, nesterov: true }),
    /Nesterov momentum requires a momentum and zero dampening/,
  );
  assert.throws(() => optim.SGD([w], { lr: 0.1, momentum: -0.5 }), /Invalid momentum value/);
  assert.throws(() => optim.Adam([w], { betas: [1, 0.9] }), /Invalid beta parameter at index 0/);
  assert.throws(() => optim.Adam([w], { eps: -1 }), /Invalid epsilon value/);
  assert.throws(
    () => optim.Adam([w], { lr: 0.1, momentum: 0.9 } as never),
    /unexpected keyword argument "momentum"/,
  );
  assert.throws(() => optim.SGD([w.mul(2)], { lr: 0.1 }), /can't optimize a non-leaf Tensor/);
  assert.throws(
    () => optim.SGD([{ params: [w] }, { params: [w] }], { lr: 0.1 }),
    /more than one parameter group/,
  );
  assert.throws(
    () => optim.SGD(w as unknown as Tensor[], { lr: 0.1 }),
    /iterable of Tensors or dicts/,
  );
});
