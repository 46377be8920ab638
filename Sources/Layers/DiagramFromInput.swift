/// `diagram(layer, input, from_input: cell)`: the visualizer's hover view from the input side —
/// the output cells one input cell feeds, each labelled with the kernel tap (or interpolation
/// weight) it meets there.
extension Layer {
  public func diagram(input inputShape: [Int?], fromInput cell: [Int]) throws(LayerShapeError) -> Diagram {
    let axes = try diagramAxes(inputShape)
    try checkCell(cell, "from_input", "input", "cells", axes.map { ($0.name, $0.input) })
    return Diagram(layer: self, axes: axes, fromInput: cell)
  }
}

extension DiagramAxis {
  /// The output cells that read input cell `i`, with the tap or weight each meets it with.
  func feeds(from i: Int) -> [Int: DiagramTap] {
    var feeds: [Int: DiagramTap] = [:]
    for o in 0..<output {
      if plan != nil, transposed {
        if let tap = scatter(at: o).inputReads[i] { feeds[o] = tap }
        continue
      }
      let (cells, reads, _) = direct(at: o)
      for (g, tap) in reads where g >= 0 && g < cells.count {
        if case .input(let j) = cells[g], j == i {
          if case .weight(let w) = tap, w == 0 { continue }
          feeds[o] = tap
        }
      }
    }
    return feeds
  }
}

extension Diagram {
  init(layer: Layer, axes: [DiagramAxis], fromInput cell: [Int]) {
    let pictured = Array(axes.suffix(2))
    let lead = Array(axes.dropLast(pictured.count))
    let cellText = Diagram.positionText(cell)
    var lines = ["\(layer.declaration): input \(axes.map { String($0.input) }.joined(separator: "×")) → output "
      + "\(axes.map { String($0.output) }.joined(separator: "×")), from input \(cellText)"]
    var styles: [String: [TextStyle]] = [:]
    for (axis, i) in zip(lead, cell) {
      let planes = axis.feeds(from: i).keys.sorted().map(String.init).joined(separator: ", ")
      lines.append("\(axis.name): input \(i) feeds output planes [\(planes)]; the picture is the rows × cols plane")
    }
    let feeds = pictured.enumerated().map { $0.element.feeds(from: cell[lead.count + $0.offset]) }
    let two = pictured.count == 2
    let inputGrid = Picture(
      rows: two ? (0..<pictured[0].input).map { .input($0) } : [.input(0)], columns: (0..<pictured.last!.input).map { .input($0) },
      rowReads: [:], columnReads: [:], rowGaps: [], columnGaps: [], hasRows: two,
      marked: (two ? cell[lead.count] : 0, cell.last!))
    let outputGrid = Picture(
      rows: two ? (0..<pictured[0].output).map { .output($0) } : [.output(0)], columns: (0..<pictured.last!.output).map { .output($0) },
      rowReads: two ? feeds[0] : [:], columnReads: feeds.last!, rowGaps: [], columnGaps: [], hasRows: two, marked: nil,
      tapColumns: pictured.last!.kernel)
    let grids = Picture.sideBySide(inputGrid.render(title: "input"), outputGrid.render(title: "output (the tap it meets)"))
    for line in grids where line.styles.contains(where: { $0 != .plain }) { styles[line.text] = line.styles }
    lines += grids.map(\.text)
    let reached = feeds.reduce(1) { $0 * $1.count } * lead.enumerated().map { axes[$0.offset].feeds(from: cell[$0.offset]).count }.reduce(1, *)
    lines.append("input \(cellText) feeds \(reached) output cell\(reached == 1 ? "" : "s")"
      + (layer.legendMarks.tapName.map { ", meeting the \($0) written in each" } ?? ", with the weight written in each"))
    lines.append(
      Picture.legend(lines, dimensions: pictured.count, marks: layer.legendMarks, flatTaps: outputGrid.boxedWidth == nil, marked: "the input cell"))
    self.lines = lines
    self.styles = styles
    self.terms = []
    self.zeroTaps = 0
  }
}

