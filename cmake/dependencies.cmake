# dependencies.cmake: every third-party library, found from Debian's packages (scripts/setup.sh
# installs them). Nothing is downloaded. Emscripten does not search /usr/include, so header-only
# packages are reached through a folder of links in the build tree (TOOLCHAIN.md).

if(EMSCRIPTEN)
  set(DESCENT_SYSINC ${CMAKE_BINARY_DIR}/sysinc)
  file(MAKE_DIRECTORY ${DESCENT_SYSINC})
  foreach(dir hwy doctest glm nlohmann)
    if(EXISTS /usr/include/${dir} AND NOT EXISTS ${DESCENT_SYSINC}/${dir})
      file(CREATE_LINK /usr/include/${dir} ${DESCENT_SYSINC}/${dir} SYMBOLIC)
    endif()
  endforeach()
  # Highway: headers only, static dispatch to the WASM SIMD128 target.
  add_library(descent_hwy INTERFACE)
  target_include_directories(descent_hwy SYSTEM INTERFACE ${DESCENT_SYSINC})
  target_compile_options(descent_hwy INTERFACE -msimd128)
  target_link_options(descent_hwy INTERFACE -msimd128)
  target_compile_definitions(descent_hwy INTERFACE DESCENT_HWY_STATIC=1)
  # zlib: compiled from Debian's source package when scripts/setup.sh fetched it.
  add_library(descent_zlib INTERFACE)
  include(${CMAKE_CURRENT_LIST_DIR}/wasm_zlib.cmake OPTIONAL)
  # The app in the browser (web/): Dear ImGui and SDL2 compiled from Debian's sources (wasm_app.cmake).
  option(DESCENT_BUILD_APP "Build the Dear ImGui app (descent_ui and the web page in web/)" ON)
  if(DESCENT_BUILD_APP)
    include(${CMAKE_CURRENT_LIST_DIR}/wasm_app.cmake)
  endif()
  # ctest runs the wasm tests through scripts/node-run.sh (adds --no-experimental-fetch where node
  # has it). Set here, not in the preset: emcmake appends its own -DCMAKE_CROSSCOMPILING_EMULATOR=
  # node;--experimental-wasm-threads, which beats the preset and which node 18 and 20 reject.
  set(DESCENT_TEST_EMULATOR ${PROJECT_SOURCE_DIR}/scripts/node-run.sh CACHE STRING
      "Command that runs the Emscripten test binaries (.js)")
  set(CMAKE_CROSSCOMPILING_EMULATOR ${DESCENT_TEST_EMULATOR})
  # emcc -O1 and above runs acorn under node at link time and needs NODE_PATH=/usr/share/nodejs
  # (Debian's node-acorn); put it on every link line, so a bare `ninja -C build/wasm` works too.
  if(NOT DEFINED ENV{NODE_PATH} OR NOT "$ENV{NODE_PATH}" MATCHES "/usr/share/nodejs")
    set(CMAKE_C_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
    set(CMAKE_CXX_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
  endif()
else()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(HWY REQUIRED IMPORTED_TARGET libhwy)
  add_library(descent_hwy INTERFACE)
  target_link_libraries(descent_hwy INTERFACE PkgConfig::HWY)
  find_package(ZLIB REQUIRED)
  add_library(descent_zlib INTERFACE)
  target_link_libraries(descent_zlib INTERFACE ZLIB::ZLIB)
  target_compile_definitions(descent_zlib INTERFACE DESCENT_HAVE_ZLIB=1)

  # The CLI: CLI11 (arguments), nlohmann/json (output), fmt.
  find_package(CLI11 CONFIG REQUIRED)
  find_package(nlohmann_json CONFIG REQUIRED)
  add_library(descent_cli_deps INTERFACE)
  target_link_libraries(descent_cli_deps INTERFACE CLI11::CLI11 nlohmann_json::nlohmann_json)

  # The app (core/ui, native/app): Debian's Dear ImGui 1.86 is one static libimgui.a holding the
  # core and every backend (we use imgui_impl_sdl and imgui_impl_opengl3; the latter loads libGL
  # itself through dlopen); its stb_truetype/stb_rect_pack come from libstb (pkg-config imgui
  # Requires: stb), which also has stb_image_write compiled in (the app's PNG writer links it).
  # Headers: <imgui.h>, and the backends as <imgui_impl_sdl.h> from /usr/include/imgui/backends.
  option(DESCENT_BUILD_APP "Build the Dear ImGui app (descent_ui, descent-app, descent_app_tests)" ON)
  if(DESCENT_BUILD_APP)
    pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
    pkg_check_modules(SDL2 REQUIRED IMPORTED_TARGET sdl2)
    pkg_check_modules(EPOXY REQUIRED IMPORTED_TARGET epoxy)
    find_package(glm CONFIG REQUIRED)
    add_library(descent_imgui INTERFACE)     # ImGui's core (what core/ui may use)
    target_link_libraries(descent_imgui INTERFACE PkgConfig::IMGUI)
    add_library(descent_gl INTERFACE)        # OpenGL through libepoxy (core/ui/gl.h)
    target_link_libraries(descent_gl INTERFACE PkgConfig::EPOXY)
    add_library(descent_glm INTERFACE)
    target_link_libraries(descent_glm INTERFACE glm::glm)
    add_library(descent_json INTERFACE)
    target_link_libraries(descent_json INTERFACE nlohmann_json::nlohmann_json)
    add_library(descent_platform INTERFACE)  # the desktop shell: SDL2 + ImGui's SDL/GL3 backends
    target_include_directories(descent_platform SYSTEM INTERFACE ${IMGUI_INCLUDEDIR}/backends)
    target_link_libraries(descent_platform INTERFACE PkgConfig::SDL2 PkgConfig::IMGUI ${CMAKE_DL_LIBS})
    find_package(Threads REQUIRED)
    target_link_libraries(descent_platform INTERFACE Threads::Threads)
  endif()
endif()
