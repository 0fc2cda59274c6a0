// The CPU allocator for large tensors: blocks of 1 MiB or more are mapped on their own and, once freed, kept
// for the next request of about the same size; everything smaller stays with libtorch's default
// allocator. The blocks mapped in all (in use and kept) never exceed the most ever in use at once plus a slack:
// a step that repeats the last one's shapes finds them kept, and the process never holds more than its peak.
//
// Why: a training step allocates and frees the same large shapes every step. glibc serves blocks of up to
// 32 MiB from its heap, where long-lived small allocations pin the holes they leave: measured on the GRPO bench,
// peak RSS ran 450 MB above the bytes actually in use. Blocks it maps itself it unmaps on free, and every page of
// the next one is a fresh page fault (a third of a DPO step's wall time was the kernel zeroing pages).
// Keeping freed blocks by size answers both: steady-state steps reuse warm pages, and what is kept (oldest
// first out) stays within the peak of what was in use.
//
// HALOS_CPU_BLOCK_CACHE_MB sets the slack (default 64); 0 leaves libtorch's allocator alone.
#include <c10/core/CPUAllocator.h>
#include <sys/mman.h>
#include <torch/version.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include "shim.h"

// libtorch 2.3 made Allocator::allocate non-const and added copy_data; the cache is built for the API it knows.
#if TORCH_VERSION_MAJOR < 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR < 3)
#define HT_BLOCK_CACHE 1
#endif

namespace {

#ifdef HT_BLOCK_CACHE

constexpr size_t kLargeBlock = size_t{1} << 20;
constexpr size_t kGranule = size_t{1} << 16;

struct CacheStats {
  int64_t slack = 0, cached = 0, live = 0, peak_live = 0, hits = 0, misses = 0, evictions = 0;
};

class BlockCache final : public c10::Allocator {
 public:
  BlockCache(c10::Allocator* fallback, size_t slack) : fallback_(fallback) { stats_.slack = static_cast<int64_t>(slack); }

  c10::DataPtr allocate(size_t bytes) const override {
    if (bytes < kLargeBlock) return fallback_->allocate(bytes);
    const size_t size = (bytes + kGranule - 1) / kGranule * kGranule;
    void* block = nullptr;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      // The smallest kept block that fits, within half again the request (shapes that vary a little from step to
      // step, as completion lengths do, still find one); among equals the most recently freed, likeliest warm.
      auto best = free_.end();
      for (auto it = free_.begin(); it != free_.end(); ++it)
        if (it->second >= size && it->second <= size + size / 2 && (best == free_.end() || it->second <= best->second)) best = it;
      if (best != free_.end()) {
        block = best->first;
        stats_.cached -= static_cast<int64_t>(best->second);
        stats_.live += static_cast<int64_t>(best->second);
        free_.erase(best);
        ++stats_.hits;
      }
    }
    if (block == nullptr) {
      block = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (block == MAP_FAILED) throw std::bad_alloc();
      std::list<std::pair<void*, size_t>> evicted;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        sizes_[block] = size;
        ++stats_.misses;
        stats_.live += static_cast<int64_t>(size);
        stats_.peak_live = std::max(stats_.peak_live, stats_.live);
        evict_over_bound(evicted);
      }
      unmap(evicted);
    }
    return {block, block, &BlockCache::release, c10::Device(c10::DeviceType::CPU)};
  }

  c10::DeleterFnPtr raw_deleter() const override { return &BlockCache::release; }

  CacheStats stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }

  static BlockCache* instance;

 private:
  static void release(void* block) { instance->give_back(block); }

  // raw_deleter() is this function for every block, so libtorch code that frees a raw_allocate'd block (oneDNN
  // scratch, for one) sends the small ones here too: those go back to the allocator that made them.
  void give_back(void* block) const {
    std::list<std::pair<void*, size_t>> evicted;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto found = sizes_.find(block);
      if (found == sizes_.end()) {
        if (const auto fallback_deleter = fallback_->raw_deleter()) fallback_deleter(block);
        return;
      }
      const size_t size = found->second;
      free_.emplace_back(block, size);
      stats_.cached += static_cast<int64_t>(size);
      stats_.live -= static_cast<int64_t>(size);
      evict_over_bound(evicted);
    }
    unmap(evicted);
  }

  // Oldest kept blocks out while in use + kept exceeds the peak in use + the slack. Called under the lock.
  void evict_over_bound(std::list<std::pair<void*, size_t>>& evicted) const {
    while (stats_.live + stats_.cached > stats_.peak_live + stats_.slack && !free_.empty()) {
      evicted.splice(evicted.end(), free_, free_.begin());
      stats_.cached -= static_cast<int64_t>(evicted.back().second);
      sizes_.erase(evicted.back().first);
      ++stats_.evictions;
    }
  }

  // Outside the lock: unmapping large blocks takes a while.
  static void unmap(const std::list<std::pair<void*, size_t>>& blocks) {
    for (const auto& [old, size] : blocks) munmap(old, size);
  }

  c10::Allocator* fallback_;
  mutable std::mutex mutex_;
  mutable std::list<std::pair<void*, size_t>> free_;      // freed blocks, oldest first
  mutable std::unordered_map<void*, size_t> sizes_;       // every block this cache mapped and has not unmapped
  mutable CacheStats stats_;
};

BlockCache* BlockCache::instance = nullptr;

// Installed when the shim loads, before the first tensor is made through it. The instance is never destroyed:
// tensors freed during process exit still call back into it.
struct Installer {
  Installer() {
    size_t slackMb = 64;
    if (const char* setting = std::getenv("HALOS_CPU_BLOCK_CACHE_MB")) {
      char* end = nullptr;
      const auto value = std::strtoll(setting, &end, 10);
      if (end == setting || *end != '\0' || value < 0) {
        std::fprintf(stderr, "halos: HALOS_CPU_BLOCK_CACHE_MB=%s is not a whole number of MiB (0 turns the cache off); libtorch's own allocator stays\n", setting);
        return;
      }
      slackMb = static_cast<size_t>(value);
    }
    if (slackMb == 0) return;
    BlockCache::instance = new BlockCache(c10::GetCPUAllocator(), slackMb << 20);
    c10::SetCPUAllocator(BlockCache::instance, /*priority=*/1);
  }
} installer;

#endif

}  // namespace

// out[7]: slack, kept bytes, bytes in use, peak bytes in use, hits, misses, evictions. Returns 1 when the cache
// is installed, 0 when it is not.
HT_API int ht_cpu_block_cache_stats(int64_t* out) {
  HT_TRY
#ifdef HT_BLOCK_CACHE
  if (BlockCache::instance == nullptr || c10::GetCPUAllocator() != BlockCache::instance) return 0;
  const auto s = BlockCache::instance->stats();
  const int64_t values[] = {s.slack, s.cached, s.live, s.peak_live, s.hits, s.misses, s.evictions};
  std::copy(std::begin(values), std::end(values), out);
  return 1;
#else
  (void)out;
  return 0;
#endif
  HT_CATCH(-1)
}
