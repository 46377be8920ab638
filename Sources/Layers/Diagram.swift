import Kernels
import Tensors

/// `diagram(layer, input, at: (i, j))`: the guide's pictures in text. The input grid (padding,
/// inserted zeros and dilation gaps marked) with the cells output `at` reads labelled by the
/// kernel tap they meet, next to the output grid with `at` marked. A transposed convolution gets
/// both of the guide's views: the scatter (each input cell stamps the kernel into the output,
/// from which the crop is cut) and the equivalent direct convolution over the stride-spaced,
/// padded input with the kernel flipped. The cells read come from the same `AxisPlan` compute
/// uses. 3-D layers are drawn in their rows × cols plane, with the depth axis in words.
extension Layer {
  /// Every output position `diagram` can be asked for, row-major (what `animate` steps through).
  /// The first output position (0 on every drawn axis), with the picture's checks made.
  public func diagramOrigin(input inputShape: [Int?]) throws(LayerShapeError) -> [Int] {
    try diagramAxes(inputShape).map { _ in 0 }
  }

  /// More than `limit` positions is an error, said before any is listed.
  public func diagramPositions(input inputShape: [Int?], limit: Int = Int.max) throws(LayerShapeError) -> [[Int]] {
    let axes = try diagramAxes(inputShape)
    let count = axes.reduce(Optional(1)) { total, axis in
      total.flatMap { let (product, overflow) = $0.multipliedReportingOverflow(by: axis.output); return overflow ? nil : product }
    }
    guard let count, count <= limit else {
      throw LayerShapeError(
        layer: typeName,
        "\(count.map(String.init) ?? "more than 2⁶³") output positions is more than \(limit) frames; use a smaller input (the guide's figures are 4×4 to 7×7)")
    }
    var positions: [[Int]] = [[]]
    for axis in axes { positions = positions.flatMap { prefix in (0..<axis.output).map { prefix + [$0] } } }
    return positions
  }

  /// `values`: the input of batch 0, drawn in the cells (the guide's numbers in Figs 1.1–1.2),
  /// the cells the output reads highlighted; 1-D and 2-D, one input channel.
  public func diagram(input inputShape: [Int?], at position: [Int], values: Tensor? = nil) throws(LayerShapeError) -> Diagram {
    let axes = try diagramAxes(inputShape)
    try checkCell(position, "at", "output", "cells", axes.map { ($0.name, $0.output) })
    let channels = try split(inputShape).channels ?? 1
    var numbers: [[String]]?
    if let values {
      guard rank <= 2, axes.allSatisfy({ !$0.transposed }), channels == 1 else {
        throw LayerShapeError(
          layer: typeName, "numbers=True draws the values of a 1-D or 2-D forward layer's single input channel; this input has \(channels) channels")
      }
      let plane = values.scalars  // batch 0 comes first; one channel: the spatial cells in order
      let columns = axes.last!.input, rows = rank == 2 ? axes[0].input : 1
      guard values.shape.first ?? 0 > 0, plane.count >= rows * columns else {
        throw LayerShapeError(layer: typeName, "numbers=True draws the values of batch item 0, and this input has no batch items (shape \(formatShape(values.shape)))")
      }
      numbers = (0..<rows).map { r in (0..<columns).map { c in Picture.number(Double(plane[r * columns + c])) } }
    }
    return Diagram(layer: self, axes: axes, at: position, channels: channels, numbers: numbers)
  }

  /// A cell a picture is asked about (`at`, `from_input`, `from_tap`): one coordinate per axis,
  /// each inside its extent, else the error naming the argument, the axis and the numbers.
  func checkCell(_ cell: [Int], _ argument: String, _ what: String, _ unit: String, _ extents: [(name: String, size: Int)]) throws(LayerShapeError) {
    guard cell.count == extents.count else {
      throw LayerShapeError(
        layer: typeName,
        "\(argument): needs \(extents.count) \(what) coordinate\(extents.count == 1 ? "" : "s") (\(extents.map(\.name).joined(separator: ", "))), received \(cell.count)")
    }
    for (axis, value) in zip(extents, cell) where value < 0 || value >= axis.size {
      throw LayerShapeError(layer: typeName, "\(argument): \(axis.name) \(value) is outside the \(what)'s \(axis.size) \(unit) (0 to \(axis.size - 1))")
    }
  }

