/// Formats the elements of one array so that they line up: NumPy's `FloatingFormat`.
///
/// One pass over the (summarized) data chooses positional or scientific notation and the
/// widths left and right of the point; then every element is printed with those widths.
struct FloatFormatter<T: FloatElement> {
  private var scientific = false
  private var options = Dragon4.Options()
  private let nanString: String
  private let infString: String
  private var padLeft = 0
  private var padRight = 0

  init(data: [T], options printOptions: PrintOptions) {
    nanString = printOptions.nanString
    infString = printOptions.infString
    let unique = printOptions.floatMode != .fixed
    let precision = printOptions.floatMode == .unique ? -1 : printOptions.precision
    let finite = data.filter { $0.isFinite }

    let magnitudes = finite.filter { $0 != 0 }.map { Swift.abs($0) }
    if let largest = magnitudes.max(), let smallest = magnitudes.min() {
      // NumPy 2 switches at 10^min(8, precision): 1e3 for float16, 1e6 for float32, 1e8 for
      // float64. The comparisons run in the array's dtype, as NumPy's do with Python scalars.
      let cutoff: T = T.significandBitCount <= 10 ? 1e3 : (T.significandBitCount <= 23 ? 1e6 : 1e8)
      scientific =
        largest >= cutoff
        || (!printOptions.suppress && (smallest < T(0.0001) || largest / smallest > 1000))
    }

    options.digitMode = unique ? .unique : .exact
    if finite.isEmpty {
      options.trim = .zeros
      options.precision = precision
      options.minDigits = -1
    } else if scientific {
      let first = Dragon4.Options(
        digitMode: options.digitMode, precision: precision, trim: unique ? .zeros : .none)
      let texts = finite.map { Dragon4.scientific($0, first) }
      var fractionWidth = 0, exponentWidth = 0, wholeWidth = 0
      for text in texts {
        let (mantissa, exponent) = text.splitOnce("e")
        let (whole, fraction) = mantissa.splitOnce(".")
        fractionWidth = max(fractionWidth, fraction.count)
        exponentWidth = max(exponentWidth, exponent.count - 1)
        wholeWidth = max(wholeWidth, whole.count)
      }
      options.trim = .none
      options.precision = fractionWidth
      options.minDigits = fractionWidth
      options.exponentDigits = exponentWidth
      padLeft = wholeWidth
      padRight = exponentWidth + 2 + fractionWidth
      options.digitsLeft = padLeft
    } else {
      let first = Dragon4.Options(
        digitMode: options.digitMode, precision: precision, trim: unique ? .zeros : .none)
      var wholeWidth = 0, fractionWidth = 0
      for value in finite {
        let (whole, fraction) = Dragon4.positional(value, first).splitOnce(".")
        wholeWidth = max(wholeWidth, whole.count)
        fractionWidth = max(fractionWidth, fraction.count)
      }
      padLeft = wholeWidth
      padRight = fractionWidth
      if printOptions.floatMode == .fixed || printOptions.floatMode == .maxprecEqual {
        options.precision = fractionWidth
        options.minDigits = fractionWidth
        options.trim = .none
      } else {
        options.precision = precision
        options.trim = .zeros
        options.minDigits = 0
      }
      options.digitsLeft = padLeft
      options.digitsRight = padRight
    }

    if finite.count != data.count {
      let negativeInfinity = data.contains { $0.isInfinite && $0 < 0 } ? 1 : 0
      let offset = padRight + 1
      padLeft = max(padLeft, nanString.count - offset, infString.count + negativeInfinity - offset)
      options.digitsLeft = padLeft
    }
  }

  func format(_ value: T) -> String {
    guard value.isFinite else {
      let text = value.isNaN ? nanString : (value < 0 ? "-" : "") + infString
      return String(repeating: " ", count: max(0, padLeft + padRight + 1 - text.count)) + text
    }
    return scientific ? Dragon4.scientific(value, options) : Dragon4.positional(value, options)
  }
}

extension StringProtocol {
  /// The parts before and after the first `separator` (the second empty when it is absent).
  func splitOnce(_ separator: Character) -> (SubSequence, SubSequence) {
    guard let index = firstIndex(of: separator) else { return (self[...], "") }
    return (self[..<index], self[self.index(after: index)...])
  }
}
