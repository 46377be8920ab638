import Testing
import Tensors

@testable import Layers

@Suite("Layers match Keras 3 and Paddle")
struct FrameworkFixtureTests {
  static let keras = (try? LayerFixtures.load("keras.json", as: LayerCase.self)) ?? []
  static let paddle = (try? LayerFixtures.load("paddle.json", as: LayerCase.self)) ?? []

  @Test func fixtureSetCoversEveryLayer() {
    #expect(Self.keras.count + Self.paddle.count >= 300)
    let covered = Set(Self.keras.compactMap(\.layer))
    for name in LayerCatalog.names where !name.hasPrefix("paddle.") {
      #expect(covered.contains(name), "no Keras fixture for \(name)")
    }
    #expect(!Self.paddle.isEmpty)
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

  @Test(arguments: keras.filter { $0.output != nil } + paddle.filter { $0.output != nil })
  func valuesMatch(_ fixture: LayerCase) throws {
    let expected = try fixture.output!.tensor
    let actual = try Self.run(fixture)
    #expect(actual.shape == expected.shape)
    let (close, worst) = closeEnough(actual, expected)
    #expect(close, "worst excess over tolerance \(worst)")
  }

  @Test(arguments: keras.filter { $0.error != nil } + paddle.filter { $0.error != nil })
  func refusedLikeTheFramework(_ fixture: LayerCase) {
    // The framework said: \(fixture.error). convlab must refuse too, at construction or call.
    #expect(throws: (any Error).self, "framework: \(fixture.error ?? "")") { _ = try Self.run(fixture) }
  }

  @Test(arguments: keras.filter { $0.output_shape != nil })
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
  static let cases = (try? LayerFixtures.load("initializers.json", as: InitializerCase.self)) ?? []

  @Test(arguments: cases)
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
