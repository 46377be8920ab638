import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

private let limitBytes = Atomic<Int>(MemoryLimit.defaultBytes)

/// Where the bytes of live tensors are counted: the process's ledger, or one of its own for a
/// piece of work that must not see other work's tensors (a test beside others).
public final class MemoryLedger: Sendable {
  fileprivate let liveBytes = Atomic<Int>(0)

  public init() {}

  /// The process's ledger, where tensors are counted unless a scope says otherwise.
  public static let process = MemoryLedger()

  /// Bytes held by tensors alive now that were counted here.
  public var inUse: Int { liveBytes.load(ordering: .relaxed) }
}

/// The bytes of one tensor's storage while any copy of the tensor is alive, so the limit sees
/// what is in use — the session's variables and a statement's temporaries alike.
package final class Allocation: Sendable {
  let bytes: Int
  let ledger: MemoryLedger

  /// Tracks storage of `count` floats, whatever the size: many small tensors add up too.
  static func track(_ count: Int) -> Allocation? {
    track(bytes: count * MemoryLayout<Float>.stride)
  }

  /// Tracks `bytes` of element storage (none for an empty array).
  package static func track(bytes: Int) -> Allocation? {
    bytes > 0 ? Allocation(bytes: bytes) : nil
  }

  private init(bytes: Int) {
    self.bytes = bytes
    ledger = MemoryLimit.ledger
    ledger.liveBytes.wrappingAdd(bytes, ordering: .relaxed)
  }

  deinit { ledger.liveBytes.wrappingSubtract(bytes, ordering: .relaxed) }
}

/// How much tensor memory convlab will hold, so a typo like `zeros(10**12)` is an error with a
/// message instead of an allocation that takes the process (and the session) down. A new
/// tensor is refused when it and the tensors alive now (variables, temporaries) would pass the
/// limit. Defaults to half of physical memory; `--max-memory` and `set_limits(memory=…)` set it.
public enum MemoryLimit {
  public static var bytes: Int {
    get { scoped ?? limitBytes.load(ordering: .relaxed) }
  }

  /// A limit for one piece of work only (a session's `set_limits`, the fuzz harness), leaving
  /// the process's alone.
  @TaskLocal static var scoped: Int?

  /// Runs `body` under `bytes` (or under an enclosing scope's limit, if that is lower: the fuzz
  /// harness's cap holds whatever a session sets).
  public static func withLimit<T, E: Error>(_ bytes: Int, _ body: () throws(E) -> T) throws(E) -> T {
    var result: Result<T, E>!
    $scoped.withValue(min(max(0, bytes), scoped ?? .max)) {
      result = Result { () throws(E) -> T in try body() }
    }
    return try result.get()
  }

  public static func set(_ bytes: Int) { limitBytes.store(max(0, bytes), ordering: .relaxed) }

  /// The ledger new tensors are counted in.
  @TaskLocal static var ledger = MemoryLedger.process

  /// Runs `body` with the tensors it makes counted in `ledger` alone, and checked against
  /// what that ledger holds.
  public static func withLedger<T, E: Error>(_ ledger: MemoryLedger, _ body: () throws(E) -> T) throws(E) -> T {
    var result: Result<T, E>!
    $ledger.withValue(ledger) {
      result = Result { () throws(E) -> T in try body() }
    }
    return try result.get()
  }

  /// Bytes held by tensors alive now in the current ledger.
  public static var inUse: Int { ledger.inUse }

  /// `8G`, `512M`, `1.5GiB`, `100000` (bytes): the sizes `--max-memory` and `set_limits` take.
  public static func parse(_ text: String) -> Int? {
    let trimmed = text.trimmingCharacters(in: " ").uppercased()
    let units: [(String, Double)] = [
      ("TIB", 0x1p40), ("GIB", 0x1p30), ("MIB", 0x1p20), ("KIB", 0x1p10), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6),
      ("KB", 1e3), ("T", 0x1p40), ("G", 0x1p30), ("M", 0x1p20), ("K", 0x1p10), ("B", 1),
    ]
    var number = Substring(trimmed), scale = 1.0
    for (suffix, value) in units where trimmed.hasSuffix(suffix) {
      number = trimmed.dropLast(suffix.count)
      scale = value
      break
    }
    guard let value = Double(String(number).trimmingCharacters(in: " ")), value.isFinite, value >= 0, value * scale < 0x1p62 else { return nil }
    return Int(value * scale)
  }

  static var defaultBytes: Int {
    #if canImport(Glibc)
      let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
      if pages > 0 && size > 0 { return pages.multipliedReportingOverflow(by: size).partialValue / 2 }
    #endif
    return 8 << 30
  }

  /// Refuses a tensor of `count` elements of `itemSize` bytes (float32's 4 unless said) that
  /// would pass the limit.
  public static func check(count: Int, itemSize: Int = 4, shape: [Int], what: String) throws(ShapeError) {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: itemSize)
    let limit = self.bytes, used = inUse
    guard overflow || bytes > limit - min(used, limit) else { return }
    throw .tooLarge(what: what, shape: shape, bytes: overflow ? Int.max : bytes, limit: limit, inUse: used)
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
