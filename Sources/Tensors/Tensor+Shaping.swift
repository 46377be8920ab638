/// Shape manipulation: reshape, transpose, squeeze, expand_dims, concatenate, stack.
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

  /// Removes length-1 axes (`np.squeeze`): all of them, or only the ones named.
  public func squeezed(axes: [Int]? = nil) throws(ShapeError) -> Tensor {
    let remove: Set<Int>
    if let axes {
      var resolved = Set<Int>()
      for axis in axes {
        let normalized = try Tensor.normalizeAxis(axis, rank: rank)
        guard shape[normalized] == 1 else {
          throw .cannotSqueeze(axis: normalized, size: shape[normalized])
        }
        resolved.insert(normalized)
      }
      remove = resolved
    } else {
      remove = Set(shape.indices.filter { shape[$0] == 1 })
    }
    let newShape = shape.indices.filter { !remove.contains($0) }.map { shape[$0] }
    return Tensor(validShape: newShape, scalars: scalars)
  }

  /// Inserts a length-1 axis at `axis` of the result (`np.expand_dims`); `-1` appends.
  public func expandingDims(axis: Int) throws(ShapeError) -> Tensor {
    let position = try Tensor.normalizeAxis(axis, rank: rank + 1)
    var newShape = shape
    newShape.insert(1, at: position)
    guard newShape.count <= Tensor.maximumRank else {
      throw .rankTooLarge(rank: newShape.count, maximum: Tensor.maximumRank)
    }
    return Tensor(validShape: newShape, scalars: scalars)
  }

  /// Joins tensors along an existing axis (`np.concatenate`); all other extents must agree.
  public static func concatenate(_ tensors: [Tensor], axis: Int = 0) throws(ShapeError) -> Tensor {
    guard let first = tensors.first else { throw .emptyList(operation: "concatenate") }
    guard first.rank > 0 else {
      throw .invalidArgument("zero-dimensional tensors cannot be concatenated")
    }
    let axis = try normalizeAxis(axis, rank: first.rank)
    var total = 0
    for (index, tensor) in tensors.enumerated() {
      var expected = first.shape
      expected[axis] = tensor.rank == first.rank ? tensor.shape[axis] : -1
      guard tensor.shape == expected else {
        throw .concatenateMismatch(axis: axis, first: first.shape, other: tensor.shape, index: index)
      }
      total += tensor.shape[axis]
    }
    var shape = first.shape
    shape[axis] = total
    let outer = first.shape[..<axis].reduce(1, *)
    var scalars = [Float]()
    scalars.reserveCapacity(try elementCount(of: shape))
    for block in 0..<outer {
      for tensor in tensors {
        let chunk = tensor.shape[axis...].reduce(1, *)
        scalars.append(contentsOf: tensor.scalars[(block * chunk)..<((block + 1) * chunk)])
      }
    }
    return Tensor(validShape: shape, scalars: scalars)
  }

  /// Joins equal-shaped tensors along a new axis (`np.stack`).
  public static func stack(_ tensors: [Tensor], axis: Int = 0) throws(ShapeError) -> Tensor {
    guard let first = tensors.first else { throw .emptyList(operation: "stack") }
    for (index, tensor) in tensors.enumerated() where tensor.shape != first.shape {
      throw .stackMismatch(first: first.shape, other: tensor.shape, index: index)
    }
    let position = try normalizeAxis(axis, rank: first.rank + 1)
    var expanded: [Tensor] = []
    for tensor in tensors { expanded.append(try tensor.expandingDims(axis: position)) }
    return try concatenate(expanded, axis: position)
  }

  /// All elements as a rank-1 tensor.
  public var flattened: Tensor { Tensor(validShape: [count], scalars: scalars) }
}
