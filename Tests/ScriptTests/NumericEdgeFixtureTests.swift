import Foundation
import TestSupport
import Testing

@testable import Script

/// One case of Tests/Fixtures/numeric/edges.json: a statement and what Python (numbers) or
/// NumPy (float32 arrays) prints for it, or the error Python raises.
struct NumericEdgeCase: Decodable, Sendable, CustomTestStringConvertible {
  var kind: String
  var setup: [String]?
  var statement: String
  var expected: String?
  var error: String?

  var testDescription: String { statement }
}

@Suite("Numeric edges print what Python and NumPy print")
struct NumericEdgeFixtureTests {
  static func cases() throws -> [NumericEdgeCase] {
    struct Manifest: Decodable { var cases: [NumericEdgeCase] }
    return try Fixtures.json(Manifest.self, "numeric", "edges.json").cases
  }

  @Test func fixtureSetIsWhole() throws {
    let cases = try Self.cases()
    #expect(cases.count == 2849, "make_fixtures.py writes 2849 numeric edge cases")
    #expect(cases.filter { $0.kind == "numpy" }.count == 154)
    #expect(Set(cases.compactMap(\.error)) == ["ZeroDivisionError", "OverflowError", "complex"])
  }

  /// The words a convlab error must say for each error Python raises.
  static let errorWords = [
    "ZeroDivisionError": "by zero", "OverflowError": "overflow", "complex": "complex",
  ]

  @Test(arguments: try cases())
  func matches(_ edge: NumericEdgeCase) throws {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    for line in edge.setup ?? [] {
      for statement in try Parser.parse(line) { _ = try interpreter.run(statement) }
    }
    let statements = try Parser.parse(edge.statement)
    try #require(statements.count == 1)
    if let error = edge.error {
      let words = try #require(Self.errorWords[error])
      do {
        let printed = try interpreter.run(statements[0]).lines
        Issue.record("Python raises \(error); convlab printed \(printed)")
      } catch {
        #expect(error.message.contains(words), "\(error.message)")
        #expect(error.range.end <= edge.statement.utf8.count)
      }
    } else {
      let printed = try interpreter.run(statements[0]).lines.joined(separator: "\n")
      #expect(printed == edge.expected)
    }
  }
}
