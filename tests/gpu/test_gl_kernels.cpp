// test_gl_kernels.cpp: every kernel of the GL device against its scalar reference, with the
// tolerances stated in tests/compute_checks.h (the unit suite runs the same checks on the CPU
// device); a shader that does not compile reports the driver's log; the GL 4.3 requirement.
#include <doctest/doctest.h>

#include <string>

#include "native/gpu/gl_programs.h"
#include "tests/compute_checks.h"
#include "tests/gpu/gl_fixture.h"

namespace {

using namespace descent;
using namespace descent::compute;
using descent::gpu::testing::gl_device;

TEST_CASE("gl: the device is OpenGL 4.3 or newer and names its renderer") {
  ComputeDevice& dev = gl_device();
  CHECK(dev.info().kind == DeviceKind::GL);
  CHECK_FALSE(dev.info().renderer.empty());
  const std::string v = dev.info().version;
  REQUIRE(v.size() >= 3);
  CHECK((v[0] > '4' || (v[0] == '4' && v[2] >= '3')));
  CHECK(dev.info().max_buffer_bytes >= (size_t(1) << 24));
}

TEST_CASE("gl: gemm (tiled, both tile sizes, every transpose, batched)") { checks::check_gemm(gl_device()); }
TEST_CASE("gl: bias + activation, their backward, column sums, multiply") { checks::check_activations(gl_device()); }
TEST_CASE("gl: softmax cross-entropy and the multiclass hinge with gradients") { checks::check_criteria(gl_device()); }
TEST_CASE("gl: weight penalties and argmax") { checks::check_penalty_and_argmax(gl_device()); }
TEST_CASE("gl: optimizer updates (SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam)") {
  checks::check_updates(gl_device(), true);  // update.comp's fma: one rounding, emulated in double
}
TEST_CASE("gl: L1/L2 distances (float and exact bytes), nearest k, vote") { checks::check_knn_kernels(gl_device()); }
TEST_CASE("gl: plane points for many (a, b) at once") { checks::check_plane_combine(gl_device()); }
TEST_CASE("gl: a span past its buffer is reported, not run") { checks::check_bounds(gl_device()); }

TEST_CASE("gl: a shader that does not compile comes back with the driver's log") {
  gl_device();  // its context is current
  Result<unsigned> p = gpu::build_compute_program("broken_kernel", "#version 430\nlayout(local_size_x = 1) in;\n"
                                                                   "void main() { undeclared_thing = 1; }\n");
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().message.find("broken_kernel") != std::string::npos);
  CHECK(p.status().message.find("did not compile") != std::string::npos);
  CHECK(p.status().message.find("undeclared_thing") != std::string::npos);  // the driver's own words
  // And every kernel this build embeds compiles here (the source itself, with its prelude).
  for (const char* k : {"bias_activation", "activation_backward", "column_sums", "multiply", "softmax_cross_entropy",
                        "multiclass_hinge", "segment_sums", "penalty", "argmax_rows", "vote", "plane_combine"}) {
    CAPTURE(k);
    Result<unsigned> ok = gpu::build_compute_program(k, gpu::kernel_source(k, ""));
    CHECK_MESSAGE(ok.ok(), ok.status().message);
  }
}

}  // namespace
