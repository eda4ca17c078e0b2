// gl_device.cpp: ComputeDevice on OpenGL 4.3 compute shaders (gl_device.h). Each run_* binds its
// buffers to the kernel's storage-block bindings, sets the uniforms (element offsets, sizes,
// coefficients computed here exactly as core/kernels computes them), dispatches, and issues a
// barrier so the next kernel or download sees the writes.
#include "native/gpu/gl_device.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "native/gpu/egl_context.h"
#include "native/gpu/gl_programs.h"

namespace descent::gpu {

using namespace compute;

namespace {

constexpr GLuint kMaxGroups = 65535;  // per dimension, the least GL 4.3 guarantees

std::string gl_string(GLenum what) {
  const GLubyte* s = glGetString(what);
  return s ? reinterpret_cast<const char*>(s) : "?";
}

std::string hex(GLenum e) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04x", unsigned(e));
  return buf;
}

GLuint groups_for(size_t n, GLuint per) { return GLuint(std::clamp<size_t>((n + per - 1) / per, 1, kMaxGroups)); }

// Whether a device's context still exists, shared with its buffers (a buffer may outlive it).
struct ContextToken {
  const EglContext* egl = nullptr;  // null: the caller's context
  bool alive = true;
  bool make_current() const { return alive && (!egl || egl->make_current()); }
};

class GlBuffer final : public Buffer {
 public:
  GlBuffer(size_t bytes, GLuint id, std::shared_ptr<ContextToken> token) : Buffer(bytes), id_(id), token_(std::move(token)) {}
  ~GlBuffer() override {
    if (token_->make_current()) glDeleteBuffers(1, &id_);
  }
  GLuint id() const { return id_; }

 private:
  GLuint id_;
  std::shared_ptr<ContextToken> token_;
};

GLuint id_of(const Buffer* b) { return static_cast<const GlBuffer*>(b)->id(); }

GemmTile g_large_tile;  // set_large_gemm_tile(); read when a large product is dispatched

// 1 - x in double, rounded once (update.cpp's one_minus).
float one_minus(float x) { return float(1.0 - double(x)); }

class GlDevice final : public ComputeDevice {
 public:
  GlDevice(std::unique_ptr<EglContext> egl) : egl_(std::move(egl)), token_(std::make_shared<ContextToken>()) {
    token_->egl = egl_.get();
    info_.kind = DeviceKind::GL;
    info_.renderer = gl_string(GL_RENDERER);
    info_.version = gl_string(GL_VERSION);
    GLint64 block = 0;
    glGetInteger64v(GL_MAX_SHADER_STORAGE_BLOCK_SIZE, &block);
    info_.max_buffer_bytes = size_t(std::max<GLint64>(block, 1 << 24));  // 16 MiB: GL 4.3's least
  }
  ~GlDevice() override {
    if (token_->make_current()) {
      programs_.reset();
      if (scratch_) glDeleteBuffers(1, &scratch_);
    }
    token_->alive = false;
  }

  const DeviceInfo& info() const override { return info_; }

  Result<BufferPtr> alloc(size_t bytes) override {
    if (!current()) return take_error();
    if (bytes > info_.max_buffer_bytes)
      return make_error(ErrorCode::TooLarge, "gl device: a buffer of " + std::to_string(bytes) +
                                                 " bytes exceeds this GL's largest storage block (" +
                                                 std::to_string(info_.max_buffer_bytes) + " bytes, " +
                                                 info_.renderer + ")");
    const size_t padded = std::max<size_t>((bytes + 3) / 4 * 4, 4);
    while (glGetError() != GL_NO_ERROR) {
    }
    GLuint id = 0;
    glGenBuffers(1, &id);
    glBindBuffer(GL_SHADER_STORAGE_BUFFER, id);
    glBufferData(GL_SHADER_STORAGE_BUFFER, GLsizeiptr(padded), nullptr, GL_DYNAMIC_COPY);
    // Zeros written by a kernel (not glClearBufferData, which NVIDIA's driver did not order before a
    // following glBufferSubData: see upload()).
    Program* p = use("fill_zero", "");
    if (!p) {
      glDeleteBuffers(1, &id);
      return take_error();
    }
    bind_raw(0, id);
    uints(p, {{"n", padded / 4}});
    dispatch(std::min<GLuint>(groups_for(padded / 4, 256), 4096));
    const GLenum e = glGetError();
    if (e != GL_NO_ERROR) {
      glDeleteBuffers(1, &id);
      return make_error(e == GL_OUT_OF_MEMORY ? ErrorCode::TooLarge : ErrorCode::Internal,
                        "gl device: allocating " + std::to_string(bytes) + " bytes failed (GL error " + hex(e) +
                            (e == GL_OUT_OF_MEMORY ? ": out of memory)" : ")"));
    }
    return BufferPtr(std::make_unique<GlBuffer>(bytes, id, token_));
  }

