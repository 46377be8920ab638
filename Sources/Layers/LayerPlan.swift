import Kernels
import Tensors

/// One layer applied to one input shape, planned once with checked arithmetic: the input split
/// by the data format, each spatial axis's plan, the output shape, the weights' shapes, and the
/// kernels' problems with their mult-adds. Compute, shape inference, `summary()`, `explain()`,
/// `diagram()` and `animate()` all read it, so they cannot disagree and no size is computed
/// twice. A size that would pass `Int.max` is an error naming the layer, the axis and the
/// numbers, never a wrapped value.
public struct LayerPlan: Sendable {
  public var inputShape: [Int?]
  /// The input's spatial extents (nil where unknown) and channels, by the data format.
  public var spatial: [Int?]
  public var channels: Int?
  /// Per spatial axis: the convolution's (or pooling window's) plan; empty for cropping,
  /// padding and upsampling, and for a Global pooling while an extent is unknown.
  public var axes: [AxisPlan]
  /// Output spatial extents.
  public var outputSpatial: [Int?]
  public var outputChannels: Int?
  public var outputShape: [Int?]
  /// The weights' shapes in `get_weights()` order (empty while the channels are unknown, and
  /// for layers without weights); each fits in memory's addressable sizes.
  public var weightShapes: [(role: String, shape: [Int])]
  public var parameterCount: Int
  /// What the kernels compute for one sample; nil while a spatial size is unknown.
  public var work: Work?
  /// PyTorch's reflect, replicate and circular padding: the input is padded by the axes'
  /// padBefore/padAfter in this mode first, and `work` reads the padded input without padding.
  public var inputPadding: EdgePadding.Mode?

  public enum Work: Sendable {
    case convolution(ConvolutionProblem)
    /// Depthwise into `depthwise.outputChannels` channels, then a 1×1 convolution.
    case separable(depthwise: ConvolutionProblem, pointwise: ConvolutionProblem)
    case resample(ResampleSpec.Operation)
    case pool(PoolingProblem)
  }

  /// Multiply-adds for one sample: nil while a size is unknown, or when the count passes
  /// `Int.max` (then said so, not wrapped).
  public var multiplyAdds: Int? {
    switch work {
    case .convolution(let problem): return problem.checkedMultiplyAdds
    case .separable(let depthwise, let pointwise):
      guard let first = depthwise.checkedMultiplyAdds, let second = pointwise.checkedMultiplyAdds else { return nil }
      let (sum, overflow) = first.addingReportingOverflow(second)
      return overflow ? nil : sum
    case .resample, .pool: return 0
    case nil: return nil
    }
  }

  /// The convolution problems for `batch` samples.
  func problems(batch: Int) -> Work? {
    func batched(_ problem: ConvolutionProblem) -> ConvolutionProblem {
      var copy = problem
      copy.batch = batch
      return copy
    }
    switch work {
    case .convolution(let problem): return .convolution(batched(problem))
    case .separable(let depthwise, let pointwise): return .separable(depthwise: batched(depthwise), pointwise: batched(pointwise))
    case .pool(var problem):
      problem.batch = batch
      return .pool(problem)
    default: return work
    }
  }
}

extension Layer {
  /// Each spatial axis of a convolution over `inputShape`, planned on its own, so `explain()`
  /// can show every axis even when another fails. `plan(for:outputSize:)` stops at the first
  /// failure.
  public func axisPlans(for inputShape: [Int?], outputSize: [Int]? = nil) throws(LayerShapeError)
    -> [Result<AxisPlan, GeometryError>]
  {
    let (spatial, _) = try split(inputShape)
    if case .pool(let pool) = operation, let window = pool.window(over: spatial) {
      if outputSize != nil { throw LayerShapeError(layer: typeName, "output_size is a Paddle call argument; pooling layers do not take it") }
      return (0..<pool.rank).map { axis in
        Result { () throws(GeometryError) -> AxisPlan in
          pool.ceilMode ? try pool.ceilPlan(window, axis: axis, input: spatial[axis]) : try ConvGeometry.plan(window, axis: axis, input: spatial[axis])
        }
      }
    }
    guard case .convolution(let spec) = operation else { return [] }
    let outputSize = try spatialOutputSize(outputSize, spec, inputRank: inputShape.count)
    return (0..<spec.rank).map { axis in
      Result { () throws(GeometryError) -> AxisPlan in
        try ConvGeometry.plan(spec, axis: axis, input: spatial[axis], requested: outputSize?[axis])
      }
    }
  }

