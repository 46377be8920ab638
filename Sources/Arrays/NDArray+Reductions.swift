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
    return .bool(Reducer.run(plan, elements, identity: identity, convert: { $0.castValue.isTrue }) { all ? $0 && $1 : $0 || $1 })
  }

  func integer<T: IntegerElement>(_ type: T.Type) -> ArrayBuffer {
    let convert: (S) -> T = { T(cast: $0.castValue) }
    switch ufunc {
    case .add: return T.buffer(Reducer.run(plan, elements, identity: 0, convert: convert) { $0 &+ $1 })
    case .multiply: return T.buffer(Reducer.run(plan, elements, identity: 1, convert: convert) { $0 &* $1 })
    case .maximum: return T.buffer(Reducer.run(plan, elements, identity: nil, convert: convert) { Swift.max($0, $1) })
    default: return T.buffer(Reducer.run(plan, elements, identity: nil, convert: convert) { Swift.min($0, $1) })
    }
  }

  func float<T: FloatElement>(_ type: T.Type) -> ArrayBuffer {
    let convert: (S) -> T = { T(cast: $0.castValue) }
    switch ufunc {
    case .add:
      if T.self == Float16.self {
        // float16 adds in float32 within each call and rounds between calls.
        return .float16(Reducer.sumHalf(plan, elements, convert: { Float(T(cast: $0.castValue)) }))
      }
      return T.buffer(Reducer.sum(plan, elements, convert: convert))
    case .multiply where T.self == Float16.self:
      // float16 multiplies in float32 within each call and rounds between calls.
      return .float16(Reducer.productHalf(plan, elements, convert: { Float(T(cast: $0.castValue)) }))
    case .multiply: return T.buffer(Reducer.run(plan, elements, identity: 1, convert: convert) { $0 * $1 })
    // Of equal elements (0 and -0) NumPy's float16 loop keeps the one it has; its float32 and
    // float64 loops take the newer, as their SIMD maximum does.
    case .maximum where T.self == Float16.self:
      return T.buffer(Reducer.run(plan, elements, identity: nil, convert: convert) { $0 >= $1 || $0.isNaN ? $0 : $1 })
    case .minimum where T.self == Float16.self:
      return T.buffer(Reducer.run(plan, elements, identity: nil, convert: convert) { $0 <= $1 || $0.isNaN ? $0 : $1 })
    case .maximum:
      return T.buffer(Reducer.run(plan, elements, identity: nil, convert: convert) { $0 > $1 || $0.isNaN ? $0 : $1 })
    default:
      return T.buffer(Reducer.run(plan, elements, identity: nil, convert: convert) { $0 < $1 || $0.isNaN ? $0 : $1 })
    }
  }
}

/// The loops of a reduction over a `ReductionPlan`.
enum Reducer {
  /// A fold where order does not matter or is sequential: every call folds its elements into
  /// the output in iteration order. Without an identity the output starts at the first element
  /// each output sees.
  static func run<S: ArrayElement, T: ArrayElement>(
    _ plan: ReductionPlan, _ elements: [S], identity: T?, convert: (S) -> T, _ combine: (T, T) -> T
  ) -> [T] {
    var output = [T?](repeating: identity, count: plan.outputCount)
    elements.withUnsafeBufferPointer { source in
      func fold(_ position: Int, _ value: T) {
        if let current = output[position] { output[position] = combine(current, value) } else { output[position] = value }
      }
      plan.forEachCall(
        reduceCall: { out, run in
          if run.positions.isEmpty {
            for index in 0..<run.count { fold(out, convert(source[run.start + index * run.stride])) }
          } else {
            for position in run.positions { fold(out, convert(source[position])) }
          }
        },
        elementwiseCall: { run, outStart, outStride in
          for index in 0..<run.count { fold(outStart + index * outStride, convert(source[run.start + index * run.stride])) }
        })
    }
    return output.map { $0 ?? identity ?? T.zero }
  }

  /// Float sums: NumPy's pairwise summation inside each call, sequential between calls.
  static func sum<S: ArrayElement, T: FloatElement>(
    _ plan: ReductionPlan, _ elements: [S], convert: (S) -> T
  ) -> [T] {
    var output = [T](repeating: 0, count: plan.outputCount)
    elements.withUnsafeBufferPointer { source in
      plan.forEachCall(
        reduceCall: { out, run in
          let total: T
          if run.positions.isEmpty {
            if S.self == T.self && run.stride == 1 {
              let base = UnsafeRawPointer(source.baseAddress! + run.start).assumingMemoryBound(to: T.self)
              total = Pairwise.sum(run.count) { base[$0] }
            } else {
              total = Pairwise.sum(run.count) { convert(source[run.start + $0 * run.stride]) }
            }
          } else {
            total = Pairwise.sum(run.count) { convert(source[run.positions[$0]]) }
          }
          output[out] = output[out] + total
        },
        elementwiseCall: { run, outStart, outStride in
          for index in 0..<run.count {
            output[outStart + index * outStride] += convert(source[run.start + index * run.stride])
          }
        })
    }
    return output
  }

  /// float16 sums: pairwise in float32 inside each call, rounded to float16 between calls.
  static func sumHalf<S: ArrayElement>(
    _ plan: ReductionPlan, _ elements: [S], convert: (S) -> Float
  ) -> [Float16] {
    var output = [Float16](repeating: 0, count: plan.outputCount)
    elements.withUnsafeBufferPointer { source in
      plan.forEachCall(
        reduceCall: { out, run in
          let total: Float
          if run.positions.isEmpty {
            total = Pairwise.sum(run.count) { convert(source[run.start + $0 * run.stride]) }
          } else {
            total = Pairwise.sum(run.count) { convert(source[run.positions[$0]]) }
          }
          output[out] = Float16(Float(output[out]) + total)
        },
        elementwiseCall: { run, outStart, outStride in
          for index in 0..<run.count {
            let position = outStart + index * outStride
            output[position] = Float16(Float(output[position]) + convert(source[run.start + index * run.stride]))
          }
        })
    }
    return output
  }
}

extension Reducer {
  /// float16 products: float32 within each call, rounded to float16 between calls.
  static func productHalf<S: ArrayElement>(
    _ plan: ReductionPlan, _ elements: [S], convert: (S) -> Float
  ) -> [Float16] {
    var output = [Float16](repeating: 1, count: plan.outputCount)
    elements.withUnsafeBufferPointer { source in
      plan.forEachCall(
        reduceCall: { out, run in
          var product = Float(output[out])
          if run.positions.isEmpty {
            for index in 0..<run.count { product *= convert(source[run.start + index * run.stride]) }
          } else {
            for position in run.positions { product *= convert(source[position]) }
          }
          output[out] = Float16(product)
        },
        elementwiseCall: { run, outStart, outStride in
          for index in 0..<run.count {
            let position = outStart + index * outStride
            output[position] = Float16(Float(output[position]) * convert(source[run.start + index * run.stride]))
          }
        })
    }
    return output
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
