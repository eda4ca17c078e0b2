// options.cpp: flag registration and validation (options.h).
#include "native/cli/options.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace descent::cli {

namespace {
Status bad(const std::string& flag, const std::string& what) {
  return make_error(ErrorCode::Usage, flag + " " + what);
}
std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}
}  // namespace

void DataFlags::add_to(CLI::App& app, const std::string& default_data) {
  data = default_data;
  app.add_option("--data", data, "data set: spiral circles xor blobs moons fashion-mnist mnist cifar10")
      ->capture_default_str();
  app.add_option("--data-dir", data_dir,
                 "folder of the data files (default for fashion-mnist: /usr/share/datasets/fashion-mnist)");
  app.add_option("--limit-train", limit_train, "read only the first N training examples (0 = all)");
  app.add_option("--limit-test", limit_test, "read only the first N test examples (0 = all)");
  app.add_option("--val-fraction", val_fraction, "share of the training file held out for validation")
      ->capture_default_str();
  app.add_option("--points", points, "2-D sets: points per class (0 = default)");
  app.add_option("--noise", noise, "2-D sets: gaussian noise added to the points");
  app.add_option("--classes", classes, "2-D sets: number of classes (0 = the set's default)");
  app.add_flag("--center", center, "subtract the training set's mean image from every example");
}

Result<DataRequest> DataFlags::request(uint32_t seed) const {
  if (limit_train < 0) return bad("--limit-train", "must be 0 or more (got " + num(limit_train) + ")");
  if (limit_test < 0) return bad("--limit-test", "must be 0 or more (got " + num(limit_test) + ")");
  if (!(val_fraction >= 0.0 && val_fraction < 1.0))
    return bad("--val-fraction", "must be in [0, 1) (got " + num(val_fraction) + ")");
  if (points < 0 || points > 1000000) return bad("--points", "must be in 0..1000000 (got " + num(points) + ")");
  if (classes < 0 || classes > 64) return bad("--classes", "must be in 0..64 (got " + num(classes) + ")");
  if (!std::isfinite(noise)) return bad("--noise", "must be a finite number");
  DataRequest r;
  r.name = data;
  r.dir = data_dir;
  r.limit_train = limit_train;
  r.limit_test = limit_test;
  r.val_fraction = val_fraction;
  r.seed = seed;
  r.points_per_class = points;
  if (noise >= 0) r.noise = noise;
  r.classes = classes;
  return r;
}

void ModelFlags::add_to(CLI::App& app, bool model_required) {
  auto* m = app.add_option("--model", model, "softmax | svm | mlp");
  if (model_required) m->required();
  else m->capture_default_str();
  app.add_option("--hidden", hidden, "mlp hidden widths, e.g. 128,64 (default 100)")->delimiter(',');
  app.add_option("--activation", activation, "relu | tanh | sigmoid")->capture_default_str();
  app.add_option("--dropout", dropout, "drop probability of hidden units while training")->capture_default_str();
  app.add_option("--init", init, "default (He for relu, Xavier otherwise) | xavier | he")->capture_default_str();
  app.add_option("--reg", reg, "none | l2 | l1 | elastic")->capture_default_str();
  app.add_option("--lambda", lambda, "regularisation strength (loss += lambda * R(W))")->capture_default_str();
  app.add_option("--beta", beta, "elastic net: weight of the squared term")->capture_default_str();
}

Result<ModelDesc> ModelFlags::desc() const {
  ModelDesc d;
  Result<ModelKind> k = parse_model(model);
  if (!k) return bad("--model", k.status().message);
  d.kind = *k;
  for (int h : hidden)
    if (h < 1 || h > 65536) return bad("--hidden", "widths must be in 1..65536 (got " + num(h) + ")");
  if (!hidden.empty() && d.kind != ModelKind::MLP) return bad("--hidden", "applies to --model mlp only");
  d.hidden = hidden;
  Result<kernels::Activation> a = parse_activation(activation);
  if (!a) return bad("--activation", a.status().message);
  d.activation = *a;
  if (!(dropout >= 0.0 && dropout < 1.0)) return bad("--dropout", "must be in [0, 1) (got " + num(dropout) + ")");
  d.dropout = dropout;
  Result<InitKind> i = parse_init(init);
  if (!i) return bad("--init", i.status().message);
  d.init = *i;
  Result<Regularizer> r = parse_regularizer(reg);
  if (!r) return bad("--reg", r.status().message);
  d.reg.kind = *r;
  if (!(lambda >= 0.0) || !std::isfinite(lambda)) return bad("--lambda", "must be 0 or more (got " + num(lambda) + ")");
  d.reg.lambda = lambda;
  if (!(beta >= 0.0) || !std::isfinite(beta)) return bad("--beta", "must be 0 or more (got " + num(beta) + ")");
  d.reg.beta = beta;
  return d;
}

void OptimizerFlags::add_to(CLI::App& app, const std::string& default_optimizer) {
  optimizer = default_optimizer;
  app.add_option("--optimizer", optimizer, "sgd | momentum | nesterov | adagrad | rmsprop | adam")
      ->capture_default_str();
  app.add_option("--lr", lr, "learning rate (default: the optimizer's torch.optim default; 0.01 for sgd)");
  app.add_option("--momentum", momentum, "momentum / nesterov coefficient (default 0.9)");
  app.add_option("--alpha", alpha, "rmsprop smoothing constant (default 0.99)");
  app.add_option("--beta1", beta1, "adam beta1 (default 0.9)");
  app.add_option("--beta2", beta2, "adam beta2 (default 0.999)");
  app.add_option("--eps", eps, "adagrad/rmsprop/adam epsilon");
}

Result<OptimizerDesc> OptimizerFlags::desc() const {
  Result<OptimizerKind> k = parse_optimizer(optimizer);
  if (!k) return bad("--optimizer", k.status().message);
  auto check = [](const char* flag, double v, double hi) -> Status {
    if (!std::isfinite(v) || v < 0 || v >= hi) return bad(flag, "must be in [0, " + num(hi) + ") (got " + num(v) + ")");
    return Status::ok();
  };
  if (!std::isfinite(lr) || lr < 0) return bad("--lr", "must be a positive number (got " + num(lr) + ")");
  for (Status s : {check("--momentum", momentum, 1.0), check("--alpha", alpha, 1.0), check("--beta1", beta1, 1.0),
                   check("--beta2", beta2, 1.0), check("--eps", eps, 1.0)})
    if (!s) return s;
  OptimizerDesc d;
  d.kind = *k;
  d.lr = lr;
  d.momentum = momentum;
  d.alpha = alpha;
  d.beta1 = beta1;
  d.beta2 = beta2;
  d.eps = eps;
  return resolve_defaults(d);
}

Result<std::vector<double>> parse_doubles(const std::string& flag, const std::string& text, size_t count) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    char* end = nullptr;
    double v = std::strtod(item.c_str(), &end);
    if (item.empty() || end == item.c_str() || *end != '\0' || !std::isfinite(v))
      return bad(flag, "expects " + num(double(count)) + " comma-separated numbers, e.g. 1.5,-2 (got '" + text + "')");
    out.push_back(v);
  }
  if (out.size() != count)
    return bad(flag, "expects " + num(double(count)) + " comma-separated numbers (got '" + text + "')");
  return out;
}

}  // namespace descent::cli
