# wasm_zlib.cmake: zlib for the Emscripten build, compiled from Debian's zlib source package
# (scripts/setup.sh unpacks it to build/deps/src/zlib) into a static library that descent_zlib links,
# with DESCENT_HAVE_ZLIB=1, so .gz IDX files load in the browser too. Not used natively (zlib1g-dev).
# Included from dependencies.cmake when EMSCRIPTEN; without the sources, configure goes on without zlib.

set(DESCENT_DEPS_SRC "${PROJECT_SOURCE_DIR}/build/deps/src" CACHE PATH
    "Debian source packages unpacked by scripts/setup.sh (imgui, libsdl2, zlib)")
set(DESCENT_ZLIB_SRC "${DESCENT_DEPS_SRC}/zlib")

set(DESCENT_ZLIB_C_FILES adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast
    inflate inftrees trees uncompr zutil)
set(DESCENT_ZLIB_SOURCES "")
foreach(name ${DESCENT_ZLIB_C_FILES})
  list(APPEND DESCENT_ZLIB_SOURCES "${DESCENT_ZLIB_SRC}/${name}.c")
endforeach()

set(DESCENT_ZLIB_COMPLETE ON)
foreach(file ${DESCENT_ZLIB_SOURCES} "${DESCENT_ZLIB_SRC}/zlib.h" "${DESCENT_ZLIB_SRC}/zconf.h")
  if(NOT EXISTS "${file}")
    set(DESCENT_ZLIB_COMPLETE OFF)
  endif()
endforeach()

if(NOT DESCENT_ZLIB_COMPLETE)
  message(STATUS "zlib (wasm): no sources in ${DESCENT_ZLIB_SRC} (run scripts/setup.sh); "
                 "building without zlib, .gz files will not load in the web build")
  return()
endif()

# Only zlib.h and zconf.h are public: copy them to a folder of their own, so zlib's internal headers
# (trees.h, inflate.h, ...) never sit on the project's include path.
set(DESCENT_ZLIB_INCLUDE "${CMAKE_BINARY_DIR}/zlib-include")
configure_file("${DESCENT_ZLIB_SRC}/zlib.h" "${DESCENT_ZLIB_INCLUDE}/zlib.h" COPYONLY)
configure_file("${DESCENT_ZLIB_SRC}/zconf.h" "${DESCENT_ZLIB_INCLUDE}/zconf.h" COPYONLY)

add_library(descent_zlib_wasm STATIC ${DESCENT_ZLIB_SOURCES})
target_include_directories(descent_zlib_wasm PRIVATE "${DESCENT_ZLIB_SRC}")
target_include_directories(descent_zlib_wasm SYSTEM INTERFACE "${DESCENT_ZLIB_INCLUDE}")
# Emscripten's libc has unistd.h (read/write/lseek for gz*); zlib's own configure would find it.
target_compile_definitions(descent_zlib_wasm PRIVATE Z_HAVE_UNISTD_H HAVE_UNISTD_H)
target_compile_options(descent_zlib_wasm PRIVATE -O2 -w)

target_link_libraries(descent_zlib INTERFACE descent_zlib_wasm)
target_compile_definitions(descent_zlib INTERFACE DESCENT_HAVE_ZLIB=1)
file(STRINGS "${DESCENT_ZLIB_SRC}/zlib.h" DESCENT_ZLIB_VERSION_LINE REGEX "#define ZLIB_VERSION ")
string(REGEX REPLACE ".*\"(.*)\".*" "\\1" DESCENT_ZLIB_VERSION "${DESCENT_ZLIB_VERSION_LINE}")
message(STATUS "zlib (wasm): ${DESCENT_ZLIB_VERSION} from ${DESCENT_ZLIB_SRC}")
