import Foundation
import TestSupport
import Tensors

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
      return scale == 1 ? drawn : try Tensor(shape: drawn.shape, scalars: drawn.scalars.map { $0 * Float(scale) })
    case "arange":
      let count = shape.reduce(1, *)
      let values = (0..<count).map { Float(Double($0) * scale + (offset ?? 0)) }
      return try Tensor(shape: shape, scalars: values)
    default:
      throw CocoaError(.coderInvalidValue)
    }
  }
}
