import Kernels
import Tensors

/// A layer as the user declared it: its spec, its initializers, and (once built or set) its
/// weights in the framework's own layout. A value: calling it may build it, which mutates it.
public struct Layer: Sendable {
  public enum Operation: Sendable, Equatable {
    case convolution(ConvSpec)
    case resample(ResampleSpec)
    case pool(PoolSpec)
  }

  public enum Framework: Sendable, Equatable { case keras, paddle, torch }

  /// The class name the user wrote: `Conv3DTranspose`, `paddle.nn.Conv3DTranspose`.
  public var typeName: String
  /// The instance name (`conv3d_transpose`, `conv3d_transpose_1`, …); set by the session.
  public var name: String
  public var framework: Framework
  public var operation: Operation
  /// Initializer per weight role: "kernel", "bias", "depthwise", "pointwise".
  public var initializers: [String: Initializer]
  /// Arguments accepted for compatibility that do not change the forward pass (regularizers,
  /// constraints, dtype, …), shown in the layer's description.
  public var inertArguments: [(name: String, value: ArgumentValue)]
  /// `input_shape=` (one sample, no batch) for the first layer of a Sequential model.
  public var declaredInputShape: [Int?]?
  /// The constructor as written, with only the arguments given: `Conv2D(8, 3, strides=2)`.
  public var declaration: String
  /// Every constructor argument in the signature's order, given or defaulted (`get_config()`).
  public var configuration: [(name: String, value: ArgumentValue)] = []

  /// Weights in the framework's layout, in `get_weights()` order; empty until built or set.
  public private(set) var weights: [Tensor] = [] {
    didSet { weightCache = WeightCache() }
  }
  /// The kernels' packed forms of `weights`, shared by copies of the layer until they change.
  var weightCache = WeightCache()

  public init(
    typeName: String, name: String, framework: Framework = .keras, operation: Operation,
    initializers: [String: Initializer] = [:], inertArguments: [(name: String, value: ArgumentValue)] = [],
    declaredInputShape: [Int?]? = nil
  ) {
    self.typeName = typeName
    self.name = name
    self.framework = framework
    self.operation = operation
    self.initializers = initializers
    self.inertArguments = inertArguments
    self.declaredInputShape = declaredInputShape
    self.declaration = typeName + "()"
  }

  public var isBuilt: Bool { !weights.isEmpty || !hasWeights }

  /// Whether the layer has weights at all (cropping, padding and upsampling do not).
  public var hasWeights: Bool {
    if case .convolution = operation { return true }
    return false
  }

  var dataFormat: DataFormat {
    switch operation {
    case .convolution(let spec): return spec.dataFormat
    case .resample(let spec): return spec.dataFormat
    case .pool(let spec): return spec.dataFormat
    }
  }

  var rank: Int {
    switch operation {
    case .convolution(let spec): return spec.rank
    case .resample(let spec): return spec.rank
    case .pool(let spec): return spec.rank
    }
  }

  /// Spatial axes (1 to 3).
  public var spatialRank: Int { rank }
  public var dataFormatIsLast: Bool { dataFormat == .channelsLast }

  /// The channel extent of a full input shape, by the data format (nil if unknown or rank wrong).
  public func dataFormatChannels(of shape: [Int?]) -> Int? {
    guard shape.count == rank + 2 else { return nil }
    return dataFormat == .channelsLast ? shape[rank + 1] : shape[1]
  }

  // MARK: - Weights

  /// Names and shapes of the weights for `inputChannels`, in `get_weights()` order.
  public func weightShapes(inputChannels c: Int) -> [(role: String, shape: [Int])] {
    guard case .convolution(let spec) = operation else { return [] }
    let k = spec.kernelSize
    // A count past Int.max stands as Int.max: every checked size refuses it.
    let out = spec.outputChannels(inputChannels: c) ?? .max
    var shapes: [(role: String, shape: [Int])]
    switch (spec.kind, framework) {
    case (.transposed, .paddle), (.transposed, .torch):
      shapes = [("kernel", [c, out / spec.groups] + k)]
    case (.standard, .torch):
      shapes = [("kernel", [out, c / spec.groups] + k)]
    case (.standard, _):
      shapes = [("kernel", k + [c / spec.groups, out])]
    case (.transposed, _):
      shapes = [("kernel", k + [out, c])]
    case (.depthwise, _):
      shapes = [("depthwise", k + [c, spec.depthMultiplier])]
    case (.separable, _):
      shapes = [
        ("depthwise", k + [c, spec.depthMultiplier]),
        ("pointwise", Array(repeating: 1, count: spec.rank) + [spec.middleChannels(inputChannels: c) ?? .max, out]),
      ]
    }
    if spec.useBias { shapes.append(("bias", [out])) }
    return shapes
  }

