#if canImport(Glibc)
  import Glibc
#endif

/// Every statement that succeeds is appended here — and flushed to disk — before its result is
/// shown, so a crash, a kill -9 or a closed terminal loses nothing. The journal is itself a
/// replayable script (`convlab JOURNAL.conv`). A normal exit removes it.
public final class Journal {
  public let path: String
  private var descriptor: Int32

  /// A new journal in `directory` (created if needed), starting with the session's seed.
  public init?(directory: String, seed: UInt32) {
    makeDirectories(directory)
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    path = "\(directory)/session-\(now.tv_sec)-\(getpid()).conv"
    descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return nil }
    append("seed(\(seed))  # convlab journal: replays this session")
  }

  deinit { if descriptor >= 0 { close(descriptor) } }

  /// Appends `source` as its own statement and waits until it is on disk.
  public func append(_ source: String) {
    guard descriptor >= 0 else { return }
    let bytes = Array((source + "\n").utf8)
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return
        }
        offset += written
      }
    }
    fsync(descriptor)
  }

  /// Back to just the seed line, before a replay re-appends the statements that remain.
  public func restart(seed: UInt32) {
    guard descriptor >= 0 else { return }
    ftruncate(descriptor, 0)
    append("seed(\(seed))  # convlab journal: replays this session")
  }

  /// The session ended normally: nothing to recover.
  public func finish() {
    if descriptor >= 0 { close(descriptor) }
    descriptor = -1
    unlink(path)
  }

  /// A journal left behind by a session that did not end normally.
  public struct Recoverable: Sendable, Equatable {
    public var path: String
    /// Seconds since 1970 when the session started.
    public var started: Int
    /// Statements after the seed line.
    public var statements: Int
  }

  /// Journals in `directory`, newest first, excluding `except` (the current session's own).
  public static func recoverable(in directory: String, except current: String? = nil) -> [Recoverable] {
    guard let folder = opendir(directory) else { return [] }
    defer { closedir(folder) }
    var found: [Recoverable] = []
    while let entry = readdir(folder) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      guard name.hasPrefix("session-"), name.hasSuffix(".conv") else { continue }
      let path = directory + "/" + name
      guard path != current, let text = readTextFile(path) else { continue }
      let statements = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count - 1
      guard statements > 0 else {
        unlink(path)  // only the seed line: nothing was lost
        continue
      }
      let started = Int(name.dropFirst("session-".count).split(separator: "-").first ?? "") ?? 0
      found.append(Recoverable(path: path, started: started, statements: statements))
    }
    return found.sorted { $0.started > $1.started }
  }
}
