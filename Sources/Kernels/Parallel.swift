import Dispatch

/// Work splitting for kernels: the machine's cores, and a parallel loop over index ranges.
public enum Parallel {
  /// Worker count: the active processors (2 on the reference machine).
  public static var workerCount: Int { max(1, ProcessInfoCores.active) }

  /// Runs `body` over `0..<count` split into at most `workerCount` contiguous ranges, at
  /// least `grain` indices each, and returns when all have finished. Small loops run inline,
  /// so callers need not special-case them.
  public static func forEachRange(
    _ count: Int, grain: Int = 1, _ body: @Sendable (Range<Int>) -> Void
  ) {
    guard count > 0 else { return }
    let chunks = min(workerCount, max(1, count / max(grain, 1)))
    if chunks == 1 {
      body(0..<count)
      return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      let start = count * chunk / chunks
      let end = count * (chunk + 1) / chunks
      body(start..<end)
    }
  }
}

enum ProcessInfoCores {
  static var active: Int {
    #if canImport(Glibc)
      return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    #else
      return 1
    #endif
  }
}

#if canImport(Glibc)
  import Glibc
#endif
