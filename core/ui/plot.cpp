// plot.cpp: the 2-D plotting kit (plot.h) drawn with ImGui's draw list: axes with "nice" ticks,
// optional log-y, error bars, legend, a hover read-out, a confusion matrix and the help marker.
// Long series are reduced to a min/max envelope per pixel column, so a 100k-step loss curve costs
// about as much to draw as a short one. Not a plotting library: no zoom, no pan.
#include "core/ui/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/ui/colormap.h"
#include "core/ui/layout.h"

namespace descent::ui {
namespace {

constexpr uint32_t kAxisColor = IM_COL32(200, 200, 200, 255);
constexpr uint32_t kGridColor = IM_COL32(255, 255, 255, 28);
constexpr uint32_t kTextColor = IM_COL32(225, 225, 225, 255);
constexpr uint32_t kFrameBg = IM_COL32(20, 22, 28, 255);

bool finite(float v) { return std::isfinite(v); }

// Tick step of about range/target with a mantissa of 1, 2 or 5.
double nice_step(double range, int target) {
  if (!(range > 0)) return 1.0;
  double raw = range / std::max(1, target);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double m = raw / mag;
  double nice = m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10;
  return nice * mag;
}

void format_tick(char* buf, size_t n, double v, double step) {
  if (std::fabs(v) < step * 1e-6) v = 0;
  double a = std::fabs(v);
  if (a != 0 && (a >= 1e5 || a < 1e-3))
    std::snprintf(buf, n, "%.0e", v);
  else if (step >= 1)
    std::snprintf(buf, n, "%.0f", v);
  else {
    int digits = static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    std::snprintf(buf, n, "%.*f", std::min(digits, 6), v);
  }
}

ImVec2 resolve_size(ImVec2 size, float min_w, float min_h) {
  ImVec2 avail = ImGui::GetContentRegionAvail();
  if (size.x <= 0) size.x = std::max(min_w, avail.x + size.x);
  if (size.y <= 0) size.y = std::max(min_h, avail.y + size.y);
  return size;
}

// Maps data values to screen coordinates inside the inner rectangle.
struct Mapping {
  double x0, x1, y0, y1;  // data range (y in transformed space when log)
  ImVec2 p0, p1;          // inner rect
  bool log_y;
  double ty(double y) const { return log_y ? std::log10(std::max(y, 1e-30)) : y; }
  float sx(double x) const { return p0.x + static_cast<float>((x - x0) / (x1 - x0)) * (p1.x - p0.x); }
  float sy(double y) const { return p1.y - static_cast<float>((ty(y) - y0) / (y1 - y0)) * (p1.y - p0.y); }
};

float series_x(const PlotSeries& s, size_t i) { return s.x.empty() ? static_cast<float>(i) : s.x[i]; }

void draw_series(ImDrawList* dl, const PlotSeries& s, const Mapping& m, std::vector<ImVec2>& pts) {
  size_t n = s.y.size();
  if (!s.x.empty()) n = std::min(n, s.x.size());
  if (n == 0) return;
  float width = m.p1.x - m.p0.x;
  pts.clear();
  auto flush = [&] {
    if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.color, 0, s.thickness);
    pts.clear();
  };
  bool envelope = n > static_cast<size_t>(3 * std::max(1.0f, width)) && s.err.empty() && !s.markers;
  if (!envelope) {
    for (size_t i = 0; i < n; ++i) {
      float x = series_x(s, i), y = s.y[i];
      if (!finite(x) || !finite(y) || (m.log_y && y <= 0)) {
        flush();
        continue;
      }
      pts.push_back(ImVec2(m.sx(x), m.sy(y)));
    }
    flush();
  } else {
    // Min/max per pixel column, in index order (x assumed increasing).
    int col = -1;
    float lo = 0, hi = 0;
    bool have = false;
    auto emit = [&] {
      if (!have) return;
      float cx = m.p0.x + static_cast<float>(col) + 0.5f;
      pts.push_back(ImVec2(cx, lo));
      if (hi != lo) pts.push_back(ImVec2(cx, hi));
      have = false;
    };
    for (size_t i = 0; i < n; ++i) {
      float x = series_x(s, i), y = s.y[i];
      if (!finite(x) || !finite(y) || (m.log_y && y <= 0)) {
        emit();
        flush();
        continue;
      }
      int c = static_cast<int>(m.sx(x) - m.p0.x);
      float py = m.sy(y);
      if (c != col) {
        emit();
        col = c;
        lo = hi = py;
        have = true;
      } else {
        lo = std::max(lo, py);  // screen y grows downwards: lo = lowest value
        hi = std::min(hi, py);
      }
    }
    emit();
    flush();
  }
  if (!s.err.empty()) {
    float cap = 3.0f;
    for (size_t i = 0; i < n && i < s.err.size(); ++i) {
      float x = series_x(s, i), y = s.y[i], e = s.err[i];
      if (!finite(x) || !finite(y) || !finite(e)) continue;
      float sx = m.sx(x);
      double ylo = y - e, yhi = y + e;
      if (m.log_y && ylo <= 0) ylo = y * 1e-3;
      float a = m.sy(ylo), b = m.sy(yhi);
      dl->AddLine(ImVec2(sx, a), ImVec2(sx, b), s.color, 1.2f);
      dl->AddLine(ImVec2(sx - cap, a), ImVec2(sx + cap + 1, a), s.color, 1.2f);
      dl->AddLine(ImVec2(sx - cap, b), ImVec2(sx + cap + 1, b), s.color, 1.2f);
    }
  }
  if (s.markers) {
    for (size_t i = 0; i < n; ++i) {
      float x = series_x(s, i), y = s.y[i];
      if (!finite(x) || !finite(y) || (m.log_y && y <= 0)) continue;
      dl->AddCircleFilled(ImVec2(m.sx(x), m.sy(y)), s.thickness + 2.0f, s.color, 12);
    }
  }
}

}  // namespace

