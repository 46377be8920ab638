/// PyTorch's `torch.nn.MaxPool1d/2d/3d` and `AvgPool1d/2d/3d`: kernel_size, stride (None: the
/// kernel), symmetric padding of at most half the window, dilation (max), ceil_mode,
/// count_include_pad and divisor_override (average), on N C … inputs; PyTorch's rules and words.
enum TorchPooling {
  typealias P = LayerSignature.Parameter

  static func className(rank: Int, reduction: PoolSpec.Reduction) -> String { reduction == .max ? "MaxPool\(rank)d" : "AvgPool\(rank)d" }

  static func signature(_ name: String, rank: Int, reduction: PoolSpec.Reduction) -> LayerSignature {
    var parameters = [
      P("kernel_size", nil, "window size: an int, or one per spatial axis"),
      P("stride", .null, "step of the window; None means kernel_size"),
      P("padding", .int(0), "cells on both sides (−∞ for max; zeros a mean counts with count_include_pad): at most half the window"),
    ]
    if reduction == .max {
      parameters += [
        P("dilation", .int(1), "spacing between window cells"),
        P("return_indices", .bool(false), "accepted as False: convlab returns the values only"),
        P("ceil_mode", .bool(false), "round the output size up: the last window may hang past the padding"),
      ]
    } else {
      parameters += [
        P("ceil_mode", .bool(false), "round the output size up: the last window may hang past the padding"),
        P("count_include_pad", .bool(true), "the mean divides by the padding cells too"),
        P("divisor_override", .null, "divide every window by this instead"),
      ]
    }
    let dims = Array(repeating: 6, count: rank).map(String.init).joined(separator: ", ")
    return LayerSignature(
      name: name,
      summary: "\(rank)-D \(reduction == .max ? "max" : "average") pooling, PyTorch semantics, on N C \(rank == 1 ? "L" : rank == 2 ? "H W" : "D H W") input",
      parameters: parameters, layerKeywords: [],
      example: "x = torch.randn(1, 3, \(dims))\ny = torch.nn.\(className(rank: rank, reduction: reduction))(3, stride=2, padding=1)(x)")
  }

  static func make(_ name: String, rank: Int, reduction: PoolSpec.Reduction, _ arguments: BoundArguments) throws(ArgumentError) -> Layer {
    let kernel = try arguments.intTuple("kernel_size", count: rank)
    let stride = arguments["stride"] == .null ? kernel : try arguments.intTuple("stride", count: rank)
    let padding = try arguments.intTuple("padding", count: rank, allowZero: true)
    let dilation = reduction == .max ? try arguments.intTuple("dilation", count: rank) : Array(repeating: 1, count: rank)
    for axis in 0..<rank {
      let window = dilation[axis] * (kernel[axis] - 1) + 1
      guard 2 * padding[axis] <= (reduction == .max ? window : kernel[axis]) else {
        throw ArgumentError(
          layer: name, argument: "padding",
          "pad should be at most half of effective kernel size, but got pad=\(padding[axis]), kernel_size=\(kernel[axis]) and dilation=\(dilation[axis])")
      }
    }
    var spec = PoolSpec(
      rank: rank, reduction: reduction, poolSize: kernel, strides: stride, padding: .explicit(before: padding, after: padding),
      dataFormat: .channelsFirst)
    spec.dilation = dilation
    spec.ceilMode = try arguments.bool("ceil_mode")
    if reduction == .max {
      if try arguments.bool("return_indices") {
        throw ArgumentError(layer: name, argument: "return_indices", "convlab returns the pooled values only; drop return_indices=True")
      }
    } else {
      spec.countIncludePad = try arguments.bool("count_include_pad")
      if arguments["divisor_override"] != .null {
        let divisor = try arguments.int("divisor_override")
        guard divisor != 0 else { throw ArgumentError(layer: name, argument: "divisor_override", "divisor must be not zero") }
        spec.divisorOverride = divisor
      }
    }
    return Layer(typeName: name, name: snakeCase(className(rank: rank, reduction: reduction)), framework: .torch, operation: .pool(spec))
  }
}
