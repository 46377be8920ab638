import Layers



extension Value {
  /// A layer argument as a value: sequences as tuples, as Keras's configs hold them.
  init(_ argument: ArgumentValue) {
    switch argument {
    case .int(let number): self = .int(number)
    case .float(let number): self = .float(number)
    case .string(let text): self = .string(text)
    case .bool(let flag): self = .bool(flag)
    case .null: self = .none
    case .sequence(let items): self = .tuple(items.map(Value.init))
    case let .object(type, arguments): self = .object(type: type, arguments: arguments)
    }
  }

  var isMethod: Bool {
    if case .method = self { return true }
    return false
  }
}

extension Interpreter {
  /// The keys of Keras 3's layer configs in the order its `get_config()` writes them (the
  /// base classes' keys first), for every layer convlab has.
  static let kerasConfigOrder = [
    "name", "trainable", "dtype", "depth_multiplier", "filters", "kernel_size", "size", "strides", "padding", "cropping",
    "output_padding", "data_format", "dilation_rate", "groups", "activation", "interpolation", "use_bias",
    "kernel_initializer", "depthwise_initializer", "pointwise_initializer", "bias_initializer", "kernel_regularizer",
    "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
    "depthwise_constraint", "pointwise_constraint", "bias_constraint",
  ]

  /// `layer.get_config()` as Keras 3 writes it: name, trainable and the dtype policy, then the
  /// constructor's arguments normalized as the layer holds them (kernel_size=3 → (3, 3)), and
  /// initializers, regularizers and constraints as Keras's serialized objects.
  func kerasConfig(_ layer: Layer, _ receiver: Value, range: SourceRange) -> [DictEntry] {
    func serialized(_ module: String, _ className: String, _ config: [DictEntry]) -> Value {
      .dict([
        DictEntry(key: .string("module"), value: .string(module)), DictEntry(key: .string("class_name"), value: .string(className)),
        DictEntry(key: .string("config"), value: .dict(config)), DictEntry(key: .string("registered_name"), value: .none),
      ])
    }
    var entries: [DictEntry] = [
      DictEntry(key: .string("name"), value: .string(layer.name)), DictEntry(key: .string("trainable"), value: .bool(true)),
      DictEntry(key: .string("dtype"), value: serialized("keras", "DTypePolicy", [DictEntry(key: .string("name"), value: .string("float32"))])),
    ]
    for (name, argument) in layer.configuration where name != "name" {
      var value = (try? attribute(receiver, name, range: range)).flatMap { $0.isMethod ? nil : $0 } ?? Value(argument)
      let module = name.hasSuffix("_initializer") ? "keras.initializers" : name.hasSuffix("_regularizer") ? "keras.regularizers" : nil
      switch (module, argument) {
      case (let module?, .string(let snake)):
        // 'glorot_uniform' → GlorotUniform, as Keras deserializes the name.
        value = serialized(module, snake.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(), [])
      case (let module?, .object(let type, let arguments)):
        value = serialized(module, type, arguments.keyword.map { DictEntry(key: .string($0.name), value: Value($0.value)) })
      default: break
      }
      entries.set(.string(name), value)
    }
    var order = Self.kerasConfigOrder
    if case .pool = layer.operation { order = ["name", "trainable", "dtype", "pool_size", "padding", "strides", "data_format", "keepdims"] }
    return entries.enumerated().sorted { left, right in
      let (a, b) = (order.firstIndex(of: left.element.key.str(.default)) ?? order.count, order.firstIndex(of: right.element.key.str(.default)) ?? order.count)
      return a != b ? a < b : left.offset < right.offset
    }.map(\.element)
  }
}
