# wasm_app.cmake: what the app (core/ui + web/) needs under Emscripten, all from Debian's source
# packages that scripts/setup.sh unpacks in build/deps/src: Dear ImGui 1.86 (core + SDL2/OpenGL3
# backends, compiled here as static libraries) and SDL 2.26.5 for WebAssembly (built once by an
# ExternalProject into build/deps/sdl2-wasm, then reused by every wasm build folder; its compiler
# checks are seeded from cmake/sdl2_wasm_checks.cmake). Defines the targets dependencies.cmake defines
# natively: descent_imgui, descent_gl, descent_glm, descent_json, descent_platform. Without the
# sources, configure goes on without the app.
# Included from dependencies.cmake when EMSCRIPTEN. Not used natively (Debian's libimgui-dev, libsdl2-dev).

set(DESCENT_IMGUI_SRC "${DESCENT_DEPS_SRC}/imgui")
set(DESCENT_SDL2_SRC "${DESCENT_DEPS_SRC}/libsdl2")
set(DESCENT_SDL2_WASM_DIR "${PROJECT_SOURCE_DIR}/build/deps/sdl2-wasm" CACHE PATH
    "Where SDL2 for WebAssembly is installed (built there once from build/deps/src/libsdl2 when absent)")

if(NOT EXISTS "${DESCENT_IMGUI_SRC}/imgui.cpp" OR NOT EXISTS "${DESCENT_IMGUI_SRC}/backends/imgui_impl_sdl.cpp")
  message(STATUS "web app: no Dear ImGui sources in ${DESCENT_IMGUI_SRC} (run scripts/setup.sh); building without the app")
  return()
endif()
# A finished install leaves this stamp (written after `cmake --install`), so a half-done one is rebuilt.
set(DESCENT_SDL2_STAMP "${DESCENT_SDL2_WASM_DIR}/descent-sdl2-complete")
if(NOT EXISTS "${DESCENT_SDL2_STAMP}" AND NOT EXISTS "${DESCENT_SDL2_SRC}/CMakeLists.txt")
  message(STATUS "web app: neither SDL2 for wasm in ${DESCENT_SDL2_WASM_DIR} nor its sources in ${DESCENT_SDL2_SRC} "
                 "(run scripts/setup.sh); building without the app")
  return()
endif()

# ---- Dear ImGui's core: what core/ui may use -------------------------------------------------------
add_library(descent_imgui_wasm STATIC
  "${DESCENT_IMGUI_SRC}/imgui.cpp" "${DESCENT_IMGUI_SRC}/imgui_draw.cpp"
  "${DESCENT_IMGUI_SRC}/imgui_tables.cpp" "${DESCENT_IMGUI_SRC}/imgui_widgets.cpp"
  "${DESCENT_IMGUI_SRC}/imgui_demo.cpp")
target_include_directories(descent_imgui_wasm SYSTEM PUBLIC "${DESCENT_IMGUI_SRC}")
# ImGui's item hooks (imgui_internal.h, "test engine"): the web shell records where each labelled
# widget was drawn (web/widget_locator.cpp), so tests click real buttons by name.
target_compile_definitions(descent_imgui_wasm PRIVATE IMGUI_ENABLE_TEST_ENGINE)
target_compile_options(descent_imgui_wasm PRIVATE -O2 -w)
add_library(descent_imgui INTERFACE)
target_link_libraries(descent_imgui INTERFACE descent_imgui_wasm)

# ---- GL (WebGL2 as OpenGL ES 3, core/ui/gl.h), glm, nlohmann/json (headers through sysinc) -----------
add_library(descent_gl INTERFACE)
target_link_options(descent_gl INTERFACE -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2)
add_library(descent_glm INTERFACE)
target_include_directories(descent_glm SYSTEM INTERFACE ${DESCENT_SYSINC})
add_library(descent_json INTERFACE)
target_include_directories(descent_json SYSTEM INTERFACE ${DESCENT_SYSINC})

# ---- SDL2 for WebAssembly: built once, cached outside the build folder --------------------------------
file(MAKE_DIRECTORY "${DESCENT_SDL2_WASM_DIR}/include/SDL2")
add_library(descent_sdl2_wasm STATIC IMPORTED GLOBAL)
set_target_properties(descent_sdl2_wasm PROPERTIES
  IMPORTED_LOCATION "${DESCENT_SDL2_WASM_DIR}/lib/libSDL2.a"
  INTERFACE_INCLUDE_DIRECTORIES "${DESCENT_SDL2_WASM_DIR}/include/SDL2")
if(EXISTS "${DESCENT_SDL2_STAMP}")
  message(STATUS "web app: SDL2 for wasm from ${DESCENT_SDL2_WASM_DIR}")
