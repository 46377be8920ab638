import RealModule

/// Keras 3's activations (`keras.activations`), element-wise except `softmax`.
public enum Activation: String, Sendable, CaseIterable {
  case linear, relu, relu6
  case leakyRelu = "leaky_relu"
  case elu, selu, gelu, sigmoid
  case hardSigmoid = "hard_sigmoid"
  case tanh, softplus, softsign, swish, exponential, softmax

  /// Keras's spellings, including aliases (`silu` is `swish`, None is `linear`).
  public init?(kerasName: String) {
    switch kerasName {
    case "silu": self = .swish
    case "None", "none": self = .linear
    default: self.init(rawValue: kerasName)
    }
  }

  /// False only for `softmax`, which needs the whole last axis.
  public var isElementwise: Bool { self != .softmax }

  /// The activation of one value (`softmax` excluded).
  @inline(__always)
  public func apply(_ x: Float) -> Float {
    switch self {
    case .linear, .softmax: return x
    case .relu: return x > 0 ? x : 0
    case .relu6: return Swift.min(Swift.max(x, 0), 6)
    case .leakyRelu: return x >= 0 ? x : 0.2 * x  // Keras 3 default negative_slope=0.2
    case .elu: return x > 0 ? x : Float.expMinusOne(x)
    case .selu:
      let scale: Float = 1.050_700_987_355_480_5, alpha: Float = 1.673_263_242_354_377_3
      return x > 0 ? scale * x : scale * alpha * Float.expMinusOne(x)
    case .gelu: return 0.5 * x * (1 + Float.erf(x / Float(2).squareRoot()))  // approximate=False
    case .sigmoid: return 1 / (1 + Float.exp(-x))
    case .hardSigmoid: return Swift.min(Swift.max(x + 3, 0), 6) / 6
    case .tanh: return Float.tanh(x)
    case .softplus: return Swift.max(x, 0) + Float.log(onePlus: Float.exp(-Swift.abs(x)))
    case .softsign: return x / (1 + Swift.abs(x))
    case .swish: return x / (1 + Float.exp(-x))
    case .exponential: return Float.exp(x)
    }
  }

  /// Applies the activation in place; `softmax` runs over consecutive groups of `lastAxis`.
  public func apply(to values: UnsafeMutableBufferPointer<Float>, lastAxis: Int) {
    switch self {
    case .linear: return
    case .softmax:
      guard lastAxis > 0 else { return }
      for start in stride(from: 0, to: values.count, by: lastAxis) {
        let row = UnsafeMutableBufferPointer(rebasing: values[start..<(start + lastAxis)])
        let largest = row.max() ?? 0
        var total: Float = 0
        for index in row.indices {
          row[index] = Float.exp(row[index] - largest)
          total += row[index]
        }
        for index in row.indices { row[index] /= total }
      }
    default:
      for index in values.indices { values[index] = apply(values[index]) }
    }
  }
}
