import Testing
import Tensors

@testable import Layers

@Suite("Sequential models, shapes without data, summary")
struct SequentialTests {
  func layer(_ name: String, _ positional: [ArgumentValue], _ keyword: [(String, ArgumentValue)] = [], namer: inout LayerNamer)
    throws -> Layer
  {
    var made = try LayerCatalog.make(name, ArgumentList(positional, keyword: keyword.map { (name: $0.0, value: $0.1) }))
    made.name = namer.name(for: made.name)
    return made
  }

  /// The Keras docs' Cropping2D example, as written there.
  func docsModel() throws -> Sequential {
    var namer = LayerNamer()
    var model = Sequential()
    let pairs: ArgumentValue = .sequence([.sequence([.int(2), .int(2)]), .sequence([.int(4), .int(4)])])
    try model.add(layer("Cropping2D", [], [("cropping", pairs), ("input_shape", .sequence([.int(28), .int(28), .int(3)]))], namer: &namer))
    #expect(try model.outputShape == [nil, 24, 20, 3])
    try model.add(layer("Conv2D", [.int(64), .sequence([.int(3), .int(3)])], [("padding", .string("same"))], namer: &namer))
    try model.add(layer("Cropping2D", [], [("cropping", .sequence([.sequence([.int(2), .int(2)]), .sequence([.int(2), .int(2)])]))], namer: &namer))
    return model
  }

  @Test func docsCroppingExample() throws {
    let model = try docsModel()
    #expect(try model.outputShape == [nil, 20, 16, 64])
    #expect(try model.parameterCount() == 1792)
    var generator = RandomGenerator(seed: 0)
    var running = model
    #expect(try running(Tensor.zeros([2, 28, 28, 3]), using: &generator).shape == [2, 20, 16, 64])
  }

  @Test func summaryHasKerasColumnsAndMultAdds() throws {
    let summary = try docsModel().summary()
    let expected = """
      Model: "sequential"
      ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
      ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃       Mult-Adds ┃
      ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
      │ cropping2d (Cropping2D)         │ (None, 24, 20, 3)      │             0 │               0 │
      ├─────────────────────────────────┼────────────────────────┼───────────────┼─────────────────┤
      │ conv2d (Conv2D)                 │ (None, 24, 20, 64)     │         1,792 │         829,440 │
      ├─────────────────────────────────┼────────────────────────┼───────────────┼─────────────────┤
      │ cropping2d_1 (Cropping2D)       │ (None, 20, 16, 64)     │             0 │               0 │
      └─────────────────────────────────┴────────────────────────┴───────────────┴─────────────────┘
       Total params: 1,792 (7.00 KB)
       Trainable params: 1,792 (7.00 KB)
       Non-trainable params: 0 (0.00 B)
       Mult-Adds per sample: 829,440
      """
    #expect(summary == expected)
    // line_length is the table's whole width, as Keras's; each header still fits its column.
    for width in [40, 60, 80, 120] {
      let lines = try docsModel().summary(lineLength: width).split(separator: "\n").filter { "┏┃┡│├└".contains($0.first!) }
      #expect(lines.allSatisfy { $0.count == max(width, 53) }, "line_length=\(width): \(lines.map(\.count))")
    }
  }

  @Test func addRefusesALayerThatCannotFollow() throws {
    var namer = LayerNamer()
    var model = Sequential(inputShape: [5, 5, 3])
    let error = #expect(throws: LayerShapeError.self) {
      try model.add(layer("Conv2D", [.int(4), .int(7)], namer: &namer))
    }
    #expect(error?.description.contains("valid window 7 > input 5 on axis rows") == true)
    #expect(model.layers.isEmpty)
  }

  @Test func unknownSpatialExtentsStayNone() throws {
    var namer = LayerNamer()
    var model = Sequential(inputShape: [nil, nil, 3])
    try model.add(layer("Conv2D", [.int(8), .int(3)], [("strides", .int(2)), ("padding", .string("same"))], namer: &namer))
    try model.add(layer("Conv2DTranspose", [.int(4), .int(2)], [("strides", .int(2))], namer: &namer))
    #expect(try model.outputShape == [nil, nil, nil, 4])
    #expect(try model.parameterCount() == 8 * 27 + 8 + 4 * 8 * 4 + 4)
    #expect(try model.summary().contains("Mult-Adds per sample: ? (unknown spatial size)"))
  }

  @Test func namerNumbersLikeKeras() {
    var namer = LayerNamer()
    #expect(namer.name(for: "conv2d") == "conv2d")
    #expect(namer.name(for: "conv2d") == "conv2d_1")
    #expect(namer.name(for: "conv3d_transpose") == "conv3d_transpose")
    #expect(snakeCase("Conv3DTranspose") == "conv3d_transpose")
    #expect(snakeCase("UpSampling2D") == "up_sampling2d")
    #expect(snakeCase("DepthwiseConv1D") == "depthwise_conv1d")
  }

  @Test func symbolicInputShape() {
    #expect(SymbolicTensor.input([28, 28, 3]).shape == [nil, 28, 28, 3])
    #expect(SymbolicTensor.input([10], batchSize: 4).description == "<SymbolicTensor shape=(4, 10)>")
  }
}

@Suite("Sequential from a list")
struct SequentialListTests {
  @Test func listFormTakesTheFirstLayersInputShape() throws {
    let first = try LayerCatalog.make("Conv1D", ArgumentList([.int(4), .int(3)], keyword: [(name: "input_shape", value: .sequence([.int(10), .int(2)]))]))
    let second = try LayerCatalog.make("UpSampling1D", ArgumentList([.int(3)]))
    let model = try Sequential([first, second])
    #expect(try model.outputShape == [nil, 24, 4])
  }
}