YAxis y_axis(double y0, double y1, const PlotAxes& axes, float height, float font_px) {
  YAxis a;
  if (axes.ymin != axes.ymax) {
    y0 = axes.log_y ? std::log10(std::max(1e-30, static_cast<double>(axes.ymin))) : axes.ymin;
    y1 = axes.log_y ? std::log10(std::max(1e-30, static_cast<double>(axes.ymax))) : axes.ymax;
  }
  if (y1 - y0 < 1e-12 * std::max(1.0, std::fabs(y0))) {
    double pad = axes.log_y ? 0.5 : std::max(0.5, std::fabs(y0) * 0.1);
    y0 -= pad;
    y1 += pad;
  } else if (axes.ymin == axes.ymax) {
    double pad = (y1 - y0) * 0.05;
    y0 -= pad;
    y1 += pad;
  }
  // Two nearly equal values (the first losses of a run, 1.096678 and 1.096681) would need ticks
  // with six decimals: a linear axis spans at least a thousandth of its values' size.
  if (!axes.log_y && axes.ymin == axes.ymax) {
    const double min_range = 1e-3 * std::max(std::fabs(y0), std::fabs(y1));
    if (y1 - y0 < min_range) {
      const double c = 0.5 * (y0 + y1);
      y0 = c - 0.5 * min_range;
      y1 = c + 0.5 * min_range;
    }
  }
  a.y0 = y0;
  a.y1 = y1;
  char buf[64];
  if (axes.log_y && y1 - y0 >= 1.0) {
    double step = std::max(1.0, std::ceil((y1 - y0) / 6.0));
    for (double t = std::ceil(y0); t <= y1 + 1e-9; t += step) {
      std::snprintf(buf, sizeof buf, "1e%d", static_cast<int>(std::lround(t)));
      a.ticks.push_back({t, buf});
    }
    return a;
  }
  // Linear ticks (in log space for a narrow log plot: labels show the real values).
  double step = nice_step(y1 - y0, std::max(2, static_cast<int>(height / (font_px * 2.2f))));
  for (double t = std::ceil(y0 / step) * step; t <= y1 + step * 1e-6; t += step) {
    if (axes.log_y)
      std::snprintf(buf, sizeof buf, "%.3g", std::pow(10.0, t));
    else
      format_tick(buf, sizeof buf, t, step);
    a.ticks.push_back({t, buf});
  }
  return a;
}

