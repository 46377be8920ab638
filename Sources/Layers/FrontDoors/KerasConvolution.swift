import Kernels

/// Keras's convolution layers: Conv, ConvTranspose, DepthwiseConv and SeparableConv in 1-3 D.
enum KerasConvolution {
  typealias P = LayerSignature.Parameter

  static func tuple(_ value: Int, _ rank: Int) -> ArgumentValue {
    rank == 1 ? .int(value) : .sequence(Array(repeating: .int(value), count: rank))
  }

  static let regularizerSummary = "accepted and shown; convlab does not train, so it never changes the output"

  static func signature(_ name: String, rank: Int, kind: ConvSpec.Kind) -> LayerSignature {
    var parameters: [P] = []
    if kind != .depthwise {
      parameters.append(P("filters", nil, "number of output channels"))
    }
    parameters.append(P("kernel_size", nil, "window size: an int, or one per spatial axis"))
    parameters.append(P("strides", tuple(1, rank), "step of the window: an int, or one per spatial axis"))
    parameters.append(P("padding", .string("valid"),
      rank == 1 && kind == .standard
        ? "'valid' (no padding), 'same' (output ⌈n/s⌉, extra cell after) or 'causal' (all padding before)"
        : "'valid' (no padding) or 'same' (output ⌈n/s⌉, extra cell after)"))
    let dataFormat = P("data_format", .null, "'channels_last' or 'channels_first'; None reads keras.json, else channels_last")
    let outputPadding = P("output_padding", .null, "extra cells after each axis (< strides); None infers the size")
    switch kind {
    case .transposed where rank == 3:
      parameters += [dataFormat, outputPadding]  // Keras's own order for Conv3DTranspose
    case .transposed:
      parameters += [outputPadding, dataFormat]
    case .depthwise:
      parameters += [P("depth_multiplier", .int(1), "output channels per input channel"), dataFormat]
    default:
      parameters.append(dataFormat)
    }
    parameters.append(P("dilation_rate", tuple(1, rank), "gap between kernel taps (dilation); >1 needs strides 1"))
    if kind == .separable {
      parameters.append(P("depth_multiplier", .int(1), "depthwise output channels per input channel"))
    }
    if kind == .standard {
      parameters.append(P("groups", .int(1), "split channels into this many independent groups"))
    }
    parameters += [
      P("activation", .null, "applied to the output: relu, gelu, softmax, … (None: linear)"),
      P("use_bias", .bool(true), "add a learned bias per output channel"),
    ]
    let kernelNames: [String]
    switch kind {
    case .depthwise: kernelNames = ["depthwise"]
    case .separable: kernelNames = ["depthwise", "pointwise"]
    default: kernelNames = ["kernel"]
    }
    for kernel in kernelNames {
      parameters.append(P(
        "\(kernel)_initializer", .string("glorot_uniform"),
        "how the \(kernel == "kernel" ? "" : kernel + " ")kernel is drawn: a name or an initializer object"))
    }
    parameters.append(P("bias_initializer", .string("zeros"), "how the bias is drawn"))
    for kernel in kernelNames { parameters.append(P("\(kernel)_regularizer", .null, regularizerSummary)) }
    parameters.append(P("bias_regularizer", .null, regularizerSummary))
    parameters.append(P("activity_regularizer", .null, regularizerSummary))
    for kernel in kernelNames { parameters.append(P("\(kernel)_constraint", .null, regularizerSummary)) }
    parameters.append(P("bias_constraint", .null, regularizerSummary))

    let what: String
    switch kind {
    case .standard: what = "\(rank)-D convolution"
    case .transposed: what = "\(rank)-D transposed convolution (the gradient of a convolution; upsamples by strides)"
    case .depthwise: what = "\(rank)-D depthwise convolution (each channel filtered on its own)"
    case .separable: what = "\(rank)-D separable convolution (depthwise, then a 1×1 pointwise convolution)"
    }
    let dims = Array(repeating: 8, count: rank).map(String.init).joined(separator: ", ")
    let call = kind == .depthwise ? "\(name)(3)" : "\(name)(16, 3\(kind == .transposed ? ", strides=2" : ""))"
    return LayerSignature(
      name: name, summary: what, parameters: parameters, layerKeywords: LayerSignature.kerasLayerKeywords,
      example: "x = rand(1, \(dims), 4)\ny = \(call)(x)")
  }

