import Foundation
import Kernels
import Layers
import RealModule
import Tensors

extension Interpreter {
  /// Runs the builtin `name` (its canonical name, e.g. `numpy.zeros`).
  mutating func callFunction(_ name: String, _ a: CallArguments) throws(ScriptError) -> Value {
    func wrap<T>(_ body: () throws -> T) throws(ScriptError) -> T {
      do { return try body() } catch let error as ScriptError { throw error } catch {
        throw ScriptError(.runtime, "\(a.function)(): \(error)", at: a.range)
      }
    }
    func requireFiles(_ function: String, range: SourceRange) throws(ScriptError) {
      guard state.allowsFiles else { throw ScriptError(.runtime, "\(function)(): file access is off in this session", at: range) }
    }
    let bare = name.hasPrefix("numpy.") && !name.hasPrefix("numpy.random.") ? String(name.dropFirst(6)) : name
    switch bare {
    // MARK: creation and randomness
    case "rand", "numpy.random.rand", "numpy.random.random":
      let shape = try a.shape(from: 0)
      return .tensor(try wrap { try Tensor.rand(shape, using: &state.generator) })
    case "randn", "numpy.random.randn":
      let shape = try a.shape(from: 0)
      return .tensor(try wrap { try Tensor.randn(shape, using: &state.generator) })
    case "numpy.random.uniform":
      try a.check(allowed: ["low", "high", "size"], maximumPositional: 3)
      let low = try a.double(0, "low", default: 0), high = try a.double(1, "high", default: 1)
      let shape = a.has(2, "size") ? try Conversions.shape(try a.value(2, "size").value, what: "size", range: a.range) : []
      return .tensor(try wrap { try Tensor.sample(shape) { low + state.generator.nextUniform() * (high - low) } })
    case "numpy.random.normal":
      try a.check(allowed: ["loc", "scale", "size"], maximumPositional: 3)
      let loc = try a.double(0, "loc", default: 0), scale = try a.double(1, "scale", default: 1)
      let shape = a.has(2, "size") ? try Conversions.shape(try a.value(2, "size").value, what: "size", range: a.range) : []
      return .tensor(try wrap { try Tensor.sample(shape) { loc + state.generator.nextNormal() * scale } })
    case "paddle.rand", "paddle.randn":
      try a.check(allowed: ["shape", "dtype", "name"], maximumPositional: 2)
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      return .tensor(try wrap {
        name == "paddle.rand" ? try Tensor.rand(shape, using: &state.generator) : try Tensor.randn(shape, using: &state.generator)
      })
    case "seed", "numpy.random.seed", "paddle.seed":
      let seed = try a.int(0, "seed")
      guard seed >= 0 && seed <= Int(UInt32.max) else {
        throw ScriptError(.runtime, "seed must be between 0 and 2**32 - 1, got \(seed)", at: a.positional.first?.range ?? a.range)
      }
      state.generator.reseed(UInt32(seed))
      return .none
    case "zeros", "ones", "paddle.zeros", "paddle.ones":
      let shape = try a.shape(from: 0)
      return .tensor(try wrap { bare.hasSuffix("zeros") ? try Tensor.zeros(shape) : try Tensor.ones(shape) })
    case "zeros_like", "ones_like":
      let shape = try a.tensor(0, "a").shape
      return .tensor(try wrap { bare == "zeros_like" ? try Tensor.zeros(shape) : try Tensor.ones(shape) })
    case "full":
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      let fill = try a.double(1, "fill_value")
      return .tensor(try wrap { try Tensor.full(shape, value: Float(fill)) })
    case "arange":
      try a.check(allowed: ["start", "stop", "step", "dtype"], maximumPositional: 4)
      let first = try a.double(0, "start")
      let (start, stop) = a.has(1, "stop") ? (first, try a.double(1, "stop")) : (0, first)
      let step = try a.double(2, "step", default: 1)
      return .tensor(try wrap { try Tensor.arange(start, stop, step: step) })
    case "linspace":
      try a.check(allowed: ["start", "stop", "num", "endpoint", "dtype"], maximumPositional: 4)
      let count = try a.int(2, "num", default: 50)
      return .tensor(try wrap {
        try Tensor.linspace(try a.double(0, "start"), try a.double(1, "stop"), count: count, endpoint: try a.bool(3, "endpoint", default: true))
      })
    case "eye":
      let rows = try a.int(0, "N")
      let columns = a.has(1, "M") ? try a.int(1, "M") : nil
      let k = try a.int(2, "k", default: 0)
      return .tensor(try wrap { try Tensor.eye(rows, columns: columns, diagonal: k) })
    case "array", "asarray", "tensor", "paddle.to_tensor":
      let found = try a.value(0, "data")
      return .tensor(try Conversions.tensor(found.value, what: "\(a.function)() data", range: found.range))
    case "load":
      try requireFiles(a.function, range: a.range)
      let path = state.resolve(try a.string(0, "path"))
      let tensor = try wrap { try NPY.read(path: path) }
      state.fileFingerprints[path] = FileFingerprint.of(path)
      return .tensor(tensor)
    case "save":
      try requireFiles(a.function, range: a.range)
      // convlab's save(t, path) and numpy's np.save(path, t): either order, by type.
      let first = try a.value(0, name == "numpy.save" ? "file" : "t"), second = try a.value(1, name == "numpy.save" ? "arr" : "path")
      let (tensorValue, pathValue) = { if case .string = first.value { return (second, first) } else { return (first, second) } }()
      guard case .string(var path) = pathValue.value else {
        throw ScriptError(.runtime, "\(a.function)() needs a file path string", at: pathValue.range)
      }
      // A path must name a file: not nothing, not a folder (with or without its final /).
      var isFolder: ObjCBool = false
      if path.isEmpty || path.hasSuffix("/") || path.hasSuffix("/.")
        || FileManager.default.fileExists(atPath: state.resolve(path), isDirectory: &isFolder) && isFolder.boolValue
      {
        throw ScriptError(
          .runtime, "\(a.function)(): \(pythonQuoted(path)) is \(path.isEmpty ? "empty" : "a folder"), not a file name: give one such as 'weights.npy'",
          at: pathValue.range)
      }
      if !path.hasSuffix(".npy") { path += ".npy" }
      let tensor = try Conversions.tensor(tensorValue.value, what: "\(a.function)() array", range: tensorValue.range)
      let resolved = state.resolve(path)
      let overwrite = try a.bool(nil, "overwrite", default: false)
      if let known = state.fileFingerprints[resolved], FileFingerprint.of(resolved) != known,
        !overwrite && !state.allowsOverwrite
      {
        throw ScriptError(
          .runtime,
          "\(a.function)(): \(path) changed on disk since this session read or wrote it; pass overwrite=True (or run with --force) to replace it",
          at: pathValue.range)
      }
      try wrap { try NPY.write(tensor, path: resolved) }
      state.fileFingerprints[resolved] = FileFingerprint.of(resolved)
      return .none

    // MARK: shapes and combinations
    case "concatenate", "stack":
      let found = try a.value(0, "arrays")
      guard case .tuple(let items) = found.value.asSequence else {
        throw ScriptError(.runtime, "\(a.function)() takes a list of tensors", at: found.range)
      }
      var tensors: [Tensor] = []
      for item in items { tensors.append(try Conversions.tensor(item, what: "\(a.function)() item", range: found.range)) }
      let axis = try a.int(1, "axis", default: 0)
      return .tensor(try wrap { bare == "stack" ? try Tensor.stack(tensors, axis: axis) : try Tensor.concatenate(tensors, axis: axis) })
    case "reshape":
      let tensor = try a.tensor(0, "a")
      let shape = try signedShape(try a.value(1, "newshape").value, range: a.range)
      return .tensor(try wrap { try tensor.reshaped(shape) })
    case "transpose":
      let tensor = try a.tensor(0, "a")
      let axes = a.has(1, "axes") ? try signedShape(try a.value(1, "axes").value, range: a.range) : nil
      return .tensor(try wrap { try tensor.transposed(axes) })
    case "expand_dims":
      let tensor = try a.tensor(0, "a")
      let axis = try a.int(1, "axis")
      return .tensor(try wrap { try tensor.expandingDims(axis: axis) })
    case "squeeze":
      let tensor = try a.tensor(0, "a")
      let axes = a.has(1, "axis") ? try signedShape(try a.value(1, "axis").value, range: a.range) : nil
      return .tensor(try wrap { try tensor.squeezed(axes: axes) })
    case "shape":
      let found = try a.value(0, "a")
      return try shapeValue(found.value, range: found.range)
    case "len":
      let found = try a.value(0, "obj")
      switch found.value {
      case .tensor(let tensor):
        guard let first = tensor.shape.first else { throw ScriptError(.runtime, "len() of a 0-d tensor", at: found.range) }
        return .int(first)
      case .tuple(let items), .list(let items): return .int(items.count)
      case .string(let text): return .int(text.count)
      case .model(let model): return .int(model.layers.count)
      default: throw ScriptError(.runtime, "object of type '\(found.value.kindName)' has no len()", at: found.range)
      }

    // MARK: element-wise math and reductions
    case "exp", "log", "sqrt", "tanh", "sin", "cos", "floor", "ceil":
      let found = try a.value(0, "x")
      if let number = number(found.value) {
        let x = double(number)
        let table: [String: (Double) -> Double] = [
          "exp": { Double.exp($0) }, "log": { Double.log($0) }, "sqrt": { $0.squareRoot() }, "tanh": { Double.tanh($0) },
          "sin": { Double.sin($0) }, "cos": { Double.cos($0) }, "floor": { $0.rounded(.down) }, "ceil": { $0.rounded(.up) },
        ]
        return .float(table[bare]!(x))
      }
      let tensor = try Conversions.tensor(found.value, what: "\(a.function)() argument", range: found.range)
      switch bare {
      case "exp": return .tensor(tensor.exp())
      case "log": return .tensor(tensor.log())
      case "sqrt": return .tensor(tensor.sqrt())
      case "tanh": return .tensor(tensor.tanh())
      case "sin": return .tensor(tensor.sin())
      case "cos": return .tensor(tensor.cos())
      case "floor": return .tensor(tensor.floor())
      default: return .tensor(tensor.ceil())
      }
    case "abs":
      let found = try a.value(0, "x")
      switch found.value {
      case .int(let number):
        guard number != .min else { throw ScriptError(.runtime, "integer overflow in abs()", at: found.range) }
        return .int(Swift.abs(number))
      case .float(let number): return .float(Swift.abs(number))
      default: return .tensor(try Conversions.tensor(found.value, what: "abs() argument", range: found.range).abs())
      }
    case "round":
      let found = try a.value(0, "x")
      if case .float(let number) = found.value, !a.has(1, "ndigits") {
        guard number.isFinite, Swift.abs(number) < 9e18 else {
          throw ScriptError(.runtime, "cannot round \(pythonFloat(number)) to an integer", at: found.range)
        }
        return .int(Int(number.rounded(.toNearestOrEven)))
      }
      if case .int = found.value { return found.value }
      return .tensor(try Conversions.tensor(found.value, what: "round() argument", range: found.range).round())
    case "clip":
      let tensor = try a.tensor(0, "a")
      return .tensor(tensor.clipped(min: Float(try a.double(1, "a_min")), max: Float(try a.double(2, "a_max"))))
    case "maximum", "minimum":
      let x = try a.tensor(0, "x1"), y = try a.tensor(1, "x2")
      return .tensor(try wrap { bare == "maximum" ? try x.maximum(y) : try x.minimum(y) })
    case "sum", "mean", "max", "min", "amax", "amin", "std", "argmax":
      let found = try a.value(0, "a")
      if !found.value.isTensor, case .tuple(let items) = found.value.asSequence, bare != "std", bare != "argmax", bare != "mean" {
        return try pythonReduce(bare, items, range: found.range)
      }
      if bare == "max" || bare == "min", a.positional.count > 1, !found.value.isTensor {
        return try pythonReduce(bare, a.positional.map(\.value), range: a.range)
      }
      let tensor = try Conversions.tensor(found.value, what: "\(a.function)() argument", range: found.range)
      return try reduce(tensor, bare, a, axisPosition: 1)
    case "allclose":
      try a.check(allowed: ["a", "b", "rtol", "atol", "equal_nan"], maximumPositional: 5)
      let x = try a.tensor(0, "a"), y = try a.tensor(1, "b")
      let rtol = Float(try a.double(2, "rtol", default: 1e-5)), atol = Float(try a.double(3, "atol", default: 1e-8))
      return .bool(try wrap { try x.isClose(to: y, rtol: rtol, atol: atol, equalNaN: try a.bool(4, "equal_nan", default: false)) })

    // MARK: Python conversions
    case "int":
      let found = try a.value(0, "x")
      if case .string(let text) = found.value, let number = Int(text.trimmingSpaces()) { return .int(number) }
      let number = try Conversions.double(found.value, what: "int() argument", range: found.range)
      guard number.isFinite, Swift.abs(number) < 9.2e18 else {
        throw ScriptError(.runtime, "cannot convert \(pythonFloat(number)) to an integer", at: found.range)
      }
      return .int(Int(number.rounded(.towardZero)))
    case "float":
      let found = try a.value(0, "x")
      if case .string(let text) = found.value, let number = Double(text.trimmingSpaces()) { return .float(number) }
      return .float(try Conversions.double(found.value, what: "float() argument", range: found.range))
    case "str": return .string(try a.value(0, "object").value.str(state.printOptions))
    case "bool": return .bool(a.count == 0 ? false : try truthy(try a.value(0, "x").value, range: a.range))
    case "list", "tuple":
      let found = try a.value(0, "iterable")
      var items: [Value]
      switch found.value {
      case .tuple(let values), .list(let values): items = values
      case .tensor(let tensor) where tensor.rank >= 1:
        items = (0..<tensor.shape[0]).map { index in
          let row = try! tensor[.at(index)]
          return row.rank == 0 ? .float(Double(row.scalars[0])) : .tensor(row)
        }
      default: throw ScriptError(.runtime, "'\(found.value.kindName)' object is not iterable", at: found.range)
      }
      return bare == "list" ? .list(items) : .tuple(items)
    case "range":
      let first = try a.int(0, "start")
      let (start, stop) = a.positional.count >= 2 ? (first, try a.int(1, "stop")) : (0, first)
      let step = try a.int(2, "step", default: 1)
      guard step != 0 else { throw ScriptError(.runtime, "range() step must not be zero", at: a.range) }
      let values = Swift.stride(from: start, to: stop, by: step)
      guard values.underestimatedCount <= 1_000_000 else { throw ScriptError(.runtime, "range() is too long", at: a.range) }
      return .list(values.map { .int($0) })

    // MARK: session
    case "print":
      try a.check(allowed: ["sep", "end"], maximumPositional: .max)
      var separator = " "
      if let found = a.find(nil, "sep"), case .string(let text) = found.value { separator = text }
      var text = a.positional.map { $0.value.str(state.printOptions) }.joined(separator: separator)
      if let found = a.find(nil, "end"), case .string(let end) = found.value, end != "\n" { text += end }
      output.append(text)
      return .none
    case "Input":
      try a.check(allowed: ["shape", "batch_size", "name", "dtype", "batch_shape"], maximumPositional: 2)
      let found = try a.value(0, "shape")
      let shape = try Conversions.partialShape(found.value, what: "Input() shape", range: found.range)
      let batch = a.has(1, "batch_size") ? try a.int(1, "batch_size") : nil
      return .symbolic(.input(shape, batchSize: batch))
    case "Sequential":
      try a.check(allowed: ["layers", "name"], maximumPositional: 2)
      var model = Sequential(name: state.namer.name(for: "sequential"))
      if a.has(1, "name") { model.name = try a.string(1, "name") }
      if let found = a.find(0, "layers"), !found.value.isNone {
        for item in found.value.asSequence.items ?? [] { try add(item, to: &model, range: found.range) }
      }
      return .model(model)
    case "explain":
      return try explain(a)
    case "diagram":
      return try diagram(a)
    case "animate":
      return try animate(a)
    case "summary":
      let found = try a.value(0, "model")
      output.append(try summaryText(found.value, range: found.range))
      return .none
    case "set_printoptions", "numpy.set_printoptions":
      try setPrintOptions(a)
      return .none
    case "set_image_data_format":
      let text = try a.string(0, "data_format")
      guard let format = DataFormat(rawValue: text) else {
        throw ScriptError(.runtime, "data_format must be 'channels_last' or 'channels_first', got '\(text)'", at: a.range)
      }
      state.dataFormat = format
      return .none
    case "help":
      let text = Help.text(for: a.positional.first?.value, interpreter: self)
      output.append(text)
      panel = .help(text)
      return .none
    case "vars":
      output.append(variablesTable())
      return .none
    case "set_limits":
      let found = try a.value(0, "memory")
      let bytes: Int?
      switch found.value {
      case .string(let text): bytes = MemoryLimit.parse(text)
      case .int(let value): bytes = value > 0 ? value : nil
      default: bytes = nil
      }
      guard let bytes, bytes > 0 else {
        throw ScriptError(.runtime, "set_limits(): memory is a size such as \"8G\", \"512M\" or a number of bytes", at: found.range)
      }
      // The session's own limit (replayed, undone and saved with it), in force from the next statement.
      state.memoryLimit = bytes
      output.append("tensor memory limit: \(MemoryLimit.describe(bytes)) (\(MemoryLimit.describe(MemoryLimit.inUse)) in use)")
      return .none
    case "show":
      let found = try a.value(0, "t")
      let tensor = try Conversions.tensor(found.value, what: "show() argument", range: found.range)
      do {
        let name = a.names.first.flatMap { $0 } ?? "t"
        output.append(try Heatmap.render(tensor, name: name).joined(separator: "\n"))
      } catch {
        throw ScriptError(.runtime, error.message, at: found.range)
      }
      return .none
    default:
      break
    }
    if name.hasPrefix("activations.") {
      let activationName = String(name.dropFirst("activations.".count))
      guard let activation = Activation(kerasName: activationName) else {
        throw ScriptError(.runtime, "unknown activation \(activationName)", at: a.range)
      }
      var tensor = try a.tensor(0, "x")
      let last = tensor.shape.last ?? 1
      tensor.withUnsafeMutableScalars { activation.apply(to: $0, lastAxis: last) }
      return .tensor(tensor)
    }
    if name.hasPrefix("keras.initializers.") || name.hasPrefix("keras.regularizers.") {
      var keyword: [(name: String, value: ArgumentValue)] = []
      for item in a.keyword { keyword.append((item.name, try Conversions.argument(item.value, range: item.range))) }
      var positional: [ArgumentValue] = []
      for item in a.positional { positional.append(try Conversions.argument(item.value, range: item.range)) }
      return .object(type: String(name.split(separator: ".").last!), arguments: ArgumentList(positional, keyword: keyword))
    }
    throw ScriptError(.runtime, "\(a.function)() is not available", at: a.range)
  }

