// gl_reader.cpp: the drawing layer of the app without a window, for the fuzz targets: every GL
// function core/ui/gfx.cpp calls is pointed (through libepoxy's function pointers, which gl.h's
// names resolve to) at a stand-in that keeps a little state (names, bound buffers, their sizes)
// and READS every byte it is handed: texture pixels, buffer data, shader sources, uniform
// matrices, and the indices or vertices a draw call would fetch, checked against the bound
// buffer's size. AddressSanitizer then sees any buffer gfx.cpp gets wrong, and an out-of-range
// draw aborts as a finding. Not a renderer: nothing is rasterised. A GL function gfx.cpp starts
// to use without a stand-in here makes libepoxy abort ("No provider"), so none is skipped silently.
// Usage: install_gl_reader(); then use core/ui as usual; gl_bytes_read() grows with the work.
#include "tests/fuzz/gl_reader.h"

#include <epoxy/gl.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

namespace descent::fuzz {
namespace {

uint64_t g_sum = 0;     // a checksum of everything read, so no read can be optimised away
uint64_t g_bytes = 0;   // how many bytes were read
GLuint g_next_name = 1;

struct Buffer {
  std::vector<uint8_t> data;  // a copy: draws read from it as GL would
  GLsizei stride = 0;         // of attribute 0 while this buffer was bound to GL_ARRAY_BUFFER
};
std::map<GLuint, Buffer> g_buffers;
GLuint g_array_buffer = 0, g_element_buffer = 0, g_vao = 0;
std::map<GLuint, GLuint> g_vao_vertices;  // vertex array -> the buffer of its attribute 0
GLint g_unpack_alignment = 4;

void read_bytes(const void* p, size_t n) {
  const uint8_t* b = static_cast<const uint8_t*>(p);
  for (size_t i = 0; i < n; ++i) g_sum = g_sum * 131 + b[i];
  g_bytes += n;
}

[[noreturn]] void gl_misuse(const char* what) {
  std::fprintf(stderr, "gl_reader: %s\n", what);
  std::abort();
}

void gen(GLsizei n, GLuint* names) {
  if (n < 0) gl_misuse("negative count to glGen*");
  for (GLsizei i = 0; i < n; ++i) names[i] = g_next_name++;
}
void del(GLsizei n, const GLuint* names) {
  if (n < 0) gl_misuse("negative count to glDelete*");
  read_bytes(names, size_t(n) * sizeof(GLuint));
  for (GLsizei i = 0; i < n; ++i) g_buffers.erase(names[i]);
}

// Bytes of a w x h image of `format`/`type` with the current unpack alignment.
size_t image_bytes(GLsizei w, GLsizei h, GLenum format, GLenum type) {
  if (w < 0 || h < 0) gl_misuse("negative texture size");
  size_t channels = format == GL_RGBA ? 4 : format == GL_RGB ? 3 : format == GL_RG ? 2 : 1;
  size_t size = type == GL_FLOAT ? 4 : 1;
  size_t row = size_t(w) * channels * size;
  const size_t a = size_t(g_unpack_alignment);
  row = (row + a - 1) / a * a;
  return row * size_t(h);
}

}  // namespace

uint64_t gl_bytes_read() { return g_bytes; }
uint64_t gl_checksum() { return g_sum; }

void install_gl_reader() {
  // Names and state.
  epoxy_glGenTextures = [](GLsizei n, GLuint* t) { gen(n, t); };
  epoxy_glGenBuffers = [](GLsizei n, GLuint* t) { gen(n, t); };
  epoxy_glGenVertexArrays = [](GLsizei n, GLuint* t) { gen(n, t); };
  epoxy_glGenFramebuffers = [](GLsizei n, GLuint* t) { gen(n, t); };
  epoxy_glGenRenderbuffers = [](GLsizei n, GLuint* t) { gen(n, t); };
  epoxy_glDeleteTextures = [](GLsizei n, const GLuint* t) { del(n, t); };
  epoxy_glDeleteBuffers = [](GLsizei n, const GLuint* t) { del(n, t); };
  epoxy_glDeleteVertexArrays = [](GLsizei n, const GLuint* t) { del(n, t); };
  epoxy_glDeleteFramebuffers = [](GLsizei n, const GLuint* t) { del(n, t); };
  epoxy_glDeleteRenderbuffers = [](GLsizei n, const GLuint* t) { del(n, t); };
  epoxy_glCreateShader = [](GLenum) { return g_next_name++; };
  epoxy_glCreateProgram = []() { return g_next_name++; };
  epoxy_glDeleteShader = [](GLuint) {};
  epoxy_glDeleteProgram = [](GLuint) {};
  epoxy_glBindTexture = [](GLenum, GLuint) {};
  epoxy_glBindVertexArray = [](GLuint vao) { g_vao = vao; };
  epoxy_glBindFramebuffer = [](GLenum, GLuint) {};
  epoxy_glBindRenderbuffer = [](GLenum, GLuint) {};
  epoxy_glBindBuffer = [](GLenum target, GLuint b) {
    if (target == GL_ARRAY_BUFFER) g_array_buffer = b;
    if (target == GL_ELEMENT_ARRAY_BUFFER) g_element_buffer = b;
  };
  epoxy_glUseProgram = [](GLuint) {};
  epoxy_glCheckFramebufferStatus = [](GLenum) -> GLenum { return GL_FRAMEBUFFER_COMPLETE; };
  epoxy_glFramebufferRenderbuffer = [](GLenum, GLenum, GLenum, GLuint) {};
  epoxy_glFramebufferTexture2D = [](GLenum, GLenum, GLenum, GLuint, GLint) {};
  epoxy_glRenderbufferStorage = [](GLenum, GLenum, GLsizei w, GLsizei h) {
    if (w < 0 || h < 0) gl_misuse("negative renderbuffer size");
  };
  epoxy_glRenderbufferStorageMultisample = [](GLenum, GLsizei, GLenum, GLsizei w, GLsizei h) {
    if (w < 0 || h < 0) gl_misuse("negative renderbuffer size");
  };

  // Data handed over: read every byte.
  epoxy_glBufferData = [](GLenum target, GLsizeiptr size, const void* data, GLenum) {
    if (size < 0) gl_misuse("negative glBufferData size");
    const GLuint name = target == GL_ELEMENT_ARRAY_BUFFER ? g_element_buffer : g_array_buffer;
    Buffer& b = g_buffers[name];
    b.data.assign(size_t(size), 0);
    if (data) {
      read_bytes(data, size_t(size));
      std::memcpy(b.data.data(), data, size_t(size));
    }
  };
  epoxy_glTexImage2D = [](GLenum, GLint, GLint, GLsizei w, GLsizei h, GLint, GLenum format, GLenum type,
                          const void* pixels) {
    const size_t n = image_bytes(w, h, format, type);
    if (pixels) read_bytes(pixels, n);
  };
  epoxy_glTexSubImage2D = [](GLenum, GLint, GLint, GLint, GLsizei w, GLsizei h, GLenum format, GLenum type,
                             const void* pixels) {
    if (pixels) read_bytes(pixels, image_bytes(w, h, format, type));
  };
  epoxy_glPixelStorei = [](GLenum pname, GLint v) {
    if (pname == GL_UNPACK_ALIGNMENT) g_unpack_alignment = v == 1 || v == 2 || v == 4 || v == 8 ? v : 4;
  };
  epoxy_glTexParameteri = [](GLenum, GLenum, GLint) {};
  epoxy_glShaderSource = [](GLuint, GLsizei count, const GLchar* const* strings, const GLint* lengths) {
    for (GLsizei i = 0; i < count; ++i)
      read_bytes(strings[i], lengths && lengths[i] >= 0 ? size_t(lengths[i]) : std::strlen(strings[i]));
  };
  epoxy_glCompileShader = [](GLuint) {};
  epoxy_glAttachShader = [](GLuint, GLuint) {};
  epoxy_glLinkProgram = [](GLuint) {};
  epoxy_glGetShaderiv = [](GLuint, GLenum pname, GLint* v) { *v = pname == GL_COMPILE_STATUS ? GL_TRUE : 0; };
  epoxy_glGetProgramiv = [](GLuint, GLenum pname, GLint* v) { *v = pname == GL_LINK_STATUS ? GL_TRUE : 0; };
  epoxy_glGetShaderInfoLog = [](GLuint, GLsizei n, GLsizei* len, GLchar* log) {
    if (len) *len = 0;
    if (n > 0) log[0] = 0;
  };
  epoxy_glGetProgramInfoLog = [](GLuint, GLsizei n, GLsizei* len, GLchar* log) {
    if (len) *len = 0;
    if (n > 0) log[0] = 0;
  };
  epoxy_glGetUniformLocation = [](GLuint, const GLchar* name) -> GLint {
    read_bytes(name, std::strlen(name));
    return 1;
  };
  epoxy_glUniform1f = [](GLint, GLfloat v) { read_bytes(&v, sizeof v); };
  epoxy_glUniform3f = [](GLint, GLfloat a, GLfloat b, GLfloat c) {
    const GLfloat v[3] = {a, b, c};
    read_bytes(v, sizeof v);
  };
  epoxy_glUniformMatrix4fv = [](GLint, GLsizei count, GLboolean, const GLfloat* m) {
    read_bytes(m, size_t(count) * 16 * sizeof(GLfloat));
  };
  epoxy_glVertexAttribPointer = [](GLuint index, GLint, GLenum, GLboolean, GLsizei stride, const void*) {
    if (index != 0) return;
    g_buffers[g_array_buffer].stride = stride;
    g_vao_vertices[g_vao] = g_array_buffer;
  };
  epoxy_glEnableVertexAttribArray = [](GLuint) {};

  // Queries: what a fresh context answers, every value the caller expects written.
  epoxy_glGetIntegerv = [](GLenum pname, GLint* v) {
    const bool four = pname == GL_VIEWPORT || pname == GL_SCISSOR_BOX;
    for (int i = 0; i < (four ? 4 : 1); ++i) v[i] = 0;
    if (pname == GL_MAX_SAMPLES) v[0] = 4;
    if (pname == GL_UNPACK_ALIGNMENT) v[0] = g_unpack_alignment;
    if (pname == GL_BLEND_SRC_RGB || pname == GL_BLEND_SRC_ALPHA) v[0] = GL_ONE;
  };
  epoxy_glGetFloatv = [](GLenum pname, GLfloat* v) {
    for (int i = 0; i < (pname == GL_COLOR_CLEAR_VALUE ? 4 : 1); ++i) v[i] = 0;
  };
  epoxy_glGetBooleanv = [](GLenum pname, GLboolean* v) {
    for (int i = 0; i < (pname == GL_COLOR_WRITEMASK ? 4 : 1); ++i) v[i] = GL_TRUE;
  };
  epoxy_glIsEnabled = [](GLenum) -> GLboolean { return GL_FALSE; };

  // State without data.
  epoxy_glEnable = [](GLenum) {};
  epoxy_glDisable = [](GLenum) {};
  epoxy_glDepthMask = [](GLboolean) {};
  epoxy_glDepthFunc = [](GLenum) {};
  epoxy_glBlendFuncSeparate = [](GLenum, GLenum, GLenum, GLenum) {};
  epoxy_glPolygonOffset = [](GLfloat, GLfloat) {};
  epoxy_glPolygonMode = [](GLenum, GLenum) {};
  epoxy_glViewport = [](GLint, GLint, GLsizei w, GLsizei h) {
    if (w < 0 || h < 0) gl_misuse("negative viewport");
  };
  epoxy_glClearColor = [](GLfloat, GLfloat, GLfloat, GLfloat) {};
  epoxy_glClear = [](GLbitfield) {};
  epoxy_glBlitFramebuffer = [](GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLbitfield, GLenum) {};

  // Draws: fetch what the GPU would, from the bound buffers, within their sizes.
  epoxy_glDrawElements = [](GLenum, GLsizei count, GLenum type, const void* offset) {
    if (count < 0) gl_misuse("negative glDrawElements count");
    const size_t size = type == GL_UNSIGNED_INT ? 4 : type == GL_UNSIGNED_SHORT ? 2 : 1;
    const size_t start = size_t(reinterpret_cast<uintptr_t>(offset));
    const Buffer& ib = g_buffers[g_element_buffer];
    if (start + size_t(count) * size > ib.data.size()) gl_misuse("glDrawElements reads past its index buffer");
    const Buffer& vb = g_buffers[g_vao_vertices[g_vao]];
    const size_t vertices = vb.stride > 0 ? vb.data.size() / size_t(vb.stride) : 0;
    for (GLsizei i = 0; i < count; ++i) {
      uint32_t index = 0;
      std::memcpy(&index, ib.data.data() + start + size_t(i) * size, size);
      if (vertices > 0 && index >= vertices) gl_misuse("glDrawElements: an index past the vertex buffer");
    }
    read_bytes(ib.data.data() + start, size_t(count) * size);
  };
  epoxy_glDrawArrays = [](GLenum, GLint first, GLsizei count) {
    if (first < 0 || count < 0) gl_misuse("negative glDrawArrays range");
    const Buffer& vb = g_buffers[g_vao_vertices[g_vao]];
    const size_t end = (size_t(first) + size_t(count)) * size_t(vb.stride);
    if (vb.stride > 0 && end > vb.data.size()) gl_misuse("glDrawArrays reads past its vertex buffer");
    if (vb.stride > 0) read_bytes(vb.data.data() + size_t(first) * size_t(vb.stride), size_t(count) * size_t(vb.stride));
  };
}

}  // namespace descent::fuzz
