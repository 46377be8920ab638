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

  func tensor(_ position: Int?, _ name: String) throws(ScriptError) -> Tensor {
    let found = try value(position, name)
    return try Conversions.tensor(found.value, what: "\(function)() argument '\(name)'", range: found.range)
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
  static func int(_ value: Value, what: String, range: SourceRange) throws(ScriptError) -> Int {
    switch value {
    case .int(let number): return number
    case .bool(let flag): return flag ? 1 : 0
    case .float(let number) where number == number.rounded() && abs(number) < 9e15: return Int(number)
    case .tensor(let tensor) where tensor.count == 1 && tensor.scalars[0] == tensor.scalars[0].rounded() && abs(tensor.scalars[0]) < 9e15:
      return Int(tensor.scalars[0])
    default: throw ScriptError(.runtime, "\(what) must be an integer, got \(value.kindName) \(value.str(.default))", at: range)
    }
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
    case .tensor(let tensor) where tensor.count == 1: return Double(tensor.scalars[0])
    default: throw ScriptError(.runtime, "\(what) must be a number, got \(value.kindName)", at: range)
    }
  }

  static func shape(_ value: Value, what: String, range: SourceRange) throws(ScriptError) -> [Int] {
    switch value {
    case .tuple(let items), .list(let items):
      var shape: [Int] = []
      for item in items { shape.append(try size(item, what: what, range: range)) }
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

  /// Numbers, nested lists of numbers and tensors become tensors (`np.array`).
  static func tensor(_ value: Value, what: String, range: SourceRange) throws(ScriptError) -> Tensor {
    if case .tensor(let tensor) = value { return tensor }
    func nested(_ value: Value) throws(ScriptError) -> Tensor.Nested {
      switch value {
      case .int(let number): return .number(Double(number))
      case .float(let number): return .number(number)
      case .bool(let flag): return .number(flag ? 1 : 0)
      case .tuple(let items), .list(let items):
        var children: [Tensor.Nested] = []
        for item in items { children.append(try nested(item)) }
        return .list(children)
      case .tensor(let tensor) where tensor.rank == 0: return .number(Double(tensor.scalars[0]))
      case .tensor(let tensor):
        // A list of tensors: rebuild them as nested lists of their rows.
        return .list(try (0..<tensor.shape[0]).map { (index: Int) throws(ScriptError) -> Tensor.Nested in
          try nested(.tensor(try! tensor[.at(index)]))
        })
      default: throw ScriptError(.runtime, "\(what) must be a tensor, a number or a list of numbers, got \(value.kindName)", at: range)
      }
    }
    do { return try Tensor(nested: try nested(value)) } catch let error as ShapeError {
      throw ScriptError(.runtime, "\(what): \(error)", at: range)
    } catch let error as ScriptError {
      throw error
    } catch {
      throw ScriptError(.runtime, "\(what): \(error)", at: range)
    }
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
    case .tensor(let tensor) where tensor.rank == 0: return .float(Double(tensor.scalars[0]))
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