  /// The input channels the weights fix, once there are weights.
  public var builtInputChannels: Int? {
    guard case .convolution(let spec) = operation, let first = weights.first else { return nil }
    return Layer.inputChannels(ofFirstWeight: first.shape, spec, framework)
  }

  private static func inputChannels(ofFirstWeight shape: [Int], _ spec: ConvSpec, _ framework: Framework) -> Int? {
    guard shape.count == spec.rank + 2 else { return nil }
    switch (spec.kind, framework) {
    case (.transposed, .paddle), (.transposed, .torch): return shape[0]
    case (.standard, .torch): return shape[1] * spec.groups
    case (.standard, _): return shape[spec.rank] * spec.groups
    case (.transposed, _): return shape[spec.rank + 1]
    case (.depthwise, _), (.separable, _): return shape[spec.rank]
    }
  }

  /// Draws fresh weights for `inputChannels` from the initializers.
  public mutating func build(inputChannels c: Int, using generator: inout RandomGenerator)
    throws(LayerShapeError)
  {
    guard case .convolution(let spec) = operation else { return }
    try checkChannels(c, spec)
    var drawn: [Tensor] = []
    let shapes = weightShapes(inputChannels: c)
    for (role, shape) in shapes {
      let initializer = initializers[role] ?? (role == "bias" ? .constant(0) : Initializer.named("glorot_uniform")!)
      // A bias's fans are its kernel's (PyTorch draws it within ±1/√fan_in of the weight).
      let fanShape = role == "bias" ? shapes.first?.shape : nil
      do { drawn.append(try initializer.sample(shape, fanShape: fanShape, using: &generator)) } catch {
        throw LayerShapeError(layer: typeName, "cannot create weight \(role) of shape \(formatShape(shape)): \(error)")
      }
    }
    weights = drawn
  }

  func checkChannels(_ c: Int, _ spec: ConvSpec) throws(LayerShapeError) {
    guard c > 0 else { throw LayerShapeError(layer: typeName, "the input has \(c) channels; at least 1 is needed") }
    if let declared = spec.declaredInputChannels, declared != c {
      throw LayerShapeError(
        layer: typeName, "in_channels is \(declared) but the input has \(c) channels on the channel axis")
    }
    guard c % spec.groups == 0 else {
      throw LayerShapeError(
        layer: typeName,
        "the number of input channels (\(c)) must be evenly divisible by the number of groups (\(spec.groups))")
    }
  }

  /// Keras's `set_weights`: replaces the weights, checking count and shapes. On a layer that
  /// was never built, the first weight decides the input channels.
  public mutating func setWeights(_ newWeights: [Tensor]) throws(LayerShapeError) {
    guard case .convolution(let spec) = operation else {
      guard newWeights.isEmpty else {
        throw LayerShapeError(layer: typeName, "has no weights, but \(newWeights.count) were given")
      }
      return
    }
    let channels: Int
    if let built = builtInputChannels {
      channels = built
    } else if let first = newWeights.first,
      let inferred = Layer.inputChannels(ofFirstWeight: first.shape, spec, framework), inferred > 0
    {
      channels = inferred
      try checkChannels(channels, spec)
    } else {
      let roles = weightShapes(inputChannels: 1).map(\.role)
      throw LayerShapeError(
        layer: typeName,
        "set_weights expects \(roles.count) weights [\(roles.joined(separator: ", "))], the first of rank \(spec.rank + 2); received shapes \(newWeights.map { formatShape($0.shape) })")
    }
    let expected = weightShapes(inputChannels: channels)
    guard newWeights.count == expected.count else {
      throw LayerShapeError(
        layer: typeName,
        "set_weights expects \(expected.count) weights [\(expected.map(\.role).joined(separator: ", "))], received \(newWeights.count)")
    }
    for (index, (weight, wanted)) in zip(newWeights, expected).enumerated() where weight.shape != wanted.shape {
      throw LayerShapeError(
        layer: typeName,
        "weight \(index) (\(wanted.role)) must have shape \(formatShape(wanted.shape)), received \(formatShape(weight.shape))")
    }
    weights = newWeights
  }

