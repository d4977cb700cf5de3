#!/usr/bin/env python3
"""Generate PyTorch 1.13 fixtures for every torch.optim optimiser and lr_scheduler:
tests/fixtures/optim_all.json (consumed by tests/optim_all_test.ts).

    /usr/bin/python3 tools/gen_optim_fixtures.py

Values as in tools/fixture_json.py (float32 as the shortest decimal that rounds back).

  problems: {name: {in, out, dtype, X, Y, weight, bias}} -- a Linear(in, out) fitting Y from X
        with loss = ((model(X) - Y) ** 2).mean()
  optimizers: [{name, optimizer, problem, options, groups, steps, final, state_dict}]
        groups: null (one group of [weight, bias]) or a list of per-group option overrides
        (group 0 holds weight, group 1 bias). steps[t] = {params: [weight, bias], grads: [...]}
        before step t+1; final = [weight, bias] after the last step; state_dict: torch's
        optimizer.state_dict() with tensors as {dtype, shape, data}.
  schedulers: [{name, scheduler, args, optimizer, lrs, state_dict_keys, metrics?}]
        optimizer: SGD over two groups (lr 0.1 and 0.05, momentum 0.9; Adam for names ending
        in _adam, whose momenta are betas[0]); lrs[t] is
        get_last_lr() after t scheduler.step() calls (t = 0..100). metrics: the values passed to
        ReduceLROnPlateau.step(). Lambdas are named in args as {"lambda": name}; the test maps
        each name to the same function.
  lbfgs: [{name, problem, options, steps: [{loss, params, func_evals, n_iter}]}] -- 4
        step(closure) calls on the full batch
  reprs: [{optimizer, options, repr}] -- str(optimizer) over one tensor
"""

import json
import math
import os
import warnings

import torch

from fixture_json import Encoding, dtype_name

NUMBERS = Encoding()
STEPS = 50


def problem(n_in, n_out, dtype):
    torch.manual_seed(0)
    model = torch.nn.Linear(n_in, n_out, dtype=dtype)
    X = torch.randn(16, n_in, dtype=dtype)
    Y = torch.randn(16, n_out, dtype=dtype)
    return model, X, Y


PROBLEMS = {"f32": (8, 5, torch.float32), "f64": (4, 3, torch.float64)}

