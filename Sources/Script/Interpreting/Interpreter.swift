import Arrays
import Kernels
import Layers
import Tensors

/// Runs statements against an `InterpreterState`. Output (what `print` writes and the result
/// lines) is returned as text; nothing here prints.
public struct Interpreter {
  public var state: InterpreterState
  /// Text produced so far by the statement being run.
  var output: [String] = []
  /// What the statement asks an interactive front end to open, besides its text.
  var panel: Outcome.Panel?
  /// How the teaching lines of the output are coloured, by their text.
  var outputStyles: [String: [TextStyle]] = [:]
  /// Items the statement's comprehensions made, nested ones included: one budget for the
  /// statement, so `[[…] for …]` cannot multiply its way past memory.
  var comprehensionItems = 0
  /// The text the statements being run were parsed from, when the front end gives it: for
  /// titles that quote an argument as written (`show(y[0])`).
  public var source: String?

  public init(state: InterpreterState) { self.state = state }

  /// An argument as written in the source, or nil.
  func written(_ range: SourceRange) -> String? {
    guard let source, range.start >= 0, range.end <= source.utf8.count, range.start < range.end else { return nil }
    return source.slice(range)
  }

  /// What one statement produced.
  public struct Outcome: Sendable, Equatable {
    /// Lines to show, in order (print output, then the result line for assignments and bare
    /// expressions).
    public var lines: [String]
    /// `help(x)` opens the help pane; `animate(…)` steps through its frames.
    public var panel: Panel? = nil
    /// The styles of the teaching lines (diagram grids, heatmap rows), by their text.
    public var styles: [String: [TextStyle]] = [:]

    public enum Panel: Sendable, Equatable {
      case help(String)
      /// Every frame of an animation; `lines` holds the first, middle and last.
      case animation(frames: [[String]], live: LiveAnimation? = nil)
      /// `exit()` / `quit()`: the front end leaves as its quit command does.
      case quit
    }
  }

  /// Runs one statement. On error the state is exactly as before.
  public mutating func run(_ statement: Statement) throws(ScriptError) -> Outcome {
    let saved = state
    output = []
    panel = nil
    outputStyles = [:]
    comprehensionItems = 0
    do {
      if let limit = state.memoryLimit {
        try MemoryLimit.withLimit(limit) { () throws(ScriptError) in try execute(statement) }
      } else {
        try execute(statement)
      }
      try checkInterrupted(statement.range)
    } catch {
      state = saved
      output = []
      panel = nil
      throw error
    }
    return Outcome(lines: output, panel: panel, styles: outputStyles)
  }

  /// How a statement in a loop's body ended.
  enum Flow { case normal, breakLoop, continueLoop }

  /// Runs `statement`. At the top level (`topLevel`) assignments print their summary line and
  /// expressions set `_`; inside a block, as in Python's REPL, only expressions print.
  @discardableResult
  private mutating func execute(_ statement: Statement, topLevel: Bool = true) throws(ScriptError) -> Flow {
    switch statement.kind {
    case .expression(let expression):
      let value = try evaluate(expression)
      if case .none = value { return .normal }
      if topLevel { state.lastResult = value }
      output.append(value.repr(state.printOptions))
    case let .assign(targets, expression):
      let value = try evaluate(expression)
      for target in targets { try assign(value, to: target) }
      if topLevel {
        for name in targets.flatMap(\.assignedNames) { output.append(summaryLine(name, state.variables[name] ?? .none)) }
      }
    case let .augmentedAssign(target, op, expression):
      let result = try augmented(op, target, expression, range: statement.range)
      try assign(result, to: target)
      if topLevel, case .name(let name) = target.kind { output.append(summaryLine(name, result)) }
    case .delete(let targets):
      for target in targets { try delete(target) }
    case let .forLoop(target, iterable, body):
      let items = try iterate(try evaluate(iterable), range: iterable.range)
      loop: for item in items {
        try checkInterrupted(statement.range)
        try assign(item, to: target)
        for inner in body {
          switch try execute(inner, topLevel: false) {
          case .normal: continue
          case .breakLoop: break loop
          case .continueLoop: continue loop
          }
        }
      }
    case let .ifStatement(branches, orElse):
      var chosen = orElse
      for branch in branches {
        if try truthy(try evaluate(branch.condition), range: branch.condition.range) {
          chosen = branch.body
          break
        }
      }
      for inner in chosen {
        let flow = try execute(inner, topLevel: false)
        if flow != .normal { return flow }
      }
    case .breakLoop: return .breakLoop
    case .continueLoop: return .continueLoop
    case .pass: break
    case let .importModule(path, alias):
      try importModule(path, alias: alias, range: statement.range)
    case let .fromImport(path, names):
      try fromImport(path, names: names, range: statement.range)
    }
    return .normal
  }

