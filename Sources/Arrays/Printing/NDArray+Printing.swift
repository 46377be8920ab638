import Tensors

/// NumPy's `str(a)`: bracket layout, wrapping, alignment and summarization of
/// `numpy/_core/arrayprint.py` (`_formatArray`), with each dtype's element format
/// (`BoolFormat`, `IntegerFormat`, `FloatingFormat`).
extension NDArray: CustomStringConvertible {
  /// What NumPy 2 prints for `str(a)` under `np.set_printoptions(precision=4)`.
  public var description: String { formatted(PrintOptions.default) }

  /// The array as NumPy's `str` prints it under `options`.
  public func formatted(_ options: PrintOptions) -> String {
    // A 0-d array prints like the scalar it holds, without the precision applied.
    if rank == 0 { return scalarString }
    return body(options, separator: " ", prefix: "", suffix: "")
  }

  /// NumPy's `array2string` body: brackets, wrapping and summarization.
  private func body(_ options: PrintOptions, separator: String, prefix: String, suffix: String) -> String {
    if count == 0 { return "[]" }
    let summarize = count > options.threshold
    let edgeItems = max(options.edgeItems, 0)
    let positions = summarize ? edgePositions(edgeItems: edgeItems) : allPositions()
    let format = elementFormat(positions: positions, options: options, inRepr: !prefix.isEmpty)
    let printer = ArrayPrinter(
      array: self, format: format, edgeItems: edgeItems, summaryInsert: summarize ? "..." : "", separator: separator,
      nextLinePrefix: " " + String(repeating: " ", count: prefix.count))
    return printer.render(lineWidth: options.lineWidth - suffix.count)
  }

  /// NumPy's `repr`: `array([1, 2], dtype=int32)`, `np.float32(13.73)`, `np.True_` — how an
  /// array or scalar shows inside a list or tuple.
  public func reprString(_ options: PrintOptions) -> String {
    if rank == 0 {
      if case .bool(let flag)? = scalarValue { return flag ? "np.True_" : "np.False_" }
      return "np.\(dtype.rawValue)(\(scalarString))"
    }
    let prefix = "array("
    let text = prefix + body(options, separator: ", ", prefix: prefix, suffix: ")")
    var extras: [String] = []
    if (count == 0 && shape != [0]) || count > options.threshold { extras.append("shape=\(formatShape(shape))") }
    let implied = dtype == .float64 || dtype == .int64 || dtype == .bool
    if !implied || count == 0 { extras.append("dtype=\(dtype.rawValue)") }
    guard !extras.isEmpty else { return text + ")" }
    let head = text + ","
    let extra = extras.joined(separator: ", ") + ")"
    let lastLine = head.count - ((head.lastIndex(of: "\n").map { head.distance(from: head.startIndex, to: $0) + 1 }) ?? 0)
    let spacer = lastLine + extra.count + 1 > options.lineWidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
    return head + spacer + extra
  }

  /// `str()` of the single element of a 0-d array: NumPy's scalar printing (`13.73`, `3`,
  /// `True`, `1e-05`), with the shortest digits that round-trip in the dtype.
  public var scalarString: String {
    struct Scalar: ElementsVisitor {
      let position: Int
      func visit<T: ArrayElement>(_ elements: [T]) -> String { scalarText(elements[position]) }
    }
    return buffer.visit(Scalar(position: offset))
  }

  func allPositions() -> [Int] {
    var positions: [Int] = []
    positions.reserveCapacity(count)
    forEachPosition { positions.append($0) }
    return positions
  }

  /// The positions NumPy looks at when summarizing: `edgeItems` at each end of every long axis.
  func edgePositions(edgeItems: Int) -> [Int] {
    let indices = shape.map { extent -> [Int] in
      extent > 2 * edgeItems ? Array(0..<edgeItems) + Array((extent - edgeItems)..<extent) : Array(0..<extent)
    }
    var result: [Int] = []
    func collect(_ axis: Int, _ position: Int) {
      if axis == rank {
        result.append(position)
        return
      }
      for index in indices[axis] { collect(axis + 1, position + index * strides[axis]) }
    }
    collect(0, offset)
    return result
  }

