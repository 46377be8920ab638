import Foundation
import TestSupport
import Testing

@testable import Notebook

/// Every ```conv block of docs/language.md is a session whose #: lines must match.
@Suite("docs/language.md examples")
struct LanguageDocTests {
  static func blocks() throws -> [String] {
    let path = repositoryRoot.appendingPathComponent("docs/language.md").path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var blocks: [String] = []
    var current: [String]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line == "```conv" {
        current = []
      } else if line == "```", let block = current {
        blocks.append(block.joined(separator: "\n") + "\n")
        current = nil
      } else {
        current?.append(String(line))
      }
    }
    return blocks
  }

  @Test func thereAreExamples() throws { #expect(try Self.blocks().count >= 8) }

  @Test(arguments: try blocks().enumerated().map { $0 })
  func exampleChecks(_ numbered: (offset: Int, element: String)) throws {
    var output = ""
    let directory = try makeTemporaryDirectory("convlab-session")
    try numbered.element.write(toFile: directory + "/example.conv", atomically: true, encoding: .utf8)
    let session = Session(seed: 0, workingDirectory: directory)
    let status = ScriptRunner.run(files: [directory + "/example.conv"], check: true, session: session) { output += $0 }
    #expect(status == 0, "example \(numbered.offset + 1):\n\(output)")
  }
}