  /// `target op= value`: NumPy's in-place operators keep the array's dtype (casting the result
  /// back when NumPy's same-kind rule allows it); other values rebind, as Python does.
  private mutating func augmented(_ op: BinaryOperator, _ target: Expression, _ expression: Expression, range: SourceRange)
    throws(ScriptError) -> Value
  {
    let current = try evaluate(target)
    let operand = try evaluate(expression)
    let result = try binary(op, current, operand, range: range, operands: (target.range, expression.range))
    guard case .array(let before) = current, before.rank > 0, case .array(let after) = result, after.dtype != before.dtype else {
      return result
    }
    guard DType.canCastSameKind(from: after.dtype, to: before.dtype) else {
      throw ScriptError(
        .runtime,
        "Cannot cast ufunc '\(op.ufuncName)' output from dtype('\(after.dtype.rawValue)') to dtype('\(before.dtype.rawValue)') with casting rule 'same_kind'",
        at: range)
    }
    do { return .array(try after.astype(before.dtype)) } catch { throw ScriptError(.runtime, "\(error)", at: range) }
  }

  /// The items of iterating `value`, as Python's `for` does.
  func iterate(_ value: Value, range: SourceRange) throws(ScriptError) -> [Value] {
    switch value {
    case .list(let items), .tuple(let items): return items
    case .dict(let entries): return entries.map(\.key)
    case .array(let array):
      guard array.rank > 0 else { throw ScriptError(.runtime, "iteration over a 0-d array", at: range) }
      return array.pythonItems()
    case .string(let text): return text.map { .string(String($0)) }
    case .model(let model): return model.layers.map { .layer($0) }
    default: throw ScriptError(.runtime, "'\(value.kindName)' object is not iterable", at: range)
    }
  }

  private mutating func delete(_ target: Expression) throws(ScriptError) {
    switch target.kind {
    case .name(let name):
      guard state.variables.removeValue(forKey: name) != nil else {
        throw ScriptError(.runtime, "name '\(name)' is not defined", at: target.range)
      }
    case .index(let base, let items):
      if case .name(let name) = base.kind, case .dict(var entries)? = state.variables[name], items.count == 1,
        case .index(let keyExpression) = items[0]
      {
        let key = try evaluate(keyExpression)
        guard let position = entries.position(of: key) else { throw ScriptError(.runtime, "KeyError: \(key.repr(state.printOptions))", at: keyExpression.range) }
        entries.remove(at: position)
        state.variables[name] = .dict(entries)
        return
      }
      let value = try evaluate(base)
      if case .array = value { throw ScriptError(.runtime, "cannot delete array elements", at: target.range) }
      throw ScriptError(.runtime, "'\(value.kindName)' object doesn't support item deletion", at: target.range)
    default:
      throw ScriptError(.runtime, "del takes names here (del x, y)", at: target.range)
    }
  }

  /// Throws "interrupted" once Ctrl-C was pressed (kernels have stopped early by then, so
  /// whatever they returned must not be kept).
  func checkInterrupted(_ range: SourceRange) throws(ScriptError) {
    if Interruption.isRequested { throw .interrupted(at: range) }
  }

