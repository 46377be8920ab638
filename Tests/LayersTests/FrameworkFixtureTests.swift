import TestSupport
import Testing
import Tensors

@testable import Layers

@Suite("Layers match Keras 3 and Paddle")
struct FrameworkFixtureTests {
  /// Every case of both files; a file that fails to load fails the tests that take its cases.
  static func all() throws -> [LayerCase] {
    try LayerFixtures.load("keras.json", as: LayerCase.self) + LayerFixtures.load("keras_pooling.json", as: LayerCase.self)
      + LayerFixtures.load("paddle.json", as: LayerCase.self)
  }

  /// The counts make_layer_fixtures.py and make_pooling_fixtures.py write (README, "Tests and
  /// fixtures"): a lost case fails here.
  @Test func fixtureSetIsWhole() throws {
    let cases = try Self.all()
    #expect(cases.filter { $0.output != nil }.count == 284 + 222)
    #expect(cases.filter { $0.error != nil }.count == 19 + 12)
    #expect(cases.filter { $0.output_shape != nil }.count == 6)
    let covered = Set(cases.compactMap(\.layer))
    for name in LayerCatalog.names where !name.hasPrefix("paddle.") && !name.hasPrefix("torch.") {
      #expect(covered.contains(name), "no Keras fixture for \(name)")
    }
    #expect(cases.contains { $0.layer == nil }, "no Paddle fixture")
  }

  static func run(_ fixture: LayerCase) throws -> Tensor {
    var layer = try LayerCatalog.make(fixture.layerName, fixture.arguments)
    var generator = RandomGenerator(seed: 0)
    let input = try fixture.input!.tensor
    if let weights = fixture.weights, !weights.isEmpty {
      try layer.setWeights(try weights.map { try $0.tensor })
    }
    return try layer(input, using: &generator, outputSize: fixture.output_size)
  }

  @Test(arguments: try all().filter { $0.output != nil })
  func valuesMatch(_ fixture: LayerCase) throws {
    let expected = try fixture.output!.tensor
    let actual = try Self.run(fixture)
    expectClose(actual, expected, frameworkTolerance)
  }

  /// How convlab must refuse what the framework refused: an `ArgumentError` naming the same
  /// argument, or a `LayerShapeError` about the input that says these words.
  enum Refusal {
    case argument(String)
    case input([String])
  }

  /// Each framework refusal, by a phrase of its message, and the refusal convlab owes for it.
  /// A fixture whose message matches no row fails: every refusal is classified.
  static let refusals: [(framework: String, convlab: Refusal)] = [
    ("`strides > 1` not supported in conjunction with `dilation_rate > 1`", .argument("dilation_rate")),
    ("`output_padding` must be strictly less than `strides`", .argument("output_padding")),
    ("number of filters must be evenly divisible by the number of groups", .argument("groups")),
    ("number of input channels must be evenly divisible by the number of groups", .input(["input channels (3)", "groups (2)"])),
    ("`pool_size=[2 2 6]`", .input(["window 6 > input 4", "axis cols"])),
    ("Computed output size would be zero or negative", .input(["window 7 > input 5", "axis rows"])),
    ("Invalid value for argument `filters`", .argument("filters")),
    ("Invalid value for argument `depth_multiplier`", .argument("depth_multiplier")),
    ("The `kernel_size` argument must be", .argument("kernel_size")),
    ("The `padding` argument must be", .argument("padding")),
    ("The `strides` argument must be", .argument("strides")),
    ("expected min_ndim=4, found ndim=3", .input(["rank 4", "(1, 5, 5)"])),
    ("expected ndim=4, found ndim=3", .input(["rank 4", "(1,"])),
    ("expected ndim=3, found ndim=4", .input(["rank 3", "(1, 4, 4, 2)"])),
    ("The `pool_size` argument must be", .argument("pool_size")),
    ("Argument `padding` must be either", .argument("padding")),
    ("The `data_format` argument must be one of", .argument("data_format")),
    ("Exception encountered when calling Cropping2D.call()", .input(["removes all", "axis rows"])),
    ("output_size[i] < infer_shape + strides[i]", .input(["output_size 9", "axis depth"])),
    ("output_padding[i] < std::max(strides[i], dilations_[i])", .argument("output_padding")),
    ("x_dims_array[i] == y_dims_array[i]", .argument("groups")),
    ("C == filter_dims[0]", .input(["in_channels is 4", "3 channels"])),
  ]

