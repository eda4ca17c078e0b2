// thread_pool.h: the kernels' few worker threads (natively; a single-threaded WebAssembly build
// has none and runs everything on the caller). One process-wide pool; parallel_for hands out task
// indices, the calling thread takes part, and it returns when every task has run. Not a task
// graph and not a scheduler for long jobs: work is split into independent pieces (never a
// reduction across threads), so results are bit-identical for every thread count.
// Usage: parallel::set_num_threads(2);  parallel::parallel_for(n, [&](int task) { ... });
#pragma once
#include <cstddef>
#include <utility>

namespace descent::parallel {

// What this build and machine can use: 1 in single-threaded WebAssembly, else the number of
// hardware threads (at least 1).
int hardware_threads();
// Threads the kernels may use (the caller included). n <= 0 means hardware_threads(); the value
// is clamped to [1, 64]. The default is hardware_threads(). Not to be called from inside a task.
void set_num_threads(int n);
int num_threads();

// A non-owning reference to a callable void(int): no allocation, unlike std::function.
class TaskRef {
 public:
  template <class F>
  TaskRef(const F& f) : obj_(&f), call_([](const void* o, int i) { (*static_cast<const F*>(o))(i); }) {}
  void operator()(int i) const { call_(obj_, i); }

 private:
  const void* obj_;
  void (*call_)(const void*, int);
};

// Runs fn(0) ... fn(tasks - 1), each exactly once, spread over up to num_threads() threads, and
// returns when all have finished. Runs them all on the caller when tasks <= 1, when one thread is
// set, when called from inside a task, or while another thread is using the pool.
void parallel_for(int tasks, TaskRef fn);

}  // namespace descent::parallel