ImVec4 line_plot(const char* id, ImVec2 size, const PlotAxes& axes, const std::vector<PlotSeries>& series) {
  ImGui::PushID(id);
  size = resolve_size(size, 120, 80);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##plot", size);
  bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float fs = ImGui::GetFontSize();

  // Data ranges.
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (const PlotSeries& s : series) {
    size_t n = s.x.empty() ? s.y.size() : std::min(s.x.size(), s.y.size());
    for (size_t i = 0; i < n; ++i) {
      float x = series_x(s, i), y = s.y[i];
      if (!finite(x) || !finite(y)) continue;
      float e = (i < s.err.size() && finite(s.err[i])) ? s.err[i] : 0.0f;
      double lo = y - e, hi = y + e;
      if (axes.log_y) {
        if (y <= 0) continue;
        if (lo <= 0) lo = y;
        lo = std::log10(lo);
        hi = std::log10(hi);
      }
      x0 = std::min(x0, static_cast<double>(x));
      x1 = std::max(x1, static_cast<double>(x));
      y0 = std::min(y0, lo);
      y1 = std::max(y1, hi);
    }
  }
  bool empty = x0 > x1;
  if (empty) {
    x0 = 0;
    x1 = 1;
    y0 = 0;
    y1 = 1;
  }
  if (x1 - x0 < 1e-12) {
    x0 -= 0.5;
    x1 += 0.5;
  } else {
    // Markers and error bars would sit on the frame: leave them a little room.
    bool decorated = false;
    for (const PlotSeries& s : series) decorated = decorated || s.markers || !s.err.empty();
    if (decorated) {
      const double pad = (x1 - x0) * 0.04;
      x0 -= pad;
      x1 += pad;
    }
  }
  // Layout: title on top, y label above the axis, tick labels left and below, x label at bottom.
  float top = (axes.title.empty() && axes.ylabel.empty()) ? fs * 0.6f : fs * 1.5f;
  float bottom = fs * 1.4f + (axes.xlabel.empty() ? 0.0f : fs * 1.2f);
  // The left margin fits the widest y tick label, so no label is cut at the window's edge.
  const YAxis ya = y_axis(y0, y1, axes, size.y - top - bottom, fs);
  y0 = ya.y0;
  y1 = ya.y1;
  float left = fs * 3.6f;
  for (const YAxis::Tick& k : ya.ticks) left = std::max(left, ImGui::CalcTextSize(k.label.c_str()).x + fs * 0.6f);
  float right = fs * 0.8f;
  Mapping m{x0, x1, y0, y1,
            ImVec2(origin.x + left, origin.y + top),
            ImVec2(origin.x + size.x - right, origin.y + size.y - bottom),
            axes.log_y};
  if (m.p1.x - m.p0.x < 10 || m.p1.y - m.p0.y < 10) {
    ImGui::PopID();
    return ImVec4(m.p0.x, m.p0.y, m.p1.x, m.p1.y);
  }
  dl->AddRectFilled(m.p0, m.p1, kFrameBg);

  char buf[64];
  // Y ticks.
  for (const YAxis::Tick& k : ya.ticks) {
    float py = m.p1.y - static_cast<float>((k.t - y0) / (y1 - y0)) * (m.p1.y - m.p0.y);
    dl->AddLine(ImVec2(m.p0.x, py), ImVec2(m.p1.x, py), kGridColor);
    ImVec2 ts = ImGui::CalcTextSize(k.label.c_str());
    dl->AddText(ImVec2(m.p0.x - ts.x - 4, py - ts.y * 0.5f), kTextColor, k.label.c_str());
  }
  // X ticks.
  {
    double step = nice_step(x1 - x0, std::max(2, static_cast<int>((m.p1.x - m.p0.x) / (fs * 5.0f))));
    if (axes.integer_x) step = std::max(1.0, std::round(step));
    for (double t = std::ceil(x0 / step) * step; t <= x1 + step * 1e-6; t += step) {
      float px = m.sx(t);
      dl->AddLine(ImVec2(px, m.p0.y), ImVec2(px, m.p1.y), kGridColor);
      format_tick(buf, sizeof buf, t, step);
      ImVec2 ts = ImGui::CalcTextSize(buf);
      dl->AddText(ImVec2(px - ts.x * 0.5f, m.p1.y + 3), kTextColor, buf);
    }
  }
  dl->AddRect(m.p0, m.p1, kAxisColor);

  // Labels.
  if (!axes.title.empty()) {
    ImVec2 ts = ImGui::CalcTextSize(axes.title.c_str());
    dl->AddText(ImVec2((m.p0.x + m.p1.x - ts.x) * 0.5f, origin.y + 1), kTextColor, axes.title.c_str());
  }
  if (!axes.ylabel.empty()) {
    dl->AddText(ImVec2(origin.x + 2, origin.y + 1), IM_COL32(180, 180, 180, 255), axes.ylabel.c_str());
  }
  if (!axes.xlabel.empty()) {
    ImVec2 ts = ImGui::CalcTextSize(axes.xlabel.c_str());
    dl->AddText(ImVec2((m.p0.x + m.p1.x - ts.x) * 0.5f, m.p1.y + fs * 1.35f), IM_COL32(180, 180, 180, 255),
                axes.xlabel.c_str());
  }

  // Series, clipped to the inner rect.
  static thread_local std::vector<ImVec2> pts;
  dl->PushClipRect(m.p0, m.p1, true);
  for (const PlotSeries& s : series) draw_series(dl, s, m, pts);
  dl->PopClipRect();

  // Legend (top right, inside).
  {
    float lw = 0;
    int count = 0;
    for (const PlotSeries& s : series)
      if (!s.label.empty()) {
        lw = std::max(lw, ImGui::CalcTextSize(s.label.c_str()).x);
        ++count;
      }
    if (count > 0) {
      float row = fs * 1.15f;
      ImVec2 a(m.p1.x - lw - fs * 2.2f, m.p0.y + 4);
      ImVec2 b(m.p1.x - 4, a.y + row * count + 4);
      dl->AddRectFilled(a, b, IM_COL32(10, 10, 14, 200), 3.0f);
      float y = a.y + 2;
      for (const PlotSeries& s : series) {
        if (s.label.empty()) continue;
        float cy = y + row * 0.5f;
        dl->AddLine(ImVec2(a.x + 4, cy), ImVec2(a.x + fs * 1.2f, cy), s.color, 3.0f);
        dl->AddText(ImVec2(a.x + fs * 1.5f, y), kTextColor, s.label.c_str());
        y += row;
      }
    }
  }
  if (empty) {
    const char* msg = "no data yet";
    ImVec2 ts = ImGui::CalcTextSize(msg);
    dl->AddText(ImVec2((m.p0.x + m.p1.x - ts.x) * 0.5f, (m.p0.y + m.p1.y - ts.y) * 0.5f),
                IM_COL32(150, 150, 150, 255), msg);
  }

  // Hover read-out: the nearest point of each series to the mouse's x.
  if (hovered && !empty) {
    ImVec2 mp = ImGui::GetIO().MousePos;
    if (mp.x >= m.p0.x && mp.x <= m.p1.x && mp.y >= m.p0.y && mp.y <= m.p1.y) {
      double xm = x0 + (mp.x - m.p0.x) / (m.p1.x - m.p0.x) * (x1 - x0);
      dl->AddLine(ImVec2(mp.x, m.p0.y), ImVec2(mp.x, m.p1.y), IM_COL32(255, 255, 255, 60));
      ImGui::BeginTooltip();
      bool any = false;
      for (const PlotSeries& s : series) {
        size_t n = s.x.empty() ? s.y.size() : std::min(s.x.size(), s.y.size());
        if (n == 0) continue;
        size_t best = 0;
        double bd = 1e300;
        if (s.x.empty()) {
          double r = std::round(xm);
          best = static_cast<size_t>(std::clamp(r, 0.0, static_cast<double>(n - 1)));
        } else {
          for (size_t i = 0; i < n; ++i) {
            double d = std::fabs(s.x[i] - xm);
            if (d < bd) {
              bd = d;
              best = i;
            }
          }
        }
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s  x=%.4g  y=%.4g",
                           s.label.empty() ? "-" : s.label.c_str(), series_x(s, best), s.y[best]);
        if (best < s.err.size()) {
          ImGui::SameLine();
          ImGui::Text("+- %.3g", s.err[best]);
        }
        any = true;
      }
      if (!any) ImGui::TextUnformatted("no data");
      ImGui::EndTooltip();
    }
  }
  ImGui::PopID();
  return ImVec4(m.p0.x, m.p0.y, m.p1.x, m.p1.y);
}

