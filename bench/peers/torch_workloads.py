# torch_workloads.py: the PyTorch (CPU) peer for W1, W2, W3 (torch.cdist + topk) and W5, exactly as
# shared/bench/WORKLOADS.md defines them; prints one JSON object per line, the same fields as
# `descent bench`, plus "peer". Not Descent: run by bench/compare with Debian's /usr/bin/python3.
# Usage: OPENBLAS_CORETYPE=SKYLAKEX /usr/bin/python3 torch_workloads.py W1 --threads 2 --runs 3
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fashion_mnist import load, spiral, xavier_layers  # noqa: E402


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().strip()


def make_mlp(dims, act):
    layers = []
    for i, (w, b) in enumerate(xavier_layers(dims)):
        lin = torch.nn.Linear(w.shape[0], w.shape[1])
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w.T.copy()))  # torch stores (out, in)
            lin.bias.copy_(torch.from_numpy(b))
        layers.append(lin)
        if i + 2 < len(dims):
            layers.append(act())
    return torch.nn.Sequential(*layers)


def epoch_workload(name, runs, limit_batches):
    Xtr, ytr, Xte, yte = (torch.from_numpy(a) for a in load())
    rates, result = [], {}
    for _ in range(runs):
        if name == "W1":
            model = make_mlp([784, 128, 10], torch.nn.ReLU)
            opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        else:
            model = make_mlp([784, 10], None)
            lin = model[0]
            opt = torch.optim.SGD([{"params": [lin.weight], "weight_decay": 1e-4},
                                   {"params": [lin.bias], "weight_decay": 0.0}], lr=0.05, momentum=0.9)
        crit = torch.nn.CrossEntropyLoss()
        n = Xtr.shape[0]
        starts = list(range(0, n, 64))
        if limit_batches:
            starts = starts[:limit_batches]
        losses = []
        t0 = time.perf_counter()
        for s in starts:
            xb, yb = Xtr[s:s + 64], ytr[s:s + 64]
            opt.zero_grad()
            loss = crit(model(xb), yb)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        sec = time.perf_counter() - t0
        samples = sum(min(64, n - s) for s in starts)
        rates.append(samples / sec)
        with torch.no_grad():
            result = {
                "train_loss_full": float(crit(model(Xtr), ytr)),
                "train_loss_last100": float(np.mean(losses[-100:])),
                "test_acc": float((model(Xte).argmax(1) == yte).float().mean()),
            }
    out = {"workload": name, "samples_per_s": statistics.median(rates), "runs": rates, **result}
    if limit_batches:
        out["extrapolated"] = f"first {limit_batches} batches"
    return out


def w5(runs):
    X, y = (torch.from_numpy(a) for a in spiral())
    rates = []
    for _ in range(runs):
        model = make_mlp([2, 8, 8, 2], torch.nn.Tanh)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        crit = torch.nn.CrossEntropyLoss()
        t0 = time.perf_counter()
        for _ in range(1000):
            opt.zero_grad()
            loss = crit(model(X), y)
            loss.backward()
            opt.step()
            last = loss.item()
        rates.append(1000 / (time.perf_counter() - t0))
        with torch.no_grad():
            acc = float((model(X).argmax(1) == y).float().mean())
    return {"workload": "W5", "steps_per_s": statistics.median(rates), "runs": rates, "final_loss": last,
            "train_acc": acc}


def w3(metric, runs, queries):
    Xtr, ytr, Xte, yte = load()
    Xtr, ytr = torch.from_numpy(Xtr), torch.from_numpy(ytr)
    Q, yq = torch.from_numpy(Xte[:queries]), torch.from_numpy(yte[:queries])
    p = 1.0 if metric == "l1" else 2.0
    secs = []
    for _ in range(runs):
        t0 = time.perf_counter()
        preds = []
        for s in range(0, queries, 250):  # blocks bound the (250, 60000) distance matrix
            d = torch.cdist(Q[s:s + 250], Xtr, p=p)
            idx = torch.topk(d, 5, dim=1, largest=False).indices
            votes = torch.nn.functional.one_hot(ytr[idx], 10).sum(1)
            preds.append(votes.argmax(1))  # first maximum: ties -> smallest class
        pred = torch.cat(preds)
        secs.append(time.perf_counter() - t0)
    return {"workload": "W3", "metric": metric, "queries": queries, "seconds": statistics.median(secs), "runs": secs,
            "acc": float((pred == yq).float().mean())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workload", choices=["W1", "W2", "W3", "W5"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit-batches", type=int, default=0, help="W1/W2: time only the first K batches")
    ap.add_argument("--metric", default="l2")
    ap.add_argument("--queries", type=int, default=2000, help="W3: time this many queries (scale to 2000)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.workload in ("W1", "W2"):
        r = epoch_workload(a.workload, a.runs, a.limit_batches)
    elif a.workload == "W5":
        r = w5(a.runs)
    else:
        r = w3(a.metric, a.runs, a.queries)
        if a.queries != 2000:
            r["seconds_2000"] = r["seconds"] * 2000 / a.queries
            r["extrapolated"] = f"timed on {a.queries} queries, scaled to 2000"
    r.update({"peer": "pytorch", "threads": a.threads, "torch": torch.__version__, "loadavg": loadavg(),
              "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "")})
    print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
