import Layers
import Testing

@testable import Script

/// Source text with `‸` where an error is expected to start (removed before parsing).
struct Marked {
  var source: String
  var offset: Int

  init(_ text: String) {
    let parts = text.components(separatedBy: "‸")
    precondition(parts.count == 2, "mark the expected position with one ‸")
    source = parts.joined()
    offset = parts[0].utf8.count
  }
}

extension String {
  func components(separatedBy separator: String) -> [String] {
    var parts: [String] = []
    var rest = Substring(self)
    while let range = rest.range(of: separator) {
      parts.append(String(rest[..<range.lowerBound]))
      rest = rest[range.upperBound...]
    }
    parts.append(String(rest))
    return parts
  }
}

extension Substring {
  func range(of needle: String) -> Range<Index>? {
    var index = startIndex
    while index < endIndex {
      if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
      index = self.index(after: index)
    }
    return nil
  }
}

/// Runs every statement of `source` in a fresh seeded interpreter; returns the output lines.
func run(_ source: String, state: InterpreterState = InterpreterState(seed: 0)) throws -> [String] {
  var interpreter = Interpreter(state: state)
  var lines: [String] = []
  for statement in try Parser.parse(source) { lines += try interpreter.run(statement).lines }
  return lines
}

/// The error the last statement of `marked` raises, checked to start at the mark.
func expectError(_ marked: Marked, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ScriptError? {
  var interpreter = Interpreter(state: InterpreterState(seed: 0))
  do {
    for statement in try Parser.parse(marked.source) { _ = try interpreter.run(statement) }
    Issue.record("expected an error", sourceLocation: sourceLocation)
    return nil
  } catch {
    #expect(error.range.start == marked.offset, "error at \(error.range.start), marked \(marked.offset): \(error.message)", sourceLocation: sourceLocation)
    return error
  }
}
