// shader_sources.h: the text of native/gpu/shaders/*.comp and prelude.glsl, embedded at build time
// (embed_shaders.cmake writes shader_sources.cpp in the build tree). Names are the file stems.
#pragma once

namespace descent::gpu {

struct ShaderSource {
  const char* name;  // "gemm", "prelude", ...
  const char* text;
};
extern const ShaderSource kShaderSources[];
extern const int kShaderSourceCount;

}  // namespace descent::gpu