  /// The one line an assignment prints: the name and a short description.
  func summaryLine(_ name: String, _ value: Value) -> String {
    switch value {
    case .array(let array) where array.rank > 0: return "\(name): tensor \(formatShape(array.shape)) \(array.dtype.rawValue)"
    case .layer(let layer):
      return "\(name): \(layer.declaration) · " + (layer.hasWeights ? (layer.weights.isEmpty ? "unbuilt" : "built") : "no weights")
    case .model(let model):
      let shape = (try? model.outputShape).flatMap { $0 }.map(describe) ?? "input shape not known yet"
      return "\(name): Sequential, \(model.layers.count) layer\(model.layers.count == 1 ? "" : "s") → \(shape)"
    case .symbolic(let symbolic): return "\(name): symbolic tensor \(describe(symbolic.shape))"
    case .list(let items), .tuple(let items):
      let (open, close) = { if case .list = value { return ("[", "]") } else { return ("(", items.count == 1 ? ",)" : ")") } }()
      // Tensors by shape, as the line for one tensor; a long sequence as NumPy summarises.
      if items.contains(where: { if case .array(let array) = $0 { return array.rank > 0 } else { return false } }) {
        let shown = items.prefix(6).map { item in
          if case .array(let array) = item, array.rank > 0 { return "tensor \(formatShape(array.shape)) \(array.dtype.rawValue)" }
          return item.repr(state.printOptions)
        }
        return "\(name): \(items.count) items \(open)\(shown.joined(separator: ", "))\(items.count > 6 ? ", ..." : "")\(close)"
      }
      guard items.count > Self.summarizedItems * 2 else { return "\(name) = \(value.repr(state.printOptions))" }
      let edges = items.prefix(Self.summarizedItems).map { $0.repr(state.printOptions) } + ["..."]
        + items.suffix(Self.summarizedItems).map { $0.repr(state.printOptions) }
      return "\(name) = \(open)\(edges.joined(separator: ", "))\(close) (\(items.count) items)"
    case .dict(let entries) where entries.contains(where: { if case .array(let array) = $0.value { return array.rank > 0 } else { return false } }):
      // A state_dict and the like: its tensors by shape.
      let shown = entries.prefix(6).map { entry in
        let value: String
        if case .array(let array) = entry.value, array.rank > 0 { value = "tensor \(formatShape(array.shape)) \(array.dtype.rawValue)" } else {
          value = entry.value.repr(state.printOptions)
        }
        return "\(entry.key.repr(state.printOptions)): \(value)"
      }
      return "\(name): dict of \(entries.count) {\(shown.joined(separator: ", "))\(entries.count > 6 ? ", ..." : "")}"
    case .string(let text) where text.count > 200:
      return "\(name) = \(Value.string(String(text.prefix(60))).repr(state.printOptions).dropLast())...' (\(text.count) characters)"
    default: return "\(name) = \(value.repr(state.printOptions))"
    }
  }

  /// Items shown at each end of a long list in an assignment's line.
  static let summarizedItems = 3

  // MARK: - Assignment

  mutating func assign(_ value: Value, to target: Expression) throws(ScriptError) {
    switch target.kind {
    case .name(let name):
      state.variables[name] = value
    case .tuple(let targets), .list(let targets):
      try unpack(value, into: targets, range: target.range)
    case let .attribute(base, attribute):
      guard case .name(let name) = base.kind, let current = state.variables[name] else {
        throw ScriptError(.runtime, "only attributes of named layers and models can be set", at: target.range)
      }
      state.variables[name] = try setAttribute(current, attribute, value, range: target.range)
    case let .index(base, items):
      guard case .name(let name) = base.kind, let current = state.variables[name] else {
        throw ScriptError(
          .runtime, "item assignment works on a named array (x[i, j] = v, not x[i][j] = v)", at: target.range)
      }
      if case .dict(var entries) = current {
        guard items.count == 1, case .index(let keyExpression) = items[0] else {
          throw ScriptError(.runtime, "a dict takes one key in brackets: d[key] = value", at: target.range)
        }
        entries.set(try hashableKey(try evaluate(keyExpression), range: keyExpression.range), value)
        state.variables[name] = .dict(entries)
        return
      }
      if case .list(var elements) = current {
        try assignItem(value, into: &elements, items, range: target.range)
        state.variables[name] = .list(elements)
        return
      }
      guard case .array(var array) = current else {
        throw ScriptError(.runtime, "'\(current.kindName)' object does not support item assignment", at: target.range)
      }
      let indices = try arrayIndices(items)
      let operand = try Conversions.operand(value, what: "assigned value", range: target.range)
      do { try array.assign(operand, at: indices) } catch { throw ScriptError(.runtime, "\(error)", at: target.range) }
      state.variables[name] = .array(array)
    default:
      throw ScriptError(.syntax, "cannot assign to this expression", at: target.range)
    }
  }

