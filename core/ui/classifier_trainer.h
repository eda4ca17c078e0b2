// classifier_trainer.h: what the linear and the network views share: a TrainingSession driven
// frame by frame (play / pause / step / reset, steps while ctx.time_left()), the lecture's curves
// (per-step loss; per-epoch loss and train / val accuracy, measured in chunks over frames at each
// epoch's end), a validation confusion matrix, the test set used once at the end (a final
// evaluation, hidden until asked for and counted), and, on 2-D data, the decision regions
// re-drawn from a snapshot of the weights every few steps. Not a view: the views own the panels.
// Usage: t.desc.model.kind = ModelKind::SVM; t.reset(data);  t.play();  each frame: t.update(ctx);
//        in draw(): t.draw_controls(ctx); t.draw_regions("r", 400); t.draw_curves(200);
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compute/compute_device.h"
#include "core/train/session.h"
#include "core/ui/command.h"
#include "core/ui/app_context.h"
#include "core/ui/decision_regions.h"
#include "core/ui/plot.h"

namespace descent::ui {

// The measurements at one epoch's end (epoch 0: the initial weights).
struct EvalRecord {
  int epoch = 0;
  long step = 0;
  double train_loss = 0;  // the epoch's mean mini-batch loss (epoch 0: measured on train)
  double val_loss = 0;    // data + regularisation on the validation set (0 if it is empty)
  double train_acc = 0, val_acc = 0;
};

class ClassifierTrainer {
 public:
  TrainDesc desc;             // edited by the view; takes effect at reset()
  int steps_per_frame = 0;    // 0 = as many as the frame's budget allows
  bool regions = true;        // draw decision regions on 2-D data
  int regions_res = 128;
  // Multiplies the initial weights (not biases) after reset; the linear view uses 0.01 (the
  // lecture's "small random numbers"), so W's templates show what was learned, not the init noise.
  double init_scale = 1.0;
  // Where the next reset()'s session steps (null: the host's kernels): a compute device the app
  // holds (AppContext::devices), used through TrainingSession's StepBackend.
  compute::ComputeDevice* device = nullptr;
  // The mean seconds per training step since the last reset() (0 before a step).
  double seconds_per_step() const { return timed_steps_ > 0 ? step_seconds_ / double(timed_steps_) : 0.0; }

  // Starts a new session on `data` from `desc` (fresh weights from desc.seed). Errors (a bad
  // optimizer setting, no data): nothing changes.
  Status reset(std::shared_ptr<const DataSplits> data);
  bool ready() const { return session_ != nullptr; }
  // Plays until pause(), or for `epochs` more epochs when epochs > 0.
  void play(int epochs = 0);
  void pause() { playing_ = false; }
  bool playing() const { return playing_; }
  // n steps (and the evaluations of any epoch they finish); pauses. With a context, as many as fit
  // in a command's time (AppContext::command_deadline) run now and the rest in the next frames'
  // budgets, busy() meanwhile; without one, all of them now. A divergence stops them (its error is
  // returned, or posted when it happens in a frame).
  Status step(int n, const AppContext* ctx = nullptr);
  bool busy() const { return pending_steps_ > 0; }
  long pending_steps() const { return pending_steps_; }
  // A frame's work: pending evaluation first, then a slice of the regions, then training.
  void update(AppContext& ctx);
  // Finishes pending evaluations and the regions pass now (commands that must see results).
  void settle();
  // Measures train / val accuracy and the validation confusion matrix of the current weights now
  // (in chunks over the next frames), without adding a point to the curves.
  void evaluate_now();
  // The final evaluation: the test set's accuracy and confusion matrix of the current weights (in
  // chunks over the next frames; settle() finishes it). Each call is one more use of the test set.
  void evaluate_test();
  // The last final evaluation (measured false until one ran on the current run's weights).
  struct FinalTest {
    bool measured = false;
    double acc = 0;
    long step = 0;
    int epoch = 0;
  };
  const FinalTest& final_test() const { return test_; }
  int test_uses() const { return test_uses_; }

