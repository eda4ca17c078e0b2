# test_settings.sh: the CLI's flags come from the engine's settings tables (core/settings): an explicit
# zero is that value (momentum 0 is plain SGD, bit for bit), a flag that does not apply to the chosen
# kind is a usage error naming it, out-of-range values are refused readably, and help states the
# real defaults (issue 9).
source "$(dirname "$0")/lib.sh"

# momentum 0 in the trajectory: the iterates of plain SGD, exactly (before: those of momentum 0.9).
run --json trajectory --surface quadratic --eigen 1,10 --start 1,1 --lr 0.05 --steps 20 --optimizer sgd
expect_code 0 "trajectory sgd"
cp "$TMP/out" "$TMP/sgd.json"
run --json trajectory --surface quadratic --eigen 1,10 --start 1,1 --lr 0.05 --steps 20 --optimizer momentum --momentum 0
expect_code 0 "trajectory momentum 0"
cmp -s "$TMP/out" "$TMP/sgd.json" || fail "momentum 0 differs from sgd: $(diff "$TMP/out" "$TMP/sgd.json" | head -4)"
ok
run --json trajectory --surface quadratic --eigen 1,10 --start 1,1 --lr 0.05 --steps 20 --optimizer momentum
cmp -s "$TMP/out" "$TMP/sgd.json" && fail "momentum's default 0.9 gave the sgd iterates"
ok

# momentum 0 in training: the same losses as sgd, to the last digit.
common=(--json train --data spiral --model mlp --hidden 8 --epochs 2 --batch 16 --seed 3 --lr 0.05)
run "${common[@]}" --optimizer sgd;                     expect_code 0 "train sgd"; cp "$TMP/out" "$TMP/train_sgd.json"
run "${common[@]}" --optimizer momentum --momentum 0;   expect_code 0 "train momentum 0"
diff <(jq -c 'del(.seconds)' "$TMP/out") <(jq -c 'del(.seconds)' "$TMP/train_sgd.json") >/dev/null ||
  fail "train: momentum 0 differs from sgd"
ok

# Adam's beta1 0 is 0, not 0.9.
run --json trajectory --surface beale --optimizer adam --lr 0.05 --steps 30 --beta1 0
expect_code 0 "adam beta1 0"; cp "$TMP/out" "$TMP/b0.json"
run --json trajectory --surface beale --optimizer adam --lr 0.05 --steps 30 --beta1 0.9
cmp -s "$TMP/out" "$TMP/b0.json" && fail "adam beta1 0 gave the iterates of beta1 0.9"
ok

# Flags that do not apply, unknown flags and values out of range: exit 2, one line naming the flag.
run train --data spiral --optimizer sgd --momentum 0.9;  expect_code 2 "momentum with sgd"; expect_err "\-\-momentum does not apply"
run trajectory --optimizer momentum --beta1 0.5;        expect_code 2 "beta1 with momentum"; expect_err "\-\-beta1"
run train --data spiral --model softmax --hidden 8;      expect_code 2 "hidden with softmax"; expect_err "\-\-hidden"
run train --data spiral --lambda 0.1;                    expect_code 2 "lambda without reg"; expect_err "\-\-lambda"
run train --data spiral --reg l2 --beta 0.1;             expect_code 2 "beta without elastic"; expect_err "\-\-beta"
run train --data spiral --dropout 1;                     expect_code 2 "dropout 1"; expect_err "\-\-dropout must be a number in \[0, 1)"
run train --data spiral --model mlp --hidden 65536;      expect_code 2 "hidden too wide"; expect_err "1..4096"
run train --data spiral --classes 64;                    expect_code 2 "classes 64"; expect_err "2..16"
run train --data spiral --lr 1e300;                      expect_code 2 "lr 1e300"; expect_err "got '1e300'"
run trajectory --rotation nan;                           expect_code 2 "rotation nan"; expect_err "\-\-rotation must be"
run trajectory --rotation inf;                           expect_code 2 "rotation inf"; expect_err "\-\-rotation must be"
run trajectory --rotation 1e308;                         expect_code 2 "rotation 1e308"; expect_err "\-\-rotation must be"
[ "$(wc -l < "$TMP/err")" = 1 ] || fail "one line on stderr expected: $(cat "$TMP/err")"; ok
run train --data spiral --momentum;                      expect_code 2 "flag without value"

# Help states the real defaults: the trajectory's lr is the surface's suggested rate, not 0.01.
run trajectory --help
expect_code 0 "trajectory help"
grep -A3 -- "--lr" "$TMP/out" | grep -q "suggested rate" || fail "trajectory --help: lr's default is not the suggested rate"
ok
run train --help
grep -A3 -- "--momentum" "$TMP/out" | grep -q "default 0.9" || fail "train --help: momentum's default"
ok
# The reference (docs/settings.md) is what the tables say: regenerate it with
# `build/release/descent settings --markdown > docs/settings.md` after changing a table.
run settings --markdown
expect_code 0 "settings --markdown"
diff -u "$(dirname "$0")/../../docs/settings.md" "$TMP/out" > "$TMP/diff" ||
  fail "docs/settings.md is not the tables' reference; regenerate it: $(head -20 "$TMP/diff")"
ok
done_ok
