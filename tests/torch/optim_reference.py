#!/usr/bin/python3
# optim_reference.py: writes tests/data/torch_trajectories.json, torch.optim's float64 trajectories
# on every surface x every optimizer (explicit hyper-parameters, and torch's defaults where they do
# not diverge), which tests/test_optim.cpp replays through run_trajectory and compares point by point.
# Not run by the test suite (torch is optional there); rerun it by hand after changing a surface:
#   /usr/bin/python3 tests/torch/optim_reference.py [OUT.json]
import json
import os
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import surfaces  # noqa: E402

# (label, surface, eigen, rotation); the rotated quadratic has eigenvectors at 0.5 rad.
SURFACE_CASES = [
    ("quadratic", "quadratic", (1.0, 10.0), 0.0),
    ("quadratic_rotated", "quadratic", (1.0, 10.0), 0.5),
    ("rosenbrock", "rosenbrock", None, 0.0),
    ("beale", "beale", None, 0.0),
    ("himmelblau", "himmelblau", None, 0.0),
    ("saddle", "saddle", None, 0.0),
]


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "data", "torch_trajectories.json")
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    cases, skipped = [], []
    for label, surface, eigen, rotation in SURFACE_CASES:
        start = surfaces.STARTS[surface]
        for opt in surfaces.OPTIMIZERS:
            for defaults in (False, True):
                hyper = {} if defaults else surfaces.EXPLICIT[surface][opt]
                r = surfaces.run(surface, opt, hyper, start, surfaces.STEPS, eigen or (1.0, 10.0), rotation)
                name = f"{label}/{opt}/{'defaults' if defaults else 'explicit'}"
                if defaults and r["hyper"] == surfaces.EXPLICIT[surface][opt]:
                    continue  # the explicit case already uses torch's defaults
                if r["diverged"]:
                    if not defaults:
                        sys.exit(f"{name}: explicit hyper-parameters diverge; fix surfaces.EXPLICIT")
                    skipped.append(name)
                    continue
                case = {"name": name, "surface": surface, "optimizer": opt, "defaults": defaults,
                        "hyper": r["hyper"], "start": list(start), "x": r["x"], "y": r["y"], "loss": r["loss"]}
                if surface == "quadratic":
                    case["eigen"] = list(eigen)
                    case["rotation"] = rotation
                cases.append(case)
                print(f"{name:42s} loss {r['loss'][0]:10.4g} -> {r['loss'][-1]:10.4g}  "
                      f"at ({r['x'][-1]:.4f}, {r['y'][-1]:.4f})")
    with open(out_path, "w") as f:
        # One case per line: small diffs when a surface changes; floats in shortest round-trip form.
        f.write('{"generator":"tests/torch/optim_reference.py","torch":%s,"steps":%d,"cases":[\n'
                % (json.dumps(torch.__version__), surfaces.STEPS))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print(f"wrote {len(cases)} cases to {out_path}; skipped (defaults diverge): {', '.join(skipped) or 'none'}")


if __name__ == "__main__":
    main()
