#ifndef CONVLAB_CPU_FEATURES_H
#define CONVLAB_CPU_FEATURES_H

/// 1 when the CPU running this process has the instruction set, else 0.
int convlab_cpu_has_avx512f(void);
int convlab_cpu_has_avx2_fma(void);

#endif
