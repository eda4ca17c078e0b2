// test_settings.cpp: the settings tables (core/settings): values parsed and checked one way, absent
// is not zero, nothing unknown or inapplicable is accepted, kinds reset their dependent defaults, and
// every engine table is well formed (issue 9).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/data/data_settings.h"
#include "core/knn/knn_settings.h"
#include "core/nn/gradcheck_settings.h"
#include "core/nn/model_settings.h"
#include "core/optim/optimizer_settings.h"
#include "core/surface/surface_settings.h"
#include "core/surface/trajectory.h"
#include "core/train/train_settings.h"

using namespace descent;
using settings::Given;
using settings::Spec;
using settings::Type;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("settings: values are parsed, range-checked and written back exactly") {
  const Spec unit{.key = "momentum", .type = Type::Real, .lo = 0, .hi = 1, .hi_open = true};
  CHECK(settings::parse_value(unit, "0")->number == 0.0);
  CHECK(settings::parse_value(unit, "0.9")->number == 0.9);
  for (const char* bad : {"1", "-0.1", "nan", "inf", "", "0.5x", " 0.5", "1e400"}) {
    Result<settings::Value> v = settings::parse_value(unit, bad);
    CHECK_MESSAGE(!v.ok(), bad);
    CHECK(contains(v.status().message, "momentum must be a number in [0, 1)"));
  }
  const Spec count{.key = "batch", .type = Type::Integer, .lo = 0, .hi = 100000};
  CHECK(settings::parse_value(count, "32")->number == 32);
  // Whole but out of range is said so, not "must be a whole number"; numbers stay readable.
  Result<settings::Value> big = settings::parse_value(count, "3e9");
  CHECK(big.status().message == "batch must be a whole number in 0..100000 (got '3e9')");
  CHECK(!settings::parse_value(count, "2.5").ok());
  const Spec widths{.key = "hidden", .type = Type::IntList, .lo = 1, .hi = 4096, .min_items = 1, .max_items = 8};
  CHECK(settings::parse_value(widths, "64,32")->list == std::vector<double>{64, 32});
  CHECK(!settings::parse_value(widths, "64,,32").ok());
  CHECK(!settings::parse_value(widths, "1,2,3,4,5,6,7,8,9").ok());
  CHECK(settings::describe_range(widths) == "1 to 8 whole numbers in 1..4096, comma-separated");
  const Spec kinds{.key = "optimizers", .type = Type::ChoiceList, .min_items = 1, .max_items = 2,
                   .choices = {"sgd", "adam"}};
  CHECK(settings::parse_value(kinds, "SGD,adam")->text == "sgd,adam");
  CHECK(!settings::parse_value(kinds, "sgd,adam,sgd").ok());
  CHECK(!settings::parse_value(kinds, "sgd,momentum").ok());
  // Every double reads back exactly from its text.
  for (double v : {0.1, 1e-5, 1.0 / 3.0, 1e300, -2.5, 123456789.0, 0.0095})
    CHECK(std::strtod(settings::shortest_number(v).c_str(), nullptr) == v);
  CHECK(settings::readable_number(1e300) == "1e+300");
  CHECK(settings::readable_number(1.0 / 3.0) == "0.333333");
  // A NUL or a stray byte neither cuts a message short nor breaks JSON; real UTF-8 stays.
  CHECK(settings::quoted(std::string("a\0b", 3)) == "'a\\x00b'");
  CHECK(settings::quoted("\xff\xfe") == "'\\xFF\\xFE'");
  CHECK(settings::quoted("λ") == "'λ'");
  CHECK(settings::quoted("\xce") == "'\\xCE'");  // a cut sequence
}

TEST_CASE("settings: every engine table is well formed") {
  CHECK(optimizer_schema().check().is_ok());
  CHECK(model_schema().check().is_ok());
  CHECK(train_schema().check().is_ok());
  CHECK(data_schema().check().is_ok());
  CHECK(surface_schema().check().is_ok());
  CHECK(knn_schema().check().is_ok());
  CHECK(gradcheck_schema().check().is_ok());
  // A table's defaults pass its own checks, and its values read back into the same struct.
  const TrainDesc d = train_schema().defaults();
  CHECK(train_schema().validate(d, "").is_ok());
  TrainDesc back = train_schema().defaults();
  CHECK(train_schema().apply(back, train_schema().values(d), "").is_ok());
  CHECK(train_schema().values(back) == train_schema().values(d));
  // A key described twice is caught.
  settings::Schema<OptimizerDesc> twice = optimizer_schema();
  twice.add(optimizer_schema().settings()[1]);
  CHECK(twice.check().code == ErrorCode::Internal);
}

TEST_CASE("settings: absent takes the default, given (zero included) is that value") {
  const auto& s = optimizer_schema();
  OptimizerDesc d = s.defaults();
  REQUIRE(s.apply(d, {{"optimizer", "momentum"}}, "t").is_ok());
  CHECK(d.momentum == 0.9);  // absent: the default
  REQUIRE(s.apply(d, {{"momentum", "0"}}, "t").is_ok());
  CHECK(d.momentum == 0.0);  // given zero: zero
  OptimizerDesc adam = s.defaults();
  REQUIRE(s.apply(adam, {{"optimizer", "adam"}, {"beta1", "0"}}, "t").is_ok());
  CHECK(adam.beta1 == 0.0);
  CHECK(adam.lr == 1e-3);      // Adam's default rate, not SGD's
  CHECK(adam.beta2 == 0.999);
  // A kind change resets what depends on the kind (unless given); other settings stay.
  OptimizerDesc m = s.defaults();
  REQUIRE(s.apply(m, {{"optimizer", "momentum"}, {"lr", "0.3"}, {"momentum", "0.5"}}, "t").is_ok());
  REQUIRE(s.apply(m, {{"optimizer", "nesterov"}}, "t").is_ok());
  CHECK(m.lr == 0.01);
  CHECK(m.momentum == 0.9);
  REQUIRE(s.apply(m, {{"optimizer", "momentum"}, {"momentum", "0"}}, "t").is_ok());
  CHECK(m.momentum == 0.0);
  // The lab's first links wrote mu=: still read.
  REQUIRE(s.apply(m, {{"mu", "0.25"}}, "t").is_ok());
  CHECK(m.momentum == 0.25);
}

