import RealModule

/// Decimal digit generation for float16, float32 and float64, following NumPy's Dragon4 (Steele & White 1990,
/// with Burger & Dybvig's refinements) so that every digit, rounding and trim matches what
/// `np.format_float_positional` / `np.format_float_scientific` produce.
///
/// `unique` mode prints the shortest digits that identify the value among values of its type
/// (ties at the interval's edges allowed for even mantissas, as IEEE rounding does), stopping
/// early at a cutoff; the last digit is then rounded on the exact remainder. `exact` mode
/// prints the exact binary value's digits up to the cutoff.
enum Dragon4 {
  enum DigitMode { case unique, exact }
  enum CutoffMode { case totalLength, fractionLength }

  /// How trailing zeros and the decimal point are treated (NumPy's `trim` letters).
  enum TrimMode {
    /// `'k'`: keep trailing zeros (pad to the precision).
    case none
    /// `'.'`: drop trailing zeros, keep the point: `1.`.
    case zeros
    /// `'0'`: drop trailing zeros but keep one after the point: `1.0`.
    case leaveOneZero
    /// `'-'`: drop trailing zeros and the point: `1`.
    case dropPointAndZeros
  }

  struct Options {
    var digitMode: DigitMode = .unique
    var precision: Int = -1
    var minDigits: Int = -1
    var trim: TrimMode = .leaveOneZero
    var digitsLeft: Int = -1
    var digitsRight: Int = -1
    var exponentDigits: Int = -1
  }

  private static let bufferSize = 16384

  /// A finite float as `mantissa · 2^exponent` plus what Dragon4 needs about its neighbours.
  private struct Parts {
    var mantissa: UInt64
    var exponent: Int
    var mantissaBit: Int
    var unequalMargins: Bool
  }

  private static func decompose<T: BinaryFloatingPoint>(_ value: T) -> Parts {
    let fractionBits = T.significandBitCount
    let fraction = UInt64(value.significandBitPattern)
    let biased = Int(value.exponentBitPattern)
    let bias = (1 << (T.exponentBitCount - 1)) - 1
    if biased != 0 {
      return Parts(
        mantissa: (1 << fractionBits) | fraction, exponent: biased - bias - fractionBits, mantissaBit: fractionBits,
        unequalMargins: biased != 1 && fraction == 0)
    }
    let highest = fraction == 0 ? 0 : 63 - fraction.leadingZeroBitCount
    return Parts(mantissa: fraction, exponent: 1 - bias - fractionBits, mantissaBit: highest, unequalMargins: false)
  }

  /// The digits of |value| and the decimal exponent of the first one.
  private static func digits(
    _ parts: Parts, mode: DigitMode, cutoffMode: CutoffMode, cutoffMax: Int, cutoffMin: Int
  ) -> (digits: [UInt8], exponent: Int) {
    guard parts.mantissa != 0 else { return ([0], 0) }
    let isEven = parts.mantissa & 1 == 0
    var scale: BigUInt
    var value = BigUInt(parts.mantissa)
    var marginLow: BigUInt
    // Scaled by two (four with unequal margins) so the half-gap margins are integers.
    let extra = parts.unequalMargins ? 2 : 1
    if parts.exponent > 0 {
      value.shiftLeft(by: parts.exponent + extra)
      scale = BigUInt(UInt64(1) << extra)
      marginLow = .powerOfTwo(parts.exponent)
    } else {
      value.shiftLeft(by: extra)
      scale = .powerOfTwo(-parts.exponent + extra)
      marginLow = BigUInt(1)
    }
    var marginHigh: BigUInt { parts.unequalMargins ? marginLow + marginLow : marginLow }

    // floor(log10(v)) + 1, possibly one too small; corrected below.
    var digitExponent = Int(
      (Double(parts.mantissaBit + parts.exponent) * 0.301_029_995_663_981_195_213_738_894_724_49 - 0.69)
        .rounded(.up))
    if cutoffMax >= 0 && cutoffMode == .fractionLength && digitExponent <= -cutoffMax {
      digitExponent = -cutoffMax + 1
    }
    if digitExponent > 0 {
      scale.multiplyByPowerOfTen(digitExponent)
    } else if digitExponent < 0 {
      value.multiplyByPowerOfTen(-digitExponent)
      marginLow.multiplyByPowerOfTen(-digitExponent)
    }
    if value >= scale {
      digitExponent += 1
    } else {
      value.multiply(by: 10)
      marginLow.multiply(by: 10)
    }

    var cutoffMaxExponent = digitExponent - bufferSize
    if cutoffMax >= 0 {
      let desired = cutoffMode == .totalLength ? digitExponent - cutoffMax : -cutoffMax
      cutoffMaxExponent = max(cutoffMaxExponent, desired)
    }
    var cutoffMinExponent = digitExponent
    if cutoffMin >= 0 {
      let desired = cutoffMode == .totalLength ? digitExponent - cutoffMin : -cutoffMin
      cutoffMinExponent = min(cutoffMinExponent, desired)
    }
    var firstExponent = digitExponent - 1

    var output: [UInt8] = []
    var digit: UInt8 = 0
    var low = false, high = false
    switch mode {
    case .unique:
      while true {
        digitExponent -= 1
        digit = value.divideSmallQuotient(by: scale)
        let valueHigh = value + marginHigh
        low = isEven ? value <= marginLow : value < marginLow
        high = isEven ? valueHigh >= scale : valueHigh > scale
        if ((low || high) && digitExponent <= cutoffMinExponent) || digitExponent == cutoffMaxExponent {
          break
        }
        output.append(digit)
        value.multiply(by: 10)
        marginLow.multiply(by: 10)
      }
    case .exact:
      while true {
        digitExponent -= 1
        digit = value.divideSmallQuotient(by: scale)
        if value.isZero || digitExponent == cutoffMaxExponent { break }
        output.append(digit)
        value.multiply(by: 10)
      }
    }

    var roundDown = low
    if low == high {
      let twice = value + value
      roundDown = twice < scale || (twice == scale && digit & 1 == 0)
    }
    if roundDown {
      output.append(digit)
    } else if digit < 9 {
      output.append(digit + 1)
    } else {
      // Carry through trailing nines; a carry out of the first digit becomes a leading 1.
      while let last = output.last, last == 9 { output.removeLast() }
      if let last = output.popLast() {
        output.append(last + 1)
      } else {
        output = [1]
        firstExponent += 1
      }
    }
    return (output, firstExponent)
  }

