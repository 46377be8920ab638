import Arrays
import Tensors

/// One builtin function, declared once: the names it answers to, its signature as its
/// framework writes it, a one-line summary, an example that runs, and its body. Calls, `help()`,
/// completion, the signature line and F1 all read `Builtin.table`.
struct Builtin: Sendable {
  typealias EvaluatedBody = @Sendable (inout Interpreter, CallArguments) throws(ScriptError) -> Value
  typealias UnevaluatedBody = @Sendable (inout Interpreter, [Argument], SourceRange) throws(ScriptError) -> Value

  enum Body: Sendable {
    /// Runs on evaluated arguments, after they are bound against the signature.
    case evaluated(EvaluatedBody)
    /// Takes its argument expressions unevaluated, to run them itself (`timeit`, `memit`).
    case unevaluated(UnevaluatedBody)
  }

  /// Qualified names: `numpy.zeros`, and a bare `zeros` where convlab offers it globally. The
  /// first one titles help.
  let names: [String]
  let signature: Signature
  let summary: String
  let example: String
  let body: Body

  init(_ names: [String], _ signature: String, _ summary: String, example: String, _ body: @escaping EvaluatedBody) {
    self.names = names
    self.signature = Signature(signature)
    self.summary = summary
    self.example = example
    self.body = .evaluated(body)
  }

  private init(names: [String], signature: String, summary: String, example: String, body: Body) {
    self.names = names
    self.signature = Signature(signature)
    self.summary = summary
    self.example = example
    self.body = body
  }

  static func unevaluated(
    _ names: [String], _ signature: String, _ summary: String, example: String, _ body: @escaping UnevaluatedBody
  ) -> Builtin {
    Builtin(names: names, signature: signature, summary: summary, example: example, body: .unevaluated(body))
  }
}

extension Builtin {
  /// Every builtin, family by family (one file each).
  static let all: [Builtin] =
    creation + random + shapes + reductions + math + selection + io + python + session + teaching + timing + keras + torch + torchMath

  /// Each builtin under every name it answers to.
  static let table: [String: Builtin] = {
    var table: [String: Builtin] = [:]
    for builtin in all {
      for name in builtin.names {
        precondition(table[name] == nil, "builtin \(name) declared twice")
        table[name] = builtin
      }
    }
    return table
  }()

  /// Names reachable without a module: `zeros`, `print`, `relu`.
  static let globalNames: [String] = table.keys.filter { !$0.contains(".") }.sorted()

  /// The builtins' names directly inside `module` (`numpy` → `zeros`, …), made once: every
  /// `np.name` looks its module up.
  static let membersByModule: [String: [String]] = {
    var members: [String: [String]] = [:]
    for name in table.keys {
      guard let dot = name.lastIndex(of: ".") else { continue }
      members[String(name[..<dot]), default: []].append(String(name[name.index(after: dot)...]))
    }
    return members.mapValues { $0.sorted() }
  }()

  /// Runs the builtin on evaluated arguments, bound against its signature first.
  func call(_ interpreter: inout Interpreter, _ arguments: CallArguments) throws(ScriptError) -> Value {
    guard case .evaluated(let run) = body else {
      throw ScriptError(.runtime, "\(arguments.function)() takes its expression as written; call it by name", at: arguments.range)
    }
    try signature.bind(arguments)
    return try run(&interpreter, arguments)
  }
}