  static func make(
    _ name: String, rank: Int, kind: ConvSpec.Kind, _ arguments: BoundArguments, defaultFormat: DataFormat
  ) throws(ArgumentError) -> Layer {
    let filters: Int? = kind == .depthwise ? nil : try arguments.positiveInt("filters")
    let kernelSize = try arguments.intTuple("kernel_size", count: rank)
    let strides = try arguments.intTuple("strides", count: rank)
    let dilation = try arguments.intTuple("dilation_rate", count: rank)
    let padding = try arguments.padding(allowCausal: rank == 1 && kind == .standard)
    let groups = kind == .standard ? try arguments.positiveInt("groups") : 1
    let multiplier = kind == .depthwise || kind == .separable ? try arguments.positiveInt("depth_multiplier") : 1
    if let filters, filters % groups != 0 {
      throw ArgumentError(
        layer: name, argument: "groups",
        "the number of filters (\(filters)) must be evenly divisible by the number of groups (\(groups))")
    }
    if strides.contains(where: { $0 > 1 }) && dilation.contains(where: { $0 > 1 }) {
      throw ArgumentError(
        layer: name, argument: "dilation_rate",
        "`strides > 1` is not supported together with `dilation_rate > 1`: received strides=\(arguments["strides"]), dilation_rate=\(arguments["dilation_rate"])")
    }
    var outputPadding: [Int]?
    if kind == .transposed, arguments["output_padding"] != .null {
      let values = try arguments.intTuple("output_padding", count: rank, allowZero: true)
      let names = spatialAxisNames(rank: rank)
      for axis in 0..<rank where values[axis] >= strides[axis] {
        throw ArgumentError(
          layer: name, argument: "output_padding",
          "must be strictly less than strides on every axis: output_padding \(values[axis]) ≥ stride \(strides[axis]) on axis \(names[axis])")
      }
      outputPadding = values
    }
    let spec = ConvSpec(
      rank: rank, kind: kind, filters: filters, kernelSize: kernelSize, strides: strides, padding: padding,
      dilation: dilation, groups: groups, outputPadding: outputPadding, depthMultiplier: multiplier,
      dataFormat: try arguments.dataFormat(default: defaultFormat), activation: try arguments.activation(),
      useBias: try arguments.bool("use_bias"))

    var initializers: [String: Initializer] = ["bias": try arguments.initializer("bias_initializer")]
    var inert = ["activity_regularizer", "bias_regularizer", "bias_constraint", "dtype", "trainable", "batch_size"]
    for role in kind == .separable ? ["depthwise", "pointwise"] : [kind == .depthwise ? "depthwise" : "kernel"] {
      initializers[role] = try arguments.initializer("\(role)_initializer")
      inert += ["\(role)_regularizer", "\(role)_constraint"]
    }
    return Layer(
      typeName: name, name: try arguments.string("name") ?? snakeCase(name), operation: .convolution(spec),
      initializers: initializers, inertArguments: arguments.inert(inert),
      declaredInputShape: try arguments.inputShape())
  }
}

/// Keras's default layer names: `Conv3DTranspose` → `conv3d_transpose`.
func snakeCase(_ name: String) -> String {
  var result = ""
  let characters = Array(name)
  for (index, character) in characters.enumerated() {
    if character.isUppercase && index > 0 {
      let previous = characters[index - 1]
      let next = index + 1 < characters.count ? characters[index + 1] : nil
      if previous.isLowercase || (previous.isUppercase && next?.isLowercase == true) { result.append("_") }
    }
    result.append(Character(character.lowercased()))
  }
  return result
}
