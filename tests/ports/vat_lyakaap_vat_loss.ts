// Port of lyakaap/VAT-pytorch vat.py (VATLoss). The original is in vat_lyakaap_vat_loss.py.
// A user context manager (`with f(model):`) is a function taking the body, as `no_grad(() => ...)`.
import { F, manual_seed, nn, no_grad, norm, rand, type Tensor } from "../../mod.ts";

function _disable_tracking_bn_stats(model: nn.Module, body: () => void): void {
  function switch_attr(m: nn.Module): void {
    if ("track_running_stats" in m) {
      // deno-lint-ignore no-explicit-any
      (m as any).track_running_stats = (m as any).track_running_stats !== true;
    }
  }
  model.apply(switch_attr);
  body();
  model.apply(switch_attr);
}

function _l2_normalize(d: Tensor): Tensor {
  const d_reshaped = d.view(d.shape[0], -1, ...Array.from({ length: d.dim() - 2 }, () => 1));
  d.div_(norm(d_reshaped, { dim: 1, keepdim: true }).add(1e-8));
  return d;
}

export class VATLoss extends nn.Module {
  xi: number;
  eps: number;
  ip: number;

  /** VAT loss */
  constructor(xi = 10.0, eps = 1.0, ip = 1) {
    super();
    this.xi = xi;
    this.eps = eps;
    this.ip = ip;
  }

  forward(model: nn.Module, x: Tensor): Tensor {
    let pred!: Tensor;
    no_grad(() => {
      pred = F.softmax(model(x), 1);
    });

    // prepare random unit tensor
    let d = rand(x.shape).sub(0.5).to(x.device);
    d = _l2_normalize(d);

    let lds!: Tensor;
    _disable_tracking_bn_stats(model, () => {
      // calc adversarial direction
      for (let _ = 0; _ < this.ip; _++) {
        d.requires_grad_();
        const pred_hat = model(x.add(d.mul(this.xi)));
        const logp_hat = F.log_softmax(pred_hat, 1);
        const adv_distance = F.kl_div(logp_hat, pred, { reduction: "batchmean" });
        adv_distance.backward();
        d = _l2_normalize(d.grad!);
        model.zero_grad();
      }

      // calc LDS
      const r_adv = d.mul(this.eps);
      const pred_hat = model(x.add(r_adv));
      const logp_hat = F.log_softmax(pred_hat, 1);
      lds = F.kl_div(logp_hat, pred, { reduction: "batchmean" });
    });

    return lds;
  }
}

/** Mirrors `run` in vat_lyakaap_vat_loss.py. */
export function run(inputs: Record<string, Tensor>): Record<string, Tensor> {
  manual_seed(2);
  const model = nn.Sequential(nn.Linear(2 * 3, 8), nn.ReLU(), nn.Linear(8, 4));
  const flat = nn.Sequential(nn.Flatten(), model);
  return { lds: new VATLoss(1.0, 0.5, 2)(flat, inputs.x) };
}
