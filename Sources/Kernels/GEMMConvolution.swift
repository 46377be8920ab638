import GEMMCore

/// Standard (and grouped) convolution as an implicit GEMM per group:
/// C[pixels × filters] = A[pixels × (taps·channels)] · B[(taps·channels) × filters].
///
/// B (the weights) is packed into panels as wide as the chosen instruction set's tile (32 columns
/// on AVX-512, 16 on AVX2); A is gathered a tile of output pixels at a time into a small
/// per-thread buffer (im2col in chunks: working memory is rows·K floats per thread), and the
/// micro-kernel multiplies them. Bias and
/// activation are applied as each tile is stored.
enum GEMMConvolution {
  static func run(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation,
    instructionSet: InstructionSet = .best
  ) -> [Float] {
    precondition(p.kind == .standard)
    let kernel = instructionSet.tileKernel
    let rowsPerTile = kernel.rows, panelWidth = kernel.columns
    let inPerGroup = p.inputChannels / p.groups, outPerGroup = p.outputChannels / p.groups
    let depth = p.taps * inPerGroup
    let pixels = p.batch * p.outputPixels
    let tiles = (pixels + rowsPerTile - 1) / rowsPerTile
    let panels = (outPerGroup + panelWidth - 1) / panelWidth
    var output = [Float](repeating: 0, count: p.outputCount)
    // All groups' panels, group after group; one group-major im2col per tile serves them all.
    var packed: [Float] = []
    for group in 0..<p.groups {
      packed += pack(weights, p, group: group, depth: depth, panels: panels, width: panelWidth)
    }
    let fullDepth = depth * p.groups
    input.withUnsafeBufferPointer { inputBuffer in
      packed.withUnsafeBufferPointer { packedBuffer in
        output.withUnsafeMutableBufferPointer { outputBuffer in
          let shared = Shared(
            input: inputBuffer.baseAddress!, packed: packedBuffer.baseAddress!, output: outputBuffer.baseAddress!)
          Parallel.forEachRange(tiles, grain: max(1, 4096 / max(1, fullDepth * panels))) { range in
            let a = UnsafeMutablePointer<Float>.allocate(capacity: rowsPerTile * fullDepth)
            let c = UnsafeMutableRawPointer.allocate(byteCount: rowsPerTile * panelWidth * 4, alignment: 64)
            defer {
              a.deallocate()
              c.deallocate()
            }
            for tile in range {
              if Interruption.isRequested { return }
              let first = tile * rowsPerTile
              let rows = min(rowsPerTile, pixels - first)
              gather(p, shared.input, into: a, firstPixel: first, rows: rows, tileRows: rowsPerTile, depth: fullDepth)
              for group in 0..<p.groups {
                for panel in 0..<panels {
                  let b = shared.packed + (group * panels + panel) * depth * panelWidth
                  kernel.run(depth, a + group * depth, fullDepth, b, c)
                  store(c, p, shared.output, firstPixel: first, rows: rows, group: group, panel: panel,
                        panelWidth: panelWidth, bias: bias, activation: activation)
                }
              }
            }
          }
        }
      }
    }
    return output
  }

  private struct Shared: @unchecked Sendable {
    // Workers read input and packed weights and write disjoint output tiles.
    let input: UnsafePointer<Float>
    let packed: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
  }

  /// Weights `(taps, in/groups, out)` of one group as panels `[panel][depth][32]`, zero-padded.
  private static func pack(_ weights: [Float], _ p: ConvolutionProblem, group: Int, depth: Int, panels: Int, width panelWidth: Int) -> [Float] {
    let outPerGroup = p.outputChannels / p.groups
    var packed = [Float](repeating: 0, count: panels * depth * panelWidth)
    for panel in 0..<panels {
      let width = min(panelWidth, outPerGroup - panel * panelWidth)
      for row in 0..<depth {
        let source = row * p.outputChannels + group * outPerGroup + panel * panelWidth
        let target = (panel * depth + row) * panelWidth
        for column in 0..<width { packed[target + column] = weights[source + column] }
      }
    }
    return packed
  }

  /// im2col for `rows` output pixels from `firstPixel`, group-major: each row holds, group after
  /// group, that group's input channels under every tap (zeros in the padding). A kernel row
  /// whose taps are adjacent in the input (dilation 1, no groups, fully inside) is one copy.
  /// Rows past the end are zero.
  private static func gather(
    _ p: ConvolutionProblem, _ input: UnsafePointer<Float>, into a: UnsafeMutablePointer<Float>, firstPixel: Int,
    rows: Int, tileRows rowsPerTile: Int, depth: Int
  ) {
    let inPerGroup = p.inputChannels / p.groups
    let groupDepth = p.taps * inPerGroup
    let kw = p.kernelSize[2]
    a.update(repeating: 0, count: rowsPerTile * depth)
    for row in 0..<rows {
      var pixel = firstPixel + row
      let ox = pixel % p.outputSize[2]
      pixel /= p.outputSize[2]
      let oy = pixel % p.outputSize[1]
      pixel /= p.outputSize[1]
      let oz = pixel % p.outputSize[0]
      let n = pixel / p.outputSize[0]
      let rowStart = a + row * depth
      var tap = 0
      for kz in 0..<p.kernelSize[0] {
        let iz = oz * p.strides[0] - p.offset[0] + kz * p.dilations[0]
        for ky in 0..<p.kernelSize[1] {
          let iy = oy * p.strides[1] - p.offset[1] + ky * p.dilations[1]
          defer { tap += kw }
          guard iz >= 0 && iz < p.inputSize[0] && iy >= 0 && iy < p.inputSize[1] else { continue }
          let line = input + ((n * p.inputSize[0] + iz) * p.inputSize[1] + iy) * p.inputSize[2] * p.inputChannels
          let ix0 = ox * p.strides[2] - p.offset[2]
          if p.groups == 1 && p.dilations[2] == 1 && ix0 >= 0 && ix0 + kw <= p.inputSize[2] {
            (rowStart + tap * inPerGroup).update(from: line + ix0 * p.inputChannels, count: kw * p.inputChannels)
            continue
          }
          for kx in 0..<kw {
            let ix = ix0 + kx * p.dilations[2]
            guard ix >= 0 && ix < p.inputSize[2] else { continue }
            let source = line + ix * p.inputChannels
            for group in 0..<p.groups {
              let destination = rowStart + group * groupDepth + (tap + kx) * inPerGroup
              if inPerGroup == 1 {
                destination.pointee = source[group]
              } else {
                destination.update(from: source + group * inPerGroup, count: inPerGroup)
              }
            }
          }
        }
      }
    }
  }

  private static func store(
    _ c: UnsafeMutableRawPointer, _ p: ConvolutionProblem, _ output: UnsafeMutablePointer<Float>,
    firstPixel: Int, rows: Int, group: Int, panel: Int, panelWidth: Int, bias: [Float]?, activation: Activation
  ) {
    let outPerGroup = p.outputChannels / p.groups
    let width = min(panelWidth, outPerGroup - panel * panelWidth)
    let firstColumn = group * outPerGroup + panel * panelWidth
    let tile = UnsafeRawPointer(c).assumingMemoryBound(to: Float.self)
    for row in 0..<rows {
      let destination = output + (firstPixel + row) * p.outputChannels + firstColumn
      let values = tile + row * panelWidth
      if let bias {
        for column in 0..<width { destination[column] = activation.apply(values[column] + bias[firstColumn + column]) }
      } else {
        for column in 0..<width { destination[column] = activation.apply(values[column]) }
      }
    }
  }
}
