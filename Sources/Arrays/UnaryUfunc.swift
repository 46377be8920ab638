import ArrayLoops
import RealModule
import Tensors

/// NumPy's one-input ufuncs, by their NumPy names.
public enum UnaryUfunc: String, Sendable, CaseIterable {
  case negative, positive, absolute, sign, invert
  case logicalNot = "logical_not"
  case isnan, isinf, isfinite, signbit
  case floor, ceil, trunc, rint, square
  case sqrt, cbrt, exp, exp2, expm1, log, log2, log10, log1p
  case sin, cos, tan, arcsin, arccos, arctan, sinh, cosh, tanh, arcsinh, arccosh, arctanh
  case deg2rad, rad2deg, reciprocal

  /// Functions of real numbers: integers and bools are cast to the smallest float that holds
  /// them (int8 → float16, int16 → float32, int32/int64 → float64), as NumPy picks the loop.
  var isFloatFunction: Bool {
    switch self {
    case .sqrt, .cbrt, .exp, .exp2, .expm1, .log, .log2, .log10, .log1p, .sin, .cos, .tan, .arcsin, .arccos,
      .arctan, .sinh, .cosh, .tanh, .arcsinh, .arccosh, .arctanh, .deg2rad, .rad2deg, .rint:
      return true
    default: return false
    }
  }

  /// `f(x)` with NumPy's loop for x's dtype.
  public func callAsFunction(_ operand: Operand) throws(ShapeError) -> NDArray {
    let common = Promotion.resultType([operand])
    switch (self, common) {
    case (.negative, .bool):
      throw .booleanOperation(
        operation: "negative, the `-` operator,", advice: "use the `~` operator or the logical_not function instead.")
    case (.positive, .bool), (.sign, .bool):
      throw .unsupportedTypes(operation: rawValue, dtypes: ["bool"])
    case (.invert, _) where common.isFloat:
      throw .unsupportedTypes(operation: rawValue, dtypes: [common.rawValue])
    default: break
    }
    let loop: DType
    if isFloatFunction {
      loop = common.smallestSafeFloat
    } else if (self == .square || self == .reciprocal) && common == .bool {
      loop = .int8
    } else {
      loop = common
    }
    let input = try operand.array(as: loop)
    return try loop.visit(UnaryKernel(ufunc: self, a: input)).get()
  }
}

/// The typed loops of the unary ufuncs.
struct UnaryKernel: KindVisitor {
  let ufunc: UnaryUfunc
  let a: NDArray

  private func map<T: ArrayElement, R: ArrayElement>(_ body: (T) -> R) -> Result<NDArray, ShapeError> {
    Result { () throws(ShapeError) -> NDArray in try Elementwise.map(a, body) }
  }

  private func unsupported() -> Result<NDArray, ShapeError> {
    .failure(.unsupportedTypes(operation: ufunc.rawValue, dtypes: [a.dtype.rawValue]))
  }

  func bool() -> Result<NDArray, ShapeError> {
    switch ufunc {
    case .absolute, .floor, .ceil, .trunc: return map { (x: Bool) in x }
    case .invert, .logicalNot: return map { (x: Bool) in !x }
    case .isnan, .isinf, .signbit: return map { (_: Bool) in false }
    case .isfinite: return map { (_: Bool) in true }
    default: return unsupported()
    }
  }

  func integer<T: IntegerElement>(_ type: T.Type) -> Result<NDArray, ShapeError> {
    switch ufunc {
    case .negative: return map { (x: T) in 0 &- x }
    case .positive, .floor, .ceil, .trunc: return map { (x: T) in x }
    case .absolute: return map { (x: T) in x < 0 ? 0 &- x : x }
    case .sign: return map { (x: T) -> T in x > 0 ? 1 : (x < 0 ? 0 &- 1 : 0) }
    case .invert: return map { (x: T) in ~x }
    case .logicalNot: return map { (x: T) in x == 0 }
    case .isnan, .isinf: return map { (_: T) in false }
    case .isfinite: return map { (_: T) in true }
    case .signbit: return map { (x: T) in x < 0 }
    case .square: return map { (x: T) in x &* x }
    // NumPy's integer reciprocal is C's cast of 1.0 / x (so 1 / 0 is the "integer indefinite").
    case .reciprocal: return map { (x: T) in T(cast: .float(1.0 / Double(x))) }
    default: return unsupported()
    }
  }

