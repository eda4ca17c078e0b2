# fashion_mnist.py: loads Fashion-MNIST as WORKLOADS.md defines it (gzip IDX, file order, x = byte/255
# as float32, flattened to 784; labels int64) for the Python peers. Not timed by any workload.
# Usage: from fashion_mnist import load; Xtr, ytr, Xte, yte = load()
import gzip
import os
import struct

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"


def _read(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    got, n = struct.unpack(">II", data[:8])
    if got != magic:
        raise SystemExit(f"{path}: bad IDX magic {got:#x}")
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols)
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def load(directory=None, as_bytes=False):
    d = directory or os.environ.get("DESCENT_FASHION_MNIST", DEFAULT_DIR)
    xtr = _read(os.path.join(d, "train-images-idx3-ubyte.gz"), 0x803)
    ytr = _read(os.path.join(d, "train-labels-idx1-ubyte.gz"), 0x801)
    xte = _read(os.path.join(d, "t10k-images-idx3-ubyte.gz"), 0x803)
    yte = _read(os.path.join(d, "t10k-labels-idx1-ubyte.gz"), 0x801)
    if as_bytes:
        return xtr, ytr.astype(np.int64), xte, yte.astype(np.int64)
    f = lambda x: (x.astype(np.float32) / np.float32(255.0))
    return f(xtr), ytr.astype(np.int64), f(xte), yte.astype(np.int64)


def mulberry32(seed):
    """WORKLOADS.md's PRNG: yields 24-bit uniforms in [0, 1)."""
    a = seed & 0xFFFFFFFF
    while True:
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t = (t ^ (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF))) & 0xFFFFFFFF
        u32 = (t ^ (t >> 14)) & 0xFFFFFFFF
        yield (u32 >> 8) / 16777216.0


def xavier_layers(dims, seed=42):
    """[(W (fan_in, fan_out) float32, b (fan_out,) zeros)] from one mulberry32 stream, layers in order."""
    rng = mulberry32(seed)
    out = []
    for fan_in, fan_out in zip(dims[:-1], dims[1:]):
        bound = (6.0 / (fan_in + fan_out)) ** 0.5
        w = np.empty((fan_in, fan_out), dtype=np.float32)
        flat = w.reshape(-1)
        for i in range(flat.size):
            flat[i] = np.float32((2.0 * next(rng) - 1.0) * bound)
        out.append((w, np.zeros(fan_out, dtype=np.float32)))
    return out


def spiral():
    """W5's data: 2 classes x 250 points, no noise, class 0 then class 1."""
    pts, labels = [], []
    for c, delta in ((0, 0.0), (1, np.pi)):
        for i in range(250):
            r = i / 250 * 5
            t = 1.75 * i / 250 * 2 * np.pi + delta
            pts.append((r * np.sin(t), r * np.cos(t)))
            labels.append(c)
    return np.array(pts, dtype=np.float32), np.array(labels, dtype=np.int64)
