import Arrays
import Foundation
import Kernels
import Layers
import RealModule
import Tensors

extension Interpreter {
  /// Runs the builtin a name reaches (`zeros`, `numpy.zeros`, `keras.activations.relu`).
  mutating func callFunction(_ name: String, _ a: CallArguments) throws(ScriptError) -> Value {
    guard let builtin = Builtin.table[name] else { throw ScriptError(.runtime, "\(a.function)() is not available", at: a.range) }
    return try builtin.call(&self, a)
  }

  /// `paddle.rand`/`paddle.randn`: a shape list, float32 unless dtype says otherwise.
  func paddleSample(_ a: CallArguments, _ draw: () -> Double) throws(ScriptError) -> Value {
    let shape = try Conversions.shape(try a.value(0, "shape").value, what: "shape", range: a.range)
    let draws = try a.wrap { try NDArray.sample(shape, draw) }
    return try a.result { try draws.astype(try a.dtype(1) ?? .float32) }
  }

  /// Python's `sum`, `max` and `min`: over a list or tuple of numbers, or (`max`, `min`) over
  /// several numbers; an array goes to NumPy's.
  mutating func pythonReduction(_ name: String, _ a: CallArguments) throws(ScriptError) -> Value {
    let found = try a.value(0, "iterable")
    if !found.value.isArrayValue, let items = found.value.items {
      return try pythonReduce(name, items, range: found.range)
    }
    // Python's max(a, b, …) over scalars, NumPy's among them (`max(x[0, 1], x[1, 1])`); an
    // array of several elements keeps NumPy's meaning (the second argument is the axis).
    let scalars = a.positional.allSatisfy { item in
      if case .array(let array) = item.value { return array.shape.isEmpty }
      return !item.value.isArrayValue
    }
    if name != "sum", a.positional.count > 1, !found.value.isArrayValue || scalars {
      return try pythonReduce(name, a.positional.map(\.value), range: a.range)
    }
    return try Builtin.table["numpy.\(name)"]!.call(&self, a)
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
    let (_, resolved) = try writablePath(pathValue, suffix: ".npy", example: "weights.npy", a)
    let array = try Conversions.array(arrayValue.value, what: "\(a.function)() array", range: arrayValue.range)
    do { try NPY.write(array, path: resolved) } catch { throw ScriptError(.runtime, "\(a.function)(): \(error)", at: a.range) }
    state.fileFingerprints[resolved] = FileFingerprint.of(resolved)
  }

  /// A file this call will write: a path string that names a file (not nothing, not a folder),
  /// with `suffix` added when missing, and not a file changed on disk since this session read or
  /// wrote it (unless `overwrite=True` or --force). Returns the path as written and resolved.
  func writablePath(_ found: (value: Value, range: SourceRange), suffix: String, example: String, _ a: CallArguments)
    throws(ScriptError) -> (path: String, resolved: String)
  {
    guard case .string(var path) = found.value else {
      throw ScriptError(.runtime, "\(a.function)() needs a file path string, got \(found.value.kindName)", at: found.range)
    }
    var isFolder: ObjCBool = false
    if path.isEmpty || path.hasSuffix("/") || path.hasSuffix("/.")
      || FileManager.default.fileExists(atPath: state.resolve(path), isDirectory: &isFolder) && isFolder.boolValue
    {
      throw ScriptError(
        .runtime, "\(a.function)(): \(pythonQuoted(path)) is \(path.isEmpty ? "empty" : "a folder"), not a file name: give one such as '\(example)'",
        at: found.range)
    }
    if !path.lowercased().hasSuffix(suffix) { path += suffix }
    let resolved = state.resolve(path)
    let overwrite = try a.bool(nil, "overwrite", default: false)
    if let known = state.fileFingerprints[resolved], FileFingerprint.of(resolved) != known, !overwrite && !state.allowsOverwrite {
      throw ScriptError(
        .runtime,
        "\(a.function)(): \(path) changed on disk since this session read or wrote it; pass overwrite=True (or run with --force) to replace it",
        at: found.range)
    }
    return (path, resolved)
  }

  func pythonReduce(_ name: String, _ items: [Value], range: SourceRange) throws(ScriptError) -> Value {
    guard !items.isEmpty else { throw ScriptError(.runtime, "\(name)() of an empty sequence", at: range) }
    var numbers: [Number] = []
    for item in items {
      // A NumPy scalar (0-d array) compares by its value and is returned as itself.
      if case .array(let array) = item, array.shape.isEmpty, let value = try? array.astype(.float64).elements(as: Double.self).first {
        numbers.append(.float(value))
        continue
      }
      guard let value = number(item) else { throw ScriptError(.runtime, "\(name)() needs numbers, got \(item.kindName)", at: range) }
      numbers.append(value)
    }
    if name == "sum" {
      var total: Value = .int(0)
      for item in items { total = try binary(.add, total, item, range: range, operands: (range, range)) }
      return total
    }
    var best = 0
    for (index, value) in numbers.enumerated().dropFirst() {
      let current = double(numbers[best]), candidate = double(value)
      if (name.hasSuffix("max") && candidate > current) || (name.hasSuffix("min") && candidate < current) { best = index }
    }
    return items[best]
  }

  mutating func setPrintOptions(_ a: CallArguments) throws(ScriptError) {
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
