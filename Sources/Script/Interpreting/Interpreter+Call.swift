import Arrays
import Kernels
import Layers
import Tensors

extension Interpreter {
  mutating func call(_ callee: Expression, _ arguments: [Argument], range: SourceRange) throws(ScriptError) -> Value {
    // timeit and memit take their expression unevaluated (they run it themselves).
    if case .name(let name) = callee.kind, state.variables[name] == nil, case .unevaluated(let run)? = Builtin.table[name]?.body {
      return try run(&self, arguments, range)
    }
    // obj.method(...) on a named variable: mutating methods write the receiver back.
    if case let .attribute(base, method) = callee.kind, case .name(let name) = base.kind,
      let receiver = state.variables[name], Members.member(receiver, method)?.changesReceiver == true
    {
      var updated = receiver
      let evaluated = try evaluateArguments(arguments, function: method, range: range)
      let result = try callMethod(&updated, method, evaluated)
      state.variables[name] = updated
      return Self.methodResult(result, of: receiver, method)
    }
    let function: Value
    if case let .attribute(base, "size") = callee.kind {
      // x.size() is PyTorch's shape, x.size NumPy's element count: the call decides.
      let receiver = try evaluate(base)
      if case .array = receiver { function = .method(receiver: Box(receiver), name: "size") } else {
        function = try attribute(receiver, "size", range: callee.range)
      }
    } else {
      function = try evaluate(callee)
    }
    let evaluated = try evaluateArguments(arguments, function: calleeName(callee, function), range: range)
    switch function {
    case .function(let name):
      let result = try callFunction(name, evaluated)
      // torch's functions make torch tensors, NumPy's NumPy arrays (np.asarray(t) is an ndarray);
      // Python's builtins (abs, round) keep what they were given.
      if name.hasPrefix("torch.") { return result.flavored(.torch) }
      if name.hasPrefix("numpy.") { return result.flavored(.numpy) }
      return evaluated.positional.contains(where: \.value.isTorchTensor) ? result.flavored(.torch) : result
    case .layerClass(let name):
      return try declareLayer(name, evaluated)
    case .layer, .model:
      var receiver = function
      let result = try callMethod(&receiver, "__call__", evaluated)
      // Calling a named layer builds it: keep the built layer.
      if case .name(let name) = callee.kind, state.variables[name] != nil { state.variables[name] = receiver }
      if case .layer(let layer) = function, layer.framework == .torch { return result.flavored(.torch) }
      return result
    case .method(let box, let name):
      var receiver = box.value
      return Self.methodResult(try callMethod(&receiver, name, evaluated), of: box.value, name)
    case .dtype(let dtype):
      return try makeScalar(dtype, evaluated)
    case .object(let type, let arguments) where Value.upsampleModules.contains(type):
      // nn.Upsample's forward is F.interpolate with the module's arguments.
      guard evaluated.positional.count == 1, evaluated.keyword.isEmpty else {
        throw ScriptError(.runtime, "\(type).forward() takes one tensor, got \(evaluated.count) arguments", at: range)
      }
      var call = evaluated
      call.function = "interpolate"
      call.keyword = arguments.keyword.map { (name: $0.name, value: Value($0.value), range: range) }
      return try functionalInterpolate(call).flavored(.torch)
    default:
      throw ScriptError(.runtime, "'\(function.kindName)' object is not callable", at: callee.range)
    }
  }

  /// A torch tensor's methods give torch tensors, except `numpy()`, which gives the array.
  private static func methodResult(_ result: Value, of receiver: Value, _ method: String) -> Value {
    guard receiver.isTorchTensor else { return result }
    return result.flavored(method == "numpy" ? .numpy : .torch)
  }

  private func calleeName(_ callee: Expression, _ value: Value) -> String {
    switch value {
    case .function(let name):
      return name.hasPrefix("activations.") ? String(name.dropFirst(12)) : name.replacingNumpyPrefix()
    case .dtype(let dtype): return "np.\(dtype.rawValue)"
    case .layerClass(let name): return name
    case .method(_, let name): return name
    default:
      if case .name(let name) = callee.kind { return name }
      return value.kindName
    }
  }

  private mutating func evaluateArguments(_ arguments: [Argument], function: String, range: SourceRange)
    throws(ScriptError) -> CallArguments
  {
    var result = CallArguments(function: function, positional: [], keyword: [], range: range)
    var labels = Set<String>()  // a set: calls with many keywords stay linear
    for argument in arguments {
      let value = try evaluate(argument.value)
      switch argument.spread {
      case .positional?:
        for item in try iterate(value, range: argument.value.range) {
          result.positional.append((item, argument.range))
          result.names.append(nil)
        }
        continue
      case .keywords?:
        guard case .dict(let entries) = value else {
          throw ScriptError(.runtime, "\(function)() argument after ** must be a mapping, not \(value.kindName)", at: argument.value.range)
        }
        for entry in entries {
          guard case .string(let label) = entry.key else {
            throw ScriptError(.runtime, "\(function)() keywords must be strings", at: argument.value.range)
          }
          guard labels.insert(label).inserted else {
            throw ScriptError(.runtime, "\(function)() got multiple values for keyword argument '\(label)'", at: argument.range)
          }
          result.keyword.append((label, entry.value, argument.range))
        }
        continue
      case nil: break
      }
      if let label = argument.label {
        guard labels.insert(label).inserted else {
          throw ScriptError(.runtime, "\(function)() got multiple values for argument '\(label)'", at: argument.range)
        }
        result.keyword.append((label, value, argument.range))
      } else {
        result.positional.append((value, argument.range))
        if case .name(let name) = argument.value.kind { result.names.append(name) } else { result.names.append(nil) }
      }
    }
    return result
  }

