/// A span of a statement's source, in UTF-8 byte offsets from its start (half-open).
public struct SourceRange: Sendable, Equatable, Hashable {
  public var start: Int
  public var end: Int

  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = max(start, end)
  }
}

/// An error message tied to the place in the source it is about.
public struct Diagnostic: Sendable, Equatable {
  public var message: String
  public var range: SourceRange

  public init(message: String, range: SourceRange) {
    self.message = message
    self.range = range
  }

  /// Characters of a source line shown at most.
  public static let maximumLineWidth = 120

  /// The offending line, a caret line under the range, and the message:
  ///
  /// ```
  /// y = Conv2D(8, 3, strides: 0)(x)
  ///                           ^
  /// error: Conv2D: strides must be positive, got 0
  /// ```
  ///
  /// Columns count characters (not bytes), so the caret stands under non-ASCII text too.
  public func rendered(source: String) -> String {
    let place = placement(in: source)
    var line = Array(place.text)
    var column = place.column, width = place.width
    // A long line is shown as a window around the caret, marked … where it is cut.
    let maximum = Self.maximumLineWidth
    if line.count > maximum {
      let first = max(0, min(column - maximum / 3, line.count - maximum))
      let last = min(line.count, first + maximum)
      let cutBefore = first > 0, cutAfter = last < line.count
      line = (cutBefore ? ["…"] : []) + Array(line[first..<last]) + (cutAfter ? ["…"] : [])
      column = column - first + (cutBefore ? 1 : 0)
      width = max(1, min(width, line.count - column))
    }
    let caret = String(repeating: " ", count: column) + String(repeating: "^", count: width)
    return "\(String(line))\n\(caret)\nerror: \(message)"
  }

  /// Where the range starts in `source`: its line (0-based) and that line's text, the
  /// character column, and how many characters of the line it covers (at least 1). Front
  /// ends draw the caret from this; `rendered` is one way of drawing it.
  public struct Placement: Sendable, Equatable {
    public var line: Int
    public var text: String
    public var column: Int
    public var width: Int
  }

  public func placement(in source: String) -> Placement {
    let bytes = Array(source.utf8)
    let start = min(max(0, range.start), bytes.count)
    let end = min(max(range.end, start), bytes.count)
    var lineStart = start
    while lineStart > 0 && bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    var lineEnd = start
    while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    let location = SourceLocation(offset: start, in: source)
    let width = max(1, String(decoding: bytes[start..<max(start, min(end, lineEnd))], as: UTF8.self).count)
    return Placement(
      line: location.line - 1, text: String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self), column: location.column - 1,
      width: width)
  }
}
