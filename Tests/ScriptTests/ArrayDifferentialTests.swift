import Arrays
import Foundation
import TestSupport
import Testing

@testable import Script

/// Tests/Fixtures/numpy/differential.json (make_numpy_differential.py): expressions over
/// seeded arrays of every dtype, and what NumPy prints for them.
struct DifferentialManifest: Decodable, Sendable {
  struct Case: Decodable, Sendable {
    var statement: String
    var expected: String?
    var error: String?
  }

  var numpy: String
  var setup: [String]
  var cases: [Case]

  /// The committed cases, or a scratch set (`make_numpy_differential.py --out DIR --seed N
  /// --random M`) when `CONVLAB_DIFFERENTIAL_FIXTURES=DIR` is set.
  static func load() throws -> DifferentialManifest {
    if let directory = ProcessInfo.processInfo.environment["CONVLAB_DIFFERENTIAL_FIXTURES"] {
      let url = URL(fileURLWithPath: directory).appendingPathComponent("differential.json")
      return try JSONDecoder().decode(DifferentialManifest.self, from: Data(contentsOf: url))
    }
    return try Fixtures.json(DifferentialManifest.self, "numpy", "differential.json")
  }
}

@Suite("Differential: NumPy's answers to every operator, dtype pair, function and index")
struct ArrayDifferentialTests {
  /// The session after the fixture's setup (seeded arrays of every dtype): each case starts
  /// from a copy of it.
  static func prepared(_ manifest: DifferentialManifest) throws -> Interpreter {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    for line in manifest.setup {
      for statement in try Parser.parse(line) { _ = try interpreter.run(statement) }
    }
    return interpreter
  }

  /// What `print(value)` shows, and for arrays and NumPy scalars `print(value.dtype,
  /// np.shape(value))`, as the generator printed them.
  static func printed(_ value: Value, _ options: PrintOptions) -> String {
    var text = value.str(options) + "\n"
    if case .array(let array) = value {
      let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
      text += "\(array.dtype.rawValue) \(shape)\n"
    }
    return text
  }

  @Test(
    .disabled(
      if: ProcessInfo.processInfo.environment["CONVLAB_DIFFERENTIAL_FIXTURES"] != nil,
      "CONVLAB_DIFFERENTIAL_FIXTURES names a scratch set: the committed set's coverage was not checked"))
  func theFixtureSetIsWhole() throws {
    let manifest = try DifferentialManifest.load()
    #expect(manifest.cases.count >= 12000, "make_numpy_differential.py writes about 12,000 cases")
    let statements = manifest.cases.map(\.statement)
    // Every operator over every pair of dtypes, and each kind of index.
    let dtypes = ["b", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f16", "f32", "f64"]
    for op in ["+", "-", "*", "/", "//", "%", "**", "&", "|", "^", "<<", ">>", "<", "<=", ">", ">=", "==", "!="] {
      for a in dtypes {
        for b in dtypes { #expect(statements.contains("x_\(a) \(op) y_\(b)")) }
      }
    }
    #expect(statements.contains("ints[ints > 10]") && statements.contains("ints[:, [0, 1], [1, 2]]"))
    #expect(manifest.cases.contains { $0.error != nil } && manifest.cases.contains { $0.expected != nil })
  }

  /// Each case in a copy of the prepared session: the same text, or an error where NumPy
  /// raises one.
  @Test func everyExpressionPrintsWhatNumPyPrints() throws {
    let manifest = try DifferentialManifest.load()
    let prepared = try Self.prepared(manifest)
    var mismatches: [String] = []
    var agreed = 0
    for item in manifest.cases {
      var interpreter = prepared
      let outcome: Result<String, ScriptError>
      do {
        let statements = try Parser.parse(item.statement)
        guard statements.count == 1, case .expression(let expression) = statements[0].kind else {
          mismatches.append("\(item.statement): not one expression")
          continue
        }
        let value = try interpreter.evaluate(expression)
        outcome = .success(Self.printed(value, interpreter.state.printOptions))
      } catch {
        outcome = .failure(error)
      }
      switch (outcome, item.expected, item.error) {
      case (.success(let text), let expected?, _) where text == expected:
        agreed += 1
      case (.failure, nil, _?):
        agreed += 1
      case (.success(let text), let expected?, _):
        mismatches.append("\(item.statement)\n  NumPy:   \(expected.debugDescription)\n  convlab: \(text.debugDescription)")
      case (.success(let text), nil, let error?):
        mismatches.append("\(item.statement)\n  NumPy raises \(error)\n  convlab: \(text.debugDescription)")
      case (.failure(let error), let expected, _):
        mismatches.append("\(item.statement)\n  NumPy:   \((expected ?? "?").debugDescription)\n  convlab error: \(error.message)")
      default:
        mismatches.append("\(item.statement): malformed case")
      }
    }
    let report = "\(agreed) of \(manifest.cases.count) agree; the first of \(mismatches.count) that do not:\n"
      + mismatches.prefix(40).joined(separator: "\n")
    #expect(mismatches.isEmpty, Comment(rawValue: report))
  }
}
