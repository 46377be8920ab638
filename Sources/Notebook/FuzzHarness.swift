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
/// too long. Crashes are the fuzzer's findings; broken promises are turned into crashes here:
/// an error's range must lie in the source, and a failing statement must leave the session as
/// it was. The libFuzzer entry point (`Fuzz/`) and the regression tests both call `exercise`.
public enum FuzzHarness {
  /// `seconds`: the watchdog's limit per input, nil for none (the tests: Ctrl-C is process-wide,
  /// and other tests run alongside).
  public static func exercise(_ bytes: [UInt8], memoryLimit: Int = 8 << 20, seconds: Double? = 1) {
    MemoryLimit.withLimit(memoryLimit) { run(bytes, seconds: seconds) }
  }

  private static func run(_ bytes: [UInt8], seconds: Double?) {
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
    let (text, encodingError) = SourceBytes.decode(bytes)
    if let encodingError { requireInside(encodingError, text) }
    let statements: [Statement]
    do { statements = try Parser.parse(text) } catch {
      requireInside(error, text)
      return
    }
    var state = InterpreterState(seed: 0)
    state.allowsFiles = false
    var interpreter = Interpreter(state: state)
    for statement in statements {
      let before = Snapshot(interpreter.state)
      do {
        _ = try interpreter.run(statement)
      } catch {
        requireInside(error, text)
        precondition(Snapshot(interpreter.state) == before, "a failing statement changed the session: \(text.slice(statement.range))")
        if error.message == "interrupted" { return }
      }
    }
  }

  private static func requireInside(_ error: ScriptError, _ text: String) {
    let length = text.utf8.count
    precondition(
      error.range.start >= 0 && error.range.start <= error.range.end && error.range.end <= length + 3,
      "error range \(error.range) outside the \(length)-byte source: \(error.message)")
    _ = Diagnostic(message: error.message, range: error.range).rendered(source: text)
  }

  /// What a statement may change: variable names, what each holds, and the generator.
  /// Tensors are compared by storage identity (a failing statement's copy-on-write leaves the
  /// session's buffers untouched, and any write would have copied them), which keeps this cheap.
  struct Snapshot: Equatable {
    var variables: [String: String]
    var generator: RandomGenerator
    var memoryLimit: Int?
    var namer: LayerNamer
    var printOptions: String

    init(_ state: InterpreterState) {
      variables = state.variables.mapValues(Self.digest)
      generator = state.generator
      memoryLimit = state.memoryLimit
      namer = state.namer
      printOptions = "\(state.printOptions) \(state.dataFormat)"
    }

    static func digest(_ value: Value) -> String {
      switch value {
      case .tensor(let tensor): return "tensor \(tensor.shape) \(identity(tensor))"
      case .layer(let layer): return "layer \(layer.declaration) \(layer.name) \(layer.weights.map(identity))"
      case .model(let model): return "model \(model.layers.map { "\($0.declaration) \($0.weights.map(identity))" })"
      case .tuple(let items), .list(let items): return "\(value.kindName) \(items.map(digest))"
      default: return "\(value.kindName) \(value.repr(.default).prefix(200))"
      }
    }

    static func identity(_ tensor: Tensor) -> String {
      tensor.scalars.withUnsafeBufferPointer { "\(String(describing: $0.baseAddress)) \($0.count)" }
    }
  }
}
