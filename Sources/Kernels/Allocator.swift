import CPUFeatures

/// How freed tensor memory goes back to the system.
public enum Allocator {
  /// Keeps freed blocks of up to 32 MiB in the heap, and up to 512 MiB of free heap, instead of
  /// returning them to the system: glibc would otherwise hand back each large output on free and
  /// fault fresh pages in on the next call, which cost as much as the convolution itself
  /// (ONNX Runtime and PyTorch keep arenas for the same reason).
  public static func keepFreedMemory() {
    convlab_keep_freed_memory(32 << 20, 512 << 20)
  }
}
