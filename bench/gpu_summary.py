# gpu_summary.py: bench/gpu.sh's closing lines: the GPU targets of issue 11 read off the run's JSON
# lines (descent bench ... --json and bench/peers/torch_cuda.py), one line per target.
# Usage: python3 bench/gpu_summary.py [--quick 0|1] RUN.jsonl
import argparse
import json


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", type=int, default=0)
    ap.add_argument("jsonl")
    a = ap.parse_args()
    lines = []
    with open(a.jsonl) as f:
        for raw in f:
            raw = raw.strip()
            if raw.startswith("{"):
                lines.append(json.loads(raw))

    def first(pred):
        return next((x for x in lines if pred(x)), None)

    g4 = first(lambda x: x.get("workload") == "W4" and x.get("m") == 2048 and x.get("device") == "gl")
    t4 = first(lambda x: x.get("workload") == "W4" and x.get("m") == 2048 and x.get("peer") == "torch-cuda")
    g3 = first(lambda x: x.get("workload") == "W3" and x.get("device") == "gl")
    c3 = first(lambda x: x.get("workload") == "W3" and "device" not in x and "peer" not in x)
    t3 = first(lambda x: x.get("workload") == "W3" and x.get("peer") == "torch-cuda")
    gg = first(lambda x: x.get("workload") == "grid" and x.get("device") == "gl")
    cg = first(lambda x: x.get("workload") == "grid" and x.get("device") == "cpu")
    renderer = lines[0].get("renderer", "?") if lines else "?"
    print("renderer: " + renderer + (" (reduced shapes: not the targets)" if a.quick else ""))
    if g4 and t4:
        print(f"W4 2048^3: gl {g4['gflops']:.0f} GFLOP/s (tile {g4.get('tile', '?')}), torch.mm {t4['gflops']:.0f}: "
              f"{100 * g4['gflops'] / t4['gflops']:.0f}% (target >= 50%)")
    elif g4:
        print(f"W4 2048^3: gl {g4['gflops']:.0f} GFLOP/s (torch.mm not measured)")
    else:
        print("W4 2048^3: not run")
    if g3 and c3:
        extra = f"; torch.cdist+topk {t3['seconds'] * 1000:.1f} ms" if t3 else ""
        print(f"W3 L2 {g3.get('queries', '?')} queries: gl {g3['seconds'] * 1000:.1f} ms, cpu (2 threads) "
              f"{c3['seconds'] * 1000:.0f} ms: {c3['seconds'] / g3['seconds']:.1f}x (target >= 10x); "
              f"acc gl {g3['acc']} cpu {c3['acc']}{extra}")
    else:
        print("W3: not run")
    if gg:
        cpu = f"{cg['seconds'] * 1000:.0f} ms" if cg else "not run"
        print(f"grid {gg['grid']}x{gg['grid']} over {gg['rows']} images: gl {gg['seconds'] * 1000:.0f} ms "
              f"(target < 1000 ms), cpu device {cpu}; center loss gl {gg['center_loss']} "
              f"cpu {cg['center_loss'] if cg else '?'}")
    else:
        print("grid: not run")


if __name__ == "__main__":
    main()
