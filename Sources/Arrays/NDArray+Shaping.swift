import Kernels
import Tensors

/// Shape manipulation: views where NumPy gives views (reshape of compatible layouts, transpose,
/// flip, expand_dims, squeeze), copies where it copies.
extension NDArray {
  /// `np.reshape(a, shape)`: one extent may be -1. A view when the layout allows it (NumPy's
  /// `_attempt_nocopy_reshape`), else a row-major copy.
  public func reshaped(_ newShape: [Int]) throws(ShapeError) -> NDArray {
    let unknown = newShape.indices.filter { newShape[$0] == -1 }
    guard unknown.count <= 1 else { throw .multipleUnknownDimensions(shape: newShape) }
    var resolved = newShape
    if let axis = unknown.first {
      var known = newShape
      known[axis] = 1
      let knownCount = try Tensor.checkedCount(of: known, itemSize: dtype.itemSize)
      guard knownCount > 0, count % knownCount == 0 else { throw .cannotReshape(from: shape, to: newShape) }
      resolved[axis] = count / knownCount
    }
    let newCount = try Tensor.checkedCount(of: resolved, itemSize: dtype.itemSize)
    guard newCount == count else { throw .cannotReshape(from: shape, to: newShape) }
    if let strides = noCopyStrides(for: resolved) {
      return NDArray(viewOf: self, shape: resolved, strides: strides, offset: offset)
    }
    let copy = contiguousCopy()
    return NDArray(viewOf: copy, shape: resolved, strides: Tensor.contiguousStrides(for: resolved), offset: 0)
  }

  /// Strides that show this array's elements, in row-major order, at `newShape` without
  /// copying; nil when the layout cannot.
  private func noCopyStrides(for newShape: [Int]) -> [Int]? {
    if count == 0 || isRowMajorDense { return Tensor.contiguousStrides(for: newShape) }
    let kept = shape.indices.filter { shape[$0] != 1 }
    let oldDims = kept.map { shape[$0] }, oldStrides = kept.map { strides[$0] }
    var newStrides = [Int](repeating: 0, count: newShape.count)
    var oi = 0, oj = 1, ni = 0, nj = 1
    while ni < newShape.count && oi < oldDims.count {
      var np = newShape[ni], op = oldDims[oi]
      while np != op {
        if np < op {
          np *= newShape[nj]
          nj += 1
        } else {
          op *= oldDims[oj]
          oj += 1
        }
      }
      for ok in oi..<(oj - 1) where oldStrides[ok] != oldDims[ok + 1] * oldStrides[ok + 1] { return nil }
      newStrides[nj - 1] = oldStrides[oj - 1]
      var nk = nj - 1
      while nk > ni {
        newStrides[nk - 1] = newStrides[nk] * newShape[nk]
        nk -= 1
      }
      ni = nj
      nj += 1
      oi = oj
      oj += 1
    }
    let last = ni >= 1 ? newStrides[ni - 1] : 1
    for nk in ni..<newShape.count { newStrides[nk] = last }
    return newStrides
  }

  /// `np.transpose(a, axes)`: a view with the axes permuted (reversed without `axes`).
  public func transposed(_ axes: [Int]? = nil) throws(ShapeError) -> NDArray {
    let order: [Int]
    if let axes {
      guard axes.count == rank else { throw .badPermutation(axes: axes, rank: rank) }
      var resolved: [Int] = []
      for axis in axes {
        guard let normalized = try? Tensor.normalizeAxis(axis, rank: rank) else { throw .badPermutation(axes: axes, rank: rank) }
        resolved.append(normalized)
      }
      guard Set(resolved).count == rank else { throw .badPermutation(axes: axes, rank: rank) }
      order = resolved
    } else {
      order = Array((0..<rank).reversed())
    }
    return NDArray(viewOf: self, shape: order.map { shape[$0] }, strides: order.map { strides[$0] }, offset: offset)
  }

  /// `np.moveaxis(a, source, destination)` for one axis.
  public func movingAxis(_ source: Int, to destination: Int) throws(ShapeError) -> NDArray {
    let from = try Tensor.normalizeAxis(source, rank: rank), to = try Tensor.normalizeAxis(destination, rank: rank)
    var order = Array(0..<rank)
    order.remove(at: from)
    order.insert(from, at: to)
    return try transposed(order)
  }

  /// `np.swapaxes(a, axis1, axis2)`.
  public func swappingAxes(_ first: Int, _ second: Int) throws(ShapeError) -> NDArray {
    let a = try Tensor.normalizeAxis(first, rank: rank), b = try Tensor.normalizeAxis(second, rank: rank)
    var order = Array(0..<rank)
    order.swapAt(a, b)
    return try transposed(order)
  }

