// examples_json.h: every worked example as one JSON object with its name ("example"), its chapter,
// its inputs and its results under plain keys ("l1": 456, "probabilities": [...], "loss_ln": ...),
// the one form that `descent lecture --json` prints and the app's Lecture view reports in its
// state, so both show the same computation. Not the computation (the example files) and not text.
// Usage: nlohmann::json j = example_json(*softmax_example(scores, 0, names));
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "core/lecture/batch_comparison.h"
#include "core/lecture/choose_k.h"
#include "core/lecture/finite_difference.h"
#include "core/lecture/image_distance.h"
#include "core/lecture/knn_time.h"
#include "core/lecture/layers.h"
#include "core/lecture/linear_scores.h"
#include "core/lecture/momentum_forms.h"
#include "core/lecture/pixels.h"
#include "core/lecture/regularization_example.h"
#include "core/lecture/softmax_example.h"
#include "core/lecture/svm_example.h"
#include "core/lecture/torch_linear.h"

namespace descent::lecture {

// with_pixels: the image's values as rows (height lists of width * channels numbers).
nlohmann::json example_json(const PixelsExample& p, bool with_pixels = true);
nlohmann::json example_json(const ImageDistance& d);
nlohmann::json example_json(const KnnTimer& t, const std::string& set);
nlohmann::json example_json(const ChooseK& c, const std::string& set);
nlohmann::json example_json(const LinearScores& s);
nlohmann::json example_json(const SoftmaxExample& s);
nlohmann::json example_json(const SvmExample& s);
nlohmann::json example_json(const RegularizationExample& r);
nlohmann::json example_json(const FiniteDifference& f);
nlohmann::json example_json(const TorchLinear& t);
nlohmann::json example_json(const BatchComparison& c, const std::string& set);
nlohmann::json example_json(const MomentumForms& m);
nlohmann::json example_json(const LayersExample& l);

}  // namespace descent::lecture