  /// The spatial axes with known sizes, each able to say which cells an output reads.
  func diagramAxes(_ inputShape: [Int?]) throws(LayerShapeError) -> [DiagramAxis] {
    let plan = try self.plan(for: inputShape)  // the layer's own checks (rank, channels, sizes)
    let spatial = plan.spatial
    let names = spatialAxisNames(rank: rank)
    guard spatial.allSatisfy({ $0 != nil }) else {
      throw LayerShapeError(layer: typeName, "diagram needs every spatial size known, received \(describe(inputShape))")
    }
    for (name, size) in zip(names, spatial) where size! > Diagram.maximumCells {
      throw LayerShapeError(
        layer: typeName,
        "diagram draws up to \(Diagram.maximumCells) cells per axis and \(name) has \(size!): slice the input first, e.g. x[:, :8, :8, :]")
    }
    let axes = try readingAxes(inputShape)
    for axis in axes where axis.input == 0 || axis.output == 0 {
      throw LayerShapeError(
        layer: typeName, "\(axis.name) has \(axis.input) input and \(axis.output) output cells: there is nothing to draw")
    }
    // The picture is bounded before anything is drawn: its grids, and the sum's terms.
    for axis in axes {
      let extent = axis.drawnExtent
      guard let extent, extent <= Diagram.maximumDrawnCells else {
        throw LayerShapeError(
          layer: typeName,
          "diagram draws up to \(Diagram.maximumDrawnCells) cells per axis and \(axis.name) would need \(extent.map(String.init) ?? "more than 2⁶³") "
            + "(input \(axis.input), window \(axis.window), stride \(axis.stride), output \(axis.output)): use a smaller kernel, stride, "
            + "dilation or factor, or slice the input around the cell you want")
      }
    }
    var terms = 1
    for axis in axes {
      let (product, overflow) = terms.multipliedReportingOverflow(by: axis.termsPerCell)
      guard !overflow, product <= Diagram.maximumTerms else {
        throw LayerShapeError(
          layer: typeName, "diagram writes out sums of up to \(Diagram.maximumTerms) terms, and one output cell here reads more: use a smaller kernel")
      }
      terms = product
    }
    return axes
  }
}

/// What one output cell reads along one axis: a kernel tap, or an interpolation weight.
enum DiagramTap: Equatable {
  case tap(Int)
  case weight(Double)
}

/// One spatial axis of a diagram.
struct DiagramAxis {
  enum Cell: Equatable { case input(Int), padding, insertedZero, cropped(Int), output(Int), outputCropped }

  var name: String
  var input: Int
  var output: Int
  var kernel: Int
  var stride: Int
  var dilation: Int
  var plan: AxisPlan?
  var transposed = false
  var resample: ResampleSpec.Operation?

  init(plan: AxisPlan, transposed: Bool) {
    name = plan.name
    input = plan.input!
    output = plan.output!
    kernel = plan.kernel
    stride = plan.stride
    dilation = plan.dilation
    self.plan = plan
    self.transposed = transposed
  }

  init(resample spec: ResampleSpec, axis: Int, name: String, input: Int, output: Int) {
    self.name = name
    self.input = input
    self.output = output
    kernel = 1
    stride = 1
    dilation = 1
    resample = Self.axisOperation(spec.operation, axis)
  }

  private static func axisOperation(_ operation: ResampleSpec.Operation, _ axis: Int) -> ResampleSpec.Operation {
    switch operation {
    case let .crop(before, after): return .crop(before: [before[axis]], after: [after[axis]])
    case let .zeroPad(before, after): return .zeroPad(before: [before[axis]], after: [after[axis]])
    case let .upsample(factors, interpolation): return .upsample(factors: [factors[axis]], interpolation: interpolation)
    }
  }

  var window: Int { dilation * (kernel - 1) + 1 }

  /// The most cells any of this axis's grids spans (the padded or spread input, the full
  /// scatter, the output), nil past `Int.max`.
  var drawnExtent: Int? {
    func sum(_ values: Int...) -> Int? {
      values.reduce(Optional(0)) { total, value in
        total.flatMap { let (s, o) = $0.addingReportingOverflow(value); return o ? nil : s }
      }
    }
    var extents: [Int?] = [input, output]
    if let plan, transposed {
      // The spread input of the direct view, and the full scatter.
      let spread = (input - 1).multipliedReportingOverflow(by: stride)
      extents.append(sum(output, window))
      extents.append(spread.overflow ? nil : sum(spread.partialValue, window))
      extents.append(sum(plan.padBefore, output))
    } else if let plan {
      extents.append(sum(plan.padBefore, input, max(0, plan.padAfter)))
    } else if case let .zeroPad(before, after) = resample {
      extents.append(sum(before[0], input, after[0]))
    }
    return extents.reduce(Optional(0)) { best, extent in extent.flatMap { e in best.map { max($0, e) } } }
  }

  /// The input cells one output cell's sum reads along this axis, at most.
  var termsPerCell: Int {
    if plan != nil { return kernel }
    if case .upsample = resample { return 6 }  // lanczos5's reach, the widest
    return 1
  }

