import Arrays
import Layers
import Tensors

/// Evaluated arguments of one call, with their source ranges for errors.
struct CallArguments {
  var function: String
  var positional: [(value: Value, range: SourceRange)]
  var keyword: [(name: String, value: Value, range: SourceRange)]
  var range: SourceRange
  /// For each positional argument written as a bare name, that name (for messages and titles).
  var names: [String?] = []

  var count: Int { positional.count + keyword.count }

  /// The argument given by keyword `name` or at `position`.
  func find(_ position: Int?, _ name: String) -> (value: Value, range: SourceRange)? {
    if let match = keyword.first(where: { $0.name == name }) { return (match.value, match.range) }
    if let position, position < positional.count { return positional[position] }
    return nil
  }

  func value(_ position: Int?, _ name: String) throws(ScriptError) -> (value: Value, range: SourceRange) {
    guard let found = find(position, name) else {
      throw ScriptError(.runtime, "\(function)() missing required argument '\(name)'", at: range)
    }
    return found
  }

  func has(_ position: Int?, _ name: String) -> Bool {
    guard let found = find(position, name) else { return false }
    if case .none = found.value { return false }
    return true
  }

  /// Refuses keywords not in `allowed` and more than `maximum` positional arguments.
  func check(allowed: [String], maximumPositional: Int) throws(ScriptError) {
    for (name, _, range) in keyword where !allowed.contains(name) {
      let suggestion = closestName(to: name, in: allowed)
      throw ScriptError(
        .runtime, "\(function)() got an unexpected keyword argument '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
        at: range)
    }
    if positional.count > maximumPositional {
      throw ScriptError(
        .runtime, "\(function)() takes at most \(maximumPositional) positional argument\(maximumPositional == 1 ? "" : "s") but \(positional.count) were given",
        at: positional[maximumPositional].range)
    }
  }

  func int(_ position: Int?, _ name: String, default fallback: Int? = nil) throws(ScriptError) -> Int {
    guard let found = find(position, name), !found.value.isNone else {
      if let fallback { return fallback }
      throw ScriptError(.runtime, "\(function)() missing required argument '\(name)'", at: range)
    }
    return try Conversions.int(found.value, what: "\(function)() argument '\(name)'", range: found.range)
  }

  func double(_ position: Int?, _ name: String, default fallback: Double? = nil) throws(ScriptError) -> Double {
    guard let found = find(position, name), !found.value.isNone else {
      if let fallback { return fallback }
      throw ScriptError(.runtime, "\(function)() missing required argument '\(name)'", at: range)
    }
    return try Conversions.double(found.value, what: "\(function)() argument '\(name)'", range: found.range)
  }

  func bool(_ position: Int?, _ name: String, default fallback: Bool) throws(ScriptError) -> Bool {
    guard let found = find(position, name) else { return fallback }
    switch found.value {
    case .bool(let flag): return flag
    case .int(let number): return number != 0
    default: throw ScriptError(.runtime, "\(function)() argument '\(name)' must be True or False", at: found.range)
    }
  }

  func string(_ position: Int?, _ name: String) throws(ScriptError) -> String {
    let found = try value(position, name)
    guard case .string(let text) = found.value else {
      throw ScriptError(.runtime, "\(function)() argument '\(name)' must be a string, got \(found.value.kindName)", at: found.range)
    }
    return text
  }

  /// An argument as an array (`np.asarray`).
  func array(_ position: Int?, _ name: String) throws(ScriptError) -> NDArray {
    let found = try value(position, name)
    return try Conversions.array(found.value, what: "\(function)() argument '\(name)'", range: found.range)
  }

  /// An argument as a NumPy operand: Python numbers stay weak (NEP 50).
  func operand(_ position: Int?, _ name: String) throws(ScriptError) -> Operand {
    let found = try value(position, name)
    return try Conversions.operand(found.value, what: "\(function)() argument '\(name)'", range: found.range)
  }

