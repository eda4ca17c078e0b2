# test_gradcheck.sh: `descent gradcheck` on smooth and kinked models.
source "$(dirname "$0")/lib.sh"

run --json gradcheck --model mlp --hidden 6,5 --activation tanh --data spiral --reg l2 --lambda 0.01
expect_code 0 "tanh mlp"
expect_jq 'length == 6 and all(.max_rel_error < 1e-6) and ([.[].param] == ["W1","b1","W2","b2","W3","b3"])'

run --json gradcheck --model softmax --data blobs --reg l2 --lambda 0.1
expect_code 0 "softmax"
expect_jq 'length == 2 and all(.max_rel_error < 1e-6)'

run --json gradcheck --model svm --data moons --reg elastic --lambda 0.01
expect_code 0 "svm elastic"
expect_jq 'all(.max_rel_error < 1e-6)'

# A step far too large for a tanh net: the check must fail with exit 1.
run --json gradcheck --model mlp --activation tanh --data spiral --h 0.5
expect_code 1 "coarse h"
expect_err "threshold"

run gradcheck --data spiral;  expect_code 2 "model required"
done_ok
