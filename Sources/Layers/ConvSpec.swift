import Kernels

/// How padding is chosen along the spatial axes.
public enum PaddingRule: Sendable, Equatable {
  /// Keras `'valid'`: no padding.
  case valid
  /// Keras `'same'`: forward output ⌈n/s⌉ with the extra cell after; transposed output n·s.
  case same
  /// Keras `'causal'` (1-D only): all padding before.
  case causal
  /// Paddle integer/list padding: explicit cells before and after, per axis.
  case explicit(before: [Int], after: [Int])
  /// Paddle `'SAME'`: the forward 'same' split of the input, with dilation reset to 1.
  case paddleSame
}

/// What fills the padding of a forward convolution: PyTorch's `padding_mode`.
public enum PaddingMode: String, Sendable, CaseIterable {
  case zeros, reflect, replicate, circular
}

/// One convolution layer's configuration, whatever front door made it.
public struct ConvSpec: Sendable, Equatable {
  public enum Kind: Sendable, Equatable { case standard, transposed, depthwise, separable }

  public var rank: Int
  public var kind: Kind
  /// Output channels (nil for depthwise, where they are `channels × depthMultiplier`).
  public var filters: Int?
  public var kernelSize: [Int]
  public var strides: [Int]
  public var padding: PaddingRule
  public var dilation: [Int]
  public var groups: Int
  /// Transposed only; nil means Keras's "infer" (not the same as 0).
  public var outputPadding: [Int]?
  public var depthMultiplier: Int
  public var dataFormat: DataFormat
  public var activation: Activation
  public var useBias: Bool
  /// Paddle and PyTorch layers: the input channels fixed at construction.
  public var declaredInputChannels: Int?
  /// PyTorch's padding_mode: anything but zeros pads the input before a convolution without padding.
  public var paddingMode: PaddingMode = .zeros

  public init(
    rank: Int, kind: Kind, filters: Int?, kernelSize: [Int], strides: [Int], padding: PaddingRule,
    dilation: [Int], groups: Int = 1, outputPadding: [Int]? = nil, depthMultiplier: Int = 1,
    dataFormat: DataFormat, activation: Activation = .linear, useBias: Bool = true,
    declaredInputChannels: Int? = nil
  ) {
    self.rank = rank
    self.kind = kind
    self.filters = filters
    self.kernelSize = kernelSize
    self.strides = strides
    self.padding = padding
    self.dilation = dilation
    self.groups = groups
    self.outputPadding = outputPadding
    self.depthMultiplier = depthMultiplier
    self.dataFormat = dataFormat
    self.activation = activation
    self.useBias = useBias
    self.declaredInputChannels = declaredInputChannels
  }

  /// Output channels for `inputChannels` input channels; nil when channels · depth_multiplier
  /// passes `Int.max` (both come from the user).
  public func outputChannels(inputChannels: Int) -> Int? {
    switch kind {
    case .depthwise: return middleChannels(inputChannels: inputChannels)
    default: return filters ?? inputChannels
    }
  }

  /// The depthwise step's channels (channels · depth_multiplier), nil past `Int.max`.
  public func middleChannels(inputChannels: Int) -> Int? {
    let (product, overflow) = inputChannels.multipliedReportingOverflow(by: depthMultiplier)
    return overflow ? nil : product
  }
}

/// Cropping, zero padding or upsampling along the spatial axes.
public struct ResampleSpec: Sendable, Equatable {
  public enum Operation: Sendable, Equatable {
    case crop(before: [Int], after: [Int])
    case zeroPad(before: [Int], after: [Int])
    case upsample(factors: [Int], interpolation: Interpolation)
  }

  public enum Interpolation: String, Sendable, CaseIterable {
    case nearest, bilinear, bicubic, lanczos3, lanczos5
  }

  public var rank: Int
  public var operation: Operation
  public var dataFormat: DataFormat

  public init(rank: Int, operation: Operation, dataFormat: DataFormat) {
    self.rank = rank
    self.operation = operation
    self.dataFormat = dataFormat
  }
}

/// Keras's pooling layers: the max or the mean of each channel over a window.
public struct PoolSpec: Sendable, Equatable {
  public typealias Reduction = PoolingProblem.Reduction

  public var rank: Int
  public var reduction: Reduction
  /// The window; nil for the Global layers, whose window is the whole input.
  public var poolSize: [Int]?
  public var strides: [Int]
  /// `.valid` or `.same`.
  public var padding: PaddingRule
  public var dataFormat: DataFormat
  /// Global layers: keep the spatial axes, as 1s.
  public var keepdims: Bool
  /// PyTorch's max pooling: spacing between window cells.
  public var dilation: [Int]? = nil
  /// PyTorch's ceil_mode: the output rounds up, the last window hanging past the padding.
  public var ceilMode = false
  /// PyTorch's average pooling: padding cells count in the mean (count_include_pad), or
  /// a fixed divisor (divisor_override).
  public var countIncludePad = false
  public var divisorOverride: Int? = nil

  public init(
    rank: Int, reduction: Reduction, poolSize: [Int]?, strides: [Int], padding: PaddingRule, dataFormat: DataFormat,
    keepdims: Bool = false
  ) {
    self.rank = rank
    self.reduction = reduction
    self.poolSize = poolSize
    self.strides = strides
    self.padding = padding
    self.dataFormat = dataFormat
    self.keepdims = keepdims
  }

  public var isGlobal: Bool { poolSize == nil }

  /// The window's geometry as a convolution's with one tap per cell, so that sizes, diagrams,
  /// traces and receptive fields read pooling as they read convolutions. A Global layer's
  /// window is the input (nil while an extent is unknown).
  public func window(over spatial: [Int?]) -> ConvSpec? {
    let kernel: [Int]
    if let poolSize {
      kernel = poolSize
    } else {
      guard spatial.allSatisfy({ $0 != nil }) else { return nil }
      kernel = spatial.map { $0! }
    }
    return ConvSpec(
      rank: rank, kind: .depthwise, filters: nil, kernelSize: kernel, strides: strides, padding: padding,
      dilation: dilation ?? Array(repeating: 1, count: rank), dataFormat: dataFormat, useBias: false)
  }

  /// PyTorch's ceil_mode on one axis (ConvGeometry.planCeil), for explicit padding; otherwise
  /// the window's own plan.
  func ceilPlan(_ window: ConvSpec, axis: Int, input: Int?) throws(GeometryError) -> AxisPlan {
    guard case .explicit = padding else { return try ConvGeometry.plan(window, axis: axis, input: input) }
    return try ConvGeometry.planCeil(window, axis: axis, input: input)
  }
}
