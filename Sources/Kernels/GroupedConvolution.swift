import Tensors
import GEMMCore

/// Depthwise (multiplier 1) and grouped convolutions whose groups have the same small number
/// of input and output channels (1, 2, 4 or 8), vectorised over channels a row at a time by
/// the instruction set's `groupedRow` kernel. Wider groups go to the GEMM instead, where a
/// group fills whole tiles.
enum GroupedConvolution {
  /// The channels per group this kernel takes for `p`, or nil.
  static func groupWidth(_ p: ConvolutionProblem) -> Int? {
    switch p.kind {
    case .depthwise: return readsInPlace(p) ? 1 : nil
    case .standard:
      let width = p.inputChannels / p.groups
      guard p.groups > 1, p.outputChannels == p.inputChannels, [1, 2, 4, 8].contains(width) else { return nil }
      return width
    case .transposed: return nil
    }
  }

  /// The depth multiplier of depthwise `p` (output channels per input channel).
  static func multiplier(_ p: ConvolutionProblem) -> Int {
    p.inputChannels > 0 ? p.outputChannels / p.inputChannels : 1
  }

  private static func readsInPlace(_ p: ConvolutionProblem) -> Bool {
    // The row kernel widens 8 / m input channels to 8 outputs for these; others repeat the input.
    p.kind == .depthwise && p.inputChannels > 0 && groupedRowMultipliers.contains(multiplier(p))
  }

  /// Whether `p` is depthwise with a depth multiplier the row kernel does not read in place
  /// (3, 5, 6, …), which `runRepeated` computes.
  static func isMultiplied(_ p: ConvolutionProblem) -> Bool {
    p.kind == .depthwise && p.inputChannels > 0 && multiplier(p) > 1 && !readsInPlace(p)
  }

  /// Depthwise with depth multiplier m > 1 as depthwise with multiplier 1 over the input with
  /// each channel repeated m times (channel c·m + j holds channel c), so the row kernel runs
  /// it; the weights (taps, in, m) already are (taps, in·m). One image at a time, so the
  /// repeated copy is m images' worth at most.
  static func runRepeated(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation,
    instructionSet: InstructionSet = .best, cache: WeightCache? = nil
  ) -> [Float] {
    let m = p.outputChannels / p.inputChannels, cin = p.inputChannels
    var single = p
    single.batch = 1
    single.inputChannels = p.outputChannels
    let imageInput = p.inputPixels * cin, imageOutput = p.outputPixels * p.outputChannels
    var repeated = [Float](repeating: 0, count: p.inputPixels * p.outputChannels)
    var output = [Float](repeating: 0, count: p.outputCount)
    for n in 0..<p.batch {
      if Interruption.isRequested { break }
      input.withUnsafeBufferPointer { source in
        repeated.withUnsafeMutableBufferPointer { target in
          let shared = RepeatBuffers(source: source.baseAddress! + n * imageInput, target: target.baseAddress!)
          Parallel.forEachRange(p.inputPixels, grain: 1024) { pixels in
            for pixel in pixels {
              let from = shared.source + pixel * cin, to = shared.target + pixel * cin * m
              for c in 0..<cin {
                let value = from[c]
                for j in 0..<m { to[c * m + j] = value }
              }
            }
          }
        }
      }
      let result = run(single, input: repeated, weights: weights, bias: bias, activation: activation, instructionSet: instructionSet, cache: cache)
      output.withUnsafeMutableBufferPointer { target in
        result.withUnsafeBufferPointer { (target.baseAddress! + n * imageOutput).update(from: $0.baseAddress!, count: imageOutput) }
      }
    }
    return output
  }

  private struct RepeatBuffers: @unchecked Sendable {
    // Each range writes its own pixels.
    let source: UnsafePointer<Float>
    let target: UnsafeMutablePointer<Float>
  }

