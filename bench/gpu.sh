#!/usr/bin/env bash
# gpu.sh: every GPU figure in one run. Builds the release tree, runs the GPU tests (which print the
# renderer), then the GL device's benchmarks next to the CPU path on the same shapes: W4 SGEMM
# 2048^3 (and 512^3), W3 kNN (2000 queries, L2; the CPU on 2 threads), W1 (one epoch of the MLP),
# the loss-landscape grid (51 x 51 points over 10,000 images, MLP 784-128-10), and, where PyTorch
# with CUDA is installed, torch.mm and torch.cdist on the same shapes. Ends with the targets.
# On Mesa's llvmpipe (no GPU) the shapes shrink (--quick is implied): those runs check that the
# path works; software GL is far slower than the SIMD path. JSON lines go to build/logs/gpu/.
# Usage: bash bench/gpu.sh [--quick]
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BUILD="$ROOT/build/release"
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
say() { echo "== $*" >&2; }
LOG="$ROOT/build/logs/gpu"
mkdir -p "$LOG"
OUT="$LOG/gpu-$(date -u +%Y%m%dT%H%M%SZ).jsonl"

say "build (release: descent, descent_gpu_tests)"
LAUNCH=()
command -v ccache >/dev/null 2>&1 && LAUNCH=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake --preset release "${LAUNCH[@]}" >/dev/null || exit 1
cmake --build --preset release --target descent descent_gpu_tests || exit 1

say "GPU tests"
"$BUILD/tests/descent_gpu_tests" 2>&1 | tee "$LOG/tests.txt" | grep -E "^GL device|test cases|Status" || true
grep -q "Status: SUCCESS" "$LOG/tests.txt" || { say "the GPU tests failed: see $LOG/tests.txt"; exit 1; }
RENDERER="$(sed -n 's/^GL device: //p' "$LOG/tests.txt")"
case "$RENDERER" in *llvmpipe*|*softpipe*|*SwiftShader*) QUICK=1; say "software GL ($RENDERER): reduced shapes";; esac

D="$BUILD/descent"
bench() { echo "   descent bench $*" >&2; "$D" --json bench "$@" | tee -a "$OUT"; }
echo "{\"renderer\":\"$RENDERER\",\"quick\":$QUICK,\"loadavg\":\"$(cat /proc/loadavg)\"}" >>"$OUT"
if [ "$QUICK" = 1 ]; then  # llvmpipe runs compute shaders far slower than the SIMD path
  W4=256x256x256; Q=20; GRID=7; ROWS=1000; RUNS=1
else
  W4=512x512x512,2048x2048x2048; Q=2000; GRID=51; ROWS=10000; RUNS=3
fi
say "W4 SGEMM ($W4)"
bench W4 --shapes "$W4" --threads 2
bench W4 --shapes "$W4" --device gl
say "W3 kNN, $Q queries, L2"
bench W3 --metric l2 --queries "$Q" --threads 2 --runs "$RUNS"
bench W3 --metric l2 --queries "$Q" --device gl --runs "$RUNS"
if [ "$QUICK" = 0 ]; then
  say "W1 MLP, one epoch"
  bench W1 --threads 2 --runs 1
  bench W1 --device gl --runs 1
fi
say "loss-landscape grid ${GRID}x${GRID} over $ROWS images"
bench grid --grid "$GRID" --rows "$ROWS" --runs 1
bench grid --grid "$GRID" --rows "$ROWS" --runs "$RUNS" --device gl

PY=""
for p in /usr/bin/python3 python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    PY="$p"
    break
  fi
done
if [ -n "$PY" ]; then
  say "PyTorch on CUDA ($PY)"
  "$PY" bench/peers/torch_cuda.py mm --shapes "$W4" | tee -a "$OUT"
  "$PY" bench/peers/torch_cuda.py cdist --metric l2 --queries "$Q" | tee -a "$OUT"
else
  say "no PyTorch with CUDA here: torch.mm / torch.cdist not measured"
fi

say "summary (all lines: $OUT)"
jq -rs --argjson quick "$QUICK" '
  def line(f): map(select(f)) | first;
  (line(.workload == "W4" and .m == 2048 and .device == "gl")) as $g4 |
  (line(.workload == "W4" and .m == 2048 and .peer == "torch-cuda")) as $t4 |
  (line(.workload == "W3" and .device == "gl")) as $g3 |
  (line(.workload == "W3" and .device == null and .peer == null)) as $c3 |
  (line(.workload == "grid" and .device == "gl")) as $gg |
  (line(.workload == "grid" and .device == "cpu")) as $cg |
  [ "renderer: \(.[0].renderer)" + (if $quick == 1 then " (reduced shapes: not the targets)" else "" end),
    (if $g4 and $t4 then "W4 2048^3: gl \($g4.gflops|floor) GFLOP/s, torch.mm \($t4.gflops|floor): \(($g4.gflops/$t4.gflops*100)|floor)% (target >= 50%)"
     elif $g4 then "W4 2048^3: gl \($g4.gflops|floor) GFLOP/s (torch.mm not measured)" else "W4 2048^3: not run" end),
    (if $g3 and $c3 then "W3 L2 \($g3.queries) queries: gl \($g3.seconds*1000|floor) ms, cpu (2 threads) \($c3.seconds*1000|floor) ms: \($c3.seconds/$g3.seconds)x (target >= 10x); acc gl \($g3.acc) cpu \($c3.acc)" else "W3: not run" end),
    (if $gg then "grid \($gg.grid)x\($gg.grid) over \($gg.rows) images: gl \($gg.seconds*1000|floor) ms (target < 1000 ms), cpu device \(($cg.seconds // 0)*1000|floor) ms; center loss gl \($gg.center_loss) cpu \($cg.center_loss)" else "grid: not run" end)
  ] | .[]' "$OUT"
