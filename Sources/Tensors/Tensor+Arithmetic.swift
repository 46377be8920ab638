import RealModule

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Element-wise binary operations with NumPy broadcasting: shapes are aligned at their last
/// axes, and an axis of extent 1 (or a missing one) stretches to match the other.
extension Tensor {
  /// The broadcast shape of two shapes, or an error naming both.
  public static func broadcastShape(_ lhs: [Int], _ rhs: [Int]) throws(ShapeError) -> [Int] {
    let rank = max(lhs.count, rhs.count)
    var result = [Int](repeating: 1, count: rank)
    for offset in 0..<rank {
      let left = offset < lhs.count ? lhs[lhs.count - 1 - offset] : 1
      let right = offset < rhs.count ? rhs[rhs.count - 1 - offset] : 1
      guard left == right || left == 1 || right == 1 else { throw .broadcast(lhs: lhs, rhs: rhs) }
      result[rank - 1 - offset] = left == 1 ? right : left
    }
    return result
  }

  /// This tensor seen at `shape` (which it must broadcast to): stretched axes get stride 0.
  func broadcastView(to shape: [Int]) -> StridedView {
    let own = strides
    let lead = shape.count - rank
    let viewStrides = shape.indices.map { axis -> Int in
      let source = axis - lead
      return source < 0 || self.shape[source] == 1 ? 0 : own[source]
    }
    return StridedView(shape: shape, strides: viewStrides)
  }

  /// `self` stretched to `shape` (`np.broadcast_to`).
  public func broadcast(to shape: [Int]) throws(ShapeError) -> Tensor {
    guard try Tensor.broadcastShape(self.shape, shape) == shape else {
      throw .broadcast(lhs: self.shape, rhs: shape)
    }
    return materialize(broadcastView(to: shape))
  }

  /// Applies `operation` pairwise after broadcasting both operands to a common shape.
  public static func zip(_ lhs: Tensor, _ rhs: Tensor, _ operation: (Float, Float) -> Float)
    throws(ShapeError) -> Tensor
  {
    if lhs.shape == rhs.shape {
      let scalars = lhs.scalars.withUnsafeBufferPointer { left in
        rhs.scalars.withUnsafeBufferPointer { right in
          [Float](unsafeUninitializedCapacity: left.count) { buffer, initialized in
            for index in 0..<left.count { buffer[index] = operation(left[index], right[index]) }
            initialized = left.count
          }
        }
      }
      return Tensor(validShape: lhs.shape, scalars: scalars)
    }
    let shape = try broadcastShape(lhs.shape, rhs.shape)
    let count = try elementCount(of: shape)
    let left = lhs.broadcastView(to: shape).gather(lhs.scalars)
    let right = rhs.broadcastView(to: shape).gather(rhs.scalars)
    var scalars = [Float](repeating: 0, count: count)
    for index in 0..<count { scalars[index] = operation(left[index], right[index]) }
    return Tensor(validShape: shape, scalars: scalars)
  }

  /// Applies `operation` to every element.
  public func map(_ operation: (Float) -> Float) -> Tensor {
    Tensor(validShape: shape, scalars: scalars.map(operation))
  }

  public static func + (lhs: Tensor, rhs: Tensor) throws(ShapeError) -> Tensor { try zip(lhs, rhs, +) }
  public static func - (lhs: Tensor, rhs: Tensor) throws(ShapeError) -> Tensor { try zip(lhs, rhs, -) }
  public static func * (lhs: Tensor, rhs: Tensor) throws(ShapeError) -> Tensor { try zip(lhs, rhs, *) }
  public static func / (lhs: Tensor, rhs: Tensor) throws(ShapeError) -> Tensor { try zip(lhs, rhs, /) }
  public static prefix func - (operand: Tensor) -> Tensor { operand.map { -$0 } }

  /// Element-wise power (`**`) as NumPy computes it, with C's `powf`: integral powers of
  /// negative bases are real (`(-2) ** 3 == -8`), `0 ** 0 == 1`, `1 ** nan == 1`, and a
  /// fractional power of a negative base is nan. (RealModule's `pow` is nan for every negative
  /// base.)
  public func pow(_ exponent: Tensor) throws(ShapeError) -> Tensor {
    try Tensor.zip(self, exponent) { powf($0, $1) }
  }

