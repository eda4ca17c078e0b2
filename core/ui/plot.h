// plot.h: the app's small 2-D plotting kit on ImGui's draw list: line plots with axes, ticks,
// legend and optional error bars (loss curves, accuracy vs k), a heat-map image with a colour bar,
// a confusion matrix, and the "(?)" help marker that opens a concept's explanation.
// Not ImPlot: just what the lecture's figures need, drawn identically on desktop and web.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

namespace descent::ui {

struct PlotSeries {
  std::vector<float> x;    // empty = 0, 1, 2, ...
  std::vector<float> y;
  std::vector<float> err;  // empty = no error bars; else +-err[i] around y[i]
  uint32_t color = 0xffffffff;
  std::string label;
  float thickness = 1.5f;
  bool markers = false;
};

struct PlotAxes {
  std::string title, xlabel, ylabel;
  bool log_y = false;
  float ymin = 0, ymax = 0;  // ymin == ymax: fit the data
  bool integer_x = false;    // x ticks only at whole numbers (k of kNN, epochs)
};

// A line plot's y axis: the range drawn (the data's lo..hi in plot space, log10 when log_y, padded;
// axes.ymin/ymax when set; a linear axis spans at least a thousandth of its values' size, so two
// nearly equal losses do not need six-decimal labels) and its ticks. line_plot sizes its left
// margin to the widest label. height and font_px: the inner plot's height and the font size.
struct YAxis {
  struct Tick {
    double t;           // in plot space (log10 of the value on a log axis)
    std::string label;  // as drawn
  };
  double y0 = 0, y1 = 1;
  std::vector<Tick> ticks;
};
YAxis y_axis(double lo, double hi, const PlotAxes& axes, float height, float font_px);

// A line plot filling `size` (negative components: the remaining content region, as ImGui does).
// Returns the plot's inner rectangle in screen coordinates (min, max) for overlays.
ImVec4 line_plot(const char* id, ImVec2 size, const PlotAxes& axes, const std::vector<PlotSeries>& series);

// A (rows, cols) matrix of counts as coloured cells with numbers; labels optional.
void confusion_matrix(const char* id, ImVec2 size, const std::vector<int>& counts, int n,
                      const std::vector<std::string>& labels);

// A vertical colour bar of colormap() from vmin (bottom) to vmax (top), with an optional label
// above it; size as for line_plot.
void color_bar(const char* id, ImVec2 size, float vmin, float vmax, const char* label = nullptr);

// A small "(?)" after the previous item; hovering shows `text`, clicking keeps it open.
void help_marker(const char* text);

}  // namespace descent::ui
