/// Teaching text as a standalone SVG for slides: the same characters, cells and colours as the
/// terminal draws (`TextStyle`), with the grids' box-drawing lines as vector strokes and each grid
/// cell a `<rect class="cell">` filled by what the cell is. Several frames become an animated SVG
/// that steps through them (SMIL, which browsers play without script).
public enum SVGFigure {
  static let columnWidth = 9.0, lineHeight = 18.0, margin = 12.0

  /// One picture, or the frames of an animation shown `secondsPerFrame` each, in a loop.
  public static func render(frames: [[String]], styles: [String: [TextStyle]], secondsPerFrame: Double = 0.8) -> (svg: String, cells: Int) {
    let columns = frames.flatMap { $0 }.map(\.count).max() ?? 0
    let rows = frames.map(\.count).max() ?? 0
    let width = Double(columns) * columnWidth + 2 * margin, height = Double(rows) * lineHeight + 2 * margin
    var body = ""
    var cells = 0
    for (index, lines) in frames.enumerated() {
      let (content, count) = frame(lines, styles)
      cells += count
      if frames.count == 1 {
        body += "<g class=\"frame\">\n\(content)</g>\n"
        continue
      }
      let n = Double(frames.count)
      let start = Double(index) / n, end = Double(index + 1) / n
      body += "<g class=\"frame\" visibility=\"hidden\">\n"
      body += "<animate attributeName=\"visibility\" values=\"hidden;visible;hidden\" keyTimes=\"0;\(number(start));\(number(end))\" "
        + "dur=\"\(number(secondsPerFrame * n))s\" calcMode=\"discrete\" repeatCount=\"indefinite\"/>\n"
      body += content + "</g>\n"
    }
    let svg = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" height="\(number(height))" viewBox="0 0 \(number(width)) \(number(height))">
      <style>
      text { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 14px; white-space: pre; fill: #222; }
      .label { fill: #1d4ed8; font-weight: bold; } .target { fill: #1d4ed8; font-weight: bold; }
      .zero, .line { fill: #8a8a8a; } .cropped { fill: #c62828; font-weight: bold; }
      .heat1 { fill: #3b4cc0; } .heat2 { fill: #2a9d8f; } .heat3 { fill: #7bc96f; } .heat4 { fill: #f2c14e; }
      rect.cell { stroke: none; }
      path.grid { stroke: #8a8a8a; stroke-width: 1; fill: none; }
      </style>
      <rect width="100%" height="100%" fill="#ffffff"/>
      <g transform="translate(\(number(margin)) \(number(margin)))">
      \(body)</g>
      </svg>

      """
    return (svg, cells)
  }

  /// The fill of a cell by what it holds, as the terminal colours it.
  static func fill(_ style: TextStyle) -> String {
    switch style {
    case .label: return "#dbe7ff"
    case .target: return "#b9cdfd"
    case .zero: return "#f0f0f0"
    case .cropped: return "#fde0e0"
    default: return "#ffffff"
    }
  }

  private static func frame(_ lines: [String], _ styles: [String: [TextStyle]]) -> (String, Int) {
    let grid = lines.map { Array($0) }
    let lineStyles = lines.map { styles[$0] ?? [] }
    func style(_ r: Int, _ c: Int) -> TextStyle { c < lineStyles[r].count ? lineStyles[r][c] : .plain }
    func character(_ r: Int, _ c: Int) -> Character { r >= 0 && r < grid.count && c >= 0 && c < grid[r].count ? grid[r][c] : " " }
    var out = ""
    var count = 0
    // Cells, found from each grid's frame as Picture draws it: boxed grids have a ┬ per column
    // border (or ├ row rules), compact ones two columns a cell.
    for (r, row) in grid.enumerated() {
      for (c, corner) in row.enumerated() where corner == "┌" {
        guard let right = row[(c + 1)...].firstIndex(of: "┐") else { continue }
        var bodyRows: [Int] = [], ruled = false
        var below = r + 1
        while below < grid.count, "│├".contains(character(below, c)) {
          if character(below, c) == "│" { bodyRows.append(below) } else { ruled = true }
          below += 1
        }
        let borders = (c...right).filter { "┌┬┐".contains(row[$0]) }
        let boxed = borders.count > 2 || ruled || (right - c - 1) % 2 == 1
        var spans: [(Int, Int)] = []  // characters [start, end) of each cell
        if boxed {
          spans = zip(borders, borders.dropFirst()).map { ($0 + 1, $1) }
        } else {
          spans = stride(from: c + 1, to: right, by: 2).map { ($0, min($0 + 2, right)) }
        }
        for rr in bodyRows {
          for (start, end) in spans {
            let held = (start..<end).map { style(rr, $0) }.first { $0 != .plain && $0 != .line } ?? .plain
            let x = boxed ? (Double(start) - 0.5) * columnWidth : Double(start) * columnWidth
            let w = boxed ? Double(end - start + 1) * columnWidth : Double(end - start) * columnWidth
            let y = boxed ? (Double(rr) - 0.5) * lineHeight : Double(rr) * lineHeight
            let h = boxed ? 2 * lineHeight : lineHeight
            out += "<rect class=\"cell\" x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(w))\" height=\"\(number(h))\" fill=\"\(fill(held))\"/>\n"
            count += 1
          }
        }
      }
    }
    // Box-drawing characters as strokes through the middle of their character cell.
    var path = ""
    let arms: [Character: (left: Bool, right: Bool, up: Bool, down: Bool)] = [
      "─": (true, true, false, false), "│": (false, false, true, true), "┌": (false, true, false, true),
      "┐": (true, false, false, true), "└": (false, true, true, false), "┘": (true, false, true, false),
      "├": (false, true, true, true), "┤": (true, false, true, true), "┬": (true, true, false, true),
      "┴": (true, true, true, false), "┼": (true, true, true, true),
    ]
    for (r, row) in grid.enumerated() {
      for (c, glyph) in row.enumerated() {
        guard let arm = arms[glyph] else { continue }
        let x = (Double(c) + 0.5) * columnWidth, y = (Double(r) + 0.5) * lineHeight
        if arm.left { path += "M\(number(x - columnWidth / 2)) \(number(y))H\(number(x))" }
        if arm.right { path += "M\(number(x)) \(number(y))H\(number(x + columnWidth / 2))" }
        if arm.up { path += "M\(number(x)) \(number(y - lineHeight / 2))V\(number(y))" }
        if arm.down { path += "M\(number(x)) \(number(y))V\(number(y + lineHeight / 2))" }
      }
    }
    if !path.isEmpty { out += "<path class=\"grid\" d=\"\(path)\"/>\n" }
    // The text, word by word in its style, each character at its column (any monospace font lines up).
    for (r, row) in grid.enumerated() {
      var c = 0
      while c < row.count {
        if row[c] == " " || arms[row[c]] != nil {
          c += 1
          continue
        }
        let runStyle = style(r, c)
        var end = c
        // Words only: SVG collapses runs of spaces, and each character has its own x anyway.
        while end < row.count, row[end] != " ", arms[row[end]] == nil, style(r, end) == runStyle { end += 1 }
        let next = end
        let xs = (c..<end).map { number(Double($0) * columnWidth) }.joined(separator: " ")
        let text = escape(String(row[c..<end]))
        let className = runStyle == .plain ? "" : " class=\"\(runStyle)\""
        out += "<text x=\"\(xs)\" y=\"\(number(Double(r) * lineHeight + 13))\"\(className)>\(text)</text>\n"
        c = next
      }
    }
    return (out, count)
  }

  static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }

  static func number(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }
}
