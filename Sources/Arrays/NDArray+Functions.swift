import Tensors
import Kernels

/// NumPy functions beyond the ufuncs: `where`, `clip`, `round`, sorting, `unique`, `matmul`,
/// `isclose`/`allclose`, `count_nonzero`, `diff`.
extension NDArray {
  /// `np.where(condition, x, y)`: x where the condition is true, else y, broadcast together;
  /// the dtype is x's and y's promotion (Python numbers weak).
  public static func select(_ condition: Operand, _ x: Operand, _ y: Operand) throws(ShapeError) -> NDArray {
    let shape = try Tensor.broadcastShape(try Tensor.broadcastShape(condition.shape, x.shape), y.shape)
    let dtype = Promotion.resultType([x, y])
    let mask = try condition.array(as: .bool).broadcastView(to: shape)
    let left = try x.array(as: dtype).broadcastView(to: shape), right = try y.array(as: dtype).broadcastView(to: shape)
    _ = try Tensor.elementCount(of: shape, itemSize: dtype.itemSize)
    struct Pick: DTypeVisitor {
      let mask: NDArray, left: NDArray, right: NDArray
      func visit<T: ArrayElement>(_ type: T.Type) -> ArrayBuffer {
        let flags = mask.elements(as: Bool.self), a = left.elements(as: T.self), b = right.elements(as: T.self)
        return T.buffer(flags.indices.map { flags[$0] ? a[$0] : b[$0] })
      }
    }
    return NDArray(validShape: shape, buffer: dtype.visit(Pick(mask: mask, left: left, right: right)))
  }

  /// `np.clip(a, a_min, a_max)`: each element limited to [a_min, a_max] in the operands'
  /// promoted dtype; NaN stays NaN, and an element equal to a bound (0 and -0) stays itself,
  /// as NumPy's clip loop keeps it. Either bound may be nil (None).
  public static func clip(_ a: Operand, min low: Operand?, max high: Operand?) throws(ShapeError) -> NDArray {
    guard low != nil || high != nil else { throw .invalidArgument("One of max or min must be given") }
    var bounds = [low, high].compactMap { $0 }
    let dtype = Promotion.resultType([a] + bounds)
    // A Python integer bound outside an integer dtype's range clips nothing on its side
    // (NumPy 2): it is taken as the range's end.
    func inRange(_ bound: Operand?) -> Operand? {
      guard case .int(let value)? = bound, let range = dtype.integerBounds else { return bound }
      if value < range.min { return .int(range.min) }
      if value > 0 && UInt64(value) > range.max { return range.max > UInt64(Int.max) ? .int(Int.max) : .int(Int(range.max)) }
      return bound
    }
    let low = inRange(low), high = inRange(high)
    bounds = [low, high].compactMap { $0 }
    var shape = a.shape
    for bound in bounds { shape = try Tensor.broadcastShape(shape, bound.shape) }
    _ = bounds
    let x = try a.array(as: dtype).broadcastView(to: shape)
    let lower = try low.map { (bound: Operand) throws(ShapeError) in try bound.array(as: dtype).broadcastView(to: shape) }
    let upper = try high.map { (bound: Operand) throws(ShapeError) in try bound.array(as: dtype).broadcastView(to: shape) }
    _ = try Tensor.elementCount(of: shape, itemSize: dtype.itemSize)
    struct Clip: DTypeVisitor {
      let x: NDArray, lower: NDArray?, upper: NDArray?
      func visit<T: ArrayElement>(_ type: T.Type) -> ArrayBuffer {
        var values = x.elements(as: T.self)
        let lows = lower?.elements(as: T.self), highs = upper?.elements(as: T.self)
        for index in values.indices {
          if NDArray.isNaN(values[index].castValue) { continue }
          if let lows, Reducer.greater(lows[index].castValue, values[index].castValue) { values[index] = lows[index] }
          if let highs, Reducer.greater(values[index].castValue, highs[index].castValue) { values[index] = highs[index] }
        }
        return T.buffer(values)
      }
    }
    return NDArray(validShape: shape, buffer: dtype.visit(Clip(x: x, lower: lower, upper: upper)))
  }

