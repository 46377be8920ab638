import Tensors

/// One component of a NumPy index: `x[2]`, `x[1:-1:2]`, `x[...]`, `x[None]`, `x[[0, 2]]`,
/// `x[x > 0]`.
public enum ArrayIndex: Sendable {
  /// A single position; negative counts from the end. Removes the axis.
  case at(Int)
  /// `start:stop:step` with Python's defaults and clamping; any part may be omitted.
  case slice(start: Int? = nil, stop: Int? = nil, step: Int? = nil)
  /// `...`: as many full slices as needed to index every axis.
  case ellipsis
  /// `None` / `np.newaxis`: inserts an axis of length 1.
  case newAxis
  /// An integer array (advanced indexing) or a boolean mask (its `nonzero()` positions).
  case array(NDArray)

  /// `:` — the whole axis.
  public static let all = ArrayIndex.slice()

  var isEllipsis: Bool {
    if case .ellipsis = self { return true }
    return false
  }
}

extension NDArray {
  /// NumPy indexing: basic indices give a view (sharing the buffer), advanced ones (integer
  /// arrays, boolean masks) a copy laid out as NumPy lays it out.
  public subscript(indices: [ArrayIndex]) -> NDArray {
    get throws(ShapeError) {
      let plan = try indexPlan(indices)
      guard let advanced = plan.advanced else { return plan.view }
      return try gather(plan.view, advanced)
    }
  }

  public subscript(indices: ArrayIndex...) -> NDArray {
    get throws(ShapeError) { try self[indices] }
  }

  /// `self[indices] = value`: `value` (an array or a Python number) is broadcast to the
  /// selection and cast to this array's dtype (Python integers must fit it).
  public mutating func assign(_ value: Operand, at indices: [ArrayIndex]) throws(ShapeError) {
    let plan = try indexPlan(indices)
    let targets: [Int]
    let targetShape: [Int]
    if let advanced = plan.advanced {
      (targetShape, targets) = try advancedPositions(plan.view, advanced)
    } else {
      targetShape = plan.view.shape
      var positions: [Int] = []
      positions.reserveCapacity(plan.view.count)
      plan.view.forEachPosition { positions.append($0) }
      targets = positions
    }
    var source = try value.array(as: dtype)
    guard try Tensor.broadcastShape(source.shape, targetShape) == targetShape else {
      throw .invalidArgument(
        "could not broadcast input array from shape \(formatShape(source.shape)) into shape \(formatShape(targetShape))")
    }
    source = source.broadcastView(to: targetShape)
    // Write into a buffer of our own (copy on write: other names keep their values).
    makeUniqueAndDense()
    struct Scatter: MutatingElementsVisitor {
      let source: NDArray
      let targets: [Int]
      func visit<T: ArrayElement>(_ elements: inout [T]) {
        let from = source.bufferElements(T.self)
        var index = 0
        elements.withUnsafeMutableBufferPointer { out in
          source.forEachPosition { position in
            out[targets[index]] = from[position]
            index += 1
          }
        }
      }
    }
    buffer.mutate(Scatter(source: source, targets: targets))
  }

  /// After this the buffer holds exactly this array's elements and no other value shares it.
  mutating func makeUniqueAndDense() {
    if !isContiguous || !isKnownUniquelyReferenced(&allocation) {
      self = contiguousCopy()
    }
  }

  /// A row-major copy in a buffer of its own.
  func contiguousCopy() -> NDArray {
    struct Gather: ElementsVisitor {
      let array: NDArray
      func visit<T: ArrayElement>(_ elements: [T]) -> ArrayBuffer {
        let gathered = array.gathered(T.self)
        // A contiguous array gathers to its own buffer: copy it so the result is ours alone.
        return T.buffer(array.isContiguous ? gathered.withUnsafeBufferPointer { Array($0) } : gathered)
      }
    }
    return NDArray(validShape: shape, buffer: buffer.visit(Gather(array: self)))
  }

  /// `self` seen at `shape` (which it broadcasts to): stretched and new axes step 0.
  public func broadcastView(to shape: [Int]) -> NDArray {
    NDArray(viewOf: self, shape: shape, strides: Layout.broadcastStrides(self, to: shape), offset: offset)
  }

  /// `np.broadcast_to(a, shape)`.
  public func broadcast(to shape: [Int]) throws(ShapeError) -> NDArray {
    guard try Tensor.broadcastShape(self.shape, shape) == shape else { throw .broadcast(lhs: self.shape, rhs: shape) }
    return broadcastView(to: shape)
  }

  // MARK: planning

