/**
 * The memory watchdog's sample (issue 22): calls that once grew past 3 GiB or died with V8's
 * "Array buffer allocation failed". Run as a child process by tests/memory_test.ts, which kills
 * it above 3 GiB of resident memory; each line printed is `<case>\t<outcome>`.
 */
import { cat, eye, F, linspace, nn, ones, randint, type Tensor, where, zeros } from "../../mod.ts";

const big = (): Tensor => zeros(1, 1).expand(70000, 70000);
const cases: [string, () => unknown][] = [
  ["broadcast add", () => zeros(70000, 1).add(zeros(1, 70000))],
  ["expand contiguous", () => zeros(1).expand(2 ** 31).contiguous()],
  ["matmul", () => ones(70000, 1).matmul(ones(1, 70000))],
  ["repeat", () => zeros(1000).repeat(1000000)],
  ["cat", () => cat([0, 1, 2].map(() => zeros(1).expand(2 ** 28)))],
  ["linspace", () => linspace(0, 1, 2 ** 31)],
  ["randint", () => randint(0, 5, [2 ** 31])],
  ["eye", () => eye(100000)],
  ["Linear", () => new nn.Linear(100000, 100000)],
  ["where", () => where(ones(70000, 1).gt(0), zeros(1, 70000), 0)],
  ["gather", () => zeros(1, 70000).gather(0, zeros(1, 1, { dtype: "int64" }).expand(70000, 70000))],
  ["kl_div", () => F.kl_div(zeros(70000, 1), zeros(1, 70000), { reduction: "sum" })],
  ["cross_entropy", () => F.cross_entropy(big(), zeros(70000, { dtype: "int64" }))],
  ["nonzero", () => big().nonzero()],
  [
    "masked_select",
    () => zeros(1, 1).masked_select(ones(1, 1, { dtype: "bool" }).expand(70000, 70000)),
  ],
  ["cumsum", () => big().cumsum(0)],
  ["sort", () => big().sort()],
  ["softmax", () => big().softmax(-1)],
  // Small results of huge expanded inputs: computed from the base, as torch.
  ["sum", () => big().sum().item()],
  ["mean", () => zeros(1, 1).add(3).expand(70000, 70000).mean(1).shape],
  ["print", () => String(big()).length],
  // A result within the cap of an expanded input: only the result is allocated (1 GiB here;
  // copying the input first, with an index table, took 3 GiB).
  ["exp", () => zeros(1).add(1).expand(2 ** 28).exp().shape[0]],
  ["max", () => zeros(1, 1).add(2).expand(70000, 70000).max().item()],
  ["amax", () => zeros(70000, 1).add(-1).expand(70000, 70000).amax(1).sum().item()],
  ["sum backward", () => {
    const a = zeros(1, 1, { requires_grad: true });
    a.expand(70000, 70000).sum().backward();
    return a.grad!.item();
  }],
];

const only = Deno.args.length > 0 ? new Set(Deno.args) : null;
for (const [name, run] of cases) {
  if (only !== null && !only.has(name)) continue;
  let outcome: string;
  try {
    const r = run();
    outcome = `ok ${typeof r === "object" && r !== null ? "tensor" : String(r)}`;
  } catch (e) {
    outcome = `${(e as Error).name}: ${(e as Error).message}`;
  }
  console.log(`${name}\t${outcome.replaceAll("\n", " ")}`);
}