  /// Shapes given as ints or tuples that may contain -1.
  func signedShape(_ value: Value, range: SourceRange) throws(ScriptError) -> [Int] {
    var shape: [Int] = []
    for item in value.asSequence.items ?? [value] {
      shape.append(try Conversions.int(item, what: "shape", range: range))
    }
    return shape
  }

  func shapeValue(_ value: Value, range: SourceRange) throws(ScriptError) -> Value {
    switch value {
    case .tensor(let tensor): return .tuple(tensor.shape.map { .int($0) })
    case .symbolic(let symbolic): return .tuple(symbolic.shape.map { $0.map { .int($0) } ?? .none })
    default: throw ScriptError(.runtime, "a \(value.kindName) has no shape", at: range)
    }
  }

  /// `sum`, `mean`, `max`, `min`, `std`, `argmax` of a tensor with numpy's `axis`/`keepdims`.
  func reduce(_ tensor: Tensor, _ name: String, _ a: CallArguments, axisPosition: Int) throws(ScriptError) -> Value {
    try a.check(allowed: ["a", "axis", "keepdims", "dtype", "ddof"], maximumPositional: axisPosition + 1)
    var axes: [Int]?
    if let found = a.find(axisPosition, "axis"), !found.value.isNone { axes = try signedShape(found.value, range: found.range) }
    let keepdims = try a.bool(nil, "keepdims", default: false)
    let result: Tensor
    do {
      switch name {
      case "argmax":
        guard (axes?.count ?? 0) <= 1 else { throw ScriptError(.runtime, "argmax takes a single axis", at: a.range) }
        result = try tensor.argmax(axis: axes?.first, keepdims: keepdims)
      case "amax", "max": result = try tensor.reduced(.max, axes: axes, keepdims: keepdims)
      case "amin", "min": result = try tensor.reduced(.min, axes: axes, keepdims: keepdims)
      default: result = try tensor.reduced(Tensor.Reduction(rawValue: name)!, axes: axes, keepdims: keepdims)
      }
    } catch let error as ScriptError { throw error } catch {
      throw ScriptError(.runtime, "\(a.function)(): \(error)", at: a.range)
    }
    if result.rank == 0 {
      return name == "argmax" ? .int(Int(result.scalars[0])) : .float(Double(result.scalars[0]))
    }
    return .tensor(result)
  }

