// plane_losses.cpp: batched loss evaluation over points of a weight-space plane (plane_losses.h).
// Parameters are laid out W1, b1, W2, b2, ... (Network's Parameters), so everything after W1 (the
// "tail") is one contiguous range: each point's tail is materialised once per block of points, W1
// never is (except for its penalty).
#include "core/compute/plane_losses.h"

#include <algorithm>
#include <string>

namespace descent::compute {

namespace {
constexpr int kRows = 2048;                           // evaluation rows per pass
constexpr size_t kBlockBudget = size_t(256) << 20;    // bytes of the largest per-block buffer

template <typename T>
Result<BufferPtr> alloc_of(ComputeDevice& dev, size_t count) {
  return dev.alloc(std::max<size_t>(count, 1) * sizeof(T));
}
}  // namespace

Result<std::unique_ptr<PlaneLosses>> PlaneLosses::create(ComputeDevice& dev, const Network<float>& net, const float* X,
                                                         const int* y, int N) {
  std::unique_ptr<PlaneLosses> p(new PlaneLosses(dev, net));
  p->N_ = std::max(N, 0);
  Result<BufferPtr> x = upload_new(dev, X, size_t(p->N_) * size_t(net.input_dim()));
  if (!x) return x.status();
  p->X_ = std::move(*x);
  p->y_.assign(y, y + p->N_);
  return p;
}

Result<std::vector<double>> PlaneLosses::grid(const Plane& plane, const GridRect& rect, int nx, int ny) {
  nx = std::max(nx, 1);
  ny = std::max(ny, 1);
  std::vector<double> ab;
  ab.reserve(2 * size_t(nx) * size_t(ny));
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      ab.push_back(LossGrid::grid_coordinate(rect.amin, rect.amax, i, nx));
      ab.push_back(LossGrid::grid_coordinate(rect.bmin, rect.bmax, j, ny));
    }
  return evaluate(plane, ab);
}

