import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

private let journalsCreated = Atomic<Int>(0)

/// A live session's journal: the session's document as a replayable script, on disk before any
/// result is shown, so a crash, a kill -9 or a closed terminal loses nothing. The session holds
/// an exclusive `flock` on it for its whole life, which is how other convlab processes tell a
/// live journal from one whose owner died: only unlocked journals are ever offered, listed or
/// deleted. A journal is created whole under a temporary name and renamed into place with the
/// lock already held, so no other process can see it unlocked.
///
/// The first line is a comment naming the session's seed and file
/// (`# convlab journal · seed 7 · file /home/a/lesson.conv`); the rest is the document without
/// its outputs (`convlab JOURNAL.conv` replays it, and restores the file as the save target).
public final class Journal {
  public private(set) var path: String
  private let directory: String
  private var descriptor: Int32
  public private(set) var header: Header
  /// What the file holds after the header line, to write it again whole if it disappears.
  private var body: String

  public struct Header: Sendable, Equatable {
    public var seed: UInt32
    /// The file the session was opened from or saved to, when it had one.
    public var file: String?

    public init(seed: UInt32, file: String?) {
      self.seed = seed
      self.file = file
    }

    var line: String { "# convlab journal · seed \(seed)" + (file.map { " · file \($0)" } ?? "") }

    /// The header of a journal's text, nil when its first line is not one.
    public static func parse(_ text: String) -> Header? {
      let first = text.prefix { $0 != "\n" }
      let prefix = "# convlab journal · seed "
      guard first.hasPrefix(prefix) else { return nil }
      let rest = first.dropFirst(prefix.count)
      let parts = rest.split(separator: " · file ", maxSplits: 1).map(String.init)
      guard let seed = UInt32(parts[0]) else { return nil }
      return Header(seed: seed, file: parts.count > 1 ? parts[1] : nil)
    }
  }

  /// A new journal in `directory` (created if needed) holding `body`, locked by this process.
  public init?(directory: String, header: Header, body: String) {
    makeDirectories(directory)
    self.directory = directory
    self.header = header
    self.body = body
    guard let (path, descriptor) = Self.create(in: directory, text: header.line + "\n" + body) else { return nil }
    self.path = path
    self.descriptor = descriptor
  }

  deinit { if descriptor >= 0 { close(descriptor) } }

  /// Writes `text` to a new file under a temporary name, locks it, syncs it and renames it into
  /// place: other processes see it whole and locked, or not at all.
  private static func create(in directory: String, text: String) -> (String, Int32)? {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    let serial = journalsCreated.wrappingAdd(1, ordering: .relaxed).newValue
    let name = "session-\(now.tv_sec)-\(getpid())-\(serial).conv"
    let temporary = "\(directory)/.\(name).tmp", path = "\(directory)/\(name)"
    let descriptor = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return nil }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, writeAll(descriptor, text), fsync(descriptor) == 0,
      rename(temporary, path) == 0
    else {
      close(descriptor)
      unlink(temporary)
      return nil
    }
    syncDirectory(directory)
    return (path, descriptor)
  }

  private static func writeAll(_ descriptor: Int32, _ text: String) -> Bool {
    Array(text.utf8).withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return false
        }
        offset += written
      }
      return true
    }
  }

  private static func syncDirectory(_ directory: String) {
    let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if folder >= 0 {
      fsync(folder)
      close(folder)
    }
  }

  /// Whether `path` still names the file this journal writes (someone may have deleted it).
  private var isInPlace: Bool {
    var mine = stat(), named = stat()
    return fstat(descriptor, &mine) == 0 && stat(path, &named) == 0 && mine.st_ino == named.st_ino
      && mine.st_dev == named.st_dev
  }

  /// Appends `source` (a statement, or lines of one) and waits until it is on disk. A journal
  /// deleted behind the session's back is written again whole, under a new name.
  public func append(_ source: String) {
    guard descriptor >= 0 else { return }
    body += source + "\n"
    guard isInPlace, Self.writeAll(descriptor, source + "\n"), fsync(descriptor) == 0 else {
      rewrite(body)
      return
    }
  }

  /// Replaces the journal's contents (an undo, a reset, an edited cell): a new journal is
  /// written whole before the old one is removed, so one complete journal is always on disk.
  public func rewrite(_ body: String, header: Header? = nil) {
    guard descriptor >= 0 else { return }
    self.body = body
    if let header { self.header = header }
    guard let (newPath, newDescriptor) = Self.create(in: directory, text: self.header.line + "\n" + body) else { return }
    if isInPlace { unlink(path) }
    close(descriptor)
    path = newPath
    descriptor = newDescriptor
  }

  /// The session ended with nothing unsaved: the journal is not needed.
  public func finish() {
    guard descriptor >= 0 else { return }
    if isInPlace { unlink(path) }
    close(descriptor)
    descriptor = -1
  }

  /// The session ended with unsaved work: the journal stays for `convlab --recover`, unlocked.
  public func keep() {
    guard descriptor >= 0 else { return }
    close(descriptor)
    descriptor = -1
  }

  // MARK: - Journals other sessions left

  /// A journal whose session ended without saving (its lock is free).
  public struct Recoverable: Sendable, Equatable {
    public var path: String
    /// Seconds since 1970 when the session started.
    public var started: Int
    /// Statements in it.
    public var statements: Int
    public var header: Header?
  }

  /// Journals in `directory` whose owner is gone, newest first. Live sessions' journals (locked)
  /// are never listed or touched; an abandoned one with no statement is deleted.
  public static func recoverable(in directory: String) -> [Recoverable] {
    guard let folder = opendir(directory) else { return [] }
    defer { closedir(folder) }
    var found: [Recoverable] = []
    while let entry = readdir(folder) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      guard name.hasPrefix("session-"), name.hasSuffix(".conv") else { continue }
      let path = directory + "/" + name
      guard let claim = Claim(path) else { continue }  // live
      guard let text = readTextFile(path) else { continue }
      let statements = ScriptDocument(parsing: text).codes.count
      guard statements > 0 else {
        claim.release(deleting: true)  // nothing was lost
        continue
      }
      let started = Int(name.dropFirst("session-".count).split(separator: "-").first ?? "") ?? 0
      found.append(Recoverable(path: path, started: started, statements: statements, header: Header.parse(text)))
    }
    return found.sorted { ($0.started, $0.path) > ($1.started, $1.path) }
  }

  /// An abandoned journal locked by this process while it is restored, so no other process
  /// offers or restores it meanwhile. Released when the restored statements are in this
  /// session's own journal (then deleted), or on failure (then left as it was).
  public final class Claim {
    public let path: String
    private var descriptor: Int32

    /// nil when another live process holds the journal's lock (or it cannot be opened).
    public init?(_ path: String) {
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { return nil }
      guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
        close(descriptor)
        return nil
      }
      self.path = path
      self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    public func release(deleting: Bool) {
      guard descriptor >= 0 else { return }
      if deleting { unlink(path) }
      close(descriptor)
      descriptor = -1
    }
  }
}
