/// A 1-based line and character column, for `file:line:column` messages.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  /// The location of a byte offset in `source`, whose first line is line `firstLine` of the
  /// file it came from.
  public init(offset: Int, in source: String, firstLine: Int = 1) {
    let bytes = Array(source.utf8.prefix(max(0, offset)))
    line = bytes.reduce(firstLine) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    let lineStart = bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
    column = String(decoding: bytes[lineStart...], as: UTF8.self).count + 1
  }

  public var description: String { "\(line):\(column)" }
}
