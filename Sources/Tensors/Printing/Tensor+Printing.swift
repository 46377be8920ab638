/// NumPy's `str(a)`: bracket layout, wrapping, alignment and summarization of
/// `numpy/_core/arrayprint.py` (`_formatArray`), for float32 data.
extension Tensor: CustomStringConvertible {
  /// Exactly what NumPy 2 prints for `str(a)` under `np.set_printoptions(precision=4)`.
  public var description: String { formatted(PrintOptions.default) }

  /// The tensor's body as NumPy prints it under `options`.
  public func formatted(_ options: PrintOptions) -> String {
    // A 0-d array prints like the scalar it holds, without the precision applied.
    if rank == 0 { return Dragon4.scalarString(scalars[0]) }
    if count == 0 { return "[]" }

    let summarize = count > options.threshold
    let edgeItems = max(options.edgeItems, 0)
    let formatter = FloatFormatter(
      data: summarize ? edgeData(edgeItems: edgeItems) : scalars, options: options)
    let printer = ArrayPrinter(
      tensor: self, formatter: formatter, edgeItems: edgeItems,
      summaryInsert: summarize ? "..." : "")
    return printer.render(lineWidth: options.lineWidth)
  }

  /// The elements NumPy keeps when summarizing: `edgeItems` at each end of every long axis.
  private func edgeData(edgeItems: Int) -> [Float] {
    let indices = shape.map { extent -> [Int] in
      extent > 2 * edgeItems
        ? Array(0..<edgeItems) + Array((extent - edgeItems)..<extent) : Array(0..<extent)
    }
    let strides = self.strides
    var result: [Float] = []
    func collect(_ axis: Int, _ offset: Int) {
      if axis == rank {
        result.append(scalars[offset])
        return
      }
      for index in indices[axis] { collect(axis + 1, offset + index * strides[axis]) }
    }
    collect(0, 0)
    return result
  }
}

private struct ArrayPrinter {
  let tensor: Tensor
  let formatter: FloatFormatter
  let edgeItems: Int
  let summaryInsert: String
  let strides: [Int]
  let separator = " "
  let nextLinePrefix = " "

  init(tensor: Tensor, formatter: FloatFormatter, edgeItems: Int, summaryInsert: String) {
    self.tensor = tensor
    self.formatter = formatter
    self.edgeItems = edgeItems
    self.summaryInsert = summaryInsert
    self.strides = tensor.strides
  }

  func render(lineWidth: Int) -> String {
    recurse(axis: 0, offset: 0, hangingIndent: nextLinePrefix, width: lineWidth)
  }

  private func recurse(axis: Int, offset: Int, hangingIndent: String, width: Int) -> String {
    let axesLeft = tensor.rank - axis
    if axesLeft == 0 { return formatter.format(tensor.scalars[offset]) }

    let nextHangingIndent = hangingIndent + " "
    let nextWidth = width - 1  // room for the closing "]"
    let extent = tensor.shape[axis]
    let showSummary = !summaryInsert.isEmpty && 2 * edgeItems < extent
    let leading = showSummary ? edgeItems : 0
    let trailing = showSummary ? edgeItems : extent
    func item(_ index: Int) -> String {
      recurse(
        axis: axis + 1, offset: offset + index * strides[axis],
        hangingIndent: nextHangingIndent, width: nextWidth)
    }

    var text = ""
    if axesLeft == 1 {
      let elementWidth = width - max(separator.trimmingTrailingSpaces().count, 1)
      var line = hangingIndent
      for index in 0..<leading {
        extendLine(&text, &line, item(index), width: elementWidth, indent: hangingIndent)
        line += separator
      }
      if showSummary {
        extendLine(&text, &line, summaryInsert, width: elementWidth, indent: hangingIndent)
        line += separator
      }
      for back in stride(from: trailing, to: 1, by: -1) {
        extendLine(&text, &line, item(extent - back), width: elementWidth, indent: hangingIndent)
        line += separator
      }
      extendLine(&text, &line, item(extent - 1), width: elementWidth, indent: hangingIndent)
      text += line
    } else {
      let lineSeparator =
        separator.trimmingTrailingSpaces() + String(repeating: "\n", count: axesLeft - 1)
      for index in 0..<leading {
        text += hangingIndent + item(index) + lineSeparator
      }
      if showSummary { text += hangingIndent + summaryInsert + lineSeparator }
      for back in stride(from: trailing, to: 1, by: -1) {
        text += hangingIndent + item(extent - back) + lineSeparator
      }
      text += hangingIndent + item(extent - 1)
    }
    return "[" + text.dropFirst(hangingIndent.count) + "]"
  }

  /// Appends `word` to `line`, first wrapping when it would pass `width` (but never wrapping a
  /// line that holds only the indent).
  private func extendLine(
    _ text: inout String, _ line: inout String, _ word: String, width: Int, indent: String
  ) {
    let needsWrap = line.count + word.count > width && line.count > indent.count
    if needsWrap {
      text += line.trimmingTrailingSpaces() + "\n"
      line = indent
    }
    line += word
  }
}
