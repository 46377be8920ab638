/// A front door's parameters in order, with defaults and one-line meanings: binds calls as
/// Python does, and is what `help()` and keyword completion show.
public struct LayerSignature: Sendable {
  public struct Parameter: Sendable {
    public var name: String
    /// nil for a required parameter.
    public var defaultValue: ArgumentValue?
    public var summary: String

    public init(_ name: String, _ defaultValue: ArgumentValue?, _ summary: String) {
      self.name = name
      self.defaultValue = defaultValue
      self.summary = summary
    }
  }

  public var name: String
  public var summary: String
  public var parameters: [Parameter]
  /// Keyword-only arguments every Keras layer takes (`name`, `input_shape`, …).
  public var layerKeywords: [Parameter]
  public var example: String

  /// `Conv2D(filters, kernel_size, strides=(1, 1), padding='valid', …)`.
  public var signatureLine: String {
    name + "(" + parameters.map { parameter in
      parameter.defaultValue.map { "\(parameter.name)=\($0)" } ?? parameter.name
    }.joined(separator: ", ") + ")"
  }

  /// Every parameter bound to its value: arguments given, else defaults.
  public func bind(_ arguments: ArgumentList) throws(ArgumentError) -> BoundArguments {
    var values: [String: ArgumentValue] = [:]
    var given: Set<String> = []
    guard arguments.positional.count <= parameters.count else {
      throw ArgumentError(
        layer: name, argument: nil,
        "takes at most \(parameters.count) positional arguments but \(arguments.positional.count) were given")
    }
    for (parameter, value) in zip(parameters, arguments.positional) {
      values[parameter.name] = value
      given.insert(parameter.name)
    }
    let known = Set((parameters + layerKeywords).map(\.name))
    for (keyword, value) in arguments.keyword {
      guard known.contains(keyword) else {
        let hint = closestName(to: keyword, in: (parameters + layerKeywords).map(\.name)).map { " (did you mean `\($0)`?)" } ?? ""
        throw ArgumentError(layer: name, argument: keyword, "is not an argument of \(name)\(hint)")
      }
      guard !given.contains(keyword) else {
        throw ArgumentError(layer: name, argument: keyword, "given both by position and by keyword")
      }
      values[keyword] = value
      given.insert(keyword)
    }
    for parameter in parameters where values[parameter.name] == nil {
      guard let fallback = parameter.defaultValue else {
        throw ArgumentError(layer: name, argument: parameter.name, "is required: \(signatureLine)")
      }
      values[parameter.name] = fallback
    }
    return BoundArguments(layer: name, values: values, given: given)
  }

  /// The keyword arguments every Keras layer accepts besides its own.
  public static let kerasLayerKeywords: [Parameter] = [
    Parameter("name", .null, "the layer's name (default: the class name in snake_case, numbered)"),
    Parameter("input_shape", .null, "shape of one sample, without the batch, for the first layer of a model"),
    Parameter("batch_size", .null, "fixed batch size for `input_shape`"),
    Parameter("dtype", .null, "accepted for compatibility: convlab computes in float32"),
    Parameter("trainable", .bool(true), "accepted for compatibility: convlab does not train"),
  ]
}

/// Arguments after binding: typed readers that validate each one the way Keras does.
public struct BoundArguments: Sendable {
  public let layer: String
  public let values: [String: ArgumentValue]
  /// Parameters the caller wrote (the rest are defaults).
  public let given: Set<String>

  public subscript(name: String) -> ArgumentValue { values[name] ?? .null }

  /// The largest size, stride, dilation or amount a layer takes: larger ones would only
  /// overflow the shape arithmetic (no tensor could have such an axis anyway).
  public static let largestExtent = Int(Int32.max)

  public func int(_ name: String) throws(ArgumentError) -> Int {
    switch self[name] {
    case .int(let value) where abs(value) > Self.largestExtent:
      throw ArgumentError(layer: layer, argument: name, "must be at most \(Self.largestExtent) in size, received \(name)=\(value)")
    case .int(let value): return value
    case .float(let value) where value == value.rounded() && abs(value) < 1e15: return Int(value)
    case .bool(let value): return value ? 1 : 0
    default: throw ArgumentError(layer: layer, argument: name, "expected an integer, received \(name)=\(self[name])")
    }
  }

