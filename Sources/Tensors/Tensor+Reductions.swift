/// Reductions over all axes or chosen ones, with NumPy's `keepdims`.
///
/// Sums accumulate in double precision and round once, so results are at least as accurate
/// as NumPy's pairwise float32 summation.
extension Tensor {
  public enum Reduction: String, Sendable {
    case sum, mean, min, max, std

    /// NumPy's name for the operation, used in error messages.
    var numpyName: String {
      switch self {
      case .min: return "minimum"
      case .max: return "maximum"
      default: return rawValue
      }
    }
  }

  /// Reduces over `axes` (all axes when nil). `keepdims` leaves each reduced axis as extent 1.
  public func reduced(_ reduction: Reduction, axes: [Int]? = nil, keepdims: Bool = false)
    throws(ShapeError) -> Tensor
  {
    let (outputShape, chunks) = try reductionChunks(axes: axes, keepdims: keepdims)
    let chunkSize = chunks.chunkSize
    if chunkSize == 0 && (reduction == .min || reduction == .max) {
      throw .emptyReduction(operation: reduction.numpyName)
    }
    let outputCount = try Tensor.elementCount(of: outputShape)  // refused before it is allocated
    var result = [Float](repeating: 0, count: outputCount)
    chunks.values.withUnsafeBufferPointer { values in
      for chunk in 0..<outputCount {
        if chunk % 1024 == 0 && Interruption.isRequested { return }
        let slice = UnsafeBufferPointer(rebasing: values[(chunk * chunkSize)..<((chunk + 1) * chunkSize)])
        result[chunk] = Tensor.reduce(slice, reduction)
      }
    }
    return Tensor(validShape: outputShape, scalars: result)
  }

  private static func reduce(_ values: UnsafeBufferPointer<Float>, _ reduction: Reduction) -> Float {
    switch reduction {
    case .sum:
      return Float(values.reduce(0.0) { $0 + Double($1) })
    case .mean:
      return Float(values.reduce(0.0) { $0 + Double($1) } / Double(values.count))
    case .std:
      let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
      let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
      return Float((variance / Double(values.count)).squareRoot())
    case .min:
      var best = values[0]
      for value in values {
        if value.isNaN { return value }
        if value < best { best = value }
      }
      return best
    case .max:
      var best = values[0]
      for value in values {
        if value.isNaN { return value }
        if value > best { best = value }
      }
      return best
    }
  }

  /// Index of the largest element (`np.argmax`), over the flattened tensor when `axis` is nil.
  /// The first occurrence wins; a NaN counts as the largest.
  public func argmax(axis: Int? = nil, keepdims: Bool = false) throws(ShapeError) -> Tensor {
    let axes = axis.map { [$0] }
    let (outputShape, chunks) = try reductionChunks(axes: axes, keepdims: keepdims && axis != nil)
    guard chunks.chunkSize > 0 else { throw .invalidArgument("attempt to get argmax of an empty sequence") }
    let shape = axis == nil && keepdims ? [Int](repeating: 1, count: rank) : outputShape
    let outputCount = chunks.values.count / chunks.chunkSize
    var result = [Float](repeating: 0, count: outputCount)
    for chunk in 0..<outputCount {
      let base = chunk * chunks.chunkSize
      var bestIndex = 0
      var best = chunks.values[base]
      if !best.isNaN {
        for offset in 1..<chunks.chunkSize {
          let value = chunks.values[base + offset]
          if value.isNaN || value > best {
            best = value
            bestIndex = offset
            if value.isNaN { break }
          }
        }
      }
      result[chunk] = Float(bestIndex)
    }
    return Tensor(validShape: shape, scalars: result)
  }

  /// Reorders the elements so that each output position's inputs are contiguous.
  private func reductionChunks(axes: [Int]?, keepdims: Bool) throws(ShapeError)
    -> (shape: [Int], chunks: (values: [Float], chunkSize: Int))
  {
    var reduce = Set<Int>()
    for axis in axes ?? Array(0..<rank) {
      let normalized = try Tensor.normalizeAxis(axis, rank: rank)
      guard reduce.insert(normalized).inserted else { throw .repeatedAxis(axis: normalized) }
    }
    let kept = (0..<rank).filter { !reduce.contains($0) }
    let reduced = (0..<rank).filter { reduce.contains($0) }
    let order = kept + reduced
    let source = strides
    let view = StridedView(shape: order.map { shape[$0] }, strides: order.map { source[$0] })
    let chunkSize = reduced.reduce(1) { $0 * shape[$1] }
    let outputShape = keepdims
      ? shape.indices.map { reduce.contains($0) ? 1 : shape[$0] }
      : kept.map { shape[$0] }
    return (outputShape, (view.gather(scalars), chunkSize))
  }
}
