import ArrayLoops
import RealModule
import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// NumPy's two-input ufuncs, by their NumPy names.
public enum BinaryUfunc: String, Sendable, CaseIterable {
  case add, subtract, multiply
  case divide = "true_divide"
  case floorDivide = "floor_divide"
  case remainder, power, maximum, minimum, fmax, fmin
  case bitwiseAnd = "bitwise_and", bitwiseOr = "bitwise_or", bitwiseXor = "bitwise_xor"
  case leftShift = "left_shift", rightShift = "right_shift"
  case logicalAnd = "logical_and", logicalOr = "logical_or", logicalXor = "logical_xor"
  case arctan2, hypot
  case less, lessEqual = "less_equal", greater, greaterEqual = "greater_equal", equal
  case notEqual = "not_equal"

  public var isComparison: Bool {
    switch self {
    case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
    default: return false
    }
  }

  var isLogical: Bool { self == .logicalAnd || self == .logicalOr || self == .logicalXor }

  /// The dtype the loop runs in for inputs promoted to `common`, or the error NumPy gives.
  func loopType(_ common: DType, _ dtypes: [DType]) throws(ShapeError) -> DType {
    func unsupported() -> ShapeError { .unsupportedTypes(operation: rawValue, dtypes: dtypes.map(\.rawValue)) }
    switch self {
    case .subtract where common == .bool:
      throw .booleanOperation(
        operation: "subtract, the `-` operator,",
        advice: "use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
    case .divide:
      return common.isFloat ? common : .float64
    case .arctan2, .hypot:
      // Float-only loops: the smallest float every input casts to safely, input by input.
      return dtypes.dropFirst().reduce(dtypes[0].smallestSafeFloat) { DType.promote($0, $1.smallestSafeFloat) }
    case .floorDivide, .remainder, .power:
      return common == .bool ? .int8 : common
    case .bitwiseAnd, .bitwiseOr, .bitwiseXor:
      guard !common.isFloat else { throw unsupported() }
      return common
    case .leftShift, .rightShift:
      if common == .bool { return .int8 }
      guard common.isInteger else { throw unsupported() }
      return common
    default:
      return common
    }
  }

  /// `lhs ⊙ rhs` with broadcasting, NEP 50 promotion and NumPy's loop for the promoted dtype.
  public func callAsFunction(_ lhs: Operand, _ rhs: Operand) throws(ShapeError) -> NDArray {
    let shape = try Tensor.broadcastShape(lhs.shape, rhs.shape)
    let common = Promotion.resultType([lhs, rhs])
    let strongTypes = [lhs, rhs].map { $0.strongDType ?? common }
    let loop = try loopType(common, strongTypes)
    if isComparison, let result = try weakIntegerComparison(lhs, rhs, loop: loop, shape: shape) { return result }
    if isLogical {
      return try BinaryKernel(ufunc: self, a: lhs.array(as: .bool), b: rhs.array(as: .bool), shape: shape).run(.bool)
    }
    let a = try lhs.array(as: loop), b = try rhs.array(as: loop)
    if self == .power && loop.isSignedInteger && b.anyNegative() { throw .negativeIntegerPower }
    return try BinaryKernel(ufunc: self, a: a, b: b, shape: shape).run(loop)
  }

  /// Comparisons with a Python integer outside the array's integer range, which NumPy 2
  /// answers exactly (`uint8_array > -1` is all True) instead of wrapping the integer.
  private func weakIntegerComparison(_ lhs: Operand, _ rhs: Operand, loop: DType, shape: [Int]) throws(ShapeError)
    -> NDArray?
  {
    guard let bounds = loop.integerBounds else { return nil }
    func outside(_ operand: Operand) -> Int? {
      guard case .int(let value) = operand else { return nil }
      return value < bounds.min || (value > 0 && UInt64(value) > bounds.max) ? value : nil
    }
    let value: Int, flipped: Bool
    if let number = outside(rhs), case .array = lhs {
      (value, flipped) = (number, false)
    } else if let number = outside(lhs), case .array = rhs {
      (value, flipped) = (number, true)
    } else {
      return nil
    }
    // Every element is on the same side of an out-of-range integer.
    let elementIsBelow = value > 0
    let answer: Bool
    switch (self, elementIsBelow != flipped) {
    case (.less, let below), (.lessEqual, let below): answer = below
    case (.greater, let below), (.greaterEqual, let below): answer = !below
    case (.equal, _): answer = false
    default: answer = true
    }
    return try NDArray.full(shape, .bool(answer), dtype: .bool)
  }
}

extension NDArray {
  /// Whether any element is negative (for integer powers).
  func anyNegative() -> Bool {
    struct Check: ElementsVisitor {
      let array: NDArray
      func visit<T: ArrayElement>(_ elements: [T]) -> Bool {
        var found = false
        array.forEachPosition { position in
          switch elements[position].castValue {
          case .int(let value) where value < 0: found = true
          case .float(let value) where value < 0: found = true
          default: break
          }
        }
        return found
      }
    }
    return buffer.visit(Check(array: self))
  }
}

/// The typed loops of the binary ufuncs.
struct BinaryKernel: KindVisitor {
  let ufunc: BinaryUfunc
  let a: NDArray
  let b: NDArray
  let shape: [Int]

