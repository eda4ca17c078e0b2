// knn_settings.cpp: the settings table of KnnDesc (knn_settings.h).
#include "core/knn/knn_settings.h"

namespace descent {

namespace {

using settings::Setting;
using settings::Spec;
using settings::Type;

settings::Schema<KnnDesc> make_schema() {
  std::vector<Setting<KnnDesc>> all = {
      settings::number_field(Spec{.key = "k", .type = Type::Integer, .lo = 1, .hi = 100000,
                                  .help = "how many nearest training examples vote on a query's class",
                                  .slider_lo = 1, .slider_hi = 25},
                             &KnnDesc::k, 5),
      settings::choice_field(Spec{.key = "metric", .choices = {"l1", "l2"},
                                  .help = "the distance: l1 (sum of |differences|) or l2 (Euclidean)"},
                             &KnnDesc::metric, std::vector<Metric>{Metric::L1, Metric::L2}, Metric::L1),
      settings::list_field(Spec{.key = "ks", .type = Type::IntList, .lo = 1, .hi = 100000, .min_items = 1,
                                .max_items = 32, .help = "the values of k cross-validation tries"},
                           &KnnDesc::ks, std::vector<int>{1, 3, 5, 7}),
      settings::choice_field(
          Spec{.key = "metrics", .choices = {"l1", "l2", "l1,l2"}, .help = "the distances cross-validation tries"},
          &KnnDesc::metrics, std::vector<MetricChoice>{MetricChoice::L1, MetricChoice::L2, MetricChoice::Both},
          MetricChoice::Both),
      settings::number_field(Spec{.key = "folds", .type = Type::Integer, .lo = 0, .hi = 20,
                                  .help = "cross-validation folds: each in turn is held out and classified by the "
                                          "others (0: no cross-validation)",
                                  .slider_lo = 2, .slider_hi = 10},
                             &KnnDesc::folds, 5),
      settings::number_field(Spec{.key = "cv_limit", .type = Type::Integer, .lo = 0, .hi = 1e8,
                                  .help = "cross-validate on the first N training examples (0 = all)"},
                             &KnnDesc::cv_limit, 5000),
  };
  settings::Schema<KnnDesc> schema("knn", std::move(all));
  schema.add_check([](const KnnDesc& d) -> Status {
    if (d.folds == 1) return make_error(ErrorCode::Usage, "folds must be 0 (none) or 2..20 (got 1)");
    return Status::ok();
  });
  return schema;
}

}  // namespace

std::vector<Metric> metrics_of(MetricChoice c) {
  if (c == MetricChoice::L1) return {Metric::L1};
  if (c == MetricChoice::L2) return {Metric::L2};
  return {Metric::L1, Metric::L2};
}

const settings::Schema<KnnDesc>& knn_schema() {
  static const settings::Schema<KnnDesc> schema = make_schema();
  return schema;
}

}  // namespace descent
