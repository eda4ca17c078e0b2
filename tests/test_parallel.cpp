// test_parallel.cpp: the thread pool (core/parallel/thread_pool.h): every task runs exactly once
// for many back-to-back jobs and thread counts, nested calls run inline, and resizing works. In
// single-threaded WebAssembly the same tests run everything on the caller.
#include <doctest/doctest.h>

#include <atomic>
#include <vector>

#include "core/parallel/thread_pool.h"

using namespace descent;

TEST_CASE("parallel: every task of every job runs exactly once, for 1..4 threads") {
  const int saved = parallel::num_threads();
  for (int threads : {1, 2, 3, 4, 2}) {
    parallel::set_num_threads(threads);
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
    CHECK(parallel::num_threads() == 1);
#else
    CHECK(parallel::num_threads() == threads);
#endif
    std::vector<int> hits(97, 0);
    for (int job = 0; job < 300; ++job) {
      const int tasks = 1 + job % 97;
      parallel::parallel_for(tasks, [&](int i) { hits[size_t(i)] += 1; });  // distinct i: no race
    }
    long total = 0;
    for (int h : hits) total += h;
    long want = 0;
    for (int job = 0; job < 300; ++job) want += 1 + job % 97;
    CHECK(total == want);
    // Task i ran once in each job with more than i tasks.
    for (int i = 0; i < 97; ++i) {
      int expect = 0;
      for (int job = 0; job < 300; ++job) expect += i < 1 + job % 97;
      CHECK(hits[size_t(i)] == expect);
    }
  }
  parallel::set_num_threads(saved);
}

TEST_CASE("parallel: a parallel_for inside a task runs inline; zero tasks do nothing") {
  std::atomic<int> count{0};
  parallel::parallel_for(4, [&](int) { parallel::parallel_for(5, [&](int) { count.fetch_add(1); }); });
  CHECK(count.load() == 20);
  parallel::parallel_for(0, [&](int) { count.fetch_add(100); });
  CHECK(count.load() == 20);
  CHECK(parallel::hardware_threads() >= 1);
}
