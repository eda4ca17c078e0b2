// png_writer.cpp: write_png (png_writer.h) on libstb's stbi_write_png.
#include "native/app/png_writer.h"

#include <stb/stb_image_write.h>

namespace descent::app {

Status write_png(const std::string& path, int w, int h, const std::vector<uint8_t>& rgba) {
  if (w <= 0 || h <= 0 || rgba.size() != (size_t)w * h * 4)
    return make_error(ErrorCode::Internal, "write_png: image of " + std::to_string(w) + "x" + std::to_string(h) +
                                               " has " + std::to_string(rgba.size()) + " bytes");
  if (!stbi_write_png(path.c_str(), w, h, 4, rgba.data(), w * 4))
    return make_error(ErrorCode::NotFound,
                      "screenshot: could not write '" + path + "' (does its folder exist and is it writable?)");
  return Status::ok();
}

}  // namespace descent::app
