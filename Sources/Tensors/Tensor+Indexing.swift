/// One component of a NumPy basic index: `x[2]`, `x[1:-1:2]`, `x[...]`, `x[None]`.
public enum TensorIndex: Sendable, Equatable {
  /// A single position; negative counts from the end. Removes the axis.
  case at(Int)
  /// `start:stop:step` with Python's defaults and clamping; any part may be omitted.
  case slice(start: Int? = nil, stop: Int? = nil, step: Int? = nil)
  /// `...`: as many full slices as needed to index every axis.
  case ellipsis
  /// `None` / `np.newaxis`: inserts an axis of length 1.
  case newAxis

  /// `:` — the whole axis.
  public static let all = TensorIndex.slice()
}

extension Tensor {
  /// NumPy basic indexing. Integers remove their axis, slices keep it, `...` stands for the
  /// axes not otherwise indexed, and `newAxis` inserts a length-1 axis. Axes left over at the
  /// end are taken whole. The result is a new tensor (values, not a view).
  public subscript(indices: [TensorIndex]) -> Tensor {
    get throws(ShapeError) { try materialize(view(for: indices)) }
  }

  public subscript(indices: TensorIndex...) -> Tensor {
    get throws(ShapeError) { try self[indices] }
  }

  func view(for indices: [TensorIndex]) throws(ShapeError) -> StridedView {
    let ellipses = indices.filter { $0 == .ellipsis }.count
    guard ellipses <= 1 else { throw .multipleEllipses }
    let consuming = indices.filter {
      if case .newAxis = $0 { return false }
      return $0 != .ellipsis
    }.count
    guard consuming <= rank else { throw .tooManyIndices(given: consuming, rank: rank) }
    // New axes add to the rank, which stays within the limit however many `None`s there are.
    let resultRank = rank - indices.filter { if case .at = $0 { return true } else { return false } }.count
      + (indices.count - consuming - ellipses)
    guard resultRank <= Tensor.maximumRank else { throw .rankTooLarge(rank: resultRank, maximum: Tensor.maximumRank) }

    var expanded: [TensorIndex] = []
    for index in indices {
      if index == .ellipsis {
        expanded += Array(repeating: .all, count: rank - consuming)
      } else {
        expanded.append(index)
      }
    }
    if ellipses == 0 { expanded += Array(repeating: .all, count: rank - consuming) }

    let sourceStrides = strides
    var offset = 0
    var shape: [Int] = []
    var strides: [Int] = []
    var axis = 0
    for index in expanded {
      switch index {
      case .newAxis:
        shape.append(1)
        strides.append(0)
      case .at(let position):
        let size = self.shape[axis]
        let resolved = position < 0 ? position + size : position
        guard resolved >= 0 && resolved < size else {
          throw .indexOutOfRange(index: position, axis: axis, size: size)
        }
        offset += resolved * sourceStrides[axis]
        axis += 1
      case let .slice(start, stop, step):
        let size = self.shape[axis]
        let (first, length, stepValue) = try Tensor.resolveSlice(
          start: start, stop: stop, step: step, size: size, axis: axis)
        if length > 0 { offset += first * sourceStrides[axis] }
        shape.append(length)
        // With one element or none the stride is never used; a huge step must not overflow it.
        strides.append(length > 1 ? stepValue * sourceStrides[axis] : 0)
        axis += 1
      case .ellipsis:
        break
      }
    }
    return StridedView(offset: offset, shape: shape, strides: strides)
  }

  /// Python's `slice.indices(size)`: the first position, element count and step of
  /// `start:stop:step` over an axis of `size`.
  static func resolveSlice(start: Int?, stop: Int?, step: Int?, size: Int, axis: Int)
    throws(ShapeError) -> (first: Int, count: Int, step: Int)
  {
    let step = step ?? 1
    guard step != 0 else { throw .zeroSliceStep(axis: axis) }
    func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value, low), high) }
    func resolve(_ value: Int?, default fallback: Int, low: Int, high: Int) -> Int {
      guard let value else { return fallback }
      return clamp(value < 0 ? value + size : value, low, high)
    }
    let first: Int
    let end: Int
    if step > 0 {
      first = resolve(start, default: 0, low: 0, high: size)
      end = resolve(stop, default: size, low: 0, high: size)
    } else {
      first = resolve(start, default: size - 1, low: -1, high: size - 1)
      end = resolve(stop, default: -1, low: -1, high: size - 1)
    }
    // Magnitudes, so that a step of Int.min cannot overflow.
    let span = step > 0 ? end - first : first - end
    let count = span > 0 ? Int((UInt(span) + step.magnitude - 1) / step.magnitude) : 0
    return (first, count, step)
  }

  /// The element at a full set of integer indices (negative count from the end).
  public func element(at position: [Int]) throws(ShapeError) -> Float {
    guard position.count == rank else { throw .tooManyIndices(given: position.count, rank: rank) }
    let view = try view(for: position.map { .at($0) })
    return scalars[view.offset]
  }
}
