import Foundation
import TestSupport
import Testing
import Tensors

@testable import Layers

/// torch.nn convolutions against PyTorch 2.15 (Tests/Fixtures/make_torch_fixtures.py writes
/// layers/torch.json): values over random configurations, refusals in PyTorch's words, and the
/// default initialisation's statistics.
@Suite("torch.nn layers match PyTorch")
struct TorchFixtureTests {
  struct Statistics: Decodable, Sendable { var mean: Double, std: Double, min: Double, max: Double }
  struct InitCase: Decodable, Sendable, CustomStringConvertible {
    var layer: String
    var args: [JSONValue]
    var input_shape: [Int]
    var weight_shape: [Int]
    var weight: Statistics
    var bias: Statistics
    var description: String { "\(layer)\(args)" }
  }
  struct File: Decodable { var layers: [LayerCase]; var `init`: [InitCase] }

  static func file() throws -> File { try Fixtures.json(File.self, "layers", "torch.json") }
  static func layers() throws -> [LayerCase] { try file().layers }

  @Test func fixtureSetIsWhole() throws {
    let cases = try Self.layers()
    #expect(cases.filter { $0.output != nil }.count == 392 + 128)
    #expect(cases.filter { $0.error != nil }.count == 15)
    let covered = Set(cases.compactMap(\.layer))
    for name in LayerCatalog.names where name.hasPrefix("torch.nn.") {
      #expect(covered.contains(name), "no PyTorch fixture for \(name)")
    }
    // Every option the issue lists appears.
    let options = Set(cases.flatMap { $0.kwargs.keys })
    for option in ["stride", "padding", "dilation", "groups", "bias", "padding_mode", "output_padding", "ceil_mode", "count_include_pad", "divisor_override"] {
      #expect(options.contains(option), "no fixture sets \(option)")
    }
    #expect(cases.contains { $0.output_size != nil })
    #expect(cases.contains { ($0.input?.shape.count ?? 0) == 3 && $0.layer == "torch.nn.Conv2d" }, "no unbatched input")
  }

  @Test(arguments: try layers().filter { $0.output != nil })
  func valuesMatch(_ fixture: LayerCase) throws {
    let expected = try fixture.output!.tensor
    let actual = try FrameworkFixtureTests.run(fixture)
    expectClose(actual, expected, frameworkTolerance)
  }

  /// PyTorch's refusal, by a phrase of its message, and the words convlab's must have.
  static let refusals: [(torch: String, argument: String?, words: [String])] = [
    ("padding='same' is not supported for strided convolutions", "padding", ["padding='same' is not supported for strided convolutions"]),
    ("Invalid padding string 'full'", "padding", ["Invalid padding string 'full'"]),
    ("in_channels must be divisible by groups", "groups", ["in_channels must be divisible by groups"]),
    ("out_channels must be divisible by groups", "groups", ["out_channels must be divisible by groups"]),
    ("padding_mode must be one of", "padding_mode", ["padding_mode must be one of", "'mirror'"]),
    ("Only \"zeros\" padding mode is supported for ConvTranspose2d", "padding_mode", ["Only \"zeros\" padding mode is supported for ConvTranspose2d"]),
    ("output padding must be smaller than either stride or dilation", "output_padding", ["output padding must be smaller than either stride or dilation"]),
    ("Kernel size can't be greater than actual input size", nil, ["window 5 > input 4"]),
    ("to have 3 channels, but got 4 channels instead", nil, ["in_channels is 3", "4 channels"]),
    ("Expected 3D (unbatched) or 4D (batched) input to conv2d", nil, ["rank 4", "(3, 8)"]),
    ("Padding size should be less than the corresponding input dimension", nil, ["padding size should be less than the corresponding input dimension", "(3, 3)"]),
    ("groups must be a positive integer", "groups", ["groups must be a positive integer"]),
    ("pad should be at most half of effective kernel size", "padding", ["pad should be at most half of effective kernel size, but got pad=2"]),
    ("Output size is too small", nil, ["window 5 > input 4"]),
  ]

  @Test(arguments: try layers().filter { $0.error != nil })
  func refusedLikePyTorch(_ fixture: LayerCase) throws {
    let said = fixture.error ?? ""
    let rule = try #require(Self.refusals.first { said.contains($0.torch) }, "unclassified refusal: \(said)")
    do {
      let output = try FrameworkFixtureTests.run(fixture)
      Issue.record("convlab computed \(output.shape) where PyTorch refused: \(said)")
    } catch let error as ArgumentError {
      #expect(error.argument == rule.argument, "\(error)")
      for word in rule.words { #expect("\(error)".contains(word), "\(error)") }
    } catch let error as LayerShapeError {
      #expect(rule.argument == nil, "an input error where an argument error was due: \(error)")
      for word in rule.words { #expect(error.message.contains(word), "\(error)") }
    }
  }

  /// kaiming-uniform (a = √5) and the bias's U(±1/√fan_in), fan_in = shape[1]·k of the weight:
  /// PyTorch's draws reach that bound and never pass it, convlab's too, with the same spread.
  @Test(arguments: try file().`init`)
  func initialisationHasPyTorchsStatistics(_ fixture: InitCase) throws {
    var layer = try LayerCatalog.make(fixture.layer, ArgumentList(fixture.args.map(\.argument), keyword: []))
    var generator = RandomGenerator(seed: 11)
    try layer.build(inputChannels: fixture.input_shape[1], using: &generator)
    #expect(layer.weights[0].shape == fixture.weight_shape)
    for (tensor, expected) in [(layer.weights[0], fixture.weight), (layer.weights[1], fixture.bias)] {
      let values = tensor.scalars.map(Double.init)
      let mean = values.reduce(0, +) / Double(values.count)
      let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
      let shape = fixture.weight_shape
      let bound = 1 / Double(shape[1] * shape.dropFirst(2).reduce(1, *)).squareRoot()
      #expect(max(-expected.min, expected.max) <= bound * 1.000_001 && max(-expected.min, expected.max) > bound * 0.9, "PyTorch's own bound is not 1/√fan_in: \(fixture)")
      #expect(values.allSatisfy { abs($0) <= bound * 1.000_001 }, "\(fixture): outside ±\(bound)")
      #expect(values.count < 100 || values.max()! > bound * 0.98, "\(fixture): max \(values.max()!) never nears \(bound)")
      let tolerance = values.count < 100 ? 0.25 : 0.05
      #expect(abs(std - expected.std) / expected.std < tolerance, "\(fixture): std \(std) vs \(expected.std)")
    }
  }
}
