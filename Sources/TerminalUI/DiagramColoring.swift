/// The colour of each character of a diagram grid row (`diagram`, `animate`): labels of the
/// cells the output reads stand out, padding and lines recede, crops and the target cell are
/// marked. A row is recognised by its 3-column index gutter followed by a box-drawing border.
enum DiagramColoring {
  static let borders: Set<Character> = ["│", "├", "┌", "└"]
  static let lines: Set<Character> = ["─", "│", "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼"]

  static func isGridRow(_ text: String) -> Bool {
    let characters = Array(text.prefix(4))
    guard characters.count == 4, borders.contains(characters[3]) else { return false }
    return characters[..<3].allSatisfy { $0 == " " || $0.isNumber }
  }

  /// A grid row, or the line of column indices above a grid.
  static func isGridLine(_ text: String) -> Bool {
    isGridRow(text) || (text.count > 4 && text.hasPrefix("    ") && text.allSatisfy { $0 == " " || $0.isNumber })
  }

  enum Style: Equatable { case plain, line, zero, cropped, target, label }

  static func styles(_ text: String) -> [Style] {
    let characters = Array(text)
    var styles = [Style](repeating: .plain, count: characters.count)
    for (i, character) in characters.enumerated() {
      switch character {
      case _ where lines.contains(character): styles[i] = .line
      case "·", "∘", "╌": styles[i] = .zero
      case "×": styles[i] = .cropped
      case "●": styles[i] = .target
      default: break
      }
    }
    // A label: a token right inside a cell (a line at most 3 columns away on both sides); row
    // indices sit further from the grid before them.
    var i = 0
    while i < characters.count {
      guard styles[i] == .plain, characters[i] != " " else {
        i += 1
        continue
      }
      var end = i
      while end < characters.count, styles[end] == .plain, characters[end] != " " { end += 1 }
      let left = characters[..<i].lastIndex { lines.contains($0) }
      let right = characters[end...].firstIndex { lines.contains($0) }
      if let left, let right, i - left <= 3, right - end <= 2 {
        for k in i..<end { styles[k] = .label }
      }
      i = end
    }
    return styles
  }
}
