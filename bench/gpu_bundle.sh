#!/usr/bin/env bash
# gpu_bundle.sh: packs what bench/gpu.sh needs to run on a machine with a GPU but without this
# project's build dependencies (no Highway, no libepoxy, no compiler needed there): the release
# build's descent and descent_gpu_tests (stripped), the shared libraries they load that are not part
# of a base system, libstdc++/libgcc_s as a fallback for an older system, Fashion-MNIST, the bench
# scripts, and glvnd's EGL/GL loader packages from Debian (unpacked there only when that machine
# has no libEGL.so.1). Then, on that machine: bash BUNDLE/run.sh LOGDIR (any x86-64 glibc >= 2.34).
# Usage: bash bench/gpu_bundle.sh OUTDIR   (after cmake --build --preset release --target descent descent_gpu_tests)
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:?usage: bash bench/gpu_bundle.sh OUTDIR}"
BUILD="$ROOT/build/release"
for f in "$BUILD/descent" "$BUILD/tests/descent_gpu_tests"; do
  [ -x "$f" ] || { echo "gpu_bundle: $f is missing: cmake --build --preset release --target descent descent_gpu_tests" >&2; exit 1; }
done
rm -rf "$OUT"
mkdir -p "$OUT/bin" "$OUT/lib/fallback" "$OUT/data" "$OUT/gl" "$OUT/bench/peers"
cp "$BUILD/descent" "$BUILD/tests/descent_gpu_tests" "$OUT/bin/"
strip "$OUT/bin/"*
# Libraries outside a base system (glibc, libstdc++, libgcc_s, zlib are everywhere).
ldd "$BUILD/descent" "$BUILD/tests/descent_gpu_tests" | awk '/=> \// { print $3 }' | sort -u | while read -r lib; do
  case "$(basename "$lib")" in
    libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|libz.so*|ld-linux*) ;;
    libstdc++.so*|libgcc_s.so*) cp -L "$lib" "$OUT/lib/fallback/" ;;
    *) cp -L "$lib" "$OUT/lib/" ;;
  esac
done
DATA=/usr/share/datasets/fashion-mnist
cp "$DATA"/*-ubyte.gz "$OUT/data/"
cp "$ROOT/bench/gpu.sh" "$ROOT/bench/gpu_summary.py" "$OUT/bench/"
cp "$ROOT/bench/peers/torch_cuda.py" "$ROOT/bench/peers/fashion_mnist.py" "$OUT/bench/peers/"
# glvnd's loaders (Debian's packages; the GPU driver brings its own vendor library).
LISTS="$(mktemp -d)"
mkdir -p "$LISTS/partial"
o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists="$LISTS")
apt-get "${o[@]}" update >/dev/null
(cd "$OUT/gl" && apt-get "${o[@]}" download libegl1 libglvnd0 libopengl0 libgl1 libglx0 2>/dev/null)
rm -rf "$LISTS"
cat >"$OUT/run.sh" <<'RUN'
#!/usr/bin/env bash
# run.sh: bench/gpu.sh --tune on the packed binaries (gpu_bundle.sh). Usage: bash run.sh LOGDIR
set -u
B="$(cd "$(dirname "$0")" && pwd)"
LOG="${1:-$B/logs}"
mkdir -p "$LOG"
if ! ldconfig -p | grep -q 'libEGL.so.1 '; then
  echo "== no libEGL.so.1: unpacking glvnd's loaders" >&2
  for f in "$B"/gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
export LD_LIBRARY_PATH="$B/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
[ -d /usr/local/nvidia/lib64 ] && export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:/usr/local/nvidia/lib64"
N=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
[ -f "$N" ] && [ ! -d /usr/share/glvnd/egl_vendor.d ] && export __EGL_VENDOR_LIBRARY_FILENAMES="$N"
# The GPU tests read Fashion-MNIST from Debian's folder.
F=/usr/share/datasets/fashion-mnist
[ -e "$F/train-images-idx3-ubyte.gz" ] || { mkdir -p "$F" && cp "$B"/data/*.gz "$F/"; } || echo "run.sh: no $F: the GPU tests on Fashion-MNIST will fail" >&2
"$B/bin/descent" --help >/dev/null 2>&1 || export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$B/lib/fallback"
"$B/bin/descent" --help >/dev/null || { echo "run.sh: descent does not start here (see above)" >&2; exit 1; }
command -v nvidia-smi >/dev/null && nvidia-smi -L
bash "$B/bench/gpu.sh" --prebuilt "$B/bin" --data-dir "$B/data" --tune --log "$LOG" || exit
echo "== kNN over the whole test set (10,000 queries, L2 and L1) on the GL device" >&2
"$B/bin/descent" --json bench W3 --metric l2,l1 --queries 10000 --device gl --runs 1 --data-dir "$B/data" | tee -a "$LOG/full_test_set.jsonl"
RUN
du -sh "$OUT"