  Status upload(Buffer& dst, size_t byte_offset, const void* src, size_t bytes) override {
    if (!current()) return take_error();
    if (byte_offset > dst.bytes() || bytes > dst.bytes() - byte_offset)
      return make_error(ErrorCode::Internal, "upload: " + std::to_string(bytes) + " bytes at " +
                                                 std::to_string(byte_offset) + " overrun a buffer of " +
                                                 std::to_string(dst.bytes()));
    if (bytes == 0) return Status::ok();
    // Wait for the kernels first: on NVIDIA's driver (580, H200) glBufferSubData into a buffer that
    // a clear or a kernel had yet to write was not ordered after that write (despite
    // GL_BUFFER_UPDATE_BARRIER_BIT), so the write landed later and the upload read back as zeros.
    glFinish();
    glBindBuffer(GL_SHADER_STORAGE_BUFFER, id_of(&dst));
    glBufferSubData(GL_SHADER_STORAGE_BUFFER, GLintptr(byte_offset), GLsizeiptr(bytes), src);
    return Status::ok();
  }

  Status download(const Buffer& src, size_t byte_offset, void* dst, size_t bytes) override {
    if (Status s = finish(); !s) return s;
    if (byte_offset > src.bytes() || bytes > src.bytes() - byte_offset)
      return make_error(ErrorCode::Internal, "download: " + std::to_string(bytes) + " bytes at " +
                                                 std::to_string(byte_offset) + " overrun a buffer of " +
                                                 std::to_string(src.bytes()));
    if (bytes == 0) return Status::ok();
    glBindBuffer(GL_SHADER_STORAGE_BUFFER, id_of(&src));
    glGetBufferSubData(GL_SHADER_STORAGE_BUFFER, GLintptr(byte_offset), GLsizeiptr(bytes), dst);
    return gl_errors("download");
  }

  Status finish() override {
    if (!current()) return take_error();
    glFinish();
    if (Status s = gl_errors(last_kernel_); !s) fail(s);
    return take_error();
  }

 protected:
  void run_gemm(Trans ta, Trans tb, int M, int N, int K, FloatSpan A, FloatSpan B, float beta, FloatSpan C,
                GemmBatch batch) override {
    // Tiles: large_gemm_tile() for large products (gemm_vec4.comp where the operands allow 16-byte
    // loads), 32x32 with 2x2 where a side is at most 32 (a narrow layer: less padding computed),
    // 64x64 with 4x4 otherwise.
    const bool large = M >= 512 && N >= 512, narrow = M <= 32 || N <= 32;
    const bool ta_ = ta == Trans::Yes, tb_ = tb == Trans::Yes;
    auto aligned = [](size_t off, size_t stride, int side) { return off % 4 == 0 && stride % 4 == 0 && side % 4 == 0; };
    GemmTile t = large ? g_large_tile : narrow ? GemmTile{false, 32, 32, 16, 2, 2} : GemmTile{false, 64, 64, 16, 4, 4};
    if (t.vec4 && !(aligned(A.offset, batch.a, ta_ ? M : K) && aligned(B.offset, batch.b, tb_ ? K : N)))
      t = GemmTile{false, 128, 128, 8, 8, 8};
    const int BM = t.bm, BN = t.bn, BK = t.bk, TM = t.tm, TN = t.tn;
    Program* p = t.vec4 ? use("gemm_vec4", defines({{"BM", BM}, {"BN", BN}, {"BK", BK}, {"GX", BN / 8}, {"GY", BM / 8},
                                                     {"LA", 16 * BK / BN}, {"LB", 16 * BK / BM}, {"TA", ta_}, {"TB", tb_}}))
                        : use("gemm", defines({{"BM", BM}, {"BN", BN}, {"BK", BK}, {"TM", TM}, {"TN", TN}, {"GX", BN / TN},
                                               {"GY", BM / TM}, {"TA", ta_}, {"TB", tb_}}));
    if (!p) return;
    bind_all({A.buffer, B.buffer, C.buffer});
    ints(p, {{"M", M}, {"N", N}, {"K", K}});
    uints(p, {{"a_stride", batch.a}, {"b_stride", batch.b}, {"c_stride", batch.c}});
    glUniform1f(p->location("beta"), beta);
    for (int z0 = 0; z0 < batch.count; z0 += int(kMaxGroups)) {
      const size_t z = size_t(z0);
      uints(p, {{"a_off", A.offset + z * batch.a}, {"b_off", B.offset + z * batch.b}, {"c_off", C.offset + z * batch.c}});
      dispatch(GLuint((N + BN - 1) / BN), GLuint((M + BM - 1) / BM), GLuint(std::min<int>(batch.count - z0, kMaxGroups)));
    }
  }

