import Tensors

/// Creation functions, named and behaving as NumPy's (float64 unless a dtype is given).
extension NDArray {
  /// An array of `shape` with every element `value` cast to `dtype` (`np.full`).
  public static func full(_ shape: [Int], _ value: CastValue, dtype: DType) throws(ShapeError) -> NDArray {
    let count = try Tensor.elementCount(of: shape, itemSize: dtype.itemSize)
    struct Fill: DTypeVisitor {
      let value: CastValue
      let count: Int
      func visit<T: ArrayElement>(_ type: T.Type) -> ArrayBuffer {
        T.buffer([T](repeating: T(cast: value), count: count))
      }
    }
    return NDArray(validShape: shape, buffer: dtype.visit(Fill(value: value, count: count)))
  }

  public static func zeros(_ shape: [Int], dtype: DType = .float64) throws(ShapeError) -> NDArray {
    try full(shape, .int(0), dtype: dtype)
  }

  public static func ones(_ shape: [Int], dtype: DType = .float64) throws(ShapeError) -> NDArray {
    try full(shape, .int(1), dtype: dtype)
  }

  /// Float64 values drawn in row-major order (`np.random.rand`, `randn`, `uniform`, `normal`).
  public static func sample(_ shape: [Int], _ draw: () -> Double) throws(ShapeError) -> NDArray {
    let count = try Tensor.elementCount(of: shape, itemSize: 8)
    var values = [Double](repeating: 0, count: count)
    for index in 0..<count {
      if index & 0xFFFF == 0 && Interruption.isRequested { break }
      values[index] = draw()
    }
    return NDArray(validShape: shape, buffer: .float64(values))
  }

  /// `np.arange(start, stop, step)`: integers (int64) when all three are, else float64; or
  /// `dtype`. Element i is `start + i·delta`, computed in the dtype as NumPy's fill does, with
  /// `delta = (start + step) − start` there.
  public static func arange(start: Operand, stop: Operand, step: Operand, dtype: DType?) throws(ShapeError) -> NDArray {
    func double(_ operand: Operand) -> Double {
      switch operand {
      case .int(let value): return Double(value)
      case .float(let value): return value
      case .bool(let flag): return flag ? 1 : 0
      case .array(let array):
        if case .float(let value)? = array.scalarValue { return value }
        if case .int(let value)? = array.scalarValue { return Double(value) }
        if case .uint(let value)? = array.scalarValue { return Double(value) }
        return array.scalarValue?.isTrue == true ? 1 : 0
      }
    }
    let inferred = Promotion.resultType([start, stop, step])
    let type = dtype ?? (inferred == .bool ? .int64 : inferred)
    if case .int(let first) = start, case .int(let last) = stop, case .int(let delta) = step, !type.isFloat {
      guard delta != 0 else { throw .invalidArgument("step must not be zero (NumPy: ZeroDivisionError)") }
      let span = delta > 0 ? last.subtractingReportingOverflow(first) : first.subtractingReportingOverflow(last)
      guard !span.overflow else { throw .invalidArgument("the range is too long") }
      let length = span.partialValue <= 0 ? 0 : (span.partialValue - 1) / delta.magnitude.toInt + 1
      try MemoryLimit.check(count: length, itemSize: type.itemSize, shape: [length], what: "arange")
      var values = [Int64](repeating: 0, count: length)
      for index in 0..<length { values[index] = Int64(first) &+ Int64(index) &* Int64(delta) }
      return try NDArray(shape: [length], elements: values).astype(type)
    }
    let first = double(start), last = double(stop), delta = double(step)
    guard delta != 0 else { throw .invalidArgument("step must not be zero (NumPy: ZeroDivisionError)") }
    guard first.isFinite, last.isFinite, delta.isFinite else {
      throw .invalidArgument("start, stop and step must be finite")
    }
    let span = ((last - first) / delta).rounded(.up)
    guard span.isFinite, span < 0x1p62 else {
      throw .invalidArgument("\(span.isFinite ? "\(span)" : "more than 2**63") elements is too many")
    }
    let length = max(0, Int(span))
    try MemoryLimit.check(count: length, itemSize: type.itemSize, shape: [length], what: "arange")
    struct Fill: KindVisitor {
      let first: Double, second: Double, length: Int
      func bool() -> ArrayBuffer { .bool((0..<length).map { $0 == 0 ? first != 0 : second != 0 }) }
      func integer<T: IntegerElement>(_ type: T.Type) -> ArrayBuffer {
        let start = T(cast: .float(first)), delta = T(cast: .float(second)) &- start
        return T.buffer((0..<length).map { start &+ T(truncatingIfNeeded: $0) &* delta })
      }
      func float<T: FloatElement>(_ type: T.Type) -> ArrayBuffer {
        if T.self == Float16.self {  // computed in float32, as NumPy's HALF_fill
          let start = Float(Float16(first)), delta = Float(Float16(second)) - start
          return T.buffer((0..<length).map { index in index < 2 ? T(rounding: index == 0 ? first : second) : T(Float(index) * delta + start) })
        }
        let start = T(rounding: first), delta = T(rounding: second) - start
        return T.buffer((0..<length).map { index in index == 0 ? start : (index == 1 ? T(rounding: second) : start + T(index) * delta) })
      }
    }
    return NDArray(validShape: [length], buffer: type.visit(Fill(first: first, second: first + delta, length: length)))
  }