  /// The spatial sizes of a call's `output_size`. PyTorch also takes the whole shape
  /// (`output_size=x.size()` in its docs) and keeps its spatial part.
  private func spatialOutputSize(_ outputSize: [Int]?, _ spec: ConvSpec, inputRank: Int) throws(LayerShapeError) -> [Int]? {
    guard let outputSize else { return nil }
    if framework == .keras || spec.kind != .transposed {
      throw LayerShapeError(
        layer: typeName, "output_size is a call argument of Paddle's and PyTorch's transposed convolutions; \(typeName) does not take it")
    }
    let leading = inputRank - spec.rank
    if framework == .torch && outputSize.count == spec.rank + leading && leading > 0 { return Array(outputSize.dropFirst(leading)) }
    guard outputSize.count == spec.rank else {
      if framework == .torch {
        throw LayerShapeError(
          layer: typeName, "ConvTranspose\(spec.rank)D: for \(inputRank)D input, output_size must have \(spec.rank) or \(spec.rank + leading) elements (got \(outputSize.count))")
      }
      throw LayerShapeError(layer: typeName, "output_size needs \(spec.rank) sizes, received \(outputSize.count)")
    }
    return outputSize
  }

  /// The plan of this layer on `inputShape` (batch first; nil for an unknown extent).
  /// `outputSize` is Paddle's call-time `output_size`.
  public func plan(for inputShape: [Int?], outputSize: [Int]? = nil) throws(LayerShapeError) -> LayerPlan {
    let (spatial, channels) = try split(inputShape)
    func fail(_ error: some Error) -> LayerShapeError {
      LayerShapeError(layer: typeName, "\(error) (input shape \(describe(inputShape)))")
    }
    switch operation {
    case .convolution(let spec):
      guard let channels else {
        throw LayerShapeError(layer: typeName, "the channel axis of the input must be known, received shape \(describe(inputShape))")
      }
      if framework == .torch, let declared = spec.declaredInputChannels, declared != channels, inputShape.last == declared {
        let order = ([0, inputShape.count - 1] + Array(1..<(inputShape.count - 1))).map(String.init).joined(separator: ", ")
        let keras = "Conv\(spec.rank)D\(spec.kind == .transposed ? "Transpose" : "")"
        throw LayerShapeError(
          layer: typeName,
          "in_channels is \(declared) but the input has \(channels) channels on axis 1 and \(declared) on its last axis: it looks channels-last (N, …, C); PyTorch layers read (N, C, …): pass x.permute(\(order)), or use Keras's \(keras)")
      }
      try checkChannels(channels, spec)
      if let built = builtInputChannels, built != channels { throw channelMismatch(built, inputShape) }
      var axes: [AxisPlan] = []
      for result in try axisPlans(for: inputShape, outputSize: outputSize) {
        do { axes.append(try result.get()) } catch { throw fail(error) }
      }
      let middle = spec.kind == .depthwise || spec.kind == .separable ? spec.middleChannels(inputChannels: channels) : spec.filters ?? channels
      guard let outputChannels = middle else {
        throw fail(GeometryError(message: "channels \(channels) · depth_multiplier \(spec.depthMultiplier) is too big"))
      }
      let output = spec.kind == .separable ? spec.filters ?? outputChannels : outputChannels
      let shapes = weightShapes(inputChannels: channels)
      var parameters = 0
      for (role, shape) in shapes {
        let count = try? Tensor.checkedCount(of: shape)
        let (sum, overflow) = parameters.addingReportingOverflow(count ?? 0)
        guard count != nil, !overflow else {
          throw LayerShapeError(
            layer: typeName, "the \(role) weight would have shape \(formatShape(shape)), too big: more than 2⁶³ bytes")
        }
        parameters = sum
      }
      let outputSpatial = axes.map(\.output)
      let outputShape = join(batch: inputShape[0], spatial: outputSpatial, channels: output)
      try checkPaddingMode(spec, axes)
      if outputShape.allSatisfy({ $0 != nil }) {
        do { _ = try Tensor.checkedCount(of: outputShape.map { $0! }) } catch { throw fail(error) }
      }
      return LayerPlan(
        inputShape: inputShape, spatial: spatial, channels: channels, axes: axes, outputSpatial: outputSpatial,
        outputChannels: output, outputShape: outputShape, weightShapes: shapes, parameterCount: parameters,
        work: convolutionWork(spec, axes, channels: channels, middle: outputChannels, output: output),
        inputPadding: spec.paddingMode == .zeros ? nil : EdgePadding.Mode(rawValue: spec.paddingMode.rawValue))
    case .resample(let spec):
      let outputSpatial: [Int?]
      do { outputSpatial = try ConvGeometry.plan(spec, input: spatial) } catch { throw fail(error) }
      let outputShape = join(batch: inputShape[0], spatial: outputSpatial, channels: channels)
      if outputShape.allSatisfy({ $0 != nil }) {
        do { _ = try Tensor.checkedCount(of: outputShape.map { $0! }) } catch { throw fail(error) }
      }
      return LayerPlan(
        inputShape: inputShape, spatial: spatial, channels: channels, axes: [], outputSpatial: outputSpatial,
        outputChannels: channels, outputShape: outputShape, weightShapes: [], parameterCount: 0,
        work: spatial.allSatisfy { $0 != nil } ? .resample(spec.operation) : nil)
    case .pool(let spec):
      var axes: [AxisPlan] = []
      for result in try axisPlans(for: inputShape, outputSize: outputSize) {
        do { axes.append(try result.get()) } catch { throw fail(error) }
      }
      let ones = Array(repeating: Optional(1), count: spec.rank)
      let outputSpatial = spec.isGlobal ? (spec.keepdims ? ones : []) : axes.map(\.output)
      let outputShape = join(batch: inputShape[0], spatial: outputSpatial, channels: channels)
      if outputShape.allSatisfy({ $0 != nil }) {
        do { _ = try Tensor.checkedCount(of: outputShape.map { $0! }) } catch { throw fail(error) }
      }
      var work: LayerPlan.Work?
      if let channels, axes.count == spec.rank, axes.allSatisfy({ $0.input != nil && $0.output != nil }) {
        // Three spatial axes for the kernel, leading 1s for 1-D and 2-D.
        let lead = 3 - spec.rank
        func three(_ values: [Int], _ fill: Int) -> [Int] { Array(repeating: fill, count: lead) + values }
        var problem = PoolingProblem(
          reduction: spec.reduction, batch: 1, inputSize: three(axes.map { $0.input! }, 1),
          outputSize: three(axes.map { $0.output! }, 1), window: three(axes.map(\.kernel), 1),
          strides: three(axes.map(\.stride), 1), padBefore: three(axes.map(\.padBefore), 0), channels: channels)
        problem.dilation = three(axes.map(\.dilation), 1)
        if spec.countIncludePad, case .explicit(_, let after) = spec.padding {
          // The mean counts padding up to the padded input's end, not ceil_mode's overhang.
          problem.divisorBound = three(zip(axes, after).map { $0.input! + $1 }, 1)
        }
        problem.divisorOverride = spec.divisorOverride
        work = .pool(problem)
      }
      return LayerPlan(
        inputShape: inputShape, spatial: spatial, channels: channels, axes: axes, outputSpatial: outputSpatial,
        outputChannels: channels, outputShape: outputShape, weightShapes: [], parameterCount: 0, work: work)
    }
  }