  /// `np.round(a, decimals)`: half to even, as NumPy: `rint(a · 10^d) / 10^d` in the dtype
  /// (`rint(a / 10^-d) · 10^-d` for negative d); integers round in float64 and stay integers.
  public func rounded(decimals: Int = 0) throws(ShapeError) -> NDArray {
    if dtype == .bool {
      // rint of booleans is float16; scaling them by 10^d has no boolean result.
      guard decimals == 0 else {
        throw .unsupportedTypes(operation: "multiply", dtypes: ["float64", "bool"])
      }
      return try UnaryUfunc.rint(.array(self))
    }
    if decimals == 0 && dtype.isInteger { return self }
    let work = dtype.isFloat ? self : try astype(.float64)
    let scale = Double.pow(10, Double(Swift.abs(decimals)))
    struct Round: KindVisitor {
      let array: NDArray, scale: Double, decimals: Int
      func bool() -> Result<NDArray, ShapeError> { .success(array) }
      func integer<T: IntegerElement>(_ type: T.Type) -> Result<NDArray, ShapeError> { .success(array) }
      func float<T: FloatElement>(_ type: T.Type) -> Result<NDArray, ShapeError> {
        let factor = T(rounding: scale)
        return Result { () throws(ShapeError) -> NDArray in
          if decimals == 0 { return try Elementwise.map(array) { (x: T) in x.rounded(.toNearestOrEven) } }
          if decimals > 0 { return try Elementwise.map(array) { (x: T) in (x * factor).rounded(.toNearestOrEven) / factor } }
          return try Elementwise.map(array) { (x: T) in (x / factor).rounded(.toNearestOrEven) * factor }
        }
      }
    }
    let result = try work.dtype.visit(Round(array: work, scale: scale, decimals: decimals)).get()
    return dtype.isFloat ? result : try result.astype(dtype)
  }

  /// `np.sort(a, axis)` (the flattened array when axis is nil): ascending, NaNs last.
  public func sorted(axis: Int? = -1) throws(ShapeError) -> NDArray {
    let (moved, order, axisIndex) = try sortOrder(axis: axis)
    struct Apply: ElementsVisitor {
      let order: [Int]
      func visit<T: ArrayElement>(_ elements: [T]) -> ArrayBuffer { T.buffer(order.map { elements[$0] }) }
    }
    let buffer = moved.buffer.visit(Apply(order: order))
    let sorted = NDArray(validShape: moved.shape, buffer: buffer)
    return try sorted.movingAxis(moved.rank - 1, to: axisIndex).contiguous()
  }

  /// `np.argsort(a, axis)`: the int64 positions that sort each line (stable; NaNs last).
  public func argsorted(axis: Int? = -1) throws(ShapeError) -> NDArray {
    let (moved, order, axisIndex) = try sortOrder(axis: axis)
    let length = moved.shape.last ?? 1
    let positions = order.enumerated().map { Int64($0.element - ($0.offset / Swift.max(length, 1)) * length) }
    return try NDArray(validShape: moved.shape, buffer: .int64(positions)).movingAxis(moved.rank - 1, to: axisIndex).contiguous()
  }

