// examples_json.cpp: the worked examples as JSON objects (examples_json.h).
#include "core/lecture/examples_json.h"

#include <vector>

namespace descent::lecture {

namespace {
using nlohmann::json;

template <typename T>
json rows_of(const std::vector<T>& v, int rows, int cols) {
  json out = json::array();
  for (int r = 0; r < rows; ++r)
    out.push_back(std::vector<T>(v.begin() + size_t(r) * size_t(cols), v.begin() + size_t(r + 1) * size_t(cols)));
  return out;
}

json slide_json(const std::vector<SlideCheck>& checks) {
  json out = json::array();
  for (const SlideCheck& s : checks)
    out.push_back({{"what", s.what}, {"printed", s.printed}, {"computed", s.computed}, {"note", s.note}});
  return out;
}

json head(const char* name, int chapter) { return {{"example", name}, {"chapter", chapter}}; }
}  // namespace

json example_json(const PixelsExample& p, bool with_pixels) {
  json j = head("pixels", 1);
  j["set"] = p.set;
  j["index"] = p.index;
  j["label"] = p.label;
  j["class"] = p.class_name;
  j["height"] = p.height;
  j["width"] = p.width;
  j["channels"] = p.channels;
  j["numbers"] = p.numbers;
  j["arithmetic"] = std::to_string(p.height) + " x " + std::to_string(p.width) + " x " + std::to_string(p.channels) +
                    " = " + std::to_string(p.numbers);
  j["min"] = p.min;
  j["max"] = p.max;
  j["mean"] = p.mean;
  if (with_pixels) j["pixels"] = rows_of(p.bytes, p.height, p.width * p.channels);
  return j;
}

json example_json(const ImageDistance& d) {
  json j = head("l1-distance", 2);
  j["rows"] = d.rows;
  j["cols"] = d.cols;
  j["test"] = rows_of(d.test, d.rows, d.cols);
  j["train"] = rows_of(d.train, d.rows, d.cols);
  j["abs_diff"] = rows_of(d.abs_diff, d.rows, d.cols);
  j["l1"] = d.l1;
  j["l2_squared"] = d.l2_squared;
  j["l2"] = d.l2;
  return j;
}

json example_json(const KnnTimer& t, const std::string& set) {
  json j = head("knn-time", 2);
  j["set"] = set;
  j["k"] = t.desc().k;
  j["metric"] = metric_name(t.desc().metric);
  j["queries"] = t.queries();
  j["sizes"] = t.desc().sizes;
  std::vector<int> measured;
  std::vector<double> seconds, ms;
  for (const KnnTimePoint& p : t.points()) {
    measured.push_back(p.train_size);
    seconds.push_back(p.seconds);
    ms.push_back(p.ms_per_query);
  }
  j["measured_sizes"] = measured;
  j["seconds"] = seconds;
  j["ms_per_query"] = ms;
  const LineFit f = t.fit();
  j["fit"] = {{"slope_ms_per_image", f.slope}, {"intercept_ms", f.intercept}, {"r2", f.r2}, {"points", f.points}};
  j["done"] = t.done();
  return j;
}

json example_json(const ChooseK& c, const std::string& set) {
  json j = head("cross-validation", 3);
  j["set"] = set;
  j["train_size"] = c.train_size;
  j["test_size"] = c.test_size;
  j["folds"] = c.in.folds;
  j["ks"] = c.in.ks;
  json table = json::array();
  for (const CvCell& cell : c.table)
    table.push_back({{"k", cell.k}, {"metric", metric_name(cell.metric)}, {"cv_acc", cell.mean}, {"cv_std", cell.stddev}});
  j["table"] = table;
  j["best_k"] = c.best_k;
  j["best_metric"] = metric_name(c.best_metric);
  j["best_cv_acc"] = c.best_cv_accuracy;
  j["test_acc"] = c.test_accuracy;
  j["test_evaluations"] = 1;
  return j;
}

json example_json(const LinearScores& s) {
  json j = head("linear-4-pixel", 4);
  j["x"] = s.in.x;
  j["W"] = rows_of(s.in.W, s.classes, s.dims);
  j["b"] = s.in.b;
  j["classes"] = s.in.classes;
  j["wx"] = s.wx;
  j["scores"] = s.scores;
  j["predicted"] = s.in.classes[size_t(s.predicted)];
  j["slide"] = slide_json(s.slide);
  return j;
}

json example_json(const SoftmaxExample& s) {
  json j = head("softmax", 5);
  j["scores"] = s.scores;
  j["label"] = s.label;
  j["classes"] = s.classes;
  j["exp"] = s.exp;
  j["sum_exp"] = s.sum_exp;
  j["probabilities"] = s.probabilities;
  j["grad"] = s.grad;
  j["log_base"] = "e";
  j["loss_ln"] = s.loss_ln;
  j["loss_log10"] = s.loss_log10;
  j["loss_uniform"] = s.loss_uniform;
  j["loss_min"] = s.loss_min;
  j["loss_max"] = "infinity";
  j["slide"] = slide_json(s.slide);
  return j;
}

json example_json(const SvmExample& s) {
  json j = head("svm", 5);
  j["classes"] = s.in.classes;
  j["scores"] = s.in.scores;
  j["labels"] = s.in.labels;
  j["margin"] = s.margin;
  j["terms"] = s.terms;
  j["svm_loss"] = s.svm_loss;
  j["softmax_loss"] = s.softmax_loss;
  j["mean_svm"] = s.mean_svm;
  j["mean_softmax"] = s.mean_softmax;
  return j;
}

json example_json(const RegularizationExample& r) {
  json j = head("regularization", 6);
  j["x"] = r.in.x;
  j["w1"] = r.in.w1;
  j["w2"] = r.in.w2;
  j["beta"] = r.in.beta;
  j["scores"] = {r.score1, r.score2};
  j["l2"] = {r.l2_1, r.l2_2};
  j["l1"] = {r.l1_1, r.l1_2};
  j["elastic"] = {r.elastic_1, r.elastic_2};
  j["l2_prefers"] = r.l2_prefers;
  j["l1_prefers"] = r.l1_prefers;
  j["elastic_prefers"] = r.elastic_prefers;
  return j;
}

json example_json(const FiniteDifference& f) {
  json j = head("finite-difference", 7);
  j["loss_function"] = "W^2";
  j["w"] = f.in.w;
  j["h"] = f.in.h;
  j["lr"] = f.in.lr;
  j["loss"] = f.loss;
  j["loss_plus"] = f.loss_plus;
  j["loss_minus"] = f.loss_minus;
  j["forward"] = f.forward;
  j["central"] = f.central;
  j["exact"] = f.exact;
  j["forward_error"] = f.forward_error;
  j["central_error"] = f.central_error;
  j["w_next"] = f.w_next;
  j["w_next_forward"] = f.w_next_forward;
  return j;
}

json example_json(const TorchLinear& t) {
  json j = head("torch-linear", 7);
  j["model"] = "nn.Linear(1, 2) + nn.CrossEntropyCriterion()";
  j["x"] = t.in.x;
  j["target"] = t.in.target;
  j["h"] = t.in.h;
  j["seed"] = t.in.seed;
  j["weight"] = t.in.weight;
  j["bias"] = t.in.bias;
  j["scores"] = t.scores;
  j["probabilities"] = t.probabilities;
  j["loss"] = t.loss;
  j["numeric"] = t.numeric;
  j["grad_weight"] = t.grad_weight;
  j["grad_bias"] = t.grad_bias;
  j["rel_error"] = t.rel_error;
  j["check_max_rel_error"] = t.check_max_rel_error;
  j["check_passed"] = t.check_passed;
  j["grad_from_loss"] = t.grad_from_loss;
  j["slide"] = slide_json(t.slide);
  return j;
}

json example_json(const BatchComparison& c, const std::string& set) {
  json j = head("batch-vs-minibatch", 8);
  j["set"] = set;
  j["model"] = model_name(c.desc().model.kind);
  j["init"] = init_name(c.desc().model.init);
  j["optimizer"] = optimizer_name(c.desc().optimizer.kind);
  j["lr"] = c.desc().optimizer.lr;
  j["batch"] = c.desc().batch;
  j["epochs"] = c.desc().epochs;
  j["seed"] = c.desc().seed;
  if (c.full() && c.mini()) {
    j["train_size"] = c.full()->data().train.size();
    j["full_steps"] = c.full()->steps();
    j["mini_steps"] = c.mini()->steps();
  }
  j["full_loss"] = c.full_curve();
  j["mini_loss"] = c.mini_curve();
  j["done"] = c.done();
  return j;
}

json example_json(const MomentumForms& m) {
  json j = head("momentum-forms", 9);
  j["lecture_form"] = "m = a m + lr dL/dW; W = W - m";
  j["torch_form"] = "v = mu v + g; W = W - lr v";
  j["surface"] = surface_name(m.in.surface.kind);
  j["eigen"] = {m.in.surface.eigen_a, m.in.surface.eigen_b};
  j["start"] = {m.in.x0, m.in.y0};
  j["lr"] = m.in.lr;
  j["a"] = m.in.a;
  j["steps"] = m.in.steps;
  j["lecture_final"] = m.lecture.back();
  j["torch_final"] = m.torch.back();
  j["lecture_loss_final"] = m.lecture_loss.back();
  j["torch_loss_final"] = m.torch_loss.back();
  j["max_difference"] = m.max_difference;
  j["max_m_minus_lr_v"] = m.max_m_minus_lr_v;
  j["lecture_a0_is_gd"] = m.lecture_a0_is_gd;
  j["torch_mu0_is_sgd"] = m.torch_mu0_is_sgd;
  return j;
}

json example_json(const LayersExample& l) {
  json j = head("layers", 10);
  std::string arch = std::to_string(l.in.x.size());
  for (int h : hidden_layers(l.in.model)) arch += "-" + std::to_string(h);
  arch += "-" + std::to_string(l.in.classes);
  j["model"] = arch + " " + activation_name(l.in.model.activation);
  j["init"] = init_name(l.in.model.init);
  j["x"] = l.in.x;
  j["label"] = l.in.label;
  j["seed"] = l.in.seed;
  json steps = json::array();
  for (const LayerStep& s : l.steps) {
    json k = {{"output", s.output}, {"formula", s.formula}, {"module", s.module}, {"module_index", s.module_index},
              {"in", s.in_size}, {"out", s.out_size}, {"values", s.values}};
    if (!s.params.empty()) {
      k["params"] = s.params;
      k["num_params"] = s.num_params;
      k["engine_tensor"] = s.engine_tensor;
      k["grad_weight_norm"] = s.grad_weight_norm;
    }
    steps.push_back(k);
  }
  j["steps"] = steps;
  j["criterion"] = l.criterion;
  j["torch_code"] = l.torch_code;
  j["total_params"] = l.total_params;
  j["loss"] = l.loss;
  j["predicted"] = l.predicted;
  j["max_step_error"] = l.max_step_error;
  return j;
}

}  // namespace descent::lecture
