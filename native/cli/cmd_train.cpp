// cmd_train.cpp: `descent train`: trains softmax, SVM or an MLP with any optimizer and prints
// {"epoch","loss","train_acc","val_acc"} per epoch, then {"test_acc","seconds"}. A loss that
// becomes NaN or infinite stops the run with exit 1 and a message naming the step.
#include <chrono>
#include <cstdio>
#include <memory>

#include "core/train/session.h"
#include "native/cli/cli_output.h"
#include "native/cli/commands.h"
#include "native/cli/data_loading.h"

namespace descent::cli {

namespace {
struct TrainFlags {
  DataFlags data;
  ModelFlags model;
  OptimizerFlags optimizer;
  int batch = 64;
  int epochs = 10;
  uint32_t seed = 0;
  bool no_shuffle = false;
  double lr_decay = 1.0;
};

std::string fmt(const char* f, double a, double b = 0, double c = 0, double d = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, f, a, b, c, d);
  return buf;
}

int run_train(const TrainFlags& f, bool json) {
  Output out{json};
  Result<ModelDesc> model = f.model.desc();
  if (!model) return report(model.status());
  Result<OptimizerDesc> opt = f.optimizer.desc();
  if (!opt) return report(opt.status());
  if (f.batch < 0) return usage_error("--batch must be 0 (full batch) or more (got " + std::to_string(f.batch) + ")");
  if (!(f.lr_decay > 0 && f.lr_decay <= 1)) return usage_error("--lr-decay must be in (0, 1] (got " + std::to_string(f.lr_decay) + ")");
  if (f.epochs < 1 || f.epochs > 100000) return usage_error("--epochs must be in 1..100000 (got " + std::to_string(f.epochs) + ")");

  Result<std::shared_ptr<DataSplits>> data = load_data(f.data, f.seed);
  if (!data) return report(data.status());
  const DataSplits& d = **data;
  if (!json)
    std::fprintf(stderr, "%s: %d train, %d validation, %d test examples of %d features, %d classes\n",
                 d.train.name.c_str(), d.train.size(), d.val.size(), d.test.size(), d.train.dim(), d.train.num_classes);

  TrainDesc desc;
  desc.model = *model;
  desc.optimizer = *opt;
  desc.batch = f.batch;
  desc.seed = f.seed;
  desc.shuffle = !f.no_shuffle;
  desc.lr_decay = f.lr_decay;
  const auto start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<TrainingSession>> created = TrainingSession::create(*data, desc);
  if (!created) return report(created.status());
  TrainingSession& session = **created;
  Progress progress;
  const long total_steps = long(session.batches_per_epoch()) * f.epochs;
  while (session.epoch() < f.epochs) {
    Status s = session.step();
    if (!s) {
      progress.finish();
      return report(s);
    }
    if (session.steps() % 16 == 0 || session.batch_in_epoch() == 0)
      progress.update(double(session.steps()) / double(total_steps),
                      fmt("epoch %.0f/%.0f loss %.4f", session.epoch() + 1.0 - (session.batch_in_epoch() == 0),
                          f.epochs, session.step_losses().back()));
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
  flags->data.add_to(*sub, "fashion-mnist");
  flags->model.add_to(*sub, false);
  flags->optimizer.add_to(*sub, "adam");
  sub->add_option("--batch", flags->batch, "mini-batch size (0 = full-batch gradient descent)")->capture_default_str();
  sub->add_option("--epochs", flags->epochs, "passes over the training set")->capture_default_str();
  sub->add_option("--seed", flags->seed, "seed for weights, mini-batch order, dropout and splits")->capture_default_str();
  sub->add_option("--lr-decay", flags->lr_decay, "multiply the learning rate by this after each epoch (1 = constant)")->capture_default_str();
  sub->add_flag("--no-shuffle", flags->no_shuffle, "mini-batches in file order instead of a fresh permutation per epoch");
  return [flags](bool json) { return run_train(*flags, json); };
}

}  // namespace descent::cli
