import Layers
import Notebook
import Script

extension Terminal {
  /// A teaching line in the styles its producer returned: the cells the output reads
  /// highlighted, zeros dim, crops in red, the target marked, heatmap shades in their colours.
  func drawStyled(_ row: Int, _ text: String, _ styles: [TextStyle], width: Int) {
    var x = 0
    for (index, character) in text.enumerated() {
      guard x < width else { return }
      let style = index < styles.count ? styles[index] : .plain
      let piece = String(character)
      switch style {
      case .plain: put(row, x, piece, width: width - x)
      case .line, .zero: put(row, x, piece, width: width - x, color: .dim)
      case .cropped: put(row, x, piece, width: width - x, color: .error, bold: true)
      case .target: put(row, x, piece, width: width - x, color: .accent, bold: true)
      case .label: put(row, x, piece, width: width - x, color: .accent, bold: true, reverse: true)
      case .heat1: put(row, x, piece, width: width - x, color: .heat1)
      case .heat2: put(row, x, piece, width: width - x, color: .heat2)
      case .heat3: put(row, x, piece, width: width - x, color: .heat3)
      case .heat4: put(row, x, piece, width: width - x, color: .heat4)
      }
      x += displayWidth(character)
    }
  }

  /// Syntax colouring from the lexer's tokens.
  /// Syntax colouring from the lexer's tokens; `skip` display columns of the text are
  /// scrolled out of view on the left.
  func drawColored(_ row: Int, _ column: Int, _ text: String, width: Int, numbered: Bool, skip: Int = 0) {
    var x = column - skip
    var rest = Substring(text)
    let right = column + width
    // Each piece is drawn where it falls, its part left of `column` cut off.
    func place(_ piece: String, color: Terminal.Color? = nil) {
      var piece = Substring(piece)
      while x < column, let first = piece.first {
        x += displayWidth(first)
        piece = piece.dropFirst()
      }
      if x >= column, x < right, !piece.isEmpty { self.put(row, x, String(piece), width: right - x, color: color) }
      x += displayWidth(piece)
    }
    if numbered, let space = rest.firstIndex(of: " "), rest.hasPrefix("[") {
      place(String(rest[...space]), color: .prompt)
      rest = rest[rest.index(after: space)...]
    }
    let line = String(rest)
    // A very long line is drawn plainly: lexing 15 KB on every frame would hold up typing.
    var lexer = Lexer(line)
    guard line.utf8.count < 4_000, let tokens = try? lexer.tokenize() else {
      place(line)
      return
    }
    let bytes = Array(line.utf8)
    var offset = 0
    for token in tokens where token.kind != .end && token.kind != .newline {
      guard x < right else { return }
      place(String(decoding: bytes[offset..<min(token.range.start, bytes.count)], as: UTF8.self))
      let piece = String(decoding: bytes[token.range.start..<min(token.range.end, bytes.count)], as: UTF8.self)
      var color: Terminal.Color?
      switch token.kind {
      case .string: color = .string
      case .int, .bigInt, .float: color = .number
      case .name(let name):
        if ["True", "False", "None", "import", "from", "as", "and", "or", "not", "true", "false", "nil"].contains(name) {
          color = .accent
        } else if LayerCatalog.canonicalName(name) != nil { color = .name }
      default: break
      }
      place(piece, color: color)
      offset = token.range.end
    }
    if offset < bytes.count { place(String(decoding: bytes[offset...], as: UTF8.self), color: .dim) }
  }
}
