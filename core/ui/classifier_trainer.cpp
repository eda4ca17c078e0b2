// classifier_trainer.cpp: the frame-by-frame training of a classifier and its curves
// (classifier_trainer.h). Evaluations run at each epoch's end on exactly those weights: training
// waits while the chunks of the evaluation run, so a curve point never mixes two epochs.
#include "core/ui/classifier_trainer.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <imgui.h>

#include "core/compute/device_training.h"
#include "core/memory_budget.h"
#include "core/nn/model_cost.h"
#include "core/nn/model_settings.h"
#include "core/train/train_settings.h"
#include "core/ui/colormap.h"
#include "core/ui/data_picker.h"
#include "core/ui/plot.h"

namespace descent::ui {

namespace {
constexpr int kEvalChunk = 256;          // rows per evaluation chunk
// The most work one interactive step may be: about a second at the 1e11 operations per second the
// SIMD kernels reach on 2 cores (docs/performance.md); the window stays responsive below it.
constexpr double kMaxStepFlops = 1e11;
constexpr double kRegionsSlice = 0.004;  // seconds of a frame the regions pass may take
constexpr uint32_t kTrainColor = IM_COL32(90, 180, 255, 255);
constexpr uint32_t kValColor = IM_COL32(255, 170, 60, 255);
constexpr uint32_t kTestColor = IM_COL32(120, 220, 120, 255);
constexpr uint32_t kStepColor = IM_COL32(150, 160, 190, 150);
}  // namespace

Status ClassifierTrainer::timed_step() {
  const auto t0 = std::chrono::steady_clock::now();
  Status s = session_->step();
  step_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ++timed_steps_;
  return s;
}

bool ClassifierTrainer::is_2d() const { return data_ && !data_->train.is_image() && data_->train.dim() == 2; }

Status ClassifierTrainer::reset(std::shared_ptr<const DataSplits> data) {
  if (!data || data->train.size() == 0) return make_error(ErrorCode::Usage, "no training data loaded");
  if (Status s = train_schema().validate(desc, ""); !s) return s;
  // One step is atomic: one that would freeze the app for about a second or more is refused.
  const int rows = desc.batch == 0 ? data->train.size() : std::min(desc.batch, data->train.size());
  const double flops = training_step_flops(desc.model, data->train.dim(), data->train.num_classes, rows);
  if (flops > kMaxStepFlops)
    return make_error(ErrorCode::TooLarge,
                      "one training step would be " + settings::readable_number(flops) +
                          " operations (about " + settings::readable_number(flops / 1e11) +
                          " s at 1e11 per second; the app stays responsive below 1e11): " +
                          settings::readable_number(double(parameter_count(desc.model, data->train.dim(),
                                                                           data->train.num_classes))) +
                          " weights on a batch of " + std::to_string(rows) +
                          "); use a smaller batch or fewer, narrower hidden layers");
  desc.evaluate_epochs = false;  // measured here, in chunks over frames
  auto session = std::make_unique<TrainingSession>(data, desc);
  if (init_scale != 1.0) {
    Parameters<float>& p = session->network().params();
    for (size_t t = 0; t < p.tensors.size(); ++t) {
      if (!p.tensors[t].is_weight) continue;
      float* w = p.value_of(static_cast<int>(t));
      for (size_t i = 0; i < p.tensors[t].size(); ++i) w[i] *= static_cast<float>(init_scale);
    }
  }
  if (device) {  // the steps on the device, from these weights; a device error leaves the old run
    Result<std::unique_ptr<StepBackend>> b =
        compute::device_backend(*device, session->network(), desc.optimizer, session->batch_size());
    if (!b) return b.status();
    if (Status s = session->use_backend(std::move(*b)); !s) return s;
  }
  data_ = std::move(data);
  session_ = std::move(session);
  step_seconds_ = 0;
  timed_steps_ = 0;
  records_.clear();
  loss_series_.clear();  // the plotted curves restart too
  latest_ = EvalRecord();
  confusion_.clear();
  confusion_epoch_ = -1;
  test_ = FinalTest();  // the new weights have not been tested (the count of uses stays)
  diverged_.clear();
  playing_ = false;
  target_epoch_ = -1;
  pending_steps_ = 0;
  job_ = EvalJob();
  grid_ = RegionGrid();
  grid_image_.invalidate();
  grid_step_ = -1;
  begin_eval(0, 0.0);
  return Status::ok();
}

void ClassifierTrainer::play(int epochs) {
  if (!session_ || session_->diverged()) return;
  playing_ = true;
  target_epoch_ = epochs > 0 ? session_->epoch() + epochs : -1;
}

Status ClassifierTrainer::step(int n, const AppContext* ctx) {
  if (!session_) return make_error(ErrorCode::Usage, "no model: load data first");
  playing_ = false;
  pending_steps_ = n;
  return run_pending(ctx, ctx ? ctx->command_deadline() : 0.0, true);
}

Status ClassifierTrainer::run_pending(const AppContext* ctx, double deadline, bool finish_evaluations) {
  const auto now = [ctx] { return ctx ? ctx->now() : -1.0; };  // no context: no deadline
  while (job_.active && (finish_evaluations || now() < deadline)) eval_chunk(kEvalChunk);  // the current weights first
  while (pending_steps_ > 0 && now() < deadline) {
    const int before = session_->epoch();
    Status s = timed_step();
    if (!s) {
      diverged_ = s.message;
      pending_steps_ = 0;
      return s;
    }
    --pending_steps_;
    if (session_->epoch() != before) {
      begin_eval(session_->epoch(), session_->epochs().back().loss);
      while (job_.active && now() < deadline) eval_chunk(kEvalChunk);
    }
  }
  return Status::ok();
}

void ClassifierTrainer::settle() {
  if (pending_steps_ > 0) return;  // still stepping over frames: the regions follow when it is done
  while (job_.active) eval_chunk(1 << 20);
  if (session_ && is_2d() && regions) {
    if (!grid_.busy() && grid_step_ != session_->steps()) start_regions();
    grid_.finish([this](const Matrix<float>& p, int* l, float* c) { grid_classify(p, l, c); });
  }
}

void ClassifierTrainer::evaluate_now() {
  if (!session_ || job_.active) return;
  begin_eval(session_->epoch(), session_->step_losses().empty() ? 0.0 : session_->step_losses().back());
  job_.append = false;
}

void ClassifierTrainer::evaluate_test() {
  if (!session_) return;
  while (job_.active) eval_chunk(1 << 20);  // a pending measurement of the same weights first
  begin_eval(session_->epoch(), 0.0);
  job_.append = false;
  job_.phase = job_.last_phase = 2;  // the test set, and nothing else
}

void ClassifierTrainer::begin_eval(int epoch, double train_loss) {
  job_ = EvalJob();
  job_.active = true;
  job_.rec.epoch = epoch;
  job_.rec.step = session_->steps();
  job_.rec.train_loss = train_loss;
  const int C = data_->train.num_classes;
  job_.confusion.assign(static_cast<size_t>(C) * C, 0);
}

bool ClassifierTrainer::eval_chunk(int rows) {
  Network<float>& net = session_->network();
  const Dataset* sets[3] = {&data_->train, &data_->val, &data_->test};
  while (job_.phase <= job_.last_phase && job_.row >= sets[job_.phase]->size()) {
    // This set is done (or empty): record it.
    const Dataset& d = *sets[job_.phase];
    const double acc = d.size() > 0 ? double(job_.correct) / d.size() : 0.0;
    const double loss = d.size() > 0 ? job_.loss_sum / d.size() : 0.0;
    const double reg = d.size() > 0 ? net.loss(d.X.ptr(), d.y.data(), 1).reg : 0.0;
    if (job_.phase == 0) {
      job_.rec.train_acc = acc;
      if (job_.rec.epoch == 0) job_.rec.train_loss = loss + reg;
    } else if (job_.phase == 1) {
      job_.rec.val_acc = acc;
      job_.rec.val_loss = d.size() > 0 ? loss + reg : 0.0;
    } else {  // the final evaluation: counted, and shown from now on
      test_ = {true, acc, job_.rec.step, job_.rec.epoch};
      ++test_uses_;
    }
    ++job_.phase;
    job_.row = 0;
    job_.correct = 0;
    job_.loss_sum = 0;
  }
  if (job_.phase > job_.last_phase) {
    if (job_.last_phase == 1) {
      if (job_.append) records_.push_back(job_.rec);
      latest_ = job_.rec;
    }
    // The confusion matrix of the set just measured last: validation, or test at a final evaluation.
    if (data_->val.size() > 0 || job_.last_phase == 2) {
      confusion_ = std::move(job_.confusion);
      confusion_epoch_ = job_.rec.epoch;
      confusion_set_ = job_.last_phase == 2 ? "test" : "validation";
    }
    job_.active = false;
    return true;
  }
  const Dataset& d = *sets[job_.phase];
  const int n = std::min(std::max(1, rows), d.size() - job_.row);
  pred_.resize(static_cast<size_t>(n));
  const float* X = d.X.row(job_.row);
  const int* y = d.y.data() + job_.row;
  net.predict(X, n, pred_.data());
  const int C = data_->train.num_classes;
  for (int i = 0; i < n; ++i) {
    job_.correct += pred_[size_t(i)] == y[i];
    if (job_.phase == job_.last_phase && y[i] >= 0 && y[i] < C && pred_[size_t(i)] >= 0 && pred_[size_t(i)] < C)
      ++job_.confusion[size_t(y[i]) * C + size_t(pred_[size_t(i)])];
  }
  const bool want_loss = job_.phase == 1 || (job_.phase == 0 && job_.rec.epoch == 0);
  if (want_loss) job_.loss_sum += net.loss(X, y, n).data * n;
  job_.row += n;
  return false;
}

void ClassifierTrainer::start_regions() {
  grid_net_ = session_->network();
  grid_step_ = session_->steps();
  grid_.start(fit_plane(data_->train), regions_res);
}

void ClassifierTrainer::grid_classify(const Matrix<float>& pts, int* labels, float* conf) {
  const Matrix<float>& S = grid_net_.forward(pts.ptr(), pts.rows);
  const int C = S.cols;
  for (int i = 0; i < S.rows; ++i) {
    const float* s = S.row(i);
    int best = 0;
    for (int c = 1; c < C; ++c)
      if (s[c] > s[best]) best = c;
    double z = 0;
    for (int c = 0; c < C; ++c) z += std::exp(double(s[c]) - double(s[best]));
    const double p = 1.0 / z;  // softmax probability of the winner
    labels[i] = best;
    conf[i] = C > 1 ? static_cast<float>((p - 1.0 / C) / (1.0 - 1.0 / C)) : 1.0f;
  }
}

void ClassifierTrainer::train_steps(AppContext& ctx) {
  if (pending_steps_ > 0 || job_.active) {  // what a command asked for comes first
    const double deadline = ctx.now() + std::max(0.0, std::min(ctx.frame_budget, ctx.budget_limit));
    if (Status s = run_pending(&ctx, deadline, false); !s) ctx.error(s.message);
    if (pending_steps_ > 0) return;
  }
  const int cap = steps_per_frame > 0 ? steps_per_frame : INT_MAX;
  int n = 0;
  while (ctx.time_left()) {
    if (job_.active) {
      eval_chunk(kEvalChunk);
      continue;
    }
    if (!playing_ || n >= cap) break;
    if (target_epoch_ >= 0 && session_->epoch() >= target_epoch_) {
      playing_ = false;
      break;
    }
    const int before = session_->epoch();
    Status s = timed_step();
    if (!s) {
      diverged_ = s.message;
      playing_ = false;
      ctx.error(s.message);
      break;
    }
    ++n;
    if (session_->epoch() != before) begin_eval(session_->epoch(), session_->epochs().back().loss);
  }
}

void ClassifierTrainer::update(AppContext& ctx) {
  if (!session_) return;
  if (is_2d() && regions) {
    if (!grid_.busy() && grid_step_ != session_->steps() && !job_.active) start_regions();
    grid_.advance(ctx, [this](const Matrix<float>& p, int* l, float* c) { grid_classify(p, l, c); }, kRegionsSlice);
  }
  train_steps(ctx);
}

void ClassifierTrainer::draw_controls(AppContext& ctx, const std::function<void()>& on_reset) {
  if (!session_) {
    ImGui::TextDisabled("no model yet");
    return;
  }
  if (playing_) {
    if (ImGui::Button("Pause")) pause();
  } else {
    ImGui::BeginDisabled(session_->diverged());
    if (ImGui::Button("Play")) play();
    ImGui::EndDisabled();
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(session_->diverged());
  if (ImGui::Button("Step")) ctx.check(step(1));
  ImGui::SameLine();
  if (ImGui::Button("+1 epoch")) play(1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Reset")) on_reset();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::SliderInt("steps/frame", &steps_per_frame, 0, 200, steps_per_frame == 0 ? "max" : "%d");
  help_marker(
      "Training runs a few mini-batch steps every frame, within the frame's time budget, so the window stays "
      "responsive. 'max' uses the whole budget; a small number slows training down so you can watch the "
      "decision boundary move. Each epoch's end measures the accuracy on the train, validation and test sets.");
  const TrainingSession& s = *session_;
  // Before the first step there is no mini-batch loss yet: "-" rather than a misleading 0.
  char loss_text[32] = "-";
  if (!s.step_losses().empty()) std::snprintf(loss_text, sizeof loss_text, "%.4f", s.step_losses().back());
  ImGui::Text("step %ld   epoch %d (batch %d/%d)   loss %s", s.steps(), s.epoch(), s.batch_in_epoch(),
              s.batches_per_epoch(), loss_text);
  if (!records_.empty()) {
    const EvalRecord& r = latest_;
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kTrainColor), "  train %.1f%%", 100 * r.train_acc);
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kValColor), "val %.1f%%", 100 * r.val_acc);
    ImGui::SameLine();
    ImGui::TextDisabled("(epoch %d)", r.epoch);
  }
  // The test set is used once, at the end: hidden until asked for, every use counted.
  ImGui::BeginDisabled(session_->diverged() || job_.active);
  if (ImGui::SmallButton("Final test")) evaluate_test();
  ImGui::EndDisabled();
  help_marker(
      "The test set estimates how the finished model does on new data. Choose everything (the model, lambda, the "
      "learning rate, when to stop) on the validation accuracy; measure the test set once, at the end. Every "
      "measurement that influences a choice makes the test accuracy an optimistic estimate, so the uses are "
      "counted here.");
  ImGui::SameLine();
  if (test_.measured)
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kTestColor), "test %.1f%% at step %ld", 100 * test_.acc,
                       test_.step);
  else
    ImGui::TextDisabled("test: hidden until a final evaluation");
  ImGui::SameLine();
  ImGui::TextDisabled("(test set used %d time%s)", test_uses_, test_uses_ == 1 ? "" : "s");
  if (!diverged_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
    ImGui::TextWrapped("Diverged: %s", diverged_.c_str());
    ImGui::PopStyleColor();
  }
}

