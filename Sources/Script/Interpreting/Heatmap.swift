import Arrays
import Tensors

/// `show(t)`: a 2-D slice of a tensor as a shaded heatmap with a scale bar, in text that every
/// front end can show (the notebook colours the shading levels).
enum Heatmap {
  static let shades: [Character] = [" ", "░", "▒", "▓", "█"]
  static let maximumSide = 32

  static func render(_ tensor: NDArray, name: String) throws(ScriptError) -> [String] {
    guard tensor.rank >= 1, tensor.count > 0 else {
      throw ScriptError(.runtime, "show() needs a non-empty tensor with at least one axis", at: SourceRange(0, 0))
    }
    // The first 2-D slice: index 0 on every axis before the last two.
    let lead = max(0, tensor.rank - 2)
    let slice = try! tensor[Array(repeating: ArrayIndex.at(0), count: lead) + [.ellipsis]]
    let matrix = slice.rank == 1 ? try! slice.reshaped([1, slice.count]) : slice
    let scalars: [Double]
    do { scalars = try matrix.astype(.float64).elements(as: Double.self) } catch {
      throw ScriptError(.runtime, "show(): \(error)", at: SourceRange(0, 0), cause: error)
    }
    let rows = matrix.shape[0], columns = matrix.shape[1]
    let rowStep = (rows + maximumSide - 1) / maximumSide, columnStep = (columns + maximumSide - 1) / maximumSide
    let shownColumns = (columns + columnStep - 1) / columnStep
    let finite = scalars.filter(\.isFinite)
    let low = finite.min() ?? 0, high = finite.max() ?? 0
    let index = lead > 0 ? "\(name)[" + Array(repeating: "0", count: lead).joined(separator: ", ") + ", :, :]" : name
    var header = "\(index) of \(formatShape(tensor.shape)): \(rows) × \(columns)"
    if rowStep > 1 || columnStep > 1 { header += ", sampled every \(rowStep) row\(rowStep == 1 ? "" : "s") and \(columnStep) column\(columnStep == 1 ? "" : "s")" }
    var lines = [header, "┌" + String(repeating: "─", count: shownColumns * 2) + "┐"]
    for row in stride(from: 0, to: rows, by: rowStep) {
      var line = "│"
      for column in stride(from: 0, to: columns, by: columnStep) {
        let value = scalars[row * columns + column]
        let glyph: Character
        if !value.isFinite {
          glyph = "·"
        } else {
          let level = high > low ? Int(((value - low) / (high - low) * Double(shades.count - 1)).rounded()) : shades.count - 1
          glyph = shades[min(max(level, 0), shades.count - 1)]
        }
        line += String(repeating: glyph, count: 2)
      }
      lines.append(line + "│")
    }
    lines.append("└" + String(repeating: "─", count: shownColumns * 2) + "┘")
    let type = tensor.dtype.isFloat ? tensor.dtype : .float64
    let lowText = NDArray.scalar(.float(low), dtype: type).scalarString
    let highText = NDArray.scalar(.float(high), dtype: type).scalarString
    lines.append("\(lowText) " + String(shades.dropFirst()) + " \(highText)" + (finite.count < matrix.count ? " · nan/inf" : ""))
    return lines
  }
}
