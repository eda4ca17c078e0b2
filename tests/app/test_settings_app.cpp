// test_settings_app.cpp: the app's settings through commands and links (issue 9), without a window:
// every command registered once; explicit zeros honoured and unknown or inapplicable keys refused in
// every view; and the property that a link round-trips every setting of every view: random valid
// settings (drawn from each view's settings table, 1,000 rounds per view) applied to one App, its
// link applied to a fresh App, the two whole states equal. And no command freezes the window.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/settings/setting.h"
#include "core/ui/app.h"
#include "core/optim/optimizer_settings.h"
#include "core/ui/app_settings.h"
#include "core/ui/notation.h"
#include "core/ui/settings_widgets.h"
#include "core/ui/url_state.h"
#include "tests/app/app_harness.h"

using descent::ErrorCode;
using descent::Status;
using descent::ui::App;
using descent::ui::AppConfig;
using descent::ui::url_query_from_state;
using nlohmann::json;
namespace settings = descent::settings;

namespace {

const char* kSettingsViews[] = {"data", "linear", "gradcheck", "landscape", "network"};

json state_of(const App& app) {
  json s = json::parse(app.state_json());
  for (const char* volatile_key : {"fps", "frame_ms", "frames", "messages"}) s.erase(volatile_key);
  return s;
}

// A random valid value of a spec, kept small where size costs time (widths, points, rows).
std::string random_value(const settings::Spec& s, std::mt19937& rng) {
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  double lo = std::isnan(s.slider_lo) ? s.lo : s.slider_lo, hi = std::isnan(s.slider_hi) ? s.hi : s.slider_hi;
  if (s.key == "points") hi = 60;
  if (s.key == "limit_train" || s.key == "limit_test" || s.key == "cv_limit") hi = 400;
  if (s.key == "steps" || s.key == "examples") hi = std::min(hi, 20.0);
  if (s.key == "coords") hi = 12;
  if (!std::isfinite(lo)) lo = -5;
  if (!std::isfinite(hi)) hi = lo + 10;
  switch (s.type) {
    case settings::Type::Real: {
      double v = s.log_scale && lo > 0 ? std::exp(uniform(std::log(lo), std::log(hi))) : uniform(lo, hi);
      if (pick(6) == 0) v = s.lo_open ? hi : std::max(lo, 0.0);  // zeros and ends
      return settings::shortest_number(v);
    }
    case settings::Type::Integer: {
      if (s.key == "seed") return std::to_string(std::uniform_int_distribution<long long>(0, 4294967295LL)(rng));
      const long long l = (long long)std::ceil(s.lo_open ? lo + 1 : lo), h = (long long)std::floor(hi);
      return std::to_string(std::uniform_int_distribution<long long>(l, std::max(l, h))(rng));
    }
    case settings::Type::Flag: return pick(2) ? "1" : "0";
    case settings::Type::Choice: return s.choices[size_t(pick(int(s.choices.size())))];
    case settings::Type::ChoiceList: {
      std::string t;
      const int n = 1 + pick(std::min(3, s.max_items));
      for (int i = 0; i < n; ++i) t += (t.empty() ? "" : ",") + s.choices[size_t(pick(int(s.choices.size())))];
      return t;
    }
    case settings::Type::IntList: {
      std::string t;
      const int n = 1 + pick(3);
      for (int i = 0; i < n; ++i) t += (t.empty() ? "" : ",") + std::to_string(1 + pick(24));
      return t;
    }
    case settings::Type::RealList: {
      std::string t;
      for (int i = 0; i < s.min_items; ++i) t += (t.empty() ? "" : ",") + settings::shortest_number(uniform(-3, 3));
      return t;
    }
    case settings::Type::Text: {  // the data set: the generated ones (files load slowly in 1,000 rounds)
      const char* sets[] = {"spiral", "circles", "xor", "blobs", "moons"};
      return sets[pick(5)];
    }
  }
  return "";
}

}  // namespace

