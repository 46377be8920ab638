import Kernels
import Tensors

/// NumPy's reductions, with `axis`, `keepdims`, `dtype` and `ddof` where NumPy has them, adding
/// in NumPy's order (see `ReductionPlan`) so float results agree bit for bit.
public enum Reduction: String, Sendable, CaseIterable {
  case sum, prod, mean, std, `var`, max, min, any, all

  /// NumPy's ufunc name in messages (`maximum` for `max`).
  var ufuncName: String {
    switch self {
    case .max: return "maximum"
    case .min: return "minimum"
    default: return rawValue
    }
  }
}

extension NDArray {
  /// The reduced axes, resolved: every axis when nil; negatives count from the end.
  func reductionAxes(_ axes: [Int]?) throws(ShapeError) -> Set<Int> {
    var reduce = Set<Int>()
    for axis in axes ?? Array(0..<rank) {
      let normalized = try Tensor.normalizeAxis(axis, rank: rank)
      guard reduce.insert(normalized).inserted else { throw .repeatedAxis(axis: normalized) }
    }
    return reduce
  }

  /// `a.sum()`, `a.mean(axis=…)`, `np.max(a, keepdims=True)`, …
  public func reduced(
    _ reduction: Reduction, axes: [Int]? = nil, keepdims: Bool = false, dtype: DType? = nil, ddof: Int = 0
  ) throws(ShapeError) -> NDArray {
    let reduce = try reductionAxes(axes)
    switch reduction {
    case .sum, .prod:
      let loop = dtype ?? (self.dtype.isFloat ? self.dtype : (self.dtype.isUnsignedInteger ? .uint64 : .int64))
      return try accumulate(reduction == .sum ? .add : .multiply, reduce: reduce, keepdims: keepdims, loop: loop)
    case .mean:
      let (loop, result) = meanTypes(dtype)
      let total = try accumulate(.add, reduce: reduce, keepdims: keepdims, loop: loop)
      let count = reduce.reduce(1) { $0 * shape[$1] }
      return try NDArray.divide(total, by: count).astype(result)
    case .std, .var:
      // NumPy's _var adds in float64 for integers and bools, else in the dtype (float16 too).
      let loop = dtype ?? (self.dtype.isFloat ? self.dtype : .float64), result = loop
      let count = reduce.reduce(1) { $0 * shape[$1] }
      let mean = try NDArray.divide(try accumulate(.add, reduce: reduce, keepdims: true, loop: loop), by: count)
      let deviation = try BinaryUfunc.subtract(.array(self), .array(mean))
      let squares = try BinaryUfunc.multiply(.array(deviation), .array(deviation))
      let total = try squares.accumulate(.add, reduce: reduce, keepdims: keepdims, loop: loop)
      var spread = try NDArray.divide(total, by: Swift.max(count - ddof, 0))
      if reduction == .std { spread = try UnaryUfunc.sqrt(.array(spread)) }
      return try spread.astype(result)
    case .max, .min:
      let count = reduce.reduce(1) { $0 * shape[$1] }
      let outputs = shape.indices.filter { !reduce.contains($0) }.reduce(1) { $0 * shape[$1] }
      if count == 0 && outputs > 0 {
        throw .emptyReduction(operation: reduction.ufuncName)
      }
      return try accumulate(reduction == .max ? .maximum : .minimum, reduce: reduce, keepdims: keepdims, loop: self.dtype)
    case .any, .all:
      return try accumulate(reduction == .any ? .logicalOr : .logicalAnd, reduce: reduce, keepdims: keepdims, loop: .bool)
    }
  }

  /// The dtype a mean adds in and the dtype it returns: float64 for integers and bools, float32
  /// for float16 (returned as float16), else the array's own.
  private func meanTypes(_ requested: DType?) -> (loop: DType, result: DType) {
    if let requested { return (requested, requested) }
    if dtype == .float16 { return (.float32, .float16) }
    return dtype.isFloat ? (dtype, dtype) : (.float64, .float64)
  }

  /// `total / count` as NumPy's `true_divide(total, intp(count), casting='unsafe')`: computed in
  /// float64 and cast back to the total's float dtype.
  static func divide(_ total: NDArray, by count: Int) throws(ShapeError) -> NDArray {
    let quotient = try BinaryUfunc.divide(.array(total), .array(NDArray(scalar: Int64(count))))
    return total.dtype.isFloat ? try quotient.astype(total.dtype) : quotient
  }

