// cmd_gradcheck.cpp: `descent gradcheck`: compares backprop's gradient with central differences,
// in double precision, on a few examples, and prints {"param","max_rel_error",...} per parameter
// tensor. Exit 1 if any tensor's max relative error reaches --threshold.
#include <cstdio>
#include <memory>

#include "core/nn/gradcheck.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"
#include "native/cli/data_loading.h"

namespace descent::cli {

namespace {
struct GradcheckFlags {
  DataFlags data;
  ModelFlags model;
  int examples = 16;
  int coords = 200;
  double h = 5e-3;
  double threshold = 1e-6;
  uint32_t seed = 0;
};

int run_gradcheck(const GradcheckFlags& f, bool json) {
  Output out{json};
  Result<ModelDesc> model = f.model.desc();
  if (!model) return report(model.status());
  if (f.examples < 1 || f.examples > 100000) return usage_error("--examples must be in 1..100000");
  if (f.coords < 0) return usage_error("--coords must be 0 (every coordinate) or more");
  if (!(f.h > 0 && f.h < 1)) return usage_error("--h must be in (0, 1)");
  if (!(f.threshold > 0)) return usage_error("--threshold must be positive");
  Result<std::shared_ptr<DataSplits>> data = load_data(f.data, f.seed);
  if (!data) return report(data.status());
  const Dataset& train = (*data)->train;
  const int N = std::min(f.examples, train.size());
  if (N == 0) return report(make_error(ErrorCode::Usage, "the training set is empty"));

  if (Status s = check_gradient_check_memory(*model, train.dim(), train.num_classes, N); !s) return report(s);
  Network<float> net(*model, train.dim(), train.num_classes);
  net.init(f.seed);
  Network<double> net64 = to_double(net);
  Matrix<double> X(N, train.dim());
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < train.dim(); ++j) X(i, j) = double(train.X(i, j));
  std::vector<int> y(train.y.begin(), train.y.begin() + N);
  GradCheckDesc desc;
  desc.h = f.h;
  desc.max_per_tensor = f.coords;
  desc.seed = f.seed + 1;
  desc.threshold = f.threshold;
  bool all_passed = true;
  for (const GradCheckRow& r : gradient_check(net64, X, y, desc)) {
    all_passed = all_passed && r.passed;
    char buf[200];
    std::snprintf(buf, sizeof buf, "%-4s max rel error %.3e  (%d checked, %d at kinks skipped; worst: analytic %.6e numeric %.6e)%s",
                  r.param.c_str(), r.max_rel_error, r.checked, r.kinks_skipped, r.analytic, r.numeric, r.passed ? "" : "  FAIL");
    out.emit({{"param", r.param}, {"max_rel_error", r.max_rel_error}, {"checked", r.checked},
              {"kinks_skipped", r.kinks_skipped}, {"analytic", r.analytic}, {"numeric", r.numeric}, {"passed", r.passed}},
             buf);
  }
  if (!all_passed) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "gradient check failed: a relative error reached the threshold %.1e", f.threshold);
    return report(make_error(ErrorCode::Internal, buf));
  }
  return kExitOk;
}
}  // namespace

Runner add_gradcheck_command(CLI::App& app) {
  auto flags = std::make_shared<GradcheckFlags>();
  CLI::App* sub = app.add_subcommand("gradcheck", "compare analytic and numerical gradients (double precision)");
  flags->data.add_to(*sub, "spiral");
  flags->model.add_to(*sub, true);
  sub->add_option("--examples", flags->examples, "training examples in the checked batch")->capture_default_str();
  sub->add_option("--coords", flags->coords, "coordinates sampled per tensor (0 = all)")->capture_default_str();
  sub->add_option("--h", flags->h, "finite-difference step")->capture_default_str();
  sub->add_option("--threshold", flags->threshold, "max relative error allowed")->capture_default_str();
  sub->add_option("--seed", flags->seed, "seed for weights, sampling and dropout")->capture_default_str();
  return [flags](bool json) { return run_gradcheck(*flags, json); };
}

}  // namespace descent::cli
