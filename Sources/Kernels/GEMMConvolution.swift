import GEMMCore

/// Standard (and grouped) convolution as an implicit GEMM per group:
/// C[pixels × filters] = A[pixels × (taps·channels)] · B[(taps·channels) × filters].
///
/// B (the weights) is packed once per layer into panels as wide as the instruction set's tile;
/// A (im2col) is never built whole: `BlockedGEMM` asks for one block of rows and one K slice at
/// a time, which `gather` copies from the input (zeros in the padding). A 1×1 convolution with
/// stride 1 reads the input itself as A.
enum GEMMConvolution {
  static func run(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation,
    instructionSet: InstructionSet = .best, cache: WeightCache? = nil
  ) -> [Float] {
    precondition(p.kind == .standard)
    let kernel = instructionSet.tileKernel
    let inPerGroup = p.inputChannels / p.groups
    let shape = BlockedGEMM.Shape(
      m: p.batch * p.outputPixels, n: p.outputChannels / p.groups, k: p.taps * inPerGroup, groups: p.groups)
    let pack = {
      weights.withUnsafeBufferPointer {
        BlockedGEMM.pack($0.baseAddress!, rowStride: p.outputChannels, shape, width: kernel.columns)
      }
    }
    let packed = cache?.value(for: "gemm \(kernel.columns) \(p.groups)", make: pack) ?? pack()
    let pointwise = p.taps == 1 && p.groups == 1 && p.strides == [1, 1, 1] && p.offset == [0, 0, 0]
      && p.inputSize == p.outputSize
    return [Float](unsafeUninitializedCapacity: p.outputCount) { outputBuffer, count in
      input.withUnsafeBufferPointer { inputBuffer in
        packed.withUnsafeBufferPointer { packedBuffer in
          let bias = bias ?? []
          bias.withUnsafeBufferPointer { biasBuffer in
            let source: BlockedGEMM.Source
            if pointwise {
              source = .matrix(inputBuffer.baseAddress!, stride: p.inputChannels)
            } else {
              let shared = SharedInput(pointer: inputBuffer.baseAddress!)
              source = .gather { a, first, count, k0, k1, group in
                gather(p, shared.pointer, into: a, first: first, count: count, k0: k0, k1: k1, group: group)
              }
            }
            BlockedGEMM.run(
              shape, a: source, packed: packedBuffer.baseAddress!, c: outputBuffer.baseAddress!,
              ldc: p.outputChannels, bias: biasBuffer.isEmpty ? nil : biasBuffer.baseAddress!,
              activation: activation, kernel: kernel)
          }
        }
      }
      count = p.outputCount
    }
  }

  private struct SharedInput: @unchecked Sendable {
    // Read-only while the GEMM runs.
    let pointer: UnsafePointer<Float>
  }

  /// Columns `[k0, k1)` of group `group`'s im2col for output pixels `[first, first + count)`,
  /// rows `k1 − k0` apart. Column `tap·(in/groups) + c` of a pixel is input channel c under that
  /// tap, or 0 in the padding. With dilation 1 and no groups, one kernel row's taps are adjacent
  /// in the input, so each (kz, ky) row of the slice is a single copy.
  static func gather(
    _ p: ConvolutionProblem, _ input: UnsafePointer<Float>, into a: UnsafeMutablePointer<Float>, first: Int,
    count: Int, k0: Int, k1: Int, group: Int
  ) {
    let channels = p.inputChannels, inPerGroup = channels / p.groups
    let depth = k1 - k0
    let kh = p.kernelSize[1], rowSpan = p.kernelSize[2] * inPerGroup
    let contiguous = p.groups == 1 && p.dilations[2] == 1
    let lineLength = p.inputSize[2] * channels
    let firstKRow = k0 / rowSpan, lastKRow = (k1 - 1) / rowSpan
    for r in 0..<count {
      var pixel = first + r
      let ox = pixel % p.outputSize[2]
      pixel /= p.outputSize[2]
      let oy = pixel % p.outputSize[1]
      pixel /= p.outputSize[1]
      let oz = pixel % p.outputSize[0]
      let n = pixel / p.outputSize[0]
      let ix0 = ox * p.strides[2] - p.offset[2]
      for kRow in firstKRow...lastKRow {
        let kz = kRow / kh, ky = kRow % kh
        let rowStart = kRow * rowSpan
        let lo = max(k0, rowStart), hi = min(k1, rowStart + rowSpan)
        let out = a + r * depth + (lo - k0)
        let iz = oz * p.strides[0] - p.offset[0] + kz * p.dilations[0]
        let iy = oy * p.strides[1] - p.offset[1] + ky * p.dilations[1]
        guard iz >= 0 && iz < p.inputSize[0] && iy >= 0 && iy < p.inputSize[1] else {
          out.update(repeating: 0, count: hi - lo)
          continue
        }
        let line = input + ((n * p.inputSize[0] + iz) * p.inputSize[1] + iy) * lineLength
        if contiguous {
          // Taps kx and channels c of this row sit at line[(ix0 + kx)·channels + c].
          let start = ix0 * channels + (lo - rowStart), end = start + (hi - lo)
          let validStart = min(max(start, 0), end), validEnd = max(min(end, lineLength), validStart)
          out.update(repeating: 0, count: validStart - start)
          (out + (validStart - start)).update(from: line + validStart, count: validEnd - validStart)
          (out + (validEnd - start)).update(repeating: 0, count: end - validEnd)
          continue
        }
        var k = lo
        while k < hi {
          let local = k - rowStart
          let kx = local / inPerGroup, c = local % inPerGroup
          let run = min(inPerGroup - c, hi - k)
          let ix = ix0 + kx * p.dilations[2]
          let destination = out + (k - lo)
          if ix >= 0 && ix < p.inputSize[2] {
            let source = line + ix * channels + group * inPerGroup + c
            if run == 1 { destination.pointee = source.pointee } else { destination.update(from: source, count: run) }
          } else {
            destination.update(repeating: 0, count: run)
          }
          k += run
        }
      }
    }
  }
}
