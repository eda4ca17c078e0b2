// test_utf8.cpp: valid_utf8 / is_valid_utf8 (core/utf8.h) against the Unicode standard's own
// example of maximal ill-formed subparts (section 3.9, Table 3-8) and hand-made edge cases
// (overlong forms, surrogates, code points above U+10FFFF, sequences cut short), and the bytes of
// the issue-13 crash (a script line `data \xff\xfe`).
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/utf8.h"

using descent::is_valid_utf8;
using descent::valid_utf8;

namespace {
const std::string R = "\xEF\xBF\xBD";  // U+FFFD
}

TEST_CASE("utf8: valid text comes back unchanged, NUL and 4-byte forms included") {
  for (const std::string& s : {std::string(""), std::string("plain ascii"), std::string("caf\xC3\xA9"),
                              std::string("\xE2\x82\xAC 5"), std::string("\xF0\x9F\x98\x80"),
                              std::string("a\0b", 3), std::string("\xF4\x8F\xBF\xBF"), std::string("\xED\x9F\xBF")}) {
    CAPTURE(s);
    CHECK(is_valid_utf8(s));
    CHECK(valid_utf8(s) == s);
  }
}

TEST_CASE("utf8: the issue-13 bytes 64 61 74 61 20 ff fe become two replacement characters") {
  const std::string line = "data \xff\xfe";
  CHECK_FALSE(is_valid_utf8(line));
  CHECK(valid_utf8(line) == "data " + R + R);
  // What made App::state_json abort: nlohmann's dump() throws on the raw bytes, not on ours.
  nlohmann::json raw = {{"text", line}}, fixed = {{"text", valid_utf8(line)}};
#ifndef __EMSCRIPTEN__  // (the wasm build ignores exceptions: a throw ends the program there)
  CHECK_THROWS(raw.dump());
#endif
  CHECK_NOTHROW(fixed.dump());
}

TEST_CASE("utf8: maximal subparts as in the Unicode standard's Table 3-8") {
  // 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 -> a FFFD FFFD FFFD b FFFD c FFFD FFFD d
  const std::string in = "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64";
  CHECK(valid_utf8(in) == "a" + R + R + R + "b" + R + "c" + R + R + "d");
}

TEST_CASE("utf8: overlong forms, surrogates, above U+10FFFF and cut-short sequences") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"\xC0\xAF", R + R},                   // overlong '/': C0 never starts a sequence
      {"\xE0\x80\xAF", R + R + R},           // overlong 3-byte: E0 needs A0..BF next
      {"\xED\xA0\x80", R + R + R},           // U+D800, a surrogate
      {"\xF4\x90\x80\x80", R + R + R + R},   // U+110000
      {"\xF5\x80", R + R},                   // F5 never starts a sequence
      {"\xE2\x82", R},                       // a 3-byte sequence cut short: one subpart
      {"\xF0\x9F\x98", R},                   // a 4-byte sequence cut short
      {"\xE2\x82x", R + "x"},                // cut short by an ASCII byte, which survives
      {"\x80", R},                           // a lone continuation byte
      {"\xFF", R},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK_FALSE(is_valid_utf8(c.in));
    CHECK(valid_utf8(c.in) == c.out);
    CHECK(is_valid_utf8(valid_utf8(c.in)));
  }
}

TEST_CASE("utf8: every two-byte string repairs to valid UTF-8 that keeps its valid bytes") {
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b) {
      const std::string s{char(a), char(b)};
      const std::string v = valid_utf8(s);
      REQUIRE(is_valid_utf8(v));
      if (is_valid_utf8(s)) REQUIRE(v == s);
      if (a < 0x80 && b < 0x80) REQUIRE(v == s);
    }
}
