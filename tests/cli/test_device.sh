# test_device.sh: `--device` of descent train, knn and bench end to end, on the GL device where
# the machine has OpenGL 4.3 (Mesa's llvmpipe in CI; a machine without it fails here, saying why):
# gl runs report "device" and "renderer" and give the CPU's accuracies on the same seed (kNN on
# images exactly; training: the same test accuracy on a small set); GL below 4.3 (forced with
# Mesa's MESA_GL_VERSION_OVERRIDE) stops with the one-line message and exit 1; bad names exit 2.
source "$(dirname "$0")/lib.sh"

run --json train --data spiral --model mlp --hidden 16 --epochs 2 --batch 32 --seed 3 --device gl
expect_code 0 "train --device gl"
expect_jq '.[-1].device == "gl" and (.[-1].renderer | length) > 0 and (length == 3)'
cp "$TMP/out" "$TMP/gl_train"
run --json train --data spiral --model mlp --hidden 16 --epochs 2 --batch 32 --seed 3
expect_code 0 "train on the cpu"
expect_jq '(.[-1] | has("device")) | not'
gl_acc="$(jq -s '.[-1].test_acc' "$TMP/gl_train")"
expect_jq ".[-1].test_acc == $gl_acc"
expect_jq "[.[0:2][].train_acc] == $(jq -s -c '[.[0:2][].train_acc]' "$TMP/gl_train")"

run --json knn --data fashion-mnist --limit-train 400 --limit-test 60 --k 1 --metric l2 --folds 0 --device gl
expect_code 0 "knn --device gl"
expect_jq '.[-1].device == "gl" and .[-1].k == 1'
gl_acc="$(jq -s '.[-1].test_acc' "$TMP/out")"
run --json knn --data fashion-mnist --limit-train 400 --limit-test 60 --k 1 --metric l2 --folds 0
expect_code 0 "knn on the cpu"
expect_jq ".[-1].test_acc == $gl_acc"

run --json bench W4 --shapes 40x30x20 --min-time 0.001 --blocks 1 --device gl
expect_code 0 "bench W4 --device gl"
expect_jq 'length == 1 and .[0].device == "gl" and .[0].gflops > 0 and (.[0] | has("threads") | not)'
run --json bench grid --grid 3 --rows 50 --runs 1 --device gl
expect_code 0 "bench grid --device gl"
expect_jq '.[0].workload == "grid" and .[0].points == 9 and .[0].device == "gl" and .[0].center_loss > 0'
gl_center="$(jq -s '.[0].center_loss' "$TMP/out")"
run --json bench grid --grid 3 --rows 50 --runs 1
expect_code 0 "bench grid on the cpu device"
expect_jq ".[0].device == \"cpu\" and (.[0].center_loss - $gl_center | fabs) < 1e-5 * $gl_center"

MESA_GL_VERSION_OVERRIDE=3.3 run train --data spiral --epochs 1 --device gl
expect_code 1 "train on GL 3.3"
expect_err "OpenGL 3.3 (renderer .*): compute shaders need 4.3"
[ "$(wc -l < "$TMP/err")" = 1 ] || fail "more than one line: $(cat "$TMP/err")"
MESA_GL_VERSION_OVERRIDE=4.2 run knn --data spiral --folds 0 --device gl
expect_code 1 "knn on GL 4.2"
expect_err "OpenGL 4.2 (renderer .*): compute shaders need 4.3"
run train --device cuda;               expect_code 2 "unknown device"; expect_err "cuda"
run bench W5 --device gl;              expect_code 2 "W5 on gl";       expect_err "cpu device only"
done_ok
