// gl.h: the one place that includes OpenGL: GL 3.3 core through libepoxy on the desktop, OpenGL ES 3
// (WebGL2) in the browser. GLSL sources start with DESCENT_GLSL_HEADER so one shader serves both.
// Only core/ui/gfx.cpp and the native shell include this; views draw through gfx.h and ImGui.
#pragma once
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#define DESCENT_GLSL_HEADER "#version 300 es\nprecision highp float;\n"
#define DESCENT_IMGUI_GLSL "#version 300 es"
#else
#include <epoxy/gl.h>
#define DESCENT_GLSL_HEADER "#version 330 core\n"
#define DESCENT_IMGUI_GLSL "#version 330 core"
#endif