  /// Parameters for `inputChannels` input channels.
  public func parameterCount(inputChannels: Int) -> Int {
    let counts = weightShapes(inputChannels: inputChannels).map { (try? Tensor.checkedCount(of: $0.shape)) ?? .max }
    return counts.reduce(0) { total, count in
      let (sum, overflow) = total.addingReportingOverflow(count)
      return overflow ? .max : sum
    }
  }

  // MARK: - Shapes

  /// Splits a full input shape (batch first) into spatial extents and channels.
  func split(_ shape: [Int?]) throws(LayerShapeError) -> (spatial: [Int?], channels: Int?) {
    guard shape.count == rank + 2 else {
      let axes = (["batch"] + spatialAxisNames(rank: rank) + ["channels"])
      let layout = dataFormat == .channelsLast ? axes : [axes[0], axes.last!] + axes.dropFirst().dropLast()
      throw LayerShapeError(
        layer: typeName,
        "expects input of rank \(rank + 2) (\(layout.joined(separator: ", "))) with data_format \"\(dataFormat.rawValue)\"; got shape \(describe(shape))")
    }
    if dataFormat == .channelsLast { return (Array(shape[1..<(rank + 1)]), shape[rank + 1]) }
    return (Array(shape[2...]), shape[1])
  }

  func join(batch: Int?, spatial: [Int?], channels: Int?) -> [Int?] {
    dataFormat == .channelsLast ? [batch] + spatial + [channels] : [batch, channels] + spatial
  }

  /// The output shape for an input shape whose entries may be unknown (`nil`, Keras's None).
  public func outputShape(for inputShape: [Int?], outputSize: [Int]? = nil) throws(LayerShapeError) -> [Int?] {
    try plan(for: inputShape, outputSize: outputSize).outputShape
  }

  /// A Keras channels-last layer given what looks like a channels-first tensor — a small axis 1
  /// before square spatial axes (1, 3, 224, 224), or a long last axis in 1-D (1, 3, 500) — reads
  /// the wrong axis as channels without failing: this says so, or nil.
  public func layoutHint(for shape: [Int]) -> String? {
    guard framework == .keras, dataFormat == .channelsLast, shape.count == rank + 2, shape.count >= 3 else { return nil }
    let first = shape[1], last = shape[shape.count - 1]
    let looksFirst = rank == 1
      ? first <= 4 && last >= 32 * first
      : first <= 4 && last >= 8 * first && last == shape[shape.count - 2] && shape[1] != shape[2]
    guard looksFirst else { return nil }
    let torch = "torch.nn.Conv\(rank)d"
    return "this looks channels-first (\(first) channels of \(shape.dropFirst(2).map(String.init).joined(separator: "×"))), but \(typeName) reads the last axis as channels (\(last) here): pass data_format='channels_first', transpose the input to channels-last, or use \(torch)"
  }

  func channelMismatch(_ built: Int, _ shape: [Int?]) -> LayerShapeError {
    let axis = dataFormat == .channelsLast ? "-1" : "1"
    return LayerShapeError(
      layer: typeName,
      "expected axis \(axis) of the input to have \(built) channels (the kernel's input channels), received input with shape \(describe(shape))")
  }
}

/// A shape with unknown entries written as Keras writes it: `(None, 24, 20, 3)`.
public func describe(_ shape: [Int?]) -> String {
  let items = shape.map { $0.map(String.init) ?? "None" }
  return items.count == 1 ? "(\(items[0]),)" : "(" + items.joined(separator: ", ") + ")"
}

