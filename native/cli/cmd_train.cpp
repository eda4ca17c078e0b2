// cmd_train.cpp: `descent train`: trains softmax, SVM or an MLP with any optimizer and prints
// {"epoch","loss","train_acc","val_acc"} per epoch, then {"test_acc","seconds"}. A loss that
// becomes NaN or infinite stops the run with exit 1 and a message naming the step.
#include <chrono>
#include <cstdio>
#include <memory>

#include "core/data/data_settings.h"
#include "core/train/train_settings.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"
#include "native/cli/options.h"
#include "native/cli/schema_flags.h"

namespace descent::cli {

namespace {
// Adam by default: it trains every model of the lecture well at its default rate.
const settings::Schema<TrainDesc>& cli_train_schema() {
  static const settings::Schema<TrainDesc> s =
      train_schema().with_default("optimizer", [](const TrainDesc&) { return settings::Value::of_text("adam"); });
  return s;
}

struct TrainFlags {
  FlagTexts texts;
};

std::string fmt(const char* f, double a, double b = 0, double c = 0, double d = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, f, a, b, c, d);
  return buf;
}

int run_train(const TrainFlags& f, bool json) {
  Output out{json};
  DataRequest request = data_schema().defaults();
  TrainDesc desc = cli_train_schema().defaults();
  TrainRun run = train_run_schema().defaults();
  LoadOptions load = load_schema().defaults();
  for (Status s : {apply_flags(data_schema(), f.texts, request), apply_flags(cli_train_schema(), f.texts, desc),
                   apply_flags(train_run_schema(), f.texts, run), apply_flags(load_schema(), f.texts, load)})
    if (!s) return report(s);
  request.seed = desc.seed;

  Result<std::shared_ptr<DataSplits>> data = load_data(request, load);
  if (!data) return report(data.status());
  const DataSplits& d = **data;
  if (!json)
    std::fprintf(stderr, "%s: %d train, %d validation, %d test examples of %d features, %d classes\n",
                 d.train.name.c_str(), d.train.size(), d.val.size(), d.test.size(), d.train.dim(), d.train.num_classes);
  if (desc.batch > d.train.size() && !json)
    std::fprintf(stderr, "--batch %d is more than the %d training examples: every step uses all of them "
                 "(full-batch gradient descent)\n", desc.batch, d.train.size());

  const auto start = std::chrono::steady_clock::now();
  TrainingSession session(*data, desc);
  Progress progress;
  const long total_steps = long(session.batches_per_epoch()) * run.epochs;
  while (session.epoch() < run.epochs) {
    Status s = session.step();
    if (!s) {
      progress.finish();
      return report(s);
    }
    if (session.steps() % 16 == 0 || session.batch_in_epoch() == 0)
      progress.update(double(session.steps()) / double(total_steps),
                      fmt("epoch %.0f/%.0f loss %.4f", session.epoch() + 1.0 - (session.batch_in_epoch() == 0),
                          run.epochs, session.step_losses().back()));
    if (session.batch_in_epoch() == 0) {  // an epoch just ended
      progress.finish();
      const EpochStats& e = session.epochs().back();
      out.emit({{"epoch", e.epoch}, {"loss", e.loss}, {"train_acc", e.train_acc}, {"val_acc", e.val_acc}},
               fmt("epoch %3.0f  loss %.4f  train acc %.4f  val acc %.4f", e.epoch, e.loss, e.train_acc, e.val_acc));
    }
  }
  const double test_acc = session.accuracy(d.test);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.emit({{"test_acc", test_acc}, {"seconds", seconds}},
           fmt("test acc %.4f  (%.1f s)", test_acc, seconds));
  return kExitOk;
}
}  // namespace

Runner add_train_command(CLI::App& app) {
  auto flags = std::make_shared<TrainFlags>();
  CLI::App* sub = app.add_subcommand("train", "train a classifier (softmax, SVM or MLP) and report accuracy");
  add_flags(*sub, data_schema(), data_schema().defaults(), flags->texts);
  add_flags(*sub, cli_train_schema(), cli_train_schema().defaults(), flags->texts);
  add_flags(*sub, train_run_schema(), train_run_schema().defaults(), flags->texts);
  add_flags(*sub, load_schema(), load_schema().defaults(), flags->texts);
  return [flags](bool json) { return run_train(*flags, json); };
}

}  // namespace descent::cli
