#ifndef CONVLAB_CPU_FEATURES_H
#define CONVLAB_CPU_FEATURES_H

/// 1 when the CPU running this process has the instruction set, else 0.
int convlab_cpu_has_avx512f(void);
int convlab_cpu_has_avx2_fma(void);

/// The CPUs this process may run on: its affinity mask (taskset, cgroup cpusets), else the
/// online processors. At least 1.
int convlab_usable_cpus(void);

/// The allocator policy for big tensors (glibc's mallopt, which Swift's Glibc module does not
/// export): freed blocks up to `mmap_threshold` bytes stay in the heap, and up to
/// `trim_threshold` bytes of free heap are kept. Does nothing elsewhere.
void convlab_keep_freed_memory(int mmap_threshold, int trim_threshold);

/// Returns the heap's free pages to the system (glibc's malloc_trim), so a later peak of
/// resident memory counts only what was allocated after. Does nothing elsewhere.
int convlab_trim_heap(void);

/// A spin-wait hint (x86's pause), so a spinning thread yields the core's shared resources.
void convlab_cpu_relax(void);

/// Asks for the cache line holding `address` ahead of a store, so the store does not wait for
/// it: the micro-kernels' first K slice writes output lines no cache holds yet, and a dozen
/// such stores per tile filled the store buffer. Inline so the Swift kernels get the
/// instruction itself, not a call.
static inline void convlab_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

/// Asks for the cache line holding `address` ahead of a read (see the micro-kernels' prefetchLines).
static inline void convlab_prefetch_for_read(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
