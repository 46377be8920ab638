import Tensors

/// Padding every axis of a row-major tensor the ways PyTorch's `F.pad` and `padding_mode` do.
public enum EdgePadding {
  public enum Mode: String, Sendable, CaseIterable { case constant, reflect, replicate, circular }

  /// The input index output index `o` of one axis reads, nil for a constant cell. `before` may
  /// be negative (constant mode crops); the caller has checked reflect's pad < n and circular's
  /// pad ≤ n. Worked out per index, never listed: a pad can be as long as memory allows.
  @inline(__always)
  static func source(_ o: Int, n: Int, before: Int, mode: Mode) -> Int? {
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

  /// `input` of `shape`, padded by `before`/`after` cells per axis. Sizes are checked by the caller.
  public static func pad(_ input: [Float], shape: [Int], before: [Int], after: [Int], mode: Mode, value: Float = 0) -> [Float] {
    let outputShape = shape.indices.map { shape[$0] + before[$0] + after[$0] }
    let total = outputShape.reduce(1, *)
    var output = [Float](repeating: value, count: total)
    guard total > 0 else { return output }
    var strides = Array(repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
    let last = shape.count - 1
    let width = outputShape[last]
    let rows = total / width
    var index = Array(repeating: 0, count: shape.count)
    input.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        for row in 0..<rows {
          if row & 1023 == 0 && Interruption.isRequested { return }
          // The input row this output row reads, or none (a constant row).
          var base: Int? = 0
          for axis in 0..<last {
            guard let i = Self.source(index[axis], n: shape[axis], before: before[axis], mode: mode) else {
              base = nil
              break
            }
            base! += i * strides[axis]
          }
          if let base {
            let offset = row * width
            for o in 0..<width {
              if o & 0xF_FFFF == 0xF_FFFF && Interruption.isRequested { return }  // rows can be 2³¹ long
              if let i = Self.source(o, n: shape[last], before: before[last], mode: mode) { target[offset + o] = source[base + i] }
            }
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