  func run(_ loop: DType) throws(ShapeError) -> NDArray {
    try loop.visit(self).get()
  }

  private func zip<T: ArrayElement, R: ArrayElement>(_ body: (T, T) -> R) -> Result<NDArray, ShapeError> {
    Result { () throws(ShapeError) -> NDArray in try Elementwise.zip(a, b, shape: shape, body) }
  }

  private func unsupported() -> Result<NDArray, ShapeError> {
    .failure(.unsupportedTypes(operation: ufunc.rawValue, dtypes: [a.dtype.rawValue, b.dtype.rawValue]))
  }

  func bool() -> Result<NDArray, ShapeError> {
    switch ufunc {
    case .add, .bitwiseOr, .logicalOr, .maximum, .fmax: return zip { (x: Bool, y: Bool) in x || y }
    case .multiply, .bitwiseAnd, .logicalAnd, .minimum, .fmin: return zip { (x: Bool, y: Bool) in x && y }
    case .bitwiseXor, .logicalXor, .notEqual: return zip { (x: Bool, y: Bool) in x != y }
    case .equal: return zip { (x: Bool, y: Bool) in x == y }
    case .less: return zip { (x: Bool, y: Bool) in !x && y }
    case .lessEqual: return zip { (x: Bool, y: Bool) in !x || y }
    case .greater: return zip { (x: Bool, y: Bool) in x && !y }
    case .greaterEqual: return zip { (x: Bool, y: Bool) in x || !y }
    default: return unsupported()
    }
  }

  func integer<T: IntegerElement>(_ type: T.Type) -> Result<NDArray, ShapeError> {
    switch ufunc {
    case .add: return zip { (x: T, y: T) in x &+ y }
    case .subtract: return zip { (x: T, y: T) in x &- y }
    case .multiply: return zip { (x: T, y: T) in x &* y }
    case .floorDivide: return zip { (x: T, y: T) in IntegerMath.floorDivide(x, y) }
    case .remainder: return zip { (x: T, y: T) in IntegerMath.remainder(x, y) }
    case .power: return zip { (x: T, y: T) in IntegerMath.power(x, y) }
    case .maximum, .fmax: return zip { (x: T, y: T) in Swift.max(x, y) }
    case .minimum, .fmin: return zip { (x: T, y: T) in Swift.min(x, y) }
    case .bitwiseAnd: return zip { (x: T, y: T) in x & y }
    case .bitwiseOr: return zip { (x: T, y: T) in x | y }
    case .bitwiseXor: return zip { (x: T, y: T) in x ^ y }
    case .leftShift: return zip { (x: T, y: T) in IntegerMath.shiftLeft(x, y) }
    case .rightShift: return zip { (x: T, y: T) in IntegerMath.shiftRight(x, y) }
    case .less: return zip { (x: T, y: T) in x < y }
    case .lessEqual: return zip { (x: T, y: T) in x <= y }
    case .greater: return zip { (x: T, y: T) in x > y }
    case .greaterEqual: return zip { (x: T, y: T) in x >= y }
    case .equal: return zip { (x: T, y: T) in x == y }
    case .notEqual: return zip { (x: T, y: T) in x != y }
    default: return unsupported()
    }
  }

