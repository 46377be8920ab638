import Arrays
import Foundation

/// Python's `format(value, spec)` for f-string fields: the format mini-language
/// (`[[fill]align][sign][0][width][,|_][.precision][type]`) for ints, floats, NumPy scalars and
/// strings; other values take an empty spec only, as their `__format__` does.
enum Formatting {
  static func format(
    _ value: Value, conversion: Character?, spec: String, options: PrintOptions, range: SourceRange
  ) throws(ScriptError) -> String {
    var value = value
    switch conversion {
    case "r", "a": value = .string(value.repr(options).replacingNewlines(" "))
    case "s": value = .string(value.str(options))
    default: break
    }
    // NumPy scalars format as the Python number they hold.
    if case .array(let array) = value, array.rank == 0, let scalar = array.scalarValue {
      switch scalar {
      case .bool(let flag): value = .bool(flag)
      case .int(let number): value = .int(Int(number))
      case .uint(let number): value = number <= UInt64(Int.max) ? .int(Int(number)) : .float(Double(number))
      case .float(let number): value = spec.isEmpty ? value : .float(number)
      }
    }
    guard !spec.isEmpty else { return value.str(options) }
    guard let parsed = Spec(spec) else {
      throw ScriptError(.runtime, "Invalid format specifier '\(spec)' for object of type '\(value.kindName)'", at: range)
    }
    // bool is an int to Python's format: any spec formats it as 1 or 0.
    if case .bool(let flag) = value { value = .int(flag ? 1 : 0) }
    let body: String
    var sign = ""
    switch value {
    case .string(let text):
      guard parsed.type == nil || parsed.type == "s", parsed.sign == nil, !parsed.grouping else {
        throw ScriptError(.runtime, "Unknown format code '\(parsed.type ?? "?")' for object of type 'str'", at: range)
      }
      body = parsed.precision.map { String(text.prefix($0)) } ?? text
      return parsed.pad(body, sign: "", numeric: false)
    case .int(let number) where parsed.type == nil ? parsed.precision == nil : "dxobXn".contains(parsed.type!):
      sign = number < 0 ? "-" : (parsed.sign == "+" ? "+" : parsed.sign == " " ? " " : "")
      let magnitude = number.magnitude
      switch parsed.type {
      case "x": body = String(magnitude, radix: 16)
      case "X": body = String(magnitude, radix: 16).uppercased()
      case "o": body = String(magnitude, radix: 8)
      case "b": body = String(magnitude, radix: 2)
      default: body = parsed.grouped(String(magnitude))
      }
    case .int, .float, .bool:
      let number: Double
      switch value {
      case .int(let n): number = Double(n)
      case .bool(let flag): number = flag ? 1 : 0
      case .float(let x): number = x
      default: number = 0
      }
      guard parsed.type == nil || "eEfFgG%n".contains(parsed.type!) else {
        throw ScriptError(.runtime, "Unknown format code '\(parsed.type!)' for object of type '\(value.kindName)'", at: range)
      }
      sign = number.sign == .minus && !number.isNaN ? "-" : (parsed.sign == "+" ? "+" : parsed.sign == " " ? " " : "")
      body = parsed.floatBody(Swift.abs(number))
    default:
      throw ScriptError(.runtime, "unsupported format string passed to \(value.kindName).__format__", at: range)
    }
    return parsed.pad(body, sign: sign, numeric: true)
  }

  struct Spec {
    var fill: Character = " "
    var align: Character?
    var sign: Character?
    var zero = false
    var width = 0
    var grouping = false
    var separator: Character = ","
    var precision: Int?
    var type: Character?

    init?(_ text: String) {
      var characters = Array(text)[...]
      if characters.count >= 2, "<>^=".contains(characters[characters.startIndex + 1]) {
        fill = characters.removeFirst()
        align = characters.removeFirst()
      } else if let first = characters.first, "<>^=".contains(first) {
        align = characters.removeFirst()
      }
      if let first = characters.first, "+- ".contains(first) { sign = characters.removeFirst() }
      if characters.first == "0" {
        zero = true
        characters.removeFirst()
      }
      var digits = ""
      while let first = characters.first, first.isASCII, first.isNumber { digits.append(characters.removeFirst()) }
      if !digits.isEmpty {
        guard let value = Int(digits), value <= 10_000 else { return nil }
        width = value
      }
      if let first = characters.first, first == "," || first == "_" {
        grouping = true
        separator = characters.removeFirst()
      }
      if characters.first == "." {
        characters.removeFirst()
        var digits = ""
        while let first = characters.first, first.isASCII, first.isNumber { digits.append(characters.removeFirst()) }
        guard let value = Int(digits), value <= 1_000 else { return nil }
        precision = value
      }
      if let first = characters.first {
        type = characters.removeFirst()
      }
      guard characters.isEmpty else { return nil }
    }

    /// Digits of a non-negative float for the type (Python's `float.__format__`).
    func floatBody(_ magnitude: Double) -> String {
      if magnitude.isNaN { return type.map { $0.isUppercase } == true ? "NAN" : "nan" }
      if magnitude.isInfinite { return type.map { $0.isUppercase } == true ? "INF" : "inf" }
      let digits: String
      switch type {
      case "f", "F": digits = String(format: "%.\(precision ?? 6)f", magnitude)
      case "e", "E": digits = String(format: "%.\(precision ?? 6)e", magnitude)
      case "%": digits = String(format: "%.\(precision ?? 6)f", magnitude * 100) + "%"
      case "g", "G", "n": digits = String(format: "%.\(max(precision ?? 6, 1))g", magnitude)
      default:
        // No type: repr's digits without a precision, else 'g' that keeps a ".0".
        guard let precision else { return grouped(pythonFloat(magnitude)) }
        var text = String(format: "%.\(max(precision, 1))g", magnitude)
        if !text.contains(".") && !text.contains("e") && !text.contains("n") { text += ".0" }
        digits = text
      }
      let cased = type.map { $0.isUppercase } == true ? digits.uppercased() : digits
      return grouped(cased)
    }

    /// `1234567.5` → `1,234,567.5` when grouping was asked for.
    func grouped(_ digits: String) -> String {
      guard grouping else { return digits }
      let integerEnd = digits.firstIndex { !$0.isNumber } ?? digits.endIndex
      let integer = Array(digits[..<integerEnd])
      var result = ""
      for (offset, digit) in integer.enumerated() {
        if offset > 0 && (integer.count - offset) % 3 == 0 { result.append(separator) }
        result.append(digit)
      }
      return result + digits[integerEnd...]
    }

    /// The sign and body filled to the width: `=` (and a `0` flag) pads between them.
    func pad(_ body: String, sign: String, numeric: Bool) -> String {
      let length = sign.count + body.count
      guard width > length else { return sign + body }
      let missing = width - length
      let alignment = align ?? (zero && numeric ? "=" : (numeric ? ">" : "<"))
      let filler = zero && align == nil ? "0" : fill
      let padding = String(repeating: filler, count: missing)
      switch alignment {
      case "<": return sign + body + padding
      case "^":
        let left = String(repeating: filler, count: missing / 2)
        return left + sign + body + String(repeating: filler, count: missing - missing / 2)
      case "=": return sign + padding + body
      default: return padding + sign + body
      }
    }
  }
}

extension String {
  fileprivate func replacingNewlines(_ replacement: String) -> String {
    split(separator: "\n", omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
