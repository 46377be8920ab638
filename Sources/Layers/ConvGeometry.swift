import Tensors

/// How a convolution pads its input (Keras's `padding` argument).
public enum Padding: String, Sendable, CaseIterable {
  /// No padding: windows must fit inside the input.
  case valid
  /// Pad so that the output has ⌈n / s⌉ cells; the extra cell (if any) goes after.
  case same
  /// Pad only before (1-D), so output t never sees input after t.
  case causal
}

/// Why a shape computation failed, in the field's words: which axis and which numbers.
public struct GeometryError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// All shape arithmetic of the layer library. Compute, shape inference, `summary()` and
/// `explain()` read the same functions, so their numbers cannot disagree.
public enum ConvGeometry {
  /// Output length of a strided, dilated window over one axis.
  ///
  /// `valid`: ⌊(n − d·(k − 1) − 1) / s⌋ + 1 · `same`/`causal`: ⌈n / s⌉
  public static func convolvedLength(
    _ n: Int, kernel k: Int, stride s: Int, dilation d: Int, padding: Padding, axis: String = "axis"
  ) throws(GeometryError) -> Int {
    guard n >= 0, k >= 1, s >= 1, d >= 1 else {
      throw GeometryError(
        message: "\(axis): sizes must be positive (input \(n), kernel \(k), stride \(s), dilation \(d))")
    }
    switch padding {
    case .valid:
      let window = d * (k - 1) + 1
      guard window <= n else {
        throw GeometryError(message: "valid window \(window) > input \(n) on axis \(axis)")
      }
      return (n - window) / s + 1
    case .same, .causal:
      return (n + s - 1) / s
    }
  }
}