  /// The input side of the direct view: its cells, and for output `o` the cells read (with the
  /// tap each meets) and the dilation gaps between them.
  func direct(at o: Int) -> (cells: [Cell], reads: [Int: DiagramTap], gaps: Set<Int>) {
    if let plan, transposed {
      // Input u of the stride-spaced input sits at u·s; the grid starts window − 1 − crop before it.
      let low = plan.padBefore - (window - 1)
      let cells: [Cell] = (0..<(output + window - 1)).map { g in
        let u = low + g
        if u < 0 || u > (input - 1) * stride { return .padding }
        return u % stride == 0 ? .input(u / stride) : .insertedZero
      }
      var reads: [Int: DiagramTap] = [:]
      for t in 0..<kernel { reads[o + t * dilation] = .tap(kernel - 1 - t) }
      return (cells, reads, gaps(from: o, reads))
    }
    if let plan {
      let cells = Array(repeating: Cell.padding, count: plan.padBefore) + (0..<input).map { Cell.input($0) }
        + Array(repeating: Cell.padding, count: max(0, plan.padAfter))
      var reads: [Int: DiagramTap] = [:]
      for t in 0..<kernel { reads[o * stride + t * dilation] = .tap(t) }
      return (cells, reads, gaps(from: o * stride, reads))
    }
    switch resample! {
    case let .crop(before, after):
      let cells: [Cell] = (0..<input).map { i in i < before[0] || i >= input - after[0] ? .cropped(i) : .input(i) }
      return (cells, [o + before[0]: .weight(1)], [])
    case let .zeroPad(before, after):
      let cells = Array(repeating: Cell.padding, count: before[0]) + (0..<input).map { Cell.input($0) }
        + Array(repeating: Cell.padding, count: after[0])
      return (cells, [o: .weight(1)], [])
    case let .upsample(factors, interpolation):
      let cells = (0..<input).map { Cell.input($0) }
      guard let method = Resampling.Interpolation(rawValue: interpolation.rawValue) else {
        return (cells, [o / factors[0]: .weight(1)], [])
      }
      let taps = Resampling.weightMatrix(from: input, to: output, method)[o]
      return (cells, Dictionary(taps.map { ($0.0, DiagramTap.weight($0.1)) }, uniquingKeysWith: { first, _ in first }), [])
    }
  }

  private func gaps(from start: Int, _ reads: [Int: DiagramTap]) -> Set<Int> {
    Set((start..<(start + window)).filter { reads[$0] == nil })
  }

  /// The input cell output `o` reads through kernel tap `t`, nil for padding or an inserted
  /// zero: the one statement of a convolution axis's reads (a transposed axis's input i stamps
  /// tap t at i·s − pad + t·d) that scatter, trace, overlap and the hover views share.
  func input(readBy o: Int, tap t: Int) -> Int? {
    guard let plan else { return nil }
    if transposed {
      let (i, remainder) = (o + plan.padBefore - t * dilation).quotientAndRemainder(dividingBy: stride)
      return remainder == 0 && i >= 0 && i < input ? i : nil
    }
    let i = o * stride + t * dilation - plan.padBefore
    return i >= 0 && i < input ? i : nil
  }

  /// The scatter view of a transposed axis: the input cells whose stamp reaches output `o`
  /// (with the tap that lands there), and the full scatter extent with the crop marked.
  func scatter(at o: Int) -> (inputReads: [Int: DiagramTap], outputCells: [Cell], target: Int) {
    let plan = plan!
    var reads: [Int: DiagramTap] = [:]
    for t in 0..<kernel { if let i = input(readBy: o, tap: t) { reads[i] = .tap(t) } }
    let full = (input - 1) * stride + window
    let extent = max(full, plan.padBefore + output)
    let cells: [Cell] = (0..<extent).map { p in
      p < plan.padBefore || p >= plan.padBefore + output ? .outputCropped : .output(p - plan.padBefore)
    }
    return (reads, cells, plan.padBefore + o)
  }
}

/// A drawn diagram: text lines, plus the terms of the output cell's sum for the formula line.
public struct Diagram: Sendable {
  /// Inputs larger than this on an axis are refused: the picture would not be readable.
  public static let maximumCells = 32
  /// Grids wider than this (padding, spreading, full scatters included) are refused.
  public static let maximumDrawnCells = 128
  /// Sums with more terms than this are refused.
  public static let maximumTerms = 4096
  public var lines: [String]
  /// The styles of the picture's grid lines, by their text: how a front end colours them.
  public var styles: [String: [TextStyle]] = [:]
  /// The input cells `at` reads with their kernel taps (full coordinates per spatial axis).
  public var terms: [(input: [Int], tap: [Int]?, weight: Double)]
  /// Taps of the window that meet padding or inserted zeros.
  public var zeroTaps: Int
  /// An average pooling's divisor for the cell drawn, as the kernel divides.
  var poolDivisor: Int?

  /// An output position as the text shows it: `3` on one axis, `(1, 2)` on more.
  public static func positionText(_ at: [Int]) -> String {
    at.count == 1 ? String(at[0]) : "(" + at.map(String.init).joined(separator: ", ") + ")"
  }

