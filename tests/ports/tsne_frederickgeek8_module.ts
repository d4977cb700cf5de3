// Port of FrederickGeek8/t-SNE tsne_module.py (tSNE). The original is in
// tsne_frederickgeek8_module.py.
import { clamp, F, log, manual_seed, nn, type Tensor } from "../../mod.ts";

const eps = 1e-10;

export class tSNE extends nn.Module {
  embedding: nn.Embedding;
  degrees_of_freedom: number;

  constructor(size: number, latent_dim = 2) {
    super();
    this.embedding = nn.Embedding(size, latent_dim);
    this.degrees_of_freedom = 1.0;
  }

  forward(p: Tensor): Tensor {
    const all_y = this.embedding.weight;
    let dist = F.pdist(all_y).pow(2);
    dist = dist.add(1.).pow(-1.0 * this.degrees_of_freedom);
    const q = clamp(dist.div(dist.sum()), { min: eps });

    // log_loss = pij * (torch.log(dist) - torch.log(qij))
    const log_loss = p.dot(log(clamp(p, { min: eps })).sub(log(q)));

    return log_loss.sum();
  }
}

/** Mirrors `run` in tsne_frederickgeek8_module.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  manual_seed(3);
  return { loss: new tSNE(5)(inputs.p) };
}
