import RealModule

#if canImport(Glibc)
  import Glibc
  /// C's `pow` (RealModule's `pow` is nan for every negative base).
  @inline(__always) func cPow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
#elseif canImport(Darwin)
  import Darwin
  @inline(__always) func cPow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) }
#endif

/// A value in transit between dtypes: casts go through it so that each one rounds once, as a
/// C cast does (an int64 becomes a float32 directly, never through a float64).
public enum CastValue: Sendable {
  case bool(Bool)
  case int(Int64)
  case uint(UInt64)
  case float(Double)
}

/// One element type of `NDArray`: how its values live in an `ArrayBuffer`, and how NumPy casts
/// to and from it.
public protocol ArrayElement: Sendable, Equatable {
  static var dtype: DType { get }
  static func elements(of buffer: ArrayBuffer) -> [Self]?
  static func buffer(_ elements: [Self]) -> ArrayBuffer
  var castValue: CastValue { get }
  /// NumPy's `astype` (C's conversions as x86 performs them: see `truncatingInt64`).
  init(cast value: CastValue)
  static var zero: Self { get }
  static var one: Self { get }
}

extension CastValue {
  public var isTrue: Bool {
    switch self {
    case .bool(let flag): return flag
    case .int(let value): return value != 0
    case .uint(let value): return value != 0
    case .float(let value): return value != 0
    }
  }

  /// The integer a C cast gives on x86-64 (`cvttsd2si`): toward zero, and the "integer
  /// indefinite" 0x8000… for NaN and values out of range. Narrower targets take the low bits
  /// of a 32-bit conversion (`int8`, `int16`, `uint8`, `uint16`, `int32`) or of a 64-bit one
  /// (`uint32`, `int64`), as compilers emit them; `uint64` converts values from 2⁶³ up by
  /// offsetting them, as compilers do. NumPy's casts of NaN, ±inf and out-of-range floats are
  /// those.
  static func truncatingInt32(_ value: Double) -> Int32 {
    guard value.isFinite, value > -2_147_483_649.0, value < 2_147_483_648.0 else { return .min }
    return Int32(value.rounded(.towardZero))
  }

  static func truncatingInt64(_ value: Double) -> Int64 {
    guard value.isFinite, value >= -0x1p63, value < 0x1p63 else { return .min }
    return Int64(value.rounded(.towardZero))
  }

  static func truncatingUInt64(_ value: Double) -> UInt64 {
    if value >= 0x1p63 { return UInt64(bitPattern: truncatingInt64(value - 0x1p63)) ^ (1 << 63) }
    return UInt64(bitPattern: truncatingInt64(value))
  }

  /// The value as a 64-bit pattern for integer targets that take the low bits of a 32-bit
  /// conversion.
  var bits32: Int64 {
    switch self {
    case .bool(let flag): return flag ? 1 : 0
    case .int(let value): return value
    case .uint(let value): return Int64(bitPattern: value)
    case .float(let value): return Int64(CastValue.truncatingInt32(value))
    }
  }

  /// The value as a 64-bit pattern for targets that take the low bits of a 64-bit conversion.
  var bits64: Int64 {
    switch self {
    case .bool(let flag): return flag ? 1 : 0
    case .int(let value): return value
    case .uint(let value): return Int64(bitPattern: value)
    case .float(let value): return CastValue.truncatingInt64(value)
    }
  }
}