  /// A `dtype=` argument: a name (`'float32'`), a NumPy type (`np.float32`), or Python's
  /// `float`, `int`, `bool`. Nil when absent or None.
  func dtype(_ position: Int?, _ name: String = "dtype") throws(ScriptError) -> DType? {
    guard let found = find(position, name), !found.value.isNone else { return nil }
    return try Conversions.dtype(found.value, range: found.range)
  }

  /// A shape given as separate ints (`rand(2, 3)`) or one tuple/list (`zeros((2, 3))`).
  func shape(from position: Int, _ name: String = "shape") throws(ScriptError) -> [Int] {
    if let keywordShape = keyword.first(where: { $0.name == name || $0.name == "size" }) {
      return try Conversions.shape(keywordShape.value, what: "\(function)() argument '\(name)'", range: keywordShape.range)
    }
    let rest = positional.dropFirst(position)
    if rest.count == 1, let only = rest.first {
      return try Conversions.shape(only.value, what: "\(function)() argument '\(name)'", range: only.range)
    }
    var shape: [Int] = []
    for item in rest {
      shape.append(try Conversions.size(item.value, what: "\(function)() size", range: item.range))
    }
    return shape
  }
}

extension Value {
  var isNone: Bool {
    if case .none = self { return true }
    return false
  }
}

/// Converting values to what functions and layers take.
enum Conversions {
  /// An integer: a Python int or bool, a NumPy integer scalar, or an integral float.
  static func int(_ value: Value, what: String, range: SourceRange) throws(ScriptError) -> Int {
    switch value {
    case .int(let number): return number
    case .bool(let flag): return flag ? 1 : 0
    case .float(let number) where number == number.rounded() && abs(number) < 9e15: return Int(number)
    case .array(let array) where array.count == 1:
      switch array.scalarValue {
      case .int(let number)?: return Int(number)
      case .uint(let number)? where number <= UInt64(Int.max): return Int(number)
      case .bool(let flag)?: return flag ? 1 : 0
      case .float(let number)? where number == number.rounded() && abs(number) < 9e15: return Int(number)
      default: break
      }
    default: break
    }
    throw ScriptError(.runtime, "\(what) must be an integer, got \(value.kindName) \(value.str(.default))", at: range)
  }

  static func size(_ value: Value, what: String, range: SourceRange) throws(ScriptError) -> Int {
    let number = try int(value, what: what, range: range)
    guard number >= 0 else { throw ScriptError(.runtime, "\(what) must be non-negative, got \(number)", at: range) }
    return number
  }

  static func double(_ value: Value, what: String, range: SourceRange) throws(ScriptError) -> Double {
    switch value {
    case .int(let number): return Double(number)
    case .float(let number): return number
    case .bool(let flag): return flag ? 1 : 0
    case .array(let array) where array.count == 1:
      switch array.scalarValue! {
      case .float(let number): return number
      case .int(let number): return Double(number)
      case .uint(let number): return Double(number)
      case .bool(let flag): return flag ? 1 : 0
      }
    default: throw ScriptError(.runtime, "\(what) must be a number, got \(value.kindName)", at: range)
    }
  }

  static func shape(_ value: Value, what: String, range: SourceRange) throws(ScriptError) -> [Int] {
    switch value {
    case .tuple(let items), .list(let items):
      var shape: [Int] = []
      for item in items { shape.append(try size(item, what: what, range: range)) }
      return shape
    case .array(let array) where array.rank == 1:
      var shape: [Int] = []
      for item in array.pythonItems() { shape.append(try size(item, what: what, range: range)) }
      return shape
    default: return [try size(value, what: what, range: range)]
    }
  }

  /// A shape whose entries may be None (unknown), as `Input` and `compute_output_shape` take.
  static func partialShape(_ value: Value, what: String, range: SourceRange) throws(ScriptError) -> [Int?] {
    var shape: [Int?] = []
    for item in value.items ?? [value] {
      shape.append(item.isNone ? nil : try size(item, what: what, range: range))
    }
    return shape
  }

