import Foundation
import Testing

@testable import Script

/// The builtin table is the one list of functions: every entry documents itself, its example
/// runs, and calls, help, completion and the signature line all read it.
@Suite("The builtin table")
struct BuiltinTableTests {
  /// Runs `source` in a fresh session whose files live in a new folder.
  func run(_ source: String) throws -> Interpreter {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-builtins-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var state = InterpreterState(seed: 0)
    state.workingDirectory = folder
    var interpreter = Interpreter(state: state)
    for statement in try Parser.parse(source) { _ = try interpreter.run(statement) }
    return interpreter
  }

  @Test func everyBuiltinHasASignatureASummaryAndAnExampleThatRuns() throws {
    #expect(Builtin.all.count > 150, "the table lost entries: \(Builtin.all.count)")
    var failures: [String] = []
    for builtin in Builtin.all {
      let title = builtin.names[0]
      let short = String(title.split(separator: ".").last!)
      if builtin.signature.name != short { failures.append("\(title): signature names \(builtin.signature.name)") }
      if builtin.summary.count < 8 { failures.append("\(title): no summary") }
      if builtin.example.isEmpty { failures.append("\(title): no example") }
      // The example uses the function it illustrates, under one of its names.
      let spelled = builtin.names.map { $0.replacingOccurrences(of: "numpy.", with: "np.").replacingOccurrences(of: "tensorflow.", with: "tf.") }
      if !spelled.contains(where: { builtin.example.contains($0) }) { failures.append("\(title): the example does not call it") }
      do { _ = try run(builtin.example) } catch { failures.append("\(title): \(builtin.example) → \(error)") }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
  }

  @Test func everyNameHelpsAndSignsFromTheTable() throws {
    let state = InterpreterState(seed: 0)
    for (name, builtin) in Builtin.table {
      let path = name.split(separator: ".").map(String.init)
      let spelled = path.count > 1 ? [Modules.namespaces.first { $0.value == path[0] }?.key ?? path[0]] + path.dropFirst() : path
      guard let value = Introspection.value(ofPath: spelled, in: state) ?? Modules.global(name) else {
        Issue.record("\(name) is not reachable as \(spelled.joined(separator: "."))")
        continue
      }
      let help = Introspection.help(for: value, in: state)
      #expect(help.hasPrefix(builtin.signature.text) && help.contains(builtin.summary) && help.contains(builtin.example), "\(name)")
      #expect(Introspection.signature(of: value)?.name == builtin.signature.name, "\(name)")
    }
    // Module members and global names come from the table too.
    #expect(Set(Modules.members(of: "numpy")).isSuperset(of: Builtin.membersByModule["numpy"]!))
    #expect(Set(Introspection.globalNames).isSuperset(of: Builtin.globalNames))
  }

  @Test func signaturesReadAsPythonWritesThem() {
    let arange = Signature("arange([start,] stop[, step], dtype=None)")
    #expect(arange.parameters.map(\.name) == ["start", "stop", "step", "dtype"] && arange.maximumPositional == 4)
    let print = Signature("print(*values, sep=' ', end='\\n')")
    #expect(print.maximumPositional == nil && print.parameters.map(\.name) == ["", "sep", "end"])
    let array = Signature("array(object, dtype=None, *, copy=True, ndmin=0)")
    #expect(array.maximumPositional == 2 && array.parameters.last == .init(name: "ndmin", text: "ndmin=0", keywordOnly: true))
    let concatenate = Signature("concatenate((a1, a2, ...), axis=0)")
    #expect(concatenate.parameters.map(\.name) == ["", "axis"] && concatenate.maximumPositional == 2)
    #expect(Signature("rand(d0, d1, ...)").maximumPositional == nil)
    #expect(Signature("f(a, sep=', ', b=(1, 2))").parameters.map(\.name) == ["a", "sep", "b"])
  }

  @Test func callsAreBoundAgainstTheSignature() throws {
    func message(_ source: String) -> String? {
      do { _ = try run(source) } catch { return (error as? ScriptError)?.message ?? "\(error)" }
      return nil
    }
    #expect(message("np.zeros((2, 3), dtpye='float32')") == "np.zeros() got an unexpected keyword argument 'dtpye' (did you mean 'dtype'?)")
    #expect(message("np.linspace(0, 1, 5, True, False, None, 0, 9)") == "np.linspace() takes at most 7 positional arguments but 8 were given")
    #expect(message("np.reshape(np.arange(4), (2, 2), order='C', bogus=1)")?.contains("unexpected keyword argument 'order'") == true)
    // convlab's shortcut: a shape as separate ints is one argument.
    #expect(message("zeros(2, 3, 4, 5)") == nil)
    #expect(message("print(1, 2, 3, sep='-')") == nil)
  }

  @Test func globalTanhIsNumPysAndTheActivationIsKeras() throws {
    let interpreter = try run("a = tanh(0.5)\nb = exp(0.5)\nc = keras.activations.tanh(np.array([0.5]))")
    #expect(interpreter.state.variables["a"]?.pythonTypeName == interpreter.state.variables["b"]?.pythonTypeName)
    #expect(interpreter.state.variables["a"]?.str(.default) == "0.46211715726000974")
    guard case .array(let activation)? = interpreter.state.variables["c"] else {
      Issue.record("keras.activations.tanh did not return a tensor")
      return
    }
    #expect(activation.shape == [1] && activation.dtype == .float32)
  }
}

/// Methods and attributes are a table too: each documents itself and its example runs.
@Suite("The members table")
struct MembersTableTests {
  @Test func everyMemberHasASummaryAndAnExampleThatUsesIt() throws {
    var failures: [String] = []
    var count = 0
    for (receiver, members) in Members.table {
      for member in members {
        count += 1
        let title = "\(receiver).\(member.name)"
        if member.summary.count < 6 { failures.append("\(title): no summary") }
        guard member.example.contains(".\(member.name)") else {
          failures.append("\(title): the example does not use it")
          continue
        }
        do { _ = try run(member.example) } catch { failures.append("\(title): \(member.example) → \(error)") }
      }
    }
    #expect(count > 100, "the table lost members: \(count)")
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
  }

  @Test func helpAndTheSignatureLineReadIt() throws {
    let state = InterpreterState(seed: 0)
    let array = try Conversions.array(.list([.int(1)]), what: "", range: SourceRange(0, 0))
    let method = Value.method(receiver: Box(.array(array)), name: "reshape")
    #expect(Introspection.help(for: method, in: state).hasPrefix("tensor.reshape(*shape)\n  the same elements in a new shape"))
    #expect(Introspection.signature(of: method)?.name == "reshape")
    // Changing methods are exactly the table's: append stores the list back, index does not.
    #expect(try run("l = [1]\nl.append(2)\nl.index(2)\nl") == ["l = [1]", "1", "[1, 2]"])
  }
}
