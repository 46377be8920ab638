import Script
import Tensors

#if canImport(Glibc)
  import Glibc
#endif

/// A session file as a document: its lines in order, as comment and blank lines, and code —
/// one or more statements with their trailing comments over one or more lines — each followed
/// by the `#:` lines of what it printed. The file is parsed once, here; every front end
/// (`convlab FILE`, `:load`, `run`, `--check`, `--update`, the journal) reads this, and writing
/// it back keeps every comment and blank line where it was, refreshing only the outputs of
/// code that ran. Code that did not run, or failed, is kept verbatim with its old outputs.
public struct ScriptDocument: Sendable, Equatable {
  public enum Item: Sendable, Equatable {
    /// A comment line, a blank line, or a stray `#:` line, verbatim.
    case text(String)
    case code(Code)
  }

  public struct Code: Sendable, Equatable, Identifiable {
    /// Stable within the session: edits and undo find the item by it.
    public var id: Int
    /// The lines as written, joined by "\n" (no final newline).
    public var source: String
    /// The `#:` lines after the code, without their `#: ` prefix; empty when none followed.
    public var outputs: [String]
    public var status: Status
    /// The 1-based line the code starts on in the file it was read from (0: typed).
    public var line: Int

    public enum Status: Sendable, Equatable {
      /// Not run (yet): a replay stopped before it, or it was just read.
      case pending
      /// Ran in this session; `outputs` is what it printed.
      case ran
      /// Ran and failed, or does not parse: the error, its range in `source`.
      case failed(ScriptError)
    }
  }

  public private(set) var items: [Item] = []
  private var nextID = 1

  public init() {}

  /// Splits `text` into items. Code runs over the following lines while Python's REPL would
  /// read on (an open bracket, a trailing `\`); a line that makes it wrong ends it, and it is
  /// kept as code that does not parse.
  public init(parsing text: String) {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if text.hasSuffix("\n") { lines.removeLast() }
    var index = 0
    while index < lines.count {
      let line = lines[index]
      let stripped = line.drop { $0 == " " || $0 == "\t" }
      if stripped.isEmpty || stripped.hasPrefix("#") {
        items.append(.text(line))
        index += 1
        continue
      }
      let start = index
      var statement = LineAccumulator()
      var completeness = statement.add(line)
      while completeness == .incomplete && index + 1 < lines.count {
        // A block (`for …:`, `if …:`) takes the lines indented under it, `elif`/`else`, and
        // empty lines between them; a file need not end it with an empty line as a REPL does.
        if Parser.opensBlock(statement.source) && !Self.continuesBlock(lines, after: index) { break }
        index += 1
        completeness = statement.add(lines[index])
      }
      if completeness == .incomplete && Parser.opensBlock(statement.source) {
        completeness = Parser.completeness(statement.source + "\n")
      }
      let source = statement.source
      index += 1
      var outputs: [String] = []
      while index < lines.count, let output = Self.output(lines[index]) {
        outputs.append(output)
        index += 1
      }
      var status = Code.Status.pending
      if completeness != .complete {
        // Wrong, or the file ends inside it: the parser's error, where it stops.
        do { _ = try Parser.parse(source) } catch { status = .failed(error) }
      }
      items.append(.code(Code(id: takeID(), source: source, outputs: outputs, status: status, line: start + 1)))
    }
  }

  /// Whether the line after `index` belongs to a block above it: indented, an `elif` or
  /// `else`, or empty lines followed by one of those.
  static func continuesBlock(_ lines: [String], after index: Int) -> Bool {
    var next = index + 1
    while next < lines.count, lines[next].allSatisfy({ $0 == " " || $0 == "\t" }) { next += 1 }
    return next < lines.count && Parser.continuesBlock(lines[next])
  }

  /// Session files are text a person writes: larger ones are refused before they are read.
  public static let maximumFileBytes = 64 << 20

