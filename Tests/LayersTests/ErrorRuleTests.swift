import Arrays
import Foundation
import Testing
import Tensors

@testable import Layers

/// One test per configuration rule: refused at construction or call, with a message that
/// names the layer, the argument or axis, and the numbers.
@Suite("Invalid configurations are refused clearly")
struct ErrorRuleTests {
  func make(_ name: String, _ positional: [ArgumentValue], _ keyword: [(String, ArgumentValue)] = []) throws -> Layer {
    try LayerCatalog.make(name, ArgumentList(positional, keyword: keyword.map { (name: $0.0, value: $0.1) }))
  }

  func call(_ layer: Layer, _ shape: [Int], outputSize: [Int]? = nil) throws -> Tensor {
    var layer = layer
    var generator = RandomGenerator(seed: 1)
    return try layer(Tensor.zeros(shape), using: &generator, outputSize: outputSize)
  }

  func message(_ body: () throws -> Any) -> String {
    do {
      _ = try body()
      return "no error"
    } catch { return "\(error)" }
  }

  @Test func stridesWithDilation() {
    let text = message { try make("Conv2D", [.int(4), .int(3)], [("strides", .int(2)), ("dilation_rate", .int(2))]) }
    #expect(text.contains("Conv2D") && text.contains("dilation_rate") && text.contains("strides=2"))
  }

  @Test func outputPaddingNotBelowStride() {
    let text = message {
      try make("Conv2DTranspose", [.int(4), .int(3)], [("strides", .sequence([.int(2), .int(3)])), ("output_padding", .sequence([.int(1), .int(3)]))])
    }
    #expect(text == "Conv2DTranspose: argument `output_padding`: must be strictly less than strides on every axis: output_padding 3 ≥ stride 3 on axis cols")
  }

  @Test func inputRankForTheDataFormat() throws {
    let layer = try make("Conv2D", [.int(4), .int(3)], [("data_format", .string("channels_first"))])
    let text = message { try call(layer, [1, 5, 5]) }
    #expect(text == "Conv2D: expects input of rank 4 (batch, channels, rows, cols) with data_format \"channels_first\"; got shape (1, 5, 5)")
  }

  @Test func channelCountMustMatchTheKernel() throws {
    var layer = try make("Conv2D", [.int(4), .int(3)])
    _ = try call(layer, [1, 6, 6, 3]).shape
    var generator = RandomGenerator(seed: 1)
    _ = try layer(Tensor.zeros([1, 6, 6, 3]), using: &generator)
    let text = message { try layer(Tensor.zeros([1, 6, 6, 5]), using: &generator) }
    #expect(text.contains("expected axis -1 of the input to have 3 channels") && text.contains("(1, 6, 6, 5)"))
  }

  @Test func channelsDivisibleByGroups() throws {
    let layer = try make("Conv2D", [.int(4), .int(3)], [("groups", .int(2))])
    let text = message { try call(layer, [1, 6, 6, 3]) }
    #expect(text == "Conv2D: the number of input channels (3) must be evenly divisible by the number of groups (2)")
    let filters = message { try make("Conv1D", [.int(5), .int(3)], [("groups", .int(2))]) }
    #expect(filters.contains("filters (5) must be evenly divisible by the number of groups (2)"))
  }

  @Test func validWindowLargerThanInput() throws {
    let layer = try make("Conv2D", [.int(4), .int(7)])
    #expect(message { try call(layer, [1, 5, 9, 3]) } == "Conv2D: valid window 7 > input 5 on axis rows (input shape (1, 5, 9, 3))")
    let dilated = try make("Conv1D", [.int(4), .int(3)], [("dilation_rate", .int(3))])
    #expect(message { try call(dilated, [1, 6, 3]) }.contains("valid window 7 > input 6 on axis steps"))
  }