  init(layer: Layer, axes: [DiagramAxis], at: [Int], channels: Int, numbers: [[String]]? = nil) {
    // The picture's two axes: rows × cols, or one row of steps.
    let pictured = Array(axes.suffix(2))
    let lead = Array(axes.dropLast(pictured.count))
    let atText = Diagram.positionText(at)
    var lines: [String] = []
    var styles: [String: [TextStyle]] = [:]
    /// The grids' text, their styles kept for the lines that have any.
    func styled(_ grid: [StyledLine]) -> [String] {
      for line in grid where line.styles.contains(where: { $0 != .plain }) { styles[line.text] = line.styles }
      return grid.map(\.text)
    }
    let outputSizes = axes.map { String($0.output) }.joined(separator: "×")
    let inputSizes = axes.map { String($0.input) }.joined(separator: "×")
    lines.append("\(layer.declaration): input \(inputSizes) → output \(outputSizes), output \(atText)")
    for (axis, o) in zip(lead, at) {
      let (cells, reads, _) = axis.direct(at: o)
      let inputs = reads.keys.sorted().compactMap { g -> String? in
        if case .input(let i) = cells[g] { return "\(i)" }
        return nil
      }
      lines.append("\(axis.name): output \(o) reads input planes [\(inputs.joined(separator: ", "))]; the picture is the rows × cols plane")
    }
    var terms: [(input: [Int], tap: [Int]?, weight: Double)] = []
    var zeroTaps = 0
    let transposed = axes.first?.transposed ?? false
    if transposed {
      lines.append("scatter view: each input cell stamps the kernel into the output; the taps that land on \(atText):")
      let scatters = pictured.enumerated().map { $0.element.scatter(at: at[lead.count + $0.offset]) }
      let inputGrid = Picture(
        rows: pictured.count == 2 ? (0..<pictured[0].input).map { .input($0) } : [.input(0)],
        columns: (0..<pictured.last!.input).map { .input($0) },
        rowReads: pictured.count == 2 ? scatters[0].inputReads : [:], columnReads: scatters.last!.inputReads,
        rowGaps: [], columnGaps: [], hasRows: pictured.count == 2, marked: nil, tapColumns: pictured.last!.kernel)
      let outputGrid = Picture(
        rows: pictured.count == 2 ? scatters[0].outputCells : [.output(0)], columns: scatters.last!.outputCells,
        rowReads: [:], columnReads: [:], rowGaps: [], columnGaps: [], hasRows: pictured.count == 2,
        marked: (pictured.count == 2 ? scatters[0].target : 0, scatters.last!.target))
      lines += styled(Picture.sideBySide(inputGrid.render(title: "input"), outputGrid.render(title: "full scatter (× cropped)")))
      lines.append("direct view: the same output as a stride-1 convolution over the input spread \(pictured.map { String($0.stride) }.joined(separator: "×")) apart (∘ inserted zeros), padded, with the kernel flipped:")
    }
    let directs = pictured.enumerated().map { $0.element.direct(at: at[lead.count + $0.offset]) }
    var inputGrid = Picture(
      rows: pictured.count == 2 ? directs[0].cells : [.input(0)], columns: directs.last!.cells,
      rowReads: pictured.count == 2 ? directs[0].reads : [:], columnReads: directs.last!.reads,
      rowGaps: pictured.count == 2 ? directs[0].gaps : [], columnGaps: directs.last!.gaps, hasRows: pictured.count == 2,
      marked: nil, tapColumns: pictured.last!.kernel)
    inputGrid.numbers = numbers
    let outputGrid = Picture(
      rows: pictured.count == 2 ? (0..<pictured[0].output).map { .output($0) } : [.output(0)],
      columns: (0..<pictured.last!.output).map { .output($0) }, rowReads: [:], columnReads: [:], rowGaps: [],
      columnGaps: [], hasRows: pictured.count == 2,
      marked: (pictured.count == 2 ? at[lead.count] : 0, at.last!))
    lines += styled(Picture.sideBySide(inputGrid.render(title: transposed ? "spread input" : "input"), outputGrid.render(title: "output")))
    // Padding past k − 1 (Paddle allows it) crops whole stamps: say which inputs the direct
    // view leaves out rather than drop them silently.
    if transposed {
      for (axis, direct) in zip(pictured, directs) {
        let shown = Set(direct.cells.compactMap { cell -> Int? in if case .input(let i) = cell { return i } else { return nil } })
        let missing = (0..<axis.input).filter { !shown.contains($0) }
        guard !missing.isEmpty, let plan = axis.plan else { continue }
        lines.append(
          "\(axis.name): input\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")) reach no output cell: "
            + "padding \(plan.padBefore) before and \(plan.padAfter) after crops every cell \(missing.count == 1 ? "it stamps" : "they stamp")")
      }
    }

    // The sum's terms over every axis (lead axes included), from the direct view (transposed:
    // the scatter, whose taps are the kernel's own).
    var combos: [(input: [Int], tap: [Int]?, weight: Double, zero: Bool)] = [([], [], 1, false)]
    for (axis, o) in zip(axes, at) {
      var options: [(Int, DiagramTap, Bool)] = []
      if transposed {
        let scatter = axis.scatter(at: o)
        options = scatter.inputReads.sorted { $0.key < $1.key }.map { ($0.key, $0.value, false) }
      } else {
        let (cells, reads, _) = axis.direct(at: o)
        for (g, tap) in reads.sorted(by: { $0.key < $1.key }) {
          if g < cells.count, case .input(let i) = cells[g] {
            options.append((i, tap, false))
          } else {
            options.append((-1, tap, true))
          }
        }
      }
      combos = combos.flatMap { combo in
        options.map { i, tap, zero -> (input: [Int], tap: [Int]?, weight: Double, zero: Bool) in
          switch tap {
          case .tap(let t): return (combo.input + [i], combo.tap.map { $0 + [t] }, combo.weight, combo.zero || zero)
          case .weight(let w): return (combo.input + [i], nil, combo.weight * w, combo.zero || zero)
          }
        }
      }
    }
    for combo in combos {
      if combo.zero { zeroTaps += 1 } else { terms.append((combo.input, combo.tap, combo.weight)) }
    }
    if case .pool(let pool) = layer.operation, pool.reduction == .average {
      var bounds: [Int]?
      if pool.countIncludePad, case .explicit(_, let after) = pool.padding { bounds = zip(axes, after).map { $0.input + $1 } }
      poolDivisor = Pooling.divisor(
        covered: terms.count, starts: zip(axes, at).map { $1 * $0.stride - ($0.plan?.padBefore ?? 0) }, windows: axes.map(\.kernel),
        bounds: bounds, override: pool.divisorOverride)
    }
    if numbers != nil {
      lines.append("numbers: the input's values; highlighted, the cells the output reads · · padding · ● the output cell")
    } else {
      lines.append(
        Picture.legend(lines, dimensions: pictured.count, marks: layer.legendMarks, flatTaps: inputGrid.boxedWidth == nil))
    }
    self.lines = lines
    self.styles = styles
    self.terms = terms
    self.zeroTaps = zeroTaps
  }
}

