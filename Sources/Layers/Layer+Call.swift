import Kernels
import Tensors

extension Layer {
  /// Runs the layer on `input` (building it first if it has no weights yet). `outputSize` is
  /// Paddle's call-time `output_size` for `paddle.nn.Conv3DTranspose`.
  public mutating func callAsFunction(
    _ input: Tensor, using generator: inout RandomGenerator, outputSize: [Int]? = nil
  ) throws(LayerShapeError) -> Tensor {
    let shape = input.shape.map { Optional($0) }
    let (spatialOptional, channelsOptional) = try split(shape)
    let spatial = spatialOptional.map { $0! }
    let channels = channelsOptional!
    if hasWeights && weights.isEmpty {
      _ = try outputShape(for: shape, outputSize: outputSize)  // refuse bad inputs before drawing weights
      try build(inputChannels: channels, using: &generator)
    }
    let outputShape = try self.outputShape(for: shape, outputSize: outputSize).map { $0! }
    do {
      _ = try Tensor.elementCount(of: outputShape)  // refuse outputs past the memory limit before computing
    } catch .tooLarge(_, let shape, let bytes, let limit, let inUse) {
      throw LayerShapeError(
        layer: typeName, "\(ShapeError.tooLarge(what: "the output", shape: shape, bytes: bytes, limit: limit, inUse: inUse))")
    } catch {
      throw LayerShapeError(layer: typeName, "\(error)")
    }
    let lastInput = toChannelsLast(input)
    let batch = input.shape[0]
    let padded = Array(repeating: 1, count: 3 - rank) + spatial
    var result: [Float]
    switch operation {
    case .convolution(let spec):
      let plans = try geometry(spec, spatialOptional, outputSize: outputSize, inputShape: shape)
      result = run(spec, plans, lastInput, batch: batch, channels: channels)
    case .resample(let spec):
      let outputSpatial = Array(repeating: 1, count: 3 - rank) + (dataFormat == .channelsLast
        ? Array(outputShape[1..<(rank + 1)]) : Array(outputShape[2...]))
      result = resample(spec, lastInput.scalars, batch: batch, input: padded, output: outputSpatial, channels: channels)
    }
    let lastShape = dataFormat == .channelsLast ? outputShape : [outputShape[0]] + outputShape[2...] + [outputShape[1]]
    var output = try! Tensor(shape: lastShape, scalars: result)
    output = fromChannelsLast(output)
    if case .convolution(let spec) = operation, spec.activation == .softmax {
      let lastAxis = output.shape.last ?? 1
      output.withUnsafeMutableScalars { Activation.softmax.apply(to: $0, lastAxis: lastAxis) }
    }
    return output
  }

  private func toChannelsLast(_ tensor: Tensor) -> Tensor {
    guard dataFormat == .channelsFirst else { return tensor }
    return try! tensor.transposed([0] + Array(2..<tensor.rank) + [1])
  }

  private func fromChannelsLast(_ tensor: Tensor) -> Tensor {
    guard dataFormat == .channelsFirst else { return tensor }
    return try! tensor.transposed([0, tensor.rank - 1] + Array(1..<(tensor.rank - 1)))
  }

  private func run(_ spec: ConvSpec, _ plans: [AxisPlan], _ input: Tensor, batch: Int, channels: Int) -> [Float] {
    let outputChannels = spec.outputChannels(inputChannels: channels)
    let activation = spec.activation.isElementwise ? spec.activation : .linear
    let bias = spec.useBias ? weights.last!.scalars : nil
    func problem(_ kind: ConvolutionProblem.Kind, outputChannels: Int, groups: Int) -> ConvolutionProblem {
      ConvolutionProblem(
        kind: kind, batch: batch, inputSize: plans.map { $0.input! }, outputSize: plans.map { $0.output! },
        kernelSize: plans.map(\.kernel), strides: plans.map(\.stride), dilations: plans.map(\.dilation),
        offset: plans.map(\.padBefore), inputChannels: channels, outputChannels: outputChannels, groups: groups)
    }
    switch spec.kind {
    case .standard:
      return Convolution.run(
        problem(.standard, outputChannels: outputChannels, groups: spec.groups), input: input.scalars,
        weights: weights[0].scalars, bias: bias, activation: activation, cache: weightCache)
    case .transposed:
      return Convolution.run(
        problem(.transposed, outputChannels: outputChannels, groups: spec.groups), input: input.scalars,
        weights: weightCache.value(for: "transposed kernel") { transposedKernel(spec) }, bias: bias,
        activation: activation, cache: weightCache)
    case .depthwise:
      return Convolution.run(
        problem(.depthwise, outputChannels: outputChannels, groups: 1), input: input.scalars,
        weights: weights[0].scalars, bias: bias, activation: activation)
    case .separable:
      let middle = channels * spec.depthMultiplier
      let depthwiseProblem = problem(.depthwise, outputChannels: middle, groups: 1)
      if let fused = Convolution.runSeparable(
        depthwise: depthwiseProblem, input: input.scalars, depthwiseWeights: weights[0].scalars,
        outputChannels: outputChannels, pointwiseWeights: weights[1].scalars, bias: bias, activation: activation,
        cache: weightCache)
      {
        return fused
      }
      let depthwise = Convolution.run(depthwiseProblem, input: input.scalars, weights: weights[0].scalars, bias: nil)
      let sizes = plans.map { $0.output! }
      let pointwise = ConvolutionProblem(
        kind: .standard, batch: batch, inputSize: sizes, outputSize: sizes,
        kernelSize: Array(repeating: 1, count: spec.rank), strides: Array(repeating: 1, count: spec.rank),
        dilations: Array(repeating: 1, count: spec.rank), offset: Array(repeating: 0, count: spec.rank),
        inputChannels: middle, outputChannels: outputChannels)
      return Convolution.run(
        pointwise, input: depthwise, weights: weights[1].scalars, bias: bias, activation: activation, cache: weightCache)
    }
  }

  /// The transposed kernel in the kernels' layout `(k…, in, out/groups)`: Keras stores
  /// `(k…, out, in)`, Paddle `(in, out/groups, k…)`.
  private func transposedKernel(_ spec: ConvSpec) -> [Float] {
    let kernel = weights[0]
    let r = spec.rank
    switch framework {
    case .keras: return try! kernel.transposed(Array(0..<r) + [r + 1, r]).scalars
    case .paddle: return try! kernel.transposed(Array(2..<(r + 2)) + [0, 1]).scalars
    }
  }

  private func resample(
    _ spec: ResampleSpec, _ input: [Float], batch: Int, input inputSize: [Int], output outputSize: [Int], channels: Int
  ) -> [Float] {
    let lead = Array(repeating: 0, count: 3 - rank)
    switch spec.operation {
    case .crop(let before, _):
      return Resampling.shift(
        input, batch: batch, inputSize: inputSize, outputSize: outputSize, before: lead + before.map { -$0 },
        channels: channels)
    case .zeroPad(let before, _):
      return Resampling.shift(
        input, batch: batch, inputSize: inputSize, outputSize: outputSize, before: lead + before, channels: channels)
    case let .upsample(factors, interpolation):
      let factors3 = Array(repeating: 1, count: 3 - rank) + factors
      guard let method = Resampling.Interpolation(rawValue: interpolation.rawValue) else {
        return Resampling.repeatNearest(input, batch: batch, inputSize: inputSize, factors: factors3, channels: channels)
      }
      return Resampling.resize(
        input, batch: batch, inputSize: inputSize, outputSize: outputSize, channels: channels, interpolation: method)
    }
  }
}