  /// `ufunc.reduce` over `reduce` in the `loop` dtype: the result starts at the identity (the
  /// first element for maximum and minimum) and each inner-loop call of NumPy's iteration is
  /// added to it.
  func accumulate(_ ufunc: BinaryUfunc, reduce: Set<Int>, keepdims: Bool, loop: DType) throws(ShapeError) -> NDArray {
    let plan = ReductionPlan(
      shape: shape, strides: strides, offset: offset, reduce: reduce, keepdims: keepdims, casting: loop != dtype)
    _ = try Tensor.elementCount(of: plan.outputShape, itemSize: loop.itemSize)
    struct Source: ElementsVisitor {
      let ufunc: BinaryUfunc
      let plan: ReductionPlan
      let array: NDArray
      let loop: DType
      func visit<S: ArrayElement>(_ elements: [S]) -> ArrayBuffer {
        loop.visit(ReduceInto<S>(ufunc: ufunc, plan: plan, array: array, elements: elements))
      }
    }
    let buffer = self.buffer.visit(Source(ufunc: ufunc, plan: plan, array: self, loop: loop))
    return NDArray(validShape: plan.outputShape, strides: plan.outputStrides, buffer: buffer)
  }
}

/// The second half of a reduction's dispatch: elements of `S` reduced in the visited dtype.
private struct ReduceInto<S: ArrayElement>: KindVisitor {
  let ufunc: BinaryUfunc
  let plan: ReductionPlan
  let array: NDArray
  let elements: [S]

  func bool() -> ArrayBuffer {
    // For booleans, maximum and add are "or"; minimum and multiply are "and".
    let all = ufunc == .logicalAnd || ufunc == .minimum || ufunc == .multiply
    let identity: Bool? = ufunc == .maximum || ufunc == .minimum ? nil : all
    return .bool(Reducer.run(plan, array, elements, identity: identity, convert: { $0.castValue.isTrue }) {
      all ? $0 && $1 : $0 || $1
    })
  }

  func integer<T: IntegerElement>(_ type: T.Type) -> ArrayBuffer {
    let convert: (S) -> T = { T(cast: $0.castValue) }
    switch ufunc {
    case .add: return T.buffer(Reducer.run(plan, array, elements, identity: 0, convert: convert) { $0 &+ $1 })
    case .multiply: return T.buffer(Reducer.run(plan, array, elements, identity: 1, convert: convert) { $0 &* $1 })
    case .maximum: return T.buffer(Reducer.run(plan, array, elements, identity: nil, convert: convert) { Swift.max($0, $1) })
    default: return T.buffer(Reducer.run(plan, array, elements, identity: nil, convert: convert) { Swift.min($0, $1) })
    }
  }

  func float<T: FloatElement>(_ type: T.Type) -> ArrayBuffer {
    let convert: (S) -> T = { T(cast: $0.castValue) }
    switch ufunc {
    case .add where T.self == Float16.self:
      // float16 adds in float32 within each call and rounds between calls.
      let halves: [Float16] = Reducer.sum(
        plan, elements, convert: { Float(Float16(cast: $0.castValue)) }, widen: { Float($0) }, round: { Float16($0) })
      return .float16(halves)
    case .add:
      let sums: [T] = Reducer.sum(plan, elements, convert: convert, widen: { $0 }, round: { $0 })
      return T.buffer(sums)
    case .multiply where T.self == Float16.self:
      let halves: [Float16] = Reducer.product(
        plan, elements, convert: { Float(Float16(cast: $0.castValue)) }, widen: { Float($0) }, round: { Float16($0) })
      return .float16(halves)
    case .multiply:
      let products: [T] = Reducer.product(plan, elements, convert: convert, widen: { $0 }, round: { $0 })
      return T.buffer(products)
    // Of equal elements (0 and -0) NumPy's float16 loop keeps the one it has; its float32 and
    // float64 loops take the newer, as their SIMD maximum does.
    case .maximum where T.self == Float16.self:
      return T.buffer(Reducer.run(plan, array, elements, identity: nil, convert: convert) { $0 >= $1 || $0.isNaN ? $0 : $1 })
    case .minimum where T.self == Float16.self:
      return T.buffer(Reducer.run(plan, array, elements, identity: nil, convert: convert) { $0 <= $1 || $0.isNaN ? $0 : $1 })
    case .maximum, .minimum where S.self == T.self && (T.self == Float.self || T.self == Double.self):
      return Reducer.extreme(plan, array, unsafeBitCast(elements, to: [T].self), largest: ufunc == .maximum)
    case .maximum:
      return T.buffer(Reducer.run(plan, array, elements, identity: nil, convert: convert) { $0 > $1 || $0.isNaN ? $0 : $1 })
    default:
      return T.buffer(Reducer.run(plan, array, elements, identity: nil, convert: convert) { $0 < $1 || $0.isNaN ? $0 : $1 })
    }
  }
}

