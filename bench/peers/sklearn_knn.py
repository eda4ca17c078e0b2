# sklearn_knn.py: the scikit-learn and numpy peers for W3 (shared/bench/WORKLOADS.md): k = 5 brute
# force over the 60 000 training images, the first N test images as queries, L2 or L1, majority
# vote with ties to the smallest class. Prints one JSON line like `descent bench W3`, plus "peer".
# Timed: fit + predict (sklearn), or distances + top-k + vote (numpy). Slow L1 peers can time the
# first --queries N and scale to 2000 ("extrapolated"). Not Descent: bench/compare runs it.
# Usage: OPENBLAS_CORETYPE=SKYLAKEX /usr/bin/python3 sklearn_knn.py sklearn --metric l2 --threads 2
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def vote(labels):
    counts = np.zeros((labels.shape[0], 10), dtype=np.int64)
    for j in range(labels.shape[1]):
        np.add.at(counts, (np.arange(labels.shape[0]), labels[:, j]), 1)
    return counts.argmax(1)  # first maximum: ties -> smallest class


def numpy_knn(Xtr, ytr, Q, metric):
    preds = []
    sq = (Xtr * Xtr).sum(1) if metric == "l2" else None
    for s in range(0, Q.shape[0], 250):
        q = Q[s:s + 250]
        if metric == "l2":  # |q|^2 + |x|^2 - 2 q.x (ranking only needs |x|^2 - 2 q.x)
            d = sq[None, :] - 2.0 * (q @ Xtr.T)
        else:
            d = np.empty((q.shape[0], Xtr.shape[0]), dtype=np.float32)
            for i in range(q.shape[0]):
                d[i] = np.abs(Xtr - q[i]).sum(1)
        idx = np.argpartition(d, 5, axis=1)[:, :5]
        preds.append(vote(ytr[idx]))
    return np.concatenate(preds)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("peer", choices=["sklearn", "numpy"])
    ap.add_argument("--metric", default="l2", choices=["l1", "l2"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--queries", type=int, default=2000)
    a = ap.parse_args()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(a.threads)
    global np
    import numpy as np  # after the thread variables are set
    from fashion_mnist import load
    Xtr, ytr, Xte, yte = load()
    Q, yq = Xte[:a.queries], yte[:a.queries]
    secs = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        if a.peer == "sklearn":
            from sklearn.neighbors import KNeighborsClassifier
            clf = KNeighborsClassifier(n_neighbors=5, algorithm="brute", p=1 if a.metric == "l1" else 2,
                                       n_jobs=a.threads)
            clf.fit(Xtr, ytr)
            pred = clf.predict(Q)
        else:
            pred = numpy_knn(Xtr, ytr, Q, a.metric)
        secs.append(time.perf_counter() - t0)
    import sklearn
    r = {"peer": a.peer, "workload": "W3", "metric": a.metric, "threads": a.threads, "queries": a.queries,
         "seconds": statistics.median(secs), "runs": secs, "acc": float((pred == yq).mean()),
         "sklearn": sklearn.__version__, "numpy": np.__version__,
         "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "")}
    if a.queries != 2000:
        r["seconds_2000"] = r["seconds"] * 2000 / a.queries
        r["extrapolated"] = f"timed on {a.queries} queries, scaled to 2000"
    with open("/proc/loadavg") as f:
        r["loadavg"] = f.read().strip()
    print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
