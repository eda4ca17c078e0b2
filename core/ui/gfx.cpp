// gfx.cpp: textures and the offscreen height-field renderer of gfx.h, on GL 3.3 core (desktop) and
// OpenGL ES 3 / WebGL2 (browser) alike: only the calls and GLSL both have (no glPolygonMode, no
// wide GL lines: wide lines and markers are screen-facing triangles built on the CPU).
// Not a scene graph: one mesh, its faint grid lines, and a few polylines per render.
#include "core/ui/gfx.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <imgui.h>
#include <imgui_internal.h>  // SetItemUsingMouseWheel (1.86)

#include <glm/glm.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/type_ptr.hpp>

#include "core/ui/gl.h"

namespace descent::ui {

// ---- Texture -------------------------------------------------------------------------------------

Texture::~Texture() {
  if (tex_) glDeleteTextures(1, &tex_);
}

Texture::Texture(Texture&& o) noexcept : tex_(std::exchange(o.tex_, 0u)), w_(o.w_), h_(o.h_) {}

Texture& Texture::operator=(Texture&& o) noexcept {
  if (this != &o) {
    if (tex_) glDeleteTextures(1, &tex_);
    tex_ = std::exchange(o.tex_, 0u);
    w_ = o.w_;
    h_ = o.h_;
  }
  return *this;
}

void Texture::upload(int w, int h, const uint8_t* rgba, bool nearest) {
  if (w <= 0 || h <= 0 || rgba == nullptr) return;
  GLint prev_tex = 0, prev_align = 4;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
  glGetIntegerv(GL_UNPACK_ALIGNMENT, &prev_align);
  const bool fresh = tex_ == 0;
  if (fresh) glGenTextures(1, &tex_);
  glBindTexture(GL_TEXTURE_2D, tex_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  const GLint filter = nearest ? GL_NEAREST : GL_LINEAR;
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  // Row 0 of rgba is the top row; ImGui's default uvs put t = 0 at the top, so no flip is needed.
  if (fresh || w != w_ || h != h_)
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  else
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  w_ = w;
  h_ = h;
  glPixelStorei(GL_UNPACK_ALIGNMENT, prev_align);
  glBindTexture(GL_TEXTURE_2D, (GLuint)prev_tex);
}

// ---- OrbitCamera ---------------------------------------------------------------------------------

void OrbitCamera::handle_input() {
  const ImGuiIO& io = ImGui::GetIO();
  const bool hovered = ImGui::IsItemHovered();
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) dragging = true;
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging = false;
  if (dragging || ImGui::IsItemActive()) {
    yaw -= io.MouseDelta.x * 0.01f;
    pitch += io.MouseDelta.y * 0.01f;
  }
  if (hovered) {
    ImGui::SetItemUsingMouseWheel();  // no effect on an item without an id (plain Image)
    if (io.MouseWheel != 0.0f) distance *= std::pow(0.9f, io.MouseWheel);
  }
  pitch = std::clamp(pitch, -1.5f, 1.5f);
  distance = std::clamp(distance, 1.2f, 12.0f);
  yaw = std::remainder(yaw, 2.0f * 3.14159265f);
}

// ---- SurfaceView3D -------------------------------------------------------------------------------

namespace {

// The mesh's normalised y in [0, 1] is drawn as world y = (y - 0.5) * kHeightScale, so the surface
// sits around the origin the camera orbits, a little flatter than it is wide.
constexpr float kHeightScale = 0.9f;
constexpr float kLineLift = 0.012f;   // world units lines float above the surface (no z-fighting)
constexpr float kFovY = 0.80f;        // radians (46 degrees): the whole mesh in view at distance 3
constexpr float kNear = 0.1f, kFar = 30.0f;
// No MSAA: under Mesa's llvmpipe, 4x MSAA on the lab's 440x440 target took the lab's frame from
// 9-12 ms to 20 ms mean (p95 14-22 -> 34 ms) with the 3-D view redrawn every frame, and added ~30 ms
// on a loaded machine. Lines and markers get a one-pixel alpha fringe instead. Set to 4 for
// multisampling where the context offers it (GPUs do it almost for free).
constexpr int kMaxSamples = 0;
constexpr int kGridLines = 16;        // faint grid lines per direction, at most

const char* kMeshVS =
    "layout(location = 0) in vec3 a_pos;\n"
    "layout(location = 1) in vec3 a_normal;\n"
    "layout(location = 2) in vec4 a_color;\n"
    "uniform mat4 u_mvp;\n"
    "uniform mat4 u_model;\n"
    "out vec3 v_normal;\n"
    "out vec4 v_color;\n"
    "out vec3 v_world;\n"
    "void main() {\n"
    "  v_world = (u_model * vec4(a_pos, 1.0)).xyz;\n"
    "  v_normal = a_normal;\n"
    "  v_color = a_color;\n"
    "  gl_Position = u_mvp * vec4(a_pos, 1.0);\n"
    "}\n";

// Two-sided Lambert + a little Blinn-Phong; u_wire > 0.5 draws the darker grid lines.
const char* kMeshFS =
    "uniform vec3 u_light;\n"
    "uniform vec3 u_eye;\n"
    "uniform float u_wire;\n"
    "in vec3 v_normal;\n"
    "in vec4 v_color;\n"
    "in vec3 v_world;\n"
    "layout(location = 0) out vec4 o_color;\n"
    "void main() {\n"
    "  vec3 n = normalize(v_normal);\n"
    "  vec3 v = normalize(u_eye - v_world);\n"
    "  if (dot(n, v) < 0.0) n = -n;\n"
    "  float diffuse = max(dot(n, u_light), 0.0);\n"
    "  vec3 h = normalize(u_light + v);\n"
    "  float spec = pow(max(dot(n, h), 0.0), 40.0) * 0.18;\n"
    "  vec3 c = v_color.rgb * (0.38 + 0.62 * diffuse) + vec3(spec);\n"
    "  if (u_wire > 0.5) o_color = vec4(c * 0.55, 0.55);\n"
    "  else o_color = vec4(c, 1.0);\n"
    "}\n";

// Overlay triangles come in normalised device coordinates already (built on the CPU).
const char* kOverlayVS =
    "layout(location = 0) in vec3 a_pos;\n"
    "layout(location = 1) in vec4 a_color;\n"
    "uniform float u_alpha;\n"
    "out vec4 v_color;\n"
    "void main() {\n"
    "  v_color = vec4(a_color.rgb, a_color.a * u_alpha);\n"
    "  gl_Position = vec4(a_pos, 1.0);\n"
    "}\n";

const char* kOverlayFS =
    "in vec4 v_color;\n"
    "layout(location = 0) out vec4 o_color;\n"
    "void main() { o_color = v_color; }\n";

struct MeshVertex {
  float pos[3];
  float normal[3];
  uint32_t color;
};

struct OverlayVertex {
  float pos[3];
  uint32_t color;
};

GLuint compile_shader(GLenum type, const char* body, std::string* log) {
  const char* sources[2] = {DESCENT_GLSL_HEADER, body};
  GLuint s = glCreateShader(type);
  glShaderSource(s, 2, sources, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char buf[1024] = {0};
    glGetShaderInfoLog(s, sizeof(buf) - 1, nullptr, buf);
    *log = std::string("gfx: shader did not compile: ") + buf;
    glDeleteShader(s);
    return 0;
  }
  return s;
}

GLuint link_program(const char* vs_src, const char* fs_src, std::string* log) {
  GLuint vs = compile_shader(GL_VERTEX_SHADER, vs_src, log);
  if (!vs) return 0;
  GLuint fs = compile_shader(GL_FRAGMENT_SHADER, fs_src, log);
  if (!fs) {
    glDeleteShader(vs);
    return 0;
  }
  GLuint p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs);
  glLinkProgram(p);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    char buf[1024] = {0};
    glGetProgramInfoLog(p, sizeof(buf) - 1, nullptr, buf);
    *log = std::string("gfx: shader program did not link: ") + buf;
    glDeleteProgram(p);
    return 0;
  }
  return p;
}

