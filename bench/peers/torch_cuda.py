# torch_cuda.py: the PyTorch-on-CUDA peer of bench/gpu.sh: W4's torch.mm and W3's torch.cdist
# (+ topk and the vote, WORKLOADS.md's rules) on the GPU, timed with torch.cuda.synchronize(), one
# JSON object per line ("peer": "torch-cuda"). Exits 3, printing why, where CUDA is not available.
# Usage: python3 torch_cuda.py mm --shapes 2048x2048x2048 ; python3 torch_cuda.py cdist --metric l2
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fashion_mnist import load  # noqa: E402


def timed(fn, min_time=0.2, blocks=5):
    """Median seconds per call over `blocks` blocks of calls lasting at least min_time each."""
    fn()
    torch.cuda.synchronize()
    iters = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(iters):
            fn()
        torch.cuda.synchronize()
        sec = time.perf_counter() - t0
        if sec >= min_time:
            break
        iters = max(iters + 1, int(iters * 1.2 * min_time / max(sec, 1e-9)))
    per_call = []
    for _ in range(blocks):
        t0 = time.perf_counter()
        for _ in range(iters):
            fn()
        torch.cuda.synchronize()
        per_call.append((time.perf_counter() - t0) / iters)
    return statistics.median(per_call), per_call


def mm(shapes):
    for s in shapes.split(","):
        m, k, n = (int(v) for v in s.split("x"))
        g = torch.Generator(device="cuda").manual_seed(42)
        a = torch.rand(m, k, device="cuda", generator=g) - 0.5
        b = torch.rand(k, n, device="cuda", generator=g) - 0.5
        c = torch.empty(m, n, device="cuda")
        sec, runs = timed(lambda: torch.mm(a, b, out=c))
        yield {"workload": "W4", "m": m, "k": k, "n": n, "gflops": 2.0 * m * n * k / sec / 1e9,
               "tf32": torch.backends.cuda.matmul.allow_tf32}


def cdist(metric, queries, runs):
    Xtr, ytr, Xte, yte = load()
    X, y = torch.from_numpy(Xtr).cuda(), torch.from_numpy(ytr).cuda()
    Q, yq = torch.from_numpy(Xte[:queries]).cuda(), torch.from_numpy(yte[:queries]).cuda()
    p = 1.0 if metric == "l1" else 2.0

    def predict():
        idx = torch.topk(torch.cdist(Q, X, p=p), 5, dim=1, largest=False).indices
        votes = torch.nn.functional.one_hot(y[idx], 10).sum(1)
        return votes.argmax(1)  # first maximum: ties -> smallest class

    secs = []
    for _ in range(runs):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        pred = predict()
        torch.cuda.synchronize()
        secs.append(time.perf_counter() - t0)
    yield {"workload": "W3", "metric": metric, "queries": queries, "seconds": statistics.median(secs), "runs": secs,
           "acc": float((pred == yq).float().mean())}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["mm", "cdist"])
    ap.add_argument("--shapes", default="2048x2048x2048")
    ap.add_argument("--metric", default="l2")
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if not torch.cuda.is_available():
        print("torch_cuda.py: PyTorch " + torch.__version__ + " has no CUDA device here", file=sys.stderr)
        sys.exit(3)
    rows = mm(a.shapes) if a.what == "mm" else cdist(a.metric, a.queries, a.runs)
    for r in rows:
        r.update({"peer": "torch-cuda", "device": torch.cuda.get_device_name(0), "torch": torch.__version__})
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