/// `diagram(layer, input, from_tap: tap)`: the visualizer's hover from a weight — every input
/// cell the kernel tap multiplies, each labelled with the output cell it is paired with there;
/// the pairs whose products sum into the weight's gradient.
extension Layer {
  public func diagram(input inputShape: [Int?], fromTap tap: [Int]) throws(LayerShapeError) -> Diagram {
    guard case .convolution = operation else {
      throw LayerShapeError(layer: typeName, "from_tap: \(typeName) has no kernel; from_input shows what its cells feed")
    }
    let axes = try diagramAxes(inputShape)
    try checkCell(tap, "from_tap", "kernel", "taps", axes.map { ($0.name, $0.kernel) })
    return Diagram(layer: self, axes: axes, fromTap: tap)
  }
}

extension DiagramAxis {
  /// For each output cell, the input cell tap `t` multiplies there (nil: padding or a zero).
  func pairs(tap t: Int) -> [Int: Int] {
    var pairs: [Int: Int] = [:]
    for o in 0..<output { if let i = input(readBy: o, tap: t) { pairs[o] = i } }
    return pairs
  }
}

extension Diagram {
  init(layer: Layer, axes: [DiagramAxis], fromTap tap: [Int]) {
    let pictured = Array(axes.suffix(2))
    let lead = Array(axes.dropLast(pictured.count))
    let tapText = Diagram.positionText(tap)
    var lines = ["\(layer.declaration): input \(axes.map { String($0.input) }.joined(separator: "×")) → output "
      + "\(axes.map { String($0.output) }.joined(separator: "×")), kernel tap \(tapText)"]
    var styles: [String: [TextStyle]] = [:]
    for (axis, t) in zip(lead, tap) {
      let pairs = axis.pairs(tap: t).sorted { $0.key < $1.key }.map { "\($0.value)→\($0.key)" }.joined(separator: ", ")
      lines.append("\(axis.name): tap \(t) pairs input → output planes \(pairs); the picture is the rows × cols plane")
    }
    let pairs = pictured.enumerated().map { $0.element.pairs(tap: tap[lead.count + $0.offset]) }
    // Each grid labels a cell with its partner's coordinate on that axis.
    let inputReads = pairs.map { Dictionary($0.map { ($0.value, DiagramTap.tap($0.key)) }, uniquingKeysWith: { first, _ in first }) }
    let outputReads = pairs.map { $0.mapValues { DiagramTap.tap($0) } }
    let two = pictured.count == 2
    let inputGrid = Picture(
      rows: two ? (0..<pictured[0].input).map { .input($0) } : [.input(0)], columns: (0..<pictured.last!.input).map { .input($0) },
      rowReads: two ? inputReads[0] : [:], columnReads: inputReads.last!, rowGaps: [], columnGaps: [], hasRows: two, marked: nil,
      tapColumns: pictured.last!.output)
    let outputGrid = Picture(
      rows: two ? (0..<pictured[0].output).map { .output($0) } : [.output(0)], columns: (0..<pictured.last!.output).map { .output($0) },
      rowReads: two ? outputReads[0] : [:], columnReads: outputReads.last!, rowGaps: [], columnGaps: [], hasRows: two, marked: nil,
      tapColumns: pictured.last!.input)
    let grids = Picture.sideBySide(inputGrid.render(title: "input (its output)"), outputGrid.render(title: "output (its input)"))
    for line in grids where line.styles.contains(where: { $0 != .plain }) { styles[line.text] = line.styles }
    lines += grids.map(\.text)
    let count = pairs.reduce(1) { $0 * $1.count } * zip(lead, tap).map { $0.pairs(tap: $1).count }.reduce(1, *)
    lines.append("tap \(tapText) multiplies \(count) input cell\(count == 1 ? "" : "s"), each into the output cell written in it: "
      + "its gradient is the sum of those products with the output's gradient")
    lines.append(two ? "r,c: the partner cell (output in the input grid, input in the output grid)" : "t: the partner cell")
    self.lines = lines
    self.styles = styles
    self.terms = []
    self.zeroTaps = 0
  }
}
