/// How a character of teaching text is drawn: the front ends colour by this, returned with the
/// text by the code that drew it, never guessed from the glyphs.
public enum TextStyle: UInt8, Sendable, Equatable {
  case plain
  /// Box-drawing lines of a grid.
  case line
  /// Padding, inserted zeros, dilation gaps: cells that hold no input.
  case zero
  case cropped
  /// The output cell the picture is about.
  case target
  /// A kernel tap or weight label: the cells the output reads.
  case label
  /// A heatmap's shading, cool to hot.
  case heat1, heat2, heat3, heat4
}

/// A line of text with a style per character.
public struct StyledLine: Sendable, Equatable {
  public var text = ""
  public var styles: [TextStyle] = []

  public init(_ text: String = "", _ style: TextStyle = .plain) { add(text, style) }

  public mutating func add(_ piece: String, _ style: TextStyle) {
    text += piece
    styles += Array(repeating: style, count: piece.count)
  }

  public mutating func add(_ other: StyledLine) {
    text += other.text
    styles += other.styles
  }

  /// Trailing spaces dropped, as the plain text drops them.
  func trimmed() -> StyledLine {
    var line = self
    while line.text.last == " " {
      line.text.removeLast()
      line.styles.removeLast()
    }
    return line
  }
}