PlaneDrawing ClassifierTrainer::draw_regions(const char* id, float side) {
  if (!data_ || !is_2d()) return {};
  const Texture* tex = regions ? grid_image_.texture(grid_, data_->train.num_classes) : nullptr;
  const PlaneBox box = grid_.version() > 0 ? grid_.box() : fit_plane(data_->train);
  plane_ = draw_plane(id, side, box, tex, &data_->train, &data_->test);
  plane_drawn_ = true;
  return plane_;
}

// Rebuilds the plotted series only when they changed: the per-step loss grows by appending (a
// long run has 10^5 points; copying them every frame would be the frame's biggest cost).
void ClassifierTrainer::refresh_series() {
  const TrainingSession& s = *session_;
  if (loss_series_.empty() || series_session_ != session_.get()) {
    loss_series_.assign(3, PlotSeries());
    acc_series_.assign(3, PlotSeries());
    loss_series_[0].color = kStepColor;
    loss_series_[0].label = "mini-batch";
    loss_series_[0].thickness = 1.0f;
    const char* loss_names[3] = {"", "train (epoch)", "val"};
    const char* acc_names[3] = {"train", "val", ""};  // no test curve: the test set is not watched
    const uint32_t colors[3] = {kTrainColor, kValColor, kTestColor};
    for (int k = 0; k < 3; ++k) {
      if (k > 0) {
        loss_series_[size_t(k)].label = loss_names[k];
        loss_series_[size_t(k)].color = colors[k - 1];
        loss_series_[size_t(k)].thickness = 2.0f;
      }
      acc_series_[size_t(k)].label = acc_names[k];
      acc_series_[size_t(k)].color = colors[k];
      acc_series_[size_t(k)].thickness = 2.0f;
    }
    series_session_ = session_.get();
    series_records_ = static_cast<size_t>(-1);
  }
  PlotSeries& steps = loss_series_[0];
  const std::vector<float>& l = s.step_losses();
  for (size_t i = steps.y.size(); i < l.size(); ++i) {
    steps.x.push_back(static_cast<float>(i + 1));
    steps.y.push_back(l[i]);
  }
  if (series_records_ == records_.size()) return;
  series_records_ = records_.size();
  const bool small = records_.size() < 30;
  const bool has_val = data_->val.size() > 0;
  loss_series_[2].label = has_val ? "val" : "";
  acc_series_[1].label = has_val ? "val" : "";
  for (int k = 1; k < 3; ++k) {
    PlotSeries& p = loss_series_[size_t(k)];
    p.x.clear();
    p.y.clear();
    p.markers = small;
    for (const EvalRecord& r : records_) {
      if (k == 2 && !has_val) continue;
      p.x.push_back(static_cast<float>(r.step));
      p.y.push_back(static_cast<float>(k == 1 ? r.train_loss : r.val_loss));
    }
  }
  for (int k = 0; k < 3; ++k) {
    PlotSeries& p = acc_series_[size_t(k)];
    p.x.clear();
    p.y.clear();
    p.markers = small;
    if ((k == 1 && !has_val) || k == 2) continue;
    for (const EvalRecord& r : records_) {
      p.x.push_back(static_cast<float>(r.epoch));
      p.y.push_back(static_cast<float>(k == 0 ? r.train_acc : r.val_acc));
    }
  }
}

