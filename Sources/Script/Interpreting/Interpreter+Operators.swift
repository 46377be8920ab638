import Arrays
import RealModule
import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Interpreter {
  func unary(_ op: UnaryOperator, _ value: Value, range: SourceRange) throws(ScriptError) -> Value {
    switch (op, value) {
    case (.not, _): return .bool(!(try truthy(value, range: range)))
    case (.plus, .int), (.plus, .float): return value
    case (.plus, .bool(let flag)): return .int(flag ? 1 : 0)
    case (.negate, .int(let number)):
      guard number != .min else { throw ScriptError(.runtime, "integer overflow: -(\(number)) does not fit in 64 bits", at: range) }
      return .int(-number)
    case (.negate, .bool(let flag)): return .int(flag ? -1 : 0)
    case (.negate, .float(let number)): return .float(-number)
    case (.invert, .int(let number)): return .int(~number)
    case (.invert, .bool(let flag)): return .int(flag ? -2 : -1)
    case (_, .array(let array)):
      let ufunc: UnaryUfunc = op == .negate ? .negative : (op == .plus ? .positive : .invert)
      do { return .array(try ufunc(.array(array))) } catch { throw ScriptError(.runtime, "\(error)", at: range) }
    default:
      throw ScriptError(.runtime, "bad operand type for unary \(op.rawValue): '\(value.kindName)'", at: range)
    }
  }

  /// The ufunc an operator applies to arrays.
  private static func ufunc(_ op: BinaryOperator) -> BinaryUfunc? {
    switch op {
    case .add: return .add
    case .subtract: return .subtract
    case .multiply: return .multiply
    case .divide: return .divide
    case .floorDivide: return .floorDivide
    case .remainder: return .remainder
    case .power: return .power
    case .bitwiseAnd: return .bitwiseAnd
    case .bitwiseOr: return .bitwiseOr
    case .bitwiseXor: return .bitwiseXor
    case .leftShift: return .leftShift
    case .rightShift: return .rightShift
    case .matrixMultiply, .and, .or: return nil
    }
  }

  func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, range: SourceRange, operands: (SourceRange, SourceRange))
    throws(ScriptError) -> Value
  {
    if let a = number(left), let b = number(right) {
      if [.bitwiseAnd, .bitwiseOr, .bitwiseXor, .leftShift, .rightShift].contains(op) {
        return try bitwise(op, left, right, a, b, range: range)
      }
      return try arithmetic(op, a, b, range: range, divisor: operands.1)
    }
    if left.isArray || right.isArray, let lhs = arrayOperand(left), let rhs = arrayOperand(right) {
      do {
        if op == .matrixMultiply {
          return .array(try NDArray.matmul(try lhs.array(as: Promotion.resultType([lhs])), try rhs.array(as: Promotion.resultType([rhs]))))
        }
        if op == .power, case .array(let base) = lhs, let shortcut = try Self.fastPower(base, right) { return .array(shortcut) }
        guard let ufunc = Self.ufunc(op) else { throw ScriptError(.runtime, "unsupported operand types for \(op.rawValue)", at: range) }
        return .array(try ufunc(lhs, rhs))
      } catch let error as ScriptError {
        throw error
      } catch {
        throw ScriptError(.runtime, (op == .matrixMultiply ? "matmul: " : "") + "\(error)", at: range, cause: error)
      }
    }
    switch (left, right) {
    case (.string(let a), .string(let b)) where op == .add:
      _ = try checkedCount(1, a.utf8.count + b.utf8.count, range)
      return .string(a + b)
    case (.tuple(let a), .tuple(let b)) where op == .add:
      _ = try checkedCount(1, a.count + b.count, range)
      return .tuple(a + b)
    case (.list(let a), .list(let b)) where op == .add:
      _ = try checkedCount(1, a.count + b.count, range)
      return .list(a + b)
    case (.tuple(let items), .int(let count)) where op == .multiply: return .tuple(try repeated(items, count, range))
    case (.list(let items), .int(let count)) where op == .multiply: return .list(try repeated(items, count, range))
    case (.string(let text), .int(let count)) where op == .multiply:
      return .string(String(repeating: text, count: try checkedCount(count, text.count, range)))
    default: break
    }
    throw ScriptError(
      .runtime, "unsupported operand types for \(op.rawValue): '\(left.kindName)' and '\(right.kindName)'", at: range)
  }

  /// NumPy's `fast_scalar_power`: `a ** 2` is `square(a)` for every dtype, and for float
  /// arrays `a ** -1` is `reciprocal(a)` and `a ** 0.5` is `sqrt(a)` (only for a Python int or
  /// float exponent on an array that is not 0-d).
  static func fastPower(_ base: NDArray, _ exponent: Value) throws(ShapeError) -> NDArray? {
    guard base.rank > 0 else { return nil }
    switch exponent {
    case .int(2): return try UnaryUfunc.square(.array(base))
    case .int(-1) where base.dtype.isFloat: return try UnaryUfunc.reciprocal(.array(base))
    case .float(0.5) where base.dtype.isFloat: return try UnaryUfunc.sqrt(.array(base))
    default: return nil
    }
  }

  /// Python's `&`, `|`, `^`, `<<`, `>>` on ints and bools (bool with bool stays bool).
  private func bitwise(_ op: BinaryOperator, _ left: Value, _ right: Value, _ a: Number, _ b: Number, range: SourceRange)
    throws(ScriptError) -> Value
  {
    guard case .int(let x) = a, case .int(let y) = b else {
      throw ScriptError(
        .runtime, "unsupported operand types for \(op.rawValue): '\(left.kindName)' and '\(right.kindName)'", at: range)
    }
    if case .bool(let p) = left, case .bool(let q) = right {
      switch op {
      case .bitwiseAnd: return .bool(p && q)
      case .bitwiseOr: return .bool(p || q)
      case .bitwiseXor: return .bool(p != q)
      default: break
      }
    }
    switch op {
    case .bitwiseAnd: return .int(x & y)
    case .bitwiseOr: return .int(x | y)
    case .bitwiseXor: return .int(x ^ y)
    case .leftShift, .rightShift:
      guard y >= 0 else { throw ScriptError(.runtime, "negative shift count", at: range) }
      if op == .rightShift { return .int(y >= 64 ? (x < 0 ? -1 : 0) : x >> y) }
      guard x == 0 || (y < 63 && (x << y) >> y == x) else {
        throw ScriptError(.runtime, "integer overflow: the result does not fit in 64 bits", at: range)
      }
      return .int(x == 0 ? 0 : x << y)
    default: throw ScriptError(.runtime, "unsupported operand types for \(op.rawValue)", at: range)
    }
  }

  private func repeated(_ items: [Value], _ count: Int, _ range: SourceRange) throws(ScriptError) -> [Value] {
    let times = try checkedCount(count, items.count, range)
    return Array([[Value]](repeating: items, count: times).joined())
  }

  /// `count` repetitions of a sequence of `size` items, checked against the most a list,
  /// tuple or string holds (a concatenation is one repetition of the joined size).
  private func checkedCount(_ count: Int, _ size: Int, _ range: SourceRange) throws(ScriptError) -> Int {
    let times = max(0, count)
    let (total, overflow) = times.multipliedReportingOverflow(by: max(size, 1))
    guard !overflow, total <= Self.maximumSequenceLength else {
      let what = count == 1 ? "\(size) items" : "\(count) × \(size) items"
      throw ScriptError(.runtime, "\(what) is more than a list, tuple or string holds in convlab (\(Self.maximumSequenceLength))", at: range)
    }
    return times
  }

  /// Items a list or tuple (or characters a string) holds at most: bounded, so doubling a list
  /// in a loop stops with a message instead of taking the machine's memory.
  static let maximumSequenceLength = 10_000_000

  enum Number { case int(Int), float(Double) }

  func number(_ value: Value) -> Number? {
    switch value {
    case .int(let number): return .int(number)
    case .bool(let flag): return .int(flag ? 1 : 0)
    case .float(let number): return .float(number)
    default: return nil
    }
  }

  /// A value as the operand of an array operation: arrays, Python numbers (weak), and lists
  /// or tuples of numbers (as `np.array` makes them). Nil for anything else.
  func arrayOperand(_ value: Value) -> Operand? {
    switch value {
    case .array(let array): return .array(array)
    case .int(let number): return .int(number)
    case .float(let number): return .float(number)
    case .bool(let flag): return .bool(flag)
    case .tuple, .list:
      guard let array = try? Conversions.array(value, what: "operand", range: SourceRange(0, 0)) else { return nil }
      return .array(array)
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

  func compare(_ op: ComparisonOperator, _ left: Value, _ right: Value, range: SourceRange) throws(ScriptError) -> Value {
    if op == .contains || op == .notContains {
      let found = try contains(right, left, range: range)
      return .bool(op == .contains ? found : !found)
    }
    if let a = number(left), let b = number(right) {
      let x = double(a), y = double(b)
      if case .int(let i) = a, case .int(let j) = b { return .bool(test(op, i, j)) }
      return .bool(test(op, x, y))
    }
    if left.isArray || right.isArray, let a = arrayOperand(left), let b = arrayOperand(right) {
      return try arrayCompare(op, a, b, range)
    }
    if op == .equal || op == .notEqual {
      let equal = left.pythonEquals(right)
      return .bool(op == .equal ? equal : !equal)
    }
    if case .string(let a) = left, case .string(let b) = right { return .bool(test(op, a, b)) }
    throw ScriptError(.runtime, "'\(op.rawValue)' not supported between '\(left.kindName)' and '\(right.kindName)'", at: range)
  }

  /// Python's `item in container`: equality with an item of a list or tuple, a substring of a
  /// string, NumPy's `(array == item).any()` for an array.
  private func contains(_ container: Value, _ item: Value, range: SourceRange) throws(ScriptError) -> Bool {
    switch container {
    case .dict(let entries):
      return entries.position(of: item) != nil
    case .list(let items), .tuple(let items):
      for candidate in items {
        if case .bool(true) = try compare(.equal, candidate, item, range: range) { return true }
        if case .array(let equal) = try compare(.equal, candidate, item, range: range), equal.rank == 0, equal.scalarValue?.isTrue == true {
          return true
        }
      }
      return false
    case .string(let text):
      guard case .string(let part) = item else {
        throw ScriptError(.runtime, "'in <string>' requires string as left operand, not \(item.kindName)", at: range)
      }
      return part.isEmpty || text.contains(part)
    case .array:
      let equal = try compare(.equal, container, item, range: range)
      guard case .array(let mask) = equal else { return false }
      do { return try mask.reduced(.any).scalarValue?.isTrue ?? false } catch { throw ScriptError(.runtime, "\(error)", at: range) }
    default:
      throw ScriptError(.runtime, "argument of type '\(container.kindName)' is not iterable", at: range)
    }
  }

  private func test<T: Comparable>(_ op: ComparisonOperator, _ a: T, _ b: T) -> Bool {
    switch op {
    case .less: return a < b
    case .lessEqual: return a <= b
    case .greater: return a > b
    case .greaterEqual: return a >= b
    case .equal: return a == b
    case .notEqual: return a != b
    case .contains, .notContains: preconditionFailure("membership is not an ordering")
    }
  }

  private func arrayCompare(_ op: ComparisonOperator, _ a: Operand, _ b: Operand, _ range: SourceRange) throws(ScriptError) -> Value {
    let ufunc: BinaryUfunc
    switch op {
    case .less: ufunc = .less
    case .lessEqual: ufunc = .lessEqual
    case .greater: ufunc = .greater
    case .greaterEqual: ufunc = .greaterEqual
    case .equal: ufunc = .equal
    case .notEqual, .contains, .notContains: ufunc = .notEqual
    }
    do { return .array(try ufunc(a, b)) } catch { throw ScriptError(.runtime, "\(error)", at: range) }
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
    case (.dict(let a), .dict(let b)):
      return a.count == b.count && a.allSatisfy { entry in b.position(of: entry.key).map { b[$0].value.pythonEquals(entry.value) } ?? false }
    case (.int(let a), .int(let b)): return a == b
    case (.float(let a), .float(let b)): return a == b
    case (.int(let a), .float(let b)), (.float(let b), .int(let a)): return Double(a) == b
    case (.bool(let a), .bool(let b)): return a == b
    case (.layerClass(let a), .layerClass(let b)), (.function(let a), .function(let b)), (.namespace(let a), .namespace(let b)):
      return a == b
    case (.dtype(let a), .dtype(let b)): return a == b
    case (.dtype(let a), .string(let name)), (.string(let name), .dtype(let a)): return DType(name: name) == a
    case (.dtype(let a), .function(let name)), (.function(let name), .dtype(let a)):
      return DType(name: name.hasPrefix("numpy.") ? String(name.dropFirst(6)) : name) == a
    default: return false
    }
  }
}
