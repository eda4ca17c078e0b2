// gl_programs.cpp: building and caching the compute programs (gl_programs.h).
#include "native/gpu/gl_programs.h"

#include <epoxy/gl.h>

#include <cstring>
#include <vector>

#include "native/gpu/shader_sources.h"

namespace descent::gpu {

namespace {
std::string info_log(GLuint object, bool program) {
  GLint length = 0;
  (program ? glGetProgramiv : glGetShaderiv)(object, GL_INFO_LOG_LENGTH, &length);
  std::vector<char> log(size_t(std::max(length, 1)) + 1, '\0');
  (program ? glGetProgramInfoLog : glGetShaderInfoLog)(object, GLsizei(log.size()), nullptr, log.data());
  std::string s(log.data());
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "(the driver gave no log)" : s;
}

const char* source_of(const char* name) {
  for (int i = 0; i < kShaderSourceCount; ++i)
    if (std::strcmp(kShaderSources[i].name, name) == 0) return kShaderSources[i].text;
  return nullptr;
}
}  // namespace

int Program::location(const char* name) {
  auto it = locations.find(name);
  if (it != locations.end()) return it->second;
  const int loc = glGetUniformLocation(id, name);
  locations.emplace(name, loc);
  return loc;
}

Result<unsigned> build_compute_program(const std::string& name, const std::string& source) {
  const GLuint shader = glCreateShader(GL_COMPUTE_SHADER);
  if (!shader) return make_error(ErrorCode::Internal, "kernel " + name + ": glCreateShader(GL_COMPUTE_SHADER) failed");
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    const std::string log = info_log(shader, false);
    glDeleteShader(shader);
    return make_error(ErrorCode::Internal, "kernel " + name + ": the compute shader did not compile:\n" + log);
  }
  const GLuint program = glCreateProgram();
  glAttachShader(program, shader);
  glLinkProgram(program);
  glDeleteShader(shader);  // stays attached until the program goes
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    const std::string log = info_log(program, true);
    glDeleteProgram(program);
    return make_error(ErrorCode::Internal, "kernel " + name + ": the compute program did not link:\n" + log);
  }
  return unsigned(program);
}

std::string kernel_source(const std::string& kernel, const std::string& defines) {
  const char* body = source_of(kernel.c_str());
  const char* prelude = source_of("prelude");
  if (!body || !prelude) return "";
  // #line keeps the driver's line numbers those of the kernel's own file.
  return "#version 430 core\n" + defines + "#line 1 1\n" + prelude + "\n#line 1 2\n" + body;
}

Programs::~Programs() {
  for (auto& [key, p] : cache_)
    if (p->id) glDeleteProgram(p->id);
}

Result<Program*> Programs::get(const std::string& kernel, const std::string& defines) {
  const std::string key = kernel + "\n" + defines;
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second.get();
  const std::string source = kernel_source(kernel, defines);
  if (source.empty()) return make_error(ErrorCode::Internal, "no compute kernel named '" + kernel + "' in this build");
  Result<unsigned> id = build_compute_program(kernel, source);
  if (!id) return id.status();
  auto p = std::make_unique<Program>();
  p->id = *id;
  Program* raw = p.get();
  cache_.emplace(key, std::move(p));
  return raw;
}

}  // namespace descent::gpu
