import Arrays
import Kernels
import Tensors

/// What array arguments share: NumPy's scalar types by name, and the readers of shapes, lists
/// of arrays and optional ints.
enum ArrayArguments {
  /// NumPy's scalar types by name (`np.float32`): dtype objects that make scalars when called.
  static let scalarTypes: [String: DType] = {
    var types: [String: DType] = [:]
    for dtype in DType.allCases { types[dtype.rawValue] = dtype }
    types["bool_"] = .bool
    types["double"] = .float64
    types["single"] = .float32
    types["half"] = .float16
    types["intp"] = .int64
    types["int_"] = .int64
    return types
  }()
}

extension Operand {
  var rank: Int {
    if case .array(let array) = self { return array.rank }
    return 0
  }
}

extension Value {
  var isArrayValue: Bool {
    if case .array = self { return true }
    return false
  }
}

extension CallArguments {
  /// Runs `body`, reporting an array error as this call's (a script error passes through).
  func wrap<T>(_ body: () throws -> T) throws(ScriptError) -> T {
    do { return try body() } catch let error as ScriptError { throw error } catch {
      // A kernel stopped by Ctrl-C reports why it stopped, not a failure of the call.
      if Interruption.isRequested { throw .interrupted(at: range) }
      throw ScriptError(.runtime, "\(function)(): \(error)", at: range, cause: error)
    }
  }

  /// `wrap` for a body that makes an array: the array as a value.
  func result(_ body: () throws -> NDArray) throws(ScriptError) -> Value {
    .array(try wrap { () throws -> NDArray in try body() })
  }

  /// `zeros(2, 3)`: the shape given as separate ints (convlab's shortcut; NumPy takes a tuple).
  var sizesGivenSeparately: Bool {
    guard positional.count > 1 else { return false }
    if case .int = positional[1].value { return true }
    return false
  }

  /// A shape from one argument (ints or a tuple).
  func shape(_ position: Int, _ name: String = "shape") throws(ScriptError) -> [Int] {
    let found = try value(position, name)
    return try Conversions.shape(found.value, what: "\(function)() argument '\(name)'", range: found.range)
  }

  /// A list or tuple of arrays.
  func arrays(_ position: Int, _ name: String) throws(ScriptError) -> [NDArray] {
    let found = try value(position, name)
    let items: [Value]
    switch found.value {
    case .tuple(let values), .list(let values): items = values
    case .array(let array): items = array.pythonItems()
    default: throw ScriptError(.runtime, "\(function)() takes a list of arrays, got \(found.value.kindName)", at: found.range)
    }
    var arrays: [NDArray] = []
    for item in items { arrays.append(try Conversions.array(item, what: "\(function)() item", range: found.range)) }
    return arrays
  }

  /// An int that may be None (nil), with a default when absent.
  func optionalInt(_ position: Int?, _ name: String, default fallback: Int?) throws(ScriptError) -> Int? {
    guard let found = find(position, name) else { return fallback }
    if found.value.isNone { return nil }
    return try Conversions.int(found.value, what: "\(function)() argument '\(name)'", range: found.range)
  }
}

extension RandomGenerator {
  /// A uniform integer in [0, span] as NumPy's legacy `randint` draws it: the smallest mask
  /// covering span, 32-bit draws for spans below 2³² (64-bit ones, high word first, above),
  /// rejecting masked values past span.
  mutating func nextBounded(_ span: UInt64) -> UInt64 {
    if span == 0 { return 0 }
    var mask = span
    mask |= mask >> 1
    mask |= mask >> 2
    mask |= mask >> 4
    mask |= mask >> 8
    mask |= mask >> 16
    mask |= mask >> 32
    if span <= UInt64(UInt32.max) {
      if span == UInt64(UInt32.max) { return UInt64(nextUInt32()) }
      while true {
        let value = UInt64(nextUInt32()) & mask
        if value <= span { return value }
      }
    }
    while true {
      let value = ((UInt64(nextUInt32()) << 32) | UInt64(nextUInt32())) & mask
      if value <= span { return value }
    }
  }
}
