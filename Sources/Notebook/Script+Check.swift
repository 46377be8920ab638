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