  func float<T: FloatElement>(_ type: T.Type) -> Result<NDArray, ShapeError> {
    if let fast = vectorized(type) { return fast }
    switch ufunc {
    case .add: return zip { (x: T, y: T) in x + y }
    case .subtract: return zip { (x: T, y: T) in x - y }
    case .multiply: return zip { (x: T, y: T) in x * y }
    case .divide: return zip { (x: T, y: T) in x / y }
    case .floorDivide: return zip { (x: T, y: T) in x.flooredDivision(by: y).quotient }
    case .remainder: return zip { (x: T, y: T) in x.flooredDivision(by: y).remainder }
    case .power: return zip { (x: T, y: T) in T.power(x, y) }
    // NumPy's maximum: nan if either is. Of two equal operands (0 and -0) its SIMD loops
    // (float32, float64) give the second and its scalar float16 loop the first.
    case .maximum where T.self == Float16.self: return zip { (x: T, y: T) in x >= y || x.isNaN ? x : y }
    case .minimum where T.self == Float16.self: return zip { (x: T, y: T) in x <= y || x.isNaN ? x : y }
    case .maximum: return zip { (x: T, y: T) in x > y || x.isNaN ? x : y }
    case .minimum: return zip { (x: T, y: T) in x < y || x.isNaN ? x : y }
    case .fmax: return zip { (x: T, y: T) in x > y || y.isNaN ? x : y }
    case .fmin: return zip { (x: T, y: T) in x < y || y.isNaN ? x : y }
    case .arctan2: return zip { (x: T, y: T) in T.atan2(y: x, x: y) }
    case .hypot: return zip { (x: T, y: T) in T.hypot(x, y) }
    case .less: return zip { (x: T, y: T) in x < y }
    case .lessEqual: return zip { (x: T, y: T) in x <= y }
    case .greater: return zip { (x: T, y: T) in x > y }
    case .greaterEqual: return zip { (x: T, y: T) in x >= y }
    case .equal: return zip { (x: T, y: T) in x == y }
    case .notEqual: return zip { (x: T, y: T) in x != y }
    default: return unsupported()
    }
  }
}

extension BinaryKernel {
  /// The machine's vector loop for float32 and float64 arithmetic and comparisons, when the
  /// operands' innermost steps allow it.
  func vectorized<T: FloatElement>(_ type: T.Type) -> Result<NDArray, ShapeError>? {
    let loops = FastLoops.current
    do {
      if T.self == Float.self {
        if let op = ufunc.floatLoop {
          return try FastLoops.zip(a, b, shape: shape) { (x: UnsafePointer<Float>, sx: Int, y: UnsafePointer<Float>, sy: Int, o: UnsafeMutablePointer<Float>, n: Int) in
            loops.binaryFloat(op, x, sx, y, sy, o, n)
          }.map { .success($0) }
        }
        if let op = ufunc.compareLoop {
          return try FastLoops.zip(a, b, shape: shape) { (x: UnsafePointer<Float>, sx: Int, y: UnsafePointer<Float>, sy: Int, o: UnsafeMutablePointer<Bool>, n: Int) in
            loops.compareFloat(op, x, sx, y, sy, o, n)
          }.map { .success($0) }
        }
      } else if T.self == Double.self {
        if let op = ufunc.floatLoop {
          return try FastLoops.zip(a, b, shape: shape) { (x: UnsafePointer<Double>, sx: Int, y: UnsafePointer<Double>, sy: Int, o: UnsafeMutablePointer<Double>, n: Int) in
            loops.binaryDouble(op, x, sx, y, sy, o, n)
          }.map { .success($0) }
        }
        if let op = ufunc.compareLoop {
          return try FastLoops.zip(a, b, shape: shape) { (x: UnsafePointer<Double>, sx: Int, y: UnsafePointer<Double>, sy: Int, o: UnsafeMutablePointer<Bool>, n: Int) in
            loops.compareDouble(op, x, sx, y, sy, o, n)
          }.map { .success($0) }
        }
      }
    } catch let error as ShapeError {
      return .failure(error)
    } catch {
      preconditionFailure("\(error)")
    }
    return nil
  }
}

/// NumPy's integer arithmetic where C's would trap or be undefined.
enum IntegerMath {
  /// Floor division; by zero gives 0 and `min // -1` wraps to `min`, as NumPy's do (with a
  /// warning there).
  @inline(__always)
  static func floorDivide<T: FixedWidthInteger>(_ x: T, _ y: T) -> T {
    if y == 0 { return 0 }
    if T.isSigned && y == -1 { return 0 &- x }
    let quotient = x / y
    return (x % y != 0) && ((x < 0) != (y < 0)) ? quotient - 1 : quotient
  }

  /// The remainder with the divisor's sign; by zero gives 0.
  @inline(__always)
  static func remainder<T: FixedWidthInteger>(_ x: T, _ y: T) -> T {
    if y == 0 { return 0 }
    if T.isSigned && y == -1 { return 0 }
    let rest = x % y
    return rest != 0 && ((rest < 0) != (y < 0)) ? rest + y : rest
  }

  /// `x ** y` by squaring, wrapping; `y` is not negative (checked before).
  @inline(__always)
  static func power<T: FixedWidthInteger>(_ x: T, _ y: T) -> T {
    var result: T = 1, base = x, exponent = y
    while exponent > 0 {
      if exponent & 1 == 1 { result = result &* base }
      exponent >>= 1
      base = base &* base
    }
    return result
  }

  /// `x << y`: 0 once the shift reaches the width (or is negative, read as huge).
  @inline(__always)
  static func shiftLeft<T: FixedWidthInteger>(_ x: T, _ y: T) -> T {
    y >= 0 && y < T.bitWidth ? x << y : 0
  }

  /// `x >> y`: the sign fills once the shift reaches the width.
  @inline(__always)
  static func shiftRight<T: FixedWidthInteger>(_ x: T, _ y: T) -> T {
    if y >= 0 && y < T.bitWidth { return x >> y }
    return x < 0 ? ~0 : 0
  }
}