  /// A session file from disk, parsed. A file that is not UTF-8 is read with U+FFFD for each
  /// bad byte; `problem` then names the first (its code, if any, is marked failed), and the
  /// document must not be written over the file, which would lose the bytes.
  public static func read(path: String) throws(SystemError) -> (document: ScriptDocument, problem: ScriptError?) {
    let bytes = try readRegularFile(path, limit: maximumFileBytes)
    let (text, encodingError) = SourceBytes.decode(bytes)
    var document = ScriptDocument(parsing: text)
    guard let encodingError else { return (document, nil) }
    // Where each line starts in the file, to move the error's range into its code.
    var lineStarts = [0]
    for (offset, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(offset + 1) }
    let start = encodingError.range.start
    for code in document.codes {
      let codeStart = lineStarts[code.line - 1], codeEnd = codeStart + code.source.utf8.count
      guard codeStart <= start && start < codeEnd else { continue }
      let range = SourceRange(start - codeStart, encodingError.range.end - codeStart)
      document.update(code.id) { $0.status = .failed(ScriptError(.syntax, encodingError.message, at: range)) }
    }
    return (document, encodingError)
  }

  /// The text of a `#:` line, nil for any other line.
  static func output(_ line: String) -> String? {
    if line == "#:" { return "" }
    return line.hasPrefix("#: ") ? String(line.dropFirst(3)) : nil
  }

  private mutating func takeID() -> Int {
    defer { nextID += 1 }
    return nextID
  }

  // MARK: - Reading

  public var codes: [Code] {
    items.compactMap {
      if case .code(let code) = $0 { return code }
      return nil
    }
  }

  public func code(_ id: Int) -> Code? { codes.first { $0.id == id } }

  /// The document as a file: each item's lines, code followed by its `#:` lines.
  public var text: String {
    var text = ""
    for item in items {
      switch item {
      case .text(let line): text += line + "\n"
      case .code(let code):
        text += code.source + "\n"
        for output in code.outputs { text += output.isEmpty ? "#:\n" : "#: \(output)\n" }
      }
    }
    return text
  }

  /// The replayable script: every line but the `#:` outputs (what a journal holds).
  public var script: String {
    var text = ""
    for item in items {
      switch item {
      case .text(let line): text += line + "\n"
      case .code(let code): text += code.source + "\n"
      }
    }
    return text
  }

  // MARK: - Editing

  /// Appends code that ran, with what it printed; returns its id.
  @discardableResult
  public mutating func append(_ source: String, outputs: [String], status: Code.Status = .ran) -> Int {
    let id = takeID()
    items.append(.code(Code(id: id, source: source, outputs: outputs, status: status, line: 0)))
    return id
  }

  /// Inserts code right after the code `after`, or before the first code when nil (after the
  /// comments a file opens with); returns its id.
  @discardableResult
  public mutating func insert(_ source: String, after: Int?, status: Code.Status = .pending) -> Int {
    let id = takeID()
    let code = Item.code(Code(id: id, source: source, outputs: [], status: status, line: 0))
    let isCode: (Item, Int?) -> Bool = { item, wanted in
      guard case .code(let code) = item else { return false }
      return wanted == nil || code.id == wanted
    }
    let position = after.map { after in items.firstIndex { isCode($0, after) }.map { $0 + 1 } ?? items.count }
      ?? items.firstIndex { isCode($0, nil) } ?? items.count
    items.insert(code, at: position)
    return id
  }

  /// Appends another document's items (`:load`): new ids, the same lines.
  public mutating func append(_ other: ScriptDocument) -> [Int] {
    var ids: [Int] = []
    for item in other.items {
      switch item {
      case .text: items.append(item)
      case .code(var code):
        code.id = takeID()
        ids.append(code.id)
        items.append(.code(code))
      }
    }
    return ids
  }

  /// Changes the code `id` in place (an edited cell keeps its place among the comments).
  public mutating func update(_ id: Int, _ change: (inout Code) -> Void) {
    for index in items.indices {
      guard case .code(var code) = items[index], code.id == id else { continue }
      change(&code)
      items[index] = .code(code)
      return
    }
  }

  /// Removes the code `id` (its `#:` lines go with it; the comments around it stay).
  public mutating func remove(_ id: Int) {
    items.removeAll {
      if case .code(let code) = $0 { return code.id == id }
      return false
    }
  }

  /// Every item gone (`:reset`).
  public mutating func removeAll() { items = [] }
}