extension Bool: ArrayElement {
  public static var dtype: DType { .bool }
  public static func elements(of buffer: ArrayBuffer) -> [Bool]? {
    if case .bool(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [Bool]) -> ArrayBuffer { .bool(elements) }
  public var castValue: CastValue { .bool(self) }
  public init(cast value: CastValue) { self = value.isTrue }
  public static var zero: Bool { false }
  public static var one: Bool { true }
}

/// Integer element types, with NumPy's wrapping arithmetic.
public protocol IntegerElement: ArrayElement, FixedWidthInteger {}

/// Float element types. float16 computes its functions in float32 and rounds, as NumPy does.
public protocol FloatElement: ArrayElement, BinaryFloatingPoint, Real {
  /// The value in double precision (exact).
  var double: Double { get }
  init(rounding value: Double)
  /// C's `pow`: real for integral powers of negative bases, unlike `Real.pow`.
  static func power(_ base: Self, _ exponent: Self) -> Self
  /// NumPy's kernels (`NumPyMath`) where NumPy has its own, the C library's elsewhere; float16
  /// computes in float32 and rounds, as NumPy does.
  static func numpyExp(_ x: Self) -> Self
  static func numpyLog(_ x: Self) -> Self
  static func numpySin(_ x: Self) -> Self
  static func numpyCos(_ x: Self) -> Self
  static func numpyTanh(_ x: Self) -> Self
}

extension IntegerElement {
  public static var zero: Self { 0 }
  public static var one: Self { 1 }
  public var castValue: CastValue {
    Self.isSigned ? .int(Int64(truncatingIfNeeded: self)) : .uint(UInt64(truncatingIfNeeded: self))
  }
}

extension FloatElement {
  public static var zero: Self { 0 }
  public static var one: Self { 1 }
  public var castValue: CastValue { .float(double) }
}

extension Int8: IntegerElement {
  public static var dtype: DType { .int8 }
  public static func elements(of buffer: ArrayBuffer) -> [Int8]? {
    if case .int8(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [Int8]) -> ArrayBuffer { .int8(elements) }
  public init(cast value: CastValue) { self.init(truncatingIfNeeded: value.bits32) }
}

extension Int16: IntegerElement {
  public static var dtype: DType { .int16 }
  public static func elements(of buffer: ArrayBuffer) -> [Int16]? {
    if case .int16(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [Int16]) -> ArrayBuffer { .int16(elements) }
  public init(cast value: CastValue) { self.init(truncatingIfNeeded: value.bits32) }
}

extension Int32: IntegerElement {
  public static var dtype: DType { .int32 }
  public static func elements(of buffer: ArrayBuffer) -> [Int32]? {
    if case .int32(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [Int32]) -> ArrayBuffer { .int32(elements) }
  public init(cast value: CastValue) { self.init(truncatingIfNeeded: value.bits32) }
}

extension Int64: IntegerElement {
  public static var dtype: DType { .int64 }
  public static func elements(of buffer: ArrayBuffer) -> [Int64]? {
    if case .int64(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [Int64]) -> ArrayBuffer { .int64(elements) }
  public init(cast value: CastValue) { self = value.bits64 }
}

extension UInt8: IntegerElement {
  public static var dtype: DType { .uint8 }
  public static func elements(of buffer: ArrayBuffer) -> [UInt8]? {
    if case .uint8(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [UInt8]) -> ArrayBuffer { .uint8(elements) }
  public init(cast value: CastValue) { self.init(truncatingIfNeeded: value.bits32) }
}

extension UInt16: IntegerElement {
  public static var dtype: DType { .uint16 }
  public static func elements(of buffer: ArrayBuffer) -> [UInt16]? {
    if case .uint16(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [UInt16]) -> ArrayBuffer { .uint16(elements) }
  public init(cast value: CastValue) { self.init(truncatingIfNeeded: value.bits32) }
}

extension UInt32: IntegerElement {
  public static var dtype: DType { .uint32 }
  public static func elements(of buffer: ArrayBuffer) -> [UInt32]? {
    if case .uint32(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [UInt32]) -> ArrayBuffer { .uint32(elements) }
  public init(cast value: CastValue) { self.init(truncatingIfNeeded: value.bits64) }
}

extension UInt64: IntegerElement {
  public static var dtype: DType { .uint64 }
  public static func elements(of buffer: ArrayBuffer) -> [UInt64]? {
    if case .uint64(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [UInt64]) -> ArrayBuffer { .uint64(elements) }
  public init(cast value: CastValue) {
    if case .float(let number) = value {
      self = CastValue.truncatingUInt64(number)
    } else {
      self.init(bitPattern: value.bits64)
    }
  }
}

extension Float16: FloatElement {
  public static var dtype: DType { .float16 }
  public static func elements(of buffer: ArrayBuffer) -> [Float16]? {
    if case .float16(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [Float16]) -> ArrayBuffer { .float16(elements) }
  public var double: Double { Double(self) }
  public init(rounding value: Double) { self.init(value) }
  public init(cast value: CastValue) {
    switch value {
    case .bool(let flag): self = flag ? 1 : 0
    case .int(let number): self.init(number)
    case .uint(let number): self.init(number)
    case .float(let number): self.init(number)
    }
  }
  public static func power(_ base: Float16, _ exponent: Float16) -> Float16 {
    Float16(powf(Float(base), Float(exponent)))
  }
  public static func numpyExp(_ x: Float16) -> Float16 { Float16(NumPyMath.exp(Float(x))) }
  public static func numpyLog(_ x: Float16) -> Float16 { Float16(NumPyMath.log(Float(x))) }
  public static func numpySin(_ x: Float16) -> Float16 { Float16(NumPyMath.sin(Float(x))) }
  public static func numpyCos(_ x: Float16) -> Float16 { Float16(NumPyMath.cos(Float(x))) }
  public static func numpyTanh(_ x: Float16) -> Float16 { Float16(NumPyMath.tanh(Float(x))) }
}

extension Float: FloatElement {
  public static var dtype: DType { .float32 }
  public static func elements(of buffer: ArrayBuffer) -> [Float]? {
    if case .float32(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [Float]) -> ArrayBuffer { .float32(elements) }
  public var double: Double { Double(self) }
  public init(rounding value: Double) { self.init(value) }
  public init(cast value: CastValue) {
    switch value {
    case .bool(let flag): self = flag ? 1 : 0
    case .int(let number): self.init(number)
    case .uint(let number): self.init(number)
    case .float(let number): self.init(number)
    }
  }
  public static func power(_ base: Float, _ exponent: Float) -> Float { powf(base, exponent) }
  public static func numpyExp(_ x: Float) -> Float { NumPyMath.exp(x) }
  public static func numpyLog(_ x: Float) -> Float { NumPyMath.log(x) }
  public static func numpySin(_ x: Float) -> Float { NumPyMath.sin(x) }
  public static func numpyCos(_ x: Float) -> Float { NumPyMath.cos(x) }
  public static func numpyTanh(_ x: Float) -> Float { NumPyMath.tanh(x) }
}

extension Double: FloatElement {
  public static var dtype: DType { .float64 }
  public static func elements(of buffer: ArrayBuffer) -> [Double]? {
    if case .float64(let elements) = buffer { return elements }
    return nil
  }
  public static func buffer(_ elements: [Double]) -> ArrayBuffer { .float64(elements) }
  public var double: Double { self }
  public init(rounding value: Double) { self = value }
  public init(cast value: CastValue) {
    switch value {
    case .bool(let flag): self = flag ? 1 : 0
    case .int(let number): self.init(number)
    case .uint(let number): self.init(number)
    case .float(let number): self = number
    }
  }
  public static func power(_ base: Double, _ exponent: Double) -> Double { cPow(base, exponent) }
  public static func numpyExp(_ x: Double) -> Double { Double.exp(x) }
  public static func numpyLog(_ x: Double) -> Double { Double.log(x) }
  public static func numpySin(_ x: Double) -> Double { Double.sin(x) }
  public static func numpyCos(_ x: Double) -> Double { Double.cos(x) }
  public static func numpyTanh(_ x: Double) -> Double { NumPyMath.tanh(x) }
}