  private func pythonReduce(_ name: String, _ items: [Value], range: SourceRange) throws(ScriptError) -> Value {
    guard !items.isEmpty else { throw ScriptError(.runtime, "\(name)() of an empty sequence", at: range) }
    var numbers: [Number] = []
    for item in items {
      guard let value = number(item) else { throw ScriptError(.runtime, "\(name)() needs numbers, got \(item.kindName)", at: range) }
      numbers.append(value)
    }
    if name == "sum" {
      var total: Value = .int(0)
      for item in items { total = try binary(.add, total, item, range: range, operands: (range, range)) }
      return total
    }
    var best = items[0]
    for (item, value) in zip(items, numbers).dropFirst() {
      let current = double(number(best)!), candidate = double(value)
      if (name.hasSuffix("max") && candidate > current) || (name.hasSuffix("min") && candidate < current) { best = item }
    }
    return best
  }

  private mutating func setPrintOptions(_ a: CallArguments) throws(ScriptError) {
    try a.check(allowed: ["precision", "threshold", "edgeitems", "linewidth", "suppress", "floatmode", "nanstr", "infstr", "sign", "legacy"], maximumPositional: 5)
    var options = state.printOptions
    if a.has(0, "precision") { options.precision = try nonNegative(a.int(0, "precision"), "precision", a) }
    if a.has(1, "threshold") { options.threshold = try nonNegative(a.int(1, "threshold"), "threshold", a) }
    if a.has(2, "edgeitems") { options.edgeItems = try nonNegative(a.int(2, "edgeitems"), "edgeitems", a) }
    if a.has(3, "linewidth") { options.lineWidth = try nonNegative(a.int(3, "linewidth"), "linewidth", a) }
    if a.has(4, "suppress") { options.suppress = try a.bool(4, "suppress", default: false) }
    if a.has(nil, "floatmode") {
      let text = try a.string(nil, "floatmode")
      guard let mode = PrintOptions.FloatMode(rawValue: text) else {
        throw ScriptError(.runtime, "floatmode must be one of 'fixed', 'unique', 'maxprec', 'maxprec_equal'", at: a.range)
      }
      options.floatMode = mode
    }
    if a.has(nil, "nanstr") { options.nanString = try a.string(nil, "nanstr") }
    if a.has(nil, "infstr") { options.infString = try a.string(nil, "infstr") }
    state.printOptions = options
  }

  private func nonNegative(_ value: Int, _ name: String, _ a: CallArguments) throws(ScriptError) -> Int {
    guard value >= 0, value <= 1_000_000 else {
      throw ScriptError(.runtime, "set_printoptions: \(name) must be between 0 and 1000000, got \(value)", at: a.range)
    }
    return value
  }
}

extension Value {
  var isTensor: Bool {
    if case .tensor = self { return true }
    return false
  }

  /// Tuples and lists as one kind of sequence.
  var asSequence: Value {
    if case .list(let items) = self { return .tuple(items) }
    return self
  }

  var items: [Value]? {
    switch self {
    case .tuple(let items), .list(let items): return items
    default: return nil
    }
  }
}

extension String {
  func trimmingSpaces() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
