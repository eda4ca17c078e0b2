// surface_settings.h: the settings table of SurfaceDesc (settings/schema.h): surface, a, b, rotation
// (degrees; the struct keeps radians) and `eigen` (a,b in one value, the CLI's --eigen), with ranges
// and help. The CLI's trajectory flags, the lab's surface command and its links come from it.
// Usage: SurfaceDesc s = surface_schema().defaults();  surface_schema().apply(s, {{"a", "2"}}, "surface");
#pragma once
#include "core/settings/schema.h"
#include "core/surface/surface.h"

namespace descent {

const settings::Schema<SurfaceDesc>& surface_schema();
// Every surface, in the enum's order.
const std::vector<SurfaceKind>& surface_kinds();

}  // namespace descent