/// The loops of a reduction over a `ReductionPlan`, on raw pointers (the plan hands out whole
/// runs, so the per-element work is a plain loop the compiler vectorizes).
enum Reducer {
  /// A fold where order does not matter or is sequential: every call folds its elements into
  /// the output in iteration order. Without an identity each output starts at its first
  /// element (NumPy copies it in before reducing the rest; folding it again changes nothing
  /// for maximum and minimum).
  @inline(__always)
  static func run<S: ArrayElement, T: ArrayElement>(
    _ plan: ReductionPlan, _ array: NDArray, _ elements: [S], identity: T?, convert: (S) -> T,
    _ combine: (T, T) -> T
  ) -> [T] {
    var output = [T](repeating: identity ?? T.zero, count: plan.outputCount)
    output.withUnsafeMutableBufferPointer { out in
      elements.withUnsafeBufferPointer { sourceBuffer in
        guard let source = sourceBuffer.baseAddress, let result = out.baseAddress else { return }
        if identity == nil {
          for (input, position) in plan.firstPositions(of: array) { result[position] = convert(source[input]) }
        }
        plan.forEachCall(
          reduceCall: { position, run in
            var accumulator = result[position]
            if run.positions.isEmpty {
              let base = source + run.start
              if run.stride == 1 {
                for index in 0..<run.count { accumulator = combine(accumulator, convert(base[index])) }
              } else {
                for index in 0..<run.count { accumulator = combine(accumulator, convert(base[index * run.stride])) }
              }
            } else {
              for input in run.positions { accumulator = combine(accumulator, convert(source[input])) }
            }
            result[position] = accumulator
          },
          elementwiseCall: { run, outStart, outStride in
            let base = source + run.start, target = result + outStart
            if run.stride == 1 && outStride == 1 {
              for index in 0..<run.count { target[index] = combine(target[index], convert(base[index])) }
            } else {
              for index in 0..<run.count {
                target[index * outStride] = combine(target[index * outStride], convert(base[index * run.stride]))
              }
            }
          })
      }
    }
    return output
  }

  /// Float sums: NumPy's pairwise summation inside each call, sequential between calls;
  /// `Accumulator` is the type the pairwise sum runs in (float32 for float16) and `round`
  /// stores it back.
  @inline(__always)
  static func sum<S: ArrayElement, T: ArrayElement, Accumulator: FloatElement>(
    _ plan: ReductionPlan, _ elements: [S], convert: (S) -> Accumulator, widen: (T) -> Accumulator,
    round: (Accumulator) -> T
  ) -> [T] {
    var output = [T](repeating: T.zero, count: plan.outputCount)
    output.withUnsafeMutableBufferPointer { out in
      elements.withUnsafeBufferPointer { sourceBuffer in
        guard let source = sourceBuffer.baseAddress, let result = out.baseAddress else { return }
        plan.forEachCall(
          reduceCall: { position, run in
            let total: Accumulator
            if run.positions.isEmpty {
              if S.self == Accumulator.self && run.stride == 1 {
                let base = UnsafeRawPointer(source + run.start).assumingMemoryBound(to: Accumulator.self)
                total = Pairwise.sum(base, count: run.count)
              } else {
                let base = source + run.start
                total = Pairwise.sum(run.count) { convert(base[$0 * run.stride]) }
              }
            } else {
              total = Pairwise.sum(run.count) { convert(source[run.positions[$0]]) }
            }
            result[position] = round(widen(result[position]) + total)
          },
          elementwiseCall: { run, outStart, outStride in
            let base = source + run.start, target = result + outStart
            if run.stride == 1 && outStride == 1 {
              if S.self == T.self, S.self == Float.self {
                FastLoops.current.accumulateFloat(
                  UnsafeRawPointer(base).assumingMemoryBound(to: Float.self),
                  UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self), run.count)
              } else if S.self == T.self, S.self == Double.self {
                FastLoops.current.accumulateDouble(
                  UnsafeRawPointer(base).assumingMemoryBound(to: Double.self),
                  UnsafeMutableRawPointer(target).assumingMemoryBound(to: Double.self), run.count)
              } else {
                for index in 0..<run.count { target[index] = round(widen(target[index]) + convert(base[index])) }
              }
            } else {
              for index in 0..<run.count {
                let slot = target + index * outStride
                slot.pointee = round(widen(slot.pointee) + convert(base[index * run.stride]))
              }
            }
          })
      }
    }
    return output
  }

  /// Float products in `Accumulator` within each call (float32 for float16), stored back
  /// between calls; sequential, as NumPy's multiply reduce loop.
  @inline(__always)
  static func product<S: ArrayElement, T: ArrayElement, Accumulator: FloatElement>(
    _ plan: ReductionPlan, _ elements: [S], convert: (S) -> Accumulator, widen: (T) -> Accumulator,
    round: (Accumulator) -> T
  ) -> [T] {
    var output = [T](repeating: round(1), count: plan.outputCount)
    output.withUnsafeMutableBufferPointer { out in
      elements.withUnsafeBufferPointer { sourceBuffer in
        guard let source = sourceBuffer.baseAddress, let result = out.baseAddress else { return }
        plan.forEachCall(
          reduceCall: { position, run in
            var product = widen(result[position])
            if run.positions.isEmpty {
              for index in 0..<run.count { product *= convert(source[run.start + index * run.stride]) }
            } else {
              for input in run.positions { product *= convert(source[input]) }
            }
            result[position] = round(product)
          },
          elementwiseCall: { run, outStart, outStride in
            for index in 0..<run.count {
              let slot = result + outStart + index * outStride
              slot.pointee = round(widen(slot.pointee) * convert(source[run.start + index * run.stride]))
            }
          })
      }
    }
    return output
  }
}