void confusion_matrix(const char* id, ImVec2 size, const std::vector<int>& counts, int n,
                      const std::vector<std::string>& labels) {
  ImGui::PushID(id);
  size = resolve_size(size, 120, 120);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##cm", size);
  bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float fs = ImGui::GetFontSize();
  if (n <= 0 || counts.size() < static_cast<size_t>(n) * n) {
    dl->AddText(origin, IM_COL32(150, 150, 150, 255), "no confusion matrix yet");
    ImGui::PopID();
    return;
  }
  // Label column width: the longest label, capped.
  float lab_w = 0;
  for (int i = 0; i < n && i < static_cast<int>(labels.size()); ++i)
    lab_w = std::max(lab_w, ImGui::CalcTextSize(labels[i].c_str()).x);
  lab_w = std::min(lab_w, fs * 7.0f) + 6;
  float top = fs * 1.4f;   // "predicted" heading + column indices
  float left = lab_w + fs * 1.0f;
  float cell = std::min((size.x - left - 4) / n, (size.y - top - fs * 1.2f) / n);
  if (cell < 4) {
    ImGui::PopID();
    return;
  }
  ImVec2 p0(origin.x + left, origin.y + top);
  dl->AddText(ImVec2(p0.x, origin.y), IM_COL32(180, 180, 180, 255), "predicted ->   (rows: true class)");

  std::vector<int> row_sum(n, 0);
  long total = 0, correct = 0;
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      row_sum[r] += counts[r * n + c];
      total += counts[r * n + c];
      if (r == c) correct += counts[r * n + c];
    }
  char buf[32];
  bool numbers = cell >= fs * 1.3f;
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      int v = counts[r * n + c];
      float frac = row_sum[r] > 0 ? static_cast<float>(v) / row_sum[r] : 0.0f;
      ImVec2 a(p0.x + c * cell, p0.y + r * cell), b(a.x + cell - 1, a.y + cell - 1);
      uint32_t col = r == c ? colormap(0.15f + 0.85f * frac) : IM_COL32(static_cast<int>(40 + 215 * std::sqrt(frac)), 40, 45, 255);
      dl->AddRectFilled(a, b, col);
      if (numbers && v > 0) {
        std::snprintf(buf, sizeof buf, "%d", v);
        ImVec2 ts = ImGui::CalcTextSize(buf);
        float scale = std::min(1.0f, (cell - 2) / std::max(1.0f, ts.x));
        uint32_t tc = (r == c && frac > 0.6f) ? IM_COL32(0, 0, 0, 255) : IM_COL32(240, 240, 240, 255);
        dl->AddText(nullptr, fs * scale, ImVec2(a.x + (cell - ts.x * scale) * 0.5f, a.y + (cell - fs * scale) * 0.5f),
                    tc, buf);
      }
    }
    const char* lab = r < static_cast<int>(labels.size()) ? labels[r].c_str() : "";
    std::snprintf(buf, sizeof buf, "%d", r);
    dl->PushClipRect(ImVec2(origin.x, p0.y + r * cell), ImVec2(origin.x + lab_w, p0.y + (r + 1) * cell), true);
    dl->AddText(ImVec2(origin.x, p0.y + r * cell + (cell - fs) * 0.5f), kTextColor, lab);
    dl->PopClipRect();
    dl->AddText(ImVec2(origin.x + lab_w, p0.y + r * cell + (cell - fs) * 0.5f), IM_COL32(160, 160, 160, 255), buf);
  }
  // Column indices under the heading.
  if (cell >= fs * 0.8f)
    for (int c = 0; c < n; ++c) {
      std::snprintf(buf, sizeof buf, "%d", c);
      ImVec2 ts = ImGui::CalcTextSize(buf);
      dl->AddText(ImVec2(p0.x + c * cell + (cell - ts.x) * 0.5f, p0.y + n * cell + 2), IM_COL32(160, 160, 160, 255),
                  buf);
    }
  if (hovered) {
    ImVec2 mp = ImGui::GetIO().MousePos;
    int c = static_cast<int>(std::floor((mp.x - p0.x) / cell));
    int r = static_cast<int>(std::floor((mp.y - p0.y) / cell));
    if (r >= 0 && r < n && c >= 0 && c < n) {
      ImGui::BeginTooltip();
      auto name = [&](int k) { return k < static_cast<int>(labels.size()) ? labels[k].c_str() : "?"; };
      ImGui::Text("true %s, predicted %s: %d (%.1f%% of the row)", name(r), name(c), counts[r * n + c],
                  row_sum[r] > 0 ? 100.0 * counts[r * n + c] / row_sum[r] : 0.0);
      ImGui::EndTooltip();
    } else if (total > 0) {
      ImGui::SetTooltip("accuracy %.2f%% (%ld / %ld)", 100.0 * correct / total, correct, total);
    }
  }
  ImGui::PopID();
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::PushID(text);
  ImGui::TextDisabled("(?)");
  bool hovered = ImGui::IsItemHovered();
  if (ImGui::IsItemClicked()) ImGui::OpenPopup("##help");
  if (hovered && !ImGui::IsPopupOpen("##help")) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(layout::wrap_width(30.0f));  // (never wider than a phone)
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  if (ImGui::BeginPopup("##help")) {
    ImGui::PushTextWrapPos(layout::wrap_width(30.0f));  // (never wider than a phone)
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndPopup();
  }
  ImGui::PopID();
}

