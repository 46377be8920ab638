/// Python's and NumPy's floor division and modulo of floats, which agree: CPython's
/// `float_divmod` and NumPy's `npy_divmod` are the same algorithm.
extension BinaryFloatingPoint {
  /// `(self // divisor, self % divisor)`: the quotient rounded toward −∞ and a remainder with
  /// the divisor's sign (a zero remainder too). The remainder is `fmod`, corrected by one
  /// divisor when the signs differ; the quotient comes from it, snapped to the nearest integer,
  /// so `7 // 0.1` is 69, as `7 - 69·0.1` leaves a remainder just under 0.1. A zero divisor
  /// gives NumPy's answers: `self / 0` and nan (Python raises before this is reached).
  public func flooredDivision(by divisor: Self) -> (quotient: Self, remainder: Self) {
    var remainder = truncatingRemainder(dividingBy: divisor)
    guard divisor != 0 else { return (self / divisor, remainder) }
    var quotient = (self - remainder) / divisor
    if remainder != 0 {
      if (divisor < 0) != (remainder < 0) {
        remainder += divisor
        quotient -= 1
      }
    } else {
      remainder = Self(signOf: divisor, magnitudeOf: 0)
    }
    guard quotient != 0 else { return (Self(signOf: self / divisor, magnitudeOf: 0), remainder) }
    var floored = quotient.rounded(.down)
    if quotient - floored > 0.5 { floored += 1 }
    return (floored, remainder)
  }
}