  private mutating func declareLayer(_ name: String, _ a: CallArguments) throws(ScriptError) -> Value {
    var positional: [ArgumentValue] = []
    for item in a.positional { positional.append(try Conversions.argument(item.value, range: item.range)) }
    var keyword: [(name: String, value: ArgumentValue)] = []
    for item in a.keyword { keyword.append((item.name, try Conversions.argument(item.value, range: item.range))) }
    var layer: Layer
    do {
      layer = try LayerCatalog.make(name, ArgumentList(positional, keyword: keyword), dataFormat: state.dataFormat)
    } catch {
      // Point at the argument the error names, when there is one.
      let place = error.argument.flatMap { argument in a.keyword.first { $0.name == argument }?.range }
        ?? error.argument.flatMap { argument in
          LayerCatalog.signature(name)?.parameters.firstIndex { $0.name == argument }.flatMap { index in
            index < a.positional.count ? a.positional[index].range : nil
          }
        } ?? a.range
      throw ScriptError(.runtime, "\(error)", at: place, cause: error)
    }
    let explicitName = a.keyword.contains { $0.name == "name" }
    if !explicitName { layer.name = state.namer.name(for: layer.name) }
    // PyTorch and Paddle make their weights in the constructor (in_channels is given): m.weight is there at once.
    if layer.framework != .keras, case .convolution(let spec) = layer.operation, let channels = spec.declaredInputChannels {
      do { try layer.build(inputChannels: channels, using: &state.generator) } catch {
        throw ScriptError(.runtime, "\(error)", at: a.range, cause: error)
      }
    }
    return .layer(layer)
  }

  // MARK: - Attributes