  TrainingSession* session() { return session_.get(); }
  const TrainingSession* session() const { return session_.get(); }
  const std::vector<EvalRecord>& records() const { return records_; }
  size_t num_params() const { return session_ ? session_->network().params().size() : 0; }
  const EvalRecord& latest() const { return latest_; }
  // Counts (C, C) of (true row, predicted column) on the validation set at the last epoch's end, or
  // on the test set after a final evaluation.
  const std::vector<int>& confusion() const { return confusion_; }
  int confusion_epoch() const { return confusion_epoch_; }
  const std::string& confusion_set() const { return confusion_set_; }  // "validation" or "test"
  const RegionGrid& region_grid() const { return grid_; }
  const std::string& diverged_message() const { return diverged_; }
  bool is_2d() const;

  // Play / pause / step / reset buttons, steps-per-frame, and a status line. `on_reset` is what
  // the Reset button does (the view rebuilds its settings into desc, then calls reset()).
  void draw_controls(AppContext& ctx, const std::function<void()>& on_reset);
  // The decision regions with the train (discs) and test (rings) points; returns where.
  PlaneDrawing draw_regions(const char* id, float side);
  // Loss (per step, per epoch train and val) and accuracy (train / val / test per epoch) plots.
  void draw_curves(float width, float height);
  void draw_confusion(float side);

  std::string curves_csv() const;
  nlohmann::json curves_json() const;
  void state(nlohmann::json& out) const;

 private:
  struct EvalJob {
    bool active = false;
    bool append = true;  // add the result to records_ (false: an on-demand measurement)
    int phase = 0;       // 0 train, 1 val, 2 test (a final evaluation measures only the test set)
    int last_phase = 1;
    int row = 0;
    long correct = 0;
    double loss_sum = 0;
    EvalRecord rec;
    std::vector<int> confusion;
  };
  void begin_eval(int epoch, double train_loss);
  // One chunk of the evaluation; returns true when it finished.
  bool eval_chunk(int rows);
  // The pending steps of step() until the deadline in ctx's time (no ctx: all of them), the
  // pending evaluation first (all of it, or until the deadline when !finish_evaluations).
  Status run_pending(const AppContext* ctx, double deadline, bool finish_evaluations);
  void start_regions();
  void grid_classify(const Matrix<float>& pts, int* labels, float* conf);
  void train_steps(AppContext& ctx);
  void refresh_series();

  std::shared_ptr<const DataSplits> data_;
  std::unique_ptr<TrainingSession> session_;
  double step_seconds_ = 0;  // time in session_->step() since reset(), and how many steps
  long timed_steps_ = 0;
  Status timed_step();
  std::vector<EvalRecord> records_;
  EvalRecord latest_;  // the last measurement, on demand or at an epoch's end
  std::vector<int> confusion_;
  int confusion_epoch_ = -1;
  std::string confusion_set_;
  FinalTest test_;
  int test_uses_ = 0;
  EvalJob job_;
  std::vector<int> pred_;
  bool playing_ = false;
  int target_epoch_ = -1;
  long pending_steps_ = 0;
  std::string diverged_;
  RegionGrid grid_;
  RegionImage grid_image_;
  Network<float> grid_net_;
  long grid_step_ = -1;
  std::vector<PlotSeries> loss_series_, acc_series_;  // what draw_curves plots, kept between frames
  const TrainingSession* series_session_ = nullptr;
  size_t series_records_ = 0;
  PlaneDrawing plane_;  // where draw_regions last drew (screen), for state()
  bool plane_drawn_ = false;
};

// "64,32" -> {64, 32} as the model table's `hidden` reads it (1 to 8 widths, each 1..4096); false
// (out unchanged) otherwise.
bool parse_widths(const std::string& s, std::vector<int>* out);

// What the classifier views' optimizer settings mean, for their help markers.
extern const char* const kOptimizerHelp;

}  // namespace descent::ui
