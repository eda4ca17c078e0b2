# ui_font.cmake: the app's font (core/ui/fonts.h), made at build time from Debian's fonts-dejavu-core:
# DejaVu Sans subset by python3-fonttools (`python3 -m fontTools.subset`) to what the UI writes (Latin-1,
# Greek, the lecture's math signs: a superset of fonts.cpp's glyph ranges), about 40 KB instead of 740 KB,
# into ${CMAKE_BINARY_DIR}/fonts/descent-ui.ttf (target descent_ui_font). The desktop app reads that
# file (DESCENT_UI_FONT_FILE); the web build compiles it into the app (descent_ui_font_embed: a
# generated .cpp defining descent_ui_font_ttf[]), so the page downloads nothing more. Without
# fonttools the whole TTF is used; without the font the app falls back to ImGui's own (and says so).
# Included from the root CMakeLists.txt where the app is built.

set(DESCENT_FONT_SOURCE "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" CACHE FILEPATH
    "The TrueType font the app's text is drawn with (Debian's fonts-dejavu-core)")
set(DESCENT_UI_FONT "${CMAKE_BINARY_DIR}/fonts/descent-ui.ttf")
# The same code points as core/ui/fonts.cpp's kRanges, as whole blocks where that is simpler.
set(DESCENT_UI_FONT_UNICODES
    "U+0020-00FF,U+0391-03A1,U+03A3-03C9,U+03D1,U+03D5,U+03F5,U+2010-2027,U+2030,U+2032-2033,U+2070-2071,U+2074-208E,"
    "U+2190-2195,U+21D0-21D4,U+2200-22FF,U+2308-230B,U+25A0-25A1,U+25B2,U+25B6,U+25BC,U+25C0,U+25CB,U+25CF,U+FFFD")
string(REPLACE ";" "" DESCENT_UI_FONT_UNICODES "${DESCENT_UI_FONT_UNICODES}")

if(NOT EXISTS "${DESCENT_FONT_SOURCE}")
  message(WARNING "app font: ${DESCENT_FONT_SOURCE} not found (apt-get install fonts-dejavu-core, or run "
                  "scripts/setup.sh); the app will draw ImGui's built-in font (no Greek, no math signs)")
  add_custom_target(descent_ui_font)
  set(DESCENT_UI_FONT "")
  return()
endif()

find_program(DESCENT_FONT_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
execute_process(COMMAND ${DESCENT_FONT_PYTHON} -c "import fontTools.subset" RESULT_VARIABLE _descent_fonttools
                OUTPUT_QUIET ERROR_QUIET)
if(_descent_fonttools EQUAL 0)
  add_custom_command(OUTPUT "${DESCENT_UI_FONT}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/fonts"
    # No hinting and no layout tables: ImGui's rasteriser (stb_truetype) reads only outlines and metrics.
    COMMAND ${DESCENT_FONT_PYTHON} -m fontTools.subset "${DESCENT_FONT_SOURCE}" "--unicodes=${DESCENT_UI_FONT_UNICODES}"
            --no-hinting --layout-features= "--drop-tables+=GSUB,GPOS,GDEF,MATH,FFTM,kern" --name-IDs=*
            "--output-file=${DESCENT_UI_FONT}"
    DEPENDS "${DESCENT_FONT_SOURCE}" "${CMAKE_CURRENT_LIST_FILE}"
    COMMENT "app font: DejaVu Sans subset -> fonts/descent-ui.ttf" VERBATIM)
else()
  message(WARNING "app font: python3-fonttools is missing (scripts/setup.sh installs it): the whole DejaVu Sans "
                  "(740 KB) is used instead of its subset")
  add_custom_command(OUTPUT "${DESCENT_UI_FONT}"
    COMMAND ${CMAKE_COMMAND} -E copy "${DESCENT_FONT_SOURCE}" "${DESCENT_UI_FONT}"
    DEPENDS "${DESCENT_FONT_SOURCE}" COMMENT "app font: DejaVu Sans (whole)" VERBATIM)
endif()
add_custom_target(descent_ui_font DEPENDS "${DESCENT_UI_FONT}")

# The web build's copy: the bytes as a C++ array (no runtime download; the .wasm carries it).
if(EMSCRIPTEN)
  set(DESCENT_UI_FONT_CPP "${CMAKE_BINARY_DIR}/fonts/descent_ui_font.cpp")
  add_custom_command(OUTPUT "${DESCENT_UI_FONT_CPP}"
    COMMAND ${CMAKE_COMMAND} -DIN=${DESCENT_UI_FONT} -DOUT=${DESCENT_UI_FONT_CPP} -P "${CMAKE_CURRENT_LIST_DIR}/embed_bytes.cmake"
    DEPENDS "${DESCENT_UI_FONT}" "${CMAKE_CURRENT_LIST_DIR}/embed_bytes.cmake"
    COMMENT "app font: embedded in the web build" VERBATIM)
  add_library(descent_ui_font_embed STATIC "${DESCENT_UI_FONT_CPP}")
endif()