  /// The element formatter NumPy builds from the (summarized) data.
  private func elementFormat(positions: [Int], options: PrintOptions, inRepr: Bool) -> (Int) -> String {
    struct Make: ElementsVisitor {
      let positions: [Int]
      let options: PrintOptions
      func visit<T: ArrayElement>(_ elements: [T]) -> (Int) -> String {
        if let values = elements as? [Bool] {
          return { values[$0] ? " True" : "False" }
        }
        if T.dtype.isFloat { return floatFormat(elements) }
        // IntegerFormat: right-aligned to the widest of the extremes.
        let texts = positions.map { scalarText(elements[$0]) }
        let width = texts.map(\.count).max() ?? 0
        return { position in
          let text = scalarText(elements[position])
          return String(repeating: " ", count: max(0, width - text.count)) + text
        }
      }

      func floatFormat<T: ArrayElement>(_ elements: [T]) -> (Int) -> String {
        T.dtype.visit(FloatFormat(elements: elements, positions: positions, options: options))
      }
    }
    return buffer.visit(Make(positions: positions, options: options))
  }
}

/// The float element format, once the element type is known to be a float.
private struct FloatFormat: KindVisitor {
  let elements: Any
  let positions: [Int]
  let options: PrintOptions
  func bool() -> (Int) -> String { { _ in "" } }
  func integer<I: IntegerElement>(_ type: I.Type) -> (Int) -> String { { _ in "" } }
  func float<F: FloatElement>(_ type: F.Type) -> (Int) -> String {
    let values = elements as! [F]
    let formatter = FloatFormatter(data: positions.map { values[$0] }, options: options)
    return { formatter.format(values[$0]) }
  }
}

/// `str()` of one element as a NumPy scalar.
func scalarText<T: ArrayElement>(_ value: T) -> String {
  switch value.castValue {
  case .bool(let flag): return flag ? "True" : "False"
  case .int(let number): return String(number)
  case .uint(let number): return String(number)
  case .float:
    if let half = value as? Float16 { return Dragon4.scalarString(half) }
    if let single = value as? Float { return Dragon4.scalarString(single) }
    return Dragon4.scalarString(value as! Double)
  }
}

/// Python's `repr` of a float (and NumPy's `str` of a float64): shortest round-trip digits,
/// `1.0`, `1e-05`, `1e+16`, `inf`, `nan`.
public func pythonFloatString(_ value: Double) -> String { Dragon4.scalarString(value) }

private struct ArrayPrinter {
  let array: NDArray
  let format: (Int) -> String
  let edgeItems: Int
  let summaryInsert: String
  let separator: String
  let nextLinePrefix: String

  func render(lineWidth: Int) -> String {
    recurse(axis: 0, position: array.offset, hangingIndent: nextLinePrefix, width: lineWidth)
  }

  private func recurse(axis: Int, position: Int, hangingIndent: String, width: Int) -> String {
    let axesLeft = array.rank - axis
    if axesLeft == 0 { return format(position) }

    let nextHangingIndent = hangingIndent + " "
    let nextWidth = width - 1  // room for the closing "]"
    let extent = array.shape[axis]
    let step = array.strides[axis]
    let showSummary = !summaryInsert.isEmpty && 2 * edgeItems < extent
    let leading = showSummary ? edgeItems : 0
    let trailing = showSummary ? edgeItems : extent
    func item(_ index: Int) -> String {
      recurse(axis: axis + 1, position: position + index * step, hangingIndent: nextHangingIndent, width: nextWidth)
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
      let lineSeparator = separator.trimmingTrailingSpaces() + String(repeating: "\n", count: axesLeft - 1)
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
  private func extendLine(_ text: inout String, _ line: inout String, _ word: String, width: Int, indent: String) {
    let needsWrap = line.count + word.count > width && line.count > indent.count
    if needsWrap {
      text += line.trimmingTrailingSpaces() + "\n"
      line = indent
    }
    line += word
  }
}