  public func positiveInt(_ name: String) throws(ArgumentError) -> Int {
    let value = try int(name)
    guard value > 0 else {
      throw ArgumentError(layer: layer, argument: name, "expected a strictly positive value, received \(name)=\(value)")
    }
    return value
  }

  public func bool(_ name: String) throws(ArgumentError) -> Bool {
    guard case .bool(let value) = self[name] else {
      throw ArgumentError(layer: layer, argument: name, "expected True or False, received \(name)=\(self[name])")
    }
    return value
  }

  public func string(_ name: String) throws(ArgumentError) -> String? {
    switch self[name] {
    case .null: return nil
    case .string(let value): return value
    default: throw ArgumentError(layer: layer, argument: name, "expected a string, received \(name)=\(self[name])")
    }
  }

  /// Keras's `standardize_tuple`: an int for every axis, or exactly `count` ints; each > 0
  /// (≥ 0 with `allowZero`).
  public func intTuple(_ name: String, count: Int, allowZero: Bool = false) throws(ArgumentError) -> [Int] {
    let requirement = allowZero ? ">= 0" : "> 0"
    let shape = "an integer or a tuple of \(count) integers"
    var values: [Int]
    switch self[name] {
    case .int(let value): values = Array(repeating: value, count: count)
    case .sequence(let items):
      guard items.count == count else {
        throw ArgumentError(
          layer: layer, argument: name,
          "must be \(shape) (one per spatial axis), received \(name)=\(self[name]) with \(items.count)")
      }
      values = []
      for item in items {
        guard case .int(let value) = item else {
          throw ArgumentError(layer: layer, argument: name, "must be \(shape), received \(name)=\(self[name])")
        }
        values.append(value)
      }
    default:
      throw ArgumentError(layer: layer, argument: name, "must be \(shape), received \(name)=\(self[name])")
    }
    for (axis, value) in values.enumerated() where value > Self.largestExtent {
      let place = count > 1 ? " on axis \(axis)" : ""
      throw ArgumentError(
        layer: layer, argument: name, "must be at most \(Self.largestExtent), received \(name)=\(self[name]) (\(value)\(place))")
    }
    for (axis, value) in values.enumerated() where allowZero ? value < 0 : value <= 0 {
      let place = count > 1 ? " on axis \(axis)" : ""
      throw ArgumentError(
        layer: layer, argument: name, "must be \(requirement), received \(name)=\(self[name]) (\(value)\(place))")
    }
    return values
  }

  /// A pair of non-negative amounts per axis from Keras's cropping/padding forms: an int
  /// (same everywhere), one int per axis (symmetric), or `((before, after), …)`.
  public func amountPairs(_ name: String, count: Int) throws(ArgumentError) -> [(Int, Int)] {
    let forms = count == 1
      ? "an integer or a tuple (before, after)"
      : "an integer, a tuple of \(count) integers, or a tuple of \(count) (before, after) pairs"
    func fail() -> ArgumentError {
      ArgumentError(layer: layer, argument: name, "must be \(forms), received \(name)=\(self[name])")
    }
    func amount(_ value: ArgumentValue) throws(ArgumentError) -> Int {
      guard case .int(let number) = value else { throw fail() }
      guard number >= 0 else {
        throw ArgumentError(layer: layer, argument: name, "amounts must be >= 0, received \(name)=\(self[name])")
      }
      guard number <= Self.largestExtent else {
        throw ArgumentError(layer: layer, argument: name, "amounts must be at most \(Self.largestExtent), received \(name)=\(self[name])")
      }
      return number
    }
    switch self[name] {
    case .int:
      let value = try amount(self[name])
      return Array(repeating: (value, value), count: count)
    case .sequence(let items) where count == 1:
      guard items.count == 2 else { throw fail() }
      return [(try amount(items[0]), try amount(items[1]))]
    case .sequence(let items):
      guard items.count == count else { throw fail() }
      var pairs: [(Int, Int)] = []
      for item in items {
        switch item {
        case .int:
          let value = try amount(item)
          pairs.append((value, value))
        case .sequence(let pair) where pair.count == 2:
          pairs.append((try amount(pair[0]), try amount(pair[1])))
        default: throw fail()
        }
      }
      return pairs
    default: throw fail()
    }
  }
}