  void run_bias_activation_forward(int N, int C, FloatSpan Z, FloatSpan b, Activation act, int batch,
                                   size_t b_stride) override {
    Program* p = use("bias_activation", "");
    if (!p) return;
    const size_t block = size_t(N) * size_t(C), total = block * size_t(batch);
    bind_all({Z.buffer, b ? b.buffer : Z.buffer});
    uints(p, {{"total", total}, {"cols", size_t(C)}, {"block", block}, {"z_off", Z.offset}, {"b_off", b.offset},
              {"b_stride", b_stride}});
    ints(p, {{"act", int(act)}, {"has_bias", b ? 1 : 0}});
    dispatch(groups_for(total, 256));
  }

  void run_activation_backward(int N, int C, FloatSpan A, FloatSpan dA, FloatSpan dZ, Activation act) override {
    Program* p = use("activation_backward", "");
    if (!p) return;
    const size_t n = size_t(N) * size_t(C);
    bind_all({A.buffer, dA.buffer, dZ.buffer});
    uints(p, {{"n", n}, {"a_off", A.offset}, {"da_off", dA.offset}, {"dz_off", dZ.offset}});
    set(p, "act", int(act));
    dispatch(groups_for(n, 256));
  }

  void run_column_sums(int N, int C, FloatSpan X, float beta, FloatSpan out) override {
    Program* p = use("column_sums", "");
    if (!p) return;
    bind_all({X.buffer, out.buffer});
    ints(p, {{"rows", N}, {"cols", C}});
    uints(p, {{"x_off", X.offset}, {"o_off", out.offset}});
    glUniform1f(p->location("beta"), beta);
    dispatch(GLuint((C + 63) / 64));
  }

  void run_multiply(size_t n, FloatSpan a, FloatSpan b, FloatSpan out) override {
    Program* p = use("multiply", "");
    if (!p) return;
    bind_all({a.buffer, b.buffer, out.buffer});
    uints(p, {{"n", n}, {"a_off", a.offset}, {"b_off", b.offset}, {"o_off", out.offset}});
    dispatch(groups_for(n, 256));
  }

  void run_softmax_cross_entropy(int N, int C, FloatSpan S, IntSpan y, float grad_scale, FloatSpan dS,
                                 DoubleSpan loss, int segments) override {
    row_criterion("softmax_cross_entropy", N, C, S, y, grad_scale, dS, loss, segments, 0.0);
  }

  void run_multiclass_hinge(int N, int C, FloatSpan S, IntSpan y, double margin, float grad_scale, FloatSpan dS,
                            DoubleSpan loss, int segments) override {
    row_criterion("multiclass_hinge", N, C, S, y, grad_scale, dS, loss, segments, margin);
  }

  void run_penalty(size_t n, FloatSpan W, FloatSpan gW, const RegularizerDesc& reg, DoubleSpan out, int count,
                   size_t stride) override {
    // As regularize(): nothing at all without a penalty.
    if (reg.kind == Regularizer::None || reg.lambda == 0.0) return write_zeros(out, count);
    const double l2 = reg.kind == Regularizer::L2 ? 1.0 : reg.kind == Regularizer::Elastic ? reg.beta : 0.0;
    const double l1 = reg.kind == Regularizer::L1 || reg.kind == Regularizer::Elastic ? 1.0 : 0.0;
    // Work groups per block: about 4096 weights each, at most kMaxGroups in all.
    GLuint per_block = GLuint(std::clamp<size_t>((n + 4095) / 4096, 1, 1024));
    per_block = std::max<GLuint>(1, std::min<GLuint>(per_block, kMaxGroups / GLuint(std::max(count, 1))));
    const size_t parts = size_t(count) * per_block;
    if (!ensure_scratch(parts * sizeof(double))) return;
    Program* p = use("penalty", "");
    if (!p) return;
    bind_all({W.buffer, gW ? gW.buffer : W.buffer});
    bind_raw(2, scratch_);
    uints(p, {{"n", n}, {"w_off", W.offset}, {"g_off", gW.offset}, {"stride", stride}, {"groups_per_block", per_block}});
    set(p, "has_grad", gW ? 1 : 0);
    glUniform1d(p->location("lambda"), reg.lambda);
    glUniform1d(p->location("l2"), l2);
    glUniform1d(p->location("l1"), l1);
    dispatch(GLuint(parts));
    segment_sums(count, per_block, reg.lambda, out);
  }

