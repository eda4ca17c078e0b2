#!/usr/bin/python3
# compare_cli.py: live check of the descent CLI against torch.optim. For every surface x optimizer
# (explicit lr/momentum from surfaces.EXPLICIT, the rest at defaults; plus the quadratic rotated by
# 30 degrees) it runs
#   DESCENT trajectory --surface S [--eigen 1,10 --rotation DEG] --start x,y --optimizer O --lr F [--momentum F] --steps N --json
# and torch from the same start, and compares every point: |descent - torch| <= 1e-6 * max(1, |torch|)
# (the CLI must print full precision). Not the unit test (that replays tests/data/torch_trajectories.json
# without torch). Exit 0 when all match or when torch is missing ("skipped"), 1 on a mismatch, 2 on misuse.
# Usage: /usr/bin/python3 tests/torch/compare_cli.py build/release/descent
import json
import os
import subprocess
import sys

TOLERANCE = 1e-6


def main():
    if len(sys.argv) != 2:
        print("usage: compare_cli.py DESCENT_BINARY", file=sys.stderr)
        return 2
    binary = sys.argv[1]
    try:
        import torch  # noqa: F401
    except ImportError:
        print("skipped: torch is not importable by %s (install python3-torch)" % sys.executable)
        return 0
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import surfaces

    torch.set_num_threads(1)
    failures, worst, worst_case, count = [], 0.0, "", 0
    # (surface, rotation in degrees as the CLI takes it); the rotated quadratic converts as the CLI does.
    runs = [(s, 0.0) for s in surfaces.STARTS] + [("quadratic", 30.0)]
    for surface, degrees in runs:
        start = surfaces.STARTS[surface]
        rotation = degrees * 3.14159265358979323846 / 180.0
        for opt in surfaces.OPTIMIZERS:
            explicit = surfaces.EXPLICIT[surface][opt]
            hyper = {"lr": explicit["lr"]}
            if "momentum" in explicit:
                hyper["momentum"] = explicit["momentum"]
            name = f"{surface}{'@%g deg' % degrees if degrees else ''}/{opt} " + " ".join(f"{k}={v!r}" for k, v in hyper.items())
            cmd = [binary, "trajectory", "--surface", surface, "--start", f"{start[0]!r},{start[1]!r}",
                   "--optimizer", opt, "--lr", repr(hyper["lr"]), "--steps", str(surfaces.STEPS), "--json"]
            if surface == "quadratic":
                cmd += ["--eigen", "1,10", "--rotation", repr(degrees)]
            if "momentum" in hyper:
                cmd += ["--momentum", repr(hyper["momentum"])]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired) as e:
                print(f"error: cannot run {' '.join(cmd)}: {e}", file=sys.stderr)
                return 2
            if proc.returncode != 0:
                failures.append(f"{name}: exit {proc.returncode}: {proc.stderr.strip()[:300]}")
                continue
            points = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
            ref = surfaces.run(surface, opt, hyper, start, surfaces.STEPS, (1.0, 10.0), rotation)
            if len(points) != len(ref["x"]):
                failures.append(f"{name}: {len(points)} points from descent, {len(ref['x'])} from torch")
                continue
            for k, p in enumerate(points):
                if p.get("step") != k:
                    failures.append(f"{name}: line {k} has step {p.get('step')}")
                    break
                for field in ("x", "y", "loss"):
                    want = ref[field][k]
                    err = abs(p[field] - want) / max(1.0, abs(want))
                    if err > worst:
                        worst, worst_case = err, f"{name} step {k} {field}"
                    if not err <= TOLERANCE:
                        failures.append(f"{name}: step {k} {field}: descent {p[field]!r}, torch {want!r}")
            count += 1
    for f in failures[:20]:
        print("MISMATCH " + f)
    print(f"compared {count} trajectories with torch {torch.__version__}: worst mixed error {worst:.3g}"
          f" ({worst_case}); tolerance {TOLERANCE:g}; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
