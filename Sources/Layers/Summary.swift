/// `model.summary()`: Keras's table (Layer (type), Output Shape, Param #) with a Mult-Adds
/// column, then the totals. Returned as text; front ends print it.
extension Sequential {
  /// `lineLength` is the table's width, borders included (Keras's `line_length`); the columns
  /// keep their proportions, none narrower than its header.
  public func summary(lineLength: Int? = nil) throws(LayerShapeError) -> String {
    let shapes = try layerOutputShapes()
    var inputShape: [Int?]? = self.inputShape.map { [nil] + $0 }
    var rows: [[String]] = []
    var totalParameters = 0
    var totalMultiplyAdds: Int? = 0
    for (index, layer) in layers.enumerated() {
      let parameters = try inputShape.map { (shape: [Int?]) throws(LayerShapeError) -> Int in
        try layer.parameterCount(for: shape)
      }
      let multiplyAdds = try inputShape.flatMap { (shape: [Int?]) throws(LayerShapeError) -> Int? in
        try layer.multiplyAdds(for: shape)
      }
      totalParameters += parameters ?? 0
      totalMultiplyAdds = multiplyAdds.flatMap { value in totalMultiplyAdds.map { $0 + value } }
      rows.append([
        "\(layer.name) (\(layer.typeName))",
        shapes.map { describe($0[index]) } ?? "?",
        parameters.map(groupedThousands) ?? "0 (unbuilt)",
        multiplyAdds.map(groupedThousands) ?? "?",
      ])
      inputShape = shapes?[index]
    }
    let headers = ["Layer (type)", "Output Shape", "Param #", "Mult-Adds"]
    var widths = [33, 24, 15, 17]
    if let lineLength {
      // Each column keeps room for its header (and a space either side).
      let inside = lineLength - widths.count - 1, total = widths.reduce(0, +)
      widths = zip(widths, headers).map { Swift.max($1.count + 2, $0 * inside / total) }
      widths[0] += Swift.max(0, inside - widths.reduce(0, +))
    }
    let table = BoxTable(
      headers: headers, widths: widths,
      rightAligned: [false, false, true, true])
    var text = "Model: \"\(name)\"\n" + table.render(rows)
    // convlab's weights are all trainable: Keras counts kernels and biases as trainable.
    text += "\n Total params: \(groupedThousands(totalParameters)) (\(byteSize(totalParameters * 4)))"
    text += "\n Trainable params: \(groupedThousands(totalParameters)) (\(byteSize(totalParameters * 4)))"
    text += "\n Non-trainable params: 0 (0.00 B)"
    text += "\n Mult-Adds per sample: " + (totalMultiplyAdds.map(groupedThousands) ?? "? (unknown spatial size)")
    return text
  }
}

/// `1792` → `1,792`.
public func groupedThousands(_ value: Int) -> String {
  let digits = String(value.magnitude)
  var result = ""
  for (index, character) in digits.enumerated() {
    if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
    result.append(character)
  }
  return (value < 0 ? "-" : "") + result
}

/// Keras's `readable_memory_size`: `7.00 KB`, `0.00 B`.
func byteSize(_ bytes: Int) -> String {
  let units = ["B", "KB", "MB", "GB", "TB"]
  var size = Double(bytes)
  var unit = 0
  while size >= 1024 && unit < units.count - 1 {
    size /= 1024
    unit += 1
  }
  let hundredths = Int((size * 100).rounded())
  return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) \(units[unit])"
}

/// A heavy-headed box table like the one Keras's summary draws, wrapping long cells by words.
struct BoxTable {
  var headers: [String]
  var widths: [Int]
  var rightAligned: [Bool]

  func render(_ rows: [[String]]) -> String {
    func rule(_ left: String, _ fill: String, _ middle: String, _ right: String) -> String {
      left + widths.map { String(repeating: fill, count: $0) }.joined(separator: middle) + right
    }
    func line(_ cells: [String], _ edge: String) -> [String] {
      let wrapped = zip(cells, widths).map { wrap($0, width: $1 - 2) }
      let height = wrapped.map(\.count).max() ?? 1
      return (0..<height).map { row in
        edge + zip(wrapped, widths).enumerated().map { column, pair in
          let text = row < pair.0.count ? pair.0[row] : ""
          let pad = String(repeating: " ", count: max(0, pair.1 - 2 - text.count))
          return " " + (rightAligned[column] ? pad + text : text + pad) + " "
        }.joined(separator: edge) + edge
      }
    }
    var output = [rule("┏", "━", "┳", "┓")] + line(headers, "┃") + [rule("┡", "━", "╇", "┩")]
    for (index, row) in rows.enumerated() {
      output += line(row, "│")
      if index < rows.count - 1 { output.append(rule("├", "─", "┼", "┤")) }
    }
    output.append(rule("└", "─", "┴", "┘"))
    return output.joined(separator: "\n")
  }

  private func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if current.isEmpty {
        current = String(word)
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        lines.append(current)
        current = String(word)
      }
    }
    lines.append(current)
    return lines
  }
}