  void run_argmax_rows(int N, int C, FloatSpan S, IntSpan out) override {
    Program* p = use("argmax_rows", "");
    if (!p) return;
    bind_all({S.buffer, out.buffer});
    ints(p, {{"rows", N}, {"cols", C}});
    uints(p, {{"s_off", S.offset}, {"o_off", out.offset}});
    dispatch(groups_for(size_t(N), 64));
  }

  void run_update(Update kind, size_t n, FloatSpan p_, FloatSpan g, FloatSpan s1, FloatSpan s2,
                  const UpdateArgs& h) override {
    Program* p = use("update", defines({{"KIND", int(kind)}}));
    if (!p) return;
    bind_all({p_.buffer, g.buffer, s1 ? s1.buffer : p_.buffer, s2 ? s2.buffer : p_.buffer});  // unused: any buffer
    uints(p, {{"n", n}, {"p_off", p_.offset}, {"g_off", g.offset}, {"s1_off", s1.offset}, {"s2_off", s2.offset}});
    // The coefficients of update.cpp's wrappers.
    float b1 = 0, c1 = 0, b2 = 0, c2 = 0, neg_step = 0, sqrt_bc2 = 0;
    if (kind == Update::RMSProp) {
      b1 = h.alpha;
      c1 = one_minus(h.alpha);
    } else if (kind == Update::Adam) {
      b1 = h.b1;
      c1 = one_minus(h.b1);
      b2 = h.b2;
      c2 = one_minus(h.b2);
      neg_step = float(-(double(h.lr) / double(h.bc1)));
      sqrt_bc2 = float(std::sqrt(double(h.bc2)));
    }
    glUniform1f(p->location("neg_lr"), -h.lr);
    glUniform1f(p->location("mu"), h.mu);
    glUniform1f(p->location("b1"), b1);
    glUniform1f(p->location("c1"), c1);
    glUniform1f(p->location("b2"), b2);
    glUniform1f(p->location("c2"), c2);
    glUniform1f(p->location("eps"), h.eps);
    glUniform1f(p->location("neg_step"), neg_step);
    glUniform1f(p->location("sqrt_bc2"), sqrt_bc2);
    dispatch(groups_for(n, 256));
  }

  void run_distances(Metric m, int nq, int nx, int D, FloatSpan Q, FloatSpan X, FloatSpan out, int ldo) override {
    distance_kernel(m, false, nq, nx, D, Q.buffer, Q.offset, X.buffer, X.offset, out.buffer, out.offset, ldo);
  }

  void run_distances_u8(Metric m, int nq, int nx, int D, ByteSpan Q, ByteSpan X, U32Span out, int ldo) override {
    distance_kernel(m, true, nq, nx, D, Q.buffer, Q.offset / 4, X.buffer, X.offset / 4, out.buffer, out.offset, ldo);
  }

  void run_nearest_k(int nq, int nx, int k, FloatSpan dist, U32Span udist, int ld, IntSpan idx) override {
    // Non-negative floats order as their bits: one kernel for both. Per-row lists of KCAP in registers,
    // WG * KCAP pairs in shared memory (16 KiB at most).
    const int kcap = k <= 8 ? 8 : k <= 32 ? 32 : kMaxDeviceK, wg = kcap <= 32 ? 64 : 16;
    Program* p = use("nearest_k", defines({{"KCAP", kcap}, {"WG", wg}}));
    if (!p) return;
    bind_all({dist ? dist.buffer : udist.buffer, idx.buffer});
    ints(p, {{"nx", nx}, {"k", k}, {"ld", ld}});
    uints(p, {{"d_off", dist ? dist.offset : udist.offset}, {"i_off", idx.offset}});
    for (int r0 = 0; r0 < nq; r0 += int(kMaxGroups)) {
      set(p, "row0", r0);
      dispatch(GLuint(std::min<int>(nq - r0, kMaxGroups)));
    }
  }