// The GL state ImGui's renderer (and the platform's clear) rely on, saved around a render.
struct SavedGlState {
  GLint draw_fbo = 0, read_fbo = 0, viewport[4] = {0, 0, 0, 0}, program = 0, vao = 0, array_buffer = 0;
  GLboolean depth_test = GL_FALSE, blend = GL_FALSE, cull = GL_FALSE, scissor = GL_FALSE,
            poly_offset = GL_FALSE, depth_mask = GL_TRUE;
  GLint blend_src_rgb = GL_ONE, blend_dst_rgb = GL_ZERO, blend_src_a = GL_ONE, blend_dst_a = GL_ZERO;
  GLfloat clear_color[4] = {0, 0, 0, 0};

  void save() {
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fbo);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fbo);
    glGetIntegerv(GL_VIEWPORT, viewport);
    glGetIntegerv(GL_CURRENT_PROGRAM, &program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &array_buffer);
    depth_test = glIsEnabled(GL_DEPTH_TEST);
    blend = glIsEnabled(GL_BLEND);
    cull = glIsEnabled(GL_CULL_FACE);
    scissor = glIsEnabled(GL_SCISSOR_TEST);
    poly_offset = glIsEnabled(GL_POLYGON_OFFSET_FILL);
    glGetBooleanv(GL_DEPTH_WRITEMASK, &depth_mask);
    glGetIntegerv(GL_BLEND_SRC_RGB, &blend_src_rgb);
    glGetIntegerv(GL_BLEND_DST_RGB, &blend_dst_rgb);
    glGetIntegerv(GL_BLEND_SRC_ALPHA, &blend_src_a);
    glGetIntegerv(GL_BLEND_DST_ALPHA, &blend_dst_a);
    glGetFloatv(GL_COLOR_CLEAR_VALUE, clear_color);
  }

  static void set(GLenum cap, GLboolean on) {
    if (on) glEnable(cap);
    else glDisable(cap);
  }

  void restore() const {
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, (GLuint)draw_fbo);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, (GLuint)read_fbo);
    glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    glUseProgram((GLuint)program);
    glBindVertexArray((GLuint)vao);
    glBindBuffer(GL_ARRAY_BUFFER, (GLuint)array_buffer);
    set(GL_DEPTH_TEST, depth_test);
    set(GL_BLEND, blend);
    set(GL_CULL_FACE, cull);
    set(GL_SCISSOR_TEST, scissor);
    set(GL_POLYGON_OFFSET_FILL, poly_offset);
    glDepthMask(depth_mask);
    glBlendFuncSeparate((GLenum)blend_src_rgb, (GLenum)blend_dst_rgb, (GLenum)blend_src_a, (GLenum)blend_dst_a);
    glClearColor(clear_color[0], clear_color[1], clear_color[2], clear_color[3]);
  }
};

}  // namespace

