/// Transposed convolution (groups = 1) as one GEMM plus a gather:
///
/// 1. columns[pixel][tap·Cout + o] = Σ_c input[pixel][c] · kernel[tap][c][o] — a GEMM whose A is
///    the input itself and whose B (the kernel as Cin × taps·Cout) is packed once per layer;
/// 2. output[o] = Σ over the taps whose input lands on o (i·s − crop + tap·d = o) of
///    columns[i][tap] — each output pixel gathers, so threads never write the same cell. When
///    the stride equals the kernel (and no dilation), each output pixel has exactly one tap: a
///    plain copy;
/// 3. bias and activation on the way out.
///
/// No zero-inserted input is built. Working memory is the columns of a few images at a time.
enum TransposedGEMM {
  static func run(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation,
    instructionSet: InstructionSet = .best, cache: WeightCache? = nil
  ) -> [Float] {
    precondition(p.kind == .transposed && p.groups == 1)
    let kernel = instructionSet.tileKernel
    let taps = p.taps, inC = p.inputChannels, outC = p.outputChannels
    let shape = BlockedGEMM.Shape(m: p.inputPixels, n: taps * outC, k: inC, groups: 1)
    let pack = {
      // (taps, in, out) → (in, taps·out), then panels.
      var matrix = [Float](repeating: 0, count: inC * taps * outC)
      for t in 0..<taps {
        for c in 0..<inC {
          for o in 0..<outC { matrix[c * taps * outC + t * outC + o] = weights[(t * inC + c) * outC + o] }
        }
      }
      return matrix.withUnsafeBufferPointer {
        BlockedGEMM.pack($0.baseAddress!, rowStride: taps * outC, shape, width: kernel.columns)
      }
    }
    let packed = cache?.value(for: "transposed \(kernel.columns)", make: pack) ?? pack()
    let inputPixels = p.inputPixels, outputPixels = p.outputPixels
    let columnsPerImage = inputPixels * taps * outC
    let imagesPerChunk = max(1, min(p.batch, (8 << 20) / max(1, columnsPerImage)))
    var columns = [Float](repeating: 0, count: imagesPerChunk * columnsPerImage)
    var output = [Float](repeating: 0, count: p.outputCount)
    input.withUnsafeBufferPointer { inputBuffer in
      packed.withUnsafeBufferPointer { packedBuffer in
        columns.withUnsafeMutableBufferPointer { columnBuffer in
          output.withUnsafeMutableBufferPointer { outputBuffer in
            var first = 0
            while first < p.batch {
              if Interruption.isRequested { return }
              let images = min(imagesPerChunk, p.batch - first)
              var chunkShape = shape
              chunkShape.m = images * inputPixels
              BlockedGEMM.run(
                chunkShape, a: .matrix(inputBuffer.baseAddress! + first * inputPixels * inC, stride: inC),
                packed: packedBuffer.baseAddress!, c: columnBuffer.baseAddress!, ldc: taps * outC, bias: nil,
                activation: .linear, kernel: kernel)
              let shared = Shared(
                columns: columnBuffer.baseAddress!, output: outputBuffer.baseAddress! + first * outputPixels * outC)
              let rows = p.outputSize[0] * p.outputSize[1]
              Parallel.forEachItem(images * rows) { item in
                if Interruption.isRequested { return }
                gatherRow(item % rows, image: item / rows, p, shared, bias: bias, activation: activation)
              }
              first += images
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

  private static func gatherRow(
    _ row: Int, image: Int, _ p: ConvolutionProblem, _ shared: Shared, bias: [Float]?, activation: Activation
  ) {
    let outC = p.outputChannels, taps = p.taps
    let oy = row % p.outputSize[1], oz = row / p.outputSize[1]
    let columns = shared.columns + image * p.inputPixels * taps * outC
    let output = shared.output + image * p.outputPixels * outC
    for ox in 0..<p.outputSize[2] {
      let destination = output + ((oz * p.outputSize[1] + oy) * p.outputSize[2] + ox) * outC
      for kz in 0..<p.kernelSize[0] {
        guard let iz = Convolution.source(oz, kz, axis: 0, p) else { continue }
        for ky in 0..<p.kernelSize[1] {
          guard let iy = Convolution.source(oy, ky, axis: 1, p) else { continue }
          for kx in 0..<p.kernelSize[2] {
            guard let ix = Convolution.source(ox, kx, axis: 2, p) else { continue }
            let tap = (kz * p.kernelSize[1] + ky) * p.kernelSize[2] + kx
            let pixel = (iz * p.inputSize[1] + iy) * p.inputSize[2] + ix
            let column = columns + (pixel * taps + tap) * outC
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
