import Testing

@testable import Script

@Suite("Diagnostics point at the problem")
struct DiagnosticTests {
  @Test func caretUnderTheRange() {
    let source = "y = Conv2D(8, 3, strides: 0)(x)"
    let start = source.utf8.count - "0)(x)".utf8.count
    let diagnostic = Diagnostic(message: "Conv2D: strides must be positive, got 0", range: SourceRange(start, start + 1))
    #expect(diagnostic.rendered(source: source) == """
      y = Conv2D(8, 3, strides: 0)(x)
                                ^
      error: Conv2D: strides must be positive, got 0
      """)
  }

  @Test func picksTheLineOfAMultiLineStatement() {
    let source = "model = Sequential([\n  Conv2D(8, 3),\n  Bogus(1)])"
    let start = Array(source.utf8).firstIndex(of: UInt8(ascii: "B"))!
    let diagnostic = Diagnostic(message: "name 'Bogus' is not defined", range: SourceRange(start, start + 5))
    #expect(diagnostic.rendered(source: source) == "  Bogus(1)])\n  ^^^^^\nerror: name 'Bogus' is not defined")
  }

  @Test func columnsCountCharactersNotBytes() {
    let source = "λ = 1 +"
    let start = source.utf8.count
    let diagnostic = Diagnostic(message: "unexpected end of statement", range: SourceRange(start, start))
    #expect(diagnostic.rendered(source: source).split(separator: "\n")[1] == "       ^")
  }

  @Test func rangesBeyondTheSourceAreClamped() {
    let diagnostic = Diagnostic(message: "m", range: SourceRange(50, 10))
    #expect(diagnostic.rendered(source: "x") == "x\n ^\nerror: m")
  }
}
