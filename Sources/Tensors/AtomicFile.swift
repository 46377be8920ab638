#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An operating-system error with its `strerror` text.
public struct SystemError: Error, Sendable, Equatable {
  public var reason: String

  public init(reason: String) { self.reason = reason }

  static func current() -> SystemError {
    SystemError(reason: String(cString: strerror(errno)))
  }
}

/// Whole-file writes that never leave a half-written file behind.
public enum AtomicFile {
  /// Fault injection for the crash test: `CONVLAB_FAULT=kill-before-rename` kills the process
  /// after the new contents are on disk and before the rename, the worst moment to die.
  static let faultBeforeRename = getenv("CONVLAB_FAULT").map { String(cString: $0) } == "kill-before-rename"

  /// Writes `bytes` to a temporary file in the same directory, flushes it to disk (fsync), and
  /// renames it over `path`; the directory is synced so the rename itself survives a crash.
  public static func write(_ bytes: [UInt8], to path: String) throws(SystemError) {
    let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
    let name = path.split(separator: "/").last.map(String.init) ?? path
    var template = Array("\(directory.isEmpty ? "/" : directory)/.\(name).XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { throw SystemError.current() }
    let temporary = String(cString: template)
    var failure: SystemError?
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = SystemError.current()
          return
        }
        offset += written
      }
    }
    if failure == nil && fsync(descriptor) != 0 { failure = SystemError.current() }
    // Match a file made with open(..., 0666) under the user's umask, as np.save's would be.
    let mask = umask(0)
    umask(mask)
    fchmod(descriptor, 0o666 & ~mask)
    close(descriptor)
    if failure == nil && faultBeforeRename { kill(getpid(), SIGKILL) }
    if failure == nil && rename(temporary, path) != 0 { failure = SystemError.current() }
    if let failure {
      unlink(temporary)
      throw failure
    }
    let directoryDescriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY)
    if directoryDescriptor >= 0 {
      fsync(directoryDescriptor)
      close(directoryDescriptor)
    }
  }
}

/// What a file looked like when a session read or wrote it (identity, size, modification
/// time), so a later save can tell that someone else changed it in between.
public struct FileFingerprint: Sendable, Equatable {
  var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

  /// The file at `path` now, or nil if there is none.
  public static func of(_ path: String) -> FileFingerprint? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return FileFingerprint(
      device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
      seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec)
  }
}

/// The bytes of the regular file at `path`, read in chunks with Ctrl-C checked between them.
/// Anything else — a FIFO, a device such as /dev/zero, a directory — is refused before it is
/// read (opened without blocking, so a FIFO with no writer does not hang), and so is a file
/// of more than `limit` bytes, before its bytes are held.
public func readRegularFile(_ path: String, limit: Int) throws(SystemError) -> [UInt8] {
  let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
  guard descriptor >= 0 else { throw SystemError.current() }
  defer { close(descriptor) }
  var info = stat()
  guard fstat(descriptor, &info) == 0 else { throw SystemError.current() }
  guard (info.st_mode & S_IFMT) == S_IFREG else { throw SystemError(reason: "not a regular file") }
  guard Int(info.st_size) <= limit else {
    throw SystemError(reason: "it holds \(MemoryLimit.describe(Int(info.st_size))), more than the \(MemoryLimit.describe(limit)) it may take")
  }
  var bytes = [UInt8]()
  bytes.reserveCapacity(Int(info.st_size))
  var chunk = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    if Interruption.isRequested { throw SystemError(reason: "interrupted") }
    let read = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
    if read < 0 {
      if errno == EINTR { continue }
      throw SystemError.current()
    }
    if read == 0 { break }
    guard bytes.count + read <= limit else { throw SystemError(reason: "it grew past \(MemoryLimit.describe(limit)) while read") }
    bytes += chunk[0..<read]
  }
  return bytes
}