/// A 2-D (or one-row) grid of cells with box-drawing lines, indices on the top and left.
struct Picture {
  var rows: [DiagramAxis.Cell]
  var columns: [DiagramAxis.Cell]
  var rowReads: [Int: DiagramTap]
  var columnReads: [Int: DiagramTap]
  var rowGaps: Set<Int>
  var columnGaps: Set<Int>
  var hasRows: Bool
  var marked: (Int, Int)?
  /// Kernel taps per row, to number taps row by row in compact grids.
  var tapColumns = 1
  /// The input's values by (row, column) input cell: drawn instead of the taps.
  var numbers: [[String]]?

  /// A value as a cell shows it: four significant characters at most (`0.52`, `-1.3`, `12`).
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : value > 0 ? "inf" : "-inf" }
    if value == value.rounded() && abs(value) < 1000 { return String(Int(value)) }
    for digits in [100.0, 10.0, 1.0] {
      let rounded = (value * digits).rounded() / digits
      var text = rounded == rounded.rounded() ? String(Int(rounded)) : "\(rounded)"
      if text.hasPrefix("0.") { text.removeFirst() } else if text.hasPrefix("-0.") { text = "-" + text.dropFirst(2) }
      if text.count <= (value < 0 ? 5 : 4) { return text }
    }
    return value > 0 ? "big" : "-big"
  }

  static let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
  static let padding = "·", inserted = "∘", gap = "╌", cropped = "×", target = "●"

  /// The label of one cell: the tap or weight it meets, or what kind of cell it is.
  func label(_ r: Int, _ c: Int, compact: Bool) -> String {
    if let marked, marked == (r, c) { return Picture.target }
    if let numbers, case .input(let j) = columns[c], case .input(let i) = hasRows ? rows[r] : .input(0) { return numbers[i][j] }
    let kinds = [rows[r], columns[c]]
    if kinds.contains(where: { if case .cropped = $0 { return true } else { return $0 == .outputCropped } }) {
      return Picture.cropped
    }
    if let columnTap = columnReads[c], let rowTap = hasRows ? rowReads[r] : .weight(1) {
      switch (rowTap, columnTap) {
      case let (.tap(a), .tap(b)):
        return compact ? String(Picture.digits[min(Picture.digits.count - 1, a * tapColumns + b)]) : "\(a),\(b)"
      case let (_, .tap(b)): return compact ? String(Picture.digits[min(Picture.digits.count - 1, b)]) : "\(b)"
      case let (.weight(a), .weight(b)): return Picture.weightText(a * b)
      default: return "?"
      }
    }
    if kinds.contains(.padding) { return Picture.padding }
    if kinds.contains(.insertedZero) { return Picture.inserted }
    // A 1-D picture is one row, always inside the window.
    let rowInWindow = !hasRows || rowReads[r] != nil || rowGaps.contains(r)
    let columnInWindow = columnReads[c] != nil || columnGaps.contains(c)
    if rowInWindow && columnInWindow { return Picture.gap }
    return ""
  }

  static func weightText(_ value: Double) -> String {
    if value >= 0.995 { return "1" }
    let hundredths = Int((value * 100).rounded())
    return "." + (hundredths < 10 ? "0" : "") + String(hundredths)
  }

  static func index(_ cell: DiagramAxis.Cell) -> String {
    switch cell {
    case .input(let i), .cropped(let i), .output(let i): return String(i)
    default: return ""
    }
  }

  /// Boxed cells when that fits in 80 columns, else unboxed two-column cells with one-character
  /// tap labels (taps numbered row by row).
  /// Cells boxed `width` wide fit 80 columns; else the grid is compact (two columns a cell).
  var boxedWidth: Int? {
    var width = 3
    for r in 0..<(hasRows ? rows.count : 1) {
      for c in columns.indices { width = max(width, label(r, c, compact: false).count) }
    }
    return 3 + columns.count * (width + 1) + 1 > 80 ? nil : width
  }

  /// The style a cell's label is drawn in.
  static func style(of text: String) -> TextStyle {
    switch text {
    case "": return .plain
    case Picture.padding, Picture.inserted, Picture.gap: return .zero
    case Picture.cropped: return .cropped
    case Picture.target: return .target
    default: return .label
    }
  }

  func render(title: String) -> [StyledLine] {
    let rowCount = hasRows ? rows.count : 1
    let gutter = 3
    let compact = boxedWidth == nil
    let width = boxedWidth ?? 1
    func pad(_ text: String, _ size: Int) -> (before: String, after: String) {
      let extra = max(0, size - text.count)
      return (String(repeating: " ", count: (extra + 1) / 2), String(repeating: " ", count: extra / 2))
    }
    var lines = [StyledLine(title)]
    // Column indices every cell when they fit, else every fifth, each starting over its cell
    // (a three-digit index runs into the empty cells after it).
    var header = String(repeating: " ", count: gutter + 1)
    if compact {
      var characters = [Character](repeating: " ", count: 2 * columns.count + 2)
      for (c, cell) in columns.enumerated() {
        let text = Picture.index(cell)
        guard let value = Int(text), value % 5 == 0 else { continue }
        for (k, character) in text.enumerated() where 2 * c + k < characters.count { characters[2 * c + k] = character }
      }
      header += String(characters)
    } else {
      for cell in columns {
        let text = Picture.index(cell), (before, after) = pad(text, width)
        header += before + text + after + " "
      }
    }
    lines.append(StyledLine(header).trimmed())
    func rule(_ left: String, _ middle: String, _ right: String) -> StyledLine {
      let segment = String(repeating: "─", count: compact ? 2 * columns.count : width)
      let body = compact ? segment : Array(repeating: segment, count: columns.count).joined(separator: middle)
      var line = StyledLine(String(repeating: " ", count: gutter))
      line.add(left + body + right, .line)
      return line
    }
    lines.append(rule("┌", "┬", "┐"))
    for r in 0..<rowCount {
      let index = hasRows ? Picture.index(rows[r]) : ""
      var line = StyledLine(String(repeating: " ", count: max(0, gutter - 1 - index.count)) + index + " ")
      line.add("│", .line)
      for c in columns.indices {
        let text = label(r, c, compact: compact)
        // In numeric mode a value is highlighted only where the output reads it.
        let read = columnReads[c] != nil && (!hasRows || rowReads[r] != nil)
        let style = numbers != nil && Picture.style(of: text) == .label && !read ? TextStyle.plain : Picture.style(of: text)
        if compact {
          // Exactly two columns a compact cell, however long or short its label.
          let cell = String(text.prefix(2))
          line.add(cell, style)
          line.add(String(repeating: " ", count: 2 - cell.count), .plain)
        } else {
          let (before, after) = pad(text, width)
          line.add(before, .plain)
          line.add(text, style)
          line.add(after, .plain)
          line.add("│", .line)
        }
      }
      if compact { line.add("│", .line) }
      lines.append(line)
      if r < rowCount - 1 && !compact { lines.append(rule("├", "┼", "┤")) }
    }
    lines.append(rule("└", "┴", "┘"))
    return lines
  }

  /// Two grids next to each other when both fit in 80 columns, else one under the other.
  static func sideBySide(_ left: [StyledLine], _ right: [StyledLine]) -> [StyledLine] {
    let leftWidth = left.map(\.text.count).max() ?? 0, rightWidth = right.map(\.text.count).max() ?? 0
    guard leftWidth + 3 + rightWidth <= 80 else { return left + right }
    return (0..<max(left.count, right.count)).map { i in
      var line = i < left.count ? left[i] : StyledLine()
      line.add(String(repeating: " ", count: leftWidth - line.text.count + 3), .plain)
      if i < right.count { line.add(right[i]) }
      return line.trimmed()
    }
  }

  /// What a picture's labels are.
  enum Marks {
    /// A kernel's taps.
    case kernelTaps
    /// A pooling window's cells; PyTorch's count_include_pad means count the padding.
    case windowCells(countsPadding: Bool)
    /// Padding, cropping and nearest upsampling copy cells.
    case copies
    /// An interpolating upsampling shares cells between outputs by weight.
    case shares

    /// What a numbered cell is, for the tap kinds.
    var tapName: String? {
      switch self {
      case .kernelTaps: return "kernel tap"
      case .windowCells: return "window cell"
      case .copies, .shares: return nil
      }
    }
  }

  /// What the marks in these lines mean.
  /// `flatTaps`: the input grid is compact, its taps one character each (numbered row by row).
  static func legend(_ lines: [String], dimensions: Int, marks: Marks, flatTaps: Bool, marked: String = "the output cell") -> String {
    let text = lines.dropFirst().joined()
    var parts: [String] = []
    switch marks {
    case .copies: parts.append("1: the input cell the output copies")
    case .shares: parts.append("1 or .25: the share of the cell in the output")
    case .kernelTaps, .windowCells:
      let what = marks.tapName!
      if !flatTaps {
        parts.append(dimensions == 2 ? "r,c \(what) (row, col) meeting the cell" : "t \(what) meeting the cell")
      } else {
        parts.append(dimensions == 2 ? "0-9a-z \(what) meeting the cell, numbered row by row" : "0-9a-z \(what) meeting the cell")
      }
    }
    if text.contains(Picture.padding) {
      switch marks {
      case .windowCells(let counted):
        parts.append(counted ? "· padding (−∞ for a max; a mean counts it)" : "· padding (never part of a max or a mean)")
      default: parts.append("· zero padding")
      }
    }
    if text.contains(Picture.inserted) { parts.append("∘ inserted zero") }
    if text.contains(Picture.gap) { parts.append("╌ dilation gap") }
    if text.contains(Picture.cropped) { parts.append("× cropped") }
    parts.append("● \(marked)")
    return parts.joined(separator: " · ")
  }
}