  /// The basic part of an index as a view, with the advanced arrays still to apply to its axes.
  struct IndexPlan {
    var view: NDArray
    /// The advanced index arrays (int64, bounds not yet checked) by view axis, and whether
    /// they sit together (their result axes replace theirs) or apart (result axes go first).
    var advanced: (axes: [Int], arrays: [NDArray], together: Bool)?
  }

  func indexPlan(_ indices: [ArrayIndex]) throws(ShapeError) -> IndexPlan {
    // Booleans become integer arrays of their true positions, one per axis they cover.
    var expanded: [ArrayIndex] = []
    var consumed = 0
    for index in indices {
      switch index {
      case .array(let array) where array.dtype == .bool:
        if array.rank == 0 { throw .invalidArgument("a 0-d boolean index is not supported") }
        let positions = array.nonzero()
        for (axisOffset, positionArray) in positions.enumerated() {
          let axis = consumed + axisOffset
          if axis < rank && shape[axis] != array.shape[axisOffset] {
            throw .invalidArgument(
              "boolean index did not match indexed array along axis \(axis); size of axis is \(shape[axis]) but size of corresponding boolean axis is \(array.shape[axisOffset])")
          }
          expanded.append(.array(positionArray))
        }
        consumed += array.rank
      case .array(let array) where array.dtype.isFloat:
        throw .invalidArgument(
          "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
      case .newAxis, .ellipsis:
        expanded.append(index)
      default:
        expanded.append(index)
        consumed += 1
      }
    }
    let ellipses = expanded.filter(\.isEllipsis).count
    guard ellipses <= 1 else { throw .multipleEllipses }
    guard consumed <= rank else { throw .tooManyIndices(given: consumed, rank: rank) }
    var full: [ArrayIndex] = []
    for index in expanded {
      if index.isEllipsis { full += Array(repeating: .all, count: rank - consumed) } else { full.append(index) }
    }
    if ellipses == 0 { full += Array(repeating: .all, count: rank - consumed) }
    let hasArrays = full.contains { if case .array = $0 { return true } else { return false } }

    var newShape: [Int] = [], newStrides: [Int] = []
    var position = offset
    var axis = 0
    var advancedAxes: [Int] = [], advancedArrays: [NDArray] = [], advancedSlots: [Int] = []
    for (slot, index) in full.enumerated() {
      switch index {
      case .newAxis:
        newShape.append(1)
        newStrides.append(0)
      case .at(let value) where hasArrays:
        // Beside arrays, an integer is an advanced index too (a 0-d array).
        advancedAxes.append(newShape.count)
        advancedArrays.append(NDArray(scalar: Int64(value)))
        advancedSlots.append(slot)
        newShape.append(shape[axis])
        newStrides.append(strides[axis])
        axis += 1
      case .at(let value):
        let size = shape[axis]
        let resolved = value < 0 ? value + size : value
        guard resolved >= 0 && resolved < size else { throw .indexOutOfRange(index: value, axis: axis, size: size) }
        position += resolved * strides[axis]
        axis += 1
      case let .slice(start, stop, step):
        let (first, count, stepValue) = try NDArray.resolveSlice(start: start, stop: stop, step: step, size: shape[axis], axis: axis)
        if count > 0 { position += first * strides[axis] }
        newShape.append(count)
        newStrides.append(count > 1 ? stepValue * strides[axis] : 0)
        axis += 1
      case .array(let array):
        advancedAxes.append(newShape.count)
        advancedArrays.append(try array.astype(.int64))
        advancedSlots.append(slot)
        newShape.append(shape[axis])
        newStrides.append(strides[axis])
        axis += 1
      case .ellipsis:
        break
      }
    }
    let view = NDArray(viewOf: self, shape: newShape, strides: newStrides, offset: position)
    guard !advancedAxes.isEmpty else {
      guard newShape.count <= Tensor.maximumRank else {
        throw .rankTooLarge(rank: newShape.count, maximum: Tensor.maximumRank)
      }
      return IndexPlan(view: view, advanced: nil)
    }
    let together = zip(advancedSlots, advancedSlots.dropFirst()).allSatisfy { $1 == $0 + 1 }
    return IndexPlan(view: view, advanced: (advancedAxes, advancedArrays, together))
  }

  /// The result shape of an advanced index and the buffer position of each of its elements.
  func advancedPositions(_ view: NDArray, _ advanced: (axes: [Int], arrays: [NDArray], together: Bool)) throws(ShapeError)
    -> (shape: [Int], positions: [Int])
  {
    var broadcastShape: [Int] = []
    for array in advanced.arrays {
      do { broadcastShape = try Tensor.broadcastShape(broadcastShape, array.shape) } catch {
        throw .invalidArgument(
          "shape mismatch: indexing arrays could not be broadcast together with shapes "
            + advanced.arrays.map { formatShape($0.shape) }.joined(separator: " "))
      }
    }
    let broadcastCount = broadcastShape.reduce(1, *)
    // Each advanced array, broadcast and resolved against its axis, as a position offset.
    var offsets = [Int](repeating: view.offset, count: broadcastCount)
    for (axis, array) in zip(advanced.axes, advanced.arrays) {
      let values = array.broadcastView(to: broadcastShape).elements(as: Int64.self)
      let size = view.shape[axis]
      for (index, value) in values.enumerated() {
        let resolved = value < 0 ? Int(value) + size : Int(value)
        guard resolved >= 0 && resolved < size else {
          throw .indexOutOfRange(index: Int(value), axis: axis, size: size)
        }
        offsets[index] += resolved * view.strides[axis]
      }
    }
    let basicAxes = view.shape.indices.filter { !advanced.axes.contains($0) }
    let insertAt = advanced.together ? advanced.axes[0] : 0
    let before = basicAxes.filter { $0 < insertAt }, after = basicAxes.filter { $0 >= insertAt }
    let resultShape = before.map { view.shape[$0] } + broadcastShape + after.map { view.shape[$0] }
    guard resultShape.count <= Tensor.maximumRank else {
      throw .rankTooLarge(rank: resultShape.count, maximum: Tensor.maximumRank)
    }
    let total = try Tensor.elementCount(of: resultShape, itemSize: 8)
    var positions: [Int] = []
    positions.reserveCapacity(total)
    // Row-major over (before, broadcast, after).
    let beforeView = StridedWalk(shape: before.map { view.shape[$0] }, strides: before.map { view.strides[$0] }, offset: 0)
    let afterView = StridedWalk(shape: after.map { view.shape[$0] }, strides: after.map { view.strides[$0] }, offset: 0)
    beforeView.forEach { outer in
      for offset in offsets {
        afterView.forEach { inner in positions.append(outer + offset + inner) }
      }
    }
    return (resultShape, positions)
  }

  func gather(_ view: NDArray, _ advanced: (axes: [Int], arrays: [NDArray], together: Bool)) throws(ShapeError) -> NDArray {
    let (resultShape, positions) = try advancedPositions(view, advanced)
    _ = try Tensor.elementCount(of: resultShape, itemSize: dtype.itemSize)
    struct Pick: ElementsVisitor {
      let positions: [Int]
      func visit<T: ArrayElement>(_ elements: [T]) -> ArrayBuffer {
        T.buffer(elements.withUnsafeBufferPointer { source in positions.map { source[$0] } })
      }
    }
    return NDArray(validShape: resultShape, buffer: buffer.visit(Pick(positions: positions)))
  }

  /// `np.nonzero(a)`: for each axis, the int64 positions of the true (non-zero) elements, in
  /// row-major order.
  public func nonzero() -> [NDArray] {
    var hits: [[Int64]] = Array(repeating: [], count: Swift.max(rank, 1))
    struct Truth: ElementsVisitor {
      let array: NDArray
      func visit<T: ArrayElement>(_ elements: [T]) -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(array.count)
        array.forEachPosition { flags.append(elements[$0].castValue.isTrue) }
        return flags
      }
    }
    let flags = buffer.visit(Truth(array: self))
    var index = [Int](repeating: 0, count: rank)
    for flag in flags {
      if flag { for axis in 0..<rank { hits[axis].append(Int64(index[axis])) } }
      var axis = rank - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
    if rank == 0 { return [NDArray(validShape: [flags.first == true ? 1 : 0], buffer: .int64(flags.first == true ? [0] : []))] }
    return hits.map { NDArray(validShape: [$0.count], buffer: .int64($0)) }
  }

  /// Python's `slice.indices(size)`: the first position, element count and step of
  /// `start:stop:step` over an axis of `size`.
  public static func sliceIndices(start: Int?, stop: Int?, step: Int?, size: Int, axis: Int) throws(ShapeError)
    -> (first: Int, count: Int, step: Int)
  {
    try resolveSlice(start: start, stop: stop, step: step, size: size, axis: axis)
  }

  static func resolveSlice(start: Int?, stop: Int?, step: Int?, size: Int, axis: Int) throws(ShapeError)
    -> (first: Int, count: Int, step: Int)
  {
    let step = step ?? 1
    guard step != 0 else { throw .zeroSliceStep(axis: axis) }
    func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(value, low), high) }
    func resolve(_ value: Int?, default fallback: Int, low: Int, high: Int) -> Int {
      guard let value else { return fallback }
      return clamp(value < 0 ? value &+ size : value, low, high)
    }
    let first: Int, end: Int
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
}
