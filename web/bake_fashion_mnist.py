#!/usr/bin/env python3
"""bake_fashion_mnist.py: the web page's Fashion-MNIST asset, made at build time from Debian's
dataset-fashion-mnist: the first TRAIN training and TEST test images with their labels (the same
rows the desktop app's default limits read), as four gzip IDX files under OUT/ with the names
load_dataset looks for, plus manifest.json (files, bytes, counts) for the page's progress bar.
Not a converter: the IDX bytes are copied as they are, only the count in each header changes.
Usage: bake_fashion_mnist.py --src /usr/share/datasets/fashion-mnist --out build/wasm/web/data/fashion-mnist
       [--train 10000 --test 2000]
Deterministic (gzip level 9, no timestamp), standard library only."""
import argparse
import gzip
import json
import os
import struct
import sys


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    if len(data) < 8 or data[0] != 0 or data[1] != 0 or data[2] != 8 or data[3] not in (1, 3):
        sys.exit(f"bake_fashion_mnist: {path}: not an IDX images/labels file (bad magic)")
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return data, shape, 4 + 4 * dims


def subset(path, count):
    """The IDX file at path cut to its first `count` records (header count rewritten)."""
    data, shape, header = read_idx(path)
    if shape[0] < count:
        sys.exit(f"bake_fashion_mnist: {path} has {shape[0]} records, fewer than the {count} asked for")
    record = 1
    for d in shape[1:]:
        record *= d
    out = bytearray(data[:header])
    struct.pack_into(">I", out, 4, count)
    out += data[header:header + count * record]
    return bytes(out)


def find(src, stem):
    for name in (stem + ".gz", stem):
        if os.path.exists(os.path.join(src, name)):
            return os.path.join(src, name)
    sys.exit(f"bake_fashion_mnist: {src}/{stem}[.gz] not found (apt-get install dataset-fashion-mnist)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--out", required=True)
    ap.add_argument("--train", type=int, default=10000)
    ap.add_argument("--test", type=int, default=2000)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    files = []
    for stem, count in (("train-images-idx3-ubyte", a.train), ("train-labels-idx1-ubyte", a.train),
                        ("t10k-images-idx3-ubyte", a.test), ("t10k-labels-idx1-ubyte", a.test)):
        packed = gzip.compress(subset(find(a.src, stem), count), compresslevel=9, mtime=0)
        name = stem + ".gz"
        tmp = os.path.join(a.out, name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(packed)
        os.replace(tmp, os.path.join(a.out, name))
        files.append({"name": name, "bytes": len(packed)})
    manifest = {"name": "fashion-mnist", "train": a.train, "test": a.test, "files": files,
                "bytes": sum(f["bytes"] for f in files)}
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"bake_fashion_mnist: {a.train} train + {a.test} test images, {manifest['bytes']} bytes in {a.out}")


if __name__ == "__main__":
    main()
