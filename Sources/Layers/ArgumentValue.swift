/// A value passed to a layer constructor, as the language hands it over.
public indirect enum ArgumentValue: Sendable, Equatable, CustomStringConvertible {
  case int(Int)
  case float(Double)
  case string(String)
  case bool(Bool)
  case null
  /// A tuple or list (the two are interchangeable for layer arguments, as in Keras).
  case sequence([ArgumentValue])
  /// A configuration object such as `Constant(0.5)` or `L2(0.01)`: its type and arguments.
  case object(type: String, arguments: ArgumentList)

  public var description: String {
    switch self {
    case .int(let value): return String(value)
    case .float(let value): return "\(value)"
    case .string(let value): return "'\(value)'"
    case .bool(let value): return value ? "True" : "False"
    case .null: return "None"
    case .sequence(let items):
      return items.count == 1 ? "(\(items[0]),)" : "(" + items.map(\.description).joined(separator: ", ") + ")"
    case let .object(type, arguments): return "\(type)(\(arguments))"
    }
  }
}

/// Positional then keyword arguments of one call, in the order written.
public struct ArgumentList: Sendable, Equatable, CustomStringConvertible {
  public var positional: [ArgumentValue]
  public var keyword: [(name: String, value: ArgumentValue)]

  public init(_ positional: [ArgumentValue] = [], keyword: [(name: String, value: ArgumentValue)] = []) {
    self.positional = positional
    self.keyword = keyword
  }

  public static func == (lhs: ArgumentList, rhs: ArgumentList) -> Bool {
    lhs.positional == rhs.positional && lhs.keyword.elementsEqual(rhs.keyword) { $0.name == $1.name && $0.value == $1.value }
  }

  public var description: String {
    (positional.map(\.description) + keyword.map { "\($0.name)=\($0.value)" }).joined(separator: ", ")
  }
}

/// A layer configuration that cannot be made, named as Keras names it: the layer, the
/// argument, and what was received.
public struct ArgumentError: Error, Equatable, Sendable, CustomStringConvertible {
  public var layer: String
  public var argument: String?
  public var message: String

  public init(layer: String, argument: String?, _ message: String) {
    self.layer = layer
    self.argument = argument
    self.message = message
  }

  public var description: String {
    argument.map { "\(layer): argument `\($0)`: \(message)" } ?? "\(layer): \(message)"
  }
}

/// An input a layer cannot take, or weights that do not fit: names the layer, the axis and
/// the numbers.
public struct LayerShapeError: Error, Equatable, Sendable, CustomStringConvertible {
  public var layer: String
  public var message: String

  public init(layer: String, _ message: String) {
    self.layer = layer
    self.message = message
  }

  public var description: String { "\(layer): \(message)" }
}
