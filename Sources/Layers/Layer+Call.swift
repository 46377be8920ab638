import Kernels
import Tensors

extension Layer {
  /// Runs the layer on `input` (building it first if it has no weights yet). `outputSize` is
  /// Paddle's call-time `output_size` for `paddle.nn.Conv3DTranspose`.
  public mutating func callAsFunction(
    _ input: Tensor, using generator: inout RandomGenerator, outputSize: [Int]? = nil
  ) throws(LayerShapeError) -> Tensor {
    // PyTorch takes one sample without its batch axis, (C, H, W), and answers likewise.
    if framework == .torch && input.rank == rank + 1 {
      let batched = try! input.reshaped([1] + input.shape)
      let output = try self(batched, using: &generator, outputSize: outputSize)
      return try! output.reshaped(Array(output.shape.dropFirst()))
    }
    let shape = input.shape.map { Optional($0) }
    // Planned before any weight is drawn: a bad input changes nothing.
    let plan = try self.plan(for: shape, outputSize: outputSize)
    if hasWeights && weights.isEmpty { try build(inputChannels: plan.channels!, using: &generator) }
    let outputShape = plan.outputShape.map { $0! }
    // Refuse what the call will hold past the memory limit before computing: the output, and
    // for channels-first layers the channels-last copy of the input made for the kernels.
    var copyCount = dataFormat == .channelsFirst ? input.count : 0
    if plan.inputPadding != nil {
      // The padded copy the kernels read (sizes known: this is a tensor's plan).
      let padded = [input.shape[0], plan.channels!] + plan.axes.map { $0.input! + $0.padBefore + $0.padAfter }
      let count = (try? Tensor.checkedCount(of: padded)) ?? .max
      copyCount = copyCount > .max - count ? .max : copyCount + count
    }
    do {
      let (working, overflow) = try Tensor.checkedCount(of: outputShape).addingReportingOverflow(copyCount)
      try MemoryLimit.check(count: overflow ? .max : working, shape: outputShape, what: "the output")
    } catch {
      let copy = copyCount > 0 ? "; that counts the channels-last copy of the input the kernels read (\(MemoryLimit.describe(copyCount * 4)))" : ""
      throw LayerShapeError(layer: typeName, "\(error)\(copy)")
    }
    // No element to compute: the loops below would still walk every pixel of an axis that may
    // be 2³¹ long (with zero channels or batch), so the empty result is made directly.
    if outputShape.contains(0) { return try! Tensor.zeros(outputShape) }
    var lastInput = toChannelsLast(input)
    let batch = input.shape[0]
    if let mode = plan.inputPadding {
      let lastShape = lastInput.shape
      let before = [0] + plan.axes.map(\.padBefore) + [0], after = [0] + plan.axes.map(\.padAfter) + [0]
      let padded = EdgePadding.pad(lastInput.scalars, shape: lastShape, before: before, after: after, mode: mode)
      let paddedShape = zip(lastShape, zip(before, after)).map { $0 + $1.0 + $1.1 }
      lastInput = Tensor(validShape: paddedShape, scalars: padded)
    }
    let result: [Float]
    switch plan.problems(batch: batch) {
    case .convolution(let problem):
      result = run(problem, lastInput)
    case .separable(let depthwise, let pointwise):
      result = runSeparable(depthwise, pointwise, lastInput)
    case .resample(let operation):
      let padded = Array(repeating: 1, count: 3 - rank) + plan.spatial.map { $0! }
      let outputSpatial = Array(repeating: 1, count: 3 - rank) + plan.outputSpatial.map { $0! }
      result = resample(operation, lastInput.scalars, batch: batch, input: padded, output: outputSpatial, channels: plan.channels!)
    case .pool(let problem):
      result = Pooling.run(problem, input: lastInput.scalars)
    case nil:
      preconditionFailure("a tensor's shape is known")
    }
    let lastShape = dataFormat == .channelsLast ? outputShape : [outputShape[0]] + outputShape[2...] + [outputShape[1]]
    var output = Tensor(validShape: lastShape, scalars: result)  // checked above
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

  private var spec: ConvSpec {
    guard case .convolution(let spec) = operation else { preconditionFailure("a convolution layer") }
    return spec
  }

  private var activation: Activation { spec.activation.isElementwise ? spec.activation : .linear }
  private var bias: [Float]? { spec.useBias ? weights.last!.scalars : nil }

  private func run(_ problem: ConvolutionProblem, _ input: Tensor) -> [Float] {
    switch problem.kind {
    case .standard:
      return Convolution.run(
        problem, input: input.scalars, weights: weightCache.value(for: "standard kernel") { standardKernel(spec) }, bias: bias,
        activation: activation, cache: weightCache)
    case .transposed:
      return Convolution.run(
        problem, input: input.scalars, weights: weightCache.value(for: "transposed kernel") { transposedKernel(spec) },
        bias: bias, activation: activation, cache: weightCache)
    case .depthwise:
      return Convolution.run(problem, input: input.scalars, weights: weights[0].scalars, bias: bias, activation: activation)
    }
  }

  private func runSeparable(_ depthwise: ConvolutionProblem, _ pointwise: ConvolutionProblem, _ input: Tensor) -> [Float] {
    if let fused = Convolution.runSeparable(
      depthwise: depthwise, input: input.scalars, depthwiseWeights: weights[0].scalars,
      outputChannels: pointwise.outputChannels, pointwiseWeights: weights[1].scalars, bias: bias, activation: activation,
      cache: weightCache)
    {
      return fused
    }
    let middle = Convolution.run(depthwise, input: input.scalars, weights: weights[0].scalars, bias: nil)
    return Convolution.run(
      pointwise, input: middle, weights: weights[1].scalars, bias: bias, activation: activation, cache: weightCache)
  }

  /// The kernel in the kernels' layout `(k…, in/groups, out)`, Keras's own; PyTorch stores
  /// `(out, in/groups, k…)`.
  private func standardKernel(_ spec: ConvSpec) -> [Float] {
    let r = spec.rank
    guard framework == .torch else { return weights[0].scalars }
    return try! weights[0].transposed(Array(2..<(r + 2)) + [1, 0]).scalars
  }

  /// The transposed kernel in the kernels' layout `(k…, in, out/groups)`: Keras stores
  /// `(k…, out, in)`, Paddle `(in, out/groups, k…)`.
  private func transposedKernel(_ spec: ConvSpec) -> [Float] {
    let kernel = weights[0]
    let r = spec.rank
    switch framework {
    case .keras: return try! kernel.transposed(Array(0..<r) + [r + 1, r]).scalars
    case .paddle, .torch: return try! kernel.transposed(Array(2..<(r + 2)) + [0, 1]).scalars
    }
  }

  private func resample(
    _ operation: ResampleSpec.Operation, _ input: [Float], batch: Int, input inputSize: [Int], output outputSize: [Int],
    channels: Int
  ) -> [Float] {
    let lead = Array(repeating: 0, count: 3 - rank)
    switch operation {
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