  void run_vote(int nq, int k, IntSpan idx, int ld, int nx, IntSpan labels, int num_classes, IntSpan pred) override {
    Program* p = use("vote", "");
    if (!p) return;
    bind_all({idx.buffer, labels.buffer, pred.buffer});
    ints(p, {{"rows", nq}, {"k", k}, {"ld", ld}, {"nx", nx}, {"classes", num_classes}});
    uints(p, {{"i_off", idx.offset}, {"l_off", labels.offset}, {"p_off", pred.offset}});
    dispatch(groups_for(size_t(nq), 64));
  }

  void run_plane_combine(size_t n, int count, FloatSpan c, FloatSpan d, FloatSpan e, DoubleSpan ab,
                         FloatSpan out) override {
    Program* p = use("plane_combine", "");
    if (!p) return;
    bind_all({c.buffer, d.buffer, e.buffer, ab.buffer, out.buffer});
    uints(p, {{"n", n}, {"c_off", c.offset}, {"d_off", d.offset}, {"e_off", e.offset}, {"ab_off", ab.offset},
              {"o_off", out.offset}});
    const GLuint gx = std::min<GLuint>(groups_for(n, 256), 1024);
    for (int g0 = 0; g0 < count; g0 += int(kMaxGroups)) {
      set(p, "g0", GLuint(g0));
      dispatch(gx, GLuint(std::min<int>(count - g0, kMaxGroups)));
    }
  }

 private:
  // False (and an error recorded) when this device's context cannot be made current.
  bool current() {
    if (token_->make_current()) return true;
    fail(make_error(ErrorCode::Internal, "gl device: its EGL context could not be made current on this thread"));
    return false;
  }

  Status gl_errors(const std::string& after) {
    GLenum e = glGetError(), first = e;
    while (e != GL_NO_ERROR) e = glGetError();
    if (first == GL_NO_ERROR) return Status::ok();
    return make_error(first == GL_OUT_OF_MEMORY ? ErrorCode::TooLarge : ErrorCode::Internal,
                      "gl device: OpenGL error " + hex(first) + " after " + (after.empty() ? "?" : after) + " (" +
                          info_.renderer + ")");
  }

  struct Define {
    const char* name;
    int value;
  };
  static std::string defines(std::initializer_list<Define> list) {
    std::string s;
    for (const Define& d : list) s += std::string("#define ") + d.name + " " + std::to_string(d.value) + "\n";
    return s;
  }

  Program* use(const char* kernel, const std::string& defs) {
    if (failed() || !current()) return nullptr;
    if (!programs_) programs_ = std::make_unique<Programs>();
    Result<Program*> p = programs_->get(kernel, defs);
    if (!p) {
      fail(p.status());
      return nullptr;
    }
    last_kernel_ = kernel;
    glUseProgram((*p)->id);
    return *p;
  }

  GLuint u32(size_t v) {
    if (v > 0xffffffffu) fail(make_error(ErrorCode::TooLarge, "gl device: an offset or size beyond 2^32 in " + last_kernel_));
    return GLuint(v);
  }
  static void set(Program* p, const char* name, int v) { glUniform1i(p->location(name), v); }
  static void set(Program* p, const char* name, GLuint v) { glUniform1ui(p->location(name), v); }
  // Integer uniforms, and unsigned ones (offsets and sizes in elements, checked to fit 32 bits).
  static void ints(Program* p, std::initializer_list<std::pair<const char*, int>> values) {
    for (const auto& [name, v] : values) set(p, name, v);
  }
  void uints(Program* p, std::initializer_list<std::pair<const char*, size_t>> values) {
    for (const auto& [name, v] : values) set(p, name, u32(v));
  }
  // Storage-block bindings 0, 1, ... in order.
  static void bind_all(std::initializer_list<const Buffer*> buffers) {
    GLuint binding = 0;
    for (const Buffer* b : buffers) bind(binding++, b);
  }
  static void bind(GLuint binding, const Buffer* b) { glBindBufferBase(GL_SHADER_STORAGE_BUFFER, binding, id_of(b)); }
  static void bind_raw(GLuint binding, GLuint id) { glBindBufferBase(GL_SHADER_STORAGE_BUFFER, binding, id); }

