// png_writer.h: writes an RGBA8 image as a PNG file (through stb_image_write, which Debian's libstb
// ships compiled: no STB_IMAGE_WRITE_IMPLEMENTATION anywhere in this project). Desktop only.
// Usage: Status s = write_png("out.png", w, h, rgba);  // rgba is (h, w, 4), row 0 = top row
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace descent::app {

Status write_png(const std::string& path, int w, int h, const std::vector<uint8_t>& rgba);

}  // namespace descent::app