struct SurfaceView3D::Impl {
  // GL objects (0 until the first render).
  GLuint mesh_program = 0, overlay_program = 0;
  GLint u_mvp = -1, u_model = -1, u_light = -1, u_eye = -1, u_wire = -1, u_alpha = -1;
  GLuint mesh_vao = 0, mesh_vbo = 0, mesh_ibo = 0, wire_ibo = 0;
  GLuint overlay_vao = 0, overlay_vbo = 0;
  GLuint color_tex = 0, resolve_fbo = 0, resolve_depth = 0;   // what ImGui shows
  GLuint msaa_fbo = 0, msaa_color = 0, msaa_depth = 0;         // drawn into when samples > 0
  int samples = 0, tw = 0, th = 0;
  bool gl_ready = false, gl_failed = false;
  std::string error;

  // CPU copies: the mesh waits here until the next render uploads it.
  std::vector<MeshVertex> vertices;
  std::vector<uint32_t> tri_indices, wire_indices;
  bool mesh_dirty = false;
  size_t tri_count = 0, wire_count = 0;
  std::vector<OverlayVertex> overlay;  // rebuilt each render, capacity kept

  glm::mat4 mvp{1.0f};  // the last render's unflipped model-view-projection (for project())
  int last_w = 0, last_h = 0;
  bool rendered = false;

  ~Impl() { release(); }

