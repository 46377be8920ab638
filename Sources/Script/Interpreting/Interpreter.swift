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

  public init(state: InterpreterState) { self.state = state }

  /// What one statement produced.
  public struct Outcome: Sendable, Equatable {
    /// Lines to show, in order (print output, then the result line for assignments and bare
    /// expressions).
    public var lines: [String]
    /// `help(x)` opens the help pane; `animate(…)` steps through its frames.
    public var panel: Panel? = nil

    public enum Panel: Sendable, Equatable {
      case help(String)
      /// Every frame of an animation; `lines` holds the first, middle and last.
      case animation(frames: [[String]])
    }
  }

  /// Runs one statement. On error the state is exactly as before.
  public mutating func run(_ statement: Statement) throws(ScriptError) -> Outcome {
    let saved = state
    output = []
    panel = nil
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
    return Outcome(lines: output, panel: panel)
  }

  private mutating func execute(_ statement: Statement) throws(ScriptError) {
    switch statement.kind {
    case .expression(let expression):
      let value = try evaluate(expression)
      if case .none = value { return }
      output.append(value.repr(state.printOptions))
    case let .assign(target, expression):
      let value = try evaluate(expression)
      try assign(value, to: target)
      if case .name(let name) = target.kind { output.append(summaryLine(name, value)) }
    case let .importModule(path, alias):
      try importModule(path, alias: alias, range: statement.range)
    case let .fromImport(path, names):
      try fromImport(path, names: names, range: statement.range)
    }
  }

  /// Throws "interrupted" once Ctrl-C was pressed (kernels have stopped early by then, so
  /// whatever they returned must not be kept).
  func checkInterrupted(_ range: SourceRange) throws(ScriptError) {
    if Interruption.isRequested { throw ScriptError(.runtime, "interrupted", at: range) }
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
    default: return "\(name) = \(value.repr(state.printOptions))"
    }
  }

  // MARK: - Assignment

  private mutating func assign(_ value: Value, to target: Expression) throws(ScriptError) {
    switch target.kind {
    case .name(let name):
      state.variables[name] = value
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

  private func setAttribute(_ receiver: Value, _ name: String, _ value: Value, range: SourceRange) throws(ScriptError) -> Value {
    switch (receiver, name, value) {
    case (.layer(var layer), "name", .string(let text)):
      layer.name = text
      return .layer(layer)
    case (.model(var model), "name", .string(let text)):
      model.name = text
      return .model(model)
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
    "paddle", "paddle.nn", "tensorflow", "tensorflow.keras", "tensorflow.keras.layers",
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
      guard let value = Builtins.member(Self.canonicalModule(module), imported.name) else {
        let suggestion = closestName(to: imported.name, in: Builtins.members(of: Self.canonicalModule(module)))
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
      var values: [Value] = []
      for item in items { values.append(try evaluate(item)) }
      return .tuple(values)
    case .list(let items):
      var values: [Value] = []
      for item in items { values.append(try evaluate(item)) }
      return .list(values)
    case let .unary(op, operand):
      return try unary(op, try evaluate(operand), range: expression.range)
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
          value = try binary(link.op, value, try evaluate(link.operand), range: range, operands: (left, link.operand.range))
        }
        left = range
      }
      return value
    case let .power(base, exponent):
      return try binary(.power, try evaluate(base), try evaluate(exponent), range: expression.range, operands: (base.range, exponent.range))
    case let .compare(operators, operands):
      var left = try evaluate(operands[0])
      var result: Value = .bool(true)
      for (index, op) in operators.enumerated() {
        let right = try evaluate(operands[index + 1])
        let outcome = try compare(op, left, right, range: expression.range)
        if case .bool(false) = outcome { return outcome }
        result = outcome
        left = right
      }
      return result
    case let .attribute(base, name):
      return try attribute(try evaluate(base), name, range: expression.range)
    case let .index(base, items):
      return try index(try evaluate(base), items, range: expression.range)
    case let .call(callee, arguments):
      let value = try call(callee, arguments, range: expression.range)
      try checkInterrupted(expression.range)
      return value
    }
  }

  func lookup(_ name: String, range: SourceRange) throws(ScriptError) -> Value {
    if let value = state.variables[name] ?? Builtins.global(name) { return value }
    let candidates = Array(state.variables.keys) + Builtins.globalNames
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
