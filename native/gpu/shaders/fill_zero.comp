// fill_zero.comp: words [0, n) of a buffer set to 0 (a new buffer's contents, gl_device.cpp's alloc).
layout(local_size_x = 256) in;
layout(std430, binding = 0) writeonly buffer BufX { uint X[]; };
uniform uint n;

void main() {
  for (uint i = gl_GlobalInvocationID.x; i < n; i += gl_NumWorkGroups.x * 256u) X[i] = 0u;
}