  static func run(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation,
    instructionSet: InstructionSet = .best, cache: WeightCache? = nil
  ) -> [Float] {
    let g = groupWidth(p)!, channels = p.outputChannels
    let rotate = {
      // W′[tap][δ][o] = W[tap][(o mod g + δ) mod g][o]; W is (taps, g, channels).
      var rotated = [Float](repeating: 0, count: p.taps * g * channels)
      for tap in 0..<p.taps {
        for delta in 0..<g {
          for o in 0..<channels {
            rotated[(tap * g + delta) * channels + o] = weights[(tap * g + (o % g + delta) % g) * channels + o]
          }
        }
      }
      return rotated
    }
    let rotated = g == 1 ? weights : (cache?.value(for: "grouped", make: rotate) ?? rotate())
    let kernel = instructionSet.groupedRow
    let rows = p.batch * p.outputSize[0] * p.outputSize[1]
    return [Float](unsafeUninitializedCapacity: p.outputCount) { outputBuffer, count in
      input.withUnsafeBufferPointer { inputBuffer in
        rotated.withUnsafeBufferPointer { weightBuffer in
          (bias ?? []).withUnsafeBufferPointer { biasBuffer in
            let shared = Shared(
              input: inputBuffer.baseAddress!, weights: weightBuffer.baseAddress!, output: outputBuffer.baseAddress!,
              bias: biasBuffer.isEmpty ? nil : biasBuffer.baseAddress!)
            Parallel.forEachItem(rows, flops: 2 * p.multiplyAdds) { row in
              if Interruption.isRequested { return }
              computeRow(
                row, p, g: g, input: shared.input, weights: shared.weights, bias: shared.bias,
                output: shared.output + row * p.outputSize[2] * channels, kernel: kernel, activation: activation)
            }
          }
        }
      }
      count = p.outputCount
    }
  }

  private struct Shared: @unchecked Sendable {
    // Rows write disjoint output; the rest is read-only.
    let input: UnsafePointer<Float>
    let weights: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
    let bias: UnsafePointer<Float>?
  }

  /// Output row `row` (batch, z, y in row-major order) of `p`, its `outputWidth × channels`
  /// floats written to `output`; `weights` rotated as `run` rotates them (as given when g = 1).
  static func computeRow(
    _ row: Int, _ p: ConvolutionProblem, g: Int, input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, kernel: GroupedRowKernel, activation: Activation
  ) {
    let channels = p.outputChannels
    let oy = row % p.outputSize[1], oz = (row / p.outputSize[1]) % p.outputSize[0]
    let n = row / (p.outputSize[1] * p.outputSize[0])
    withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: 2 * p.kernelSize[0] * p.kernelSize[1]) { pointers in
      var lineCount = 0
      let kernelRows = p.kernelSize[0] * p.kernelSize[1]
      for kz in 0..<p.kernelSize[0] {
        let iz = oz * p.strides[0] - p.offset[0] + kz * p.dilations[0]
        guard iz >= 0 && iz < p.inputSize[0] else { continue }
        for ky in 0..<p.kernelSize[1] {
          let iy = oy * p.strides[1] - p.offset[1] + ky * p.dilations[1]
          guard iy >= 0 && iy < p.inputSize[1] else { continue }
          pointers[lineCount] = input + ((n * p.inputSize[0] + iz) * p.inputSize[1] + iy) * p.inputSize[2] * p.inputChannels
          pointers[kernelRows + lineCount] = weights + (kz * p.kernelSize[1] + ky) * p.kernelSize[2] * g * channels
          lineCount += 1
        }
      }
      kernel(
        g,
        GroupedRow(
          lines: UnsafePointer(pointers.baseAddress!), lineWeights: UnsafePointer(pointers.baseAddress! + kernelRows),
          lineCount: lineCount, kernelWidth: p.kernelSize[2], strideX: p.strides[2], dilationX: p.dilations[2],
          offsetX: p.offset[2], inputWidth: p.inputSize[2], outputWidth: p.outputSize[2], channels: channels,
          bias: bias, output: output, multiplier: p.kind == .depthwise ? multiplier(p) : 1))
      BlockedGEMM.epilogue(output, ldc: 0, rows: 1, width: p.outputSize[2] * channels, bias: nil, activation)
    }
  }
}