extension Diagram {
  /// The output cell's sum written out: `y[n, 1, 2, f] = x[n, 0, 1, 0]·w[0, 0, 0, f] + …`,
  /// every index in the layer's own layouts (channels_last or channels_first tensors; Keras's
  /// kernels `(k…, in, out)` and `(k…, out, in)` transposed, Paddle's `(in, out, k…)`), over
  /// every input channel for each filter when there are several, shortened past nine terms.
  /// `n` is any batch item.
  public func formula(_ layer: Layer, at: [Int], channels: Int) -> String {
    let last = layer.dataFormatIsLast
    /// A tensor's index in its data format: batch, then channels before or after the spatial ones.
    func tensor(_ spatial: String, _ channel: String) -> String { last ? "n, \(spatial), \(channel)" : "n, \(channel), \(spatial)" }
    let position = at.map(String.init).joined(separator: ", ")
    func join(_ parts: [String]) -> String {
      let shown = parts.count > 9 ? Array(parts.prefix(6)) + ["… (\(parts.count) terms)"] : parts
      return shown.isEmpty ? "0" : shown.joined(separator: " + ")
    }
    func coordinates(_ values: [Int]) -> String { values.map(String.init).joined(separator: ", ") }
    let zeros = zeroTaps > 0 ? " (\(zeroTaps) tap\(zeroTaps == 1 ? " on zeros adds" : "s on zeros add") nothing)" : ""
    if case .pool(let pool) = layer.operation {
      let cells = terms.map { "x[\(tensor(coordinates($0.input), "c"))]" }
      let shown = cells.count > 9 ? Array(cells.prefix(6)) + ["… (\(cells.count) cells)"] : cells
      let padding = zeroTaps > 0 ? " (\(zeroTaps) padding cell\(zeroTaps == 1 ? "" : "s") left out)" : ""
      guard pool.reduction == .average, let divisor = poolDivisor else {
        return "y[\(tensor(position, "c"))] = max(\(shown.joined(separator: ", ")))\(padding), for each channel c"
      }
      let why = pool.divisorOverride != nil ? " (divisor_override)" : pool.countIncludePad ? " (count_include_pad: the padding counts)" : padding
      return "y[\(tensor(position, "c"))] = (\(shown.joined(separator: " + "))) / \(divisor)\(why), for each channel c"
    }
    guard case .convolution(let spec) = layer.operation else {
      let parts = terms.map { term in
        (term.weight == 1 ? "" : Explanation.decimal(term.weight) + "·") + "x[\(tensor(coordinates(term.input), "c"))]"
      }
      return "y[\(tensor(position, "c"))] = \(join(parts))" + ", for each channel c"
    }
    let bias = spec.useBias ? " + b" : ""
    if terms.isEmpty {
      return "y[\(tensor(position, "f"))] = \(spec.useBias ? "b" : "0"): no input cell reaches this output\(zeros)"
    }
    switch spec.kind {
    case .standard, .transposed:
      let many = channels / spec.groups > 1
      let c = many ? "c" : "0"
      let parts = terms.map { term -> String in
        let tap = coordinates(term.tap ?? [])
        let weight: String
        switch (spec.kind, layer.framework) {
        case (.standard, .torch): weight = "w[f, \(c), \(tap)]"
        case (.standard, _): weight = "w[\(tap), \(c), f]"
        case (_, .paddle), (_, .torch): weight = "w[\(c), f, \(tap)]"
        default: weight = "w[\(tap), f, \(c)]"
        }
        return "x[\(tensor(coordinates(term.input), c))]·\(weight)"
      }
      let sum = many ? "Σ_c (\(join(parts)))" : join(parts)
      let over = many ? ", c over the \(channels / spec.groups) input channels \(spec.groups > 1 ? "of f's group" : "")" : ""
      return "y[\(tensor(position, "f"))] = \(sum)\(bias)\(zeros)\(over)".trimmingTrailingSpaces()
    case .depthwise, .separable:
      let parts = terms.map { term in "x[\(tensor(coordinates(term.input), "c"))]·w[\(coordinates(term.tap ?? [])), c, m]" }
      let channel = "c·\(spec.depthMultiplier) + m"
      let step = spec.kind == .separable ? "depthwise step: d[\(tensor(position, channel))] = " : "y[\(tensor(position, channel))] = "
      let ones = Array(repeating: "0", count: at.count).joined(separator: ", ")
      let tail = spec.kind == .separable ? "; then y[\(tensor(position, "f"))] = Σ_k d[\(tensor(position, "k"))]·p[\(ones), k, f]\(bias)" : bias
      return step + join(parts) + zeros + tail
    }
  }
}

