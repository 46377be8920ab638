import Testing

@testable import Layers

@Suite("ConvGeometry: output lengths")
struct ConvGeometryTests {
  @Test func validUsesTheDilatedWindow() throws {
    // ⌊(n − d·(k − 1) − 1) / s⌋ + 1
    #expect(try ConvGeometry.convolvedLength(10, kernel: 3, stride: 1, dilation: 1, padding: .valid) == 8)
    #expect(try ConvGeometry.convolvedLength(10, kernel: 3, stride: 2, dilation: 1, padding: .valid) == 4)
    #expect(try ConvGeometry.convolvedLength(10, kernel: 3, stride: 1, dilation: 2, padding: .valid) == 6)
    #expect(try ConvGeometry.convolvedLength(5, kernel: 5, stride: 3, dilation: 1, padding: .valid) == 1)
  }

  @Test func sameAndCausalRoundUp() throws {
    #expect(try ConvGeometry.convolvedLength(10, kernel: 3, stride: 3, dilation: 1, padding: .same) == 4)
    #expect(try ConvGeometry.convolvedLength(9, kernel: 7, stride: 3, dilation: 1, padding: .causal) == 3)
    #expect(try ConvGeometry.convolvedLength(1, kernel: 9, stride: 1, dilation: 4, padding: .same) == 1)
  }

  @Test func windowLargerThanInputNamesTheNumbers() {
    let error = #expect(throws: GeometryError.self) {
      try ConvGeometry.convolvedLength(5, kernel: 7, stride: 1, dilation: 1, padding: .valid, axis: "rows")
    }
    #expect(error?.description == "valid window 7 > input 5 on axis rows")
  }

  @Test func nonPositiveArgumentsAreErrors() {
    #expect(throws: GeometryError.self) {
      try ConvGeometry.convolvedLength(5, kernel: 3, stride: 0, dilation: 1, padding: .same)
    }
    #expect(throws: GeometryError.self) {
      try ConvGeometry.convolvedLength(5, kernel: 0, stride: 1, dilation: 1, padding: .valid)
    }
  }
}