  void release() {
    if (!gl_ready) return;
    glDeleteProgram(mesh_program);
    glDeleteProgram(overlay_program);
    GLuint bufs[4] = {mesh_vbo, mesh_ibo, wire_ibo, overlay_vbo};
    glDeleteBuffers(4, bufs);
    GLuint vaos[2] = {mesh_vao, overlay_vao};
    glDeleteVertexArrays(2, vaos);
    release_targets();
    gl_ready = false;
  }

  void release_targets() {
    if (color_tex) glDeleteTextures(1, &color_tex);
    GLuint fbos[2] = {resolve_fbo, msaa_fbo};
    glDeleteFramebuffers(2, fbos);
    GLuint rbs[3] = {resolve_depth, msaa_color, msaa_depth};
    glDeleteRenderbuffers(3, rbs);
    color_tex = resolve_fbo = resolve_depth = msaa_fbo = msaa_color = msaa_depth = 0;
    tw = th = 0;
  }

  bool init_gl() {
    if (gl_ready) return true;
    if (gl_failed) return false;
    mesh_program = link_program(kMeshVS, kMeshFS, &error);
    overlay_program = mesh_program ? link_program(kOverlayVS, kOverlayFS, &error) : 0;
    if (!mesh_program || !overlay_program) {
      if (mesh_program) glDeleteProgram(mesh_program);
      mesh_program = 0;
      gl_failed = true;
      return false;
    }
    u_mvp = glGetUniformLocation(mesh_program, "u_mvp");
    u_model = glGetUniformLocation(mesh_program, "u_model");
    u_light = glGetUniformLocation(mesh_program, "u_light");
    u_eye = glGetUniformLocation(mesh_program, "u_eye");
    u_wire = glGetUniformLocation(mesh_program, "u_wire");
    u_alpha = glGetUniformLocation(overlay_program, "u_alpha");

    GLint prev_vao = 0, prev_buf = 0;
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &prev_vao);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &prev_buf);
    glGenVertexArrays(1, &mesh_vao);
    glGenBuffers(1, &mesh_vbo);
    glGenBuffers(1, &mesh_ibo);
    glGenBuffers(1, &wire_ibo);
    glBindVertexArray(mesh_vao);
    glBindBuffer(GL_ARRAY_BUFFER, mesh_vbo);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(MeshVertex), (void*)offsetof(MeshVertex, pos));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(MeshVertex), (void*)offsetof(MeshVertex, normal));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(MeshVertex), (void*)offsetof(MeshVertex, color));

    glGenVertexArrays(1, &overlay_vao);
    glGenBuffers(1, &overlay_vbo);
    glBindVertexArray(overlay_vao);
    glBindBuffer(GL_ARRAY_BUFFER, overlay_vbo);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(OverlayVertex), (void*)offsetof(OverlayVertex, pos));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(OverlayVertex), (void*)offsetof(OverlayVertex, color));
    glBindVertexArray((GLuint)prev_vao);
    glBindBuffer(GL_ARRAY_BUFFER, (GLuint)prev_buf);

    GLint max_samples = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
    samples = std::min(kMaxSamples, (int)max_samples);
    if (samples < 2) samples = 0;
    gl_ready = true;
    return true;
  }

  // (Re)creates the w x h targets: an RGBA8 texture (+ depth) that ImGui samples, and, with MSAA,
  // a multisampled colour + depth target resolved into it by a blit.
  bool ensure_targets(int w, int h) {
    if (w == tw && h == th && color_tex) return true;
    release_targets();
    GLint prev_tex = 0, prev_rb = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
    glGetIntegerv(GL_RENDERBUFFER_BINDING, &prev_rb);
    glGenTextures(1, &color_tex);
    glBindTexture(GL_TEXTURE_2D, color_tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glGenFramebuffers(1, &resolve_fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, resolve_fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_tex, 0);
    bool ok = true;
    if (samples == 0) {
      glGenRenderbuffers(1, &resolve_depth);
      glBindRenderbuffer(GL_RENDERBUFFER, resolve_depth);
      glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, w, h);
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, resolve_depth);
    }
    ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    if (ok && samples > 0) {
      glGenFramebuffers(1, &msaa_fbo);
      glBindFramebuffer(GL_FRAMEBUFFER, msaa_fbo);
      glGenRenderbuffers(1, &msaa_color);
      glBindRenderbuffer(GL_RENDERBUFFER, msaa_color);
      glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, w, h);
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, msaa_color);
      glGenRenderbuffers(1, &msaa_depth);
      glBindRenderbuffer(GL_RENDERBUFFER, msaa_depth);
      glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_DEPTH_COMPONENT24, w, h);
      glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, msaa_depth);
      ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    }
    glBindTexture(GL_TEXTURE_2D, (GLuint)prev_tex);
    glBindRenderbuffer(GL_RENDERBUFFER, (GLuint)prev_rb);
    if (!ok) {
      error = "gfx: the offscreen framebuffer is incomplete (" + std::to_string(w) + "x" + std::to_string(h) +
              ", " + std::to_string(samples) + " samples)";
      release_targets();
      return false;
    }
    tw = w;
    th = h;
    return true;
  }

  void upload_mesh() {
    if (!mesh_dirty) return;
    GLint prev_vao = 0, prev_buf = 0;
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &prev_vao);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &prev_buf);
    glBindVertexArray(mesh_vao);  // the element buffer binding is VAO state; rebound per draw
    glBindBuffer(GL_ARRAY_BUFFER, mesh_vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(vertices.size() * sizeof(MeshVertex)), vertices.data(),
                 GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, mesh_ibo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(tri_indices.size() * 4), tri_indices.data(), GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, wire_ibo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(wire_indices.size() * 4), wire_indices.data(),
                 GL_STATIC_DRAW);
    tri_count = tri_indices.size();
    wire_count = wire_indices.size();
    glBindVertexArray((GLuint)prev_vao);
    glBindBuffer(GL_ARRAY_BUFFER, (GLuint)prev_buf);
    mesh_dirty = false;
  }

  // Clip-space helpers for the overlay: NDC of a normalised point (false behind the camera).
  static bool to_ndc(const glm::mat4& m, const float* p, glm::vec3* out) {
    glm::vec4 c = m * glm::vec4(p[0], p[1], p[2], 1.0f);
    if (c.w <= 1e-4f) return false;
    *out = glm::vec3(c) / c.w;
    return true;
  }

  void push_quad(glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d, uint32_t ca, uint32_t cb, uint32_t cc,
                 uint32_t cd) {
    // a-b-c, a-c-d
    overlay.push_back({{a.x, a.y, a.z}, ca});
    overlay.push_back({{b.x, b.y, b.z}, cb});
    overlay.push_back({{c.x, c.y, c.z}, cc});
    overlay.push_back({{a.x, a.y, a.z}, ca});
    overlay.push_back({{c.x, c.y, c.z}, cc});
    overlay.push_back({{d.x, d.y, d.z}, cd});
  }

  // A segment `width` pixels wide in NDC of the target: a solid core and a one-pixel fringe on each
  // side that fades to transparent (antialiasing without MSAA, as ImGui does).
  void push_segment(glm::vec3 p0, glm::vec3 p1, float width, uint32_t color) {
    const float sx = 0.5f * last_w, sy = 0.5f * last_h;  // NDC -> pixels
    glm::vec2 d((p1.x - p0.x) * sx, (p1.y - p0.y) * sy);
    const float len = std::sqrt(d.x * d.x + d.y * d.y);
    if (len < 1e-6f) return;
    d /= len;
    const float core = std::max(0.5f * width - 0.5f, 0.25f), outer = core + 1.0f;
    const glm::vec3 n(-d.y / sx, d.x / sy, 0.0f);  // one pixel across
    const glm::vec3 e = glm::vec3(d.x / sx, d.y / sy, 0.0f) * core;  // closes the joints
    const uint32_t clear = color & 0x00ffffffu;
    const glm::vec3 a = p0 - e, b = p1 + e;
    push_quad(a + n * core, b + n * core, b - n * core, a - n * core, color, color, color, color);
    push_quad(a + n * outer, b + n * outer, b + n * core, a + n * core, clear, clear, color, color);
    push_quad(a - n * core, b - n * core, b - n * outer, a - n * outer, color, color, clear, clear);
  }

  // A filled disc with a one-pixel fading rim.
  void push_disc(glm::vec3 c, float radius_px, uint32_t color) {
    constexpr int kSides = 20;
    const uint32_t clear = color & 0x00ffffffu;
    const float r_in = std::max(radius_px - 0.5f, 0.5f), r_out = radius_px + 0.5f;
    const float px = 2.0f / last_w, py = 2.0f / last_h;
    for (int k = 0; k < kSides; ++k) {
      const float a0 = 6.2831853f * k / kSides, a1 = 6.2831853f * (k + 1) / kSides;
      const glm::vec3 u0(std::cos(a0) * px, std::sin(a0) * py, 0.0f), u1(std::cos(a1) * px, std::sin(a1) * py, 0.0f);
      overlay.push_back({{c.x, c.y, c.z}, color});
      const glm::vec3 i0 = c + u0 * r_in, i1 = c + u1 * r_in, o0 = c + u0 * r_out, o1 = c + u1 * r_out;
      overlay.push_back({{i0.x, i0.y, i0.z}, color});
      overlay.push_back({{i1.x, i1.y, i1.z}, color});
      push_quad(i0, o0, o1, i1, color, clear, clear, color);
    }
  }
};