  @Test(arguments: try all().filter { $0.error != nil })
  func refusedLikeTheFramework(_ fixture: LayerCase) throws {
    let said = fixture.error ?? ""
    let refusal = try #require(Self.refusals.first { said.contains($0.framework) }?.convlab, "unclassified refusal: \(said)")
    do {
      let output = try Self.run(fixture)
      Issue.record("convlab computed \(output.shape) where the framework refused: \(said)")
    } catch let error as ArgumentError {
      guard case .argument(let name) = refusal else {
        Issue.record("an argument error where an input error was due: \(error)")
        return
      }
      #expect(error.argument == name, "\(error)")
    } catch let error as LayerShapeError {
      guard case .input(let words) = refusal else {
        Issue.record("an input error where an argument error was due: \(error)")
        return
      }
      for word in words { #expect(error.message.contains(word), "\(error)") }
    }
  }

  @Test(arguments: try all().filter { $0.output_shape != nil })
  func shapesWithoutData(_ fixture: LayerCase) throws {
    var layer = try LayerCatalog.make(fixture.layerName, fixture.arguments)
    #expect(try layer.outputShape(for: fixture.input_shape!) == fixture.output_shape!)
    let channels = fixture.input_shape!.last!!
    #expect(layer.parameterCount(inputChannels: channels) == fixture.params)
    var generator = RandomGenerator(seed: 0)
    try layer.build(inputChannels: channels, using: &generator)
    #expect(layer.weights.reduce(0) { $0 + $1.count } == fixture.params)
  }
}

struct InitializerCase: Decodable, Sendable, CustomStringConvertible {
  var layer: String
  var args: [JSONValue]
  var kwargs: [String: JSONValue]
  var argument: String?
  var initializer: JSONValue
  var input_shape: [Int]
  var weight_index: Int
  var shape: [Int]
  var mean: Double
  var std: Double
  var min: Double
  var max: Double

  var description: String { "\(layer) \(argument ?? "default")=\(initializer)" }
}

@Suite("Initializers draw with Keras's and Paddle's statistics")
struct InitializerFixtureTests {
  static func cases() throws -> [InitializerCase] { try LayerFixtures.load("initializers.json", as: InitializerCase.self) }

  @Test func fixtureSetIsWhole() throws {
    #expect(try Self.cases().count == 61)
  }

  @Test(arguments: try cases())
  func statisticsMatch(_ fixture: InitializerCase) throws {
    var keyword = fixture.kwargs.map { (name: $0.key, value: $0.value.argument) }
    if let argument = fixture.argument { keyword.append((argument, fixture.initializer.argument)) }
    var layer = try LayerCatalog.make(fixture.layer, ArgumentList(fixture.args.map(\.argument), keyword: keyword))
    var generator = RandomGenerator(seed: 7)
    let channels = fixture.layer.hasPrefix("paddle") ? fixture.input_shape[1] : fixture.input_shape.last!
    try layer.build(inputChannels: channels, using: &generator)
    let weight = layer.weights[fixture.weight_index]
    #expect(weight.shape == fixture.shape)
    let values = weight.scalars.map(Double.init)
    let mean = values.reduce(0, +) / Double(values.count)
    let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    // Sampling error of a mean is std/√n; allow 5 of them, and 3% on the spread.
    let meanTolerance = 5 * max(fixture.std, 1e-12) / Double(values.count).squareRoot() + 1e-9
    #expect(abs(mean - fixture.mean) <= meanTolerance, "mean \(mean) vs \(fixture.mean)")
    #expect(abs(std - fixture.std) <= 0.03 * fixture.std + 1e-9, "std \(std) vs \(fixture.std)")
    // Bounded distributions stay inside the framework's bounds (widened by 1% of the spread).
    let slack = 0.01 * (fixture.max - fixture.min) + 1e-7
    if let low = values.min(), let high = values.max(), fixture.std < 1 {
      let bounded = fixture.description.contains("uniform") || fixture.description.contains("normal")
        && !fixture.description.contains("random_normal")
      if bounded || fixture.std == 0 {
        #expect(low >= fixture.min - slack && high <= fixture.max + slack)
      }
    }
  }
}
