/// `diagram(layer, input, from_input: cell)`: the visualizer's hover view from the input side —
/// the output cells one input cell feeds, each labelled with the kernel tap (or interpolation
/// weight) it meets there.
extension Layer {
  public func diagram(input inputShape: [Int?], fromInput cell: [Int]) throws(LayerShapeError) -> Diagram {
    let axes = try diagramAxes(inputShape)
    guard cell.count == axes.count else {
      throw LayerShapeError(
        layer: typeName,
        "from_input: needs \(axes.count) input coordinate\(axes.count == 1 ? "" : "s") (\(axes.map(\.name).joined(separator: ", "))), received \(cell.count)")
    }
    for (axis, i) in zip(axes, cell) where i < 0 || i >= axis.input {
      throw LayerShapeError(layer: typeName, "from_input: \(axis.name) \(i) is outside the input's \(axis.input) cells (0 to \(axis.input - 1))")
    }
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
      + (layer.hasWeights ? ", meeting the kernel tap written in each" : ", with the weight written in each"))
    lines.append(
      Picture.legend(lines, dimensions: pictured.count, weights: !layer.hasWeights, flatTaps: outputGrid.boxedWidth == nil, marked: "the input cell"))
    self.lines = lines
    self.styles = styles
    self.terms = []
    self.zeroTaps = 0
  }
}
