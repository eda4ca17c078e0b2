// data_settings.cpp: the settings table of DataRequest (data_settings.h).
#include "core/data/data_settings.h"

#include "core/data/toy2d.h"

namespace descent {

namespace {

using settings::Setting;
using settings::Spec;
using settings::Type;
using settings::Value;

bool is_file_set(const DataRequest& r) { return !is_toy_dataset(r.name); }
bool is_toy_request(const DataRequest& r) { return is_toy_dataset(r.name); }

settings::Schema<DataRequest> make_schema() {
  Setting<DataRequest> name = settings::text_field(
      Spec{.key = "data", .type = Type::Choice, .choices = dataset_names(),
           .help = "the data set: spiral, circles, xor, blobs, moons (2-D, generated from the seed), fashion-mnist "
                   "(Debian's copy), mnist (IDX files) or cifar10 (binary batches) from a data folder"},
      &DataRequest::name, "fashion-mnist");
  name.selects = true;

  Setting<DataRequest> dir = settings::text_field(
      Spec{.key = "data_dir", .type = Type::Text,
           .help = "the folder of the data files (fashion-mnist: /usr/share/datasets/fashion-mnist by default; "
                   "required for mnist and cifar10)"},
      &DataRequest::dir, "");
  dir.default_text = "fashion-mnist: Debian's folder";

  Setting<DataRequest> limit_train = settings::number_field(
      Spec{.key = "limit_train", .type = Type::Integer, .lo = 0, .hi = 1e8,
           .help = "read only the first N training examples of the file (0 = all)", .aliases = {"limit"}},
      &DataRequest::limit_train, 0);
  Setting<DataRequest> limit_test = settings::number_field(
      Spec{.key = "limit_test", .type = Type::Integer, .lo = 0, .hi = 1e8,
           .help = "read only the first N test examples of the file (0 = all)"},
      &DataRequest::limit_test, 0);
  for (Setting<DataRequest>* s : {&limit_train, &limit_test, &dir}) {
    s->applies = is_file_set;
    s->applies_to = "data fashion-mnist, mnist, cifar10";
  }

  Setting<DataRequest> val = settings::number_field(
      Spec{.key = "val_fraction", .type = Type::Real, .lo = 0, .hi = 0.9,
           .help = "the share of the training examples held out (seeded) as the validation set"},
      &DataRequest::val_fraction, 0.1);

  Setting<DataRequest> points = settings::number_field(
      Spec{.key = "points", .type = Type::Integer, .lo = 1, .hi = kToy2dMaxPointsPerClass,
           .help = "2-D sets: training points per class (the test set has as many, from another seed)"},
      &DataRequest::points_per_class, 100);
  Setting<DataRequest> noise = settings::number_field(
      Spec{.key = "noise", .type = Type::Real, .lo = 0, .hi = 10,
           .help = "2-D sets: the standard deviation of the gaussian added to each coordinate"},
      &DataRequest::noise, kDefaultToyNoise);
  Setting<DataRequest> classes = settings::number_field(
      Spec{.key = "classes", .type = Type::Integer, .lo = 2, .hi = kToy2dMaxClasses,
           .help = "2-D sets: the number of classes (xor and moons have 2)"},
      &DataRequest::classes, 0);
  classes.get = [](const DataRequest& r) {
    Result<Toy2d> k = parse_toy2d(r.name);
    return Value::of(r.classes != 0 || !k ? r.classes : toy2d_default_classes(*k));
  };
  classes.fallback = [](const DataRequest& r) {
    Result<Toy2d> k = parse_toy2d(r.name);
    return Value::of(k ? toy2d_default_classes(*k) : 0);
  };
  classes.dependent = true;
  classes.default_text = "3 for spiral and blobs, 2 otherwise";
  for (Setting<DataRequest>* s : {&points, &noise, &classes}) {
    s->applies = is_toy_request;
    s->applies_to = "data spiral, circles, xor, blobs, moons";
  }

  settings::Schema<DataRequest> schema("data", {name, dir, limit_train, limit_test, val, points, noise, classes});
  schema.add_check([](const DataRequest& r) -> Status {
    Result<Toy2d> k = parse_toy2d(r.name);
    if (k && toy2d_two_classes_only(*k) && r.classes != 0 && r.classes != 2)
      return make_error(ErrorCode::Usage, std::string(toy2d_name(*k)) + " has 2 classes (got classes=" +
                                              std::to_string(r.classes) + ")");
    return Status::ok();
  });
  return schema;
}

}  // namespace

bool is_toy_dataset(const std::string& name) { return parse_toy2d(name).ok(); }

const settings::Schema<DataRequest>& data_schema() {
  static const settings::Schema<DataRequest> schema = make_schema();
  return schema;
}

}  // namespace descent