  @Test func zeroOrNegativeSizes() {
    #expect(message { try make("Conv2D", [.int(0), .int(3)]) }.contains("`filters`: expected a strictly positive value, received filters=0"))
    #expect(message { try make("Conv2D", [.int(4), .sequence([.int(3), .int(0)])]) }.contains("`kernel_size`: must be > 0, received kernel_size=(3, 0) (0 on axis 1)"))
    #expect(message { try make("Conv1D", [.int(4), .int(3)], [("strides", .int(-1))]) }.contains("`strides`: must be > 0"))
    #expect(message { try make("DepthwiseConv2D", [.int(3)], [("depth_multiplier", .int(0))]) }.contains("depth_multiplier"))
    #expect(message { try make("ZeroPadding2D", [.int(-1)]) }.contains("amounts must be >= 0"))
    #expect(message { try make("Conv2D", [.int(4), .sequence([.int(3), .int(3), .int(3)])]) }.contains("tuple of 2 integers"))
  }

  @Test func croppingThatRemovesAnAxis() throws {
    let layer = try make("Cropping2D", [.sequence([.sequence([.int(3), .int(3)]), .int(0)])])
    #expect(message { try call(layer, [1, 6, 5, 3]) } == "Cropping2D: cropping (3, 3) removes all 6 cells of axis rows (input shape (1, 6, 5, 3))")
  }

  @Test func paddleOutputSizeOutOfRange() throws {
    let layer = try make("paddle.nn.Conv3DTranspose", [.int(4), .int(6), .int(3)], [("stride", .int(2))])
    let text = message { try call(layer, [2, 4, 3, 4, 5], outputSize: [9, 9, 11]) }
    #expect(text.contains("output_size 9 on axis depth is outside Paddle's range [7, 9)"))
    #expect(try call(layer, [2, 4, 3, 4, 5], outputSize: [8, 10, 11]).shape == [2, 6, 8, 10, 11])
  }

  /// Found by the fuzzer: the output alone fit the limit, but with the channels-last copy of a
  /// channels-first input it did not, and the call trapped after computing.
  @Test func channelsFirstCallCountsItsInputCopy() throws {
    let layer = try make("paddle.nn.Conv3DTranspose", [.int(4), .int(6), .int(3)])
    let text = try MemoryLimit.withLedger(MemoryLedger()) { () throws -> String in
      try MemoryLimit.withLimit(8 << 20) { () throws -> String in
        let input = try Tensor.zeros([214, 4, 8, 8, 8])  // 1.7 MiB; the output is 4.9 MiB
        var layer = layer
        var generator = RandomGenerator(seed: 1)
        do {
          return "\(try layer(input, using: &generator).shape)"
        } catch { return "\(error)" }
      }
    }
    #expect(
      text == "paddle.nn.Conv3DTranspose: the output of shape (214, 6, 10, 10, 10) would need 6.6 MiB with 1.7 MiB already "
        + "in use; the tensor memory limit is 8.0 MiB (set_limits(memory=...) or --max-memory); that counts the "
        + "channels-last copy of the input the kernels read (1.7 MiB)")
  }

  /// Found by the fuzzer: explaining a depthwise layer whose axes fail, on an input with so many
  /// channels that channels · depth_multiplier passes Int.max, trapped in the channel line.
  @Test func explainedChannelsPastIntMaxAreTooBig() throws {
    for name in ["DepthwiseConv2D", "SeparableConv2D"] {
      let positional: [ArgumentValue] = name == "DepthwiseConv2D" ? [.int(3)] : [.int(2), .int(3)]
      let layer = try make(name, positional, [("depth_multiplier", .int(2_147_483_647))])
      let text = try layer.explain(input: [1, 2, 2, 1 << 40]).joined(separator: "\n")
      #expect(text.contains("channels: 1099511627776·2147483647 is too big"), "\(text)")
      #expect(layer.parameterCount(inputChannels: 1 << 40) == .max)
    }
  }

  @Test func unknownAndMisplacedArguments() {
    #expect(message { try make("Conv2D", [.int(4), .int(3)], [("stride", .int(2))]) } == "Conv2D: argument `stride`: is not an argument of Conv2D (did you mean `strides`?)")
    #expect(message { try make("Conv2D", [.int(4)]) }.contains("`kernel_size`: is required"))
    #expect(message { try make("Conv2D", [.int(4), .int(3)], [("filters", .int(2))]) }.contains("given both by position and by keyword"))
    #expect(message { try make("Conv2D", [.int(4), .int(3)], [("activation", .string("relu7"))]) }.contains("unknown activation 'relu7'"))
    #expect(message { try make("Conv2D", [.int(4), .int(3)], [("padding", .string("causal"))]) }.contains("causal padding is only for Conv1D"))
  }
}