  func float<T: FloatElement>(_ type: T.Type) -> Result<NDArray, ShapeError> {
    if let op = ufunc.floatLoop, let fast = vectorized(op, type) { return fast }
    switch ufunc {
    case .negative: return map { (x: T) in -x }
    case .positive: return map { (x: T) in x }
    case .absolute: return map { (x: T) in Swift.abs(x) }
    case .sign: return map { (x: T) -> T in x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0)) }
    case .logicalNot: return map { (x: T) in x == 0 }
    case .isnan: return map { (x: T) in x.isNaN }
    case .isinf: return map { (x: T) in x.isInfinite }
    case .isfinite: return map { (x: T) in x.isFinite }
    case .signbit: return map { (x: T) in x.sign == .minus }
    case .floor: return map { (x: T) in x.rounded(.down) }
    case .ceil: return map { (x: T) in x.rounded(.up) }
    case .trunc: return map { (x: T) in x.rounded(.towardZero) }
    case .rint: return map { (x: T) in x.rounded(.toNearestOrEven) }
    case .square: return map { (x: T) in x * x }
    case .sqrt: return map { (x: T) in x.squareRoot() }
    case .cbrt: return map { (x: T) in T.root(x, 3) }
    case .exp: return map { (x: T) in T.numpyExp(x) }
    case .exp2: return map { (x: T) in T.exp2(x) }
    case .expm1: return map { (x: T) in T.expMinusOne(x) }
    case .log: return map { (x: T) in T.numpyLog(x) }
    case .log2: return map { (x: T) in T.log2(x) }
    case .log10: return map { (x: T) in T.log10(x) }
    case .log1p: return map { (x: T) in T.log(onePlus: x) }
    case .sin: return map { (x: T) in T.numpySin(x) }
    case .cos: return map { (x: T) in T.numpyCos(x) }
    case .tan: return map { (x: T) in T.tan(x) }
    case .arcsin: return map { (x: T) in T.asin(x) }
    case .arccos: return map { (x: T) in T.acos(x) }
    case .arctan: return map { (x: T) in T.atan(x) }
    case .sinh: return map { (x: T) in T.sinh(x) }
    case .cosh: return map { (x: T) in T.cosh(x) }
    case .tanh: return map { (x: T) in T.numpyTanh(x) }
    case .arcsinh: return map { (x: T) in T.asinh(x) }
    case .arccosh: return map { (x: T) in T.acosh(x) }
    case .arctanh: return map { (x: T) in T.atanh(x) }
    // float16 computes these in float32 and rounds, as NumPy does.
    case .deg2rad: return map { (x: T) in T.self == Float16.self ? T(Float(x) * (Float.pi / 180)) : x * (T.pi / 180) }
    case .rad2deg: return map { (x: T) in T.self == Float16.self ? T(Float(x) * (180 / Float.pi)) : x * (180 / T.pi) }
    case .reciprocal: return map { (x: T) in 1 / x }
    case .invert: return unsupported()
    }
  }
}


extension UnaryKernel {
  /// The machine's vector loop for float32 and float64, when the input's innermost step is 1
  /// and the unit has the function.
  func vectorized<T: FloatElement>(_ op: FloatUnaryLoop, _ type: T.Type) -> Result<NDArray, ShapeError>? {
    let loops = FastLoops.current
    do {
      if T.self == Float.self {
        return try FastLoops.map(a) { (x: UnsafePointer<Float>, o: UnsafeMutablePointer<Float>, n: Int) in
          _ = loops.unaryFloat(op, x, o, n)
        }.map { .success($0) }
      }
      if T.self == Double.self, op != .exp, op != .log {
        return try FastLoops.map(a) { (x: UnsafePointer<Double>, o: UnsafeMutablePointer<Double>, n: Int) in
          _ = loops.unaryDouble(op, x, o, n)
        }.map { .success($0) }
      }
    } catch let error as ShapeError {
      return .failure(error)
    } catch {
      preconditionFailure("\(error)")
    }
    return nil
  }
}
