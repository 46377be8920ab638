import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

private let limitBytes = Atomic<Int>(MemoryLimit.defaultBytes)

/// The largest tensor convlab will allocate, so a typo like `zeros(10**12)` is an error with a
/// message instead of an allocation that takes the process (and the session) down. Defaults to
/// half of physical memory.
public enum MemoryLimit {
  public static var bytes: Int {
    get { scoped ?? limitBytes.load(ordering: .relaxed) }
  }

  /// A limit for one piece of work only (the fuzz harness), leaving the process's alone.
  @TaskLocal static var scoped: Int?

  public static func withLimit<T>(_ bytes: Int, _ body: () throws -> T) rethrows -> T {
    try $scoped.withValue(max(0, bytes), operation: body)
  }

  public static func set(_ bytes: Int) { limitBytes.store(max(0, bytes), ordering: .relaxed) }

  static var defaultBytes: Int {
    #if canImport(Glibc)
      let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
      if pages > 0 && size > 0 { return pages.multipliedReportingOverflow(by: size).partialValue / 2 }
    #endif
    return 8 << 30
  }

  /// Refuses a tensor of `count` float32 elements that would pass the limit.
  public static func check(count: Int, shape: [Int], what: String) throws(ShapeError) {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
    guard overflow || bytes > self.bytes else { return }
    throw .tooLarge(what: what, shape: shape, bytes: overflow ? Int.max : bytes, limit: self.bytes)
  }

  /// `1.5 GiB`.
  public static func describe(_ bytes: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var size = Double(bytes), unit = 0
    while size >= 1024 && unit < units.count - 1 {
      size /= 1024
      unit += 1
    }
    return unit == 0 ? "\(bytes) B" : "\((size * 10).rounded() / 10) \(units[unit])"
  }
}
