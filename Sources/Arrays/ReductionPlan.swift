import Tensors

/// The order in which NumPy's `ufunc.reduce` visits an array, reproduced so that float sums
/// come out bit for bit as NumPy's (addition is not associative; NumPy adds pairwise within
/// each call of its inner loop and in sequence between calls).
///
/// This follows `NpyIter` as the reduction creates it (buffered, external loop, grow-inner,
/// strides not negated): axes sorted by stride magnitude (`npyiter_find_best_axis_ordering`),
/// merged where input and output both step evenly, then `npyiter_find_buffering_setup` picks
/// the core that each inner-loop call covers and whether the input is copied into 8192-element
/// buffers. A call whose output does not move is one reduction (`out += pairwise(call)`);
/// otherwise it is element-wise (`out[i] += in[i]`).
struct ReductionPlan {
  /// One axis of the iteration, innermost first, after merging.
  struct Dimension {
    var extent: Int
    var inputStride: Int
    var outputStride: Int
  }

  static let bufferSize = 8192

  private(set) var dimensions: [Dimension]
  /// Elements per block and per call: calls never cross a block.
  private(set) var blockSize: Int
  private(set) var callSize: Int
  /// The result's shape (kept axes, or all with extent 1 where reduced, under `keepdims`) and
  /// its strides: dense, in the input's memory order.
  let outputShape: [Int]
  let outputStrides: [Int]
  let outputCount: Int
  /// Elements reduced into each output.
  let reducedCount: Int
  let inputOffset: Int
  /// The reduced axes, and the output's stride for every input axis (0 where reduced).
  let reduced: Set<Int>
  let keptOutputStrides: [Int]

  /// - Parameter casting: the input is cast to the loop's dtype on the way (NumPy buffers it).
  init(shape: [Int], strides: [Int], offset: Int, reduce: Set<Int>, keepdims: Bool, casting: Bool) {
    let rank = shape.count
    inputOffset = offset
    reducedCount = reduce.reduce(1) { $0 * shape[$1] }
    let order = Layout.axisOrder(shape: shape, operands: [strides])
    // The result is allocated in the same memory order over the kept axes.
    var outStride = [Int](repeating: 0, count: rank)
    var step = 1
    for axis in order.reversed() where !reduce.contains(axis) {
      outStride[axis] = step
      step *= shape[axis]
    }
    outputCount = step
    reduced = reduce
    keptOutputStrides = outStride
    outputShape = shape.indices.compactMap { reduce.contains($0) ? (keepdims ? 1 : nil) : shape[$0] }
    outputStrides = shape.indices.compactMap { reduce.contains($0) ? (keepdims ? 0 : nil) : outStride[$0] }

    var dimensions: [Dimension] = []
    for axis in order.reversed() where shape[axis] != 1 {
      let next = Dimension(extent: shape[axis], inputStride: strides[axis], outputStride: outStride[axis])
      if let last = dimensions.last, last.inputStride * last.extent == next.inputStride,
        last.outputStride * last.extent == next.outputStride
      {
        dimensions[dimensions.count - 1].extent *= next.extent
      } else {
        dimensions.append(next)
      }
    }
    if dimensions.isEmpty { dimensions = [Dimension(extent: 1, inputStride: 0, outputStride: 0)] }
    self.dimensions = dimensions

    // npyiter_find_buffering_setup for two operands: the output (a reduce operand) and the
    // input (buffered when cast).
    func stride(_ dimension: Dimension, _ operand: Int) -> Int {
      operand == 0 ? dimension.outputStride : dimension.inputStride
    }
    var singleStride = [1, 1]
    var reduceOuter = [0, 0]
    var outerReduceDimension = 0
    var cost = casting ? 2 : 1
    var size = dimensions[0].extent
    var best = (cost: cost, dimension: 0, size: size, core: 1)
    if dimensions.count > 1 {
      for index in 1..<dimensions.count {
        if outerReduceDimension != 0 { break }
        if size >= ReductionPlan.bufferSize && cost > 1 { break }
        let previous = dimensions[index - 1], current = dimensions[index]
        for operand in 0..<2 {
          if singleStride[operand] == index {
            if stride(previous, operand) * previous.extent == stride(current, operand) {
              singleStride[operand] += 1
              continue
            }
            if !(casting && operand == 1) { cost += 1 }
          }
          if operand == 0 && (stride(current, 0) == 0 || stride(previous, 0) == 0) {
            reduceOuter[0] = index
            outerReduceDimension = index
          }
        }
        let core = size
        size *= current.extent
        if size == 0 { break }
        let bufferSize = size > ReductionPlan.bufferSize && cost > 1 ? ReductionPlan.bufferSize : size
        if Double(cost) * Double(best.size) <= Double(best.cost) * Double(bufferSize) {
          best = (cost, index, size, core)
        }
      }
    }
    let usingReduce = outerReduceDimension != 0 && best.dimension == outerReduceDimension
    var buffered = [false, casting]
    for operand in 0..<2 {
      let isReduce: Bool
      if !usingReduce {
        isReduce = false
      } else if reduceOuter[operand] == best.dimension {
        isReduce = true
      } else if singleStride[operand] == best.dimension && !buffered[operand] {
        isReduce = true
      } else {
        isReduce = stride(dimensions[outerReduceDimension], operand) == 0 && singleStride[operand] <= best.dimension
      }
      if singleStride[operand] + (isReduce ? 1 : 0) <= best.dimension { buffered[operand] = true }
    }
    if usingReduce {
      blockSize = best.core
      callSize = best.core
    } else if buffered.contains(true) {
      blockSize = best.size
      callSize = ReductionPlan.bufferSize < best.size ? best.core * (ReductionPlan.bufferSize / best.core) : best.size
    } else {
      blockSize = dimensions[0].extent
      callSize = dimensions[0].extent
    }
  }

