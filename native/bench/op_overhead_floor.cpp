// The floor for the per-op overhead benchmark: libtorch called from C++ with nothing
// between the caller and the dispatcher. Prints µs per 8-element add over 100,000 adds:
// the median and the minimum of 9 runs (the minimum is the steadier figure on a busy machine).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 1;
  at::set_num_threads(threads);
  const int n = 100000;
  auto u = at::randn({8});
  auto v = at::randn({8});
  for (int i = 0; i < n; ++i) { auto c = u + v; }
  std::vector<double> runs;
  for (int r = 0; r < 9; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) { auto c = u + v; }
    auto t1 = std::chrono::steady_clock::now();
    runs.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count() / n);
  }
  std::sort(runs.begin(), runs.end());
  std::printf("{\"add8_us_per_op\": %.4f, \"add8_us_per_op_min\": %.4f}\n", runs[runs.size() / 2], runs[0]);
  return 0;
}