  /// `a, *rest, b = value`: Python's unpacking, with its messages.
  private mutating func unpack(_ value: Value, into targets: [Expression], range: SourceRange) throws(ScriptError) {
    let items = try iterate(value, range: range)
    let star = targets.firstIndex { if case .starred = $0.kind { return true } else { return false } }
    guard let star else {
      guard items.count == targets.count else {
        let message = items.count < targets.count
          ? "not enough values to unpack (expected \(targets.count), got \(items.count))"
          : "too many values to unpack (expected \(targets.count), got \(items.count))"
        throw ScriptError(.runtime, message, at: range)
      }
      for (target, item) in zip(targets, items) { try assign(item, to: target) }
      return
    }
    let after = targets.count - star - 1
    guard items.count >= targets.count - 1 else {
      throw ScriptError(.runtime, "not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))", at: range)
    }
    for index in 0..<star { try assign(items[index], to: targets[index]) }
    guard case .starred(let rest) = targets[star].kind else { return }
    try assign(.list(Array(items[star..<(items.count - after)])), to: rest)
    for index in 0..<after { try assign(items[items.count - after + index], to: targets[star + 1 + index]) }
  }

  private func setAttribute(_ receiver: Value, _ name: String, _ value: Value, range: SourceRange) throws(ScriptError) -> Value {
    switch (receiver, name, value) {
    case (.layer(var layer), "name", .string(let text)):
      layer.name = text
      return .layer(layer)
    case (.model(var model), "name", .string(let text)):
      model.name = text
      return .model(model)
    case (.layer(var layer), "weight", _), (.layer(var layer), "bias", _), (.layer(var layer), "kernel", _):
      // PyTorch's `m.weight = nn.Parameter(t)`: one weight replaced, checked as set_weights checks.
      guard let index = layer.weightNames.firstIndex(of: name) else {
        throw ScriptError(.runtime, "'\(layer.typeName)' has no weight '\(name)' (its weights: \(layer.weightNames.joined(separator: ", ")))", at: range)
      }
      var weights = layer.weights
      weights[index] = try Conversions.tensor(value, what: name, range: range)
      do { try layer.setWeights(weights) } catch { throw ScriptError(.runtime, "\(error)", at: range, cause: error) }
      return .layer(layer)
    case (.layer(var layer), "trainable", .bool), (.layer(var layer), "dtype", _):
      layer.inertArguments.append((name, (try? argumentValue(value, range: range)) ?? .null))
      return .layer(layer)
    default:
      throw ScriptError(.runtime, "cannot set attribute '\(name)' of \(receiver.kindName)", at: range)
    }
  }

  // MARK: - Imports

  /// Modules a pasted snippet may import; they are all built in.
  static let modules: Set<String> = [
    "numpy", "numpy.random", "keras", "keras.layers", "keras.initializers", "keras.regularizers", "keras.models",
    "paddle", "paddle.nn", "tensorflow", "tensorflow.keras", "tensorflow.keras.layers", "torch", "torch.nn",
    "torch.nn.functional",
  ]

  private mutating func importModule(_ path: [String], alias: String?, range: SourceRange) throws(ScriptError) {
    let name = path.joined(separator: ".")
    guard Self.modules.contains(name) else {
      throw ScriptError(.runtime, "no module named '\(name)' (convlab has \(Self.modules.sorted().joined(separator: ", ")))", at: range)
    }
    if let alias {
      state.variables[alias] = .namespace(Self.canonicalModule(name))
    } else {
      state.variables[path[0]] = .namespace(Self.canonicalModule(path[0]))
    }
  }

  private mutating func fromImport(_ path: [String], names: [Statement.ImportedName], range: SourceRange) throws(ScriptError) {
    let module = path.joined(separator: ".")
    guard Self.modules.contains(module) else {
      throw ScriptError(.runtime, "no module named '\(module)'", at: range)
    }
    for imported in names {
      guard let value = Modules.member(Self.canonicalModule(module), imported.name) else {
        if let explanation = Coverage.explanation(for: imported.name, in: Self.canonicalModule(module)) {
          throw ScriptError(.runtime, "cannot import name '\(imported.name)' from '\(module)': \(explanation)", at: range)
        }
        let suggestion = closestName(to: imported.name, in: Modules.members(of: Self.canonicalModule(module)))
        throw ScriptError(
          .runtime, "cannot import name '\(imported.name)' from '\(module)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
          at: range)
      }
      state.variables[imported.alias ?? imported.name] = value
    }
  }

