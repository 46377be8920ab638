import Arrays
import Dispatch
import Kernels
import Layers
import Script
import Synchronization
import Tensors

private let watchdogGeneration = Atomic<Int>(0)

/// One fuzz input through everything a user's text reaches: UTF-8 checking, the lexer, the
/// parser and the interpreter, statement by statement, under a small tensor budget (so the
/// fuzzer explores instead of allocating) and a watchdog that interrupts a statement running
/// too long. Crashes are the fuzzer's findings; `check` also returns the promises an input
/// broke: an error's range must lie inside the source, and a failing statement must leave the
/// session as it was, value for value. The libFuzzer entry point turns those into crashes
/// (`exercise`); the regression tests assert there are none.
public enum FuzzHarness {
  /// Runs `bytes` and returns every broken promise, empty when all held. `seconds`: the
  /// watchdog's limit per input, nil for none (the tests: Ctrl-C is process-wide, and other
  /// tests run alongside).
  public static func check(_ bytes: [UInt8], memoryLimit: Int = 8 << 20, seconds: Double? = 1) -> [String] {
    // A ledger of its own: tensors held elsewhere in the process (other tests) do not count.
    MemoryLimit.withLedger(MemoryLedger()) { MemoryLimit.withLimit(memoryLimit) { run(bytes, seconds: seconds) } }
  }

  /// `check`, with a broken promise as a crash the fuzzer records.
  public static func exercise(_ bytes: [UInt8], memoryLimit: Int = 8 << 20, seconds: Double? = 1) {
    let broken = check(bytes, memoryLimit: memoryLimit, seconds: seconds)
    precondition(broken.isEmpty, broken.joined(separator: "\n"))
  }

  private static func run(_ bytes: [UInt8], seconds: Double?) -> [String] {
    if let seconds {
      Interruption.clear()
      let generation = watchdogGeneration.wrappingAdd(1, ordering: .relaxed).newValue
      DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
        if watchdogGeneration.load(ordering: .relaxed) == generation { Interruption.request() }
      }
    }
    defer {
      if seconds != nil {
        watchdogGeneration.wrappingAdd(1, ordering: .relaxed)
        Interruption.clear()
      }
    }
    var broken: [String] = []
    // A configuration (the tag byte first) is the statements it stands for; anything else is text.
    let (text, encodingError) = bytes.first == LayerFuzzing.tag
      ? (LayerFuzzing.statements(bytes.dropFirst()), nil) : SourceBytes.decode(bytes)
    if let encodingError { broken += outside(encodingError, text) }
    let statements: [Statement]
    do { statements = try Parser.parse(text) } catch {
      return broken + outside(error, text)
    }
    var state = InterpreterState(seed: 0)
    state.allowsFiles = false
    var interpreter = Interpreter(state: state)
    for statement in statements {
      let before = Snapshot(interpreter.state)
      do {
        _ = try interpreter.run(statement)
      } catch {
        broken += outside(error, text)
        if let change = before.difference(from: Snapshot(interpreter.state)) {
          broken.append("a failing statement changed the session (\(change)): \(text.slice(statement.range))")
        }
        if error.isInterrupted { break }
      }
    }
    return broken
  }

  /// The promise that an error's range lies inside the source, and renders there.
  static func outside(_ error: ScriptError, _ text: String) -> [String] {
    let length = text.utf8.count
    guard error.range.start >= 0 && error.range.start <= error.range.end && error.range.end <= length else {
      return ["error range \(error.range) outside the \(length)-byte source: \(error.message)"]
    }
    _ = Diagnostic(message: error.message, range: error.range).rendered(source: text)
    return []
  }

  /// What a statement may change: the variables and what each holds (tensors value for value,
  /// NaN payloads included), the generator, the limits, the layer names, the print options.
  struct Snapshot {
    var variables: [String: Value]
    var generator: RandomGenerator
    var memoryLimit: Int?
    var namer: LayerNamer
    var printOptions: String

    init(_ state: InterpreterState) {
      variables = state.variables
      generator = state.generator
      memoryLimit = state.memoryLimit
      namer = state.namer
      printOptions = "\(state.printOptions) \(state.dataFormat)"
    }

    /// What differs between the two, nil when nothing does.
    func difference(from other: Snapshot) -> String? {
      if Set(variables.keys) != Set(other.variables.keys) {
        return "names \(variables.keys.sorted()) became \(other.variables.keys.sorted())"
      }
      for (name, value) in variables where !Self.same(value, other.variables[name]!) { return "`\(name)` changed" }
      if generator != other.generator { return "the random generator moved" }
      if memoryLimit != other.memoryLimit { return "the memory limit changed" }
      if namer != other.namer { return "the layer namer moved" }
      if printOptions != other.printOptions { return "the print options changed" }
      return nil
    }

    static func same(_ a: Value, _ b: Value) -> Bool {
      switch (a, b) {
      case (.array(let x), .array(let y)): return x.isIdentical(to: y)
      case (.layer(let x), .layer(let y)): return same(x, y)
      case (.model(let x), .model(let y)):
        return x.layers.count == y.layers.count && zip(x.layers, y.layers).allSatisfy { same($0, $1) }
      case (.tuple(let x), .tuple(let y)), (.list(let x), .list(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
      default:
        return a.kindName == b.kindName && a.repr(.default) == b.repr(.default)
      }
    }

    static func same(_ x: Layer, _ y: Layer) -> Bool {
      x.declaration == y.declaration && x.name == y.name && x.weights.count == y.weights.count
        && zip(x.weights, y.weights).allSatisfy { same($0, $1) }
    }

    static func same(_ x: Tensor, _ y: Tensor) -> Bool {
      x.shape == y.shape && x.scalars.elementsEqual(y.scalars) { $0.bitPattern == $1.bitPattern }
    }
  }
}
