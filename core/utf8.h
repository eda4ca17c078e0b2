// utf8.h: text that may hold any bytes (a script line, a file name, an uploaded file's name) made
// safe for JSON and for display: every byte sequence that is not well-formed UTF-8 becomes U+FFFD
// (the replacement character), one per maximal ill-formed subpart (Unicode 15, section 3.9).
// Not a transcoder: valid text, NUL bytes included, comes back unchanged.
// Usage: j["text"] = valid_utf8(message);   // nlohmann::json::dump() throws on invalid UTF-8
#pragma once
#include <string>
#include <string_view>

namespace descent {

// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// `s` with each ill-formed subpart replaced by U+FFFD (EF BF BD).
std::string valid_utf8(std::string_view s);

}  // namespace descent