extension Reducer {
  /// float32/float64 maximum and minimum with the machine's vector loop for contiguous calls.
  static func extreme<T: FloatElement>(_ plan: ReductionPlan, _ array: NDArray, _ elements: [T], largest: Bool) -> ArrayBuffer {
    let loops = FastLoops.current
    @inline(__always) func pick(_ accumulator: T, _ value: T) -> T {
      if largest { return accumulator > value || accumulator.isNaN ? accumulator : value }
      return accumulator < value || accumulator.isNaN ? accumulator : value
    }
    var output = [T](repeating: T.zero, count: plan.outputCount)
    // Over the last axis of a row-major array, rows short enough to be one call of NumPy's
    // iteration: each row is one vector-loop call from its first element, as the general walk
    // makes it, so rows can go to both cores without a cursor (25,088 rows of 64 had cost more
    // in the walk than in the loop).
    let rank = array.rank, rowLength = array.shape.last ?? 0
    if rank >= 1, plan.reduced == [rank - 1], array.isRowMajorDense, rowLength > 0, rowLength <= ReductionPlan.bufferSize,
      plan.outputCount > 1
    {
      output.withUnsafeMutableBufferPointer { out in
        elements.withUnsafeBufferPointer { sourceBuffer in
          let source = UnsafeSendablePointer(sourceBuffer.baseAddress! + array.offset)
          let result = UnsafeSendableMutablePointer(out.baseAddress!)
          FastLoops.split(plan.outputCount * rowLength) { start, length in
            // Whole rows: the pieces are cut at row boundaries.
            let first = (start + rowLength - 1) / rowLength, end = (start + length + rowLength - 1) / rowLength
            for row in first..<end {
              let values = source.pointer + row * rowLength
              if T.self == Float.self {
                let x = UnsafeRawPointer(values).assumingMemoryBound(to: Float.self)
                result.pointer[row] = unsafeBitCast(loops.extremeFloat(x, rowLength, x[0], largest), to: T.self)
              } else {
                let x = UnsafeRawPointer(values).assumingMemoryBound(to: Double.self)
                result.pointer[row] = unsafeBitCast(loops.extremeDouble(x, rowLength, x[0], largest), to: T.self)
              }
            }
          }
        }
      }
      return T.buffer(output)
    }
    output.withUnsafeMutableBufferPointer { out in
      elements.withUnsafeBufferPointer { sourceBuffer in
        guard let source = sourceBuffer.baseAddress, let result = out.baseAddress else { return }
        for (input, position) in plan.firstPositions(of: array) { result[position] = source[input] }
        plan.forEachCall(
          reduceCall: { position, run in
            if run.positions.isEmpty && run.stride == 1 {
              if T.self == Float.self {
                let value = loops.extremeFloat(
                  UnsafeRawPointer(source + run.start).assumingMemoryBound(to: Float.self), run.count,
                  unsafeBitCast(result[position], to: Float.self), largest)
                result[position] = unsafeBitCast(value, to: T.self)
              } else {
                let value = loops.extremeDouble(
                  UnsafeRawPointer(source + run.start).assumingMemoryBound(to: Double.self), run.count,
                  unsafeBitCast(result[position], to: Double.self), largest)
                result[position] = unsafeBitCast(value, to: T.self)
              }
              return
            }
            var accumulator = result[position]
            if run.positions.isEmpty {
              for index in 0..<run.count { accumulator = pick(accumulator, source[run.start + index * run.stride]) }
            } else {
              for input in run.positions { accumulator = pick(accumulator, source[input]) }
            }
            result[position] = accumulator
          },
          elementwiseCall: { run, outStart, outStride in
            for index in 0..<run.count {
              let slot = result + outStart + index * outStride
              slot.pointee = pick(slot.pointee, source[run.start + index * run.stride])
            }
          })
      }
    }
    return T.buffer(output)
  }
}

