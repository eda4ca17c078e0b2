// thread_pool.cpp: the process-wide pool behind parallel_for (thread_pool.h). Workers spin briefly
// after each job (a training step issues several small jobs back to back, and a futex wake-up per
// job would cost more than the job) and then sleep on the generation counter. Protocol:
//   caller: gen -> odd (closed); wait until no worker is inside a job; write the job; gen -> even
//           (published); take tasks itself; wait until every task has finished.
//   worker: inflight++; read gen; if it is even and new, read the job and take tasks; inflight--.
// All four atomics are sequentially consistent, so a worker either sees the closed (odd) counter
// or is seen by the caller's inflight check: a job is never rewritten while a worker reads it.
// A caller that keeps waiting long for descheduled workers runs alone for a while (note_wait).
// Single-threaded WebAssembly (no pthreads): no workers; everything runs on the caller.
#include "core/parallel/thread_pool.h"

#include <algorithm>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define DESCENT_SINGLE_THREADED 1
#endif

#if !defined(DESCENT_SINGLE_THREADED)
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace descent::parallel {

#if defined(DESCENT_SINGLE_THREADED)

int hardware_threads() { return 1; }
void set_num_threads(int) {}
int num_threads() { return 1; }
void parallel_for(int tasks, TaskRef fn) {
  for (int i = 0; i < tasks; ++i) fn(i);
}

#else

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxThreads = 64;
constexpr auto kSpin = std::chrono::microseconds(300);  // how long an idle worker spins before sleeping

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

thread_local bool t_inside_task = false;

class Pool {
 public:
  Pool() { resize(hardware_threads()); }

  int threads() const { return int(workers_.size()) + 1; }

  void resize(int n) {
    n = std::clamp(n, 1, kMaxThreads);
    std::lock_guard<std::mutex> lock(use_);
    if (n == threads()) return;
    stop_all();
    const uint32_t start = gen_.load();  // taken here: a worker may first run after the next job
    for (int i = 0; i + 1 < n; ++i) workers_.emplace_back([this, start] { work(start); });
  }

  void run(int tasks, TaskRef fn) {
    std::unique_lock<std::mutex> lock(use_, std::try_to_lock);
    if (!lock.owns_lock() || workers_.empty() || t_inside_task || Clock::now() < solo_until_) {
      for (int i = 0; i < tasks; ++i) fn(i);
      return;
    }
    const auto t0 = Clock::now();
    publish(tasks, &fn, false);
    t_inside_task = true;
    take_tasks();
    t_inside_task = false;
    const auto t1 = Clock::now();
    while (remaining_.load() > 0) cpu_relax();
    note_wait(t1 - t0, Clock::now() - t1);
  }

 private:
  // Closes the current generation, waits for workers to leave it, installs the job, reopens.
  void publish(int tasks, const TaskRef* fn, bool stop) {
    const uint32_t g = gen_.load();
    gen_.store(g + 1);  // odd: closed
    while (inflight_.load() > 0) cpu_relax();
    fn_ = fn;
    tasks_ = tasks;
    stop_ = stop;
    next_.store(0);
    remaining_.store(tasks);
    gen_.store(g + 2);  // even: published
    if (sleepers_.load() > 0) gen_.notify_all();
  }

  void take_tasks() {
    for (int i = next_.fetch_add(1); i < tasks_; i = next_.fetch_add(1)) {
      (*fn_)(i);
      remaining_.fetch_sub(1);
    }
  }

  // Back-off for a busy machine: when another process holds a worker's core, a task it took
  // waits for the scheduler (milliseconds) and the caller with it. After kStrikes jobs in a row
  // whose wait for the workers exceeded both kLongWait and the caller's own share of the work, run
  // jobs on the caller alone for kSolo, then try the workers again. (Results do not change.)
  void note_wait(Clock::duration own, Clock::duration waited) {
    constexpr int kStrikes = 3;
    constexpr auto kLongWait = std::chrono::microseconds(200);
    constexpr auto kSolo = std::chrono::milliseconds(50);
    if (waited > kLongWait && waited > own) {
      if (++strikes_ >= kStrikes) {
        solo_until_ = Clock::now() + kSolo;
        strikes_ = 0;
      }
    } else {
      strikes_ = 0;
    }
  }

  void stop_all() {
    if (workers_.empty()) return;
    publish(0, nullptr, true);
    for (std::thread& t : workers_) t.join();
    workers_.clear();
    stop_ = false;
  }

  void work(uint32_t seen) {
    t_inside_task = true;  // a task that calls parallel_for runs it inline
    for (;;) {
      // Wait for a published generation newer than `seen`: spin a while, then sleep.
      auto spin_start = std::chrono::steady_clock::now();
      for (int n = 0;; ++n) {
        const uint32_t g = gen_.load();
        if ((g & 1u) == 0 && g != seen) break;
        if ((n & 255) == 255 && std::chrono::steady_clock::now() - spin_start > kSpin) {
          sleepers_.fetch_add(1);
          if (gen_.load() == g) gen_.wait(g);
          sleepers_.fetch_sub(1);
          spin_start = std::chrono::steady_clock::now();
        } else {
          cpu_relax();
        }
      }
      inflight_.fetch_add(1);
      const uint32_t g = gen_.load();
      if ((g & 1u) == 0 && g != seen) {
        seen = g;
        if (stop_) {
          inflight_.fetch_sub(1);
          return;
        }
        take_tasks();
      }
      inflight_.fetch_sub(1);
    }
  }

  std::mutex use_;  // one parallel_for (or resize) at a time
  std::vector<std::thread> workers_;
  std::atomic<uint32_t> gen_{0};
  std::atomic<int> inflight_{0}, sleepers_{0}, next_{0}, remaining_{0};
  const TaskRef* fn_ = nullptr;
  int tasks_ = 0;
  bool stop_ = false;
  int strikes_ = 0;                 // jobs in a row that waited long for a worker (under use_)
  Clock::time_point solo_until_{};  // until then, jobs run on the caller alone (under use_)
};

// Never destroyed: workers may still be parked when the process exits.
Pool& pool() {
  static Pool* p = new Pool();
  return *p;
}

}  // namespace

int hardware_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : int(std::min<unsigned>(n, kMaxThreads));
}

void set_num_threads(int n) { pool().resize(n <= 0 ? hardware_threads() : n); }

int num_threads() { return pool().threads(); }

void parallel_for(int tasks, TaskRef fn) {
  if (tasks <= 0) return;
  if (tasks == 1) {
    fn(0);
    return;
  }
  pool().run(tasks, fn);
}

#endif  // DESCENT_SINGLE_THREADED

}  // namespace descent::parallel