TEST_CASE("settings app: every command is registered once; the lab's verbs keep their old words") {
  App app(AppConfig{});
  CHECK(app.command_errors().empty());
  for (const std::string& e : app.command_errors()) MESSAGE(e);
  CHECK(app.run("lab step 3").is_ok());
  CHECK(app.run("step 2").is_ok());  // the alias
  CHECK(json::parse(app.state_json())["views"]["lab"]["step"] == 5);
  const std::string help = app.commands().help();
  CHECK(help.find("(also: back = lab back, pause = lab pause, play = lab play, reset = lab reset, speed = lab speed, "
                  "start = lab start, step = lab step)") != std::string::npos);
  // A second registration of a taken name is refused and reported, the first one kept.
  descent::ui::CommandRegistry r;
  r.add("step", "step: one", [](const descent::ui::CommandArgs&) { return Status::ok(); });
  r.add("step", "step: two", [](const descent::ui::CommandArgs&) { return descent::make_error(ErrorCode::Usage, "2"); });
  CHECK(r.errors().size() == 1);
  CHECK(r.run("step").is_ok());
}

TEST_CASE("settings app: explicit zeros are honoured and unknown or inapplicable keys refused, in every view") {
  App app(AppConfig{});
  // The lab: the lecture's α is momentum=; RMSProp's alpha= does not apply to momentum.
  Status alpha = app.run("optimizer add momentum alpha=0.5");
  CHECK(alpha.code == ErrorCode::Usage);
  CHECK(alpha.message.find("alpha does not apply") != std::string::npos);
  REQUIRE(app.run("optimizer add momentum momentum=0 lr=0.01").is_ok());
  json lab = json::parse(app.state_json())["views"]["lab"];
  CHECK(lab["optimizers"][2]["momentum"] == 0.0);
  // The linear and network views: momentum 0 stays 0; foo= and a β without elastic net are refused.
  for (const char* view : {"linear", "network"}) {
    CAPTURE(view);
    REQUIRE(app.run(std::string(view) + " optimizer=momentum momentum=0").is_ok());
    const json s = json::parse(app.state_json())["views"][view]["settings"];
    CHECK(s["momentum"] == 0.0);
    CHECK(s["optimizer"] == "momentum");
    CHECK(app.run(std::string(view) + " foo=1").message.find("unknown setting 'foo'") != std::string::npos);
    CHECK(app.run(std::string(view) + " reg=l2 beta=0.1").message.find("beta does not apply") != std::string::npos);
    REQUIRE(app.run(std::string(view) + " reg=elastic beta=0.1").is_ok());
    CHECK(json::parse(app.state_json())["views"][view]["settings"]["beta"] == 0.1);
    CHECK(app.run(std::string(view) + " optimizer=sgd momentum=0.9").message.find("momentum does not apply") !=
          std::string::npos);
  }
  // Values whole but out of range are said to be out of range.
  CHECK(app.run("landscape j=1e12").message.find("j must be a whole number in 0..1000000000 (got '1e12')") !=
        std::string::npos);
  CHECK(app.run("step 3e9").message == "lab: N must be a whole number in 1..20000 (got 3000000000)");
  CHECK(app.run("data spiral bogus=1").message.find("unknown setting 'bogus'") != std::string::npos);
  CHECK(app.run("knn cv seed=3").message.find("is not a kNN setting") != std::string::npos);
}

TEST_CASE("settings app: links report errors in the link's own terms") {
  App defaults_app(AppConfig{});
  const json defaults = json::parse(defaults_app.state_json());
  App app(AppConfig{});
  Status opt = app.apply_link("opt=t=", defaults);
  CHECK(opt.message.rfind("link: opt=t=", 0) == 0);
  Status lr = app.apply_link("linear.lr=abc", defaults);
  CHECK(lr.message == "link: linear.lr=abc: lr must be a number in (0, 10000] (got 'abc')");
  CHECK(app.apply_link("linear.foo=1", defaults).message.find("link: linear.foo=1: unknown setting 'foo'") == 0);
  CHECK(app.apply_link("nosuch.k=1", defaults).message.find("no view named 'nosuch'") != std::string::npos);
  CHECK(app.apply_link("opt=momentum:mu=0", defaults).is_ok());  // the first links' mu= still reads
  // A chapter link opens that chapter of the Lecture view.
  App lecture(AppConfig{});
  REQUIRE(lecture.apply_link("view=lecture&chapter=7", defaults).is_ok());
  const json s = json::parse(lecture.state_json());
  CHECK(s["view"] == "lecture");
  CHECK(s["views"]["lecture"]["chapter"] == 7);
  CHECK(url_query_from_state(s, &defaults) == "view=lecture&chapter=7");
  CHECK(lecture.apply_link("chapter=11", defaults).message == "link: chapter=11: chapter must be a whole number in 1..10 (got '11')");
}

