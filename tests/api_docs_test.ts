// Every public value of every entry point, namespace members included (`F.kl_div`,
// `nn.KLDivLoss`, `plot.bars`), must appear in `deno doc --json` with its JSDoc, and every
// function with an example. `deno doc --lint` cannot catch a missing namespace member: it never
// sees one (named re-exports inside a namespace module left `F` empty in the docs).
import assert from "node:assert/strict";

interface JsDocTag {
  kind: string;
}
interface Declaration {
  kind: string;
  jsDoc?: { doc?: string; tags?: JsDocTag[] };
  def?: { elements?: DocSymbol[]; hasBody?: boolean };
}
interface DocSymbol {
  name: string;
  declarations: Declaration[];
}

const ENTRY_POINTS = ["mod.ts", "jupyter.ts", "csv.ts"] as const;

function docSymbols(entry: string): DocSymbol[] {
  const url = new URL(`../${entry}`, import.meta.url);
  const out = new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", url.pathname],
    stderr: "piped",
  }).outputSync();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const json = JSON.parse(new TextDecoder().decode(out.stdout));
  return json.nodes[url.href].symbols;
}

/** The problems of one documented value: no JSDoc, or a function without an example. */
function problems(path: string, symbol: DocSymbol | undefined, top: DocSymbol[]): string[] {
  if (symbol === undefined) return [`${path}: missing from deno doc`];
  // An overloaded function's implementation signature is not callable from outside (TypeScript
  // shows callers only the overloads), so only the overloads need documenting.
  const overloaded = symbol.declarations.filter((d) => d.kind === "function").length > 1;
  const decls = symbol.declarations.filter((d) =>
    d.kind !== "reference" && !(overloaded && d.def?.hasBody === true)
  );
  if (decls.length === 0) {
    // A re-export inside a namespace shows as a reference; its docs live on the top-level symbol.
    const target = top.find((s) => s.name === symbol.name);
    return target === undefined ? [`${path}: a reference to nothing documented`] : [];
  }
  const out: string[] = [];
  for (const d of decls) {
    if (!d.jsDoc?.doc) out.push(`${path} (${d.kind}): no JSDoc summary`);
    if (d.kind === "function" && !d.jsDoc?.tags?.some((t) => t.kind === "example")) {
      out.push(`${path}: no @example`);
    }
  }
  return out;
}

for (const entry of ENTRY_POINTS) {
  Deno.test(`deno doc ${entry} documents every public value, namespace members included`, async () => {
    const mod = await import(`../${entry}`) as Record<string, unknown>;
    const top = docSymbols(entry);
    const found: string[] = [];
    for (const [name, value] of Object.entries(mod)) {
      const symbol = top.find((s) => s.name === name);
      found.push(...problems(name, symbol, top));
      const isNamespace = value !== null && typeof value === "object" &&
        (value as Record<symbol, unknown>)[Symbol.toStringTag] === "Module";
      if (!isNamespace || symbol === undefined) continue;
      const elements = symbol.declarations.find((d) => d.kind === "namespace")?.def?.elements ?? [];
      for (const member of Object.keys(value as object)) {
        found.push(
          ...problems(`${name}.${member}`, elements.find((e) => e.name === member), top),
        );
      }
    }
    assert.deepEqual(found, []);
  });
}