  /// A dtype named by a string, a NumPy type object, or Python's `float`, `int`, `bool`.
  static func dtype(_ value: Value, range: SourceRange) throws(ScriptError) -> DType {
    switch value {
    case .string(let name), .function(let name):
      let bare = name.hasPrefix("numpy.") ? String(name.dropFirst(6)) : name
      if let dtype = DType(name: bare) { return dtype }
      throw ScriptError(.runtime, "\(ShapeError.unknownDType(bare))", at: range)
    case .dtype(let dtype): return dtype
    default:
      throw ScriptError(.runtime, "a dtype is a name such as 'float32' or a type such as np.int64, got \(value.kindName)", at: range)
    }
  }

  /// A value as an operand of a NumPy operation: arrays as they are, Python numbers weak,
  /// lists and tuples as `np.array` makes them.
  static func operand(_ value: Value, what: String, range: SourceRange) throws(ScriptError) -> Operand {
    switch value {
    case .array(let array): return .array(array)
    case .int(let number): return .int(number)
    case .float(let number): return .float(number)
    case .bool(let flag): return .bool(flag)
    default: return .array(try array(value, what: what, range: range))
    }
  }

  /// Numbers, nested lists of numbers and arrays become arrays (`np.array`): Python ints
  /// int64, floats float64, bools bool, promoted together.
  static func array(_ value: Value, what: String, range: SourceRange, dtype: DType? = nil) throws(ScriptError) -> NDArray {
    if case .array(let array) = value {
      guard let dtype, dtype != array.dtype else { return array }
      do { return try array.astype(dtype) } catch { throw ScriptError(.runtime, "\(what): \(error)", at: range) }
    }
    func nested(_ value: Value) throws(ScriptError) -> NDArray.Nested {
      switch value {
      case .int(let number): return .value(.int(number))
      case .float(let number): return .value(.float(number))
      case .bool(let flag): return .value(.bool(flag))
      case .array(let array): return .value(.array(array))
      case .tuple(let items), .list(let items):
        var children: [NDArray.Nested] = []
        for item in items { children.append(try nested(item)) }
        return .list(children)
      default:
        throw ScriptError(.runtime, "\(what) must be a tensor, a number or a list of numbers, got \(value.kindName)", at: range)
      }
    }
    do { return try NDArray(nested: try nested(value), dtype: dtype) } catch {
      throw ScriptError(.runtime, "\(what): \(error)", at: range, cause: error)
    }
  }

  /// An array as a layer's float32 input (Keras casts its inputs to the layer's dtype).
  static func tensor(_ value: Value, what: String, range: SourceRange) throws(ScriptError) -> Tensor {
    let array = try array(value, what: what, range: range)
    do { return try array.float32Tensor() } catch { throw ScriptError(.runtime, "\(what): \(error)", at: range) }
  }

  /// A value as a layer constructor argument.
  static func argument(_ value: Value, range: SourceRange) throws(ScriptError) -> ArgumentValue {
    switch value {
    case .int(let number): return .int(number)
    case .float(let number): return .float(number)
    case .string(let text): return .string(text)
    case .bool(let flag): return .bool(flag)
    case .none: return .null
    case .tuple(let items), .list(let items):
      var converted: [ArgumentValue] = []
      for item in items { converted.append(try argument(item, range: range)) }
      return .sequence(converted)
    case .object(let type, let arguments): return .object(type: type, arguments: arguments)
    case .function(let name):
      // An activation passed as a function (activation=relu) is its name.
      return .string(String(name.split(separator: ".").last ?? Substring(name)))
    case .array(let array) where array.rank == 0:
      switch array.scalarValue! {
      case .float(let number): return .float(number)
      case .int(let number): return .int(Int(number))
      case .uint(let number): return number <= UInt64(Int.max) ? .int(Int(number)) : .float(Double(number))
      case .bool(let flag): return .bool(flag)
      }
    case .dtype(let dtype): return .string(dtype.rawValue)
    default:
      throw ScriptError(.runtime, "a \(value.kindName) cannot be a layer argument", at: range)
    }
  }
}

extension Interpreter {
  func argumentValue(_ value: Value, range: SourceRange) throws(ScriptError) -> ArgumentValue {
    try Conversions.argument(value, range: range)
  }
}