TEST_CASE("settings: unknown, inapplicable, repeated and out-of-range settings are errors naming the key") {
  const auto& s = optimizer_schema();
  OptimizerDesc d = s.defaults();
  const OptimizerDesc before = d;
  Status unknown = s.apply(d, {{"foo", "1"}}, "linear");
  CHECK(unknown.code == ErrorCode::Usage);
  CHECK(contains(unknown.message, "linear: unknown setting 'foo'"));
  CHECK(contains(unknown.message, "lr, momentum, alpha, beta1, beta2, eps"));
  // The lecture's α is momentum=: RMSProp's alpha does not apply to momentum.
  Status alpha = s.apply(d, {{"optimizer", "momentum"}, {"alpha", "0.5"}}, "optimizer add");
  CHECK(contains(alpha.message, "alpha does not apply here (it applies to optimizer rmsprop)"));
  CHECK(contains(alpha.message, "the settings that apply are optimizer, lr, momentum"));
  Status sgd_momentum = s.apply(d, {{"optimizer", "sgd"}, {"momentum", "0.9"}}, "");
  CHECK(contains(sgd_momentum.message, "momentum does not apply here"));
  Status flag = s.apply(d, {{"momentum", "0.9"}}, "", settings::KeyStyle::Flag);
  CHECK(contains(flag.message, "--momentum does not apply"));
  CHECK(contains(s.apply(d, {{"lr", "0"}}, "").message, "lr must be a number in (0, 10000] (got '0')"));
  CHECK(contains(s.apply(d, {{"mu", "0.1"}, {"momentum", "0.2"}}, "").message, "momentum is given twice"));
  // On any error nothing changed.
  CHECK(d.kind == before.kind);
  CHECK(d.lr == before.lr);
  CHECK(d.momentum == before.momentum);

  ModelDesc m = model_schema().defaults();
  CHECK(contains(model_schema().apply(m, {{"reg", "l2"}, {"beta", "0.1"}}, "").message, "beta does not apply"));
  REQUIRE(model_schema().apply(m, {{"reg", "elastic"}, {"lambda", "0.01"}, {"beta", "0.1"}}, "").is_ok());
  CHECK(m.reg.beta == 0.1);  // elastic net's beta is honoured (the linear view kept 0.5)
  CHECK(contains(model_schema().apply(m, {{"hidden", "8"}}, "").message, "hidden does not apply"));
  REQUIRE(model_schema().apply(m, {{"model", "mlp"}, {"hidden", "8,4"}, {"dropout", "0"}}, "").is_ok());
  CHECK(m.hidden == std::vector<int>{8, 4});

  DataRequest r = data_schema().defaults();
  CHECK(contains(data_schema().apply(r, {{"data", "xor"}, {"classes", "3"}}, "").message, "xor has 2 classes"));
  CHECK(contains(data_schema().apply(r, {{"data", "spiral"}, {"classes", "64"}}, "").message, "2..16"));
  REQUIRE(data_schema().apply(r, {{"data", "spiral"}, {"classes", "5"}}, "").is_ok());
  REQUIRE(data_schema().apply(r, {{"data", "moons"}}, "").is_ok());
  CHECK(r.classes == 2);  // the kind's default, not spiral's 5
  CHECK(contains(data_schema().apply(r, {{"limit_train", "10"}}, "").message, "limit_train does not apply"));

  KnnDesc k = knn_schema().defaults();
  CHECK(contains(knn_schema().apply(k, {{"folds", "1"}}, "knn").message, "folds must be 0 (none) or 2..20"));

  SurfaceDesc q = surface_schema().defaults();
  for (const char* rot : {"nan", "inf", "1e308"})
    CHECK(contains(surface_schema().apply(q, {{"rotation", rot}}, "").message, "rotation must be a number in [-360, 360]"));
  REQUIRE(surface_schema().apply(q, {{"eigen", "2,30"}}, "").is_ok());
  CHECK(q.eigen_a == 2.0);
  CHECK(q.eigen_b == 30.0);
  CHECK(contains(surface_schema().apply(q, {{"surface", "beale"}, {"a", "2"}}, "").message, "a does not apply"));
}

TEST_CASE("settings: momentum 0 gives the iterates of plain SGD, bit for bit") {
  const SurfaceDesc q{.kind = SurfaceKind::Quadratic, .eigen_a = 1, .eigen_b = 10};
  OptimizerDesc sgd = optimizer_schema().defaults(), mom = optimizer_schema().defaults();
  REQUIRE(optimizer_schema().apply(sgd, {{"optimizer", "sgd"}, {"lr", "0.05"}}, "").is_ok());
  REQUIRE(optimizer_schema().apply(mom, {{"optimizer", "momentum"}, {"lr", "0.05"}, {"momentum", "0"}}, "").is_ok());
  const Trajectory a = run_trajectory(q, sgd, 1, 1, 50), b = run_trajectory(q, mom, 1, 1, 50);
  REQUIRE(a.points.size() == b.points.size());
  for (size_t i = 0; i < a.points.size(); ++i) {
    CHECK(a.points[i].x == b.points[i].x);
    CHECK(a.points[i].y == b.points[i].y);
    CHECK(a.points[i].loss == b.points[i].loss);
  }
}
