# test_knn.sh: `descent knn` end to end: the CV table, the chosen cell, --folds 0, bad flags.
source "$(dirname "$0")/lib.sh"

run --json knn --data blobs --ks 1,3,5 --metrics l1,l2 --folds 3
expect_code 0 "knn cv"
expect_jq 'length == 7 and (.[0:6] | all(has("k") and has("metric") and has("cv_acc")))'
expect_jq '[.[0:6][] | "\(.k)\(.metric)"] | unique | length == 6'
expect_jq '(.[6] | has("test_acc") and has("seconds")) and .[6].test_acc > 0.8'
# The winner is the best CV cell.
expect_jq '. as $a | ($a[0:6] | map(.cv_acc) | max) as $m | [$a[0:6][] | select(.k == $a[6].k and .metric == $a[6].metric)][0].cv_acc == $m'

run --json knn --data spiral --k 3 --metric l2 --folds 0
expect_code 0 "knn no cv"
expect_jq 'length == 1 and .[0].k == 3 and .[0].metric == "l2"'

run knn --data blobs --k 0 --folds 0;  expect_code 2 "k zero"
run knn --data blobs --k 3;            expect_code 2 "k with cross-validation"; expect_err "\-\-k applies with \-\-folds 0"
run knn --data blobs --ks 3 --folds 0; expect_code 2 "ks without it";           expect_err "\-\-ks applies to cross-validation"
# k above the training set (270 spiral points): refused, naming the largest valid k (before: ran silently).
run knn --data spiral --k 100000 --folds 0; expect_code 2 "k above the set"; expect_err "more than the 300 training"
run knn --data spiral --ks 1,500 --folds 5; expect_code 2 "k above a fold"; expect_err "\-\-ks: k = 500"
run knn --data blobs --metric cosine;  expect_code 2 "bad metric"; expect_err "cosine"
run knn --data blobs --folds 1;        expect_code 2 "one fold";   expect_err "\-\-folds"
done_ok
