import Foundation
import Tensors

/// The committed fixtures written by `Tests/Fixtures/make_fixtures.py` (NumPy itself).
enum Fixtures {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  static func path(_ components: String...) -> String {
    components.reduce(directory) { $0.appendingPathComponent($1) }.path
  }

  static func json<T: Decodable>(_ type: T.Type, _ components: String...) throws -> T {
    let url = components.reduce(directory) { $0.appendingPathComponent($1) }
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
  }

  static func floats(fromBits bits: [UInt32]) -> [Float] { bits.map(Float.init(bitPattern:)) }
}

/// A tensor described by the generator instead of stored: NumPy's legacy seeded draw (which
/// convlab reproduces) or an arange, scaled in float32 as the generator did.
struct GeneratorSpec: Decodable, Sendable {
  var kind: String
  var seed: UInt32?
  var shape: [Int]
  var scale: Double
  var offset: Double?

  func make() throws -> Tensor {
    switch kind {
    case "rand", "randn":
      var generator = RandomGenerator(seed: seed ?? 0)
      let drawn = kind == "rand"
        ? try Tensor.rand(shape, using: &generator) : try Tensor.randn(shape, using: &generator)
      return scale == 1 ? drawn : drawn.map { $0 * Float(scale) }
    case "arange":
      let count = shape.reduce(1, *)
      let values = (0..<count).map { Float(Double($0) * scale + (offset ?? 0)) }
      return try Tensor(shape: shape, scalars: values)
    default:
      throw CocoaError(.coderInvalidValue)
    }
  }
}
