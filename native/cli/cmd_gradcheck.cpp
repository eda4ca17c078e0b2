// cmd_gradcheck.cpp: `descent gradcheck`: compares backprop's gradient with central differences,
// in double precision, on a few examples, and prints {"param","max_rel_error",...} per parameter
// tensor. Exit 1 if any tensor's max relative error reaches --threshold.
#include <cstdio>
#include <memory>

#include "core/data/data_settings.h"
#include "core/nn/gradcheck.h"
#include "core/nn/gradcheck_settings.h"
#include "core/nn/model_settings.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"
#include "native/cli/options.h"
#include "native/cli/schema_flags.h"

namespace descent::cli {

namespace {
// The gradient check's data defaults to the spiral: a small network on 2-D points checks in a moment.
const settings::Schema<DataRequest>& gradcheck_data_schema() {
  static const settings::Schema<DataRequest> s =
      data_schema().with_default("data", [](const DataRequest&) { return settings::Value::of_text("spiral"); });
  return s;
}
const char* kSeedHelp = "fixes the data (2-D sets), the initial weights, the sampled coordinates and dropout";

struct GradcheckFlags {
  FlagTexts texts;
};

int run_gradcheck(const GradcheckFlags& f, bool json) {
  Output out{json};
  if (!f.texts.count("model")) return usage_error("--model is required: softmax, svm or mlp");
  DataRequest request = gradcheck_data_schema().defaults();
  ModelDesc model = model_schema().defaults();
  GradCheckDesc desc = gradcheck_schema().defaults();
  SeedOnly seed = seed_schema(kSeedHelp).defaults();
  LoadOptions load = load_schema().defaults();
  for (Status s : {apply_flags(gradcheck_data_schema(), f.texts, request), apply_flags(model_schema(), f.texts, model),
                   apply_flags(gradcheck_schema(), f.texts, desc), apply_flags(seed_schema(kSeedHelp), f.texts, seed),
                   apply_flags(load_schema(), f.texts, load)})
    if (!s) return report(s);
  request.seed = seed.seed;
  Result<std::shared_ptr<DataSplits>> data = load_data(request, load);
  if (!data) return report(data.status());
  const Dataset& train = (*data)->train;
  const int N = std::min(desc.examples, train.size());
  if (N == 0) return report(make_error(ErrorCode::Usage, "the training set is empty"));

  if (Status s = check_gradient_check_memory(model, train.dim(), train.num_classes, N); !s) return report(s);
  Network<float> net(model, train.dim(), train.num_classes);
  net.init(seed.seed);
  Network<double> net64 = to_double(net);
  Matrix<double> X(N, train.dim());
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < train.dim(); ++j) X(i, j) = double(train.X(i, j));
  std::vector<int> y(train.y.begin(), train.y.begin() + N);
  desc.seed = seed.seed + 1;
  int failed = 0, unchecked = 0;
  for (const GradCheckRow& r : gradient_check(net64, X, y, desc)) {
    failed += !r.passed && !r.not_checked();
    unchecked += r.not_checked();
    char buf[240];
    if (r.not_checked())
      std::snprintf(buf, sizeof buf, "%-4s NOT CHECKED: every coordinate tried (%d) sat on a kink", r.param.c_str(),
                    r.kinks_skipped);
    else
      std::snprintf(buf, sizeof buf,
                    "%-4s max rel error %.3e  (%d of %d checked, %d at kinks skipped; worst: analytic %.6e numeric "
                    "%.6e)%s",
                    r.param.c_str(), r.max_rel_error, r.checked, r.requested, r.kinks_skipped, r.analytic, r.numeric,
                    r.passed ? "" : "  FAIL");
    nlohmann::json j = {{"param", r.param},        {"checked", r.checked},     {"requested", r.requested},
                        {"kinks_skipped", r.kinks_skipped}, {"passed", r.passed}, {"not_checked", r.not_checked()}};
    if (!r.not_checked()) {
      j["max_rel_error"] = r.max_rel_error;
      j["analytic"] = r.analytic;
      j["numeric"] = r.numeric;
    }
    out.emit(j, buf);
  }
  if (failed > 0)
    return report(make_error(ErrorCode::Internal, "gradient check failed: a relative error reached the threshold " +
                                                      settings::readable_number(desc.threshold)));
  if (unchecked > 0)
    return report(make_error(ErrorCode::Internal,
                             std::to_string(unchecked) + " parameter tensor(s) could not be checked: every coordinate "
                             "tried sat on a kink (try another --seed, more --examples, or --coords 0)"));
  return kExitOk;
}
}  // namespace

Runner add_gradcheck_command(CLI::App& app) {
  auto flags = std::make_shared<GradcheckFlags>();
  CLI::App* sub = app.add_subcommand("gradcheck", "compare analytic and numerical gradients (double precision)");
  add_flags(*sub, gradcheck_data_schema(), gradcheck_data_schema().defaults(), flags->texts);
  add_flags(*sub, model_schema(), model_schema().defaults(), flags->texts);
  add_flags(*sub, gradcheck_schema(), gradcheck_schema().defaults(), flags->texts);
  add_flags(*sub, seed_schema(kSeedHelp), seed_schema(kSeedHelp).defaults(), flags->texts);
  add_flags(*sub, load_schema(), load_schema().defaults(), flags->texts);
  return [flags](bool json) { return run_gradcheck(*flags, json); };
}

}  // namespace descent::cli