  /// `np.squeeze`: removes length-1 axes, all of them or the ones named.
  public func squeezed(axes: [Int]? = nil) throws(ShapeError) -> NDArray {
    var remove = Set<Int>()
    if let axes {
      for axis in axes {
        let normalized = try Tensor.normalizeAxis(axis, rank: rank)
        guard shape[normalized] == 1 else { throw .cannotSqueeze(axis: normalized, size: shape[normalized]) }
        remove.insert(normalized)
      }
    } else {
      remove = Set(shape.indices.filter { shape[$0] == 1 })
    }
    let kept = shape.indices.filter { !remove.contains($0) }
    return NDArray(viewOf: self, shape: kept.map { shape[$0] }, strides: kept.map { strides[$0] }, offset: offset)
  }

  /// `np.expand_dims`: a length-1 axis at `axis` of the result.
  public func expandingDims(axis: Int) throws(ShapeError) -> NDArray {
    let position = try Tensor.normalizeAxis(axis, rank: rank + 1)
    guard rank + 1 <= Tensor.maximumRank else { throw .rankTooLarge(rank: rank + 1, maximum: Tensor.maximumRank) }
    var newShape = shape, newStrides = strides
    newShape.insert(1, at: position)
    newStrides.insert(0, at: position)
    return NDArray(viewOf: self, shape: newShape, strides: newStrides, offset: offset)
  }

  /// `a.flatten()` / `np.ravel(a)`: the elements in row-major order as one axis.
  public var flattened: NDArray {
    get throws(ShapeError) { try reshaped([count]) }
  }

  /// `np.flip(a, axis)`: a view reversed along `axes` (all when nil).
  public func flipped(axes: [Int]? = nil) throws(ShapeError) -> NDArray {
    var newStrides = strides
    var position = offset
    for axis in try reductionAxes(axes) where shape[axis] > 0 {
      position += (shape[axis] - 1) * strides[axis]
      newStrides[axis] = -strides[axis]
    }
    return NDArray(viewOf: self, shape: shape, strides: newStrides, offset: position)
  }

  /// `np.concatenate(arrays, axis)`: every other extent must agree; the dtype is their
  /// promotion.
  public static func concatenate(_ arrays: [NDArray], axis: Int = 0) throws(ShapeError) -> NDArray {
    guard let first = arrays.first else { throw .emptyList(operation: "concatenate") }
    guard first.rank > 0 else { throw .invalidArgument("zero-dimensional arrays cannot be concatenated") }
    let axis = try Tensor.normalizeAxis(axis, rank: first.rank)
    var total = 0
    var dtype = first.dtype
    for (index, array) in arrays.enumerated() {
      var expected = first.shape
      expected[axis] = array.rank == first.rank ? array.shape[axis] : -1
      guard array.shape == expected else {
        throw .concatenateMismatch(axis: axis, first: first.shape, other: array.shape, index: index)
      }
      total += array.shape[axis]
      dtype = DType.promote(dtype, array.dtype)
    }
    var shape = first.shape
    shape[axis] = total
    let count = try Tensor.elementCount(of: shape, itemSize: dtype.itemSize)
    var cast: [NDArray] = []
    for array in arrays { cast.append(try array.dtype == dtype ? array : array.astype(dtype)) }
    let outer = first.shape[..<axis].reduce(1, *)
    struct Join: DTypeVisitor {
      let arrays: [NDArray], axis: Int, outer: Int, count: Int
      func visit<T: ArrayElement>(_ type: T.Type) -> ArrayBuffer {
        let parts = arrays.map { $0.contiguous() }
        let chunks = arrays.map { $0.shape[axis...].reduce(1, *) }
        let row = chunks.reduce(0, +)
        let values = [T](unsafeUninitializedCapacity: count) { output, initialized in
          guard let target = output.baseAddress else {
            initialized = 0
            return
          }
          let destination = UnsafeSendableMutablePointer(target)
          var start = 0
          for (part, chunk) in zip(parts, chunks) {
            part.bufferElements(T.self).withUnsafeBufferPointer { buffer in
              guard let base = buffer.baseAddress else { return }
              let source = UnsafeSendablePointer(base), column = start
              // Each block of the result takes one chunk of every part, in order.
              Parallel.forEachRange(outer, grain: max(1, (1 << 16) / max(chunk, 1))) { blocks in
                for block in blocks {
                  (destination.pointer + block * row + column).update(from: source.pointer + block * chunk, count: chunk)
                }
              }
            }
            start += chunk
          }
          initialized = count
        }
        return T.buffer(values)
      }
    }
    return NDArray(validShape: shape, buffer: dtype.visit(Join(arrays: cast, axis: axis, outer: outer, count: count)))
  }

  /// `np.stack(arrays, axis)`: equal shapes joined along a new axis.
  public static func stack(_ arrays: [NDArray], axis: Int = 0) throws(ShapeError) -> NDArray {
    guard let first = arrays.first else { throw .emptyList(operation: "stack") }
    for (index, array) in arrays.enumerated() where array.shape != first.shape {
      throw .stackMismatch(first: first.shape, other: array.shape, index: index)
    }
    let position = try Tensor.normalizeAxis(axis, rank: first.rank + 1)
    var expanded: [NDArray] = []
    for array in arrays { expanded.append(try array.expandingDims(axis: position)) }
    return try concatenate(expanded, axis: position)
  }