  /// `tensorflow.keras…` is Keras; `keras.models` holds Sequential like `keras` does.
  static func canonicalModule(_ name: String) -> String {
    if name.hasPrefix("tensorflow.keras") { return String(name.dropFirst("tensorflow.".count)) }
    if name == "tensorflow" { return "tensorflow" }
    return name
  }

  // MARK: - Expressions

  mutating func evaluate(_ expression: Expression) throws(ScriptError) -> Value {
    switch expression.kind {
    case .int(let value): return .int(value)
    case .float(let value): return .float(value)
    case .string(let value): return .string(value)
    case .bool(let value): return .bool(value)
    case .none: return .none
    case .ellipsis:
      throw ScriptError(.runtime, "'...' only stands inside an index, as in x[..., 0]", at: expression.range)
    case .name(let name):
      return try lookup(name, range: expression.range)
    case .tuple(let items):
      return .tuple(try evaluateItems(items))
    case .list(let items):
      return .list(try evaluateItems(items))
    case .dict(let items):
      var entries: [DictEntry] = []
      for item in items {
        let key = try hashableKey(try evaluate(item.key), range: item.key.range)
        entries.set(key, try evaluate(item.value))
      }
      return .dict(entries)
    case .starred:
      throw ScriptError(.runtime, "a starred expression only stands in a list, a tuple or an assignment's targets", at: expression.range)
    case let .comprehension(element, clauses):
      var results: [Value] = []
      let names = Set(clauses.flatMap(\.target.assignedNames))
      let saved = state.variables.filter { names.contains($0.key) }
      try comprehend(element, clauses[...], into: &results, range: expression.range)
      // The loop variables are the comprehension's own, as in Python 3.
      for name in names { state.variables[name] = saved[name] }
      return .list(results)
    case .formatted(let parts):
      var text = ""
      for part in parts {
        switch part {
        case .text(let literal): text += literal
        case let .field(value, conversion, spec):
          let found = try evaluate(value)
          text += try Formatting.format(found, conversion: conversion, spec: spec, options: state.printOptions, range: value.range)
        }
      }
      return .string(text)
    case let .unary(op, operand):
      let value = try evaluate(operand)
      return try unary(op, value, range: expression.range).following(value)
    case let .chain(first, links):
      // Left to right, however long: `a - b - c` is (a − b) − c; `and`/`or` stop early.
      var value = try evaluate(first)
      var left = first.range
      for link in links {
        let range = SourceRange(first.range.start, link.operand.range.end)
        switch link.op {
        case .and, .or:
          let truth = try truthy(value, range: left)
          if (link.op == .and && !truth) || (link.op == .or && truth) { return value }
          value = try evaluate(link.operand)
        default:
          let right = try evaluate(link.operand)
          value = try binary(link.op, value, right, range: range, operands: (left, link.operand.range)).following(value, right)
        }
        left = range
      }
      return value
    case let .conditional(value, condition, otherwise):
      return try evaluate(try truthy(try evaluate(condition), range: condition.range) ? value : otherwise)
    case let .power(base, exponent):
      let lhs = try evaluate(base), rhs = try evaluate(exponent)
      return try binary(.power, lhs, rhs, range: expression.range, operands: (base.range, exponent.range)).following(lhs, rhs)
    case let .compare(operators, operands):
      var left = try evaluate(operands[0])
      var result: Value = .bool(true)
      for (index, op) in operators.enumerated() {
        let right = try evaluate(operands[index + 1])
        let outcome = try compare(op, left, right, range: expression.range).following(left, right)
        if case .bool(false) = outcome { return outcome }
        result = outcome
        left = right
      }
      return result
    case let .attribute(base, name):
      let receiver = try evaluate(base)
      let value = try attribute(receiver, name, range: expression.range)
      // A torch layer's weights are torch tensors.
      if case .layer(let layer) = receiver, layer.framework == .torch { return value.flavored(.torch) }
      return value.following(receiver)
    case let .index(base, items):
      let value = try evaluate(base)
      return try index(value, items, range: expression.range).following(value)
    case let .call(callee, arguments):
      let value = try call(callee, arguments, range: expression.range)
      try checkInterrupted(expression.range)
      return value
    }
  }