SurfaceView3D::~SurfaceView3D() { delete impl_; }

void SurfaceView3D::set_mesh(const HeightField& f) {
  if (!impl_) impl_ = new Impl();
  Impl& m = *impl_;
  m.vertices.clear();
  m.tri_indices.clear();
  m.wire_indices.clear();
  m.mesh_dirty = true;
  if (f.nx < 2 || f.nz < 2 || f.height.size() != (size_t)f.nx * f.nz) return;
  const int nx = f.nx, nz = f.nz;
  const bool has_color = f.color.size() == f.height.size();
  const float dx = 2.0f / (nx - 1), dz = 2.0f / (nz - 1);
  auto h = [&](int i, int j) {
    const float v = f.height[(size_t)j * nx + i];
    return std::isfinite(v) ? std::clamp(v, 0.0f, 1.0f) * kHeightScale : 0.0f;
  };
  m.vertices.resize((size_t)nx * nz);
  for (int j = 0; j < nz; ++j) {
    for (int i = 0; i < nx; ++i) {
      MeshVertex& v = m.vertices[(size_t)j * nx + i];
      const float hv = f.height[(size_t)j * nx + i];
      v.pos[0] = -1.0f + dx * i;
      v.pos[1] = std::isfinite(hv) ? std::clamp(hv, 0.0f, 1.0f) : 0.0f;
      v.pos[2] = -1.0f + dz * j;
      // Central differences in world units (one-sided at the border): n = (-dh/dx, 1, -dh/dz).
      const int i0 = std::max(i - 1, 0), i1 = std::min(i + 1, nx - 1);
      const int j0 = std::max(j - 1, 0), j1 = std::min(j + 1, nz - 1);
      const float gx = (h(i1, j) - h(i0, j)) / (dx * (i1 - i0));
      const float gz = (h(i, j1) - h(i, j0)) / (dz * (j1 - j0));
      const glm::vec3 n = glm::normalize(glm::vec3(-gx, 1.0f, -gz));
      v.normal[0] = n.x;
      v.normal[1] = n.y;
      v.normal[2] = n.z;
      v.color = has_color ? f.color[(size_t)j * nx + i] : 0xffb0b0b0u;
    }
  }
  m.tri_indices.reserve((size_t)(nx - 1) * (nz - 1) * 6);
  for (int j = 0; j + 1 < nz; ++j) {
    for (int i = 0; i + 1 < nx; ++i) {
      const uint32_t a = (uint32_t)(j * nx + i), b = a + 1, c = a + (uint32_t)nx, d = c + 1;
      const uint32_t quad[6] = {a, c, b, b, c, d};
      m.tri_indices.insert(m.tri_indices.end(), quad, quad + 6);
    }
  }
  // Faint grid: every step-th row and column (and the border), following the surface.
  const int sx = std::max(1, (nx - 1) / kGridLines), sz = std::max(1, (nz - 1) / kGridLines);
  auto add_row = [&](int j) {
    for (int i = 0; i + 1 < nx; ++i) {
      m.wire_indices.push_back((uint32_t)(j * nx + i));
      m.wire_indices.push_back((uint32_t)(j * nx + i + 1));
    }
  };
  auto add_col = [&](int i) {
    for (int j = 0; j + 1 < nz; ++j) {
      m.wire_indices.push_back((uint32_t)(j * nx + i));
      m.wire_indices.push_back((uint32_t)((j + 1) * nx + i));
    }
  };
  for (int j = 0; j < nz; j += sz) add_row(j);
  if ((nz - 1) % sz) add_row(nz - 1);
  for (int i = 0; i < nx; i += sx) add_col(i);
  if ((nx - 1) % sx) add_col(nx - 1);
}