  void dispatch(GLuint x, GLuint y = 1, GLuint z = 1) {
    if (failed()) return;
    glDispatchCompute(x, y, z);
    glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT | GL_BUFFER_UPDATE_BARRIER_BIT);
  }

  void write_zeros(DoubleSpan out, int count) {
    glFinish();  // the kernels that wrote `out` first (see upload())
    const std::vector<double> zeros(size_t(count), 0.0);
    glBindBuffer(GL_SHADER_STORAGE_BUFFER, id_of(out.buffer));
    glBufferSubData(GL_SHADER_STORAGE_BUFFER, GLintptr(out.offset * sizeof(double)),
                    GLsizeiptr(zeros.size() * sizeof(double)), zeros.data());
  }

  // A device-internal buffer of at least `bytes` (per-row losses, penalty parts).
  bool ensure_scratch(size_t bytes) {
    if (scratch_ && scratch_bytes_ >= bytes) return true;
    if (bytes > info_.max_buffer_bytes) {
      fail(make_error(ErrorCode::TooLarge, "gl device: " + std::to_string(bytes) + " bytes of scratch in " +
                                               last_kernel_ + " exceed its largest buffer"));
      return false;
    }
    if (!scratch_) glGenBuffers(1, &scratch_);
    scratch_bytes_ = std::max(bytes, scratch_bytes_ * 2);
    scratch_bytes_ = std::min(scratch_bytes_, info_.max_buffer_bytes);
    glBindBuffer(GL_SHADER_STORAGE_BUFFER, scratch_);
    glBufferData(GL_SHADER_STORAGE_BUFFER, GLsizeiptr(scratch_bytes_), nullptr, GL_DYNAMIC_COPY);
    return true;
  }

  // out[s] = scale * the sum of scratch's doubles [s*len, s*len + len), for `count` segments.
  void segment_sums(int count, size_t len, double scale, DoubleSpan out) {
    Program* p = use("segment_sums", "");
    if (!p) return;
    bind_raw(0, scratch_);
    bind(1, out.buffer);
    uints(p, {{"len", len}, {"o_off", out.offset}});
    glUniform1d(p->location("scale"), scale);
    for (int s0 = 0; s0 < count; s0 += int(kMaxGroups)) {
      set(p, "seg0", GLuint(s0));
      dispatch(GLuint(std::min<int>(count - s0, kMaxGroups)));
    }
  }

  // Row losses (double) into scratch, the gradient if asked, then the sums of the runs.
  void row_criterion(const char* kernel, int N, int C, FloatSpan S, IntSpan y, float grad_scale, FloatSpan dS,
                     DoubleSpan loss, int segments, double margin) {
    if (N == 0) return write_zeros(loss, segments);  // every run is empty: its sum is 0
    if (!ensure_scratch(size_t(N) * sizeof(double))) return;
    Program* p = use(kernel, "");
    if (!p) return;
    bind_all({S.buffer, y.buffer, dS ? dS.buffer : S.buffer});
    bind_raw(3, scratch_);
    ints(p, {{"rows", N}, {"cols", C}, {"has_grad", dS ? 1 : 0}});
    uints(p, {{"s_off", S.offset}, {"y_off", y.offset}, {"d_off", dS.offset}});
    glUniform1f(p->location("grad_scale"), grad_scale);
    glUniform1d(p->location("margin"), margin);  // (no such uniform in softmax_cross_entropy: ignored)
    dispatch(groups_for(size_t(N), 64));
    segment_sums(segments, size_t(N / segments), 1.0, loss);
  }

  void distance_kernel(Metric m, bool bytes, int nq, int nx, int D, const Buffer* Q, size_t q_off, const Buffer* X,
                       size_t x_off, const Buffer* out, size_t o_off, int ldo) {
    // 64x64 tiles, 4x4 per invocation; byte slices of 32 (32 * 255^2 < 2^24: exact float partials).
    Program* p = use("distances", defines({{"BM", 64}, {"BN", 64}, {"BK", bytes ? 32 : 16}, {"TM", 4}, {"TN", 4},
                                           {"GX", 16}, {"GY", 16}, {"L2", m == Metric::L2}, {"BYTES", bytes}}));
    if (!p) return;
    bind_all({Q, X, out});
    ints(p, {{"nq", nq}, {"nx", nx}, {"D", D}, {"ldo", ldo}});
    uints(p, {{"q_off", q_off}, {"x_off", x_off}, {"o_off", o_off}});
    dispatch(GLuint((nx + 63) / 64), GLuint((nq + 63) / 64));
  }

