# test_bench.sh: `descent bench` end to end, where cheap: W5 (the 2-D spiral net, a fraction of a
# second) must reproduce the cross-check values of shared/bench/WORKLOADS.md (final loss 0.61838,
# train accuracy 0.578); W4 on a tiny shape prints the fields bench/compare reads; bad input gives
# usage errors. No timing is asserted (only that rates are positive numbers).
source "$(dirname "$0")/lib.sh"

run --json bench W5 --runs 1 --threads 1
expect_code 0 "bench W5"
expect_jq 'length == 1 and .[0].workload == "W5"'
expect_jq '.[0].final_loss - 0.61838 | fabs < 5e-5'
expect_jq '.[0].train_acc - 0.578 | fabs < 5e-4'
expect_jq '.[0].steps_per_s > 0 and (.[0].runs | length) == 1'

run --json bench w5 --runs 2 --threads 2
expect_code 0 "bench W5, 2 threads"
expect_jq '.[0].final_loss - 0.61838 | fabs < 5e-5'
expect_jq '.[0].threads >= 1 and (.[0].runs | length) == 2'

run --json bench W4 --shapes 8x16x24,3x5x7 --threads 1 --min-time 0.001 --blocks 1
expect_code 0 "bench W4 tiny"
expect_jq 'length == 2 and all(.workload == "W4" and .threads == 1 and .gflops > 0)'
expect_jq '.[0].m == 8 and .[0].k == 16 and .[0].n == 24 and .[1].m == 3'

run bench W9;                   expect_code 2 "unknown workload"; expect_err "W9"
run bench W5 --runs 0;          expect_code 2 "zero runs";       expect_err "\-\-runs"
run bench W4 --shapes 8x8;      expect_code 2 "bad shape";       expect_err "\-\-shapes"
run bench W3 --metric cosine;   expect_code 2 "bad metric";      expect_err "cosine"
done_ok