  /// `np.linspace(start, stop, num, endpoint)`: float64 values `start + i·step`, the last one
  /// exactly `stop` with `endpoint`.
  public static func linspace(_ start: Double, _ stop: Double, count: Int = 50, endpoint: Bool = true) throws(ShapeError)
    -> NDArray
  {
    guard count >= 0 else { throw .invalidArgument("number of samples, \(count), must be non-negative") }
    try MemoryLimit.check(count: count, itemSize: 8, shape: [count], what: "linspace")
    let divisions = endpoint ? count - 1 : count
    let delta = stop - start
    var values: [Double]
    if divisions > 0 {
      let step = delta / Double(divisions)
      values = step == 0
        ? (0..<count).map { Double($0) / Double(divisions) * delta + start }
        : (0..<count).map { Double($0) * step + start }
    } else {
      values = (0..<count).map { Double($0) * delta + start }
    }
    if endpoint && count > 1 { values[count - 1] = stop }
    return NDArray(validShape: [count], buffer: .float64(values))
  }

  /// `np.eye(N, M, k)`: ones on diagonal `k` (above the main one for k > 0).
  public static func eye(_ rows: Int, columns: Int? = nil, diagonal k: Int = 0, dtype: DType = .float64) throws(ShapeError)
    -> NDArray
  {
    let columns = columns ?? rows
    let count = try Tensor.elementCount(of: [rows, columns], itemSize: 8)
    var values = [Double](repeating: 0, count: count)
    for row in 0..<rows {
      let (column, overflow) = row.addingReportingOverflow(k)
      if !overflow && column >= 0 && column < columns { values[row * columns + column] = 1 }
    }
    return try NDArray(validShape: [rows, columns], buffer: .float64(values)).astype(dtype)
  }

  /// A nested list of Python values, as written in source (`[[1, 2], [3, 4]]`).
  public indirect enum Nested: Sendable {
    case value(Operand)
    case list([Nested])
  }

  /// `np.array(nested, dtype)`: the dtype is the promotion of the items (Python ints int64,
  /// floats float64, bools bool; arrays their own) unless given; every list at one depth has
  /// the same length.
  public init(nested: Nested, dtype: DType? = nil) throws(ShapeError) {
    // The shape comes from the first item at each depth; items that are arrays add their axes.
    var shape: [Int] = []
    var level = nested
    while case .list(let items) = level {
      shape.append(items.count)
      guard let first = items.first else { break }
      level = first
    }
    if case .value(.array(let array)) = level { shape += array.shape }
    var leaves: [NDArray] = []
    var inferred: DType?
    func visit(_ node: Nested, depth: Int) throws(ShapeError) {
      switch node {
      case .value(let operand):
        let leaf: NDArray
        switch operand {
        case .array(let array): leaf = array
        case .int(let value): leaf = NDArray(scalar: Int64(value))
        case .float(let value): leaf = NDArray(scalar: value)
        case .bool(let flag): leaf = NDArray(scalar: flag)
        }
        guard Array(shape[depth...]) == leaf.shape else { throw .inhomogeneous(depth: depth) }
        inferred = inferred.map { DType.promote($0, leaf.dtype) } ?? leaf.dtype
        leaves.append(leaf)
      case .list(let items):
        guard depth < shape.count, items.count == shape[depth] else { throw .inhomogeneous(depth: depth) }
        for item in items { try visit(item, depth: depth + 1) }
      }
    }
    try visit(nested, depth: 0)
    let type = dtype ?? inferred ?? .float64
    let count = try Tensor.elementCount(of: shape, itemSize: type.itemSize)
    struct Gather: DTypeVisitor {
      let leaves: [NDArray]
      let count: Int
      func visit<T: ArrayElement>(_ type: T.Type) -> ArrayBuffer {
        var values: [T] = []
        values.reserveCapacity(count)
        for leaf in leaves {
          let buffer = leaf.buffer
          leaf.forEachPosition { values.append(T(cast: valueAt(buffer, $0))) }
        }
        return T.buffer(values)
      }
    }
    self.init(validShape: shape, buffer: type.visit(Gather(leaves: leaves, count: count)))
  }
}

/// The value at `position` of `buffer`.
func valueAt(_ buffer: ArrayBuffer, _ position: Int) -> CastValue {
  switch buffer {
  case .bool(let elements): return .bool(elements[position])
  case .int8(let elements): return elements[position].castValue
  case .int16(let elements): return elements[position].castValue
  case .int32(let elements): return elements[position].castValue
  case .int64(let elements): return .int(elements[position])
  case .uint8(let elements): return elements[position].castValue
  case .uint16(let elements): return elements[position].castValue
  case .uint32(let elements): return elements[position].castValue
  case .uint64(let elements): return .uint(elements[position])
  case .float16(let elements): return .float(Double(elements[position]))
  case .float32(let elements): return .float(Double(elements[position]))
  case .float64(let elements): return .float(elements[position])
  }
}

extension UInt {
  var toInt: Int { Int(truncatingIfNeeded: self) }
}

extension NDArray {
  /// `a.astype(dtype)`: every element cast as C casts it, laid out in `a`'s memory order.
  public func astype(_ target: DType) throws(ShapeError) -> NDArray {
    if target == dtype { return self }
    struct Source: DTypeVisitor {
      let array: NDArray
      let target: DType
      func visit<S: ArrayElement>(_ source: S.Type) -> Result<NDArray, ShapeError> {
        target.visit(CastTarget<S>(array: array))
      }
    }
    return try dtype.visit(Source(array: self, target: target)).get()
  }
}

/// The second half of a cast's double dispatch: from `S` to the visited type.
private struct CastTarget<S: ArrayElement>: DTypeVisitor {
  let array: NDArray
  func visit<D: ArrayElement>(_ type: D.Type) -> Result<NDArray, ShapeError> {
    Result { () throws(ShapeError) -> NDArray in
      try Elementwise.map(array) { (value: S) in D(cast: value.castValue) }
    }
  }
}