void SurfaceView3D::render(int w, int h, const OrbitCamera& camera, const std::vector<Polyline3D>& lines) {
  if (!impl_) impl_ = new Impl();
  Impl& m = *impl_;
  if (w <= 0 || h <= 0) return;
  w = std::min(w, 4096);
  h = std::min(h, 4096);
  if (!m.init_gl()) return;

  SavedGlState saved;
  saved.save();
  if (!m.ensure_targets(w, h)) {
    saved.restore();
    return;
  }
  m.error.clear();
  m.last_w = w;
  m.last_h = h;
  m.upload_mesh();

  // Matrices. model: normalised (x, y, z) -> world; the camera orbits the origin.
  const float cp = std::cos(camera.pitch), sp = std::sin(camera.pitch);
  const glm::vec3 eye = camera.distance * glm::vec3(cp * std::sin(camera.yaw), sp, cp * std::cos(camera.yaw));
  const glm::mat4 model = glm::scale(glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, -0.5f * kHeightScale, 0.0f)),
                                     glm::vec3(1.0f, kHeightScale, 1.0f));
  const glm::mat4 view = glm::lookAt(eye, glm::vec3(0.0f), glm::vec3(0.0f, 1.0f, 0.0f));
  const glm::mat4 proj = glm::perspective(kFovY, (float)w / (float)h, kNear, kFar);
  m.mvp = proj * view * model;
  // Rendered upside down (y flipped), so the texture's first row is the image's top row and
  // ImGui::Image shows it upright with default uvs.
  const glm::mat4 flip = glm::scale(glm::mat4(1.0f), glm::vec3(1.0f, -1.0f, 1.0f));
  const glm::mat4 mvp_flipped = flip * m.mvp;

  glBindFramebuffer(GL_FRAMEBUFFER, m.samples > 0 ? m.msaa_fbo : m.resolve_fbo);
  glViewport(0, 0, w, h);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_CULL_FACE);
  glDepthMask(GL_TRUE);
  glClearColor(0.075f, 0.08f, 0.10f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);

  if (m.tri_count > 0) {
    const glm::vec3 light = glm::normalize(glm::vec3(0.45f, 1.0f, 0.35f));
    glUseProgram(m.mesh_program);
    glUniformMatrix4fv(m.u_mvp, 1, GL_FALSE, glm::value_ptr(mvp_flipped));
    glUniformMatrix4fv(m.u_model, 1, GL_FALSE, glm::value_ptr(model));
    glUniform3f(m.u_light, light.x, light.y, light.z);
    glUniform3f(m.u_eye, eye.x, eye.y, eye.z);
    glBindVertexArray(m.mesh_vao);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LEQUAL);
    glDisable(GL_BLEND);
    glEnable(GL_POLYGON_OFFSET_FILL);  // pushes the fill back so the grid lines win the depth test
    glPolygonOffset(1.0f, 1.0f);
    glUniform1f(m.u_wire, 0.0f);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m.mesh_ibo);
    glDrawElements(GL_TRIANGLES, (GLsizei)m.tri_count, GL_UNSIGNED_INT, nullptr);
    glDisable(GL_POLYGON_OFFSET_FILL);
    if (m.wire_count > 0) {
      glEnable(GL_BLEND);
      glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
      glDepthMask(GL_FALSE);
      glUniform1f(m.u_wire, 1.0f);
      glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, m.wire_ibo);
      glDrawElements(GL_LINES, (GLsizei)m.wire_count, GL_UNSIGNED_INT, nullptr);
      glDepthMask(GL_TRUE);
    }
  }

  // Overlay: lines (depth-tested, lifted off the surface), then end markers on top.
  m.overlay.clear();
  size_t marker_start = 0;
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1) marker_start = m.overlay.size();
    for (const Polyline3D& line : lines) {
      const size_t n = line.xyz.size() / 3;
      if (n == 0) continue;
      glm::vec3 prev(0.0f);
      bool have_prev = false;
      glm::vec3 last(0.0f);
      bool have_last = false;
      for (size_t k = 0; k < n; ++k) {
        float p[3] = {line.xyz[3 * k], line.xyz[3 * k + 1] + kLineLift / kHeightScale, line.xyz[3 * k + 2]};
        if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(p[2])) {
          have_prev = false;
          continue;
        }
        glm::vec3 q;
        if (!Impl::to_ndc(mvp_flipped, p, &q)) {
          have_prev = false;
          continue;
        }
        q.z -= 2e-4f;
        if (pass == 0 && have_prev) m.push_segment(prev, q, std::max(line.width, 1.0f), line.color);
        prev = q;
        have_prev = true;
        last = q;
        have_last = true;
      }
      if (pass == 1 && line.marker_at_end && have_last) {
        const float r = std::max(4.0f, 2.2f * line.width);
        m.push_disc(glm::vec3(last.x, last.y, -0.9999f), r + 1.5f, 0xff000000u);
        m.push_disc(glm::vec3(last.x, last.y, -0.9999f), r, line.color | 0xff000000u);
      }
    }
  }
  if (!m.overlay.empty()) {
    glUseProgram(m.overlay_program);
    glBindVertexArray(m.overlay_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m.overlay_vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(m.overlay.size() * sizeof(OverlayVertex)), m.overlay.data(),
                 GL_STREAM_DRAW);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDepthMask(GL_FALSE);
    if (marker_start > 0) {
      // Hidden parts of the lines (behind a hill) faintly, then the visible parts fully.
      glEnable(GL_DEPTH_TEST);
      glDepthFunc(GL_GREATER);
      glUniform1f(m.u_alpha, 0.3f);
      glDrawArrays(GL_TRIANGLES, 0, (GLsizei)marker_start);
      glDepthFunc(GL_LEQUAL);
      glUniform1f(m.u_alpha, 1.0f);
      glDrawArrays(GL_TRIANGLES, 0, (GLsizei)marker_start);
    }
    if (m.overlay.size() > marker_start) {
      glDisable(GL_DEPTH_TEST);
      glUniform1f(m.u_alpha, 1.0f);
      glDrawArrays(GL_TRIANGLES, (GLint)marker_start, (GLsizei)(m.overlay.size() - marker_start));
    }
    glDepthMask(GL_TRUE);
  }

  if (m.samples > 0) {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m.msaa_fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m.resolve_fbo);
    glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  }
  saved.restore();
  m.rendered = true;
}

ImTextureID SurfaceView3D::id() const {
  return impl_ ? (ImTextureID)(intptr_t)impl_->color_tex : (ImTextureID) nullptr;
}

bool SurfaceView3D::valid() const { return impl_ && impl_->rendered && impl_->color_tex != 0; }

const char* SurfaceView3D::error() const { return impl_ ? impl_->error.c_str() : ""; }

bool SurfaceView3D::project(float x, float y, float z, float* px, float* py) const {
  if (!impl_ || !impl_->rendered) return false;
  const glm::vec4 c = impl_->mvp * glm::vec4(x, y, z, 1.0f);
  if (c.w <= 1e-4f) return false;
  const float nx = c.x / c.w, ny = c.y / c.w;
  // Pixels of the image as ImGui shows it: x right, y down from the top-left corner.
  *px = (nx + 1.0f) * 0.5f * impl_->last_w;
  *py = (1.0f - ny) * 0.5f * impl_->last_h;
  return true;
}

}  // namespace descent::ui
