import CPUFeatures

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

/// The process's resident memory as Linux reports it, for `memit`: the peak since a reset
/// (`VmHWM`, reset by writing 5 to /proc/self/clear_refs) and the current size (`VmRSS`).
public enum ProcessMemory {
  /// Returns free heap pages to the system and restarts the peak; false where /proc cannot.
  public static func startMeasuring() -> Bool {
    _ = convlab_trim_heap()
    guard let file = fopen("/proc/self/clear_refs", "w") else { return false }
    defer { fclose(file) }
    return fputs("5", file) >= 0
  }

  public static var resident: Int? { status("VmRSS:") }
  public static var peak: Int? { status("VmHWM:") }

  /// A `kB` line of /proc/self/status, in bytes.
  private static func status(_ key: String) -> Int? {
    guard let file = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 256)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
      let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      guard line.hasPrefix(key) else { continue }
      let digits = line.dropFirst(key.count).filter(\.isNumber)
      return Int(digits).map { $0 * 1024 }
    }
    return nil
  }
}
