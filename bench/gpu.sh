#!/usr/bin/env bash
# gpu.sh: every GPU figure in one run. Builds the release tree, runs the GPU tests (which print the
# renderer), then the GL device's benchmarks next to the CPU path on the same shapes: W4 SGEMM
# 2048^3 (and 512^3), W3 kNN (2000 queries, L2; the CPU on 2 threads), W1 (one epoch of the MLP),
# the loss-landscape grid (51 x 51 points over 10,000 images, MLP 784-128-10), and, where PyTorch
# with CUDA is installed, torch.mm and torch.cdist on the same shapes. Ends with the targets.
# On Mesa's llvmpipe (no GPU) the shapes shrink (--quick is implied): those runs check that the
# path works; software GL is far slower than the SIMD path. JSON lines go to build/logs/gpu/.
# --tune times W4 2048^3 with each of a few GEMM tilings first (each checked against the host's
# double-precision product) and runs the rest with the fastest. --prebuilt DIR takes descent and
# descent_gpu_tests from DIR instead of building (a machine without the build dependencies:
# bench/gpu_bundle.sh packs them). --data-dir D: the Fashion-MNIST folder (default Debian's).
# Usage: bash bench/gpu.sh [--quick] [--tune] [--prebuilt DIR] [--data-dir D] [--log DIR]
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="$ROOT/build/release"
QUICK=0 TUNE=0 PREBUILT="" DATA="" LOG="$ROOT/build/logs/gpu"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --tune) TUNE=1 ;;
    --prebuilt) PREBUILT="$(cd "$2" && pwd)" || exit 2; shift ;;
    --data-dir) DATA="$(cd "$2" && pwd)" || exit 2; shift ;;
    --log) mkdir -p "$2" && LOG="$(cd "$2" && pwd)" || exit 2; shift ;;
    *) echo "gpu.sh: unknown option '$1' (use --quick, --tune, --prebuilt DIR, --data-dir D, --log DIR)" >&2; exit 2 ;;
  esac
  shift
done
cd "$ROOT"
say() { echo "== $*" >&2; }
mkdir -p "$LOG"
OUT="$LOG/gpu-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
DATA_FLAG=()
[ -n "$DATA" ] && { DATA_FLAG=(--data-dir "$DATA"); export DESCENT_FASHION_MNIST="$DATA"; }

if [ -n "$PREBUILT" ]; then
  D="$PREBUILT/descent" TESTS="$PREBUILT/descent_gpu_tests"
  [ -x "$TESTS" ] || TESTS="$PREBUILT/tests/descent_gpu_tests"  # a build tree
else
  say "build (release: descent, descent_gpu_tests)"
  LAUNCH=()
  command -v ccache >/dev/null 2>&1 && LAUNCH=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  cmake --preset release "${LAUNCH[@]}" >/dev/null || exit 1
  cmake --build --preset release --target descent descent_gpu_tests || exit 1
  D="$BUILD/descent" TESTS="$BUILD/tests/descent_gpu_tests"
fi

say "GPU tests"
"$TESTS" 2>&1 | tee "$LOG/tests.txt" | grep -E "^GL device|test cases|Status" || true
grep -q "Status: SUCCESS" "$LOG/tests.txt" || { tail -40 "$LOG/tests.txt" >&2; say "the GPU tests failed: see $LOG/tests.txt"; exit 1; }
RENDERER="$(sed -n 's/^GL device: //p' "$LOG/tests.txt")"
case "$RENDERER" in *llvmpipe*|*softpipe*|*SwiftShader*) QUICK=1; say "software GL ($RENDERER): reduced shapes";; esac

bench() { echo "   descent bench $*" >&2; "$D" --json bench "$@" | tee -a "$OUT"; }
echo "{\"renderer\":\"$RENDERER\",\"quick\":$QUICK,\"loadavg\":\"$(cat /proc/loadavg)\"}" >>"$OUT"
if [ "$QUICK" = 1 ]; then  # llvmpipe runs compute shaders far slower than the SIMD path
  W4=256x256x256; Q=20; GRID=7; ROWS=1000; RUNS=1
else
  W4=512x512x512,2048x2048x2048; Q=2000; GRID=51; ROWS=10000; RUNS=3
fi
TILE=()
if [ "$TUNE" = 1 ] && [ "$QUICK" = 0 ]; then
  say "W4 2048^3: GEMM tilings (BMxBNxBKxTMxTN)"
  best="" best_rate=0
  for t in v128x128x8 v128x128x16 v128x128x32 v128x64x16 v64x128x16 v64x64x16 v256x64x16 v64x256x16 \
           v256x128x16 v128x256x16 128x128x8x8x8 256x64x16x8x4 128x64x16x8x4; do
    line="$("$D" --json bench W4 --shapes 2048x2048x2048 --device gl --gl-tile "$t" --blocks 3)" || { say "tile $t: failed"; continue; }
    echo "$line" | tee -a "$LOG/tiles.jsonl" >&2
    rate="$(echo "$line" | sed -n 's/.*"gflops":\([0-9.eE+-]*\).*/\1/p')"
    if awk -v a="$rate" -v b="$best_rate" 'BEGIN { exit !(a > b) }'; then best="$t" best_rate="$rate"; fi
  done
  [ -n "$best" ] && { say "fastest tiling: $best ($best_rate GFLOP/s)"; TILE=(--gl-tile "$best"); }
fi
say "W4 SGEMM ($W4)"
bench W4 --shapes "$W4" --threads 2
bench W4 --shapes "$W4" --device gl "${TILE[@]}"
say "W3 kNN, $Q queries, L2"
bench W3 --metric l2 --queries "$Q" --threads 2 --runs "$RUNS" "${DATA_FLAG[@]}"
bench W3 --metric l2 --queries "$Q" --device gl --runs "$RUNS" "${DATA_FLAG[@]}"
if [ "$QUICK" = 0 ]; then
  say "W1 MLP, one epoch"
  bench W1 --threads 2 --runs 1 "${DATA_FLAG[@]}"
  bench W1 --device gl --runs 1 "${DATA_FLAG[@]}"
fi
say "loss-landscape grid ${GRID}x${GRID} over $ROWS images"
bench grid --grid "$GRID" --rows "$ROWS" --runs 1 "${DATA_FLAG[@]}"
bench grid --grid "$GRID" --rows "$ROWS" --runs "$RUNS" --device gl "${DATA_FLAG[@]}"

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
python3 bench/gpu_summary.py --quick "$QUICK" "$OUT"
