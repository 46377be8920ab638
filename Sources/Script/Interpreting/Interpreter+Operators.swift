import RealModule
import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Interpreter {
  func unary(_ op: String, _ value: Value, range: SourceRange) throws(ScriptError) -> Value {
    switch (op, value) {
    case ("not", _): return .bool(!(try truthy(value, range: range)))
    case ("+", .int), ("+", .float), ("+", .tensor): return value
    case ("+", .bool(let flag)): return .int(flag ? 1 : 0)
    case ("-", .int(let number)):
      guard number != .min else { throw ScriptError(.runtime, "integer overflow: -(\(number)) does not fit in 64 bits", at: range) }
      return .int(-number)
    case ("-", .bool(let flag)): return .int(flag ? -1 : 0)
    case ("-", .float(let number)): return .float(-number)
    case ("-", .tensor(let tensor)): return .tensor(-tensor)
    default:
      throw ScriptError(.runtime, "bad operand type for unary \(op): '\(value.kindName)'", at: range)
    }
  }

  func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, range: SourceRange, operands: (SourceRange, SourceRange))
    throws(ScriptError) -> Value
  {
    if let a = number(left), let b = number(right) { return try arithmetic(op, a, b, range: range, divisor: operands.1) }
    switch (left, right) {
    case (.tensor, _), (_, .tensor):
      guard let a = tensorOperand(left), let b = tensorOperand(right) else { break }
      do {
        switch op {
        case .add: return .tensor(try a + b)
        case .subtract: return .tensor(try a - b)
        case .multiply: return .tensor(try a * b)
        case .divide: return .tensor(try a / b)
        case .floorDivide: return .tensor(try a.floorDivided(by: b))
        case .remainder: return .tensor(try a.remainder(dividingBy: b))
        // NumPy's `**` takes shortcuts for one exponent; a NumPy scalar base (a 0-d value
        // here) goes through `powf`.
        case .power where a.rank > 0 && b.rank == 0: return .tensor(a.pow(scalar: b.scalars[0]))
        case .power: return .tensor(try a.pow(b))
        default: break
        }
      } catch {
        throw ScriptError(.runtime, "\(error)", at: range)
      }
    case (.string(let a), .string(let b)) where op == .add: return .string(a + b)
    case (.tuple(let a), .tuple(let b)) where op == .add: return .tuple(a + b)
    case (.list(let a), .list(let b)) where op == .add: return .list(a + b)
    case (.tuple(let items), .int(let count)) where op == .multiply: return .tuple(try repeated(items, count, range))
    case (.list(let items), .int(let count)) where op == .multiply: return .list(try repeated(items, count, range))
    case (.string(let text), .int(let count)) where op == .multiply:
      return .string(String(repeating: text, count: try checkedCount(count, text.count, range)))
    default: break
    }
    throw ScriptError(
      .runtime, "unsupported operand types for \(op.rawValue): '\(left.kindName)' and '\(right.kindName)'", at: range)
  }

  private func repeated(_ items: [Value], _ count: Int, _ range: SourceRange) throws(ScriptError) -> [Value] {
    let times = try checkedCount(count, items.count, range)
    return Array([[Value]](repeating: items, count: times).joined())
  }

  private func checkedCount(_ count: Int, _ size: Int, _ range: SourceRange) throws(ScriptError) -> Int {
    let times = max(0, count)
    let (total, overflow) = times.multipliedReportingOverflow(by: max(size, 1))
    guard !overflow, total <= 10_000_000 else {
      throw ScriptError(.runtime, "repetition \(count) × \(size) is too large", at: range)
    }
    return times
  }

  enum Number { case int(Int), float(Double) }

  func number(_ value: Value) -> Number? {
    switch value {
    case .int(let number): return .int(number)
    case .bool(let flag): return .int(flag ? 1 : 0)
    case .float(let number): return .float(number)
    default: return nil
    }
  }

  func tensorOperand(_ value: Value) -> Tensor? {
    switch value {
    case .tensor(let tensor): return tensor
    case .int(let number): return Tensor(Float(number))
    case .float(let number): return Tensor(Float(number))
    case .bool(let flag): return Tensor(flag ? 1 : 0)
    default: return nil
    }
  }

  private func arithmetic(_ op: BinaryOperator, _ a: Number, _ b: Number, range: SourceRange, divisor: SourceRange)
    throws(ScriptError) -> Value
  {
    func overflow() -> ScriptError {
      ScriptError(.runtime, "integer overflow: the result does not fit in 64 bits", at: range)
    }
    if case .int(let x) = a, case .int(let y) = b {
      switch op {
      case .add:
        let (r, o) = x.addingReportingOverflow(y)
        if o { throw overflow() }
        return .int(r)
      case .subtract:
        let (r, o) = x.subtractingReportingOverflow(y)
        if o { throw overflow() }
        return .int(r)
      case .multiply:
        let (r, o) = x.multipliedReportingOverflow(by: y)
        if o { throw overflow() }
        return .int(r)
      case .divide:
        guard y != 0 else { throw ScriptError(.runtime, "division by zero", at: divisor) }
        return .float(Double(x) / Double(y))
      case .floorDivide, .remainder:
        guard y != 0 else { throw ScriptError(.runtime, "integer division or modulo by zero", at: divisor) }
        if x == .min && y == -1 {  // the quotient 2⁶³ does not fit; the remainder is 0
          if op == .remainder { return .int(0) }
          throw overflow()
        }
        var quotient = x / y
        var remainder = x % y
        if remainder != 0 && (remainder < 0) != (y < 0) {
          quotient -= 1
          remainder += y
        }
        return .int(op == .floorDivide ? quotient : remainder)
      case .power:
        if y < 0 { return .float(try power(Double(x), Double(y), range: range, divisor: divisor)) }
        var result = 1, base = x, exponent = y
        while exponent > 0 {
          if exponent & 1 == 1 {
            let (r, o) = result.multipliedReportingOverflow(by: base)
            if o { throw overflow() }
            result = r
          }
          exponent >>= 1
          if exponent > 0 {
            let (r, o) = base.multipliedReportingOverflow(by: base)
            if o { throw overflow() }
            base = r
          }
        }
        return .int(result)
      default: break
      }
    }
    let x = double(a), y = double(b)
    switch op {
    case .add: return .float(x + y)
    case .subtract: return .float(x - y)
    case .multiply: return .float(x * y)
    case .divide:
      guard y != 0 else { throw ScriptError(.runtime, "float division by zero", at: divisor) }
      return .float(x / y)
    case .floorDivide, .remainder:
      guard y != 0 else {
        throw ScriptError(.runtime, op == .remainder ? "float modulo by zero" : "float floor division by zero", at: divisor)
      }
      let (quotient, remainder) = x.flooredDivision(by: y)
      return .float(op == .remainder ? remainder : quotient)
    case .power: return .float(try power(x, y, range: range, divisor: divisor))
    default:
      throw ScriptError(.runtime, "unsupported operand types for \(op.rawValue): numbers", at: range)
    }
  }

  /// Python's float `**`: C's `pow`, except that zero to a negative power is an error, a
  /// negative base to a fractional power is complex (an error here: convlab has no complex
  /// numbers), and a finite result too large for a float is an overflow error.
  private func power(_ x: Double, _ y: Double, range: SourceRange, divisor: SourceRange) throws(ScriptError) -> Double {
    if x == 0 && y < 0 && y.isFinite {
      throw ScriptError(.runtime, "0.0 cannot be raised to a negative power (division by zero)", at: divisor)
    }
    if x < 0 && x.isFinite && y.isFinite && y != y.rounded() {
      throw ScriptError(
        .runtime, "a negative number to a fractional power is complex, and convlab has no complex numbers", at: range)
    }
    let result = pow(x, y)
    if result.isInfinite && x.isFinite && y.isFinite {
      throw ScriptError(.runtime, "float overflow: the result is out of range", at: range)
    }
    return result
  }

  func double(_ number: Number) -> Double {
    switch number {
    case .int(let value): return Double(value)
    case .float(let value): return value
    }
  }

  func compare(_ op: String, _ left: Value, _ right: Value, range: SourceRange) throws(ScriptError) -> Value {
    if let a = number(left), let b = number(right) {
      let x = double(a), y = double(b)
      if case .int(let i) = a, case .int(let j) = b { return .bool(test(op, i, j)) }
      return .bool(test(op, x, y))
    }
    if case .tensor = left, let a = tensorOperand(left), let b = tensorOperand(right) {
      return try tensorCompare(op, a, b, range)
    }
    if case .tensor = right, let a = tensorOperand(left), let b = tensorOperand(right) {
      return try tensorCompare(op, a, b, range)
    }
    if op == "==" || op == "!=" {
      let equal = left.pythonEquals(right)
      return .bool(op == "==" ? equal : !equal)
    }
    if case .string(let a) = left, case .string(let b) = right { return .bool(test(op, a, b)) }
    throw ScriptError(.runtime, "'\(op)' not supported between '\(left.kindName)' and '\(right.kindName)'", at: range)
  }

  private func test<T: Comparable>(_ op: String, _ a: T, _ b: T) -> Bool {
    switch op {
    case "<": return a < b
    case "<=": return a <= b
    case ">": return a > b
    case ">=": return a >= b
    case "==": return a == b
    default: return a != b
    }
  }

  private func tensorCompare(_ op: String, _ a: Tensor, _ b: Tensor, _ range: SourceRange) throws(ScriptError) -> Value {
    let comparison: Tensor.Comparison
    switch op {
    case "<": comparison = .less
    case "<=": comparison = .lessOrEqual
    case ">": comparison = .greater
    case ">=": comparison = .greaterOrEqual
    case "==": comparison = .equal
    default: comparison = .notEqual
    }
    do { return .tensor(try a.compared(comparison, b)) } catch { throw ScriptError(.runtime, "\(error)", at: range) }
  }
}

extension Value {
  /// Python's `==` for plain values (tensors compare element-wise elsewhere).
  func pythonEquals(_ other: Value) -> Bool {
    switch (self, other) {
    case (.string(let a), .string(let b)): return a == b
    case (.none, .none): return true
    case (.tuple(let a), .tuple(let b)), (.list(let a), .list(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.pythonEquals($1) }
    case (.int(let a), .int(let b)): return a == b
    case (.float(let a), .float(let b)): return a == b
    case (.int(let a), .float(let b)), (.float(let b), .int(let a)): return Double(a) == b
    case (.bool(let a), .bool(let b)): return a == b
    case (.layerClass(let a), .layerClass(let b)), (.function(let a), .function(let b)), (.namespace(let a), .namespace(let b)):
      return a == b
    default: return false
    }
  }
}
