/// The hot loops of NumPy arrays' float operations, `@inlinable` so that each ISA module
/// (compiled with its own `-target-cpu`) gets a copy vectorized for its unit; `Arrays` picks one
/// at run time. Every loop computes exactly what the scalar definition computes (NumPy's
/// kernels are ported operation for operation), so the choice of unit never changes a result.

/// Element-wise operations of two float operands.
public enum FloatBinaryLoop: Int32, Sendable {
  case add, subtract, multiply, divide
  /// NumPy's maximum and minimum on float32/float64: NaN if either is, the second operand of
  /// two equal ones (as its SIMD loops give).
  case maximum, minimum
}

/// Element-wise comparisons of two float operands, into booleans.
public enum FloatCompareLoop: Int32, Sendable {
  case less, lessEqual, greater, greaterEqual, equal, notEqual
}

/// Element-wise functions of one float operand.
public enum FloatUnaryLoop: Int32, Sendable {
  case negative, absolute, square, sqrt
  /// NumPy's float32 kernels (`loops_exponent_log.dispatch.c.src`); float64 has no loop here.
  case exp, log
}

/// One unit's loops. The operand steps are 0 (one value for every element) or 1.
public struct ArrayLoops: Sendable {
  public typealias Binary<T> = @Sendable (FloatBinaryLoop, UnsafePointer<T>, Int, UnsafePointer<T>, Int, UnsafeMutablePointer<T>, Int) -> Void
  public typealias Compare<T> = @Sendable (FloatCompareLoop, UnsafePointer<T>, Int, UnsafePointer<T>, Int, UnsafeMutablePointer<Bool>, Int) -> Void
  /// Returns false when the unit has no loop for the function (the caller loops itself).
  public typealias Unary<T> = @Sendable (FloatUnaryLoop, UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Bool
  /// `output[i] += input[i]` for `count` elements (the element-wise calls of a reduction).
  public typealias Accumulate<T> = @Sendable (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void
  /// The largest (`true`) or smallest of `initial` and `count` contiguous values, NaN if any is.
  public typealias Extreme<T> = @Sendable (UnsafePointer<T>, Int, T, Bool) -> T

  public let binaryFloat: Binary<Float>
  public let binaryDouble: Binary<Double>
  public let compareFloat: Compare<Float>
  public let compareDouble: Compare<Double>
  public let unaryFloat: Unary<Float>
  public let unaryDouble: Unary<Double>
  public let accumulateFloat: Accumulate<Float>
  public let accumulateDouble: Accumulate<Double>
  public let extremeFloat: Extreme<Float>
  public let extremeDouble: Extreme<Double>

  public init(
    binaryFloat: @escaping Binary<Float>, binaryDouble: @escaping Binary<Double>, compareFloat: @escaping Compare<Float>,
    compareDouble: @escaping Compare<Double>, unaryFloat: @escaping Unary<Float>, unaryDouble: @escaping Unary<Double>,
    accumulateFloat: @escaping Accumulate<Float>, accumulateDouble: @escaping Accumulate<Double>,
    extremeFloat: @escaping Extreme<Float>, extremeDouble: @escaping Extreme<Double>
  ) {
    self.binaryFloat = binaryFloat
    self.binaryDouble = binaryDouble
    self.compareFloat = compareFloat
    self.compareDouble = compareDouble
    self.unaryFloat = unaryFloat
    self.unaryDouble = unaryDouble
    self.accumulateFloat = accumulateFloat
    self.accumulateDouble = accumulateDouble
    self.extremeFloat = extremeFloat
    self.extremeDouble = extremeDouble
  }

  /// The loops compiled for the baseline CPU (no FMA unit: fused multiply-adds are library
  /// calls, exact but slow): for machines with neither AVX2 nor AVX-512.
  public static let portable = ArrayLoops(
    binaryFloat: { binaryLoop($0, $1, $2, $3, $4, $5, $6, SIMD4<Float>.self) },
    binaryDouble: { binaryLoop($0, $1, $2, $3, $4, $5, $6, SIMD2<Double>.self) },
    compareFloat: { compareLoop($0, $1, $2, $3, $4, $5, $6) },
    compareDouble: { compareLoop($0, $1, $2, $3, $4, $5, $6) },
    unaryFloat: { unaryLoopFloat($0, $1, $2, $3, SIMD4<Float>.self) },
    unaryDouble: { unaryLoopDouble($0, $1, $2, $3, SIMD2<Double>.self) },
    accumulateFloat: { accumulateLoop($0, $1, $2, SIMD4<Float>.self) },
    accumulateDouble: { accumulateLoop($0, $1, $2, SIMD2<Double>.self) },
    extremeFloat: { extremeLoop($0, $1, $2, $3, SIMD4<Float>.self) },
    extremeDouble: { extremeLoop($0, $1, $2, $3, SIMD2<Double>.self) })
}

@inlinable @inline(__always)
public func load<V: SIMD>(_ pointer: UnsafePointer<V.Scalar>, _: V.Type) -> V {
  UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
}

@inlinable @inline(__always)
public func store<V: SIMD>(_ value: V, _ pointer: UnsafeMutablePointer<V.Scalar>) {
  UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: V.self)
}

/// `out[i] = body(a[i], b[i])` in vectors of `V`, operand steps 0 (broadcast) or 1, then the
/// remainder one by one with `scalar` (the same operation).
@inlinable @inline(__always)
public func pairLoop<V: SIMD>(
  _ a: UnsafePointer<V.Scalar>, _ aStep: Int, _ b: UnsafePointer<V.Scalar>, _ bStep: Int,
  _ out: UnsafeMutablePointer<V.Scalar>, _ count: Int, _: V.Type, _ vector: (V, V) -> V,
  _ scalar: (V.Scalar, V.Scalar) -> V.Scalar
) {
  let width = V.scalarCount
  var i = 0
  switch (aStep, bStep) {
  case (1, 1):
    while i + width <= count {
      store(vector(load(a + i, V.self), load(b + i, V.self)), out + i)
      i += width
    }
    while i < count {
      out[i] = scalar(a[i], b[i])
      i += 1
    }
  case (1, _):
    let y = V(repeating: b[0])
    while i + width <= count {
      store(vector(load(a + i, V.self), y), out + i)
      i += width
    }
    while i < count {
      out[i] = scalar(a[i], b[0])
      i += 1
    }
  case (_, 1):
    let x = V(repeating: a[0])
    while i + width <= count {
      store(vector(x, load(b + i, V.self)), out + i)
      i += width
    }
    while i < count {
      out[i] = scalar(a[0], b[i])
      i += 1
    }
  default:
    let value = scalar(a[0], b[0])
    for index in 0..<count { out[index] = value }
  }
}

/// `out[i] = body(a[i], b[i])` written element by element for LLVM's loop vectorizer: selects
/// written with Swift's generic SIMD masks (`replacing(with:where:)`) came out lane by lane
/// (np.maximum ran at a third of NumPy's speed), the plain loop becomes compare-and-blend.
@inlinable @inline(__always)
public func plainPairLoop<T>(
  _ a: UnsafePointer<T>, _ aStep: Int, _ b: UnsafePointer<T>, _ bStep: Int, _ out: UnsafeMutablePointer<T>,
  _ count: Int, _ body: (T, T) -> T
) {
  switch (aStep, bStep) {
  case (1, 1): for i in 0..<count { out[i] = body(a[i], b[i]) }
  case (1, _):
    let y = b[0]
    for i in 0..<count { out[i] = body(a[i], y) }
  case (_, 1):
    let x = a[0]
    for i in 0..<count { out[i] = body(x, b[i]) }
  default:
    let value = body(a[0], b[0])
    for index in 0..<count { out[index] = value }
  }
}

@inlinable @inline(__always)
public func binaryLoop<V: SIMD>(
  _ op: FloatBinaryLoop, _ a: UnsafePointer<V.Scalar>, _ aStep: Int, _ b: UnsafePointer<V.Scalar>, _ bStep: Int,
  _ out: UnsafeMutablePointer<V.Scalar>, _ count: Int, _ type: V.Type
) where V.Scalar: BinaryFloatingPoint {
  switch op {
  case .add: pairLoop(a, aStep, b, bStep, out, count, type, { $0 + $1 }, { $0 + $1 })
  case .subtract: pairLoop(a, aStep, b, bStep, out, count, type, { $0 - $1 }, { $0 - $1 })
  case .multiply: pairLoop(a, aStep, b, bStep, out, count, type, { $0 * $1 }, { $0 * $1 })
  case .divide: pairLoop(a, aStep, b, bStep, out, count, type, { $0 / $1 }, { $0 / $1 })
  case .maximum: plainPairLoop(a, aStep, b, bStep, out, count) { $0 > $1 || $0 != $0 ? $0 : $1 }
  case .minimum: plainPairLoop(a, aStep, b, bStep, out, count) { $0 < $1 || $0 != $0 ? $0 : $1 }
  }
}

@inlinable @inline(__always)
public func compareLoop<T: BinaryFloatingPoint>(
  _ op: FloatCompareLoop, _ a: UnsafePointer<T>, _ aStep: Int, _ b: UnsafePointer<T>, _ bStep: Int,
  _ out: UnsafeMutablePointer<Bool>, _ count: Int
) {
  @inline(__always) func each(_ test: (T, T) -> Bool) {
    for i in 0..<count { out[i] = test(a[i &* aStep], b[i &* bStep]) }
  }
  switch op {
  case .less: each { $0 < $1 }
  case .lessEqual: each { $0 <= $1 }
  case .greater: each { $0 > $1 }
  case .greaterEqual: each { $0 >= $1 }
  case .equal: each { $0 == $1 }
  case .notEqual: each { $0 != $1 }
  }
}

/// IEEE negation (SIMD's prefix minus is `0 - x`, which turns -0 into 0, not 0 into -0).
@inlinable @inline(__always)
public func flipSign<V: SIMD>(_ x: V) -> V where V.Scalar: BinaryFloatingPoint {
  unsafeBitCast(unsafeBitCast(x, to: V.MaskStorage.self) ^ V.MaskStorage(repeating: .min), to: V.self)
}

/// The magnitude, sign bit cleared (so |-0| is 0).
@inlinable @inline(__always)
public func clearSign<V: SIMD>(_ x: V) -> V where V.Scalar: BinaryFloatingPoint {
  unsafeBitCast(unsafeBitCast(x, to: V.MaskStorage.self) & V.MaskStorage(repeating: .max), to: V.self)
}

/// `out[i] = body(x[i])` in vectors of `V`, then the remainder one by one.
@inlinable @inline(__always)
public func mapLoop<V: SIMD>(
  _ x: UnsafePointer<V.Scalar>, _ out: UnsafeMutablePointer<V.Scalar>, _ count: Int, _: V.Type, _ vector: (V) -> V,
  _ scalar: (V.Scalar) -> V.Scalar
) {
  let width = V.scalarCount
  var i = 0
  while i + width <= count {
    store(vector(load(x + i, V.self)), out + i)
    i += width
  }
  while i < count {
    out[i] = scalar(x[i])
    i += 1
  }
}

@inlinable @inline(__always)
public func unaryLoopFloat<V: SIMD>(
  _ op: FloatUnaryLoop, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int, _ type: V.Type
) -> Bool where V.Scalar == Float {
  switch op {
  case .negative: mapLoop(x, out, count, type, { flipSign($0) }, { -$0 })
  case .absolute: mapLoop(x, out, count, type, { clearSign($0) }, { Swift.abs($0) })
  case .square: mapLoop(x, out, count, type, { $0 * $0 }, { $0 * $0 })
  case .sqrt: mapLoop(x, out, count, type, { $0.squareRoot() }, { $0.squareRoot() })
  // The branch-free scalar forms in plain loops, which LLVM vectorizes whole; the generic SIMD
  // forms' masks came out lane by lane (exp at a quarter of NumPy's speed).
  case .exp: for i in 0..<count { out[i] = numpyExpFloat(x[i]) }
  case .log: for i in 0..<count { out[i] = numpyLogFloat(x[i]) }
  }
  return true
}

@inlinable @inline(__always)
public func unaryLoopDouble<V: SIMD>(
  _ op: FloatUnaryLoop, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int, _ type: V.Type
) -> Bool where V.Scalar == Double {
  switch op {
  case .negative: mapLoop(x, out, count, type, { flipSign($0) }, { -$0 })
  case .absolute: mapLoop(x, out, count, type, { clearSign($0) }, { Swift.abs($0) })
  case .square: mapLoop(x, out, count, type, { $0 * $0 }, { $0 * $0 })
  case .sqrt: mapLoop(x, out, count, type, { $0.squareRoot() }, { $0.squareRoot() })
  case .exp, .log: return false
  }
  return true
}

@inlinable @inline(__always)
public func accumulateLoop<V: SIMD>(
  _ x: UnsafePointer<V.Scalar>, _ out: UnsafeMutablePointer<V.Scalar>, _ count: Int, _: V.Type
) where V.Scalar: BinaryFloatingPoint {
  let width = V.scalarCount
  var i = 0
  while i + width <= count {
    store(load(out + i, V.self) + load(x + i, V.self), out + i)
    i += width
  }
  while i < count {
    out[i] += x[i]
    i += 1
  }
}

/// The maximum (or minimum) of `initial` and `count` values in vector lanes, then across the
/// lanes in order: NaN if any value is; of equal values (0 and -0) a lane keeps the later, as
/// NumPy's SIMD reduction does.
@inlinable @inline(__always)
public func extremeLoop<T: BinaryFloatingPoint, V: SIMD>(
  _ x: UnsafePointer<T>, _ count: Int, _ initial: T, _ largest: Bool, _: V.Type
) -> T where V.Scalar == T, T: SIMDScalar {
  @inline(__always) func pick(_ accumulator: T, _ value: T) -> T {
    if largest { return accumulator > value || accumulator != accumulator ? accumulator : value }
    return accumulator < value || accumulator != accumulator ? accumulator : value
  }
  let width = V.scalarCount
  var result = initial
  var index = 0
  if count >= 4 * width {
    // Lanes in memory, updated element by element: LLVM turns the fixed-width inner loop into
    // compare-and-blend vectors, where Swift's generic SIMD masks came out lane by lane.
    withUnsafeTemporaryAllocation(of: T.self, capacity: width) { lanes in
      let acc = lanes.baseAddress!
      acc.initialize(repeating: initial, count: width)
      while index + width <= count {
        let chunk = x + index
        for lane in 0..<width { acc[lane] = pick(acc[lane], chunk[lane]) }
        index += width
      }
      for lane in 0..<width { result = pick(result, acc[lane]) }
    }
  }
  while index < count {
    result = pick(result, x[index])
    index += 1
  }
  return result
}

/// `2^exponent` for -126 ≤ exponent ≤ 127.
@inlinable @inline(__always)
public func powerOfTwo(_ exponent: Int32) -> Float {
  Float(bitPattern: UInt32(bitPattern: (exponent &+ 127) &<< 23))
}


/// NumPy's float32 exp (`simd_exp_FLOAT`): Cody–Waite reduction by ln 2, a rational minimax
/// approximation, then `scalef` (here two exact power-of-two steps, the second rounding once).
/// Written without branches so that the loop around it vectorizes.
@inlinable @inline(__always)
public func numpyExpFloat(_ input: Float) -> Float {
  let isNaN = input != input
  let overflow = input >= 88.72283935546875
  let underflow = input <= -103.97208404541015625
  let x0: Float = isNaN || overflow || underflow ? 0 : input
  let magic: Float = 0x1.8p23
  let shifted = x0 * 1.442695040888963407359924681001892137 + magic
  let quadrant = shifted - magic
  var x = x0.addingProduct(quadrant, -6.93145752e-1)
  x = x.addingProduct(quadrant, -1.42860677e-6)
  x = x.addingProduct(quadrant, 0)
  var numerator: Float = 5.082762527590693718096e-04
  numerator = (6.757896990527504603057e-03 as Float).addingProduct(numerator, x)
  numerator = (5.114512081637298353406e-02 as Float).addingProduct(numerator, x)
  numerator = (2.473615434895520810817e-01 as Float).addingProduct(numerator, x)
  numerator = (7.257664613233124478488e-01 as Float).addingProduct(numerator, x)
  numerator = (9.999999999980870924916e-01 as Float).addingProduct(numerator, x)
  var denominator: Float = 2.159509375685829852307e-02
  denominator = (-2.742335390411667452936e-01 as Float).addingProduct(denominator, x)
  denominator = (1.0 as Float).addingProduct(denominator, x)
  // The integer quadrant from the rounding trick's bits (|k| < 2²²): a conversion would check
  // its range and keep the loop from vectorizing.
  let k = Int32(bitPattern: shifted.bitPattern &- magic.bitPattern)
  let half = k &>> 1
  let scaled = numerator / denominator * powerOfTwo(half) * powerOfTwo(k &- half)
  return isNaN ? .nan : (overflow ? .infinity : (underflow ? 0 : scaled))
}

/// NumPy's float32 log (`simd_log_FLOAT`): input = m·2^e with m in [0.5, 1), m doubled below
/// √½, a rational minimax approximation of log(1 + (m − 1)), plus e·ln 2.
@inlinable @inline(__always)
public func numpyLogFloat(_ input: Float) -> Float {
  let bits = input.bitPattern
  // Subnormals are scaled into the normal range first (getexp/getmant see them normalized).
  let subnormal = bits & 0x7F80_0000 == 0
  let normal: Float = subnormal ? input * 0x1p23 : input
  let normalBits = normal.bitPattern
  var exponent = Float(Int32(bitPattern: (normalBits >> 23) & 0xFF) &- 126 &- (subnormal ? 23 : 0))
  var x = Float(bitPattern: (normalBits & 0x007F_FFFF) | 0x3F00_0000)
  let low = x <= 0.707106781186547524400844362104849039
  x = low ? x + x : x
  exponent = low ? exponent - 1 : exponent
  x = x - 1
  var numerator: Float = 2.589979117907922693523e-02
  numerator = (3.808837741388407920751e-01 as Float).addingProduct(numerator, x)
  numerator = (1.480000633576506585156e+00 as Float).addingProduct(numerator, x)
  numerator = (2.112677543073053063722e+00 as Float).addingProduct(numerator, x)
  numerator = (9.999999999999998702752e-01 as Float).addingProduct(numerator, x)
  numerator = (0 as Float).addingProduct(numerator, x)
  var denominator: Float = 5.875095403124574342950e-03
  denominator = (1.546476374983906719538e-01 as Float).addingProduct(denominator, x)
  denominator = (9.864942958519418960339e-01 as Float).addingProduct(denominator, x)
  denominator = (2.453006071784736363091e+00 as Float).addingProduct(denominator, x)
  denominator = (2.612677543073109236779e+00 as Float).addingProduct(denominator, x)
  denominator = (1.0 as Float).addingProduct(denominator, x)
  let result = (numerator / denominator).addingProduct(exponent, 0.693147180559945309417)
  let isNaN = input != input
  return isNaN ? .nan : (input < 0 ? -.nan : (input == 0 ? -.infinity : (input == .infinity ? .infinity : result)))
}