  /// Items of a list or tuple display, `*spread` ones unpacked in place.
  private mutating func evaluateItems(_ items: [Expression]) throws(ScriptError) -> [Value] {
    var values: [Value] = []
    for item in items {
      if case .starred(let inner) = item.kind {
        values += try iterate(try evaluate(inner), range: inner.range)
      } else {
        values.append(try evaluate(item))
      }
    }
    return values
  }

  /// Items the comprehensions of one statement make, at most.
  static let maximumComprehensionItems = 1_000_000

  private mutating func comprehend(
    _ element: Expression, _ clauses: ArraySlice<Expression.ComprehensionClause>, into results: inout [Value],
    range: SourceRange
  ) throws(ScriptError) {
    guard let clause = clauses.first else {
      comprehensionItems += 1
      guard comprehensionItems <= Self.maximumComprehensionItems else {
        throw ScriptError(.runtime, "comprehensions make more than \(Self.maximumComprehensionItems) items in one statement", at: range)
      }
      results.append(try evaluate(element))
      return
    }
    items: for item in try iterate(try evaluate(clause.iterable), range: clause.iterable.range) {
      try checkInterrupted(range)
      try assign(item, to: clause.target)
      for condition in clause.conditions where !(try truthy(try evaluate(condition), range: condition.range)) {
        continue items
      }
      try comprehend(element, clauses.dropFirst(), into: &results, range: range)
    }
  }

  /// A value that can be a dict key, as Python's hashable ones: numbers, strings, None, and
  /// tuples of them.
  func hashableKey(_ key: Value, range: SourceRange) throws(ScriptError) -> Value {
    switch key {
    case .int, .float, .bool, .string, .none, .dtype, .type, .function, .layerClass: return key
    case .tuple(let items):
      for item in items { _ = try hashableKey(item, range: range) }
      return key
    case .array(let array) where array.rank == 0: return key
    default: throw ScriptError(.runtime, "unhashable type: '\(key.kindName)'", at: range)
    }
  }

  func lookup(_ name: String, range: SourceRange) throws(ScriptError) -> Value {
    if let value = state.variables[name] ?? Modules.global(name) { return value }
    if name == "_", let last = state.lastResult { return last }
    if let explanation = Coverage.explanation(for: name) {
      throw ScriptError(.runtime, "name '\(name)' is not defined: \(explanation)", at: range)
    }
    let candidates = Array(state.variables.keys) + Modules.globalNames
    let suggestion = closestName(to: name, in: candidates)
    throw ScriptError(.runtime, "name '\(name)' is not defined" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""), at: range)
  }

  func truthy(_ value: Value, range: SourceRange) throws(ScriptError) -> Bool {
    switch value {
    case .bool(let flag): return flag
    case .int(let number): return number != 0
    case .float(let number): return number != 0
    case .none: return false
    case .string(let text): return !text.isEmpty
    case .tuple(let items), .list(let items): return !items.isEmpty
    case .dict(let entries): return !entries.isEmpty
    case .array(let array):
      guard let scalar = array.scalarValue else {
        throw ScriptError(
          .runtime, "the truth value of an array with \(array.count) elements is ambiguous: use a.any() or a.all()", at: range)
      }
      return scalar.isTrue
    default: return true
    }
  }
}

extension Expression {
  /// The names an assignment to this target binds, in order.
  var assignedNames: [String] {
    switch kind {
    case .name(let name): return [name]
    case .tuple(let items), .list(let items): return items.flatMap(\.assignedNames)
    case .starred(let inner): return inner.assignedNames
    default: return []
    }
  }
}

extension BinaryOperator {
  /// NumPy's name for the operator's ufunc, for its messages.
  var ufuncName: String {
    switch self {
    case .add: return "add"
    case .subtract: return "subtract"
    case .multiply: return "multiply"
    case .divide: return "divide"
    case .floorDivide: return "floor_divide"
    case .remainder: return "remainder"
    case .power: return "power"
    case .matrixMultiply: return "matmul"
    case .bitwiseAnd: return "bitwise_and"
    case .bitwiseOr: return "bitwise_or"
    case .bitwiseXor: return "bitwise_xor"
    case .leftShift: return "left_shift"
    case .rightShift: return "right_shift"
    case .and: return "and"
    case .or: return "or"
    }
  }
}
