import Arrays
import Layers
import Tensors

/// `show(t)`: a plane of a tensor as a shaded heatmap with a scale bar, in text that every
/// front end can show (the notebook colours the shading levels).
enum Heatmap {
  static let shades: [Character] = [" ", "░", "▒", "▓", "█"]
  /// Cells a side at most (two characters each: 64 columns plus the frame fit 80).
  static let maximumSide = 32

  /// How a plane larger than `maximumSide` is made smaller: each shown cell is the maximum or
  /// the mean of its block, so no row or column is skipped (skipping would alias a stride's
  /// checkerboard away).
  enum Reduction: String, Sendable { case max, mean }

  struct Choice {
    var dataFormat: DataFormat
    /// `batch`, `channel`, `depth`, with where each was given.
    var indices: [String: (Int, SourceRange)] = [:]
    var reduction = Reduction.max
  }

  /// The lines, and the styles of the shaded rows (by their text) for front ends to colour.
  static func render(_ tensor: NDArray, name: String, _ choice: Choice, range: SourceRange) throws(ScriptError)
    -> (lines: [String], styles: [String: [TextStyle]])
  {
    guard tensor.rank >= 1, tensor.count > 0 else {
      throw ScriptError(.runtime, "show() needs a non-empty tensor with at least one axis", at: range)
    }
    // A conv tensor (rank 4 or 5) shows its spatial plane; others their last two axes.
    let last = choice.dataFormat == .channelsLast
    var index: [Int?] = Array(repeating: 0, count: tensor.rank)
    var described: [String] = []
    func pick(_ key: String, axis: Int) throws(ScriptError) {
      let (value, given) = choice.indices[key] ?? (0, range)
      let extent = tensor.shape[axis]
      guard value >= -extent && value < extent else {
        throw ScriptError(.runtime, "show(): \(key) \(value) is out of range for axis \(axis) with size \(extent)", at: given)
      }
      index[axis] = value < 0 ? value + extent : value
      described.append("\(key) \(index[axis]!)")
    }
    switch tensor.rank {
    case 4:
      try pick("batch", axis: 0)
      try pick("channel", axis: last ? 3 : 1)
      index[last ? 1 : 2] = nil
      index[last ? 2 : 3] = nil
    case 5:
      try pick("batch", axis: 0)
      try pick("depth", axis: last ? 1 : 2)
      try pick("channel", axis: last ? 4 : 1)
      index[last ? 2 : 3] = nil
      index[last ? 3 : 4] = nil
    default:
      for key in ["batch", "channel", "depth"] where choice.indices[key] != nil {
        throw ScriptError(.runtime, "show(): \(key) picks a plane of a rank-4 or rank-5 conv tensor; this one has rank \(tensor.rank)", at: choice.indices[key]!.1)
      }
      index = (0..<tensor.rank).map { $0 < tensor.rank - 2 ? 0 : nil }
    }
    let slice = try! tensor[index.map { $0.map(ArrayIndex.at) ?? .slice(start: nil, stop: nil, step: nil) }]
    let matrix = slice.rank == 1 ? try! slice.reshaped([1, slice.count]) : slice
    let scalars: [Double]
    do { scalars = try matrix.astype(.float64).elements(as: Double.self) } catch {
      throw ScriptError(.runtime, "show(): \(error)", at: range, cause: error)
    }
    let rows = matrix.shape[0], columns = matrix.shape[1]
    let rowBlock = (rows + maximumSide - 1) / maximumSide, columnBlock = (columns + maximumSide - 1) / maximumSide
    let shownRows = (rows + rowBlock - 1) / rowBlock, shownColumns = (columns + columnBlock - 1) / columnBlock
    // Each shown cell: its block's max or mean of the finite values (NaN if it has none).
    var cells = [Double](repeating: .nan, count: shownRows * shownColumns)
    for row in 0..<shownRows {
      for column in 0..<shownColumns {
        var total = 0.0, count = 0, best = -Double.infinity
        for r in (row * rowBlock)..<min(rows, (row + 1) * rowBlock) {
          for c in (column * columnBlock)..<min(columns, (column + 1) * columnBlock) {
            let value = scalars[r * columns + c]
            guard value.isFinite else { continue }
            total += value
            count += 1
            best = Swift.max(best, value)
          }
        }
        if count > 0 { cells[row * shownColumns + column] = choice.reduction == .max ? best : total / Double(count) }
      }
    }
    let finite = cells.filter(\.isFinite)
    let low = finite.min() ?? 0, high = finite.max() ?? 0
    let picked = index.map { $0.map(String.init) ?? ":" }.joined(separator: ", ")
    var header = "\(name)" + (tensor.rank > 2 ? "[\(picked)]" : "") + " of \(formatShape(tensor.shape))"
    if !described.isEmpty { header += " (\(described.joined(separator: ", ")), \(choice.dataFormat.rawValue))" }
    header += ": \(rows) × \(columns)"
    if rowBlock > 1 || columnBlock > 1 { header += ", each cell the \(choice.reduction.rawValue) of a \(rowBlock) × \(columnBlock) block" }
    var lines = [header, "┌" + String(repeating: "─", count: shownColumns * 2) + "┐"]
    var styles: [String: [TextStyle]] = [:]
    let heat: [TextStyle] = [.plain, .heat1, .heat2, .heat3, .heat4]
    for row in 0..<shownRows {
      var line = "│"
      var style: [TextStyle] = [.line]
      for column in 0..<shownColumns {
        let value = cells[row * shownColumns + column]
        let glyph: Character
        if !value.isFinite {
          glyph = "·"
          style += [.zero, .zero]
        } else {
          let level = min(max(high > low ? Int(((value - low) / (high - low) * Double(shades.count - 1)).rounded()) : shades.count - 1, 0), shades.count - 1)
          glyph = shades[level]
          style += [heat[level], heat[level]]
        }
        line += String(repeating: glyph, count: 2)
      }
      lines.append(line + "│")
      styles[line + "│"] = style + [.line]
    }
    lines.append("└" + String(repeating: "─", count: shownColumns * 2) + "┘")
    let type = tensor.dtype.isFloat ? tensor.dtype : .float64
    let lowText = NDArray.scalar(.float(low), dtype: type).scalarString
    let highText = NDArray.scalar(.float(high), dtype: type).scalarString
    let scale = "\(lowText) " + String(shades.dropFirst()) + " \(highText)" + (scalars.contains { !$0.isFinite } ? " · nan/inf" : "")
    lines.append(scale)
    styles[scale] = Array(repeating: .plain, count: lowText.count + 1) + [.heat1, .heat2, .heat3, .heat4]
      + Array(repeating: .plain, count: scale.count - lowText.count - 5)
    return (lines, styles)
  }
}
