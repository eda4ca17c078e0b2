// cmd_train.cpp: `descent train`: trains softmax, SVM or an MLP with any optimizer and prints
// {"epoch","loss","train_acc","val_acc"} per epoch, then {"test_acc","seconds"}. A loss that
// becomes NaN or infinite stops the run with exit 1 and a message naming the step. --device gl
// trains on the GL device (same weights, batches and rule; the last line adds "device","renderer").
#include <chrono>
#include <cstdio>
#include <memory>

#include "core/compute/device_settings.h"
#include "core/compute/device_training.h"
#include "core/data/data_settings.h"
#include "core/train/train_settings.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"
#include "native/cli/device_flags.h"
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

// The training loop (its steps on the host or, with a backend, on a device).
int train_loop(TrainingSession& session, int epochs, const DataSplits& d, const Output& out,
               std::chrono::steady_clock::time_point start, const compute::ComputeDevice* device) {
  Progress progress;
  const long total_steps = long(session.batches_per_epoch()) * epochs;
  while (session.epoch() < epochs) {
    Status s = session.step();
    if (!s) {
      progress.finish();
      return report(s);
    }
    if (session.steps() % 16 == 0 || session.batch_in_epoch() == 0)
      progress.update(double(session.steps()) / double(total_steps),
                      fmt("epoch %.0f/%.0f loss %.4f", session.epoch() + 1.0 - (session.batch_in_epoch() == 0),
                          epochs, session.step_losses().back()));
    if (session.batch_in_epoch() == 0) {  // an epoch just ended
      progress.finish();
      const EpochStats& e = session.epochs().back();
      out.emit({{"epoch", e.epoch}, {"loss", e.loss}, {"train_acc", e.train_acc}, {"val_acc", e.val_acc}},
               fmt("epoch %3.0f  loss %.4f  train acc %.4f  val acc %.4f", e.epoch, e.loss, e.train_acc, e.val_acc));
    }
  }
  const double test_acc = session.accuracy(d.test);
  if (Status s = session.step_error(); !s) return report(s);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json last = {{"test_acc", test_acc}, {"seconds", seconds}};
  if (device) add_device_fields(last, *device);
  out.emit(last, fmt("test acc %.4f  (%.1f s)", test_acc, seconds));
  return kExitOk;
}

int run_train(const TrainFlags& f, bool json) {
  Output out{json};
  DataRequest request = data_schema().defaults();
  TrainDesc desc = cli_train_schema().defaults();
  TrainRun run = train_run_schema().defaults();
  LoadOptions load = load_schema().defaults();
  compute::DeviceChoice where = compute::device_schema().defaults();
  for (Status s : {apply_flags(data_schema(), f.texts, request), apply_flags(cli_train_schema(), f.texts, desc),
                   apply_flags(train_run_schema(), f.texts, run), apply_flags(load_schema(), f.texts, load),
                   apply_flags(compute::device_schema(), f.texts, where)})
    if (!s) return report(s);
  request.seed = desc.seed;
  Result<compute::DevicePtr> device = open_cli_device(where.device);  // first: no GL 4.3 stops before the data loads
  if (!device) return report(device.status());

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
  if (where.device == compute::DeviceKind::GL) {
    if (!json) std::fprintf(stderr, "device gl: %s\n", (*device)->info().renderer.c_str());
    Result<std::unique_ptr<TrainingSession>> session = compute::device_session(**device, *data, desc);
    if (!session) return report(session.status());
    return train_loop(**session, run.epochs, d, out, start, device->get());
  }
  Result<std::unique_ptr<TrainingSession>> session = TrainingSession::create(*data, desc);  // memory_budget.h
  if (!session) return report(session.status());
  return train_loop(**session, run.epochs, d, out, start, nullptr);
}
}  // namespace

Runner add_train_command(CLI::App& app) {
  auto flags = std::make_shared<TrainFlags>();
  CLI::App* sub = app.add_subcommand("train", "train a classifier (softmax, SVM or MLP) and report accuracy");
  add_flags(*sub, data_schema(), data_schema().defaults(), flags->texts);
  add_flags(*sub, cli_train_schema(), cli_train_schema().defaults(), flags->texts);
  add_flags(*sub, train_run_schema(), train_run_schema().defaults(), flags->texts);
  add_flags(*sub, load_schema(), load_schema().defaults(), flags->texts);
  add_flags(*sub, compute::device_schema(), compute::device_schema().defaults(), flags->texts);
  return [flags](bool json) { return run_train(*flags, json); };
}

}  // namespace descent::cli