TEST_CASE("settings app: a link round-trips every setting of every view (1,000 random settings per view)") {
  // 1,000 rounds per view; the sanitizer build (ten times slower) runs 100 (DESCENT_PROPERTY_ROUNDS).
  const char* env = std::getenv("DESCENT_PROPERTY_ROUNDS");
  const int rounds = env ? std::max(1, std::atoi(env)) : 1000;
  App defaults_app(AppConfig{});
  const json defaults = json::parse(defaults_app.state_json());
  CHECK(url_query_from_state(defaults, &defaults).empty());
  std::mt19937 rng(20261130);
  const std::vector<std::string> views = {"lab", "lecture", "data", "linear", "gradcheck", "landscape", "network", "app"};
  int applied = 0, refused = 0;
  for (const std::string& view : views) {
    CAPTURE(view);
    for (int round = 0; round < rounds; ++round) {
      CAPTURE(round);
      App a(AppConfig{});
      std::vector<settings::Spec> specs;
      if (view == "app") specs = descent::ui::specs_of(descent::ui::app_schema());
      else specs = a.view(view)->setting_specs();
      REQUIRE(!specs.empty());
      // A few settings, one command each, in random order: the link must carry their sum.
      std::shuffle(specs.begin(), specs.end(), rng);
      const int n = 1 + int(rng() % std::min<size_t>(6, specs.size()));
      for (int i = 0; i < n; ++i) {
        const std::string line = view + " " + specs[size_t(i)].key + "=" + random_value(specs[size_t(i)], rng);
        // Some draws do not apply to the others (momentum= with sgd): refused, and nothing changes.
        const Status s = a.run(line);
        s ? ++applied : ++refused;
      }
      if (view == "lab" && round % 3 == 0) {  // and the lab's optimizer list
        a.run("optimizer clear");
        for (int k = 0; k < 1 + int(rng() % 3); ++k) {
          const char* kinds[] = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"};
          const std::string kind = kinds[rng() % 6];
          std::string line = "optimizer add " + kind + " lr=" + settings::shortest_number(std::exp(-5.0 * (rng() % 100) / 100));
          if (kind == "momentum" || kind == "nesterov") line += rng() % 2 ? " momentum=0" : " momentum=0.5";
          if (kind == "adam") line += " beta1=" + std::string(rng() % 2 ? "0" : "0.8");
          a.run(line) ? ++applied : ++refused;
        }
      }
      const json sa = state_of(a);
      const std::string link = url_query_from_state(json::parse(a.state_json()), &defaults);
      CAPTURE(link);
      App b(AppConfig{});
      const Status s = b.apply_link(link, defaults);
      REQUIRE_MESSAGE(s.is_ok(), s.message);
      const json sb = state_of(b);
      if (sa != sb) {
        const json patch = json::diff(sa, sb);
        FAIL("states differ: " << patch.dump().substr(0, 600));
      }
    }
  }
  // Every view changed at once: every group written whole (about 120 settings) in one link.
  for (int round = 0; round < std::max(1, rounds / 50); ++round) {
    CAPTURE(round);
    App a(AppConfig{});
    for (const std::string& view : views) {
      std::vector<settings::Spec> specs =
          view == "app" ? descent::ui::specs_of(descent::ui::app_schema()) : a.view(view)->setting_specs();
      // The compute device names the machine, not the lesson: links leave it out (url_state.cpp).
      specs.erase(std::remove_if(specs.begin(), specs.end(), [](const settings::Spec& x) { return x.key == "device"; }),
                  specs.end());
      std::shuffle(specs.begin(), specs.end(), rng);
      for (size_t i = 0; i < std::min<size_t>(3, specs.size()); ++i)
        a.run(view + " " + specs[i].key + "=" + random_value(specs[i], rng)) ? ++applied : ++refused;
    }
    const std::string link = url_query_from_state(json::parse(a.state_json()), &defaults);
    CAPTURE(link);
    CHECK(std::count(link.begin(), link.end(), '&') > 64);  // more than the first links' limit of 64
    App b(AppConfig{});
    const Status s = b.apply_link(link, defaults);
    REQUIRE_MESSAGE(s.is_ok(), s.message);
    if (state_of(a) != state_of(b)) FAIL("states differ: " << json::diff(state_of(a), state_of(b)).dump().substr(0, 600));
  }
  MESSAGE(applied, " settings applied, ", refused, " refused as not applicable");
  CHECK(applied > refused);
}

