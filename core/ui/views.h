// views.h: the factories of the app's views, in the lecture's order. Each lives in its own file
// (lab_view.cpp, ...), so the course can be followed through the source tree.
#pragma once
#include <memory>

#include "core/ui/view.h"

namespace descent::ui {

std::unique_ptr<View> make_lecture_view();    // lecture_view.cpp: the lecture's chapters and worked examples
std::unique_ptr<View> make_data_view();       // data_view.cpp: data sets, images, kNN and cross-validation
std::unique_ptr<View> make_linear_view();     // linear_view.cpp: f(x) = Wx + b, softmax/SVM, templates
std::unique_ptr<View> make_gradcheck_view();  // gradcheck_view.cpp: analytic vs numerical gradients
std::unique_ptr<View> make_lab_view();        // lab_view.cpp: optimizers on 2-D surfaces (the opening view)
std::unique_ptr<View> make_landscape_view();  // landscape_view.cpp: a real classifier's loss surface
std::unique_ptr<View> make_network_view();    // network_view.cpp: MLPs trained by backprop

}  // namespace descent::ui