Result<std::vector<double>> PlaneLosses::evaluate(const Plane& plane, const std::vector<double>& ab) {
  const size_t P = net_.params().size();
  if (plane.center.size() != P || plane.d1.size() != P || plane.d2.size() != P)
    return make_error(ErrorCode::Mismatch, "plane losses: the plane has " + std::to_string(plane.center.size()) +
                                               " coordinates, the model " + std::to_string(P) + " parameters");
  const int points = int(ab.size() / 2), L = net_.num_layers(), C = net_.num_classes();
  std::vector<double> data(static_cast<size_t>(points), 0.0), reg(static_cast<size_t>(points), 0.0);
  if (points == 0) return data;
  const Linear<float>& first = net_.layer(0);
  const float* base = net_.params().value.data();
  const size_t w1 = size_t(first.out) * size_t(first.in), T = P - w1;  // T: the tail b1, W2, b2, ...
  auto tail_offset = [&](const float* p) { return size_t(p - base) - w1; };
  int widest = 0;
  for (int l = 0; l < L; ++l) widest = std::max(widest, net_.layer(l).out);

  // Block sizes: R rows per pass, G points per block, each block buffer within the budget.
  const int R = std::max(1, std::min(N_, kRows));
  const size_t budget = std::min(dev_.info().max_buffer_bytes, kBlockBudget);
  const size_t per_point = std::max({size_t(R) * size_t(widest), T, size_t(R)}) * sizeof(float);
  const int G = int(std::clamp<size_t>(budget / per_point, 1, size_t(points)));
  const RegularizerDesc& rdesc = net_.desc().reg;
  const bool penalised = rdesc.kind != Regularizer::None && rdesc.lambda != 0.0;
  const int G_w1 = penalised ? int(std::clamp<size_t>(budget / (w1 * sizeof(float)), 1, size_t(G))) : 1;

  std::vector<float> cde;  // (3, P): center, d1, d2
  cde.reserve(3 * P);
  for (const std::vector<float>* v : {&plane.center, &plane.d1, &plane.d2}) cde.insert(cde.end(), v->begin(), v->end());
  Result<BufferPtr> plane_buf = upload_new(dev_, cde.data(), cde.size());
  Result<BufferPtr> ab_buf = upload_new(dev_, ab.data(), 2 * size_t(points));
  Result<BufferPtr> uvw = alloc_of<float>(dev_, 3 * size_t(R) * size_t(first.out));
  Result<BufferPtr> ping = alloc_of<float>(dev_, size_t(G) * size_t(R) * size_t(widest));
  Result<BufferPtr> pong = alloc_of<float>(dev_, size_t(G) * size_t(R) * size_t(widest));
  Result<BufferPtr> tail = alloc_of<float>(dev_, size_t(G) * T);
  Result<BufferPtr> labels = alloc_of<int32_t>(dev_, size_t(G) * size_t(R));
  Result<BufferPtr> sums = alloc_of<double>(dev_, size_t(std::max(G, 1)) * size_t(L));
  Result<BufferPtr> w1_points = alloc_of<float>(dev_, penalised ? size_t(G_w1) * w1 : 1);
  for (Result<BufferPtr>* r : {&plane_buf, &ab_buf, &uvw, &ping, &pong, &tail, &labels, &sums, &w1_points})
    if (!*r) return r->status();
  const FloatSpan c = span_of<float>(**plane_buf), d = c + P, e = c + 2 * P;
  const DoubleSpan abs = span_of<double>(**ab_buf), sum = span_of<double>(**sums);
  std::vector<double> host_sums(size_t(G) * size_t(L));
  std::vector<int> rep;

  // The penalty of every point: per weight tensor, for a block of points at a time.
  if (penalised) {
    for (int g0 = 0; g0 < points; g0 += G) {
      const int Gc = std::min(G, points - g0);
      dev_.plane_combine(T, Gc, c + w1, d + w1, e + w1, abs + 2 * size_t(g0), span_of<float>(**tail));
      for (int l = 1; l < L; ++l) {
        const Linear<float>& layer = net_.layer(l);
        dev_.penalty(size_t(layer.out) * size_t(layer.in), span_of<float>(**tail) + tail_offset(layer.weight), {},
                     rdesc, sum + size_t(l) * size_t(G), Gc, T);
      }
      for (int h0 = 0; h0 < Gc; h0 += G_w1) {  // W1 of each point, materialised for its penalty only
        const int Hc = std::min(G_w1, Gc - h0);
        dev_.plane_combine(w1, Hc, c, d, e, abs + 2 * size_t(g0 + h0), span_of<float>(**w1_points));
        dev_.penalty(w1, span_of<float>(**w1_points), {}, rdesc, sum + size_t(h0), Hc, w1);
      }
      if (Status s = dev_.download(**sums, 0, host_sums.data(), host_sums.size() * sizeof(double)); !s) return s;
      for (int g = 0; g < Gc; ++g)
        for (int l = 0; l < L; ++l) reg[size_t(g0 + g)] += host_sums[size_t(l) * size_t(G) + size_t(g)];  // layer order
    }
  }

  // The data loss: per block of rows, the first layer's three products, then every point's forward pass.
  const FloatSpan U = span_of<float>(**uvw);
  for (int r0 = 0; r0 < N_; r0 += R) {
    const int Rc = std::min(R, N_ - r0);
    const size_t H1 = size_t(first.out), n1 = size_t(Rc) * H1;
    // UVW (3, Rc, H1) = X_rows (Rc, D) · [C; D; E]^T restricted to W1: one product per plane vector.
    dev_.gemm(Trans::No, Trans::Yes, Rc, first.out, first.in, span_of<float>(*X_) + size_t(r0) * size_t(first.in), c,
              0.f, U, {.count = 3, .a = 0, .b = P, .c = n1});
    rep.resize(size_t(G) * size_t(Rc));  // the rows' labels once per point: the criterion's Gc runs
    for (int g = 0; g < G; ++g) std::copy_n(y_.data() + r0, Rc, rep.data() + size_t(g) * size_t(Rc));
    if (Status s = dev_.upload(**labels, 0, rep.data(), rep.size() * sizeof(int32_t)); !s) return s;
    for (int g0 = 0; g0 < points; g0 += G) {
      const int Gc = std::min(G, points - g0);
      const DoubleSpan ab_g = abs + 2 * size_t(g0);
      const FloatSpan tails = span_of<float>(**tail);
      dev_.plane_combine(T, Gc, c + w1, d + w1, e + w1, ab_g, tails);
      // Layer 1 of each point: Z (Gc, Rc, H1) = U + a V + b W, then + b1(a, b) and the activation.
      FloatSpan cur = span_of<float>(**ping), other = span_of<float>(**pong);
      dev_.plane_combine(n1, Gc, U, U + n1, U + 2 * n1, ab_g, cur);
      dev_.bias_activation_forward(Rc, first.out, cur, tails + tail_offset(first.bias), first.act, Gc, T);
      for (int l = 1; l < L; ++l) {  // every later layer, batched over the points
        const Linear<float>& layer = net_.layer(l);
        const size_t in_n = size_t(Rc) * size_t(layer.in), out_n = size_t(Rc) * size_t(layer.out);
        dev_.gemm(Trans::No, Trans::Yes, Rc, layer.out, layer.in, cur, tails + tail_offset(layer.weight), 0.f, other,
                  {.count = Gc, .a = in_n, .b = T, .c = out_n});
        dev_.bias_activation_forward(Rc, layer.out, other, tails + tail_offset(layer.bias), layer.act, Gc, T);
        std::swap(cur, other);
      }
      const int rows = Gc * Rc;
      if (resolved_loss(net_.desc()) == LossKind::Hinge)
        dev_.multiclass_hinge(rows, C, cur, span_of<int32_t>(**labels), 1.0, 0.f, {}, sum, Gc);
      else
        dev_.softmax_cross_entropy(rows, C, cur, span_of<int32_t>(**labels), 0.f, {}, sum, Gc);
      if (Status s = dev_.download(**sums, 0, host_sums.data(), size_t(Gc) * sizeof(double)); !s) return s;
      for (int g = 0; g < Gc; ++g) data[size_t(g0 + g)] += host_sums[size_t(g)];
    }
  }
  std::vector<double> losses(static_cast<size_t>(points));
  for (int g = 0; g < points; ++g) losses[size_t(g)] = (N_ > 0 ? data[size_t(g)] / double(N_) : 0.0) + reg[size_t(g)];
  return losses;
}

}  // namespace descent::compute
