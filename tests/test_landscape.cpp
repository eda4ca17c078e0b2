// test_landscape.cpp: planes through weight space (PCA, filter-normalised random, coordinates),
// projection, and the incremental loss grid, against closed forms.
#include <doctest/doctest.h>

#include <array>
#include <cmath>

#include "core/landscape/loss_grid.h"
#include "core/landscape/plane.h"
#include "core/rng.h"

using namespace descent;

namespace {
constexpr size_t P = 12;

std::vector<float> random_vec(Rng& rng, double scale = 1.0) {
  std::vector<float> v(P);
  for (float& x : v) x = float(scale * rng.uniform(-1, 1));
  return v;
}

// Two orthonormal vectors by Gram-Schmidt.
void orthonormal_pair(Rng& rng, std::vector<double>& u1, std::vector<double>& u2) {
  u1.assign(P, 0);
  u2.assign(P, 0);
  double n1 = 0;
  for (double& x : u1) { x = rng.normal(); n1 += x * x; }
  for (double& x : u1) x /= std::sqrt(n1);
  double c = 0;
  for (size_t p = 0; p < P; ++p) { u2[p] = rng.normal(); }
  for (size_t p = 0; p < P; ++p) c += u1[p] * u2[p];
  double n2 = 0;
  for (size_t p = 0; p < P; ++p) { u2[p] -= c * u1[p]; n2 += u2[p] * u2[p]; }
  for (double& x : u2) x /= std::sqrt(n2);
}
}  // namespace

TEST_CASE("landscape: points of a path inside a plane project exactly, with zero offset") {
  Rng rng(3);
  std::vector<double> u1, u2;
  orthonormal_pair(rng, u1, u2);
  const std::vector<float> center = random_vec(rng);
  std::vector<std::vector<float>> path;
  std::vector<std::array<double, 2>> ab;
  for (int k = 0; k < 20; ++k) {  // a spiral into the center, in the (u1, u2) plane
    const double r = 2.0 * (19 - k) / 19.0, t = 0.5 * k;
    ab.push_back({r * std::cos(t), r * std::sin(t)});
    std::vector<float> th(P);
    for (size_t p = 0; p < P; ++p) th[p] = float(center[p] + ab.back()[0] * u1[p] + ab.back()[1] * u2[p]);
    path.push_back(th);
  }
  Result<Plane> plane = pca_plane(path);
  REQUIRE(plane.ok());
  CHECK(plane->explained[0] + plane->explained[1] == doctest::Approx(1.0).epsilon(1e-6));
  for (size_t k = 0; k < path.size(); ++k) {
    const PlanePoint q = project(*plane, path[k]);
    CHECK(q.off < 1e-5);
    // The PCA basis may be a rotation/reflection of (u1, u2): lengths are what must agree.
    CHECK(std::hypot(q.a, q.b) == doctest::Approx(std::hypot(ab[k][0], ab[k][1])).epsilon(1e-5));
    std::vector<float> back;
    plane_point(*plane, q.a, q.b, back);
    for (size_t p = 0; p < P; ++p) CHECK(back[p] == doctest::Approx(path[k][p]).epsilon(1e-5));
  }
}

TEST_CASE("landscape: the offset of a point off the plane is its perpendicular distance") {
  Rng rng(4);
  const std::vector<float> center = random_vec(rng);
  Result<Plane> plane = weights_plane(center, 2, 7);
  REQUIRE(plane.ok());
  std::vector<float> th = center;
  th[2] += 0.5f;
  th[7] -= 0.25f;
  th[9] += 0.3f;  // off the plane
  const PlanePoint q = project(*plane, th);
  CHECK(q.a == doctest::Approx(0.5).epsilon(1e-6));
  CHECK(q.b == doctest::Approx(-0.25).epsilon(1e-6));
  CHECK(q.off == doctest::Approx(0.3).epsilon(1e-6));
  CHECK(!weights_plane(center, 3, 3).ok());
  CHECK(!weights_plane(center, 3, P).ok());
}