OPTIMIZERS = [
    ("sgd_momentum", "SGD", {"lr": 0.05, "momentum": 0.9}, None),
    ("sgd_nesterov_wd", "SGD", {"lr": 0.03, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}, None),
    ("sgd_groups", "SGD", {"lr": 0.05}, [{}, {"lr": 0.1, "momentum": 0.5, "dampening": 0.2}]),
    ("adam_maximize_wd", "Adam", {"lr": 0.01, "weight_decay": 0.05, "maximize": True}, None),
    ("adam_groups", "Adam", {"lr": 0.01}, [{"amsgrad": True}, {"lr": 0.03, "betas": [0.8, 0.9]}]),
    ("adamw_default", "AdamW", {"lr": 0.01}, None),
    ("adamw_amsgrad", "AdamW", {"lr": 0.02, "weight_decay": 0.1, "amsgrad": True, "eps": 1e-6}, None),
    ("adamw_maximize", "AdamW", {"lr": 0.01, "maximize": True, "betas": [0.85, 0.95]}, None),
    ("rmsprop_default", "RMSprop", {"lr": 0.01}, None),
    ("rmsprop_momentum_wd", "RMSprop", {"lr": 0.005, "momentum": 0.9, "weight_decay": 0.01}, None),
    ("rmsprop_centered", "RMSprop", {"lr": 0.005, "alpha": 0.9, "centered": True, "eps": 1e-6}, None),
    ("rmsprop_centered_momentum_max", "RMSprop", {"lr": 0.002, "momentum": 0.5, "centered": True, "maximize": True}, None),
    ("adagrad_default", "Adagrad", {"lr": 0.1}, None),
    ("adagrad_decay", "Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.02, "initial_accumulator_value": 0.1}, None),
    ("adagrad_maximize", "Adagrad", {"lr": 0.05, "eps": 1e-6, "maximize": True}, None),
    ("adamax_default", "Adamax", {"lr": 0.01}, None),
    ("adamax_wd_max", "Adamax", {"lr": 0.02, "weight_decay": 0.01, "betas": [0.8, 0.99], "maximize": True}, None),
    ("nadam_default", "NAdam", {"lr": 0.01}, None),
    ("nadam_wd", "NAdam", {"lr": 0.02, "weight_decay": 0.01, "momentum_decay": 0.01}, None),
    ("radam_default", "RAdam", {"lr": 0.01}, None),
    ("radam_wd", "RAdam", {"lr": 0.02, "weight_decay": 0.01, "betas": [0.8, 0.99]}, None),
    ("adadelta_default", "Adadelta", {}, None),
    ("adadelta_options", "Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-5, "weight_decay": 0.01, "maximize": True}, None),
    ("rprop_default", "Rprop", {"lr": 0.01}, None),
    ("rprop_options", "Rprop", {"lr": 0.02, "etas": [0.4, 1.5], "step_sizes": [1e-4, 0.05], "maximize": True}, None),
]
FLOAT64 = ["sgd_nesterov_wd", "adam_groups", "adamw_amsgrad", "rmsprop_centered_momentum_max",
           "adagrad_decay", "adamax_default", "nadam_default", "radam_default", "adadelta_default",
           "rprop_default"]


def tuples(opts):
    return {k: tuple(v) if isinstance(v, list) else v for k, v in opts.items()}


def encode(v):
    if isinstance(v, torch.Tensor):
        return {"dtype": dtype_name(v.dtype), "shape": list(v.shape), "data": NUMBERS.data(v.reshape(-1))}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {str(k): encode(x) for k, x in v.items()}
    return v


def optimizer_run(name, cls, opts, groups, prob):
    n_in, n_out, dtype = PROBLEMS[prob]
    model, X, Y = problem(n_in, n_out, dtype)
    if groups is None:
        params = model.parameters()
    else:
        params = [dict(tuples(groups[0]), params=[model.weight]), dict(tuples(groups[1]), params=[model.bias])]
    opt = getattr(torch.optim, cls)(params, **tuples(opts))
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        d = model(X) - Y
        loss = (d * d).mean()
        loss.backward()
        steps.append({"params": [NUMBERS.data(model.weight), NUMBERS.data(model.bias)],
                      "grads": [NUMBERS.data(model.weight.grad), NUMBERS.data(model.bias.grad)]})
        opt.step()
    return {"name": name + ("" if prob == "f32" else "_f64"), "optimizer": cls, "problem": prob,
            "options": opts, "groups": groups, "steps": steps,
            "final": [NUMBERS.data(model.weight), NUMBERS.data(model.bias)],
            "state_dict": encode(opt.state_dict())}


LAMBDAS = {
    "decay95": lambda e: 0.95 ** e,
    "warmup10": lambda e: min(1.0, (e + 1) / 10),
    "mul98": lambda e: 0.98,
    "mul_alt": lambda e: 0.9 if e % 2 else 1.01,
}


def resolve(args):
    if isinstance(args, dict):
        if "lambda" in args and len(args) == 1:
            return LAMBDAS[args["lambda"]]
        return {k: resolve(v) for k, v in args.items()}
    if isinstance(args, list):
        return [resolve(a) for a in args]
    return args


SCHEDULERS = [
    ("step", "StepLR", {"step_size": 7}),
    ("step_gamma", "StepLR", {"step_size": 3, "gamma": 0.5}),
    ("multistep", "MultiStepLR", {"milestones": [10, 25, 25, 60], "gamma": 0.3}),
    ("exponential", "ExponentialLR", {"gamma": 0.97}),
    ("cosine", "CosineAnnealingLR", {"T_max": 30}),
    ("cosine_eta_min", "CosineAnnealingLR", {"T_max": 17, "eta_min": 0.001}),
    ("warm_restarts", "CosineAnnealingWarmRestarts", {"T_0": 10}),
    ("warm_restarts_mult", "CosineAnnealingWarmRestarts", {"T_0": 5, "T_mult": 2, "eta_min": 0.002}),
    ("lambda", "LambdaLR", {"lr_lambda": {"lambda": "decay95"}}),
    ("lambda_per_group", "LambdaLR", {"lr_lambda": [{"lambda": "warmup10"}, {"lambda": "decay95"}]}),
    ("multiplicative", "MultiplicativeLR", {"lr_lambda": {"lambda": "mul98"}}),
    ("multiplicative_alt", "MultiplicativeLR", {"lr_lambda": {"lambda": "mul_alt"}}),
    ("linear", "LinearLR", {}),
    ("linear_options", "LinearLR", {"start_factor": 0.25, "end_factor": 0.75, "total_iters": 40}),
    ("constant", "ConstantLR", {}),
    ("constant_options", "ConstantLR", {"factor": 0.5, "total_iters": 20}),
    ("polynomial", "PolynomialLR", {}),
    ("polynomial_options", "PolynomialLR", {"total_iters": 60, "power": 2.0}),
    ("onecycle", "OneCycleLR", {"max_lr": 0.5, "total_steps": 101}),
    ("onecycle_linear", "OneCycleLR", {"max_lr": [0.4, 0.2], "epochs": 10, "steps_per_epoch": 11,
                                       "anneal_strategy": "linear", "pct_start": 0.4, "three_phase": True}),
    ("onecycle_no_momentum", "OneCycleLR", {"max_lr": 0.3, "total_steps": 150, "cycle_momentum": False,
                                            "div_factor": 10.0, "final_div_factor": 100.0}),
    ("cyclic", "CyclicLR", {"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 7}),
    ("cyclic_triangular2", "CyclicLR", {"base_lr": [0.01, 0.02], "max_lr": 0.2, "step_size_up": 5,
                                        "step_size_down": 8, "mode": "triangular2"}),
    ("cyclic_exp_range", "CyclicLR", {"base_lr": 0.001, "max_lr": 0.1, "step_size_up": 6,
                                      "mode": "exp_range", "gamma": 0.97, "cycle_momentum": False}),
    ("plateau", "ReduceLROnPlateau", {}),
    ("plateau_options", "ReduceLROnPlateau", {"mode": "max", "factor": 0.5, "patience": 3,
                                              "threshold": 0.01, "threshold_mode": "abs",
                                              "cooldown": 2, "min_lr": [0.01, 0.002], "eps": 1e-3}),
    ("plateau_rel_min", "ReduceLROnPlateau", {"factor": 0.7, "patience": 2, "cooldown": 1, "threshold": 0.05}),
    ("sequential", "SequentialLR", {"schedulers": [["LinearLR", {"start_factor": 0.1, "total_iters": 5}],
                                                   ["ExponentialLR", {"gamma": 0.95}]],
                                    "milestones": [5]}),
    ("sequential3", "SequentialLR", {"schedulers": [["ConstantLR", {"factor": 0.5, "total_iters": 3}],
                                                    ["StepLR", {"step_size": 4, "gamma": 0.5}],
                                                    ["CosineAnnealingLR", {"T_max": 20}]],
                                     "milestones": [10, 30]}),
    ("onecycle_adam", "OneCycleLR", {"max_lr": 0.01, "total_steps": 120, "base_momentum": 0.8,
                                     "max_momentum": 0.9}),
    ("chained", "ChainedScheduler", {"schedulers": [["ConstantLR", {"factor": 0.2, "total_iters": 4}],
                                                    ["ExponentialLR", {"gamma": 0.9}]]}),
]


def metric(t):
    # a noisy plateauing sequence, with exact values in float64
    return round(1.0 / (1 + t) + 0.05 * math.sin(t * 1.7) * (t % 5 == 0) + (0.2 if 40 <= t < 45 else 0.0), 12)


def scheduler_run(name, cls, args):
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    if name.endswith("_adam"):
        opt = torch.optim.Adam([{"params": [w]}, {"params": [b], "lr": 0.05}], lr=0.1)
    else:
        opt = torch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.05}], lr=0.1, momentum=0.9)
    kw = resolve(args)
    if cls in ("SequentialLR", "ChainedScheduler"):
        kw = dict(kw)
        kw["schedulers"] = [getattr(torch.optim.lr_scheduler, c)(opt, **resolve(a)) for c, a in kw["schedulers"]]
    if cls == "ChainedScheduler":
        sched = torch.optim.lr_scheduler.ChainedScheduler(kw["schedulers"])
    else:
        sched = getattr(torch.optim.lr_scheduler, cls)(opt, **kw)
    lrs = [[float(g["lr"]) for g in opt.param_groups]]
    def momentum(g):
        return float(g["betas"][0] if "betas" in g else g["momentum"])

    momenta = [[momentum(g) for g in opt.param_groups]]
    metrics = []
    for t in range(100):
        opt.step()
        if cls == "ReduceLROnPlateau":
            metrics.append(metric(t))
            sched.step(metrics[-1])
        else:
            sched.step()
        lrs.append([float(g["lr"]) for g in opt.param_groups])
        momenta.append([momentum(g) for g in opt.param_groups])
    out = {"name": name, "scheduler": cls, "args": args, "lrs": lrs, "momenta": momenta,
           "state_dict_keys": sorted(sched.state_dict().keys())}
    if cls != "ReduceLROnPlateau":
        out["last_lr"] = [float(x) for x in sched.get_last_lr()]
        out["last_epoch"] = getattr(sched, "last_epoch", None)
    if metrics:
        out["metrics"] = metrics
    return out


LBFGS_RUNS = [
    ("lbfgs_default", {}, "f32"),
    ("lbfgs_strong_wolfe", {"line_search_fn": "strong_wolfe"}, "f32"),
    ("lbfgs_options", {"lr": 0.5, "max_iter": 7, "history_size": 3}, "f32"),
    ("lbfgs_default_f64", {}, "f64"),
    ("lbfgs_options_f64", {"lr": 0.5, "max_iter": 7, "history_size": 3}, "f64"),
    ("lbfgs_strong_wolfe_f64", {"line_search_fn": "strong_wolfe", "max_iter": 10, "history_size": 5}, "f64"),
]


def lbfgs_run(name, opts, prob):
    """LBFGS over 4 step(closure) calls on the full batch; after each: its returned loss, the
    parameters, and the state's func_evals and n_iter."""
    n_in, n_out, dtype = PROBLEMS[prob]
    model, X, Y = problem(n_in, n_out, dtype)
    opt = torch.optim.LBFGS(model.parameters(), **opts)

    def closure():
        opt.zero_grad()
        d = model(X) - Y
        loss = (d * d).mean()
        loss.backward()
        return loss

    steps = []
    for _ in range(4):
        loss = opt.step(closure)
        st = opt.state[model.weight]
        steps.append({"loss": float(loss), "params": [NUMBERS.data(model.weight), NUMBERS.data(model.bias)],
                      "func_evals": st["func_evals"], "n_iter": st["n_iter"]})
    return {"name": name, "problem": prob, "options": opts, "steps": steps}


REPRS = [
    ("Adam", {"lr": 1e-3}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("AdamW", {"lr": 0.0001, "betas": [0.8, 0.99]}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("Rprop", {"lr": 0.02, "step_sizes": [1e-05, 50]}),
    ("LBFGS", {"lr": 1, "line_search_fn": "strong_wolfe"}),
]


def reprs():
    """str(optimizer) for a few optimisers over one tensor."""
    out = []
    for cls, opts in REPRS:
        w = torch.zeros(2, requires_grad=True)
        out.append({"optimizer": cls, "options": opts, "repr": str(getattr(torch.optim, cls)([w], **tuples(opts)))})
    return out


def main():
    warnings.simplefilter("ignore")
    problems = {}
    for key, (n_in, n_out, dtype) in PROBLEMS.items():
        model, X, Y = problem(n_in, n_out, dtype)
        problems[key] = {"in": n_in, "out": n_out, "dtype": dtype_name(dtype), "X": NUMBERS.data(X),
                         "Y": NUMBERS.data(Y), "weight": NUMBERS.data(model.weight),
                         "bias": NUMBERS.data(model.bias)}
    optimizers = [optimizer_run(n, c, o, g, "f32") for n, c, o, g in OPTIMIZERS]
    optimizers += [optimizer_run(n, c, o, g, "f64") for n, c, o, g in OPTIMIZERS if n in FLOAT64]
    doc = {"torch_version": torch.__version__, "steps": STEPS, "problems": problems,
           "optimizers": optimizers,
           "lbfgs": [lbfgs_run(n, o, p) for n, o, p in LBFGS_RUNS],
           "reprs": reprs(),
           "schedulers": [scheduler_run(n, c, a) for n, c, a in SCHEDULERS]}
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "optim_all.json")
    with open(path, "w") as f:
        json.dump(doc, f)
        f.write("\n")


if __name__ == "__main__":
    main()
