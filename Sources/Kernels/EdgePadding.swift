import Tensors

/// Padding every axis of a row-major tensor the ways PyTorch's `F.pad` and `padding_mode` do.
public enum EdgePadding {
  public enum Mode: String, Sendable, CaseIterable { case constant, reflect, replicate, circular }

  /// The input index each output index of one axis reads, nil for a constant cell. `before` and
  /// `after` may be negative (constant mode crops); the caller has checked reflect's pad < n and
  /// circular's pad ≤ n.
  static func sources(_ n: Int, before: Int, after: Int, mode: Mode) -> [Int?] {
    let count = n + before + after
    return (0..<max(count, 0)).map { o in
      var i = o - before
      switch mode {
      case .constant: return i >= 0 && i < n ? i : nil
      case .replicate: return min(max(i, 0), n - 1)
      case .reflect:
        if i < 0 { i = -i }
        if i >= n { i = 2 * (n - 1) - i }
        return i
      case .circular: return ((i % n) + n) % n
      }
    }
  }

  /// `input` of `shape`, padded by `before`/`after` cells per axis. Sizes are checked by the caller.
  public static func pad(_ input: [Float], shape: [Int], before: [Int], after: [Int], mode: Mode, value: Float = 0) -> [Float] {
    let maps = shape.indices.map { sources(shape[$0], before: before[$0], after: after[$0], mode: mode) }
    let outputShape = maps.map(\.count)
    let total = outputShape.reduce(1, *)
    var output = [Float](repeating: value, count: total)
    guard total > 0 else { return output }
    var strides = Array(repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
    let last = shape.count - 1
    let rows = total / outputShape[last]
    var index = Array(repeating: 0, count: shape.count)
    input.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        for row in 0..<rows {
          if row & 1023 == 0 && Interruption.isRequested { return }
          // The input row this output row reads, or none (a constant row).
          var base: Int? = 0
          for axis in 0..<last {
            guard let i = maps[axis][index[axis]] else {
              base = nil
              break
            }
            base! += i * strides[axis]
          }
          if let base {
            let offset = row * outputShape[last]
            for (o, i) in maps[last].enumerated() { if let i { target[offset + o] = source[base + i] } }
          }
          // Next row: an odometer over the leading axes.
          var axis = last - 1
          while axis >= 0 {
            index[axis] += 1
            if index[axis] < outputShape[axis] { break }
            index[axis] = 0
            axis -= 1
          }
        }
      }
    }
    return output
  }
}
