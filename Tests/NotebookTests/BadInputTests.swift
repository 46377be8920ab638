import Foundation
import Testing

@testable import Notebook
import Script

@Suite("Bad bytes and broken files are reported where they are")
struct BadInputTests {
  private func write(_ bytes: [UInt8], to name: String) throws -> String {
    let path = try temporaryDirectory() + "/" + name
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
    #expect(outcome.text.contains("undefined_name"), "\(outcome.text)")
    #expect(outcome.text.hasSuffix("runtime.conv: loaded 2 statements before the error; the session keeps them"), "\(outcome.text)")
    #expect(session.submit("a + b").first?.lines == ["3"])

    let syntax = try write(Array("e = 5\nf = (1,\n".utf8), to: "syntax.conv")
    let second = session.command(":load \(syntax)")
    #expect(second.failed)
    #expect(second.text.contains("syntax.conv:3:1: syntax error"), "\(second.text)")
    #expect(second.text.hasSuffix("loaded 1 statement before the error; the session keeps them"), "\(second.text)")
    #expect(session.submit("e").first?.lines == ["5"])
  }
}

@Suite("Fuzz corpus and regressions")
struct FuzzRegressionTests {
  static func inputs(_ folder: String) -> [String] {
    let directory = repositoryRoot.appendingPathComponent("Fuzz/\(folder)").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted().map { directory + "/" + $0 }
  }

  @Test func theSeedCorpusIsThere() {
    #expect(Self.inputs("corpus").count >= 20)
  }

  /// Every seed and every input that once crashed goes through the fuzz harness (which turns a
  /// broken promise into a crash) in the test run too.
  @Test(arguments: inputs("corpus") + inputs("regressions"))
  func harnessSurvives(_ path: String) throws {
    FuzzHarness.exercise(try readFileBytes(path), seconds: nil)
  }
}
