/// The shape changes layers need: reshape and transpose (arrays have the full set).
extension Tensor {
  /// The same elements in a new shape (`np.reshape`); one extent may be `-1`, inferred from
  /// the element count.
  public func reshaped(_ newShape: [Int]) throws(ShapeError) -> Tensor {
    let unknown = newShape.indices.filter { newShape[$0] == -1 }
    guard unknown.count <= 1 else { throw .multipleUnknownDimensions(shape: newShape) }
    var resolved = newShape
    if let axis = unknown.first {
      var known = newShape
      known[axis] = 1
      let knownCount = try Tensor.elementCount(of: known)
      guard knownCount > 0, count % knownCount == 0 else {
        throw .cannotReshape(from: shape, to: newShape)
      }
      resolved[axis] = count / knownCount
    }
    let newCount = try Tensor.elementCount(of: resolved)
    guard newCount == count else { throw .cannotReshape(from: shape, to: newShape) }
    return Tensor(validShape: resolved, scalars: scalars)
  }

  /// Permutes the axes (`np.transpose(a, axes)`); without `axes`, reverses them.
  public func transposed(_ axes: [Int]? = nil) throws(ShapeError) -> Tensor {
    let order: [Int]
    if let axes {
      guard axes.count == rank else { throw .badPermutation(axes: axes, rank: rank) }
      var resolved: [Int] = []
      for axis in axes {
        guard let normalized = try? Tensor.normalizeAxis(axis, rank: rank) else {
          throw .badPermutation(axes: axes, rank: rank)
        }
        resolved.append(normalized)
      }
      guard Set(resolved).count == rank else { throw .badPermutation(axes: axes, rank: rank) }
      order = resolved
    } else {
      order = Array((0..<rank).reversed())
    }
    let source = strides
    let view = StridedView(shape: order.map { shape[$0] }, strides: order.map { source[$0] })
    return materialize(view)
  }

  /// All elements as a rank-1 tensor.
  public var flattened: Tensor { Tensor(validShape: [count], scalars: scalars) }
}
