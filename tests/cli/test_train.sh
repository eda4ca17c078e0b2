# test_train.sh: `descent train` end to end: the JSON contract, learning, divergence, bad flags.
source "$(dirname "$0")/lib.sh"

run --json train --data blobs --model softmax --optimizer momentum --lr 0.1 --epochs 3 --seed 1
expect_code 0 "train blobs"
expect_jq 'length == 4 and (.[0:3] | all(has("epoch") and has("loss") and has("train_acc") and has("val_acc")))'
expect_jq '.[0].epoch == 1 and .[2].epoch == 3'
expect_jq '(.[3] | has("test_acc") and has("seconds")) and .[3].test_acc > 0.8'

run --json train --data spiral --model mlp --hidden 32,32 --activation tanh --optimizer adam --lr 0.02 --epochs 300 --seed 2
expect_code 0 "train spiral mlp"
expect_jq '.[-1].test_acc > 0.8'
expect_jq '.[-2].loss < .[0].loss'

run --json train --data moons --model svm --reg l2 --lambda 0.001 --optimizer sgd --lr 0.1 --epochs 2
expect_code 0 "svm with l2"

# Same seed, same numbers.
run --json train --data xor --model mlp --dropout 0.2 --optimizer rmsprop --epochs 2 --seed 9
cp "$TMP/out" "$TMP/first"
run --json train --data xor --model mlp --dropout 0.2 --optimizer rmsprop --epochs 2 --seed 9
[ "$(jq -c 'del(.seconds)' "$TMP/first")" = "$(jq -c 'del(.seconds)' "$TMP/out")" ] || fail "same seed gave different output"
ok

# A learning rate that blows up: exit 1, the step named, a smaller rate suggested.
run --json train --data circles --model mlp --optimizer sgd --lr 1000 --epochs 5
expect_code 1 "diverging lr"
expect_err "step"
expect_err "learning rate"

# Usage errors: exit 2 with a message naming the flag.
run train --data blobs --model resnet;       expect_code 2 "bad model";      expect_err "resnet"
run train --data blobs --lr -1;              expect_code 2 "negative lr";    expect_err "\-\-lr"
run train --data blobs --hidden 3,x;         expect_code 2 "bad hidden"
run train --data blobs --model mlp --hidden 0; expect_code 2 "zero width";   expect_err "\-\-hidden"
run train --data blobs --dropout 1.5;        expect_code 2 "bad dropout";    expect_err "\-\-dropout"
run train --data blobs --optimizer lbfgs;    expect_code 2 "bad optimizer";  expect_err "lbfgs"
run train --data imagenet;                   expect_code 2 "unknown data";   expect_err "imagenet"
run train --data blobs --epochs 0;           expect_code 2 "zero epochs"
run train --data blobs --no-such-flag;       expect_code 2 "unknown flag"
run frobnicate;                              expect_code 2 "unknown command"

# Data errors: exit 1 with the file named.
run train --data mnist --data-dir "$TMP/nowhere"
expect_code 1 "missing mnist dir"
expect_err "nowhere"
mkdir -p "$TMP/bad"
printf 'this is not an idx file at all' > "$TMP/bad/train-images-idx3-ubyte"
printf 'nor this' > "$TMP/bad/train-labels-idx1-ubyte"
cp "$TMP/bad/train-images-idx3-ubyte" "$TMP/bad/t10k-images-idx3-ubyte"
cp "$TMP/bad/train-labels-idx1-ubyte" "$TMP/bad/t10k-labels-idx1-ubyte"
run train --data mnist --data-dir "$TMP/bad"
expect_code 1 "corrupt idx"
expect_err "train-"

# The real data, when installed: a quick softmax on a slice of Fashion-MNIST.
if [ -d /usr/share/datasets/fashion-mnist ]; then
  run --json train --data fashion-mnist --model softmax --limit-train 3000 --limit-test 1000 --epochs 3 --lr 0.005
  expect_code 0 "fashion-mnist slice"
  expect_jq '.[-1].test_acc > 0.7'
fi
done_ok