  std::unique_ptr<EglContext> egl_;
  std::shared_ptr<ContextToken> token_;
  std::unique_ptr<Programs> programs_;
  DeviceInfo info_;
  GLuint scratch_ = 0;
  size_t scratch_bytes_ = 0;
  std::string last_kernel_;
};

// Version and renderer of the current context, checked for compute shaders.
Status check_gl43() {
  const int v = epoxy_gl_version();
  if (v >= 43) return Status::ok();
  return make_error(ErrorCode::NotFound, "OpenGL " + std::to_string(v / 10) + "." + std::to_string(v % 10) +
                                             " (renderer " + gl_string(GL_RENDERER) + "): compute shaders need 4.3");
}

}  // namespace

Result<DevicePtr> open_gl_device() {
  Result<std::unique_ptr<EglContext>> egl = EglContext::create();
  if (!egl) return egl.status();
  if (Status s = check_gl43(); !s) return s;
  return DevicePtr(std::make_unique<GlDevice>(std::move(*egl)));
}

Result<DevicePtr> open_gl_device_on_current_context() {
  if (Status s = check_gl43(); !s) return s;
  return DevicePtr(std::make_unique<GlDevice>(nullptr));
}

void register_gl_device() { set_device_opener(DeviceKind::GL, [] { return open_gl_device(); }); }

std::string gemm_tile_name(const GemmTile& t) {
  const std::string sides = std::to_string(t.bm) + "x" + std::to_string(t.bn) + "x" + std::to_string(t.bk);
  return t.vec4 ? "v" + sides : sides + "x" + std::to_string(t.tm) + "x" + std::to_string(t.tn);
}

Status set_large_gemm_tile(const GemmTile& t) {
  auto pow2 = [](int v) { return v >= 1 && v <= 256 && (v & (v - 1)) == 0; };
  const std::string name = "GEMM tile " + gemm_tile_name(t);
  if (!pow2(t.bm) || !pow2(t.bn) || !pow2(t.bk) || !pow2(t.tm) || !pow2(t.tn))
    return make_error(ErrorCode::Usage, name + ": every side must be a power of two up to 256");
  if (t.tm > t.bm || t.tn > t.bn) return make_error(ErrorCode::Usage, name + ": TM must divide BM and TN divide BN");
  const int threads = (t.bm / t.tm) * (t.bn / t.tn);
  if (threads < 32 || threads > 1024)
    return make_error(ErrorCode::Usage, name + ": " + std::to_string(threads) + " invocations per work group (32..1024 allowed)");
  if (size_t(t.bk) * size_t(t.bm + t.bn) * sizeof(float) > 32768)
    return make_error(ErrorCode::Usage, name + ": BK x (BM + BN) floats exceed 32 KiB of shared memory");
  if (t.tm * t.tn > 256) return make_error(ErrorCode::Usage, name + ": TM x TN above 256 registers per invocation");
  if (t.vec4 && (t.tm != 8 || t.tn != 8 || t.bk % 4 != 0 || (16 * t.bk) % t.bm != 0 || (16 * t.bk) % t.bn != 0))
    return make_error(ErrorCode::Usage, name + ": the vec4 kernel needs BK a multiple of 4 and 16 BK a multiple of BM and BN");
  g_large_tile = t;
  return Status::ok();
}

GemmTile large_gemm_tile() { return g_large_tile; }

Result<GemmTile> parse_gemm_tile(const std::string& text) {
  GemmTile t;
  char tail = 0;
  if (!text.empty() && text[0] == 'v') {
    t.tm = t.tn = 8;
    if (std::sscanf(text.c_str() + 1, "%dx%dx%d%c", &t.bm, &t.bn, &t.bk, &tail) == 3) return t;
  } else {
    t.vec4 = false;
    if (std::sscanf(text.c_str(), "%dx%dx%dx%dx%d%c", &t.bm, &t.bn, &t.bk, &t.tm, &t.tn, &tail) == 5) return t;
  }
  return make_error(ErrorCode::Usage, "GEMM tile '" + text + "' is not vBMxBNxBK (the vec4 kernel, e.g. v128x128x16) or "
                                      "BMxBNxBKxTMxTN (e.g. 128x128x8x8x8)");
}

}  // namespace descent::gpu
