import Tensors

/// How NumPy orders the axes of an iteration and lays out the arrays it makes, so that
/// convlab's results have NumPy's memory order and its reductions add in NumPy's order.
enum Layout {
  /// The axes from outermost to innermost in memory order of `operands` (each a list of
  /// strides over `shape`; axes of extent 1 count as stride 0): NumPy's
  /// `npyiter_find_best_axis_ordering`, a stable insertion sort by stride magnitude in which
  /// operands that disagree leave C order standing and zero strides do not vote.
  static func axisOrder(shape: [Int], operands: [[Int]]) -> [Int] {
    let rank = shape.count
    // NumPy sorts its reversed axes (innermost first), smallest stride first.
    var order = Array((0..<rank).reversed())
    func stride(_ operand: Int, _ axis: Int) -> Int { shape[axis] == 1 ? 0 : operands[operand][axis] }
    guard rank > 1 else { return order.reversed() }
    for i0 in 1..<rank {
      var insertAt = i0
      let axis0 = order[i0]
      var i1 = i0 - 1
      while i1 >= 0 {
        let axis1 = order[i1]
        var ambiguous = true, shouldSwap = false
        for operand in operands.indices {
          let s0 = stride(operand, axis0), s1 = stride(operand, axis1)
          guard s0 != 0 && s1 != 0 else { continue }
          if s1.magnitude <= s0.magnitude {
            shouldSwap = false
          } else if ambiguous {
            shouldSwap = true
          }
          ambiguous = false
        }
        if !ambiguous {
          if shouldSwap { insertAt = i1 } else { break }
        }
        i1 -= 1
      }
      if insertAt != i0 {
        order.remove(at: i0)
        order.insert(axis0, at: insertAt)
      }
    }
    return order.reversed()
  }

  /// Dense strides for `shape` laid out in `order` (outermost axis first).
  static func strides(shape: [Int], order: [Int]) -> [Int] {
    var strides = [Int](repeating: 0, count: shape.count)
    var step = 1
    for axis in order.reversed() {
      strides[axis] = step
      step *= max(shape[axis], 1)
    }
    return strides
  }

  /// The strides of `array` seen at `shape` (which it broadcasts to): stretched and new axes
  /// step 0.
  static func broadcastStrides(_ array: NDArray, to shape: [Int]) -> [Int] {
    let lead = shape.count - array.rank
    return shape.indices.map { axis in
      let source = axis - lead
      return source < 0 || array.shape[source] == 1 ? 0 : array.strides[source]
    }
  }
}

/// A loop over up to three operands of one shape, in a given axis order, with axes merged where
/// every operand steps evenly across them: the body runs once per innermost run.
struct RunLoop {
  /// Extents from outermost to innermost after merging.
  private(set) var extents: [Int]
  /// `strides[axis][operand]`.
  private(set) var strides: [[Int]]
  var starts: [Int]

  init(shape: [Int], order: [Int], operands: [(strides: [Int], offset: Int)]) {
    var extents: [Int] = []
    var strides: [[Int]] = []
    for axis in order where shape[axis] != 1 {
      let step = operands.map { $0.strides[axis] }
      if let last = extents.last, shape[axis] > 0,
        zip(strides[strides.count - 1], step).allSatisfy({ $0 == $1 * shape[axis] })
      {
        extents[extents.count - 1] = last * shape[axis]
        strides[strides.count - 1] = step
      } else {
        extents.append(shape[axis])
        strides.append(step)
      }
    }
    self.extents = extents
    self.strides = strides
    starts = operands.map(\.offset)
  }

  /// Extent of the innermost run (1 for a single element).
  var innerCount: Int { extents.last ?? 1 }
  /// The innermost run's strides, per operand.
  var innerStrides: [Int] { strides.last ?? [Int](repeating: 0, count: starts.count) }
  var totalCount: Int { extents.reduce(1, *) }

  /// Calls `body(starts)` for each innermost run, in order; stops early on Ctrl-C.
  func forEachRun(_ body: ([Int]) -> Void) {
    guard !extents.contains(0) else { return }
    let outer = extents.count - 1
    guard outer > 0 else {
      body(starts)
      return
    }
    var counter = [Int](repeating: 0, count: outer)
    var position = starts
    var remaining = extents.dropLast().reduce(1, *)
    while remaining > 0 {
      if remaining & 63 == 0 && Interruption.isRequested { return }
      body(position)
      remaining -= 1
      var axis = outer - 1
      while axis >= 0 {
        counter[axis] += 1
        for operand in position.indices { position[operand] += strides[axis][operand] }
        if counter[axis] < extents[axis] { break }
        for operand in position.indices { position[operand] -= strides[axis][operand] * extents[axis] }
        counter[axis] = 0
        axis -= 1
      }
    }
  }
}