  /// The sorting axis moved last (contiguous), and for each element of it, which element of
  /// its line comes there: buffer positions of the moved array.
  private func sortOrder(axis: Int?) throws(ShapeError) -> (NDArray, [Int], Int) {
    let source = axis == nil ? try reshaped([count]) : self
    guard source.rank > 0 else { throw .invalidArgument("Cannot sort a 0-d array (axis \(axis ?? 0) is out of bounds)") }
    let axisIndex = try Tensor.normalizeAxis(axis ?? 0, rank: source.rank)
    let moved = try source.movingAxis(axisIndex, to: source.rank - 1).contiguous()
    let length = moved.shape.last ?? 1
    struct Order: ElementsVisitor {
      let length: Int, total: Int
      func visit<T: ArrayElement>(_ elements: [T]) -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(total)
        guard length > 0 else { return order }
        for line in 0..<(total / length) {
          let base = line * length
          let indices = (base..<(base + length)).sorted { i, j in
            let a = elements[i].castValue, b = elements[j].castValue
            if NDArray.isNaN(a) { return false }
            if NDArray.isNaN(b) { return true }
            if Reducer.greater(b, a) { return true }
            if Reducer.greater(a, b) { return false }
            return i < j
          }
          order += indices
        }
        return order
      }
    }
    return (moved, moved.buffer.visit(Order(length: length, total: moved.count)), axisIndex)
  }

  static func isNaN(_ value: CastValue) -> Bool {
    if case .float(let number) = value { return number.isNaN }
    return false
  }

  /// `np.unique(a)`: the sorted distinct values of the flattened array (NaNs collapse to one).
  public func unique() throws(ShapeError) -> NDArray {
    let sorted = try self.sorted(axis: nil)
    struct Distinct: ElementsVisitor {
      func visit<T: ArrayElement>(_ elements: [T]) -> ArrayBuffer {
        var result: [T] = []
        for value in elements {
          if let last = result.last {
            let a = last.castValue, b = value.castValue
            if NDArray.isNaN(a) && NDArray.isNaN(b) { continue }
            if !Reducer.greater(b, a) && !NDArray.isNaN(b) { continue }
          }
          result.append(value)
        }
        return T.buffer(result)
      }
    }
    let buffer = sorted.buffer.visit(Distinct())
    return NDArray(validShape: [buffer.count], buffer: buffer)
  }

  /// `np.count_nonzero(a)`.
  public func countNonzero() -> Int {
    nonzero().first.map { $0.count } ?? 0
  }

  /// `np.isclose(a, b, rtol, atol, equal_nan)`, as NumPy computes it:
  /// `(|a − b| ≤ atol + rtol·|b|) & isfinite(b) | (a == b)`, with `b` in a float dtype and
  /// the tolerances as weak Python floats (so float32 inputs compare in float32).
  public static func isClose(_ a: Operand, _ b: Operand, rtol: Double = 1e-5, atol: Double = 1e-8, equalNaN: Bool = false)
    throws(ShapeError) -> NDArray
  {
    let y: Operand
    switch b {
    case .array(let array): y = .array(try array.astype(Promotion.resultType([b, .float(1)])))
    case .int(let value): y = .float(Double(value))
    case .bool(let flag): y = .array(try NDArray(scalar: flag).astype(.float64))
    default: y = b
    }
    let difference = try UnaryUfunc.absolute(.array(try BinaryUfunc.subtract(a, y)))
    let bound = try BinaryUfunc.add(.float(atol), .array(try BinaryUfunc.multiply(.float(rtol), .array(try UnaryUfunc.absolute(y)))))
    let within = try BinaryUfunc.bitwiseAnd(.array(try BinaryUfunc.lessEqual(.array(difference), .array(bound))), .array(try UnaryUfunc.isfinite(y)))
    var result = try BinaryUfunc.bitwiseOr(.array(within), .array(try BinaryUfunc.equal(a, y)))
    if equalNaN {
      let bothNaN = try BinaryUfunc.bitwiseAnd(.array(try UnaryUfunc.isnan(a)), .array(try UnaryUfunc.isnan(y)))
      result = try BinaryUfunc.bitwiseOr(.array(result), .array(bothNaN))
    }
    return result
  }

  /// `np.diff(a, n=1, axis=-1)`.
  public func difference(axis: Int = -1) throws(ShapeError) -> NDArray {
    let axis = try Tensor.normalizeAxis(axis, rank: rank)
    var later = [ArrayIndex](repeating: .all, count: rank), earlier = later
    later[axis] = .slice(start: 1, stop: nil, step: nil)
    earlier[axis] = .slice(start: nil, stop: -1, step: nil)
    if dtype == .bool { return try BinaryUfunc.notEqual(.array(self[later]), .array(self[earlier])) }
    return try BinaryUfunc.subtract(.array(self[later]), .array(self[earlier]))
  }

  /// `a @ b` (`np.matmul`): 1-D operands are promoted to a row or column and the added axis is
  /// dropped; leading axes broadcast. Each element is a fused multiply-add chain over k from 0,
  /// as BLAS's gemm kernels compute it.
  public static func matmul(_ a: NDArray, _ b: NDArray) throws(ShapeError) -> NDArray {
    guard a.rank > 0 && b.rank > 0 else {
      throw .invalidArgument("Input operand \(a.rank == 0 ? 0 : 1) does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
    }
    let left = a.rank == 1 ? try a.reshaped([1, a.shape[0]]) : a
    let right = b.rank == 1 ? try b.reshaped([b.shape[0], 1]) : b
    let (n, k) = (left.shape[left.rank - 2], left.shape[left.rank - 1])
    let (k2, m) = (right.shape[right.rank - 2], right.shape[right.rank - 1])
    guard k == k2 else {
      throw .invalidArgument(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(k2) is different from \(k))")
    }
    let batch = try Tensor.broadcastShape(Array(left.shape.dropLast(2)), Array(right.shape.dropLast(2)))
    var shape = batch + [n, m]
    let dtype = DType.promote(a.dtype, b.dtype)
    let count = try Tensor.elementCount(of: shape, itemSize: dtype.itemSize)
    let lhs = try left.astype(dtype).broadcastView(to: batch + [n, k]).contiguous()
    let rhs = try right.astype(dtype).broadcastView(to: batch + [k, m]).contiguous()
    let batches = batch.reduce(1, *)
    struct Multiply: KindVisitor {
      let lhs: NDArray, rhs: NDArray, n: Int, k: Int, m: Int, batches: Int, count: Int
      func bool() -> ArrayBuffer {
        let x = lhs.bufferElements(Bool.self), y = rhs.bufferElements(Bool.self)
        return .bool(product(x, y, zero: false) { acc, p, q in acc || (p && q) })
      }
      func integer<T: IntegerElement>(_ type: T.Type) -> ArrayBuffer {
        T.buffer(product(lhs.bufferElements(T.self), rhs.bufferElements(T.self), zero: 0) { $0 &+ $1 &* $2 })
      }
      func float<T: FloatElement>(_ type: T.Type) -> ArrayBuffer {
        let x = lhs.bufferElements(T.self), y = rhs.bufferElements(T.self)
        if T.self == Float.self && MatrixProduct.isFused {
          return .float32(gemm(unsafeBitCast(x, to: [Float].self), unsafeBitCast(y, to: [Float].self)))
        }
        return T.buffer(product(x, y, zero: 0) { $1.addingProduct2($2, $0) })
      }
      /// float32 through the blocked GEMM, batch by batch.
      func gemm(_ x: [Float], _ y: [Float]) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { result, initialized in
          x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { y in
              for index in 0..<batches {
                if Interruption.isRequested { break }
                MatrixProduct.float32(
                  x.baseAddress! + index * n * k, y.baseAddress! + index * k * m,
                  into: result.baseAddress! + index * n * m, m: n, n: m, k: k)
              }
            }
          }
          if Interruption.isRequested { result.initialize(repeating: 0) }
          initialized = count
        }
      }
      func product<T>(_ x: [T], _ y: [T], zero: T, _ step: (T, T, T) -> T) -> [T] {
        var result = [T](repeating: zero, count: count)
        batchLoop: for index in 0..<batches {
          let xBase = index * n * k, yBase = index * k * m, outBase = index * n * m
          for row in 0..<n {
            // Per row: one float64 batch of 3000² by 3000² runs for minutes.
            if Interruption.isRequested { break batchLoop }
            for column in 0..<m {
              var accumulator = zero
              for inner in 0..<k {
                accumulator = step(accumulator, x[xBase + row * k + inner], y[yBase + inner * m + column])
              }
              result[outBase + row * m + column] = accumulator
            }
          }
        }
        return result
      }
    }
    let buffer = dtype.visit(Multiply(lhs: lhs, rhs: rhs, n: n, k: k, m: m, batches: batches, count: count))
    var result = NDArray(validShape: shape, buffer: buffer)
    if a.rank == 1 { shape.remove(at: shape.count - 2) }
    if b.rank == 1 { shape.removeLast() }
    result = try result.reshaped(shape)
    return result
  }
}

extension FloatElement {
  /// `acc + self·other` with one rounding (fused), as a BLAS kernel's FMA accumulates.
  @inline(__always)
  func addingProduct2(_ other: Self, _ accumulator: Self) -> Self {
    accumulator.addingProduct(self, other)
  }
}
