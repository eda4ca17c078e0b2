# test_lecture.sh: `descent lecture`: every chapter's worked example as JSON, the lecture's numbers,
# the plain-text form, a CIFAR-10 file's 32 x 32 x 3, and errors (a bad chapter, a missing data folder).
source "$(dirname "$0")/lib.sh"

# The chapters that need no data file.
run --json lecture --chapter 2 --data-dir "$TMP/nowhere"
expect_code 1 "chapter 2 without Fashion-MNIST: l1 prints, knn-time fails"
expect_err "knn-time"
expect_err "nowhere"
expect_jq 'length == 1 and .[0].example == "l1-distance" and .[0].l1 == 456 and .[0].l2_squared == 26280'
expect_jq '.[0].abs_diff == [[46,12,14,1],[82,13,39,33],[12,10,0,30],[2,32,22,108]]'

run --json lecture --chapter 4
expect_code 0 "chapter 4"
expect_jq '.[0].example == "linear-4-pixel" and (.[0].scores | map(. * 100 | round)) == [-9680, 43790, 6075] and .[0].predicted == "dog"'
expect_jq '.[0].slide[0].printed == 61.95 and (.[0].slide[0].note | test("without ship.s bias"))'

run --json lecture --chapter 5
expect_code 0 "chapter 5"
expect_jq '[.[].example] == ["softmax", "svm"]'
expect_jq '.[0] | (.probabilities | map(. * 100 | round / 100)) == [0.13, 0.87, 0]'
expect_jq '.[0] | (.loss_ln * 10000 | round) == 20404 and (.loss_log10 * 10000 | round) == 8861 and .log_base == "e"'
expect_jq '.[0].slide[0].note | test("base-10")'
expect_jq '.[1] | (.svm_loss | map(. * 10 | round)) == [29, 0, 129] and (.mean_svm * 100 | round) == 527 and (.softmax_loss | length) == 3'

run --json lecture --chapter 6
expect_jq '.[0] | .l2 == [1, 0.25] and .l1 == [1, 1] and .l2_prefers == "w2" and .l1_prefers == "tie" and .scores == [1, 1]'

run --json lecture --chapter 7
expect_code 0 "chapter 7"
expect_jq '.[0] | .example == "finite-difference" and (.forward * 1e6 | round) == 20010000 and .exact == 20 and .w_next == 8'
expect_jq '.[1] | .example == "torch-linear" and .check_passed and (.rel_error | all(. < 1e-7)) and .target == 1'
expect_jq '.[1] | (.slide[0].computed * 10000 | round) == 1009 and (.slide[1].computed * 1000 | round) == 428'

run --json lecture --chapter 9
expect_jq '.[0] | .lecture_a0_is_gd and .torch_mu0_is_sgd and .max_difference < 1e-12 and .max_m_minus_lr_v < 1e-12'

run --json lecture --chapter 10
expect_jq '.[0] | [.steps[].formula] == ["a1 = F(x, W1)", "a2 = G(a1)", "a3 = H(a2, W3)", "a4 = J(a3)", "o = K(a4, W5)"]'
expect_jq '.[0] | [.steps[].module] == ["nn.Linear(2, 64)", "nn.ReLU()", "nn.Linear(64, 64)", "nn.ReLU()", "nn.Linear(64, 3)"] and .total_params == 4547'

run --json lecture --chapter 3
expect_jq '.[0] | .example == "cross-validation" and .test_evaluations == 1 and (.table | length) == 14 and .best_cv_acc == ([.table[].cv_acc] | max)'

# Plain text: the same numbers, readable.
run lecture --chapter 4
expect_code 0 "chapter 4 text"
grep -q "scores: \[-96.8, 437.9, 60.75\]" "$TMP/out" || fail "text lacks the scores: $(cat "$TMP/out")"
grep -q "Chapter 4" "$TMP/out" || fail "text lacks the chapter heading"
ok

# Usage errors.
run lecture --chapter 11;               expect_code 2 "chapter 11";    expect_err "\-\-chapter"
run lecture --chapter 2 --knn-queries 0; expect_code 2 "no queries";   expect_err "\-\-knn-queries"

# With Fashion-MNIST installed: the image, the timing, the batch comparison, and a CIFAR-10 record.
if [ -d /usr/share/datasets/fashion-mnist ]; then
  { printf '\003'; head -c 3072 /dev/urandom; } > "$TMP/data_batch_1.bin"
  run --json lecture --chapter 1 --cifar "$TMP/data_batch_1.bin"
  expect_code 0 "chapter 1"
  expect_jq '.[0] | .numbers == 784 and .arithmetic == "28 x 28 x 1 = 784" and (.pixels | length) == 28 and (.pixels[0] | length) == 28'
  expect_jq '.[0].cifar10 | .numbers == 3072 and .height == 32 and .width == 32 and .channels == 3 and .class == "cat"'

  run --json lecture --chapter 2 --knn-sizes 500,1000,2000 --knn-queries 20
  expect_code 0 "chapter 2"
  expect_jq '.[1] | .example == "knn-time" and .measured_sizes == [500, 1000, 2000] and (.ms_per_query | length) == 3 and .fit.points == 3'

  run --json lecture --chapter 8 --epochs 2
  expect_code 0 "chapter 8"
  expect_jq '.[0] | .full_steps == 2 and .mini_steps == 2 * 282 and (.full_loss | length) == 3 and .full_loss[0] == .mini_loss[0]'

  head -c 100 /dev/zero > "$TMP/bad.bin"
  run --json lecture --chapter 1 --cifar "$TMP/bad.bin"
  expect_code 1 "corrupt cifar"
  expect_err "bad.bin"
fi
done_ok
