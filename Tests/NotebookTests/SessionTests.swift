import Arrays
import Foundation
import TestSupport
import Testing

@testable import Notebook

/// Process-wide working directory changes: these suites run one test at a time.
@Suite("Sessions replay and check")
struct SessionTests {
  /// Every session under sessions/, the arithmetic gallery included (paths relative to it).
  static let sessionFiles = (FileManager.default.enumerator(atPath: repositoryRoot.appendingPathComponent("sessions").path)?
    .allObjects as? [String] ?? []).filter { $0.hasSuffix(".conv") }.sorted()

  @Test func everyExampleSessionIsThere() {
    #expect(Self.sessionFiles.contains("tour.conv"))
    #expect(Self.sessionFiles.contains("docs-examples.conv"))
    #expect(Self.sessionFiles.contains("paddle.conv"))
    #expect(Self.sessionFiles.contains("pytorch-docs.conv"))
    // The guide's seven padding/stride figures with their transposed counterparts, dilation,
    // the four sessions the guide lacks, the matrix view, trace and overlap.
    #expect(Self.sessionFiles.filter { $0.hasPrefix("arithmetic/") }.count == 17)
  }

  @Test(arguments: sessionFiles)
  func sessionPassesCheck(_ file: String) throws {
    let path = repositoryRoot.appendingPathComponent("sessions").appendingPathComponent(file).path
    var output = ""
    let session = Session(seed: 0, workingDirectory: try makeTemporaryDirectory("convlab-session"))
    let status = ScriptRunner.run(files: [path], check: true, session: session) { output += $0 }
    #expect(status == 0, "\(output)")
    #expect(output.hasSuffix("all outputs match\n"))
  }

  @Test func anEditedOutputFailsNamingTheLine() throws {
    let path = repositoryRoot.appendingPathComponent("sessions/docs-examples.conv").path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let edited = text.replacingOccurrences(of: "#: (None, 20, 16, 64)", with: "#: (None, 20, 16, 65)")
    #expect(edited != text)
    let editedLine = edited.split(separator: "\n", omittingEmptySubsequences: false)
      .firstIndex { $0 == "#: (None, 20, 16, 65)" }! + 1
    var output = ""
    let directory = try makeTemporaryDirectory("convlab-session")
    try edited.write(toFile: directory + "/edited.conv", atomically: true, encoding: .utf8)
    let session = Session(seed: 0, workingDirectory: directory)
    let status = ScriptRunner.run(files: [directory + "/edited.conv"], check: true, session: session) { output += $0 }
    #expect(status == 1)
    #expect(output.contains("edited.conv:\(editedLine): output differs\n  expected: (None, 20, 16, 65)\n  actual:   (None, 20, 16, 64)"))
  }

  @Test func updateRewritesOutputsAndKeepsComments() throws {
    let path = try makeTemporaryDirectory("convlab-session") + "/gallery.conv"
    try """
      # a comment stays
      x = zeros(2, 3)
      #: x: stale
      #: more stale

      # no output recorded yet
      x.shape
      y = 1; y + 1
      """.write(toFile: path, atomically: true, encoding: .utf8)
    var output = ""
    #expect(ScriptRunner.run(files: [path], check: false, update: true, session: Session(seed: 0)) { output += $0 } == 0)
    #expect(output.contains("updated 3 outputs in \(path)"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == """
      # a comment stays
      x = zeros(2, 3)
      #: x: tensor (2, 3) float64

      # no output recorded yet
      x.shape
      #: (2, 3)
      y = 1; y + 1
      #: y = 1
      #: 2

      """)
    output = ""
    #expect(ScriptRunner.run(files: [path], check: true, session: Session(seed: 0)) { output += $0 } == 0)
    #expect(output.hasSuffix("all outputs match\n"))
  }

  @Test func aRuntimeErrorStopsWithFileLineAndCaret() throws {
    var output = ""
    let path = try makeTemporaryDirectory("convlab-session") + "/bad.conv"
    try "x = rand(2, 3)\ny = Conv2D(4, 3)(x)\nprint('not reached')\n".write(toFile: path, atomically: true, encoding: .utf8)
    let status = ScriptRunner.run(files: [path], check: false) { output += $0 }
    #expect(status == 1)
    #expect(output == """
      x: tensor (2, 3) float64
      \(path):2:5: error: Conv2D: expects input of rank 4 (batch, rows, cols, channels) with data_format "channels_last"; got shape (2, 3)
      y = Conv2D(4, 3)(x)
          ^^^^^^^^^^^^^^^

      """)
  }

  @Test func replRoundTripThroughSaveAndCheck() throws {
    var input = [
      "x = rand(2, 6, 6, 3)", "m = Sequential([Conv2D(4, 3,", "  padding='same'), UpSampling2D(2)])", "y = m(x)",
      "y[0, :2, :2, 0]", "oops(", ")", "z = undefined", ":save typed.conv", ":quit",
    ]
    var output = ""
    let directory = try makeTemporaryDirectory("convlab-session")
    input = input.map { $0 == ":save typed.conv" ? ":save \(directory)/typed.conv" : $0 }
    let session = Session(seed: 3, workingDirectory: directory)
    let repl = PlainREPL(
      session: session, prompts: false, read: { _ in input.isEmpty ? .end : .line(input.removeFirst()) }, write: { output += $0 })
    let status = repl.run()
    var check = ""
    let checked = ScriptRunner.run(files: [directory + "/typed.conv"], check: true, session: Session(workingDirectory: directory)) {
      check += $0
    }
    #expect(checked == 0, "\(check)")
    #expect(check.hasSuffix("checked 5 statements in 1 file: all outputs match\n"))
    let saved = try String(contentsOfFile: directory + "/typed.conv", encoding: .utf8)
    #expect(saved.hasPrefix("seed(3)  #"))
    #expect(!saved.contains("undefined"))
    #expect(status == 0)
    #expect(output.contains("error: name 'oops' is not defined"))
    #expect(output.contains("saved 4 statements to \(directory)/typed.conv"))
  }

  @Test func undoReplaysTheRestExactly() {
    let session = Session(seed: 5)
    session.submit("a = rand(3)")
    session.submit("b = rand(3)")
    let before = session.state.variables["b"]
    session.submit("c = rand(100)")
    #expect(session.undo()?.source == "c = rand(100)")
    #expect(session.document.codes.map(\.source) == ["a = rand(3)", "b = rand(3)"])
    if case .array(let original)? = before, case .array(let replayed)? = session.state.variables["b"] {
      #expect(original.isIdentical(to: replayed))
    } else {
      Issue.record("b should be a tensor")
    }
    #expect(session.state.variables["c"] == nil)
    #expect(session.command(":reset").text == "session reset: no names, no statements")
    #expect(session.state.variables.isEmpty)
  }

  @Test func commands() {
    let session = Session(seed: 0)
    session.submit("x = zeros(2, 2)")
    #expect(session.command(":history").text == "1  x = zeros(2, 2)")
    #expect(session.command(":vars").text.contains("x     tensor  (2, 2)"))
    #expect(session.command(":sav").text == "unknown command :sav (did you mean :save?); :help lists them")
    #expect(Command(parsing: ":quit") == .quit(force: false))
    #expect(Command(parsing: ":quit!") == .quit(force: true))
    #expect(session.command(":help").text.contains(":undo"))
  }
}
