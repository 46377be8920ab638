import Tensors

/// An input to a NumPy operation: an array (NumPy scalars are 0-d arrays), or a Python number,
/// which NEP 50 treats as "weak": it takes the array's dtype instead of widening it
/// (`float32_array * 2.5` is float32, `int8_array + 1` is int8).
public enum Operand: Sendable {
  case array(NDArray)
  case int(Int)
  case float(Double)
  case bool(Bool)

  public var strongDType: DType? {
    switch self {
    case .array(let array): return array.dtype
    case .bool: return .bool  // Python's bool is NumPy's bool: the lowest kind, never weak
    default: return nil
    }
  }

  /// The operand as an array of `dtype`, broadcastable as it stands (Python numbers are 0-d).
  /// A Python integer must fit an integer dtype.
  public func array(as dtype: DType) throws(ShapeError) -> NDArray {
    switch self {
    case .array(let array): return array.dtype == dtype ? array : try array.astype(dtype)
    case .bool(let flag): return NDArray.scalar(.bool(flag), dtype: dtype)
    case .float(let value): return NDArray.scalar(.float(value), dtype: dtype)
    case .int(let value):
      if let bounds = dtype.integerBounds, value < bounds.min || (value > 0 && UInt64(value) > bounds.max) {
        throw .pythonIntegerOutOfBounds(value: String(value), dtype: dtype.rawValue)
      }
      return NDArray.scalar(.int(Int64(value)), dtype: dtype)
    }
  }

  public var shape: [Int] {
    if case .array(let array) = self { return array.shape }
    return []
  }
}

extension NDArray {
  /// A 0-d array of `dtype` holding `value` cast as `astype` casts.
  public static func scalar(_ value: CastValue, dtype: DType) -> NDArray {
    struct Make: DTypeVisitor {
      let value: CastValue
      func visit<T: ArrayElement>(_ type: T.Type) -> NDArray { NDArray(scalar: T(cast: value)) }
    }
    return dtype.visit(Make(value: value))
  }
}

/// NumPy 2's type promotion (NEP 50).
public enum Promotion {
  /// The dtype NumPy computes `operands` in: the promotion of the arrays' dtypes, where a
  /// Python int keeps it (bool becomes int64) and a Python float keeps a float dtype (bool and
  /// integers become float64). Python numbers alone give int64 or float64.
  public static func resultType(_ operands: [Operand]) -> DType {
    var strong: DType?
    var weakInt = false, weakFloat = false
    for operand in operands {
      switch operand {
      case .int: weakInt = true
      case .float: weakFloat = true
      default:
        let dtype = operand.strongDType!
        strong = strong.map { DType.promote($0, dtype) } ?? dtype
      }
    }
    guard let strong else { return weakFloat ? .float64 : .int64 }
    if weakFloat && !strong.isFloat { return .float64 }
    if weakInt && strong == .bool { return .int64 }
    return strong
  }
}