TEST_CASE("landscape: a quadratic's plane slice equals its closed form") {
  // f(theta) = 1/2 sum_p lambda_p theta_p^2; on theta = c + a d1 + b d2 it is
  // 1/2 sum_p lambda_p (c_p + a d1_p + b d2_p)^2.
  Rng rng(5);
  std::vector<double> lambda(P);
  for (size_t p = 0; p < P; ++p) lambda[p] = 0.5 + double(p);
  LossFn f = [&](const std::vector<float>& th) {
    double s = 0;
    for (size_t p = 0; p < P; ++p) s += 0.5 * lambda[p] * double(th[p]) * double(th[p]);
    return s;
  };
  Plane plane;
  plane.center = random_vec(rng);
  plane.d1 = random_vec(rng);
  plane.d2 = random_vec(rng);
  LossGrid grid(plane, {-2, 2, -1, 3}, 9, 7, f);
  int calls = 0;
  while (!grid.done()) {
    calls++;
    CHECK(grid.advance(5) <= 5);
  }
  CHECK(calls == (9 * 7 + 4) / 5);
  CHECK(grid.progress() == 1.0);
  for (int j = 0; j < 7; ++j)
    for (int i = 0; i < 9; ++i) {
      const double a = -2 + 4.0 * i / 8, b = -1 + 4.0 * j / 6;
      double s = 0;
      for (size_t p = 0; p < P; ++p) {
        const double t = double(plane.center[p]) + a * plane.d1[p] + b * plane.d2[p];
        s += 0.5 * lambda[p] * t * t;
      }
      CHECK(grid.values()[size_t(j * 9 + i)] == doctest::Approx(s).epsilon(1e-5));
    }
}

TEST_CASE("landscape: random directions are filter-normalised, biases excluded") {
  std::vector<ParamTensor> layout = {{"W1", 0, 3, 4, true}, {"b1", 12, 1, 3, false}};
  std::vector<float> center(15);
  Rng rng(6);
  for (float& v : center) v = float(rng.uniform(-2, 2));
  const Plane plane = random_plane(center, layout, 11);
  for (const std::vector<float>* d : {&plane.d1, &plane.d2}) {
    for (int r = 0; r < 3; ++r) {
      double dn = 0, wn = 0;
      for (int c = 0; c < 4; ++c) {
        dn += double((*d)[size_t(r * 4 + c)]) * (*d)[size_t(r * 4 + c)];
        wn += double(center[size_t(r * 4 + c)]) * center[size_t(r * 4 + c)];
      }
      CHECK(std::sqrt(dn) == doctest::Approx(std::sqrt(wn)).epsilon(1e-5));
    }
    for (size_t i = 12; i < 15; ++i) CHECK((*d)[i] == 0.0f);
  }
  CHECK(plane.d1 != plane.d2);
  CHECK(random_plane(center, layout, 11).d1 == plane.d1);  // seeded
}

TEST_CASE("landscape: a straight path still gives a plane, and shared planes take all paths") {
  std::vector<std::vector<float>> line;
  for (int k = 0; k < 5; ++k) {
    std::vector<float> th(P, 0.0f);
    th[0] = float(k);
    th[1] = float(2 * k);
    line.push_back(th);
  }
  Result<Plane> plane = pca_plane(line);
  REQUIRE(plane.ok());
  CHECK(plane->explained[1] == 0.0);
  double dot = 0, n2 = 0;
  for (size_t p = 0; p < P; ++p) {
    dot += double(plane->d1[p]) * plane->d2[p];
    n2 += double(plane->d2[p]) * plane->d2[p];
  }
  CHECK(std::fabs(dot) < 1e-6);
  CHECK(n2 == doctest::Approx(1.0).epsilon(1e-6));
  for (const auto& th : line) CHECK(project(*plane, th).off < 1e-4);

  std::vector<std::vector<float>> other = line;
  for (auto& th : other) th[5] = th[0];  // a second path leaving the first one's line
  Result<Plane> shared = pca_plane({&line, &other}, line.back());
  REQUIRE(shared.ok());
  for (const auto& th : other) CHECK(project(*shared, th).off < 1e-4);
  std::vector<std::vector<float>> still(3, std::vector<float>(P, 1.0f));
  CHECK(!pca_plane(still).ok());
}