Deno.test("the namespaces hold PyTorch's names and nothing internal", async () => {
  const mod = await import("../mod.ts");
  const jupyter = await import("../jupyter.ts");
  // An internal helper exported beside a public function would leak into the namespace (and
  // into the docs) through `export *`.
  assert.deepEqual(Object.keys(mod.F).sort(), [
    "alpha_dropout",
    "batch_norm",
    "bilinear",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "celu",
    "cosine_embedding_loss",
    "cosine_similarity",
    "cross_entropy",
    "dropout",
    "elu",
    "embedding",
    "gaussian_nll_loss",
    "gelu",
    "glu",
    "group_norm",
    "gumbel_softmax",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "hinge_embedding_loss",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "layer_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "logsigmoid",
    "margin_ranking_loss",
    "mish",
    "mse_loss",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "multilabel_soft_margin_loss",
    "nll_loss",
    "normalize",
    "one_hot",
    "pad",
    "pairwise_distance",
    "pdist",
    "poisson_nll_loss",
    "prelu",
    "relu",
    "relu6",
    "rrelu",
    "selu",
    "sigmoid",
    "silu",
    "smooth_l1_loss",
    "soft_margin_loss",
    "softmax",
    "softmin",
    "softplus",
    "softshrink",
    "softsign",
    "tanh",
    "tanhshrink",
    "threshold",
    "triplet_margin_loss",
    "triplet_margin_with_distance_loss",
  ]);
  assert.deepEqual(Object.keys(mod.nn).sort(), [
    "AlphaDropout",
    "BCELoss",
    "BCEWithLogitsLoss",
    "BatchNorm1d",
    "Bilinear",
    "CELU",
    "CosineEmbeddingLoss",
    "CosineSimilarity",
    "CrossEntropyLoss",
    "DistillationLoss",
    "Dropout",
    "ELU",
    "Embedding",
    "Flatten",
    "GELU",
    "GLU",
    "GaussianNLLLoss",
    "GroupNorm",
    "Hardshrink",
    "Hardsigmoid",
    "Hardswish",
    "Hardtanh",
    "HingeEmbeddingLoss",
    "HuberLoss",
    "Identity",
    "KLDivLoss",
    "L1Loss",
    "LayerNorm",
    "LeakyReLU",
    "Linear",
    "LogSigmoid",
    "LogSoftmax",
    "MSELoss",
    "MarginRankingLoss",
    "Mish",
    "Module",
    "ModuleDict",
    "ModuleList",
    "MultiLabelMarginLoss",
    "MultiLabelSoftMarginLoss",
    "MultiMarginLoss",
    "NLLLoss",
    "PReLU",
    "PairwiseDistance",
    "Parameter",
    "ParameterDict",
    "ParameterList",
    "PoissonNLLLoss",
    "RReLU",
    "ReLU",
    "ReLU6",
    "SELU",
    "Sequential",
    "SiLU",
    "Sigmoid",
    "SmoothL1Loss",
    "SoftMarginLoss",
    "Softmax",
    "Softmin",
    "Softplus",
    "Softshrink",
    "Softsign",
    "Tanh",
    "Tanhshrink",
    "Threshold",
    "TripletMarginLoss",
    "TripletMarginWithDistanceLoss",
    "Unflatten",
    "init",
    "utils",
  ]);
  assert.deepEqual(Object.keys(mod.nn.init).sort(), [
    "_calculate_fan_in_and_fan_out",
    "calculate_gain",
    "constant_",
    "eye_",
    "kaiming_normal_",
    "kaiming_uniform_",
    "normal_",
    "ones_",
    "orthogonal_",
    "trunc_normal_",
    "uniform_",
    "xavier_normal_",
    "xavier_uniform_",
    "zeros_",
  ]);
  assert.deepEqual(Object.keys(mod.nn.utils).sort(), [
    "clip_grad_norm_",
    "clip_grad_value_",
    "parameters_to_vector",
    "vector_to_parameters",
  ]);
  assert.deepEqual(Object.keys(mod.optim).sort(), [
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "LBFGS",
    "NAdam",
    "Optimizer",
    "RAdam",
    "RMSprop",
    "Rprop",
    "SGD",
    "lr_scheduler",
  ]);
  assert.deepEqual(Object.keys(mod.optim.lr_scheduler).sort(), [
    "ChainedScheduler",
    "ConstantLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "ExponentialLR",
    "LRScheduler",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "MultiplicativeLR",
    "OneCycleLR",
    "PolynomialLR",
    "ReduceLROnPlateau",
    "SequentialLR",
    "StepLR",
    "_LRScheduler",
  ]);
  assert.deepEqual(Object.keys(mod.divergence).sort(), [
    "cross_entropy",
    "entropy",
    "js",
    "kl",
    "symmetric_kl",
  ]);
  assert.deepEqual(Object.keys(jupyter.plot).sort(), [
    "Chart",
    "MAX_BAR_CATEGORIES",
    "MAX_LINE_POINTS",
    "bars",
    "line",
  ]);
});
