// gl_reader.h: the GL stand-in of the fuzz targets (gl_reader.cpp): core/ui draws through it with
// no window and no GPU, and every byte it is handed is read. Not a renderer.
// Usage: install_gl_reader();  // once, before the first Texture or SurfaceView3D is used
#pragma once
#include <cstdint>

namespace descent::fuzz {

void install_gl_reader();
uint64_t gl_bytes_read();  // bytes read so far (textures, buffers, shaders, uniforms, draws)
uint64_t gl_checksum();    // of everything read

}  // namespace descent::fuzz
