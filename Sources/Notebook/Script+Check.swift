import Tensors
import Script

/// A script file split into statements, each with the `#:` output lines that follow it.
public struct ScriptFile: Sendable {
  public struct Entry: Sendable {
    public var statement: Statement
    public var source: String
    public var location: SourceLocation
    /// The `#:` lines after the statement's line (without the `#: ` prefix). Statements that
    /// share a line share these lines: only the last one of the line carries them, and the
    /// others have nil.
    public var expected: [String]?
    /// 1-based line of the first `#:` line.
    public var expectedLine: Int
  }

  public var path: String
  public var text: String
  public var entries: [Entry]

  public init(path: String, text: String) throws(ScriptError) {
    self.path = path
    self.text = text
    let statements = try Parser.parse(text)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    entries = statements.enumerated().map { index, statement in
      let location = SourceLocation(offset: statement.range.start, in: text)
      let endLine = SourceLocation(offset: statement.range.end, in: text).line
      if index + 1 < statements.count,
        SourceLocation(offset: statements[index + 1].range.start, in: text).line == endLine
      {
        return Entry(statement: statement, source: text.slice(statement.range), location: location, expected: nil, expectedLine: endLine + 1)
      }
      var expected: [String] = []
      var line = endLine  // 0-based index of the line after the statement
      while line < lines.count {
        let content = lines[line]
        if content == "#:" {
          expected.append("")
        } else if content.hasPrefix("#: ") {
          expected.append(String(content.dropFirst(3)))
        } else {
          break
        }
        line += 1
      }
      return Entry(
        statement: statement, source: text.slice(statement.range), location: location,
        expected: expected, expectedLine: endLine + 1)
    }
  }
}

/// A difference found by `convlab run --check`.
public struct CheckFailure: Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var line: Int
  public var expected: [String]
  public var actual: [String]

  public var description: String {
    var text = "\(path):\(line): output differs\n"
    text += expected.isEmpty ? "  expected: (nothing)" : expected.map { "  expected: \($0)" }.joined(separator: "\n")
    text += "\n" + (actual.isEmpty ? "  actual:   (nothing)" : actual.map { "  actual:   \($0)" }.joined(separator: "\n"))
    return text
  }
}

extension ScriptFile {
  /// A script file read for loading: the statements that come before its first problem (a
  /// byte that is not UTF-8, a control character, a syntax error), and that problem located as
  /// `file:line:column: …` with the line and a caret, so a loader can run what is sound and say
  /// exactly where it stopped.
  public struct Loaded: Sendable {
    public var script: ScriptFile
    public var problem: String?
  }

  public static func load(path: String) throws(SystemError) -> Loaded {
    let bytes = try readFileBytes(path)
    let (text, encodingError) = SourceBytes.decode(bytes)
    var firstError = encodingError
    if firstError == nil {
      do { _ = try Parser.parse(text) } catch { firstError = error }
    }
    guard let error = firstError else {
      return Loaded(script: try! ScriptFile(path: path, text: text), problem: nil)
    }
    // The statements before the problem: the longest run of whole lines before its line that
    // parses (an unclosed bracket can start lines earlier than the error is noticed).
    let utf8 = Array(text.utf8)
    var end = utf8[..<min(error.range.start, utf8.count)].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
    while true {
      if let script = try? ScriptFile(path: path, text: String(decoding: utf8[..<end], as: UTF8.self)) {
        return Loaded(script: script, problem: ScriptRunner.located(error, path: path, text: text))
      }
      end = utf8[..<max(0, end - 1)].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
    }
  }
}
