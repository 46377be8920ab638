import Testing

@testable import Script

@Suite("Parsing")
struct ParserTests {
  func syntaxError(_ text: String) -> ScriptError? {
    let marked = Marked(text)
    do {
      _ = try Parser.parse(marked.source)
      Issue.record("expected a syntax error in \(marked.source)")
      return nil
    } catch {
      #expect(error.kind == .syntax)
      #expect(error.range.start == marked.offset, "at \(error.range.start), marked \(marked.offset): \(error.message)")
      return error
    }
  }

  @Test func precedenceIsPythons() throws {
    #expect(try run("2 + 3 * 4 ** 2") == ["50"])
    #expect(try run("-2 ** 2") == ["-4"])
    #expect(try run("2 ** -1") == ["0.5"])
    #expect(try run("(2 + 3) * 4 // 3 % 5") == ["1"])
    #expect(try run("1 < 2 < 3, 3 > 2 > 5") == ["(True, False)"])
    #expect(try run("not 1 == 2 and 3") == ["3"])
  }

  @Test func statementsSplitOnNewlinesAndSemicolons() throws {
    #expect(try run("a = 1; b = a + 1\nb * 10  # comment") == ["a = 1", "b = 2", "20"])
    #expect(try run("c = Conv2D(\n  8,\n  3,\n)\nc.filters") == ["c: Conv2D(8, 3) · unbuilt", "8"])
  }

  @Test func literals() throws {
    #expect(try run("1e-3, 2.5, 'a', \"b\", True, false, None, nil, (1,), [1, 2], ()") ==
      ["(0.001, 2.5, 'a', 'b', True, False, None, None, (1,), [1, 2], ())"])
    #expect(try run("1_000 + 1") == ["1001"])
  }

  @Test func keywordsInBothSpellings() throws {
    #expect(try run("Conv3DTranspose(32, 2, strides:2).strides") == ["(2, 2, 2)"])
    #expect(try run("Conv3DTranspose(32, 2, strides = 2).strides") == ["(2, 2, 2)"])
  }

  @Test func unclosedBracketPointsAtIt() {
    let error = syntaxError("x = rand‸(2,\ny = 3")
    #expect(error?.message == "'(' was never closed")
    #expect(syntaxError("l = ‸[1, 2")?.message == "'[' was never closed")
  }

  @Test func unexpectedTokenSaysWhatWasExpected() {
    #expect(syntaxError("y = 3 + ‸)")?.message == "expected an expression, found ')'")
    #expect(syntaxError("y = f(1 ‸2)")?.message == "expected ')' to close the '(' at column 6, found number")
    #expect(syntaxError("x.‸(3)")?.message == "expected an attribute name after '.', found '('")
  }

  @Test func badAssignmentTargets() {
    #expect(syntaxError("‸f(x) = 3")?.message.hasPrefix("cannot assign to this expression") == true)
  }

  @Test func positionalAfterKeyword() {
    #expect(syntaxError("Conv2D(filters=8, ‸3)")?.message == "positional argument follows keyword argument")
  }

  @Test func lexicalErrors() {
    #expect(syntaxError("x = ‸'abc")?.message == "unterminated string: add the closing '")
    #expect(syntaxError("x = 1 ‸$ 2")?.message == "unexpected '$'")
    #expect(syntaxError("x = ‸99999999999999999999")?.message.hasPrefix("integer 99999999999999999999 is too large") == true)
    #expect(syntaxError("x = 1 ‸\u{7}")?.message == "unexpected control character 0x7")
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
    #expect(throws: ScriptError.self) { try Parser.parse(deep) }
    for postfix in ["x" + String(repeating: "[0]", count: 5_000), "f" + String(repeating: "(1)", count: 5_000),
                    "a" + String(repeating: ".b", count: 5_000)] {
      #expect(throws: ScriptError.self) { try Parser.parse(postfix) }
    }
    let unary = "x = " + String(repeating: "-", count: 10_000) + "1"
    let error = #expect(throws: ScriptError.self) { try Parser.parse(unary) }
    #expect(error?.message.hasPrefix("expression nested too deeply") == true)
  }

  /// A flat chain of one precedence level is one node, however long: `1 + 1 + …` of 20,000
  /// terms is no deeper than `1 + 1` (it had been "nested too deeply" past 200 terms).
  @Test func longChainsAreFlat() throws {
    let longChain = "x = " + Array(repeating: "1", count: 20_000).joined(separator: " + ")
    let statements = try Parser.parse(longChain)
    guard case .assign(_, let value) = statements[0].kind, case .chain(let first, let links) = value.kind else {
      Issue.record("not a chain")
      return
    }
    #expect(first.kind == .int(1) && links.count == 19_999 && links.allSatisfy { $0.op == .add })
    #expect(value.height == 2)
    #expect(try run(longChain) == ["x = 20000"])
    #expect(try run("y = 2 * 3 - 4 / 2 + 1; y") == ["y = 5.0", "5.0"])
    let conjunction = Array(repeating: "True", count: 5_000).joined(separator: " and ") + " and 0"
    #expect(try run(conjunction) == ["0"])
  }

  /// As Python's codeop: more lines only while a bracket is open or a line ends in `\`, and
  /// only when the parser stopped at the end; a line that makes it wrong ends it at once.
  @Test func completenessIsCodeopsRule() {
    #expect(Parser.completeness("model.add(Conv2D(8,") == .incomplete)
    #expect(Parser.completeness("model.add(Conv2D(8, 3))") == .complete)
    // A call closed inside an open one: the outer bracket is still open (it had been reported
    // "'(' was never closed" on Enter, where Python's REPL reads on).
    #expect(Parser.completeness("f(torch.ones(1, 2)") == .incomplete)
    #expect(Parser.completeness("m = nn.Upsample(scale_factor=2)(torch.ones(1, 1, 2, 2)") == .incomplete)
    #expect(Parser.completeness("x = [f(1), g(2)") == .incomplete)
    #expect(Parser.completeness("x = 1 + \\") == .incomplete)
    #expect(Parser.completeness("x = [1, 2,\n# a comment\n") == .incomplete)
    guard case .invalid(let error) = Parser.completeness("y = f(x\nz = 1") else {
      Issue.record("a second line that cannot continue the call is an error now")
      return
    }
    #expect(error.range.start < "y = f(x\nz = 1".utf8.count)
    guard case .invalid = Parser.completeness("x = ") else {
      Issue.record("a dangling operator outside brackets is an error, as in Python")
      return
    }
  }

  @Test func imports() throws {
    #expect(try run("import numpy as np\nnp.zeros(2).shape") == ["(2,)"])
    #expect(try run("from keras.layers import Conv2D as C\nC(4, 3).filters") == ["4"])
    #expect(try run("import paddle.nn as nn\nnn.Conv3DTranspose(2, 3, 1).kernel_size") == ["(1, 1, 1)"])
    #expect(try run("from keras import layers\nlayers.Conv2D(2, 1).filters") == ["2"])
  }
}
