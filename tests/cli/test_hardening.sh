# test_hardening.sh: issue 13's CLI cases: a named pipe, a link loop, a dangling link and a
# missing file in place of a data file (each its own message, none hangs), and models too large
# for memory (refused with the setting, the estimate and the limit; never std::bad_alloc / abort).
source "$(dirname "$0")/lib.sh"

idx_pair() {  # idx_pair DIR: a tiny valid MNIST-format folder
  mkdir -p "$1"
  printf '\x00\x00\x08\x03\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x02\x01\x02\x03\x04' >"$1/train-images-idx3-ubyte"
  printf '\x00\x00\x08\x01\x00\x00\x00\x01\x03' >"$1/train-labels-idx1-ubyte"
  cp "$1/train-images-idx3-ubyte" "$1/t10k-images-idx3-ubyte"
  cp "$1/train-labels-idx1-ubyte" "$1/t10k-labels-idx1-ubyte"
}

# A named pipe: refused at once (it blocked in fopen forever before).
idx_pair "$TMP/fifo"
rm "$TMP/fifo/train-images-idx3-ubyte" && mkfifo "$TMP/fifo/train-images-idx3-ubyte"
"$DESCENT" train --data mnist --data-dir "$TMP/fifo" --epochs 1 >"$TMP/out" 2>"$TMP/err" </dev/null &
pid=$!
for _ in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then kill -KILL $pid; fail "a named pipe made 'descent train' hang"; fi
wait $pid; CODE=$?
expect_code 1 "named pipe"
expect_err "named pipe"

# A loop of symbolic links: its own message (it said "not found" before).
idx_pair "$TMP/loop"
rm "$TMP/loop/train-images-idx3-ubyte"
ln -s "$TMP/loop/b" "$TMP/loop/train-images-idx3-ubyte" && ln -s "$TMP/loop/train-images-idx3-ubyte" "$TMP/loop/b"
run train --data mnist --data-dir "$TMP/loop" --epochs 1
expect_code 1 "link loop"
expect_err "loop of symbolic links"

# A dangling link and a missing file.
idx_pair "$TMP/dangle"
rm "$TMP/dangle/t10k-labels-idx1-ubyte" && ln -s "$TMP/nowhere/labels" "$TMP/dangle/t10k-labels-idx1-ubyte"
run train --data mnist --data-dir "$TMP/dangle" --epochs 1
expect_code 1 "dangling link"
expect_err "symbolic link to a file that does not exist"
idx_pair "$TMP/missing"
rm "$TMP/missing/train-labels-idx1-ubyte"
run train --data mnist --data-dir "$TMP/missing" --epochs 1
expect_code 1 "missing file"
expect_err "not found"

# The issue's widths are out of the model table's range now (1..4096): refused as usage errors.
for hidden in 65536,65536 30000,30000,30000; do
  run train --data spiral --model mlp --hidden "$hidden" --epochs 1
  expect_code 2 "--hidden $hidden"
  expect_err "\-\-hidden must be 1 to 8 whole numbers in 1..4096"
done
# Models too large for memory within the range: refused before allocating (8 x 4096 with Adam is
# about 2 GB; under a 1 GB limit).
DESCENT_MEMORY_LIMIT=1G run train --data spiral --model mlp --hidden 4096,4096,4096,4096,4096,4096,4096,4096 --epochs 1
expect_code 1 "--hidden 8 x 4096 under 1 GB"
expect_err "needs"
expect_err "the limit is 1.07 GB (DESCENT_MEMORY_LIMIT=1G)"
# And with the default limit (half of the machine's memory) under a 1.5 GB address-space cap: the
# budget or, failing it, the caught allocation failure says so; nothing aborts.
( ulimit -v 1500000; "$DESCENT" train --data spiral --model mlp --hidden 4096,4096,4096,4096,4096,4096,4096,4096 --epochs 1 >"$TMP/out" 2>"$TMP/err" </dev/null )
CODE=$?
expect_code 1 "8 x 4096 under a 1.5 GB address-space cap"
grep -q -e "needs" -e "out of memory" "$TMP/err" || fail "no memory message: $(cat "$TMP/err")"
ok
# A size that fits still trains.
DESCENT_MEMORY_LIMIT=8G run --json train --data spiral --model mlp --hidden 16 --epochs 1
expect_code 0 "small model under the limit"
done_ok