  func attribute(_ receiver: Value, _ name: String, range: SourceRange) throws(ScriptError) -> Value {
    switch receiver {
    case .namespace(let module):
      if let value = Modules.member(module, name) { return value }
      if let explanation = Coverage.explanation(for: name, in: module) {
        throw ScriptError(.runtime, "module '\(module)' has no attribute '\(name)': \(explanation)", at: range)
      }
      let suggestion = closestName(to: name, in: Modules.members(of: module))
      throw ScriptError(
        .runtime, "module '\(module)' has no attribute '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""), at: range)
    case .array(let array):
      switch name {
      case "shape": return .tuple(array.shape.map { .int($0) })
      case "ndim": return .int(array.rank)
      case "size": return .int(array.count)
      case "dtype": return .dtype(array.dtype)
      case "itemsize": return .int(array.dtype.itemSize)
      case "nbytes": return .int(array.byteCount)
      case "strides": return .tuple(array.strides.map { .int($0 * array.dtype.itemSize) })
      case "T": return .array(try! array.transposed())
      default: break
      }
    case .dtype(let dtype):
      switch name {
      case "name": return .string(dtype.rawValue)
      case "itemsize": return .int(dtype.itemSize)
      case "kind": return .string(String(dtype.kind))
      case "str": return .string(dtype.npyDescriptor)
      default: break
      }
    case .symbolic(let symbolic):
      switch name {
      case "shape": return .tuple(symbolic.shape.map { $0.map { .int($0) } ?? .none })
      case "ndim": return .int(symbolic.shape.count)
      case "dtype": return .dtype(.float32)
      default: break
      }
    case .layer(let layer):
      switch name {
      case "name": return .string(layer.name)
      case "built": return .bool(layer.isBuilt)
      case "weights": return .list(layer.weights.map { .array(NDArray($0)) })
      case "kernel", "bias", "depthwise_kernel", "pointwise_kernel", "weight":
        // Keras's named weights, in the order get_weights() returns them.
        guard layer.hasWeights else { throw ScriptError(.runtime, "'\(layer.typeName)' object has no attribute '\(name)'", at: range) }
        guard !layer.weights.isEmpty else {
          throw ScriptError(.runtime, "\(layer.name) is not built yet: call it on an input first (its \(name) depends on the input's channels)", at: range)
        }
        let names = layer.weightNames
        if name == "bias" && !names.contains("bias") { return .none }  // use_bias=False: Keras's None
        guard let index = names.firstIndex(of: name) else {
          throw ScriptError(.runtime, "'\(layer.typeName)' object has no attribute '\(name)' (its weights: \(names.joined(separator: ", ")))", at: range)
        }
        return .array(NDArray(layer.weights[index]))
      case "data_format" where layer.framework == .keras:
        return .string(layer.dataFormatIsLast ? "channels_last" : "channels_first")
      case "input_shape":
        if let declared = layer.declaredInputShape { return .tuple(([nil] + declared).map { $0.map { .int($0) } ?? .none }) }
      default:
        if case .resample(let spec) = layer.operation {
          // As Keras normalizes them: a pair per axis (one pair for 1-D), factors as a tuple.
          func pairs(_ before: [Int], _ after: [Int]) -> Value {
            let each = zip(before, after).map { Value.tuple([.int($0), .int($1)]) }
            return spec.rank == 1 ? each[0] : .tuple(each)
          }
          switch (spec.operation, name) {
          case (.upsample(let factors, _), "size"): return spec.rank == 1 ? .int(factors[0]) : .tuple(factors.map { .int($0) })
          case (.upsample(_, let interpolation), "interpolation"): return .string(interpolation.rawValue)
          case (.zeroPad(let before, let after), "padding"), (.crop(let before, let after), "cropping"): return pairs(before, after)
          default: break
          }
        }
        if case .convolution(let spec) = layer.operation {
          func tuple(_ values: [Int]) -> Value { .tuple(values.map { .int($0) }) }
          if layer.framework == .torch {
            // As PyTorch's modules hold them: tuples per axis, padding by its cells.
            switch (name, spec.padding) {
            case ("in_channels", _): return spec.declaredInputChannels.map { .int($0) } ?? .none
            case ("out_channels", _): return spec.filters.map { .int($0) } ?? .none
            case ("padding", .explicit(let before, _)): return tuple(before)
            case ("padding_mode", _): return .string(spec.paddingMode.rawValue)
            default: break
            }
          }
          switch name {
          case "filters": return spec.filters.map { .int($0) } ?? .none
          case "kernel_size": return tuple(spec.kernelSize)
          case "strides", "stride": return tuple(spec.strides)
          case "dilation_rate", "dilation": return tuple(spec.dilation)
          case "groups": return .int(spec.groups)
          case "depth_multiplier": return .int(spec.depthMultiplier)
          case "data_format": return .string(spec.dataFormat.rawValue)
          case "use_bias": return .bool(spec.useBias)
          case "activation": return .string(spec.activation.rawValue)
          case "output_padding": return spec.outputPadding.map(tuple) ?? .none
          case "padding":
            switch spec.padding {
            case .valid: return .string("valid")
            case .same: return .string("same")
            case .causal: return .string("causal")
            case .paddleSame: return .string("SAME")
            case let .explicit(before, after): return tuple(zip(before, after).flatMap { [$0, $1] })
            }
          default: break
          }
        }
        if case .pool(let spec) = layer.operation {
          // As Keras 3 holds them: tuples, strides defaulted to the pool size.
          func tuple(_ values: [Int]) -> Value { .tuple(values.map { .int($0) }) }
          switch name {
          case "pool_size" where !spec.isGlobal: return tuple(spec.poolSize!)
          case "strides" where !spec.isGlobal: return tuple(spec.strides)
          case "padding" where !spec.isGlobal: return .string(spec.padding == .same ? "same" : "valid")
          case "keepdims" where spec.isGlobal: return .bool(spec.keepdims)
          case "data_format": return .string(spec.dataFormat.rawValue)
          default: break
          }
        }
      }
    case .model(let model):
      switch name {
      case "name": return .string(model.name)
      case "layers": return .list(model.layers.map { .layer($0) })
      case "output_shape":
        do {
          guard let shape = try model.outputShape else {
            throw ScriptError(.runtime, "the model has no input shape yet: give the first layer input_shape=… or add Input(…)", at: range)
          }
          return .tuple(shape.map { $0.map { .int($0) } ?? .none })
        } catch let error as ScriptError { throw error } catch { throw ScriptError(.runtime, "\(error)", at: range) }
      case "input_shape":
        guard let shape = model.inputShape else { return .none }
        return .tuple(([nil] + shape).map { $0.map { .int($0) } ?? .none })
      default: break
      }
    default: break
    }
    if Members.names(for: receiver).contains(name) { return .method(receiver: Box(receiver), name: name) }
    let candidates = Members.names(for: receiver) + Members.attributes(for: receiver)
    let suggestion = closestName(to: name, in: candidates)
    throw ScriptError(
      .runtime, "'\(receiver.kindName)' object has no attribute '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
      at: range)
  }

  // MARK: - Methods

  mutating func callMethod(_ receiver: inout Value, _ name: String, _ a: CallArguments) throws(ScriptError) -> Value {
    func wrap<T>(_ body: () throws -> T) throws(ScriptError) -> T {
      do { return try body() } catch let error as ScriptError { throw error } catch {
        throw ScriptError(.runtime, "\(error)", at: a.range, cause: error)
      }
    }
    switch (receiver, name) {
    case (.layer(var layer), "__call__"):
      let found = try a.value(0, "inputs")
      let outputSize = a.has(nil, "output_size")
        ? try Conversions.shape(try a.value(nil, "output_size").value, what: "output_size", range: a.range) : nil
      let rank: Int = { if case .convolution(let spec) = layer.operation { return spec.rank } else { return 3 } }()
      let sizes = outputSize.map { $0.count == 1 ? Array(repeating: $0[0], count: rank) : $0 }
      switch found.value {
      case .array, .list, .tuple:
        let tensor = try Conversions.tensor(found.value, what: "\(layer.typeName) input", range: found.range)
        if sizes != nil, case .convolution(let spec) = layer.operation, spec.outputPadding?.contains(where: { $0 != 0 }) == true {
          throw ScriptError(.runtime, "\(layer.typeName): output_padding option is mutually exclusive with output_size", at: a.range)
        }
        let hint = layer.layoutHint(for: tensor.shape)
        let result: Tensor
        do { result = try layer(tensor, using: &state.generator, outputSize: sizes) } catch {
          throw ScriptError(.runtime, "\(error)" + (hint.map { "; \($0)" } ?? ""), at: a.range, cause: error)
        }
        if let hint { output.append("note: \(hint)") }
        receiver = .layer(layer)
        return .array(NDArray(result))
      case .symbolic(let symbolic):
        return .symbolic(SymbolicTensor(shape: try wrap { try layer.outputShape(for: symbolic.shape, outputSize: sizes) }))
      default:
        throw ScriptError(.runtime, "\(layer.typeName) is called on a tensor or an Input, got \(found.value.kindName)", at: found.range)
      }
    case (.model(var model), "__call__"), (.model(var model), "predict"):
      let found = try a.value(0, "x")
      switch found.value {
      case .array, .list, .tuple:
        let tensor = try Conversions.tensor(found.value, what: "model input", range: found.range)
        let output = try wrap { try model(tensor, using: &state.generator) }
        receiver = .model(model)
        return .array(NDArray(output))
      case .symbolic(let symbolic):
        var shape = symbolic.shape
        for layer in model.layers { shape = try wrap { try layer.outputShape(for: shape) } }
        return .symbolic(SymbolicTensor(shape: shape))
      default:
        throw ScriptError(.runtime, "a model is called on a tensor or an Input, got \(found.value.kindName)", at: found.range)
      }
    case (.model(var model), "add"):
      let found = try a.value(0, "layer")
      try add(found.value, to: &model, range: found.range)
      receiver = .model(model)
      return .none
    case (.model(var model), "pop"):
      guard !model.layers.isEmpty else { throw ScriptError(.runtime, "there are no layers in the model", at: a.range) }
      let layers = Array(model.layers.dropLast())
      let rebuilt = try wrap { try Sequential(layers, name: model.name, inputShape: model.inputShape) }
      let removed = model.layers.last!
      model = rebuilt
      receiver = .model(model)
      return .layer(removed)
    case (.model, "summary"), (.layer, "summary"):
      try a.check(allowed: ["line_length"], maximumPositional: 1)
      let lineLength = try a.optionalInt(0, "line_length", default: nil)
      output.append(try summaryText(receiver, lineLength: lineLength, range: a.find(0, "line_length")?.range ?? a.range))
      return .none
    case (.model(let model), "count_params"):
      return .int(try wrap { try model.parameterCount() ?? 0 })
    case (.layer(let layer), "count_params"):
      guard let channels = layer.builtInputChannels else {
        if !layer.hasWeights { return .int(0) }
        throw ScriptError(.runtime, "\(layer.name) is not built yet: call it on an input first", at: a.range)
      }
      return .int(layer.parameterCount(inputChannels: channels))
    case (.layer(let layer), "state_dict"):
      try a.check(allowed: [], maximumPositional: 0)
      return .dict(zip(layer.weightNames, layer.weights).map { DictEntry(key: .string($0), value: .array(NDArray($1))) })
    case (.layer(var layer), "load_state_dict"):
      let found = try a.value(0, "state_dict")
      guard case .dict(let entries) = found.value else {
        throw ScriptError(.runtime, "load_state_dict() takes a dict of tensors, got \(found.value.kindName)", at: found.range)
      }
      let names = layer.weights.isEmpty ? ["weight", "bias"] : layer.weightNames
      let given = entries.map { $0.key.str(.default) }
      let missing = names.filter { !given.contains($0) }, unexpected = given.filter { !names.contains($0) }
      guard missing.isEmpty || (missing == ["bias"] && layer.weights.isEmpty), unexpected.isEmpty else {
        var problems: [String] = []
        if !missing.isEmpty { problems.append("Missing key(s) in state_dict: \(missing.map { "\"\($0)\"" }.joined(separator: ", ")).") }
        if !unexpected.isEmpty { problems.append("Unexpected key(s) in state_dict: \(unexpected.map { "\"\($0)\"" }.joined(separator: ", ")).") }
        throw ScriptError(.runtime, "Error(s) in loading state_dict for \(layer.typeName): " + problems.joined(separator: " "), at: found.range)
      }
      var tensors: [Tensor] = []
      for name in names where given.contains(name) {
        let value = entries.first { $0.key.str(.default) == name }!.value
        tensors.append(try Conversions.tensor(value, what: name, range: found.range))
      }
      try wrap { try layer.setWeights(tensors) }
      receiver = .layer(layer)
      return .none
    case (.layer(let layer), "get_weights"):
      return .list(layer.weights.map { .array(NDArray($0)) })
    case (.model(let model), "get_weights"):
      return .list(model.layers.flatMap { $0.weights.map { .array(NDArray($0)) } })
    case (.layer(var layer), "set_weights"):
      let found = try a.value(0, "weights")
      guard let items = found.value.items else {
        throw ScriptError(.runtime, "set_weights takes a list of tensors", at: found.range)
      }
      var tensors: [Tensor] = []
      for item in items { tensors.append(try Conversions.tensor(item, what: "weight", range: found.range)) }
      _ = tensors
      try wrap { try layer.setWeights(tensors) }
      receiver = .layer(layer)
      return .none
    case (.layer(var layer), "build"):
      let found = try a.value(0, "input_shape")
      let shape = try Conversions.partialShape(found.value, what: "input_shape", range: found.range)
      _ = try wrap { try layer.outputShape(for: shape) }
      let channels = layer.dataFormatChannels(of: shape)
      guard let channels else { throw ScriptError(.runtime, "build needs the channel extent", at: found.range) }
      try wrap { try layer.build(inputChannels: channels, using: &state.generator) }
      receiver = .layer(layer)
      return .none
    case (.layer(let layer), "get_config"):
      try a.check(allowed: [], maximumPositional: 0)
      // Keras's order: name, trainable, dtype, then the constructor's arguments, normalized
      // where the layer normalizes them (kernel_size=3 → (3, 3)).
      return .dict(kerasConfig(layer, receiver, range: a.range))
    case (.layer(let layer), "compute_output_shape"):
      let found = try a.value(0, "input_shape")
      let shape = try Conversions.partialShape(found.value, what: "input_shape", range: found.range)
      let result = try wrap { try layer.outputShape(for: shape) }
      return .tuple(result.map { $0.map { .int($0) } ?? .none })
    case (.array(let array), _):
      return try arrayMethod(array, name, a)
    case (.string(let text), _):
      return try stringMethod(text, name, a)
    case (.list(var items), _):
      return try listMethod(&items, &receiver, name, a)
    case (.dict(var entries), _):
      switch name {
      case "clear":
        receiver = .dict([])
        return .none
      case "setdefault":
        let key = try hashableKey(try a.value(0, "key").value, range: a.range)
        if let position = entries.position(of: key) { return entries[position].value }
        let fallback = a.find(1, "default")?.value ?? .none
        entries.set(key, fallback)
        receiver = .dict(entries)
        return fallback
      case "keys": return .list(entries.map(\.key))
      case "values": return .list(entries.map(\.value))
      case "items": return .list(entries.map { .tuple([$0.key, $0.value]) })
      case "copy": return .dict(entries)
      case "get":
        let key = try a.value(0, "key").value
        return entries.position(of: key).map { entries[$0].value } ?? (a.find(1, "default")?.value ?? .none)
      case "pop":
        let found = try a.value(0, "key")
        guard let position = entries.position(of: found.value) else {
          if let fallback = a.find(1, "default") { return fallback.value }
          throw ScriptError(.runtime, "KeyError: \(found.value.repr(state.printOptions))", at: found.range)
        }
        let removed = entries.remove(at: position)
        receiver = .dict(entries)
        return removed.value
      case "update":
        if let found = a.positional.first {
          guard case .dict(let other) = found.value else {
            throw ScriptError(.runtime, "update() takes a dict, got \(found.value.kindName)", at: found.range)
          }
          for entry in other { entries.set(entry.key, entry.value) }
        }
        for keyword in a.keyword { entries.set(.string(keyword.name), keyword.value) }
        receiver = .dict(entries)
        return .none
      default:
        throw ScriptError(.runtime, "'dict' object has no attribute '\(name)'", at: a.range)
      }
    default:
      throw ScriptError(.runtime, "'\(receiver.kindName)' object has no method '\(name)'", at: a.range)
    }
  }

  /// Tensor methods that are torch's functions with the tensor first.
  static let torchMethods: Set<String> = [
    "sum", "mean", "prod", "std", "var", "argmax", "argmin", "max", "min", "amax", "amin", "all", "any", "abs", "exp", "log", "sqrt",
    "sin", "cos", "tanh", "square", "sign", "floor", "ceil", "isnan", "isfinite", "clamp", "clip", "matmul", "maximum",
    "minimum", "allclose", "squeeze",
  ]

  /// NumPy's ndarray methods. Those that are `np.NAME(a, …)` with the array first run that
  /// function; the rest are here.
  private mutating func arrayMethod(_ array: NDArray, _ name: String, _ a: CallArguments) throws(ScriptError) -> Value {
    let receiver = Value.array(array)
    func withReceiver() -> CallArguments {
      var shifted = a
      shifted.positional.insert((receiver, a.range), at: 0)
      return shifted
    }
    func varargs(_ what: String) throws(ScriptError) -> [Int]? {
      if a.positional.isEmpty { return nil }
      if a.positional.count == 1 { return try signedShape(a.positional[0].value, range: a.positional[0].range) }
      var values: [Int] = []
      for item in a.positional { values.append(try Conversions.int(item.value, what: what, range: item.range)) }
      return values
    }
    // A torch tensor's methods take torch's arguments (dim, keepdim; std's correction=1).
    if array.flavor == .torch, Self.torchMethods.contains(name), let builtin = Builtin.table["torch.\(name)"] {
      return try builtin.call(&self, withReceiver())
    }
    switch name {
    case "reshape":
      guard let shape = try varargs("reshape size") else {
        throw ScriptError(.runtime, "reshape() needs a shape", at: a.range)
      }
      return try a.result { try array.reshaped(shape) }
    case "transpose" where array.flavor == .torch:
      // PyTorch's transpose swaps two dims (NumPy's permutes all of them).
      guard a.count == 2 else {
        throw ScriptError(.runtime, "transpose() takes two dims, dim0 and dim1, got \(a.count) arguments", at: a.range)
      }
      var axes = Array(0..<array.rank)
      var picked: [Int] = []
      for (position, name) in ["dim0", "dim1"].enumerated() {
        let found = try a.value(position, name)
        let dim = try Conversions.int(found.value, what: name, range: found.range)
        guard dim >= -max(array.rank, 1) && dim < max(array.rank, 1) else {
          throw ScriptError(.runtime, "Dimension out of range (expected to be in range of [\(-max(array.rank, 1)), \(max(array.rank, 1) - 1)], but got \(dim))", at: found.range)
        }
        picked.append(dim < 0 ? dim + max(array.rank, 1) : dim)
      }
      if array.rank > 0 { axes.swapAt(picked[0], picked[1]) }
      return try a.result { try array.transposed(axes) }
    case "transpose":
      let axes = try varargs("axis")
      return try a.result { try array.transposed(axes) }
    case "sum", "prod", "mean", "std", "var", "max", "min", "any", "all":
      return try reduce(array, Reduction(rawValue: name)!, a, axisPosition: 0)
    case "argmax", "argmin":
      return try argExtreme(array, largest: name == "argmax", a, axisPosition: 0)
    case "flatten" where array.flavor == .torch && a.count > 0:
      // PyTorch's flatten(start_dim=0, end_dim=-1) joins only the dims between.
      let rank = max(array.rank, 1)
      var dims: [Int] = []
      for (position, (label, fallback)) in [("start_dim", 0), ("end_dim", -1)].enumerated() {
        let dim = try a.int(position, label, default: fallback)
        guard dim >= -rank && dim < rank else {
          throw ScriptError(.runtime, "Dimension out of range (expected to be in range of [\(-rank), \(rank - 1)], but got \(dim))", at: a.find(position, label)!.range)
        }
        dims.append(dim < 0 ? dim + rank : dim)
      }
      guard dims[0] <= dims[1] else { throw ScriptError(.runtime, "flatten() has invalid args: start_dim cannot come after end_dim", at: a.range) }
      guard array.rank > 0 else { return try a.result { try array.reshaped([1]) } }
      let joined = array.shape[dims[0]...dims[1]].reduce(1, *)
      let shape = Array(array.shape[..<dims[0]]) + [joined] + Array(array.shape[(dims[1] + 1)...])
      return try a.result { try array.reshaped(shape) }
    case "flatten", "ravel": return try a.result { try array.flattened }
    case "copy": return .array(array.contiguous())
    case "numpy", "detach", "cpu", "contiguous", "clone", "requires_grad_": return .array(array)
    // PyTorch's tensor methods.
    case "view":
      guard let shape = try varargs("view size") else { return .array(array) }
      return try a.result { try array.reshaped(shape) }
    case "size":
      if let found = a.find(0, "dim") {
        let dim = try Conversions.int(found.value, what: "dim", range: found.range)
        guard dim >= -array.rank && dim < array.rank else {
          throw ScriptError(.runtime, "Dimension out of range (expected to be in range of [\(-array.rank), \(array.rank - 1)], but got \(dim))", at: found.range)
        }
        return .int(array.shape[dim < 0 ? dim + array.rank : dim])
      }
      return .tuple(array.shape.map { .int($0) })
    case "dim", "ndimension": return .int(array.rank)
    case "numel", "nelement": return .int(array.count)
    case "unsqueeze":
      let found = try a.value(0, "dim")
      let dim = try Conversions.int(found.value, what: "dim", range: found.range)
      guard dim >= -(array.rank + 1) && dim <= array.rank else {
        throw ScriptError(.runtime, "Dimension out of range (expected to be in range of [\(-(array.rank + 1)), \(array.rank)], but got \(dim))", at: found.range)
      }
      let axis = dim < 0 ? dim + array.rank + 1 : dim
      var shape = array.shape
      shape.insert(1, at: axis)
      return try a.result { try array.reshaped(shape) }
    case "permute":
      guard let axes = try varargs("dim") else { throw ScriptError(.runtime, "permute() needs the dims", at: a.range) }
      guard axes.count == array.rank else {
        throw ScriptError(.runtime, "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(array.rank) is not equal to len(dims) = \(axes.count)", at: a.range)
      }
      return try a.result { try array.transposed(axes) }
    case "float": return try a.result { try array.astype(.float32) }
    case "double": return try a.result { try array.astype(.float64) }
    case "long": return try a.result { try array.astype(.int64) }
    case "int": return try a.result { try array.astype(.int32) }
    case "half": return try a.result { try array.astype(.float16) }
    case "bool": return try a.result { try array.astype(.bool) }
    case "astype":
      let found = try a.value(0, "dtype")
      let dtype = try Conversions.dtype(found.value, range: found.range)
      return try a.result { try array.astype(dtype) }
    case "item":
      guard array.count == 1 else {
        throw ScriptError(.runtime, "item(): can only convert an array of size 1 to a Python scalar, this one has \(array.count) elements", at: a.range)
      }
      let scalar: NDArray = try a.wrap { () throws(ShapeError) -> NDArray in try array.reshaped([]) }
      return scalar.pythonValue()
    case "tolist": return array.pythonValue()
    case "fill":
      throw ScriptError(.runtime, "fill() changes an array in place; write x[...] = value instead", at: a.range)
    case "sort":
      throw ScriptError(.runtime, "a.sort() sorts in place; write a = np.sort(a) instead", at: a.range)
    case "squeeze", "cumsum", "cumprod", "clip", "round", "argsort", "nonzero", "repeat", "swapaxes", "dot":
      let function = name == "round" ? "round" : name
      return try Builtin.table["numpy.\(function)"]!.call(&self, withReceiver())
    default:
      throw ScriptError(.runtime, "'tensor' object has no method '\(name)'", at: a.range)
    }
  }

  mutating func add(_ value: Value, to model: inout Sequential, range: SourceRange) throws(ScriptError) {
    switch value {
    case .layer(let layer):
      do { try model.add(layer) } catch { throw ScriptError(.runtime, "\(error)", at: range) }
    case .symbolic(let symbolic):
      guard model.layers.isEmpty else {
        throw ScriptError(.runtime, "an Input can only be the first thing added to a model", at: range)
      }
      model = Sequential(name: model.name, inputShape: Array(symbolic.shape.dropFirst()))
    default:
      throw ScriptError(.runtime, "only layers (or an Input first) can be added to a model, got \(value.kindName)", at: range)
    }
  }

  func summaryText(_ value: Value, lineLength: Int? = nil, range: SourceRange) throws(ScriptError) -> String {
    if let lineLength, !(20...1000).contains(lineLength) {
      throw ScriptError(.runtime, "summary(): line_length must be between 20 and 1000, got \(lineLength)", at: range)
    }
    do {
      switch value {
      case .model(let model): return try model.summary(lineLength: lineLength)
      case .layer(let layer):
        var model = Sequential(name: layer.name, inputShape: nil)
        if let channels = layer.builtInputChannels {
          let inputShape: [Int?] = layer.dataFormatIsLast
            ? Array(repeating: nil, count: layer.spatialRank) + [channels]
            : [channels] + Array(repeating: nil, count: layer.spatialRank)
          model = Sequential(name: layer.name, inputShape: inputShape)
        }
        try model.add(layer)
        return try model.summary(lineLength: lineLength)
      default:
        throw ScriptError(.runtime, "summary() takes a model or a layer, got \(value.kindName)", at: range)
      }
    } catch let error as ScriptError { throw error } catch {
      throw ScriptError(.runtime, "\(error)", at: range, cause: error)
    }
  }

  func variablesTable() -> String {
    let variables = Introspection.variableRows(state)
    guard !variables.isEmpty else { return "(no variables)" }
    var rows: [[String]] = [["name", "kind", "shape", "bytes"]]
    for row in variables { rows.append([row.name, row.kind, row.shape, groupedThousands(row.bytes)]) }
    let widths = (0..<4).map { column in rows.map { $0[column].count }.max()! }
    var lines = rows.map { row in
      (0..<4).map { column in
        column == 3 ? String(repeating: " ", count: widths[column] - row[column].count) + row[column]
          : row[column] + String(repeating: " ", count: widths[column] - row[column].count)
      }.joined(separator: "  ")
    }
    lines.insert(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "), at: 1)
    // The limit only when the session set one: the machine's default would make a saved
    // session's `#:` lines differ on every other machine.
    let limit = state.memoryLimit.map { " (limit \(MemoryLimit.describe($0)))" } ?? ""
    lines.append("total tensor memory: \(byteText(state.tensorBytes))\(limit)")
    return lines.joined(separator: "\n")
  }

  // MARK: - timeit

  mutating func timeit(_ arguments: [Argument], range: SourceRange) throws(ScriptError) -> Value {
    guard let expression = arguments.first(where: { $0.label == nil })?.value else {
      throw ScriptError(.runtime, "timeit() needs an expression to time", at: range)
    }
    var repeats = 7
    for argument in arguments where argument.label != nil {
      guard argument.label == "repeat" || argument.label == "number" else {
        throw ScriptError(.runtime, "timeit() got an unexpected keyword argument '\(argument.label!)'", at: argument.range)
      }
      repeats = try Conversions.int(try evaluate(argument.value), what: "timeit() repeat", range: argument.range)
      guard (1...10_000).contains(repeats) else {
        throw ScriptError(.runtime, "timeit() repeat must be between 1 and 10000, got \(repeats)", at: argument.range)
      }
    }
    let saved = state
    _ = try evaluate(expression)  // warm-up
    var times: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<repeats {
      try checkInterrupted(range)
      let start = clock.now
      _ = try evaluate(expression)
      let elapsed = clock.now - start
      times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    state = saved  // timing never changes the session (weights built while timing are dropped)
    times.sort()
    let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    output.append("median \(durationText(median)) · min \(durationText(times.first!)) · max \(durationText(times.last!)) · \(repeats) runs")
    return .float(median)
  }
}

extension Interpreter {
  /// `memit(expr)`, as IPython's `%memit`: the process's peak resident memory while `expr`
  /// runs and how far it rose, split into the result (a tensor's bytes) and the working memory
  /// the computation needed besides it (im2col blocks, packed weights, intermediates). Free
  /// heap pages are returned to the system first so earlier garbage cannot hide the rise.
  /// Returns the working bytes; the session is unchanged, as after `timeit`.
  mutating func memit(_ arguments: [Argument], range: SourceRange) throws(ScriptError) -> Value {
    guard arguments.count == 1, let expression = arguments.first, expression.label == nil else {
      throw ScriptError(.runtime, "memit() takes one expression to measure", at: range)
    }
    guard ProcessMemory.startMeasuring(), let before = ProcessMemory.resident else {
      throw ScriptError(.runtime, "memit() needs Linux's /proc/self/clear_refs to measure peak memory", at: range)
    }
    let saved = state
    let value = try evaluate(expression.value)
    let peak = ProcessMemory.peak ?? before
    state = saved
    var result = 0
    if case .array(let array) = value { result = array.byteCount }
    let increment = max(0, peak - before), working = max(0, increment - result)
    output.append(
      "peak memory \(byteText(peak)) · increment \(byteText(increment)): result \(byteText(result)) + working \(byteText(working))")
    return .int(working)
  }
}

/// `1.234 ms`, `56.7 µs`, `2.345 s`: four significant digits.
func durationText(_ seconds: Double) -> String {
  let (value, unit): (Double, String) =
    seconds >= 1 ? (seconds, "s") : seconds >= 1e-3 ? (seconds * 1e3, "ms") : seconds >= 1e-6 ? (seconds * 1e6, "µs") : (seconds * 1e9, "ns")
  let decimals = value >= 100 ? 1 : value >= 10 ? 2 : 3
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let rounded = (value * scale).rounded() / scale
  var text = "\(rounded)"
  if let dot = text.firstIndex(of: ".") {
    let fraction = text[text.index(after: dot)...].count
    if fraction < decimals { text += String(repeating: "0", count: decimals - fraction) }
  }
  return "\(text) \(unit)"
}

func byteText(_ bytes: Int) -> String {
  let units = ["B", "KiB", "MiB", "GiB", "TiB"]
  var size = Double(bytes), unit = 0
  while size >= 1024 && unit < units.count - 1 {
    size /= 1024
    unit += 1
  }
  return unit == 0 ? "\(bytes) B" : "\((size * 10).rounded() / 10) \(units[unit])"
}

extension String {
  func replacingNumpyPrefix() -> String {
    hasPrefix("numpy.") ? "np." + dropFirst(6) : self
  }
}

extension Value {
  var isLayerOrModel: Bool {
    switch self {
    case .layer, .model: return true
    default: return false
    }
  }
}

extension Layer {
  /// The names Keras (or Paddle) gives the weights, in `get_weights()` order.
  var weightNames: [String] {
    let biasCount = weights.count - (typeName.hasPrefix("Separable") ? 2 : 1)
    let bias = biasCount > 0 ? ["bias"] : []
    if framework == .paddle || framework == .torch { return ["weight"] + bias }
    if typeName.hasPrefix("Separable") { return ["depthwise_kernel", "pointwise_kernel"] + bias }
    if typeName.hasPrefix("Depthwise") { return ["depthwise_kernel"] + bias }
    return ["kernel"] + bias
  }
}