  /// The total number of elements visited.
  var iterationCount: Int { dimensions.reduce(1) { $0 * $1.extent } }

  /// Walks the iteration in order, one inner-loop call at a time: `reduceCall(output, inputs)`
  /// for a call whose output does not move (its inputs as buffer positions, in order), or
  /// `elementwiseCall(outputs, inputs)` for one that steps both. Single runs are passed as
  /// (start, count, stride) so callers can avoid copying them; `positions` is empty then.
  func forEachCall(
    reduceCall: (_ output: Int, _ run: Run) -> Void,
    elementwiseCall: (_ run: Run, _ outputStart: Int, _ outputStride: Int) -> Void
  ) {
    let total = iterationCount
    guard total > 0 else { return }
    var cursor = Cursor(plan: self)
    let inner = dimensions[0]
    var done = 0
    while done < total {
      if done & 0x3FF == 0 && Interruption.isRequested { return }
      let blockEnd = min(done + blockSize, total)
      var callStart = done
      while callStart < blockEnd {
        let count = min(callSize, blockEnd - callStart)
        // A call inside one innermost run needs no gathering.
        if count <= inner.extent - cursor.innerIndex {
          let run = Run(start: cursor.inputPosition, count: count, stride: inner.inputStride, positions: [])
          if inner.outputStride == 0 {
            reduceCall(cursor.outputPosition, run)
          } else {
            elementwiseCall(run, cursor.outputPosition, inner.outputStride)
          }
          cursor.advance(by: count)
        } else {
          var positions: [Int] = []
          positions.reserveCapacity(count)
          let output = cursor.outputPosition
          var sameOutput = true
          var outputs: [Int] = []
          outputs.reserveCapacity(count)
          for _ in 0..<count {
            positions.append(cursor.inputPosition)
            outputs.append(cursor.outputPosition)
            if cursor.outputPosition != output { sameOutput = false }
            cursor.advance(by: 1)
          }
          if sameOutput {
            reduceCall(output, Run(start: 0, count: count, stride: 0, positions: positions))
          } else {
            for (input, output) in zip(positions, outputs) {
              elementwiseCall(Run(start: input, count: 1, stride: 0, positions: []), output, 0)
            }
          }
        }
        callStart += count
      }
      done = blockEnd
    }
  }

  /// Input elements of one call: `count` elements from `start` by `stride`, or the listed
  /// `positions` when it crosses runs.
  struct Run {
    var start: Int
    var count: Int
    var stride: Int
    var positions: [Int]
  }

  /// An odometer over the iteration, with the input and output positions it is at.
  private struct Cursor {
    let dimensions: [Dimension]
    var index: [Int]
    var inputPosition: Int
    var outputPosition = 0

    init(plan: ReductionPlan) {
      dimensions = plan.dimensions
      index = [Int](repeating: 0, count: plan.dimensions.count)
      inputPosition = plan.inputOffset
    }

    var innerIndex: Int { index[0] }

    mutating func advance(by steps: Int) {
      var remaining = steps
      while remaining > 0 {
        let room = dimensions[0].extent - index[0]
        if remaining < room {
          index[0] += remaining
          inputPosition += remaining * dimensions[0].inputStride
          outputPosition += remaining * dimensions[0].outputStride
          return
        }
        // Finish this run and carry into the outer axes.
        remaining -= room
        inputPosition += (room - dimensions[0].extent) * dimensions[0].inputStride
        outputPosition += (room - dimensions[0].extent) * dimensions[0].outputStride
        index[0] = 0
        var axis = 1
        while axis < dimensions.count {
          index[axis] += 1
          inputPosition += dimensions[axis].inputStride
          outputPosition += dimensions[axis].outputStride
          if index[axis] < dimensions[axis].extent { break }
          inputPosition -= dimensions[axis].inputStride * dimensions[axis].extent
          outputPosition -= dimensions[axis].outputStride * dimensions[axis].extent
          index[axis] = 0
          axis += 1
        }
      }
    }
  }
}