extension Layer {
  /// What this layer's pictures label their cells with.
  var legendMarks: Picture.Marks {
    switch operation {
    case .convolution: return .kernelTaps
    case .pool(let spec): return .windowCells(countsPadding: spec.reduction == .average && spec.countIncludePad)
    case .resample(let spec):
      if case .upsample(_, let interpolation) = spec.operation, interpolation != .nearest { return .shares }
      return .copies
    }
  }
}

extension Diagram {
  /// numbers=True: the sum with the values put in, for batch 0, filter 0 and a single input
  /// channel — `y = 3·2 + 4·2.5 + 0.25 = 16.25` — in the layer's own arithmetic order of terms.
  public func workedSum(_ layer: Layer, input: Tensor, at: [Int]) -> String? {
    let spatial = layer.dataFormatIsLast ? Array(input.shape.dropFirst().dropLast()) : Array(input.shape.dropFirst(2))
    func x(_ cell: [Int]) -> Double { Double(input.scalars[zip(cell, spatial).reduce(0) { $0 * $1.1 + $1.0 }]) }
    func text(_ value: Double) -> String { Explanation.decimal(value) }
    let position = at.map(String.init).joined(separator: ", ")
    switch layer.operation {
    case .pool(let pool):
      let values = terms.map { x($0.input) }
      if pool.reduction == .max {
        return "y[\(position)] = max(\(values.map(text).joined(separator: ", "))) = \(text(values.max() ?? -.infinity))"
      }
      let divisor = poolDivisor ?? values.count
      return "y[\(position)] = (\(values.map(text).joined(separator: " + "))) / \(divisor) = \(text(values.reduce(0, +) / Double(divisor)))"
    case .convolution(let spec) where spec.kind == .standard || spec.kind == .depthwise:
      guard let kernel = layer.weights.first else { return nil }
      let taps = Array(spec.kernelSize)
      func w(_ tap: [Int]) -> Double {
        let flat = zip(tap, taps).reduce(0) { $0 * $1.1 + $1.0 }
        // Filter 0 of input channel 0: Keras (k…, in, out) and (k…, in, m) step by the last two
        // extents; PyTorch's (out, in, k…) has the taps last.
        let stride = layer.framework == .torch ? 1 : kernel.shape.suffix(2).reduce(1, *)
        return Double(kernel.scalars[flat * stride])
      }
      var parts = terms.map { "\(text(x($0.input)))·\(text(w($0.tap ?? [])))" }
      var total = terms.reduce(0.0) { $0 + x($1.input) * w($1.tap ?? []) }
      if spec.useBias, let bias = layer.weights.last {
        parts.append(text(Double(bias.scalars[0])))
        total += Double(bias.scalars[0])
      }
      let shown = parts.count > 12 ? Array(parts.prefix(9)) + ["… (\(parts.count) terms)"] : parts
      let activation = spec.activation == .linear ? "" : ", then \(spec.activation.rawValue)"
      return "y[\(position)] = \(shown.joined(separator: " + ")) = \(text(total))\(activation)"
    default:
      return nil
    }
  }
}
