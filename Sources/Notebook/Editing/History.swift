import Tensors

/// Statements typed across runs, oldest first, persisted in the state directory. Entering a
/// statement again moves it to the end instead of keeping a duplicate.
public struct History: Sendable {
  public private(set) var entries: [String] = []
  public let path: String?
  /// Entries kept on disk.
  public static let limit = 10_000

  /// Loads the history file at `path` (entries separated by NUL, so multi-line statements
  /// survive); nil keeps it in memory only.
  public init(path: String?) {
    self.path = path
    if let path, let bytes = try? readFileBytes(path) {
      entries = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.filter { !$0.isEmpty }
    }
  }

  public mutating func add(_ entry: String) {
    guard !entry.allSatisfy(\.isWhitespace) else { return }
    entries.removeAll { $0 == entry }
    entries.append(entry)
    if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
    save()
  }

  private func save() {
    guard let path else { return }
    let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
    if !directory.isEmpty { makeDirectories(directory) }
    var bytes: [UInt8] = []
    for entry in entries { bytes += Array(entry.utf8) + [0] }
    try? AtomicFile.write(bytes, to: path)
  }

  /// The newest entry before `index` (exclusive) containing `query`, for Ctrl-R.
  public func search(_ query: String, before index: Int) -> Int? {
    guard !query.isEmpty else { return nil }
    var position = min(index, entries.count) - 1
    while position >= 0 {
      if entries[position].contains(query) { return position }
      position -= 1
    }
    return nil
  }
}

/// Walking the history with ↑/↓ while keeping the draft being typed.
public struct HistoryCursor: Sendable {
  public private(set) var index: Int
  private var draft: String

  public init(history: History, draft: String) {
    index = history.entries.count
    self.draft = draft
  }

  /// The older entry (↑), or nil at the oldest.
  public mutating func older(in history: History) -> String? {
    guard index > 0 else { return nil }
    index -= 1
    return history.entries[index]
  }

  /// The newer entry (↓); past the newest, the draft again.
  public mutating func newer(in history: History) -> String? {
    guard index < history.entries.count else { return nil }
    index += 1
    return index == history.entries.count ? draft : history.entries[index]
  }
}

#if canImport(Glibc)
  import Glibc
#endif

/// `mkdir -p`.
func makeDirectories(_ path: String) {
  var current = path.hasPrefix("/") ? "" : "."
  for part in path.split(separator: "/") {
    current += "/" + part
    mkdir(current, 0o755)
  }
}