  /// PyTorch's limits on padding that copies input cells: reflect needs fewer pad cells than the
  /// axis has, circular no more.
  private func checkPaddingMode(_ spec: ConvSpec, _ axes: [AxisPlan]) throws(LayerShapeError) {
    guard spec.paddingMode == .reflect || spec.paddingMode == .circular else { return }
    for axis in axes {
      guard let n = axis.input else { continue }
      let pad = max(axis.padBefore, axis.padAfter)
      if spec.paddingMode == .reflect && pad >= n {
        throw LayerShapeError(
          layer: typeName,
          "padding_mode='reflect': padding size should be less than the corresponding input dimension, but got padding (\(axis.padBefore), \(axis.padAfter)) on axis \(axis.name) of \(n) cells")
      }
      if spec.paddingMode == .circular && pad > n {
        throw LayerShapeError(
          layer: typeName,
          "padding_mode='circular': padding (\(axis.padBefore), \(axis.padAfter)) on axis \(axis.name) would wrap around its \(n) cells more than once")
      }
    }
  }

  /// The kernels' problems for one sample, once every spatial size is known.
  private func convolutionWork(_ spec: ConvSpec, _ axes: [AxisPlan], channels: Int, middle: Int, output: Int)
    -> LayerPlan.Work?
  {
    guard axes.allSatisfy({ $0.input != nil && $0.output != nil }) else { return nil }
    // Padding by copying: the kernels read the padded input with no padding of their own.
    let prePadded = spec.paddingMode != .zeros
    func problem(_ kind: ConvolutionProblem.Kind, inputChannels: Int, outputChannels: Int, groups: Int, pointwise: Bool = false)
      -> ConvolutionProblem
    {
      let ones = axes.map { _ in 1 }
      return ConvolutionProblem(
        kind: kind, batch: 1,
        inputSize: axes.map { pointwise ? $0.output! : prePadded ? $0.input! + $0.padBefore + $0.padAfter : $0.input! },
        outputSize: axes.map { $0.output! },
        kernelSize: pointwise ? ones : axes.map(\.kernel), strides: pointwise ? ones : axes.map(\.stride),
        dilations: pointwise ? ones : axes.map(\.dilation),
        offset: pointwise || prePadded ? ones.map { _ in 0 } : axes.map(\.padBefore),
        inputChannels: inputChannels, outputChannels: outputChannels, groups: groups)
    }
    switch spec.kind {
    case .standard:
      return .convolution(problem(.standard, inputChannels: channels, outputChannels: output, groups: spec.groups))
    case .transposed:
      return .convolution(problem(.transposed, inputChannels: channels, outputChannels: output, groups: spec.groups))
    case .depthwise:
      return .convolution(problem(.depthwise, inputChannels: channels, outputChannels: output, groups: 1))
    case .separable:
      return .separable(
        depthwise: problem(.depthwise, inputChannels: channels, outputChannels: middle, groups: 1),
        pointwise: problem(.standard, inputChannels: middle, outputChannels: output, groups: 1, pointwise: true))
    }
  }
}