void color_bar(const char* id, ImVec2 size, float vmin, float vmax, const char* label) {
  ImGui::PushID(id);
  size = resolve_size(size, 40, 60);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float fs = ImGui::GetFontSize();
  float bar_w = std::min(fs, size.x * 0.4f);
  float top = origin.y + (label ? fs * 1.2f : fs * 0.5f), bottom = origin.y + size.y - fs * 0.5f;
  if (label) dl->AddText(origin, kTextColor, label);
  int steps = 32;
  for (int i = 0; i < steps; ++i) {
    float t0 = static_cast<float>(i) / steps, t1 = static_cast<float>(i + 1) / steps;
    float ya = bottom - t1 * (bottom - top), yb = bottom - t0 * (bottom - top);
    dl->AddRectFilled(ImVec2(origin.x, ya), ImVec2(origin.x + bar_w, yb), colormap((t0 + t1) * 0.5f));
  }
  dl->AddRect(ImVec2(origin.x, top), ImVec2(origin.x + bar_w, bottom), kAxisColor);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", vmax);
  dl->AddText(ImVec2(origin.x + bar_w + 4, top - fs * 0.5f), kTextColor, buf);
  std::snprintf(buf, sizeof buf, "%.3g", vmin);
  dl->AddText(ImVec2(origin.x + bar_w + 4, bottom - fs * 0.5f), kTextColor, buf);
  ImGui::PopID();
}

}  // namespace descent::ui
