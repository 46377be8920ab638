/// Transposed convolution (groups = 1) as one GEMM per image plus a gather:
///
/// 1. columns[pixel][tap·Cout + o] = Σ_c input[pixel][c] · kernel[tap][c][o] — a 1×1 convolution
///    from Cin to taps·Cout channels on the GEMM path;
/// 2. output[o] = Σ over the taps whose input lands on o (i·s − crop + tap·d = o) of
///    columns[i][tap] — each output pixel gathers, so threads never write the same cell;
/// 3. bias and activation on the way out.
///
/// No zero-inserted input is built. Working memory is one image's columns.
enum TransposedGEMM {
  static func run(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation
  ) -> [Float] {
    precondition(p.kind == .transposed && p.groups == 1)
    let taps = p.taps, inC = p.inputChannels, outC = p.outputChannels
    // (taps, in, out) → (in, taps·out): the 1×1 kernel's (1, in, taps·out) layout.
    var matrix = [Float](repeating: 0, count: inC * taps * outC)
    for t in 0..<taps {
      for c in 0..<inC {
        for o in 0..<outC { matrix[c * taps * outC + t * outC + o] = weights[(t * inC + c) * outC + o] }
      }
    }
    let inputPixels = p.inputPixels, outputPixels = p.outputPixels
    let columnsProblem = ConvolutionProblem(
      kind: .standard, batch: 1, inputSize: p.inputSize, outputSize: p.inputSize, kernelSize: [1, 1, 1],
      strides: [1, 1, 1], dilations: [1, 1, 1], offset: [0, 0, 0], inputChannels: inC, outputChannels: taps * outC)
    var output = [Float](repeating: 0, count: p.outputCount)
    for n in 0..<p.batch {
      if Interruption.isRequested { break }
      let image = Array(input[(n * inputPixels * inC)..<((n + 1) * inputPixels * inC)])
      let columns = GEMMConvolution.run(columnsProblem, input: image, weights: matrix, bias: nil, activation: .linear)
      columns.withUnsafeBufferPointer { columnBuffer in
        output.withUnsafeMutableBufferPointer { outputBuffer in
          let shared = Shared(columns: columnBuffer.baseAddress!, output: outputBuffer.baseAddress! + n * outputPixels * outC)
          let rows = p.outputSize[0] * p.outputSize[1]
          Parallel.forEachRange(rows, grain: 4) { range in
            for row in range {
              if Interruption.isRequested { return }
              gatherRow(row, p, shared, bias: bias, activation: activation)
            }
          }
        }
      }
    }
    return output
  }

  private struct Shared: @unchecked Sendable {
    // Workers read the columns and write disjoint output rows.
    let columns: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
  }

  private static func gatherRow(_ row: Int, _ p: ConvolutionProblem, _ shared: Shared, bias: [Float]?, activation: Activation) {
    let outC = p.outputChannels, taps = p.taps
    let oy = row % p.outputSize[1], oz = row / p.outputSize[1]
    for ox in 0..<p.outputSize[2] {
      let destination = shared.output + ((oz * p.outputSize[1] + oy) * p.outputSize[2] + ox) * outC
      for kz in 0..<p.kernelSize[0] {
        guard let iz = Convolution.source(oz, kz, axis: 0, p) else { continue }
        for ky in 0..<p.kernelSize[1] {
          guard let iy = Convolution.source(oy, ky, axis: 1, p) else { continue }
          for kx in 0..<p.kernelSize[2] {
            guard let ix = Convolution.source(ox, kx, axis: 2, p) else { continue }
            let tap = (kz * p.kernelSize[1] + ky) * p.kernelSize[2] + kx
            let pixel = (iz * p.inputSize[1] + iy) * p.inputSize[2] + ix
            let column = shared.columns + (pixel * taps + tap) * outC
            for o in 0..<outC { destination[o] += column[o] }
          }
        }
      }
      if let bias {
        for o in 0..<outC { destination[o] = activation.apply(destination[o] + bias[o]) }
      } else if activation != .linear {
        for o in 0..<outC { destination[o] = activation.apply(destination[o]) }
      }
    }
  }
}