// ---- no command freezes the window (issue 13) ------------------------------------------------------

TEST_CASE("settings app: large step counts and sync=1 run over frames; the window keeps drawing") {
  REQUIRE_SHELL();
  using clock = std::chrono::steady_clock;
  const auto seconds = [](clock::time_point t) { return std::chrono::duration<double>(clock::now() - t).count(); };
  harness::fresh_app("network");
  harness::run_ok("network data=spiral hidden=64,64 batch=0");
  auto t0 = clock::now();
  harness::run_ok("network step 1000000");
  CHECK(seconds(t0) < 1.0);  // the command returns; the steps go on over frames
  json s = harness::state();
  CHECK(s["busy"] == true);
  const long first = s["views"]["network"]["training"]["step"].get<long>();
  for (int f = 0; f < 5; ++f) {
    t0 = clock::now();
    harness::render(1);
    CHECK(seconds(t0) < 1.0);
  }
  s = harness::state();
  CHECK(s["views"]["network"]["training"]["step"].get<long>() > first);
  harness::run_ok("network reset");  // the pending steps go with the old run
  CHECK(harness::state()["busy"] == false);
  // One step too large for an interactive app is refused, saying why (8 layers of 4096, full batch).
  harness::shell().app().run("network hidden=4096,4096,4096,4096,4096,4096,4096,4096 batch=0");
  s = harness::state();
  const std::vector<std::string> errs = harness::errors(s);
  REQUIRE(!errs.empty());
  CHECK(errs.back().find("one training step would be") != std::string::npos);
  harness::run_ok("dismiss");
  // A cross-validation far too large is refused; a large one runs over frames while a script waits.
  harness::run_ok("data spiral points=5000 classes=4");
  const Status cv = harness::shell().app().run("knn cv folds=20 cv_limit=0 ks=1,100000 sync=1");
  CHECK(cv.message.find("k = 100000 is more than") != std::string::npos);
  const Status huge = harness::shell().app().run("knn cv folds=20 cv_limit=0 ks=1,5 metrics=l1,l2 sync=1");
  CHECK(huge.is_ok());  // 20000 rows of 2 dimensions: under the limit, over frames
  t0 = clock::now();
  harness::render(2);
  CHECK(seconds(t0) < 2.0);
  harness::run_ok("dismiss");
}

TEST_CASE("settings app: the notation switch names settings and Torch7's modules in either notation") {
  using descent::ui::Notation;
  using descent::ui::notated;
  CHECK(notated("nn.Linear(1, 2) + nn.CrossEntropyCriterion; gradWeight", Notation::PyTorch) ==
        "nn.Linear(1, 2) + nn.CrossEntropyLoss; weight.grad");
  CHECK(notated("nn.Linear(1, 2) + nn.CrossEntropyCriterion; gradWeight", Notation::Lecture) ==
        "nn.Linear(1, 2) + nn.CrossEntropyCriterion; gradWeight");
  // Labels: the lecture's symbol where a setting has one, the key otherwise; links keep the keys.
  descent::ui::AppContext ctx;
  const settings::Spec& lr = descent::optimizer_schema().find("lr")->spec;
  CHECK(descent::ui::setting_label(ctx, lr) == "λ");
  ctx.notation = Notation::PyTorch;
  CHECK(descent::ui::setting_label(ctx, lr) == "lr");
  App app(AppConfig{});
  REQUIRE(app.run("app notation=pytorch").is_ok());
  CHECK(app.context().notation == Notation::PyTorch);
  CHECK(app.run("app notation=klingon").message.find("notation must be one of lecture, pytorch") != std::string::npos);
}