  /// `np.split(a, sections_or_indices, axis)`: equal sections (which must divide the axis) or
  /// cuts at the given indices; views.
  public func split(sections: Int? = nil, indices: [Int]? = nil, axis: Int = 0) throws(ShapeError) -> [NDArray] {
    let axis = try Tensor.normalizeAxis(axis, rank: rank)
    let length = shape[axis]
    var cuts: [Int]
    if let sections {
      guard sections > 0 else { throw .invalidArgument("number sections must be larger than 0.") }
      guard length % sections == 0 else { throw .invalidArgument("array split does not result in an equal division") }
      cuts = (1..<sections).map { $0 * (length / sections) }
    } else {
      cuts = indices ?? []
    }
    var pieces: [NDArray] = []
    var start = 0
    for end in cuts + [length] {
      var index = [ArrayIndex](repeating: .all, count: rank)
      index[axis] = .slice(start: start, stop: Swift.max(end, start), step: nil)
      pieces.append(try self[index])
      start = Swift.max(start, Swift.min(end, length))
    }
    return pieces
  }

  /// `np.tile(a, reps)`.
  public func tiled(_ reps: [Int]) throws(ShapeError) -> NDArray {
    guard reps.allSatisfy({ $0 >= 0 }) else { throw .invalidArgument("repetitions must be non-negative, got \(formatShape(reps))") }
    let rankOut = Swift.max(rank, reps.count)
    guard rankOut <= Tensor.maximumRank else { throw .rankTooLarge(rank: rankOut, maximum: Tensor.maximumRank) }
    let base = [Int](repeating: 1, count: rankOut - rank) + shape
    let counts = [Int](repeating: 1, count: rankOut - reps.count) + reps
    var result = try reshaped(base).contiguous()
    for axis in 0..<rankOut where counts[axis] != 1 {
      result = counts[axis] == 0
        ? try result.sliced(axis: axis, count: 0)
        : try NDArray.concatenate([NDArray](repeating: result, count: counts[axis]), axis: axis)
    }
    return result
  }

  /// The first `count` elements along `axis`.
  func sliced(axis: Int, count: Int) throws(ShapeError) -> NDArray {
    var index = [ArrayIndex](repeating: .all, count: rank)
    index[axis] = .slice(start: 0, stop: count, step: nil)
    return try self[index]
  }

  /// `np.repeat(a, repeats, axis)`: each element (along `axis`, or of the flattened array)
  /// `repeats` times, or `repeats[i]` times for element i.
  public func repeated(_ repeats: [Int], axis: Int?) throws(ShapeError) -> NDArray {
    let source = axis == nil ? try reshaped([count]) : self
    let axis = try Tensor.normalizeAxis(axis ?? 0, rank: Swift.max(source.rank, 1))
    guard source.rank > 0 else { return try source.reshaped([1]).repeated(repeats, axis: 0) }
    let length = source.shape[axis]
    let counts = repeats.count == 1 ? [Int](repeating: repeats[0], count: length) : repeats
    guard counts.count == length else {
      throw .invalidArgument("operands could not be broadcast together with shape (\(length),) (\(repeats.count),)")
    }
    guard counts.allSatisfy({ $0 >= 0 }) else { throw .invalidArgument("repeats may not contain negative values.") }
    var picks: [Int64] = []
    for (index, times) in counts.enumerated() { picks += [Int64](repeating: Int64(index), count: times) }
    var index = [ArrayIndex](repeating: .all, count: source.rank)
    index[axis] = .array(NDArray(validShape: [picks.count], buffer: .int64(picks)))
    return try source[index]
  }

  /// `np.pad(a, pad_width, mode='constant', constant_values=c)`: `widths[axis]` = (before,
  /// after).
  public func padded(_ widths: [(before: Int, after: Int)], constant: CastValue = .int(0)) throws(ShapeError) -> NDArray {
    guard widths.count == rank else { throw .invalidArgument("pad_width must give (before, after) for each of the \(rank) axes") }
    guard widths.allSatisfy({ $0.before >= 0 && $0.after >= 0 }) else { throw .invalidArgument("index can't contain negative values") }
    var newShape: [Int] = []
    for (extent, width) in zip(shape, widths) {
      let (sum, overflow) = extent.addingReportingOverflow(width.before)
      let (total, overflow2) = sum.addingReportingOverflow(width.after)
      guard !overflow && !overflow2 else { throw .sizeOverflow(shape: shape) }
      newShape.append(total)
    }
    var result = try NDArray.full(newShape, constant, dtype: dtype)
    let window = zip(shape, widths).map { ArrayIndex.slice(start: $1.before, stop: $1.before + $0, step: nil) }
    try result.assign(.array(self), at: window)
    return result
  }
}
