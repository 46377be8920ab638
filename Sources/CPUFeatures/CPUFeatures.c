#if defined(__linux__)
#define _GNU_SOURCE  // sched_getaffinity and CPU_COUNT
#include <sched.h>
#endif
#include <unistd.h>
#include "CPUFeatures.h"

int convlab_usable_cpus(void) {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int count = CPU_COUNT(&set);
    if (count > 0) return count;
  }
#endif
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? (int)online : 1;
}

int convlab_cpu_has_avx512f(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") ? 1 : 0;
#else
  return 0;
#endif
}

int convlab_cpu_has_avx2_fma(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 1 : 0;
#else
  return 0;
#endif
}

void convlab_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

#include <stdlib.h>  // defines __GLIBC__ on glibc systems, for the test below
#if defined(__GLIBC__)
#include <malloc.h>
void convlab_keep_freed_memory(int mmap_threshold, int trim_threshold) {
  mallopt(M_MMAP_THRESHOLD, mmap_threshold);
  mallopt(M_TRIM_THRESHOLD, trim_threshold);
}
int convlab_trim_heap(void) { return malloc_trim(0); }
#else
int convlab_trim_heap(void) { return 0; }
void convlab_keep_freed_memory(int mmap_threshold, int trim_threshold) {
  (void)mmap_threshold;
  (void)trim_threshold;
}
#endif
