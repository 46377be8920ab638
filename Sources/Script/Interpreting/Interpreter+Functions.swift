import Arrays
import Foundation
import Kernels
import Layers
import RealModule
import Tensors

extension Interpreter {
  /// Runs the builtin `name` (its canonical name, e.g. `numpy.zeros`).
  mutating func callFunction(_ name: String, _ a: CallArguments) throws(ScriptError) -> Value {
    if let function = NumPyFunction.table[Builtins.numpyName(for: name) ?? ""] { return try function.body(&self, a) }
    if name.hasPrefix("numpy."), let dtype = NumPyFunction.scalarTypes[String(name.dropFirst(6))] {
      return try makeScalar(dtype, a)
    }
    switch name {
    case "paddle.rand", "paddle.randn":
      try a.check(allowed: ["shape", "dtype", "name"], maximumPositional: 2)
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      let dtype = try a.dtype(1) ?? .float32  // Paddle's default dtype
      let draws = try a.wrap {
        try NDArray.sample(shape) { name == "paddle.rand" ? self.state.generator.nextUniform() : self.state.generator.nextNormal() }
      }
      return try a.result { try draws.astype(dtype) }
    case "paddle.uniform", "tensorflow.random.uniform":
      // Paddle: uniform(shape, dtype, min=-1.0, max=1.0, seed, name); TF: uniform(shape, minval=0, maxval=1, dtype).
      let paddle = name == "paddle.uniform"
      let (low, high) = paddle ? ("min", "max") : ("minval", "maxval")
      try a.check(allowed: ["shape", "dtype", low, high, "seed", "name"], maximumPositional: paddle ? 5 : 4)
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      let lower = try a.double(paddle ? 2 : 1, low, default: paddle ? -1 : 0)
      let upper = try a.double(paddle ? 3 : 2, high, default: 1)
      let dtype = try a.dtype(paddle ? 1 : 3) ?? .float32
      let draws = try a.wrap { try NDArray.sample(shape) { lower + (upper - lower) * self.state.generator.nextUniform() } }
      return try a.result { try draws.astype(dtype) }
    case "tensorflow.random.normal":
      try a.check(allowed: ["shape", "mean", "stddev", "dtype", "seed", "name"], maximumPositional: 4)
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      let mean = try a.double(1, "mean", default: 0), deviation = try a.double(2, "stddev", default: 1)
      let draws = try a.wrap { try NDArray.sample(shape) { mean + deviation * self.state.generator.nextNormal() } }
      return try a.result { try draws.astype(try a.dtype(3) ?? .float32) }
    case "paddle.disable_static":
      // convlab is always in Paddle's dynamic-graph mode, which Paddle 2 starts in too.
      try a.check(allowed: ["place"], maximumPositional: 1)
      return .none
    case "paddle.zeros", "paddle.ones":
      let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
      let dtype = try a.dtype(1) ?? .float32
      return try a.result { name == "paddle.zeros" ? try NDArray.zeros(shape, dtype: dtype) : try NDArray.ones(shape, dtype: dtype) }
    case "paddle.to_tensor", "tensor":
      let found = try a.value(0, "data")
      return .array(try Conversions.array(found.value, what: "\(a.function)() data", range: found.range, dtype: try a.dtype(1)))
    case "paddle.seed":
      return try NumPyFunction.table["random.seed"]!.body(&self, a)
    case "type":
      return .type(try a.value(0, "object").value.pythonTypeName)
    case "isinstance":
      let object = try a.value(0, "obj").value
      let classes = try a.value(1, "class_or_tuple")
      var names: [String] = []
      for item in ({ if case .tuple(let items) = classes.value { return items } else { return [classes.value] } }()) {
        switch item {
        case .type(let name): names.append(name)
        case .function(let name) where ["int", "float", "str", "bool", "list", "tuple"].contains(name): names.append(name)
        case .layerClass(let name): names.append("keras.layers." + name)
        default:
          throw ScriptError(.runtime, "isinstance() arg 2 must be a type, a tuple of types, or a union", at: classes.range)
        }
      }
      let own = object.pythonTypeName
      // bool is an int in Python; a NumPy scalar is not a Python number.
      return .bool(names.contains(own) || (own == "bool" && names.contains("int")) || (names.contains("numpy.ndarray") && own == "numpy.ndarray"))
    case "dir":
      guard a.count > 0 else { return .list(state.variables.keys.sorted().map { .string($0) }) }
      let object = try a.value(0, "object").value
      if case .namespace(let module) = object { return .list(Builtins.members(of: module).sorted().map { .string($0) }) }
      return .list(Set(Methods.names(for: object) + Methods.attributes(for: object)).sorted().map { .string($0) })
    case "enumerate":
      let found = try a.value(0, "iterable")
      let start = try a.int(1, "start", default: 0)
      return .list(try iterate(found.value, range: found.range).enumerated().map { .tuple([.int(start + $0.offset), $0.element]) })
    case "zip":
      var columns: [[Value]] = []
      for index in 0..<a.positional.count {
        let found = try a.value(index, "iterable")
        columns.append(try iterate(found.value, range: found.range))
      }
      let count = columns.map(\.count).min() ?? 0
      return .list((0..<count).map { row in .tuple(columns.map { $0[row] }) })
    case "exit", "quit":
      panel = .quit
      return .none
    case "len":
      let found = try a.value(0, "obj")
      switch found.value {
      case .array(let array):
        guard let first = array.shape.first else { throw ScriptError(.runtime, "len() of unsized object (a 0-d array)", at: found.range) }
        return .int(first)
      case .tuple(let items), .list(let items): return .int(items.count)
      case .string(let text): return .int(text.count)
      case .model(let model): return .int(model.layers.count)
      default: throw ScriptError(.runtime, "object of type '\(found.value.kindName)' has no len()", at: found.range)
      }
    case "abs":
      let found = try a.value(0, "x")
      switch found.value {
      case .int(let number):
        guard number != .min else { throw ScriptError(.runtime, "integer overflow in abs()", at: found.range) }
        return .int(Swift.abs(number))
      case .bool(let flag): return .int(flag ? 1 : 0)
      case .float(let number): return .float(Swift.abs(number))
      default: return .array(try a.wrap { try UnaryUfunc.absolute(try a.operand(0, "x")) })
      }
    case "round":
      let found = try a.value(0, "x")
      switch found.value {
      case .float(let number) where !a.has(1, "ndigits"):
        guard number.isFinite, Swift.abs(number) < 9e18 else {
          throw ScriptError(.runtime, "cannot round \(pythonFloat(number)) to an integer", at: found.range)
        }
        return .int(Int(number.rounded(.toNearestOrEven)))
      case .int where !a.has(1, "ndigits"), .bool where !a.has(1, "ndigits"): return .int(try a.int(0, "x"))
      default:
        let array = try a.array(0, "x")
        return try a.result { try array.rounded(decimals: try a.int(1, "ndigits", default: 0)) }
      }
    case "sum", "max", "min":
      let found = try a.value(0, "iterable")
      if !found.value.isArrayValue, case .tuple(let items) = found.value.asSequence {
        return try pythonReduce(name, items, range: found.range)
      }
      if name != "sum", a.positional.count > 1, !found.value.isArrayValue {
        return try pythonReduce(name, a.positional.map(\.value), range: a.range)
      }
      return try NumPyFunction.table[name]!.body(&self, a)
    // MARK: Python conversions
    case "int":
      let found = try a.value(0, "x")
      if case .string(let text) = found.value, let number = Int(text.trimmingSpaces()) { return .int(number) }
      if case .array(let array) = found.value, array.count == 1, !array.dtype.isFloat {
        return .int(try Conversions.int(found.value, what: "int() argument", range: found.range))
      }
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
    case "repr": return .string(try a.value(0, "object").value.repr(state.printOptions))
    case "bool": return .bool(a.count == 0 ? false : try truthy(try a.value(0, "x").value, range: a.range))
    case "list", "tuple":
      let found = try a.value(0, "iterable")
      var items: [Value]
      switch found.value {
      case .tuple(let values), .list(let values): items = values
      case .array(let array) where array.rank >= 1: items = array.pythonItems()
      default: throw ScriptError(.runtime, "'\(found.value.kindName)' object is not iterable", at: found.range)
      }
      return name == "list" ? .list(items) : .tuple(items)
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
      let array = try Conversions.array(found.value, what: "show() argument", range: found.range)
      do {
        let name = a.names.first.flatMap { $0 } ?? "t"
        output.append(try Heatmap.render(array, name: name).joined(separator: "\n"))
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
      let found = try a.value(0, "x")
      var tensor = try Conversions.tensor(found.value, what: "\(activationName)() argument", range: found.range)
      let last = tensor.shape.last ?? 1
      tensor.withUnsafeMutableScalars { activation.apply(to: $0, lastAxis: last) }
      return .array(NDArray(tensor))
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
    case .array(let array): return .tuple(array.shape.map { .int($0) })
    case .symbolic(let symbolic): return .tuple(symbolic.shape.map { $0.map { .int($0) } ?? .none })
    default: throw ScriptError(.runtime, "a \(value.kindName) has no shape", at: range)
    }
  }

  /// `sum`, `mean`, `max`, … of an array with NumPy's `axis`, `dtype`, `ddof` and `keepdims`
  /// (`axisPosition` is where `axis` stands positionally: 1 for `np.sum(a, …)`, 0 for
  /// `a.sum(…)`).
  func reduce(_ array: NDArray, _ reduction: Reduction, _ a: CallArguments, axisPosition: Int) throws(ScriptError) -> Value {
    let usesDType = reduction != .max && reduction != .min && reduction != .any && reduction != .all
    var allowed = ["a", "axis", "keepdims", "out", "initial", "where"]
    if usesDType { allowed.append("dtype") }
    if reduction == .std || reduction == .var { allowed.append("ddof") }
    try a.check(allowed: allowed, maximumPositional: axisPosition + (usesDType ? 2 : 1))
    var axes: [Int]?
    if let found = a.find(axisPosition, "axis"), !found.value.isNone { axes = try signedShape(found.value, range: found.range) }
    for unsupported in ["out", "initial", "where"] where a.has(nil, unsupported) {
      throw ScriptError(.runtime, "\(a.function)(): the '\(unsupported)' argument is not available in convlab", at: a.range)
    }
    let keepdims = try a.bool(usesDType ? axisPosition + 2 : axisPosition + 1, "keepdims", default: false)
    let dtype = usesDType ? try a.dtype(axisPosition + 1) : nil
    let ddof = try a.int(nil, "ddof", default: 0)
    return try a.result { try array.reduced(reduction, axes: axes, keepdims: keepdims, dtype: dtype, ddof: ddof) }
  }

  /// `argmax`/`argmin` with NumPy's `axis` and `keepdims`.
  func argExtreme(_ array: NDArray, largest: Bool, _ a: CallArguments, axisPosition: Int) throws(ScriptError) -> Value {
    try a.check(allowed: ["a", "axis", "keepdims", "out"], maximumPositional: axisPosition + 2)
    let axis = try a.optionalInt(axisPosition, "axis", default: nil)
    let keepdims = try a.bool(nil, "keepdims", default: false)
    return try a.result { try array.argExtreme(largest: largest, axis: axis, keepdims: keepdims) }
  }

  /// `np.float32(1.5)`, `np.int64(3)`, `np.bool_(0)`: a NumPy scalar (a 0-d array); with an
  /// array argument, the array cast.
  func makeScalar(_ dtype: DType, _ a: CallArguments) throws(ScriptError) -> Value {
    guard let found = a.find(0, "value") else { return .array(NDArray.scalar(.int(0), dtype: dtype)) }
    if case .string(let text) = found.value {
      guard let number = Double(text.trimmingSpaces()) else {
        throw ScriptError(.runtime, "could not convert string to \(dtype.rawValue): \(pythonQuoted(text))", at: found.range)
      }
      return .array(NDArray.scalar(.float(number), dtype: dtype))
    }
    let operand = try Conversions.operand(found.value, what: "\(dtype.rawValue)() value", range: found.range)
    // A Python int must fit the type (NumPy 2); floats and arrays are cast as C casts.
    if case .array(let array) = operand { return .array(try a.wrap { try array.astype(dtype) }) }
    return .array(try a.wrap { try operand.array(as: dtype) })
  }

  /// `pad_width` as NumPy reads it: n, (n,), (before, after), or one pair per axis.
  func padWidths(_ found: (value: Value, range: SourceRange), rank: Int) throws(ScriptError) -> [(before: Int, after: Int)] {
    func pair(_ value: Value) throws(ScriptError) -> (Int, Int) {
      if let items = value.items {
        guard items.count == 1 || items.count == 2 else {
          throw ScriptError(.runtime, "pad(): each pad width is n or (before, after)", at: found.range)
        }
        let before = try Conversions.int(items[0], what: "pad width", range: found.range)
        return (before, items.count == 2 ? try Conversions.int(items[1], what: "pad width", range: found.range) : before)
      }
      let width = try Conversions.int(value, what: "pad width", range: found.range)
      return (width, width)
    }
    if let items = found.value.items, let first = items.first, first.items != nil {
      guard items.count == rank || items.count == 1 else {
        throw ScriptError(.runtime, "pad(): pad_width has \(items.count) pairs for an array of \(rank) axes", at: found.range)
      }
      var widths: [(before: Int, after: Int)] = []
      for item in items { widths.append(try pair(item)) }
      return items.count == 1 ? Array(repeating: widths[0], count: rank) : widths
    }
    let both = try pair(found.value)
    return Array(repeating: both, count: rank)
  }

  func requireFiles(_ a: CallArguments) throws(ScriptError) {
    guard state.allowsFiles else { throw ScriptError(.runtime, "\(a.function)(): file access is off in this session", at: a.range) }
  }

  /// `np.save(file, arr)` and convlab's `save(t, path)` (either order, by type): the array in
  /// its own dtype, written atomically; a file changed on disk since this session read or
  /// wrote it is not replaced without `overwrite=True`.
  mutating func saveArray(_ a: CallArguments) throws(ScriptError) {
    try requireFiles(a)
    let first = try a.value(0, "file"), second = try a.value(1, "arr")
    let (arrayValue, pathValue) = { if case .string = first.value { return (second, first) } else { return (first, second) } }()
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
    let array = try Conversions.array(arrayValue.value, what: "\(a.function)() array", range: arrayValue.range)
    let resolved = state.resolve(path)
    let overwrite = try a.bool(nil, "overwrite", default: false)
    if let known = state.fileFingerprints[resolved], FileFingerprint.of(resolved) != known, !overwrite && !state.allowsOverwrite {
      throw ScriptError(
        .runtime,
        "\(a.function)(): \(path) changed on disk since this session read or wrote it; pass overwrite=True (or run with --force) to replace it",
        at: pathValue.range)
    }
    do { try NPY.write(array, path: resolved) } catch { throw ScriptError(.runtime, "\(a.function)(): \(error)", at: a.range) }
    state.fileFingerprints[resolved] = FileFingerprint.of(resolved)
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

  mutating func setPrintOptions(_ a: CallArguments) throws(ScriptError) {
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
  var isArray: Bool {
    if case .array = self { return true }
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