  private static func digitString(_ digits: some Sequence<UInt8>) -> String {
    String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
  }

  /// Pads (`.none`) or trims the digits after the point as `options.trim` says. Returns true
  /// when trimming removed every one of them.
  private static func finishFraction(_ fraction: inout String, _ options: Options) -> Bool {
    let addDigits = max(options.digitMode == .unique ? options.minDigits : options.precision, 0)
    switch options.trim {
    case .leaveOneZero where fraction.isEmpty:
      fraction = "0"
    case .none where addDigits > fraction.count:
      fraction += String(repeating: "0", count: addDigits - fraction.count)
    default:
      break
    }
    guard options.trim != .none && !fraction.isEmpty else { return false }
    while fraction.last == "0" { fraction.removeLast() }
    guard fraction.isEmpty else { return false }
    if options.trim == .leaveOneZero { fraction = "0" }
    return true
  }

  /// `np.format_float_positional(value, fractional=True, ...)` for a finite float.
  static func positional<T: BinaryFloatingPoint>(_ value: T, _ options: Options) -> String {
    let parts = decompose(value)
    let sign = value.sign == .minus ? "-" : ""
    let (digits, exponent) = Dragon4.digits(
      parts, mode: options.digitMode, cutoffMode: .fractionLength,
      cutoffMax: options.precision, cutoffMin: options.minDigits)

    var whole: String
    var fraction: String
    if exponent >= 0 {
      let wholeCount = exponent + 1
      if digits.count <= wholeCount {
        whole = digitString(digits) + String(repeating: "0", count: wholeCount - digits.count)
        fraction = ""
      } else {
        whole = digitString(digits[..<wholeCount])
        fraction = digitString(digits[wholeCount...])
      }
    } else {
      whole = "0"
      fraction = String(repeating: "0", count: -(exponent + 1)) + digitString(digits)
    }
    var point = options.trim != .dropPointAndZeros || !fraction.isEmpty

    if finishFraction(&fraction, options) && options.trim == .dropPointAndZeros { point = false }

    var text = sign + whole + (point ? "." : "") + fraction
    if options.digitsRight >= fraction.count {
      if options.trim == .dropPointAndZeros && fraction.isEmpty { text += " " }
      text += String(repeating: " ", count: options.digitsRight - fraction.count)
    }
    let leftUsed = whole.count + sign.count
    if options.digitsLeft > leftUsed {
      text = String(repeating: " ", count: options.digitsLeft - leftUsed) + text
    }
    return text
  }

  /// `np.format_float_scientific(value, ...)` for a finite float.
  static func scientific<T: BinaryFloatingPoint>(_ value: T, _ options: Options) -> String {
    let parts = decompose(value)
    let sign = value.sign == .minus ? "-" : ""
    var text = ""
    let leftUsed = 1 + sign.count
    if options.digitsLeft > leftUsed {
      text += String(repeating: " ", count: options.digitsLeft - leftUsed)
    }
    text += sign
    let (digits, exponent) = Dragon4.digits(
      parts, mode: options.digitMode, cutoffMode: .totalLength,
      cutoffMax: options.precision < 0 ? -1 : options.precision + 1,
      cutoffMin: options.minDigits < 0 ? -1 : options.minDigits + 1)

    text += digitString(digits.prefix(1))
    var fraction = digitString(digits.dropFirst())
    let point = options.trim != .dropPointAndZeros || !fraction.isEmpty
    // Unlike positional, scientific keeps a point whose digits were all trimmed ("1.e+05").
    _ = finishFraction(&fraction, options)
    text += (point ? "." : "") + fraction

    let exponentDigits = options.exponentDigits < 0 ? 2 : min(options.exponentDigits, 5)
    let magnitude = String(Swift.abs(exponent))
    text += (exponent >= 0 ? "e+" : "e-")
      + String(repeating: "0", count: max(0, exponentDigits - magnitude.count)) + magnitude
    return text
  }

  /// `str(np.float32(value))` (and float16, float64, and Python's `repr` of a float): the
  /// shortest round-trip digits, positional as `1.0` for zero and 1e-4 ≤ |value| < the type's
  /// cutoff (1e3 for float16, 1e6 for float32, 1e16 for float64), otherwise scientific as
  /// `1e-05`.
  static func scalarString<T: BinaryFloatingPoint>(_ value: T) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let magnitude = Double(Swift.abs(value))
    let cutoff: Double = T.significandBitCount <= 10 ? 1e3 : (T.significandBitCount <= 23 ? 1e6 : 1e16)
    if magnitude == 0 || (1e-4 <= magnitude && magnitude < cutoff) {
      return positional(value, Options(trim: .leaveOneZero))
    }
    return scientific(value, Options(trim: .dropPointAndZeros))
  }
}
