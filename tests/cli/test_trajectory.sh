# test_trajectory.sh: `descent trajectory`: the step lines, closed-form GD on a quadratic, divergence.
source "$(dirname "$0")/lib.sh"

run --json trajectory --surface quadratic --eigen 1,10 --start 1,1 --optimizer sgd --lr 0.1 --steps 10
expect_code 0 "quadratic sgd"
expect_jq 'length == 11 and .[0].step == 0 and .[0].x == 1 and .[0].y == 1 and .[10].step == 10'
# GD on (x^2 + 10 y^2)/2 with lr 0.1: x_k = 0.9^k, y_k = 0^k.
expect_jq '((.[10].x - 0.3486784401) | fabs) < 1e-12 and (.[10].y | fabs) < 1e-12'
expect_jq '((.[0].loss - 5.5) | fabs) < 1e-12'

run --json trajectory --surface rosenbrock --optimizer momentum --lr 0.001 --momentum 0.9 --steps 50
expect_code 0 "rosenbrock momentum"
expect_jq 'length == 51 and .[50].loss < .[0].loss'

run --json trajectory --surface quadratic --eigen 1,10 --start 1,1 --optimizer sgd --lr 0.5 --steps 2000
expect_code 1 "diverging"
expect_err "diverged"
expect_jq 'length > 1 and all(.loss | isinfinite | not)'

run trajectory --surface banana;            expect_code 2 "bad surface"; expect_err "banana"
run trajectory --start 1;                   expect_code 2 "bad start";   expect_err "\-\-start"
run trajectory --eigen 1,-2;                expect_code 2 "bad eigen"
run trajectory --surface beale --eigen 1,2; expect_code 2 "eigen on beale"
done_ok
