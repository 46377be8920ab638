import Tensors
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

/// Sizes from huge extents are errors that name the axis and the numbers, never wrapped values
/// (NumPy's rule); a plan is made once per call and read by every consumer.
@Suite("The layer plan: checked arithmetic")
struct LayerPlanTests {
  static func layer(_ name: String, _ positional: [ArgumentValue], _ keyword: [(String, ArgumentValue)] = []) throws -> Layer {
    try LayerCatalog.make(name, ArgumentList(positional, keyword: keyword.map { (name: $0.0, value: $0.1) }))
  }

  @Test func hugeExtentsAreErrorsNamingTheAxis() throws {
    let huge = Int.max
    let same = try Self.layer("Conv1D", [.int(2), .int(3)], [("padding", .string("same"))])
    let error = #expect(throws: LayerShapeError.self) { try same.plan(for: [nil, huge, 1]) }
    #expect(error?.message.contains("axis steps") == true && error?.message.contains("too big") == true, "\(error?.message ?? "")")
    let upsample = try Self.layer("UpSampling2D", [.int(2)])
    #expect(throws: LayerShapeError.self) { try upsample.plan(for: [nil, huge / 2 + 1, 1, 1]) }
    let padded = try Self.layer("ZeroPadding1D", [.int(1)])
    #expect(throws: LayerShapeError.self) { try padded.plan(for: [nil, huge, 1]) }
    let transposed = try Self.layer("Conv1DTranspose", [.int(1), .int(3)], [("strides", .int(4))])
    #expect(throws: LayerShapeError.self) { try transposed.plan(for: [nil, huge / 2, 1]) }
    // Valid sizes near the edge still plan: ⌈(2⁶³ − 1) / 1⌉ with a small window.
    let valid = try Self.layer("Conv1D", [.int(2), .int(3)])
    #expect(try valid.plan(for: [nil, huge, 1]).outputShape == [nil, huge - 2, 2])
  }

  @Test func weightsTooBigToHoldAreRefusedBeforeTheyAreDrawn() throws {
    let layer = try Self.layer("Conv2D", [.int(2), .int(2_147_483_647)], [("padding", .string("same"))])
    let error = #expect(throws: LayerShapeError.self) { try layer.plan(for: [1, 2, 2, 1]) }
    #expect(error?.message.contains("the kernel weight would have shape (2147483647, 2147483647, 1, 2), too big") == true)
  }

  @Test func multiplyAddsPastTheLimitAreSaidSo() throws {
    let layer = try Self.layer("Conv1D", [.int(2), .int(3)])
    let plan = try layer.plan(for: [nil, Int.max / 2, 1])
    #expect(plan.multiplyAdds == nil, "(2⁶² − 3)·2·3 passes 2⁶³ − 1")
    #expect(try layer.plan(for: [nil, 10, 1]).multiplyAdds == 8 * 2 * 3)
  }

  @Test func everyConsumerReadsThePlan() throws {
    var layer = try Self.layer("SeparableConv2D", [.int(4), .int(3)], [("strides", .int(2)), ("depth_multiplier", .int(2))])
    let shape: [Int?] = [2, 9, 7, 3]
    let plan = try layer.plan(for: shape)
    #expect(try layer.outputShape(for: shape) == plan.outputShape)
    #expect(try layer.multiplyAdds(for: shape) == plan.multiplyAdds)
    #expect(try layer.parameterCount(for: shape) == plan.parameterCount)
    var generator = RandomGenerator(seed: 0)
    let output = try layer(try Tensor.ones([2, 9, 7, 3]), using: &generator)
    #expect(output.shape == plan.outputShape.map { $0! })
  }
}
