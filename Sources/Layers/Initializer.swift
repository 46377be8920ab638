import RealModule
import Tensors

/// Keras 3's initializers, drawn from convlab's seeded generator (so a seeded session is
/// reproducible; the values differ from Keras's own generator, the statistics do not).
public enum Initializer: Sendable, Equatable, CustomStringConvertible {
  /// Keras `VarianceScaling`: spread `scale / n`, with n the fan-in, fan-out or their mean.
  case varianceScaling(name: String, scale: Double, mode: FanMode, distribution: Distribution)
  case randomUniform(minimum: Double, maximum: Double)
  case randomNormal(mean: Double, standardDeviation: Double)
  case truncatedNormal(mean: Double, standardDeviation: Double)
  case constant(Double)
  /// Paddle's default for transposed convolution weights: Xavier uniform with Paddle's fans
  /// of a `(in, out/groups, k…)` weight (fan-in `shape[1]·k`, fan-out `shape[0]·k`).
  case paddleXavierUniform
  /// PyTorch's default for convolution weights and biases: kaiming-uniform with a = √5, which is
  /// U(±1/√fan_in), fan_in = `shape[1]·k` of the `(out, in/groups, k…)` or `(in, out/groups, k…)`
  /// weight (a bias uses its weight's).
  case torchDefault

  public enum FanMode: String, Sendable { case fanIn = "fan_in", fanOut = "fan_out", fanAverage = "fan_avg" }
  public enum Distribution: String, Sendable {
    case uniform
    case truncatedNormal = "truncated_normal"
    case untruncatedNormal = "untruncated_normal"
  }

  /// The initializers Keras names by string, with its defaults.
  public static func named(_ name: String) -> Initializer? {
    switch name {
    case "glorot_uniform": return .varianceScaling(name: name, scale: 1, mode: .fanAverage, distribution: .uniform)
    case "glorot_normal": return .varianceScaling(name: name, scale: 1, mode: .fanAverage, distribution: .truncatedNormal)
    case "he_uniform": return .varianceScaling(name: name, scale: 2, mode: .fanIn, distribution: .uniform)
    case "he_normal": return .varianceScaling(name: name, scale: 2, mode: .fanIn, distribution: .truncatedNormal)
    case "lecun_uniform": return .varianceScaling(name: name, scale: 1, mode: .fanIn, distribution: .uniform)
    case "lecun_normal": return .varianceScaling(name: name, scale: 1, mode: .fanIn, distribution: .truncatedNormal)
    case "random_uniform": return .randomUniform(minimum: -0.05, maximum: 0.05)
    case "random_normal": return .randomNormal(mean: 0, standardDeviation: 0.05)
    case "truncated_normal": return .truncatedNormal(mean: 0, standardDeviation: 0.05)
    case "zeros": return .constant(0)
    case "ones": return .constant(1)
    case "constant": return .constant(0)
    default: return nil
    }
  }

  public var description: String {
    switch self {
    case .varianceScaling(let name, _, _, _): return name
    case let .randomUniform(minimum, maximum): return "RandomUniform(minval=\(minimum), maxval=\(maximum))"
    case let .randomNormal(mean, deviation): return "RandomNormal(mean=\(mean), stddev=\(deviation))"
    case let .truncatedNormal(mean, deviation): return "TruncatedNormal(mean=\(mean), stddev=\(deviation))"
    case .constant(0): return "zeros"
    case .constant(1): return "ones"
    case .constant(let value): return "Constant(\(value))"
    case .paddleXavierUniform: return "XavierUniform"
    case .torchDefault: return "kaiming_uniform_(a=√5)"
    }
  }

  /// Keras's `compute_fans`: for rank ≥ 3 the receptive field (all but the last two axes)
  /// times the second-to-last (fan-in) or last (fan-out) extent.
  public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
    switch shape.count {
    case 0: return (1, 1)
    case 1: return (shape[0], shape[0])
    case 2: return (shape[0], shape[1])
    default:
      let receptive = shape.dropLast(2).reduce(1, *)
      return (shape[shape.count - 2] * receptive, shape[shape.count - 1] * receptive)
    }
  }

  /// A tensor of `shape` drawn from this initializer; `fanShape` is the shape whose fans count
  /// (the layer's kernel in its framework layout).
  public func sample(_ shape: [Int], fanShape: [Int]? = nil, using generator: inout RandomGenerator)
    throws(ShapeError) -> Tensor
  {
    // Sizes first: the fans below are products of the extents.
    _ = try Tensor.checkedCount(of: fanShape ?? shape)
    _ = try Tensor.elementCount(of: shape)
    switch self {
    case let .varianceScaling(_, scale, mode, distribution):
      let (fanIn, fanOut) = Initializer.fans(fanShape ?? shape)
      let n: Double
      switch mode {
      case .fanIn: n = max(1, Double(fanIn))
      case .fanOut: n = max(1, Double(fanOut))
      case .fanAverage: n = max(1, Double(fanIn + fanOut) / 2)
      }
      switch distribution {
      case .uniform:
        let limit = (3 * scale / n).squareRoot()
        return try Tensor.sample(shape) { (generator.nextUniform() * 2 - 1) * limit }
      case .truncatedNormal:
        // 0.8796… is the standard deviation of a unit normal truncated to [−2, 2].
        let deviation = (scale / n).squareRoot() / 0.879_625_661_034_239_78
        return try Tensor.sample(shape) { Self.truncated(&generator) * deviation }
      case .untruncatedNormal:
        let deviation = (scale / n).squareRoot()
        return try Tensor.sample(shape) { generator.nextNormal() * deviation }
      }
    case let .randomUniform(minimum, maximum):
      return try Tensor.sample(shape) { minimum + generator.nextUniform() * (maximum - minimum) }
    case let .randomNormal(mean, deviation):
      return try Tensor.sample(shape) { mean + generator.nextNormal() * deviation }
    case let .truncatedNormal(mean, deviation):
      return try Tensor.sample(shape) { mean + Self.truncated(&generator) * deviation }
    case .constant(let value):
      return try Tensor.full(shape, value: Float(value))
    case .torchDefault:
      let weight = fanShape ?? shape
      let fanIn = weight.count > 1 ? weight[1] * weight.dropFirst(2).reduce(1, *) : weight.first ?? 1
      let bound = 1 / Double(max(1, fanIn)).squareRoot()
      return try Tensor.sample(shape) { (generator.nextUniform() * 2 - 1) * bound }
    case .paddleXavierUniform:
      let receptive = shape.dropFirst(2).reduce(1, *)
      let fanIn = shape.count > 1 ? shape[1] * receptive : shape[0]
      let fanOut = shape[0] * receptive
      let limit = (6 / Double(max(1, fanIn + fanOut))).squareRoot()
      return try Tensor.sample(shape) { (generator.nextUniform() * 2 - 1) * limit }
    }
  }

  /// A unit normal redrawn until it falls within two standard deviations.
  private static func truncated(_ generator: inout RandomGenerator) -> Double {
    while true {
      let value = generator.nextNormal()
      if Swift.abs(value) <= 2 { return value }
    }
  }
}