extension ReductionPlan {
  /// For each output, the buffer position of its first input element (all reduced indices 0)
  /// and the output's position.
  func firstPositions(of array: NDArray) -> [(input: Int, output: Int)] {
    let kept = array.shape.indices.filter { !reduced.contains($0) }
    let shape = kept.map { array.shape[$0] }
    var inputs: [Int] = [], outputs: [Int] = []
    StridedWalk(shape: shape, strides: kept.map { array.strides[$0] }, offset: array.offset).forEach { inputs.append($0) }
    StridedWalk(shape: shape, strides: kept.map { keptOutputStrides[$0] }, offset: 0).forEach { outputs.append($0) }
    return Array(zip(inputs, outputs))
  }
}

/// NumPy's pairwise summation (`pairwise_sum` in `loops_utils.h.src`): fewer than 8 values in
/// sequence from 0; up to 128 in eight interleaved partial sums combined as
/// ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus the remainder in sequence; more split in two at a
/// multiple of 8 below the middle.
enum Pairwise {
  static let blockSize = 128

  @inline(__always)
  static func sum<T: FloatElement>(_ count: Int, _ value: (Int) -> T) -> T {
    sum(0, count, value)
  }

  /// The pairwise sum of `count` contiguous values. A long sum's two halves (split where NumPy
  /// splits) are added on two cores: the same additions in the same order.
  static func sum<T: FloatElement>(_ values: UnsafePointer<T>, count: Int) -> T {
    guard count >= Elementwise.parallelThreshold * 4, Parallel.workerCount > 1 else {
      return sum(0, count) { values[$0] }
    }
    var half = count / 2
    half -= half % 8
    let halves = UnsafeMutablePointer<T>.allocate(capacity: 2)
    defer { halves.deallocate() }
    let source = UnsafeSendablePointer(values), target = UnsafeSendableMutablePointer(halves), split = half
    Parallel.forEachItem(2) { part in
      let start = part == 0 ? 0 : split, length = part == 0 ? split : count - split
      target.pointer[part] = sum(start, length) { source.pointer[$0] }
    }
    return halves[0] + halves[1]
  }

  private static func sum<T: FloatElement>(_ start: Int, _ count: Int, _ value: (Int) -> T) -> T {
    if count < 8 {
      var result: T = -0.0
      for index in start..<(start + count) { result += value(index) }
      return result
    }
    if count <= blockSize {
      var r0 = value(start), r1 = value(start + 1), r2 = value(start + 2), r3 = value(start + 3)
      var r4 = value(start + 4), r5 = value(start + 5), r6 = value(start + 6), r7 = value(start + 7)
      var index = 8
      let end = count - count % 8
      while index < end {
        let base = start + index
        r0 += value(base)
        r1 += value(base + 1)
        r2 += value(base + 2)
        r3 += value(base + 3)
        r4 += value(base + 4)
        r5 += value(base + 5)
        r6 += value(base + 6)
        r7 += value(base + 7)
        index += 8
      }
      var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
      while index < count {
        result += value(start + index)
        index += 1
      }
      return result
    }
    var half = count / 2
    half -= half % 8
    return sum(start, half, value) + sum(start + half, count - half, value)
  }
}