else()
  include(ExternalProject)
  # SDL's configure asks the compiler about 200 questions (check_include_file, check_symbol_exists,
  # ...), each an emcc compile and link: most of a first start. cmake/sdl2_wasm_checks.cmake holds
  # their answers for this SDL and this Emscripten (scripts/sdl2_wasm_checks.sh made it from a full
  # configure and checked that a seeded one writes the same SDL_config.h); given as SDL's initial
  # cache, the checks are skipped. For other versions, or with -DDESCENT_SDL2_SEED=OFF, SDL asks.
  option(DESCENT_SDL2_SEED "Seed SDL2's configure with the known answers of its compiler checks" ON)
  set(DESCENT_SDL2_CHECKS "${CMAKE_CURRENT_LIST_DIR}/sdl2_wasm_checks.cmake" CACHE FILEPATH
      "The answers of SDL2's compiler checks (scripts/sdl2_wasm_checks.sh makes them)")
  file(STRINGS "${DESCENT_SDL2_SRC}/include/SDL_version.h" _sdl_v
       REGEX "^#define SDL_(MAJOR_VERSION|MINOR_VERSION|PATCHLEVEL)[ \t]+[0-9]+")
  string(REGEX REPLACE "[^0-9;]" "" _sdl_v "${_sdl_v}")  # "2;26;5"
  string(REPLACE ";" "." DESCENT_SDL2_VERSION "${_sdl_v}")
  set(DESCENT_SDL2_INIT_CACHE "")
  if(DESCENT_SDL2_SEED AND EXISTS "${DESCENT_SDL2_CHECKS}")
    file(STRINGS "${DESCENT_SDL2_CHECKS}" _seed_for REGEX "^# for: ")
    if(_seed_for STREQUAL "# for: SDL ${DESCENT_SDL2_VERSION}, Emscripten ${EMSCRIPTEN_VERSION}")
      set(DESCENT_SDL2_INIT_CACHE -C "${DESCENT_SDL2_CHECKS}")
      message(STATUS "web app: SDL2's compiler checks seeded from cmake/sdl2_wasm_checks.cmake")
    else()
      message(STATUS "web app: cmake/sdl2_wasm_checks.cmake is for '${_seed_for}', not SDL ${DESCENT_SDL2_VERSION} "
                     "with Emscripten ${EMSCRIPTEN_VERSION}: SDL2's configure runs all its checks (slow; "
                     "scripts/sdl2_wasm_checks.sh remakes the file)")
    endif()
  elseif(DESCENT_SDL2_SEED)
    message(STATUS "web app: no ${DESCENT_SDL2_CHECKS}: SDL2's configure runs all its checks (slow; "
                   "scripts/sdl2_wasm_checks.sh makes the file)")
  endif()
  message(STATUS "web app: SDL2 for wasm will be built from ${DESCENT_SDL2_SRC} into ${DESCENT_SDL2_WASM_DIR} (once)")
  # The options of TOOLCHAIN.md's tested recipe: static only, no tests, no threads (no COOP/COEP needed).
  # Every emcc call under Debian's python (a pyenv shim first on PATH costs ~0.5 s a call), and
  # NODE_PATH as for our own links (emcc may run Debian's node-acorn while SDL's configure links).
  set(DESCENT_EP_ENV ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs EMSDK_PYTHON=/usr/bin/python3)
  ExternalProject_Add(descent_sdl2_wasm_build
    SOURCE_DIR "${DESCENT_SDL2_SRC}"
    BINARY_DIR "${CMAKE_BINARY_DIR}/deps/sdl2-wasm-build"
    INSTALL_DIR "${DESCENT_SDL2_WASM_DIR}"
    CONFIGURE_COMMAND ${DESCENT_EP_ENV} ${CMAKE_COMMAND} ${DESCENT_SDL2_INIT_CACHE} -G Ninja -S <SOURCE_DIR> -B <BINARY_DIR>
               -DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE} -DCMAKE_BUILD_TYPE=Release
               -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DSDL_PTHREADS=OFF
               -DCMAKE_INSTALL_PREFIX=<INSTALL_DIR>
    BUILD_COMMAND ${DESCENT_EP_ENV} ${CMAKE_COMMAND} --build <BINARY_DIR>
    INSTALL_COMMAND ${CMAKE_COMMAND} --install <BINARY_DIR>
            COMMAND ${CMAKE_COMMAND} -E touch "${DESCENT_SDL2_STAMP}"
    BUILD_BYPRODUCTS "${DESCENT_SDL2_WASM_DIR}/lib/libSDL2.a"
    STEP_TARGETS configure
    LOG_CONFIGURE ON LOG_BUILD ON LOG_INSTALL ON LOG_OUTPUT_ON_FAILURE ON
    USES_TERMINAL_BUILD ON)
  add_dependencies(descent_sdl2_wasm descent_sdl2_wasm_build)
endif()

# ---- the web shell's platform: SDL2 + ImGui's SDL2 and OpenGL ES 3 backends ---------------------------
add_library(descent_imgui_backends_wasm STATIC
  "${DESCENT_IMGUI_SRC}/backends/imgui_impl_sdl.cpp" "${DESCENT_IMGUI_SRC}/backends/imgui_impl_opengl3.cpp")
target_include_directories(descent_imgui_backends_wasm SYSTEM PUBLIC "${DESCENT_IMGUI_SRC}/backends")
target_compile_definitions(descent_imgui_backends_wasm PUBLIC IMGUI_IMPL_OPENGL_ES3)
target_link_libraries(descent_imgui_backends_wasm PUBLIC descent_imgui_wasm descent_sdl2_wasm)
target_compile_options(descent_imgui_backends_wasm PRIVATE -O2 -w)
add_library(descent_platform INTERFACE)
target_link_libraries(descent_platform INTERFACE descent_imgui_backends_wasm descent_sdl2_wasm descent_gl)
