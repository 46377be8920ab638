/// `paddle.nn.Conv3DTranspose`, with Paddle's arguments, padding forms and layout.
enum PaddleConv3DTranspose {
  typealias P = LayerSignature.Parameter
  static let name = "paddle.nn.Conv3DTranspose"

  static let signature = LayerSignature(
    name: name,
    summary: "3-D transposed convolution, Paddle semantics: weight (in, out/groups, kD, kH, kW), NCDHW by default",
    parameters: [
      P("in_channels", nil, "input channels"),
      P("out_channels", nil, "output channels"),
      P("kernel_size", nil, "an int or 3 ints"),
      P("stride", .int(1), "an int or 3 ints"),
      P("padding", .int(0),
        "int, 3 ints, 6 ints [front, back, top, bottom, left, right], pairs, or 'SAME'/'VALID'"),
      P("output_padding", .int(0), "extra cells after each axis, < max(stride, dilation)"),
      P("groups", .int(1), "split channels into independent groups"),
      P("dilation", .int(1), "gap between kernel taps (reset to 1 by 'SAME')"),
      P("weight_attr", .null, "accepted; weights are drawn Xavier-uniform as Paddle does"),
      P("bias_attr", .null, "False for no bias"),
      P("data_format", .string("NCDHW"), "'NCDHW' or 'NDHWC'"),
    ],
    layerKeywords: [P("name", .null, "the layer's name")],
    example: "x = paddle.rand([2, 4, 8, 8, 8])\nconv = paddle.nn.Conv3DTranspose(4, 6, 3, stride=2)\ny = conv(x)")

  static func make(_ arguments: BoundArguments) throws(ArgumentError) -> Layer {
    let inChannels = try arguments.positiveInt("in_channels")
    let outChannels = try arguments.positiveInt("out_channels")
    let kernel = try arguments.intTuple("kernel_size", count: 3)
    let stride = try arguments.intTuple("stride", count: 3)
    let dilation = try arguments.intTuple("dilation", count: 3)
    let groups = try arguments.positiveInt("groups")
    for (label, channels) in [("in_channels", inChannels), ("out_channels", outChannels)] where channels % groups != 0 {
      throw ArgumentError(
        layer: name, argument: "groups", "\(label) (\(channels)) must be divisible by groups (\(groups))")
    }
    let format: DataFormat
    switch try arguments.string("data_format")?.uppercased() {
    case "NCDHW": format = .channelsFirst
    case "NDHWC": format = .channelsLast
    default:
      throw ArgumentError(
        layer: name, argument: "data_format", "must be 'NCDHW' or 'NDHWC', received \(arguments["data_format"])")
    }
    let padding = try paddingRule(arguments, format: format)
    let outputPadding = try arguments.intTuple("output_padding", count: 3, allowZero: true)
    for axis in 0..<3 where outputPadding[axis] >= max(stride[axis], dilation[axis]) {
      throw ArgumentError(
        layer: name, argument: "output_padding",
        "must be less than max(stride, dilation) on every axis: \(outputPadding[axis]) ≥ max(\(stride[axis]), \(dilation[axis])) on axis \(spatialAxisNames(rank: 3)[axis])")
    }
    var useBias = true
    if case .bool(false) = arguments["bias_attr"] { useBias = false }
    let spec = ConvSpec(
      rank: 3, kind: .transposed, filters: outChannels, kernelSize: kernel, strides: stride, padding: padding,
      dilation: dilation, groups: groups, outputPadding: outputPadding, dataFormat: format, useBias: useBias,
      declaredInputChannels: inChannels)
    return Layer(
      typeName: name, name: try arguments.string("name") ?? "conv3d_transpose", framework: .paddle,
      operation: .convolution(spec),
      initializers: ["kernel": .paddleXavierUniform, "bias": .constant(0)],
      inertArguments: arguments.inert(["weight_attr"]))
  }

  /// Paddle's padding forms, in the data format's axis order for the 5-pair form.
  static func paddingRule(_ arguments: BoundArguments, format: DataFormat) throws(ArgumentError) -> PaddingRule {
    let value = arguments["padding"]
    func fail() -> ArgumentError {
      ArgumentError(
        layer: name, argument: "padding",
        "must be 'SAME', 'VALID', an int, 3 ints, 6 ints [front, back, top, bottom, left, right], or pairs; received padding=\(value)")
    }
    func amount(_ item: ArgumentValue) throws(ArgumentError) -> Int {
      guard case .int(let number) = item, number >= 0 else { throw fail() }
      return number
    }
    switch value {
    case .string(let text):
      switch text.uppercased() {
      case "SAME": return .paddleSame
      case "VALID": return .explicit(before: [0, 0, 0], after: [0, 0, 0])
      default: throw fail()
      }
    case .int:
      let p = try amount(value)
      return .explicit(before: [p, p, p], after: [p, p, p])
    case .sequence(let items):
      if items.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
        let numbers = try items.map { (item: ArgumentValue) throws(ArgumentError) -> Int in try amount(item) }
        switch numbers.count {
        case 3: return .explicit(before: numbers, after: numbers)
        case 6: return .explicit(before: [numbers[0], numbers[2], numbers[4]], after: [numbers[1], numbers[3], numbers[5]])
        default: throw fail()
        }
      }
      var pairs: [(Int, Int)] = []
      for item in items {
        guard case .sequence(let pair) = item, pair.count == 2 else { throw fail() }
        pairs.append((try amount(pair[0]), try amount(pair[1])))
      }
      if pairs.count == 5 {
        // Batch and channel pairs must be zero: [[0,0],[0,0],d,h,w] (NCDHW) or [[0,0],d,h,w,[0,0]].
        let outer = format == .channelsFirst ? [0, 1] : [0, 4]
        guard outer.allSatisfy({ pairs[$0] == (0, 0) }) else {
          throw ArgumentError(
            layer: name, argument: "padding", "the batch and channel pairs must be [0, 0], received padding=\(value)")
        }
        pairs = format == .channelsFirst ? Array(pairs[2...]) : Array(pairs[1...3])
      }
      guard pairs.count == 3 else { throw fail() }
      return .explicit(before: pairs.map(\.0), after: pairs.map(\.1))
    default:
      throw fail()
    }
  }
}
