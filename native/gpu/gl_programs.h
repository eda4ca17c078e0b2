// gl_programs.h: the compute programs of the GL device, built from native/gpu/shaders/*.comp
// (embedded at build time) with #defines for their variants, cached per (kernel, defines), with
// their uniform locations. Compile and link errors come back with the driver's log, whole.
// Not a general shader system: compute shaders only, one per kernel.
// Usage: Programs p; Result<Program*> g = p.get("gemm", "#define BM 64\n..."); glUseProgram((*g)->id);
#pragma once
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/status.h"

namespace descent::gpu {

struct Program {
  unsigned id = 0;                                 // GLuint
  std::unordered_map<std::string, int> locations;  // uniform name -> location (-1: not used)
  int location(const char* name);
};

// Compiles and links one compute shader. The error names the kernel and carries the driver's
// compile or link log.
Result<unsigned> build_compute_program(const std::string& name, const std::string& source);

// "#version 430" + defines + shaders/prelude.glsl + shaders/<kernel>.comp, or "" for an unknown kernel.
std::string kernel_source(const std::string& kernel, const std::string& defines);

class Programs {
 public:
  ~Programs();
  // The program of `kernel` built with `defines` (lines of "#define X v"), built on first use.
  Result<Program*> get(const std::string& kernel, const std::string& defines);
  size_t size() const { return cache_.size(); }

 private:
  std::map<std::string, std::unique_ptr<Program>> cache_;
};

}  // namespace descent::gpu
