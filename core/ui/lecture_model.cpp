// lecture_model.cpp: the Lecture view's state, inputs, data, commands and JSON (lecture_model.h).
#include "core/ui/lecture_model.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <utility>

#include "core/ui/settings_json.h"
#include "core/ui/classifier_trainer.h"  // parse_widths

namespace descent::ui {

namespace {
using namespace descent::lecture;

constexpr int kKnnSlice = 4;  // queries per kNN-timing slice (a frame runs as many as its budget allows)

// key=a,b,c as numbers; `count` values exactly (0 = any number, at least one).
Result<std::vector<double>> number_list(const CommandArgs& a, const std::string& key, size_t count) {
  std::vector<double> out;
  std::stringstream ss(a.options.at(key));
  std::string item;
  while (std::getline(ss, item, ',')) {
    char* end = nullptr;
    const double v = std::strtod(item.c_str(), &end);
    if (item.empty() || end == item.c_str() || *end != '\0' || !std::isfinite(v))
      return make_error(ErrorCode::Usage, a.command + ": " + key + " must be numbers separated by commas (got '" +
                                              a.options.at(key) + "')");
    out.push_back(v);
  }
  if (out.empty() || (count > 0 && out.size() != count))
    return make_error(ErrorCode::Usage, a.command + ": " + key + " needs " +
                                            (count ? std::to_string(count) : std::string("at least one")) + " values");
  return out;
}

Result<std::vector<int>> integer_list(const CommandArgs& a, const std::string& key, size_t count) {
  Result<std::vector<double>> v = number_list(a, key, count);
  if (!v) return v.status();
  std::vector<int> out;
  for (double d : *v) {
    if (d != std::floor(d) || std::fabs(d) > 1e9)
      return make_error(ErrorCode::Usage, a.command + ": " + key + " must be whole numbers");
    out.push_back(int(d));
  }
  return out;
}

// Applies key=list to `v` when present.
Status take_list(const CommandArgs& a, const std::string& key, size_t count, std::vector<double>* v) {
  if (!a.has(key)) return Status::ok();
  Result<std::vector<double>> r = number_list(a, key, count);
  if (!r) return r.status();
  *v = *r;
  return Status::ok();
}

template <typename T>
Status take_number(const CommandArgs& a, const std::string& key, T* v) {
  Result<double> r = a.number(key, double(*v));
  if (!r) return r.status();
  *v = T(*r);
  return Status::ok();
}

Status take_integer(const CommandArgs& a, const std::string& key, int* v) {
  Result<int> r = a.integer(key, *v);
  if (!r) return r.status();
  *v = *r;
  return Status::ok();
}

// Keeps the first error of a sequence of steps.
struct FirstError {
  Status s;
  FirstError& operator<<(const Status& next) {
    if (s && !next) s = next;
    return *this;
  }
};

bool is_image_set(const std::string& name) {
  return name == "fashion-mnist" || name == "mnist" || name == "cifar10" || name.rfind("upload-", 0) == 0;
}

// Loads `want` into slot unless it is there; once, and again only after a download it waited for.
// Never from a command or while drawing (a pending download would then repeat those).
bool ensure_data(DataSlot& slot, const std::string& want, bool* tried, bool* waiting, std::string* note,
                 AppContext& ctx) {
  if (slot.get() && slot.choice.name == want) return true;
  if (*tried && !(*waiting && !ctx.fetching(want))) return false;
  *tried = true;
  DataChoice c = slot.choice;
  c.name = want;
  const Status s = slot.pick(&ctx, c);
  *waiting = !s && ctx.fetching(want);
  if (s) {
    note->clear();
    return true;
  }
  *note = s.message;
  if (!*waiting) ctx.error(s.message);
  return false;
}
}  // namespace

LectureModel::LectureModel() {
  images_.choice.name = "fashion-mnist";
  toy_.choice.name = "spiral";
  reset_inputs();
}

void LectureModel::reset_inputs() {
  distance_ = *image_distance(4, 4, kLectureTestImage, kLectureTrainImage);
  linear_ = *linear_scores(lecture_linear_inputs());
  softmax_ = *softmax_example(kLectureSoftmaxScores, 0, kLectureLossClasses);
  svm_ = *svm_example(lecture_svm_inputs());
  reg_ = *regularization_example(lecture_regularization_inputs());
  fd_ = *lecture::finite_difference({});
  torch_ = *torch_linear(torch_linear_inputs(1));
  momentum_ = *momentum_forms(lecture_momentum_inputs());
  layers_ = *layers_example(lecture_layers_inputs());
  cv_in_ = ChooseKInputs();
  cv_.reset();
  toy_version_ = -1;
  touch();
}

Status LectureModel::set_chapter(int n) {
  if (n < 1 || n > kChapters) return make_error(ErrorCode::Usage, "lecture chapter: give 1..10");
  chapter_ = n;
  touch();
  return Status::ok();
}

const Chapter& LectureModel::current() const { return *lecture_chapter(chapter_); }

std::vector<std::string> LectureModel::open_commands(int n) {
  switch (n) {
    case 1: return {"data fashion-mnist", "view data"};
    case 2: return {"data fashion-mnist", "knn k=1 metric=l1", "view data"};
    case 3: return {"data spiral", "knn cv", "view data"};
    case 4: return {"linear data=fashion-mnist model=softmax", "view linear"};
    case 5: return {"linear data=spiral model=softmax", "view linear"};
    case 6: return {"linear data=fashion-mnist model=softmax reg=l2 lambda=0.001", "view linear"};
    case 7: return {"gradcheck data=spiral model=softmax", "view gradcheck"};
    case 8: return {"linear data=fashion-mnist model=softmax optimizer=sgd lr=0.1 batch=32", "view linear"};
    case 9: return {"surface quadratic", "eigen 1 100", "view lab"};
    case 10: return {"network data=spiral hidden=64,64 activation=relu", "view network"};
    default: return {};
  }
}

const char* LectureModel::open_label(int n) {
  switch (n) {
    case 1: case 2: case 3: return "Open the Data & kNN view";
    case 4: case 5: case 6: case 8: return "Open the Linear classifier view";
    case 7: return "Open the Gradient check view";
    case 9: return "Open the Optimisation lab";
    case 10: return "Open the Neural network view";
    default: return "";
  }
}

Status LectureModel::open(int n) {
  if (n < 1 || n > kChapters) return make_error(ErrorCode::Usage, "lecture open: give a chapter 1..10");
  if (!registry_) return make_error(ErrorCode::Internal, "lecture open: no command registry");
  FirstError first;
  for (const std::string& line : open_commands(n)) {
    // As App::run does: the line is the origin, so a data set still downloading repeats it on arrival.
    std::string outer;
    if (ctx_) outer = std::exchange(ctx_->origin, line);
    Status s = registry_->run(line);
    if (ctx_) ctx_->origin = outer;
    const bool downloading = !s && s.code == ErrorCode::NotFound && ctx_ && ctx_->fetching("fashion-mnist");
    if (!downloading) first << s;
  }
  return first.s;
}

// ---- inputs ----

Status LectureModel::set_pixels(const std::string& set, int index) {
  if (!is_image_set(set))
    return make_error(ErrorCode::Usage, "lecture pixels: '" + set + "' is not an image set; use fashion-mnist, mnist, "
                                                                     "cifar10 or an uploaded set");
  if (index < 0) return make_error(ErrorCode::Usage, "lecture pixels: index must be 0 or more");
  if (images_.get() && images_.choice.name == set && index >= images_.get()->train.size())
    return make_error(ErrorCode::Usage, "lecture pixels: index must be 0.." + std::to_string(images_.get()->train.size() - 1));
  if (set != images_.choice.name || !images_.get()) {
    tried_images_ = false;  // update() loads it
    images_want_ = set;
  }
  pixel_index_ = index;
  recompute_pixels();
  touch();
  return Status::ok();
}

Status LectureModel::set_images(const std::vector<int>& test, const std::vector<int>& train) {
  return keep(image_distance(4, 4, test, train), &distance_);
}

Status LectureModel::set_linear(const LinearInputs& in) { return keep(linear_scores(in), &linear_); }

Status LectureModel::set_softmax(const std::vector<double>& scores, int label) {
  return keep(softmax_example(scores, label, softmax_.classes), &softmax_);
}

Status LectureModel::set_svm(const SvmInputs& in) { return keep(svm_example(in), &svm_); }

Status LectureModel::set_regularization(const RegularizationInputs& in) { return keep(regularization_example(in), &reg_); }

Status LectureModel::set_finite_difference(const FiniteDifferenceInputs& in) { return keep(lecture::finite_difference(in), &fd_); }

Status LectureModel::set_torch(const TorchLinearInputs& in) { return keep(torch_linear(in), &torch_); }

Status LectureModel::set_momentum(const MomentumFormsInputs& in) { return keep(momentum_forms(in), &momentum_); }

Status LectureModel::set_layers(const LayersInputs& in) { return keep(layers_example(in), &layers_); }

Status LectureModel::set_cv(const ChooseKInputs& in) {
  if (in.ks.empty() || in.folds < 2 || in.folds > 20)
    return make_error(ErrorCode::Usage, "lecture cv: give at least one k and 2..20 folds");
  for (int k : in.ks)
    if (k < 1 || k > 1000) return make_error(ErrorCode::Usage, "lecture cv: each k must be 1..1000");
  cv_in_ = in;
  cv_.reset();
  toy_version_ = -1;  // update() recomputes it on the loaded spiral
  touch();
  return Status::ok();
}

Status LectureModel::set_batch(const BatchComparisonDesc& desc) {
  if (desc.batch < 1 || desc.batch > 100000) return make_error(ErrorCode::Usage, "lecture batch: batch must be 1..100000");
  if (desc.epochs < 1 || desc.epochs > 100) return make_error(ErrorCode::Usage, "lecture batch: epochs must be 1..100");
  if (Status s = validate_optimizer(desc.optimizer); !s) return s;
  batch_desc_ = desc;
  batch_.reset();  // update() starts it again
  touch();
  return Status::ok();
}

Status LectureModel::set_knn_time(int queries) {
  if (queries < 1 || queries > 2000) return make_error(ErrorCode::Usage, "lecture knn-time: queries must be 1..2000");
  knn_queries_ = queries;
  timer_.reset();  // update() starts it again
  touch();
  return Status::ok();
}

// ---- data ----

void LectureModel::recompute_pixels() {
  pixels_.reset();
  const DataSplits* d = images_.get();
  if (!d || images_.choice.name != (images_want_.empty() ? images_.choice.name : images_want_)) return;
  Result<PixelsExample> p = pixels_example(d->train, std::min(pixel_index_, d->train.size() - 1));
  if (p) pixels_ = std::make_unique<PixelsExample>(std::move(*p));
}

void LectureModel::start_knn_time() {
  std::shared_ptr<const DataSplits> d = images_.shared();
  timer_ = std::make_unique<KnnTimer>(d, KnnTimeDesc{.sizes = knn_time_sizes(d->train.size()), .queries = knn_queries_});
}

void LectureModel::start_batch() { batch_ = std::make_unique<BatchComparison>(images_.shared(), batch_desc_); }

void LectureModel::update(AppContext& ctx, bool shown) {
  ctx_ = &ctx;
  if (!shown) return;
  const bool needs_images = chapter_ == 1 || chapter_ == 2 || chapter_ == 8;
  if (needs_images) {
    const std::string want = images_want_.empty() ? images_.choice.name : images_want_;
    if (ensure_data(images_, want, &tried_images_, &waiting_images_, &data_note_, ctx)) images_want_.clear();
    else if (!waiting_images_ && tried_images_) images_want_.clear();  // a failed pick keeps the old set
  }
  if (images_.get() && images_.version() != images_version_) {  // new data: every image example restarts
    images_version_ = images_.version();
    recompute_pixels();
    timer_.reset();
    batch_.reset();
    touch();
  }
  if (chapter_ == 3 && ensure_data(toy_, "spiral", &tried_toy_, &waiting_toy_, &data_note_, ctx) &&
      toy_.version() != toy_version_) {
    toy_version_ = toy_.version();
    Result<ChooseK> r = choose_k(*toy_.get(), cv_in_);
    if (r) cv_ = std::make_unique<ChooseK>(std::move(*r));
    else ctx.error(r.status().message);
    touch();
  }
  if (!images_.get() || !images_want_.empty()) return;
  if (chapter_ == 2) {
    if (!timer_) start_knn_time();
    if (!timer_->status()) return;
    bool moved = false;
    while (!timer_->done() && ctx.time_left()) {
      timer_->advance(kKnnSlice);
      moved = true;
    }
    if (moved) touch();
  }
  if (chapter_ == 8) {
    if (!batch_) start_batch();
    bool moved = false;
    while (!batch_->done() && ctx.time_left()) {
      batch_->advance();
      moved = true;
    }
    if (!batch_->status()) data_note_ = batch_->status().message;
    if (moved) touch();
  }
}

// ---- commands ----

void LectureModel::register_commands(CommandRegistry& registry, AppContext* ctx) {
  registry_ = &registry;
  ctx_ = ctx;
  registry.add("lecture",
               "lecture chapter N (1..10) | lecture open [N] (the chapter's full view) | lecture pixels [data=NAME "
               "index=N] | lecture images [test=16 values train=16 values] | lecture knn-time [queries=N] (measure "
               "again) | lecture cv [folds=N ks=1,3,5] | lecture linear [x=4 values w=12 values b=3 values] | "
               "lecture softmax [scores=a,b,c label=N] | lecture svm [example=I scores=a,b,c] | lecture reg [x=.. "
               "w1=.. w2=.. beta=F] | lecture fd [w=F h=F lr=F] | lecture torch [x=F target=1|2 h=F seed=N "
               "weight=a,b bias=a,b] | lecture batch [batch=N epochs=N lr=F] | lecture momentum [lr=F a=F steps=N] "
               "| lecture layers [hidden=64,64 seed=N] | lecture reset (the lecture's inputs)",
               [this](const CommandArgs& a) { return command(a); });
}

const settings::Schema<LectureSettings>& lecture_schema() {
  static const settings::Schema<LectureSettings> schema(
      "lecture", {settings::number_field(
                     settings::Spec{.key = "chapter", .type = settings::Type::Integer, .lo = 1,
                                    .hi = LectureModel::kChapters, .help = "the lecture's chapter shown, in its order"},
                     &LectureSettings::chapter, 1)});
  return schema;
}

Status LectureModel::command(const CommandArgs& a) {
  if (a.words.empty()) {
    if (a.options.empty())
      return make_error(ErrorCode::Usage, "lecture: say what, e.g. 'lecture chapter 5'; 'help' lists it");
    LectureSettings n{chapter_};
    if (Status s = apply_options(lecture_schema(), n, a); !s) return s;
    return set_chapter(n.chapter);
  }
  const std::string& sub = a.words[0];
  if (sub == "chapter") {
    if (Status s = a.expect(2, 2, "lecture chapter N"); !s) return s;
    return command(*parse_command("lecture chapter=" + a.words[1]));
  }
  if (sub == "open") {
    Result<int> n = a.optional_word_integer(1, "chapter number", chapter_, 1, kChapters);
    if (!n) return n.status();
    return open(*n);
  }
  if (sub == "reset") {
    reset_inputs();
    return Status::ok();
  }
  if (sub == "pixels") {
    int index = pixel_index_;
    if (Status s = take_integer(a, "index", &index); !s) return s;
    const std::string set = a.has("data") ? a.options.at("data") : images_.choice.name;
    return set_pixels(set, index);
  }
  if (sub == "images") {
    std::vector<double> test(distance_.test.begin(), distance_.test.end());
    std::vector<double> train(distance_.train.begin(), distance_.train.end());
    FirstError e;
    e << take_list(a, "test", 16, &test) << take_list(a, "train", 16, &train);
    if (!e.s) return e.s;
    std::vector<int> ti, tr;
    for (double v : test) ti.push_back(int(v));
    for (double v : train) tr.push_back(int(v));
    for (size_t i = 0; i < 16; ++i)
      if (double(ti[i]) != test[i] || double(tr[i]) != train[i])
        return make_error(ErrorCode::Usage, "lecture images: pixel values are whole numbers 0..255");
    return set_images(ti, tr);
  }
  if (sub == "knn-time") {
    int q = knn_queries_;
    if (Status s = take_integer(a, "queries", &q); !s) return s;
    return set_knn_time(q);
  }
  if (sub == "cv") {
    ChooseKInputs in = cv_in_;
    if (Status s = take_integer(a, "folds", &in.folds); !s) return s;
    if (a.has("ks")) {
      Result<std::vector<int>> ks = integer_list(a, "ks", 0);
      if (!ks) return ks.status();
      in.ks = *ks;
    }
    return set_cv(in);
  }
  if (sub == "linear") {
    LinearInputs in = linear_.in;
    FirstError e;
    e << take_list(a, "x", in.x.size(), &in.x) << take_list(a, "w", in.W.size(), &in.W)
      << take_list(a, "b", in.b.size(), &in.b);
    if (!e.s) return e.s;
    return set_linear(in);
  }
  if (sub == "softmax") {
    std::vector<double> scores = softmax_.scores;
    int label = softmax_.label;
    FirstError e;
    e << take_list(a, "scores", scores.size(), &scores) << take_integer(a, "label", &label);
    if (!e.s) return e.s;
    return set_softmax(scores, label);
  }
  if (sub == "svm") {
    SvmInputs in = svm_.in;
    int example = 0;
    if (Status s = take_integer(a, "example", &example); !s) return s;
    if (example < 0 || example >= int(in.scores.size()))
      return make_error(ErrorCode::Usage, "lecture svm: example must be 0.." + std::to_string(in.scores.size() - 1));
    if (Status s = take_list(a, "scores", in.scores[size_t(example)].size(), &in.scores[size_t(example)]); !s) return s;
    return set_svm(in);
  }
  if (sub == "reg") {
    RegularizationInputs in = reg_.in;
    FirstError e;
    e << take_list(a, "x", in.x.size(), &in.x) << take_list(a, "w1", in.w1.size(), &in.w1)
      << take_list(a, "w2", in.w2.size(), &in.w2) << take_number(a, "beta", &in.beta);
    if (!e.s) return e.s;
    return set_regularization(in);
  }
  if (sub == "fd") {
    FiniteDifferenceInputs in = fd_.in;
    FirstError e;
    e << take_number(a, "w", &in.w) << take_number(a, "h", &in.h) << take_number(a, "lr", &in.lr);
    if (!e.s) return e.s;
    return set_finite_difference(in);
  }
  if (sub == "torch") {
    TorchLinearInputs in = torch_.in;
    if (a.has("seed")) {  // a fresh draw of nn.Linear's reset, keeping x, target and h
      int seed = 0;
      if (Status s = take_integer(a, "seed", &seed); !s) return s;
      if (seed < 0) return make_error(ErrorCode::Usage, "lecture torch: seed must be 0 or more");
      const TorchLinearInputs drawn = torch_linear_inputs(uint32_t(seed));
      in.weight = drawn.weight;
      in.bias = drawn.bias;
      in.seed = drawn.seed;
    }
    FirstError e;
    e << take_number(a, "x", &in.x) << take_integer(a, "target", &in.target) << take_number(a, "h", &in.h)
      << take_list(a, "weight", 2, &in.weight) << take_list(a, "bias", 2, &in.bias);
    if (!e.s) return e.s;
    return set_torch(in);
  }
  if (sub == "batch") {
    BatchComparisonDesc d = batch_desc_;
    FirstError e;
    e << take_integer(a, "batch", &d.batch) << take_integer(a, "epochs", &d.epochs) << take_number(a, "lr", &d.optimizer.lr);
    if (!e.s) return e.s;
    return set_batch(d);
  }
  if (sub == "momentum") {
    MomentumFormsInputs in = momentum_.in;
    FirstError e;
    e << take_number(a, "lr", &in.lr) << take_number(a, "a", &in.a) << take_integer(a, "steps", &in.steps);
    if (!e.s) return e.s;
    return set_momentum(in);
  }
  if (sub == "layers") {
    LayersInputs in = layers_.in;
    if (a.has("hidden")) {
      if (!parse_widths(a.options.at("hidden"), &in.model.hidden))
        return make_error(ErrorCode::Usage, "lecture layers: hidden must be 1 to 8 widths like 64,64 (each 1..4096)");
    }
    int seed = int(in.seed);
    if (Status s = take_integer(a, "seed", &seed); !s) return s;
    if (seed < 0) return make_error(ErrorCode::Usage, "lecture layers: seed must be 0 or more");
    in.seed = uint32_t(seed);
    return set_layers(in);
  }
  return make_error(ErrorCode::Usage, "lecture: unknown sub-command '" + sub +
                                          "'; use chapter, open, pixels, images, knn-time, cv, linear, softmax, svm, "
                                          "reg, fd, torch, batch, momentum, layers or reset");
}

void LectureModel::state(nlohmann::json& out) const {
  out["settings"] = settings_json(lecture_schema(), LectureSettings{chapter_});
  out["chapter"] = chapter_;
  out["title"] = current().title;
  out["chapters"] = kChapters;
  nlohmann::json ex = nlohmann::json::object();
  if (pixels_) ex["pixels"] = example_json(*pixels_, false);
  ex["l1-distance"] = example_json(distance_);
  if (timer_) ex["knn-time"] = example_json(*timer_, images_.choice.name);
  if (cv_) ex["cross-validation"] = example_json(*cv_, "spiral");
  ex["linear-4-pixel"] = example_json(linear_);
  ex["softmax"] = example_json(softmax_);
  ex["svm"] = example_json(svm_);
  ex["regularization"] = example_json(reg_);
  ex["finite-difference"] = example_json(fd_);
  ex["torch-linear"] = example_json(torch_);
  if (batch_) ex["batch-vs-minibatch"] = example_json(*batch_, images_.choice.name);
  ex["momentum-forms"] = example_json(momentum_);
  ex["layers"] = example_json(layers_);
  out["examples"] = ex;
  out["data_note"] = data_note_;
  if (timer_) out["knn_time_progress"] = timer_->progress();
  if (batch_) out["batch_progress"] = batch_->progress();
}

}  // namespace descent::ui
