# surfaces.py: the lecture's 2-parameter surfaces written in torch ops, and torch.optim trajectories
# over them (float64, autograd gradients): the reference core/surface/ is checked against.
# Not a test by itself; optim_reference.py writes tests/data/torch_trajectories.json from it and
# compare_cli.py checks the descent CLI live. Needs Debian's python3-torch (/usr/bin/python3).
import math

import torch

STEPS = 100

# Starts match core/surface/surface.cpp's surface_info defaults.
STARTS = {
    "quadratic": (-2.5, 1.5),
    "rosenbrock": (-1.2, 1.0),
    "beale": (1.0, 1.5),
    "himmelblau": (0.0, 0.0),
    "saddle": (-1.5, 1e-3),
}


def surface_value(name, p, eigen=(1.0, 10.0), rotation=0.0):
    """f(p[0], p[1]) as a 0-d tensor, in the same operation order as surface.cpp."""
    x, y = p[0], p[1]
    if name == "quadratic":
        a, b = eigen
        c, s = math.cos(rotation), math.sin(rotation)
        xr = c * x + s * y
        yr = -s * x + c * y
        return 0.5 * (a * xr * xr + b * yr * yr)
    if name == "rosenbrock":
        u, v = 1 - x, y - x * x
        return u * u + 100 * v * v
    if name == "beale":
        y2 = y * y
        y3 = y2 * y
        a, b, c = 1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y3
        return a * a + b * b + c * c
    if name == "himmelblau":
        a, b = x * x + y - 11, x + y * y - 7
        return a * a + b * b
    if name == "saddle":
        return x * x - y * y
    raise ValueError(name)


# Hyper-parameters per surface, chosen so that each optimizer makes visible progress in STEPS
# steps without diverging; the non-default alpha/betas/eps exercise every field.
EXPLICIT = {
    "quadratic": {
        "sgd": {"lr": 0.15},
        "momentum": {"lr": 0.05, "momentum": 0.8},
        "nesterov": {"lr": 0.05, "momentum": 0.8},
        "adagrad": {"lr": 0.8, "eps": 1e-10},
        "rmsprop": {"lr": 0.05, "alpha": 0.9, "eps": 1e-6},
        "adam": {"lr": 0.2, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
    },
    "rosenbrock": {
        "sgd": {"lr": 1e-3},
        "momentum": {"lr": 2e-4, "momentum": 0.9},
        "nesterov": {"lr": 2e-4, "momentum": 0.9},
        "adagrad": {"lr": 0.5, "eps": 1e-10},
        "rmsprop": {"lr": 0.01, "alpha": 0.9, "eps": 1e-8},
        "adam": {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    },
    "beale": {
        "sgd": {"lr": 1e-2},
        "momentum": {"lr": 2e-3, "momentum": 0.9},
        "nesterov": {"lr": 2e-3, "momentum": 0.9},
        "adagrad": {"lr": 0.5, "eps": 1e-10},
        "rmsprop": {"lr": 0.02, "alpha": 0.9, "eps": 1e-7},
        "adam": {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    },
    "himmelblau": {
        "sgd": {"lr": 1e-2},
        "momentum": {"lr": 2e-3, "momentum": 0.9},
        "nesterov": {"lr": 2e-3, "momentum": 0.9},
        "adagrad": {"lr": 0.5, "eps": 1e-10},
        "rmsprop": {"lr": 0.05, "alpha": 0.99, "eps": 1e-8},
        "adam": {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    },
    "saddle": {
        "sgd": {"lr": 0.05},
        "momentum": {"lr": 0.005, "momentum": 0.9},
        "nesterov": {"lr": 0.005, "momentum": 0.9},
        "adagrad": {"lr": 0.5, "eps": 1e-10},
        "rmsprop": {"lr": 0.02, "alpha": 0.9, "eps": 1e-8},
        "adam": {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    },
}

OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]


def make_optimizer(name, params, hyper):
    """torch.optim for Descent's optimizer `name`; hyper may be empty (torch's defaults; SGD,
    which has none for lr, gets Descent's 0.01 and momentum 0.9). Returns (optimizer, resolved)."""
    h = dict(hyper)
    if name in ("sgd", "momentum", "nesterov"):
        lr = h.get("lr", 0.01)
        mu = h.get("momentum", 0.9) if name != "sgd" else 0.0
        opt = torch.optim.SGD(params, lr=lr, momentum=mu, nesterov=(name == "nesterov"))
        resolved = {"lr": lr} if name == "sgd" else {"lr": lr, "momentum": mu}
    elif name == "adagrad":
        kw = {k: h[k] for k in ("lr", "eps") if k in h}
        opt = torch.optim.Adagrad(params, **kw)
    elif name == "rmsprop":
        kw = {k: h[k] for k in ("lr", "alpha", "eps") if k in h}
        opt = torch.optim.RMSprop(params, **kw)
    elif name == "adam":
        kw = {k: h[k] for k in ("lr", "eps") if k in h}
        if "beta1" in h or "beta2" in h:
            kw["betas"] = (h.get("beta1", 0.9), h.get("beta2", 0.999))
        opt = torch.optim.Adam(params, **kw)
    else:
        raise ValueError(name)
    if name == "adagrad":
        d = opt.defaults
        resolved = {"lr": d["lr"], "eps": d["eps"]}
    elif name == "rmsprop":
        d = opt.defaults
        resolved = {"lr": d["lr"], "alpha": d["alpha"], "eps": d["eps"]}
    elif name == "adam":
        d = opt.defaults
        resolved = {"lr": d["lr"], "beta1": d["betas"][0], "beta2": d["betas"][1], "eps": d["eps"]}
    return opt, resolved


def run(surface, optimizer, hyper, start, steps=STEPS, eigen=(1.0, 10.0), rotation=0.0):
    """STEPS updates in float64 from start. Returns dict with x, y, loss lists (steps+1 values,
    index 0 the start), the resolved hyper-parameters and whether it diverged (non-finite or
    |x|,|y| > 1e12, the rule of core/surface/trajectory.h)."""
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt, resolved = make_optimizer(optimizer, [p], hyper)
    xs, ys, losses = [], [], []
    diverged = False
    for k in range(steps + 1):
        opt.zero_grad()
        f = surface_value(surface, p, eigen, rotation)
        x, y, v = p[0].item(), p[1].item(), f.item()
        if not all(math.isfinite(t) for t in (x, y, v)) or abs(x) > 1e12 or abs(y) > 1e12:
            diverged = True
            break
        xs.append(x)
        ys.append(y)
        losses.append(v)
        if k == steps:
            break
        f.backward()
        opt.step()
    return {"x": xs, "y": ys, "loss": losses, "hyper": resolved, "diverged": diverged}
