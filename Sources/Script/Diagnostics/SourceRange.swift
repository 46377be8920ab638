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
    let bytes = Array(source.utf8)
    let start = min(range.start, bytes.count)
    let end = min(max(range.end, start), bytes.count)
    var lineStart = start
    while lineStart > 0 && bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    var lineEnd = start
    while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    var line = Array(String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))
    var column = String(decoding: bytes[lineStart..<start], as: UTF8.self).count
    let spanEnd = min(end, lineEnd)
    var width = max(1, String(decoding: bytes[start..<max(start, spanEnd)], as: UTF8.self).count)
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
}