void ClassifierTrainer::draw_curves(float width, float height) {
  if (!session_) return;
  refresh_series();
  PlotAxes la;
  la.title = "loss";
  la.xlabel = "step";
  const float half = (width - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  line_plot("loss", ImVec2(half, height), la, loss_series_);
  ImGui::SameLine();
  PlotAxes aa;
  aa.title = "accuracy";
  aa.xlabel = "epoch";
  aa.integer_x = true;
  aa.ymin = 0;
  aa.ymax = 1;
  line_plot("acc", ImVec2(half, height), aa, acc_series_);
}

void ClassifierTrainer::draw_confusion(float side) {
  if (!data_) return;
  const int C = data_->train.num_classes;
  std::vector<std::string> labels;
  for (int c = 0; c < C; ++c) labels.push_back(class_name(data_->train, c));
  confusion_matrix("confusion", ImVec2(side * 1.25f, side), confusion_, C, labels);
}

std::string ClassifierTrainer::curves_csv() const {
  std::ostringstream o;
  o << "kind,index,step,loss,val_loss,train_acc,val_acc\n";
  if (session_) {
    const std::vector<float>& l = session_->step_losses();
    for (size_t i = 0; i < l.size(); ++i) o << "step," << i + 1 << "," << i + 1 << "," << l[i] << ",,,\n";
  }
  for (const EvalRecord& r : records_)
    o << "epoch," << r.epoch << "," << r.step << "," << r.train_loss << "," << r.val_loss << "," << r.train_acc
      << "," << r.val_acc << "\n";
  return o.str();
}

nlohmann::json ClassifierTrainer::curves_json() const {
  nlohmann::json j;
  j["step_loss"] = session_ ? session_->step_losses() : std::vector<float>{};
  nlohmann::json e = nlohmann::json::array();
  for (const EvalRecord& r : records_)
    e.push_back({{"epoch", r.epoch},
                 {"step", r.step},
                 {"train_loss", r.train_loss},
                 {"val_loss", r.val_loss},
                 {"train_acc", r.train_acc},
                 {"val_acc", r.val_acc}});
  j["epochs"] = e;
  return j;
}

void ClassifierTrainer::state(nlohmann::json& out) const {
  out["ready"] = session_ != nullptr;
  if (!session_) return;
  const TrainingSession& s = *session_;
  out["step"] = s.steps();
  out["epoch"] = s.epoch();
  out["batches_per_epoch"] = s.batches_per_epoch();
  out["batch"] = desc.batch;
  out["last_loss"] = s.step_losses().empty() ? nlohmann::json(nullptr) : nlohmann::json(s.step_losses().back());
  out["playing"] = playing_;
  out["diverged"] = s.diverged();
  if (!diverged_.empty()) out["diverged_message"] = diverged_;
  out["optimizer"] = optimizer_name(desc.optimizer.kind);
  out["lr"] = desc.optimizer.lr;
  out["seed"] = desc.seed;
  out["init_scale"] = init_scale;
  out["evaluations"] = records_.size();
  if (!records_.empty() || latest_.step > 0) {
    const EvalRecord& r = latest_;
    out["eval_step"] = r.step;
    out["eval_epoch"] = r.epoch;
    out["train_acc"] = r.train_acc;
    out["val_acc"] = r.val_acc;
    out["train_loss"] = r.train_loss;
    out["val_loss"] = r.val_loss;
  }
  out["evaluating"] = job_.active;
  if (is_2d()) {
    out["regions_version"] = grid_.version();
    out["regions_step"] = grid_step_;
    out["regions_busy"] = grid_.busy();
    if (grid_.version() > 0) {
      const std::vector<int> counts = grid_.label_counts(data_->train.num_classes);
      out["regions_counts"] = std::vector<int>(counts.begin() + 1, counts.end());
    }
  }
  if (plane_drawn_ && is_2d()) {
    // Screen rectangle of the plane and of the first train points (for pixel tests).
    plane_.state(data_->train, out);
    out["plane_box"] = {plane_.box.x0, plane_.box.x1, plane_.box.y0, plane_.box.y1};
  }
  if (confusion_epoch_ >= 0) {
    out["confusion_epoch"] = confusion_epoch_;
    out["confusion_set"] = confusion_set_;
    out["confusion"] = confusion_;
  }
  out["test_uses"] = test_uses_;
  if (test_.measured) out["final_test"] = {{"test_acc", test_.acc}, {"step", test_.step}, {"epoch", test_.epoch}};
}

}  // namespace descent::ui

namespace descent::ui {

bool parse_widths(const std::string& s, std::vector<int>* out) {
  Result<settings::Value> v = settings::parse_value(model_schema().find("hidden")->spec, s);
  if (!v) return false;
  out->assign(v->list.begin(), v->list.end());
  return true;
}

const char* const kOptimizerHelp =
    "Mini-batch gradient descent: each step takes `batch` training examples (0 = all of them), computes the loss "
    "gradient by backprop and moves the weights by the optimizer's rule with learning rate lr (the lecture's λ). "
    "The seed fixes the initial weights and the order of the mini-batches, so a run is reproducible. Changing a "
    "setting restarts training from the same seed. Regularisation adds lambda * R(W) to the data loss: L2 (sum of "
    "W²) spreads weight over all inputs, L1 (sum of |W|) pulls weights towards zero (plain SGD on |W| does not "
    "reach exactly zero), elastic net mixes both; biases are not regularised.";

}  // namespace descent::ui