@Suite("Weights in the frameworks' layouts")
struct WeightTests {
  @Test func setWeightsBeforeBuildFixesTheChannels() throws {
    var layer = try LayerCatalog.make("Conv2D", ArgumentList([.int(8), .int(3)]))
    try layer.setWeights([Tensor.ones([3, 3, 5, 8]), Tensor.zeros([8])])
    #expect(layer.builtInputChannels == 5)
    var generator = RandomGenerator(seed: 0)
    let output = try layer(Tensor.ones([1, 4, 4, 5]), using: &generator)
    #expect(output.shape == [1, 2, 2, 8])
    #expect(output.scalars.allSatisfy { $0 == 45 })
    #expect(throws: LayerShapeError.self) { try layer(Tensor.ones([1, 4, 4, 3]), using: &generator) }
  }

  @Test func setWeightsChecksCountAndShapes() throws {
    var layer = try LayerCatalog.make("Conv2DTranspose", ArgumentList([.int(4), .int(2)]))
    let wrongCount = #expect(throws: LayerShapeError.self) { try layer.setWeights([Tensor.ones([2, 2, 4, 3])]) }
    #expect(wrongCount?.description == "Conv2DTranspose: set_weights expects 2 weights [kernel, bias], received 1")
    let wrongShape = #expect(throws: LayerShapeError.self) {
      try layer.setWeights([Tensor.ones([2, 2, 4, 3]), Tensor.zeros([3])])
    }
    #expect(wrongShape?.description == "Conv2DTranspose: weight 1 (bias) must have shape (4,), received (3,)")
  }

  @Test func layoutsAreTheFrameworks() throws {
    func shapes(_ name: String, _ arguments: [ArgumentValue], channels: Int) throws -> [[Int]] {
      try LayerCatalog.make(name, ArgumentList(arguments)).weightShapes(inputChannels: channels).map(\.shape)
    }
    #expect(try shapes("Conv3D", [.int(8), .int(3)], channels: 4) == [[3, 3, 3, 4, 8], [8]])
    #expect(try shapes("Conv3DTranspose", [.int(8), .int(2)], channels: 4) == [[2, 2, 2, 8, 4], [8]])
    #expect(try shapes("DepthwiseConv2D", [.int(3)], channels: 4) == [[3, 3, 4, 1], [4]])
    #expect(try shapes("SeparableConv1D", [.int(6), .int(5)], channels: 4) == [[5, 4, 1], [1, 4, 6], [6]])
    #expect(try shapes("paddle.nn.Conv3DTranspose", [.int(4), .int(6), .int(3)], channels: 4) == [[4, 6, 3, 3, 3], [6]])
  }

  @Test func weightsSurviveANpyRoundTrip() throws {
    var layer = try LayerCatalog.make("Conv2D", ArgumentList([.int(3), .int(2)]))
    var generator = RandomGenerator(seed: 4)
    try layer.build(inputChannels: 2, using: &generator)
    let path = NSTemporaryDirectory() + "convlab-kernel-\(UUID().uuidString).npy"
    try NPY.write(NDArray(layer.weights[0]), path: path)
    #expect(try NPY.read(path: path).float32Tensor() == layer.weights[0])
  }
}

@Suite("Data format default")
struct DataFormatTests {
  @Test func readsKerasJSON() throws {
    let directory = NSTemporaryDirectory() + "convlab-keras-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    #expect(DataFormat.kerasDefault(environment: ["KERAS_HOME": directory]) == .channelsLast)
    try #"{"floatx": "float32", "image_data_format": "channels_first", "backend": "jax"}"#
      .write(toFile: directory + "/keras.json", atomically: true, encoding: .utf8)
    #expect(DataFormat.kerasDefault(environment: ["KERAS_HOME": directory]) == .channelsFirst)
    let layer = try LayerCatalog.make("Conv2D", ArgumentList([.int(4), .int(3)]), dataFormat: .channelsFirst)
    #expect(try layer.outputShape(for: [nil, 3, 8, 8]) == [nil, 4, 6, 6])
  }
}