  /// `self ** exponent` for one exponent (a Python number or a 0-d array), as NumPy's `**`
  /// computes it: square for 2, square root for 0.5, reciprocal for −1, a copy for 1 and ones
  /// for 0, else `powf`. The shortcuts differ from `powf` only at the edges: `(-0.0) ** 0.5`
  /// is −0 and `(-inf) ** 0.5` is nan, as `sqrt` gives.
  public func pow(scalar exponent: Float) -> Tensor {
    switch exponent {
    case 2: return map { $0 * $0 }
    case 0.5: return map { $0.squareRoot() }
    case -1: return map { 1 / $0 }
    case 1: return self
    case 0: return map { _ in 1 }
    default: return map { powf($0, exponent) }
    }
  }

  /// Python's and NumPy's floor division `//` (rounds toward −∞; see `flooredDivision`).
  public func floorDivided(by divisor: Tensor) throws(ShapeError) -> Tensor {
    try Tensor.zip(self, divisor) { $0.flooredDivision(by: $1).quotient }
  }

  /// Python's and NumPy's `%`: the remainder takes the divisor's sign.
  public func remainder(dividingBy divisor: Tensor) throws(ShapeError) -> Tensor {
    try Tensor.zip(self, divisor) { $0.flooredDivision(by: $1).remainder }
  }

  /// Element-wise comparisons, as NumPy's but with 1 for true and 0 for false.
  public enum Comparison: Sendable {
    case less, lessOrEqual, greater, greaterOrEqual, equal, notEqual
  }

  public func compared(_ comparison: Comparison, _ other: Tensor) throws(ShapeError) -> Tensor {
    let test: (Float, Float) -> Bool
    switch comparison {
    case .less: test = (<)
    case .lessOrEqual: test = (<=)
    case .greater: test = (>)
    case .greaterOrEqual: test = (>=)
    case .equal: test = (==)
    case .notEqual: test = (!=)
    }
    return try Tensor.zip(self, other) { test($0, $1) ? 1 : 0 }
  }

  /// `np.allclose`: every |a − b| ≤ atol + rtol·|b| after broadcasting; NaNs are equal only with
  /// `equalNaN`.
  public func isClose(to other: Tensor, rtol: Float = 1e-5, atol: Float = 1e-8, equalNaN: Bool = false)
    throws(ShapeError) -> Bool
  {
    let close = try Tensor.zip(self, other) { a, b in
      if a.isNaN || b.isNaN { return equalNaN && a.isNaN && b.isNaN ? 1 : 0 }
      if a.isInfinite || b.isInfinite { return a == b ? 1 : 0 }
      return Swift.abs(a - b) <= atol + rtol * Swift.abs(b) ? 1 : 0
    }
    return close.scalars.allSatisfy { $0 == 1 }
  }
}

/// Element-wise math (the functions activations are built from).
extension Tensor {
  public func exp() -> Tensor { map { Float.exp($0) } }
  public func log() -> Tensor { map { Float.log($0) } }
  public func sqrt() -> Tensor { map { $0.squareRoot() } }
  public func abs() -> Tensor { map { Swift.abs($0) } }
  public func tanh() -> Tensor { map { Float.tanh($0) } }
  public func sin() -> Tensor { map { Float.sin($0) } }
  public func cos() -> Tensor { map { Float.cos($0) } }
  public func erf() -> Tensor { map { Float.erf($0) } }
  public func sign() -> Tensor { map { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0.isNaN ? .nan : 0)) } }
  public func floor() -> Tensor { map { $0.rounded(.down) } }
  public func ceil() -> Tensor { map { $0.rounded(.up) } }
  /// Rounds half to even, as `np.round`.
  public func round() -> Tensor { map { $0.rounded(.toNearestOrEven) } }
  public func clipped(min low: Float, max high: Float) -> Tensor {
    map { $0.isNaN ? $0 : Swift.min(Swift.max($0, low), high) }
  }
  /// NumPy's `maximum`: nan if either is nan, and the second operand when the two are equal
  /// (so `maximum(-0.0, 0.0)` is 0 and `maximum(0.0, -0.0)` is −0).
  public func maximum(_ other: Tensor) throws(ShapeError) -> Tensor {
    try Tensor.zip(self, other) { $0 > $1 || $0.isNaN ? $0 : $1 }
  }
  /// NumPy's `minimum`, with `maximum`'s rules for nan and equal operands.
  public func minimum(_ other: Tensor) throws(ShapeError) -> Tensor {
    try Tensor.zip(self, other) { $0 < $1 || $0.isNaN ? $0 : $1 }
  }
}
