import Arrays
import Foundation
import TestSupport
import Testing

@testable import Notebook
import Script
import Tensors

@Suite("Bad bytes and broken files are reported where they are")
struct BadInputTests {
  private func write(_ bytes: [UInt8], to name: String) throws -> String {
    let path = try makeTemporaryDirectory("convlab-session") + "/" + name
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  @Test func invalidUTF8InAScriptNamesLineColumnAndByte() throws {
    let path = try write(Array("x = 1\ny = 'caf".utf8) + [0xE9] + Array("'\n".utf8), to: "latin1.conv")
    var output = ""
    let status = ScriptRunner.run(files: [path], check: false) { output += $0 }
    #expect(status == 1)
    #expect(output.hasPrefix("\(path):2:9: syntax error: invalid UTF-8 byte 0xE9"), "\(output)")
    #expect(output.contains("        ^"), "caret under the byte: \(output)")
  }

  @Test(arguments: [
    ([0xC0, 0x80], 0), ([0xED, 0xA0, 0x80], 0), ([0xF4, 0x90, 0x80, 0x80], 0), ([0x61, 0xE2, 0x82], 1),
    ([0x61, 0x80], 1), ([0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80], nil),
  ] as [([UInt8], Int?)])
  func utf8ValidatorRejectsOverlongsSurrogatesAndTruncation(_ bytes: [UInt8], _ expected: Int?) {
    #expect(SourceBytes.firstInvalidUTF8(bytes) == expected)
  }

  @Test func nulAndControlCharactersHaveAPosition() {
    for (source, offset, message) in [("x = 'a\u{0}b'", 6, "NUL byte in a string"), ("y = 1 \u{1}", 6, "unexpected control character 0x1")] {
      #expect(throws: ScriptError.self) { try Parser.parse(source) }
      do { _ = try Parser.parse(source) } catch {
        #expect(error.range.start == offset, "\(source.debugDescription)")
        #expect(error.message.hasPrefix(message), "\(error.message)")
      }
    }
  }

  @Test func loadingAFileWithAnErrorKeepsWhatCameBeforeAndSaysSo() throws {
    let runtime = try write(Array("a = 1\nb = a + 1\nc = undefined_name\nd = 4\n".utf8), to: "runtime.conv")
    let session = Session(seed: 0)
    let outcome = session.command(":load \(runtime)")
    #expect(outcome.failed)
    #expect(outcome.text.contains("runtime.conv:3:5: error: name 'undefined_name' is not defined"), "\(outcome.text)")
    #expect(outcome.text.hasSuffix("runtime.conv: stopped at statement 3 of 4; the session keeps the 2 before it, and the rest unrun (:save keeps them all)"), "\(outcome.text)")
    #expect(session.submit("a + b").first?.lines == ["3"])
    #expect(session.document.codes.map(\.source) == ["a = 1", "b = a + 1", "c = undefined_name", "d = 4", "a + b"])

    let syntax = try write(Array("e = 5\nf = (1,\n".utf8), to: "syntax.conv")
    let second = session.command(":load \(syntax)")
    #expect(second.failed)
    #expect(second.text.contains("syntax.conv:2:8: syntax error"), "\(second.text)")
    #expect(second.text.hasSuffix("stopped at statement 2 of 2; the session keeps the 1 before it, and the rest unrun (:save keeps them all)"), "\(second.text)")
    #expect(session.submit("e").first?.lines == ["5"])
  }
}

@Suite("Fuzz corpus and regressions")
struct FuzzRegressionTests {
  static func inputs(_ folder: String) -> [String] {
    let directory = repositoryRoot.appendingPathComponent("Fuzz/\(folder)").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted().map { directory + "/" + $0 }
  }

  @Test func theCorpusAndRegressionsAreThere() {
    #expect(Self.inputs("corpus").count >= 162)
    #expect(Self.inputs("regressions").count >= 5)
  }

  /// Every seed and every input that once crashed goes through the fuzz harness, which
  /// returns every promise the input broke.
  @Test(arguments: inputs("corpus") + inputs("regressions"))
  func harnessFindsNoBrokenPromise(_ path: String) throws {
    #expect(FuzzHarness.check(try readFileBytes(path), seconds: nil) == [])
  }

  /// The harness's own checks can fail: a tensor changed in place (same names, same shape,
  /// one element) is a change, and so is an error range past the end of the source.
  @Test func theHarnessSeesAChangedValueAndARangeOutsideTheSource() throws {
    var state = InterpreterState(seed: 0)
    state.variables["x"] = .array(try NDArray(shape: [2], elements: [Float(1), .nan]))
    let before = FuzzHarness.Snapshot(state)
    #expect(before.difference(from: FuzzHarness.Snapshot(state)) == nil)
    state.variables["x"] = .array(try NDArray(shape: [2], elements: [Float(1), 2]))
    #expect(before.difference(from: FuzzHarness.Snapshot(state)) == "`x` changed")
    let error = ScriptError(.syntax, "unexpected end", at: SourceRange(3, 5))
    #expect(FuzzHarness.outside(error, "abcd").count == 1)
    #expect(FuzzHarness.outside(error, "abcde") == [])
  }
}

@Suite("Saving over a file that changed on disk")
struct ChangedOnDiskTests {
  @Test func saveRefusesAFileChangedSinceItWasReadUnlessForced() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let file = directory + "/s.conv"
    try "a = 1\n".write(toFile: file, atomically: true, encoding: .utf8)
    let session = Session(seed: 0)
    #expect(!session.openAndReplay(file).failed)
    session.submit("b = 2")
    // Someone else edits the file.
    Thread.sleep(forTimeInterval: 0.01)
    try "a = 1\nc = 3\n".write(toFile: file, atomically: true, encoding: .utf8)
    let refused = session.command(":save")
    #expect(refused.failed && refused.confirm == .save(path: file, force: true), "\(refused.text)")
    #expect(refused.text.contains("changed on disk"))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "a = 1\nc = 3\n")
    #expect(!session.command(":save! \(file)").failed)
    #expect(try String(contentsOfFile: file, encoding: .utf8).contains("b = 2"))
    // Once saved, the session's own file is no longer "changed".
    session.submit("d = 4")
    #expect(!session.command(":save").failed)
  }

  @Test func saveBuiltinRefusesAnNpyChangedSinceLoadedUnlessOverwriteOrForce() throws {
    let directory = try makeTemporaryDirectory("convlab-session")
    let session = Session(seed: 0, workingDirectory: directory)
    #expect(session.submit("save(ones((2, 2)), 'w.npy')\nw = load('w.npy')").allSatisfy { $0.error == nil })
    Thread.sleep(forTimeInterval: 0.01)
    let other = Session(seed: 0, workingDirectory: directory)
    other.submit("save(zeros((3,)), 'w.npy')")
    let refused = session.submit("save(w, 'w.npy')")
    #expect(refused.first?.error?.message.contains("w.npy changed on disk since this session read or wrote it") == true)
    #expect(session.submit("load('w.npy').shape").first?.lines == ["(3,)"])
    #expect(session.submit("save(w, 'w.npy', overwrite=True)").first?.error == nil)
    let forced = Session(seed: 0, workingDirectory: directory)
    forced.allowOverwrite(true)
    forced.submit("v = load('w.npy')")
    Thread.sleep(forTimeInterval: 0.01)
    #expect(Session(seed: 0, workingDirectory: directory).submit("save(zeros((5,)), 'w.npy')").first?.error == nil)
    #expect(forced.submit("save(v, 'w.npy')").first?.error == nil)
    #expect(forced.submit("load('w.npy').shape").first?.lines == ["(2, 2)"])
  }
}
