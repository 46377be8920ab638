/// Keras's pooling layers in 1-3 D: MaxPooling, AveragePooling and their Global forms.
enum KerasPooling {
  typealias P = LayerSignature.Parameter

  static func signature(_ name: String, rank: Int, reduction: PoolSpec.Reduction, global: Bool) -> LayerSignature {
    let what = reduction == .max ? "max" : "mean"
    let dataFormat = P("data_format", .null, "'channels_last' or 'channels_first'; None reads keras.json, else channels_last")
    let dims = Array(repeating: 6, count: rank).map(String.init).joined(separator: ", ")
    if global {
      return LayerSignature(
        name: name, summary: "\(rank)-D global \(what) pooling: the \(what) of each channel over every spatial cell",
        parameters: [dataFormat, P("keepdims", .bool(false), "keep the spatial axes as 1s (else the output is (batch, channels))")],
        layerKeywords: LayerSignature.kerasLayerKeywords, example: "x = rand(1, \(dims), 3)\ny = \(name)()(x)")
    }
    // MaxPooling has a default window; AveragePooling asks for one (Keras 3's signatures).
    let window: ArgumentValue? = reduction == .max ? KerasConvolution.tuple(2, rank) : nil
    return LayerSignature(
      name: name, summary: "\(rank)-D \(what) pooling: the \(what) of each channel over a window, with no weights",
      parameters: [
        P("pool_size", window, "window size: an int, or one per spatial axis"),
        P("strides", .null, "step of the window: an int, or one per spatial axis; None means pool_size"),
        P("padding", .string("valid"), "'valid' (no padding) or 'same' (output ⌈n/s⌉; padding never enters a max or a mean)"),
        dataFormat,
      ],
      layerKeywords: LayerSignature.kerasLayerKeywords, example: "x = rand(1, \(dims), 3)\ny = \(name)(2)(x)")
  }

  static func make(
    _ name: String, rank: Int, reduction: PoolSpec.Reduction, global: Bool, _ arguments: BoundArguments,
    defaultFormat: DataFormat
  ) throws(ArgumentError) -> Layer {
    let format = try arguments.dataFormat(default: defaultFormat)
    let spec: PoolSpec
    if global {
      let keepdims: Bool
      switch arguments["keepdims"] {
      case .bool(let flag): keepdims = flag
      case .int(let number): keepdims = number != 0  // Python's truth, as Keras reads it
      default:
        throw ArgumentError(layer: name, argument: "keepdims", "expected True or False, received keepdims=\(arguments["keepdims"])")
      }
      spec = PoolSpec(
        rank: rank, reduction: reduction, poolSize: nil, strides: Array(repeating: 1, count: rank), padding: .valid,
        dataFormat: format, keepdims: keepdims)
    } else {
      let poolSize = try arguments.intTuple("pool_size", count: rank)
      let strides = arguments["strides"] == .null ? poolSize : try arguments.intTuple("strides", count: rank)
      spec = PoolSpec(
        rank: rank, reduction: reduction, poolSize: poolSize, strides: strides,
        padding: try arguments.padding(allowCausal: false), dataFormat: format)
    }
    return Layer(
      typeName: name, name: try arguments.string("name") ?? snakeCase(name), operation: .pool(spec),
      inertArguments: arguments.inert(["dtype", "trainable", "batch_size"]), declaredInputShape: try arguments.inputShape())
  }
}
