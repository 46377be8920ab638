/// PyTorch's `torch.nn.Conv1d/2d/3d` and `ConvTranspose1d/2d/3d`: its argument names, defaults,
/// rules and words; NC… inputs; weights `(out, in/groups, k…)` and transposed
/// `(in, out/groups, k…)`; kaiming-uniform (a = √5) weights and U(±1/√fan_in) biases.
enum TorchConvolution {
  typealias P = LayerSignature.Parameter

  static func className(rank: Int, transposed: Bool) -> String { transposed ? "ConvTranspose\(rank)d" : "Conv\(rank)d" }

  static func signature(_ name: String, rank: Int, transposed: Bool) -> LayerSignature {
    var parameters = [
      P("in_channels", nil, "input channels (the input's axis 1)"),
      P("out_channels", nil, "output channels"),
      P("kernel_size", nil, "an int, or one per spatial axis"),
      P("stride", .int(1), "an int, or one per spatial axis"),
      P("padding", .int(0),
        transposed
          ? "dilation·(kernel_size − 1) − padding cells are cropped from each side of the full output: an int or one per axis"
          : "zero cells on both sides: an int, one per axis, 'valid' (none) or 'same' (stride 1; the odd cell after)"),
    ]
    if transposed {
      parameters += [
        P("output_padding", .int(0), "extra cells on one side of the output: < max(stride, dilation)"),
        P("groups", .int(1), "split channels into this many independent groups"),
        P("bias", .bool(true), "add a learnable bias"),
        P("dilation", .int(1), "spacing between kernel taps"),
        P("padding_mode", .string("zeros"), "only 'zeros' for transposed convolutions"),
      ]
    } else {
      parameters += [
        P("dilation", .int(1), "spacing between kernel taps"),
        P("groups", .int(1), "split channels into this many independent groups"),
        P("bias", .bool(true), "add a learnable bias"),
        P("padding_mode", .string("zeros"), "'zeros', 'reflect', 'replicate' or 'circular'"),
      ]
    }
    parameters += [
      P("device", .null, "accepted: convlab computes on the CPU"),
      P("dtype", .null, "accepted: convlab computes in float32"),
    ]
    let dims = Array(repeating: 8, count: rank).map(String.init).joined(separator: ", ")
    let what = transposed
      ? "\(rank)-D transposed convolution, PyTorch semantics: weight (in, out/groups, k…), N C \(rank == 1 ? "L" : rank == 2 ? "H W" : "D H W") input"
      : "\(rank)-D convolution, PyTorch semantics: weight (out, in/groups, k…), N C \(rank == 1 ? "L" : rank == 2 ? "H W" : "D H W") input"
    return LayerSignature(
      name: name, summary: what, parameters: parameters, layerKeywords: [],
      example: "x = torch.randn(1, 4, \(dims))\nm = nn.\(className(rank: rank, transposed: transposed))(4, 8, 3\(transposed ? ", stride=2" : ", padding=1"))\ny = m(x)")
  }

  static func make(_ name: String, rank: Int, transposed: Bool, _ arguments: BoundArguments) throws(ArgumentError) -> Layer {
    let inChannels = try arguments.positiveInt("in_channels")
    let outChannels = try arguments.positiveInt("out_channels")
    let kernel = try arguments.intTuple("kernel_size", count: rank)
    let stride = try arguments.intTuple("stride", count: rank)
    let dilation = try arguments.intTuple("dilation", count: rank)
    let groups = try arguments.int("groups")
    guard groups > 0 else { throw ArgumentError(layer: name, argument: "groups", "groups must be a positive integer, received groups=\(groups)") }
    if inChannels % groups != 0 {
      throw ArgumentError(layer: name, argument: "groups", "in_channels must be divisible by groups: in_channels=\(inChannels), groups=\(groups)")
    }
    if outChannels % groups != 0 {
      throw ArgumentError(layer: name, argument: "groups", "out_channels must be divisible by groups: out_channels=\(outChannels), groups=\(groups)")
    }
    let modeText = try arguments.string("padding_mode") ?? "zeros"
    guard let mode = PaddingMode(rawValue: modeText) else {
      throw ArgumentError(
        layer: name, argument: "padding_mode",
        "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='\(modeText)'")
    }
    if transposed && mode != .zeros {
      throw ArgumentError(layer: name, argument: "padding_mode", "Only \"zeros\" padding mode is supported for \(className(rank: rank, transposed: true))")
    }
    let padding = try paddingRule(arguments, rank: rank, kernel: kernel, stride: stride, dilation: dilation, transposed: transposed)
    var outputPadding: [Int]?
    if transposed {
      let values = try arguments.intTuple("output_padding", count: rank, allowZero: true)
      for axis in 0..<rank where values[axis] >= max(stride[axis], dilation[axis]) {
        throw ArgumentError(
          layer: name, argument: "output_padding",
          "output padding must be smaller than either stride or dilation, but got output_padding \(values[axis]), stride \(stride[axis]) and dilation \(dilation[axis]) on axis \(spatialAxisNames(rank: rank)[axis])")
      }
      outputPadding = values
    }
    var spec = ConvSpec(
      rank: rank, kind: transposed ? .transposed : .standard, filters: outChannels, kernelSize: kernel, strides: stride,
      padding: padding, dilation: dilation, groups: groups, outputPadding: outputPadding, dataFormat: .channelsFirst,
      useBias: try arguments.bool("bias"), declaredInputChannels: inChannels)
    spec.paddingMode = mode
    return Layer(
      typeName: name, name: snakeCase(className(rank: rank, transposed: transposed)), framework: .torch,
      operation: .convolution(spec), initializers: ["kernel": .torchDefault, "bias": .torchDefault],
      inertArguments: arguments.inert(["device", "dtype"]))
  }

  /// An int, one int per axis, or (forward only) 'valid' or 'same' — 'same' computed here, as
  /// PyTorch does: d·(k − 1) cells, the odd one after, and only for stride 1.
  static func paddingRule(
    _ arguments: BoundArguments, rank: Int, kernel: [Int], stride: [Int], dilation: [Int], transposed: Bool
  ) throws(ArgumentError) -> PaddingRule {
    let layer = arguments.layer
    if case .string(let text) = arguments["padding"] {
      guard !transposed else {
        throw ArgumentError(layer: layer, argument: "padding", "takes cells (an int or one per axis), not '\(text)', for a transposed convolution")
      }
      switch text {
      case "valid": return .explicit(before: Array(repeating: 0, count: rank), after: Array(repeating: 0, count: rank))
      case "same":
        guard stride.allSatisfy({ $0 == 1 }) else {
          throw ArgumentError(layer: layer, argument: "padding", "padding='same' is not supported for strided convolutions")
        }
        let totals = (0..<rank).map { dilation[$0] * (kernel[$0] - 1) }
        return .explicit(before: totals.map { $0 / 2 }, after: totals.map { $0 - $0 / 2 })
      default:
        throw ArgumentError(layer: layer, argument: "padding", "Invalid padding string '\(text)', should be one of {'valid', 'same'}")
      }
    }
    let cells = try arguments.intTuple("padding", count: rank, allowZero: true)
    return .explicit(before: cells, after: cells)
  }
}
