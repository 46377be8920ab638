import Tensors

/// The production convolution: threaded over output rows, with the weights' output channels
/// contiguous so the innermost loop is a vectorizable multiply-add, and bias plus activation
/// fused into each output pixel. Transposed convolution gathers per output pixel (only the
/// taps whose input lands on the stride grid), so no zero-inserted input is ever built.
public enum Convolution {
  /// Runs `problem` on channels-last `input` with `weights` in the problem's layout, adding
  /// `bias` (one per output channel) and applying an element-wise `activation`. `cache` keeps
  /// the weights' packed forms between calls; pass the layer's, which it renews on any change.
  public static func run(
    _ problem: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?,
    activation: Activation = .linear, cache: WeightCache? = nil
  ) -> [Float] {
    precondition(activation.isElementwise, "softmax is applied by the caller over the last axis")
    if GroupedConvolution.isMultiplied(problem) {
      return GroupedConvolution.runRepeated(problem, input: input, weights: weights, bias: bias, activation: activation, cache: cache)
    }
    if GroupedConvolution.groupWidth(problem) != nil {
      return GroupedConvolution.run(problem, input: input, weights: weights, bias: bias, activation: activation, cache: cache)
    }
    if Winograd.applies(problem) {
      return Winograd.run(problem, input: input, weights: weights, bias: bias, activation: activation, cache: cache)
    }
    if problem.kind == .standard {
      return GEMMConvolution.run(problem, input: input, weights: weights, bias: bias, activation: activation, cache: cache)
    }
    if problem.kind == .transposed && problem.groups == 1 {
      return TransposedGEMM.run(problem, input: input, weights: weights, bias: bias, activation: activation, cache: cache)
    }
    let p = problem
    var output = [Float](repeating: 0, count: p.outputCount)
    let rows = p.batch * p.outputSize[0] * p.outputSize[1]
    let rowLength = p.outputSize[2] * p.outputChannels
    input.withUnsafeBufferPointer { inputBuffer in
      weights.withUnsafeBufferPointer { weightBuffer in
        output.withUnsafeMutableBufferPointer { outputBuffer in
          let shared = SharedBuffers(
            input: inputBuffer.baseAddress!, weights: weightBuffer.baseAddress!,
            output: outputBuffer.baseAddress!, bias: bias)
          let grain = max(1, 16_384 / max(1, rowLength * p.taps))
          Parallel.forEachRange(rows, grain: grain) { range in
            var accumulator = [Float](repeating: 0, count: p.outputChannels)
            accumulator.withUnsafeMutableBufferPointer { acc in
              for row in range {
                if Interruption.isRequested { return }
                computeRow(row, p, shared, acc, activation)
              }
            }
          }
        }
      }
    }
    return output
  }

  /// A separable convolution in one pass: `depthwise` (depth multiplier 1, no bias) feeding
  /// a 1×1 convolution to `outputChannels` with `bias` and `activation`, the depthwise result
  /// computed block by block and never stored whole. nil where that path does not apply; run
  /// the two convolutions one after the other then.
  public static func runSeparable(
    depthwise: ConvolutionProblem, input: [Float], depthwiseWeights: [Float], outputChannels: Int,
    pointwiseWeights: [Float], bias: [Float]?, activation: Activation = .linear, cache: WeightCache? = nil
  ) -> [Float]? {
    precondition(activation.isElementwise, "softmax is applied by the caller over the last axis")
    return GEMMConvolution.runSeparable(
      depthwise, input: input, depthwiseWeights: depthwiseWeights, outputChannels: outputChannels,
      pointwiseWeights: pointwiseWeights, bias: bias, activation: activation, cache: cache)
  }

  private struct SharedBuffers: @unchecked Sendable {
    // Each worker writes only its own output rows; inputs are read-only.
    let input: UnsafePointer<Float>
    let weights: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
    let bias: [Float]?
  }

  private static let multiplyAccumulate = InstructionSet.best.multiplyAccumulate

  private static func computeRow(
    _ row: Int, _ p: ConvolutionProblem, _ buffers: SharedBuffers,
    _ acc: UnsafeMutableBufferPointer<Float>, _ activation: Activation
  ) {
    let oy = row % p.outputSize[1]
    let oz = (row / p.outputSize[1]) % p.outputSize[0]
    let n = row / (p.outputSize[1] * p.outputSize[0])
    let inC = p.inputChannels, outC = p.outputChannels
    let inPerGroup = inC / p.groups, outPerGroup = outC / p.groups
    let inputBatch = buffers.input + n * p.inputPixels * inC

    for ox in 0..<p.outputSize[2] {
      if let bias = buffers.bias {
        for f in 0..<outC { acc[f] = bias[f] }
      } else {
        for f in 0..<outC { acc[f] = 0 }
      }
      for kz in 0..<p.kernelSize[0] {
        guard let iz = source(oz, kz, axis: 0, p) else { continue }
        for ky in 0..<p.kernelSize[1] {
          guard let iy = source(oy, ky, axis: 1, p) else { continue }
          for kx in 0..<p.kernelSize[2] {
            guard let ix = source(ox, kx, axis: 2, p) else { continue }
            let tap = (kz * p.kernelSize[1] + ky) * p.kernelSize[2] + kx
            let x = inputBatch + ((iz * p.inputSize[1] + iy) * p.inputSize[2] + ix) * inC
            switch p.kind {
            case .standard:
              let tapWeights = buffers.weights + tap * inPerGroup * outC
              for group in 0..<p.groups {
                let accGroup = acc.baseAddress! + group * outPerGroup
                for c in 0..<inPerGroup {
                  let value = x[group * inPerGroup + c]
                  let w = tapWeights + c * outC + group * outPerGroup
                  for j in 0..<outPerGroup { accGroup[j] += value * w[j] }
                }
              }
            case .transposed:
              let tapWeights = buffers.weights + tap * inC * outPerGroup
              for c in 0..<inC {
                let value = x[c]
                let w = tapWeights + c * outPerGroup
                let accGroup = acc.baseAddress! + (c / inPerGroup) * outPerGroup
                for j in 0..<outPerGroup { accGroup[j] += value * w[j] }
              }
            case .depthwise:
              let multiplier = outC / inC
              let tapWeights = buffers.weights + tap * outC
              if multiplier == 1 {
                multiplyAccumulate(inC, x, tapWeights, acc.baseAddress!)
                continue
              }
              for c in 0..<inC {
                let value = x[c]
                let w = tapWeights + c * multiplier
                let accChannel = acc.baseAddress! + c * multiplier
                for j in 0..<multiplier { accChannel[j] += value * w[j] }
              }
            }
          }
        }
      }
      let destination = buffers.output + (row * p.outputSize[2] + ox) * outC
      for f in 0..<outC { destination[f] = activation.apply(acc[f]) }
    }
  }

  /// The input coordinate that kernel tap `k` reads for output coordinate `o` on `axis`, or
  /// nil when it falls in the padding (forward) or off the stride grid (transposed).
  @inline(__always)
  static func source(_ o: Int, _ k: Int, axis: Int, _ p: ConvolutionProblem) -> Int? {
    let stride = p.strides[axis], size = p.inputSize[axis]
    switch p.kind {
    case .standard, .depthwise:
      let i = o * stride - p.offset[axis] + k * p.dilations[axis]
      return i >= 0 && i < size ? i : nil
    case .transposed:
      let numerator = o + p.offset[axis] - k * p.dilations[axis]
      guard numerator >= 0, numerator % stride == 0 else { return nil }
      let i = numerator / stride
      return i < size ? i : nil
    }
  }
}