extension NDArray {
  /// `np.argmax` / `np.argmin`: the first position of the largest (smallest) element, a NaN
  /// counting as both; over the flattened array when `axis` is nil. int64.
  public func argExtreme(largest: Bool, axis: Int?, keepdims: Bool = false) throws(ShapeError) -> NDArray {
    let name = largest ? "argmax" : "argmin"
    let source = axis == nil ? try reshaped([count]) : self
    let resolved = try Tensor.normalizeAxis(axis ?? 0, rank: Swift.max(source.rank, 1))
    guard source.rank > 0 else { return NDArray(scalar: Int64(0)) }
    guard source.shape[resolved] > 0 else { throw .invalidArgument("attempt to get \(name) of an empty sequence") }
    let moved = try source.movingAxis(resolved, to: source.rank - 1).contiguous()
    let length = source.shape[resolved]
    let rows = length == 0 ? 0 : moved.count / length
    struct Find: ElementsVisitor {
      let rows: Int, length: Int, largest: Bool
      func visit<T: ArrayElement>(_ elements: [T]) -> [Int64] {
        (0..<rows).map { row in
          let base = row * length
          var best = 0
          var bestValue = elements[base].castValue
          if case .float(let number) = bestValue, number.isNaN { return 0 }
          for index in 1..<Swift.max(length, 1) {
            let candidate = elements[base + index].castValue
            if case .float(let number) = candidate, number.isNaN { return Int64(index) }
            if largest ? Reducer.greater(candidate, bestValue) : Reducer.greater(bestValue, candidate) {
              best = index
              bestValue = candidate
            }
          }
          return Int64(best)
        }
      }
    }
    let indices = moved.buffer.visit(Find(rows: rows, length: length, largest: largest))
    var shape = Array(moved.shape.dropLast())
    if keepdims {
      shape = axis == nil ? [Int](repeating: 1, count: rank) : {
        var kept = self.shape
        kept[resolved] = 1
        return kept
      }()
    }
    return NDArray(validShape: shape, buffer: .int64(indices))
  }

  /// `np.cumsum` / `np.cumprod` along `axis` (the flattened array when nil), in the sum's dtype
  /// (int64 for bools and integers).
  public func cumulative(product: Bool, axis: Int?, dtype requested: DType? = nil) throws(ShapeError) -> NDArray {
    let source = axis == nil ? try reshaped([count]) : self
    let resolved = try Tensor.normalizeAxis(axis ?? 0, rank: Swift.max(source.rank, 1))
    let loop = requested ?? (dtype.isFloat ? dtype : (dtype.isUnsignedInteger ? .uint64 : .int64))
    guard source.rank > 0 else { return try source.astype(loop) }
    let moved = try source.astype(loop).movingAxis(resolved, to: source.rank - 1).contiguous()
    let length = source.shape[resolved]
    struct Scan: KindVisitor {
      let array: NDArray, length: Int, product: Bool
      func bool() -> ArrayBuffer {
        var values = array.bufferElements(Bool.self)
        scan(&values) { product ? $0 && $1 : $0 || $1 }
        return .bool(values)
      }
      func integer<T: IntegerElement>(_ type: T.Type) -> ArrayBuffer {
        var values = array.bufferElements(T.self)
        scan(&values) { product ? $0 &* $1 : $0 &+ $1 }
        return T.buffer(values)
      }
      func float<T: FloatElement>(_ type: T.Type) -> ArrayBuffer {
        var values = array.bufferElements(T.self)
        scan(&values) { product ? $0 * $1 : $0 + $1 }
        return T.buffer(values)
      }
      func scan<T>(_ values: inout [T], _ combine: (T, T) -> T) {
        guard length > 1 else { return }
        for row in 0..<(values.count / length) {
          let base = row * length
          for index in 1..<length { values[base + index] = combine(values[base + index - 1], values[base + index]) }
        }
      }
    }
    let buffer = loop.visit(Scan(array: moved, length: length, product: product))
    return try NDArray(validShape: moved.shape, buffer: buffer).movingAxis(source.rank - 1, to: resolved).contiguous()
  }
}

extension Reducer {
  /// `a > b` for two values of one dtype.
  static func greater(_ a: CastValue, _ b: CastValue) -> Bool {
    switch (a, b) {
    case let (.float(x), .float(y)): return x > y
    case let (.int(x), .int(y)): return x > y
    case let (.uint(x), .uint(y)): return x > y
    case let (.bool(x), .bool(y)): return x && !y
    default: return false
    }
  }
}
