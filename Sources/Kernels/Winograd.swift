import GEMMCore
import Synchronization
import Tensors

/// Convolutions whose rows and columns are 3×3 at stride 1 by Winograd's F(4×4, 3×3) (Lavin &
/// Gray 2016): each 4×4 block of output is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A over the 6×6 input block d
/// under it, so the 36 elementwise products of the transformed domain replace 144 multiply-adds
/// per channel pair. A 3-D kernel's depth taps (any size, stride, dilation) are summed directly:
/// they join the channels in the products' K.
///
/// The products over channels are 36 independent GEMMs, one per transformed position ξ:
/// M_ξ[tiles × out] = V_ξ[tiles × (depth taps · in)] · U_ξ[(depth taps · in) × out]. They run as one grouped `BlockedGEMM`
/// (36 groups) on the instruction set's micro-kernels; U is packed once per layer. Tiles go in
/// chunks, so the transformed input V and products M stay in the last-level cache.
///
/// Accuracy: the transforms' constants (4, 5, 1/24, …) grow rounding to about 1e-6 relative for
/// inputs of similar magnitudes, well inside the 2e-4 the fast paths are held to.
enum Winograd {
  /// Output block per tile along each axis, and the input block it reads.
  static let outputTile = 4, inputTile = 6, positions = 36

  /// Whether `p` is a convolution Winograd computes, and where it is worth its rounding: 3×3
  /// rows and columns at stride 1 without dilation, one group, at least 32 channels in and out. There the 36 GEMMs
  /// run at speed, and the direct sums' own rounding is of the same order as the transforms'
  /// (about 1e-5 of the output's scale, against 1e-6 direct); small layers, the ones people
  /// check by hand, stay exact to the frameworks' float32.
  static func applies(_ p: ConvolutionProblem) -> Bool {
    p.kind == .standard && p.groups == 1 && p.kernelSize[1...] == [3, 3] && p.strides[1...] == [1, 1]
      && p.dilations[1...] == [1, 1] && p.inputChannels >= 32 && p.outputChannels >= 32
      && p.outputSize[1] >= 4 && p.outputSize[2] >= 4 && transformedWeightCount(p) <= maximumTransformedWeights
  }

  /// The transformed weights are 4× the kernel (36 positions for 9 taps) and live beside it,
  /// outside the tensor memory limit; past 256 MiB of them a layer stays direct.
  static let maximumTransformedWeights = 64 << 20

  /// 36 · depth taps · in · out, saturating instead of overflowing.
  static func transformedWeightCount(_ p: ConvolutionProblem) -> Int {
    [p.kernelSize[0], p.inputChannels, p.outputChannels].reduce(positions) { product, factor in
      let (next, overflow) = product.multipliedReportingOverflow(by: factor)
      return overflow ? .max : next
    }
  }

  static func run(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation,
    instructionSet: InstructionSet = .best, cache: WeightCache? = nil
  ) -> [Float] {
    precondition(applies(p))
    let kernel = instructionSet.tileKernel
    let inputKernel = instructionSet.winogradInput, outputKernel = instructionSet.winogradOutput
    let cin = p.inputChannels, cout = p.outputChannels
    let tilesDown = (p.outputSize[1] + outputTile - 1) / outputTile
    let tilesAcross = (p.outputSize[2] + outputTile - 1) / outputTile
    let tilesPerPlane = tilesDown * tilesAcross
    let tiles = p.batch * p.outputSize[0] * tilesPerPlane
    // K of each product: every depth tap's channels.
    let depth = p.kernelSize[0] * cin
    let packed = packedWeights(weights, taps: p.kernelSize[0], cin: cin, cout: cout, kernel: kernel, cache: cache)
    // Tiles per chunk: V and M of a chunk (36·(K + out) floats a tile) in about 6 MB.
    let perTile = positions * (depth + cout) * MemoryLayout<Float>.size
    let chunkTiles = max(kernel.rows * 4, min(tiles, 6 << 20 / perTile))
    let v = UnsafeMutablePointer<Float>.allocate(capacity: chunkTiles * positions * depth)
    let m = UnsafeMutablePointer<Float>.allocate(capacity: chunkTiles * positions * cout)
    let zeros = UnsafeMutablePointer<Float>.allocate(capacity: cin)
    zeros.initialize(repeating: 0, count: cin)
    defer {
      v.deallocate()
      m.deallocate()
      zeros.deallocate()
    }
    let geometry = Geometry(p: p, tilesDown: tilesDown, tilesAcross: tilesAcross, tilesPerPlane: tilesPerPlane)
    let nonFinite = Flag()
    let output = [Float](unsafeUninitializedCapacity: p.outputCount) { outputBuffer, count in
      input.withUnsafeBufferPointer { inputBuffer in
        packed.withUnsafeBufferPointer { packedBuffer in
          (bias ?? []).withUnsafeBufferPointer { biasBuffer in
            let shared = Shared(
              input: inputBuffer.baseAddress!, output: outputBuffer.baseAddress!, v: v, m: m,
              bias: biasBuffer.isEmpty ? nil : biasBuffer.baseAddress!, zeros: zeros)
            var first = 0
            while first < tiles {
              if Interruption.isRequested { break }
              let count = min(chunkTiles, tiles - first)
              let start = first
              // Work per tile in the transforms is small: hand out a few tiles at a time.
              let grain = 8
              Parallel.forEachItem((count + grain - 1) / grain, flops: count * positions * depth * 8) { item in
                var finite = true
                for tile in (item * grain)..<min(count, (item + 1) * grain) {
                  finite = transformInput(
                    tile: start + tile, into: shared.v + tile * positions * depth, geometry, shared.input, zeros: shared.zeros,
                    kernel: inputKernel) && finite
                }
                if !finite { nonFinite.value.store(true, ordering: .relaxed) }
              }
              // An inf or NaN would spread over its whole tile (inf − inf in the transforms):
              // such inputs take the direct path, where each output sees only its own window.
              if nonFinite.value.load(ordering: .relaxed) { break }
              BlockedGEMM.run(
                BlockedGEMM.Shape(m: count, n: cout, k: depth, groups: positions),
                a: .matrix(UnsafePointer(shared.v), stride: positions * depth), packed: packedBuffer.baseAddress!,
                c: .matrix(shared.m, ldc: positions * cout), bias: nil, activation: .linear, kernel: kernel)
              Parallel.forEachItem((count + grain - 1) / grain, flops: count * positions * cout * 8) { item in
                for tile in (item * grain)..<min(count, (item + 1) * grain) {
                  transformOutput(tile: start + tile, from: shared.m + tile * positions * cout, geometry, shared, activation, kernel: outputKernel)
                }
              }
              first += count
            }
          }
        }
      }
      count = p.outputCount
    }
    if nonFinite.value.load(ordering: .relaxed) {
      return GEMMConvolution.run(p, input: input, weights: weights, bias: bias, activation: activation, instructionSet: instructionSet, cache: cache)
    }
    return output
  }

  private final class Flag: Sendable {
    let value = Atomic<Bool>(false)
  }

  private struct Geometry {
    let p: ConvolutionProblem
    let tilesDown: Int, tilesAcross: Int, tilesPerPlane: Int

    /// Tile `tile`'s image, output plane, and its block's first output row and column.
    func place(_ tile: Int) -> (image: Int, plane: Int, row: Int, column: Int) {
      let within = tile % tilesPerPlane, plane = tile / tilesPerPlane
      return (plane / p.outputSize[0], plane % p.outputSize[0], (within / tilesAcross) * outputTile, (within % tilesAcross) * outputTile)
    }
  }

  private struct Shared: @unchecked Sendable {
    // Each tile writes its own rows of V and M and its own output block.
    let input: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
    let v: UnsafeMutablePointer<Float>
    let m: UnsafeMutablePointer<Float>
    let bias: UnsafePointer<Float>?
    /// `inputChannels` zeros: the padding's pixel.
    let zeros: UnsafePointer<Float>
  }

  /// U = G g Gᵀ for every (depth tap, in, out), in double, written straight into the GEMM's
  /// packed layout (36 groups of (taps·in) × out, in panels of the tile's width) once per
  /// layer: no unpacked copy, so the largest layers' first call needs U's size once, not twice.
  /// `weights` are Keras's (taps, 3, 3, in, out).
  static func packedWeights(_ weights: [Float], taps: Int, cin: Int, cout: Int, kernel: TileKernel, cache: WeightCache?) -> [Float] {
    let make = { () -> [Float] in
      let g: [[Double]] = [[0.25, 0, 0], [-1.0 / 6, -1.0 / 6, -1.0 / 6], [-1.0 / 6, 1.0 / 6, -1.0 / 6],
        [1.0 / 24, 1.0 / 12, 1.0 / 6], [1.0 / 24, -1.0 / 12, 1.0 / 6], [0, 0, 1]]
      let k = taps * cin, width = kernel.columns
      let shape = BlockedGEMM.Shape(m: 0, n: cout, k: k, groups: positions)
      let panels = (cout + width - 1) / width
      return [Float](unsafeUninitializedCapacity: BlockedGEMM.packedCount(shape, width: width)) { packed, count in
        packed.initialize(repeating: 0)
        var tap = [Double](repeating: 0, count: 9), rows = [Double](repeating: 0, count: 18)
        for row in 0..<k {
          let z = row / cin, c = row % cin
          for f in 0..<cout {
            for index in 0..<9 { tap[index] = Double(weights[((z * 9 + index) * cin + c) * cout + f]) }
            // (G g)[i][x], then (G g Gᵀ)[i][j]
            for i in 0..<6 {
              for x in 0..<3 { rows[i * 3 + x] = g[i][0] * tap[x] + g[i][1] * tap[3 + x] + g[i][2] * tap[6 + x] }
            }
            for i in 0..<6 {
              for j in 0..<6 {
                let value = rows[i * 3] * g[j][0] + rows[i * 3 + 1] * g[j][1] + rows[i * 3 + 2] * g[j][2]
                let group = i * 6 + j
                packed[((group * panels + f / width) * k + row) * width + f % width] = Float(value)
              }
            }
          }
        }
        count = packed.count
      }
    }
    return cache?.value(for: "winograd F(4,3) \(kernel.columns)", make: make) ?? make()
  }

  /// V[ξ][tap·in + c] = (Bᵀ d B)[ξ] for one tile: for each depth tap, the 6×6 block of its
  /// input plane (zeros for pixels and planes in the padding), transformed by the unit's
  /// kernel. Returns false when a value read was inf or NaN.
  private static func transformInput(
    tile: Int, into v: UnsafeMutablePointer<Float>, _ geometry: Geometry, _ input: UnsafePointer<Float>,
    zeros: UnsafePointer<Float>, kernel: WinogradInputKernel
  ) -> Bool {
    let p = geometry.p, cin = p.inputChannels, depth = p.kernelSize[0] * cin
    let (image, plane, row0, column0) = geometry.place(tile)
    let top = row0 - p.offset[1], left = column0 - p.offset[2]
    let planePixels = p.inputSize[1] * p.inputSize[2]
    var finite = true
    withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: positions) { pixels in
      for tap in 0..<p.kernelSize[0] {
        let target = v + tap * cin
        let inputPlane = plane * p.strides[0] - p.offset[0] + tap * p.dilations[0]
        guard inputPlane >= 0 && inputPlane < p.inputSize[0] else {
          for index in 0..<positions { (target + index * depth).initialize(repeating: 0, count: cin) }
          continue
        }
        let base = input + (image * p.inputPixels + inputPlane * planePixels) * cin
        for y in 0..<inputTile {
          let row = top + y
          for x in 0..<inputTile {
            let column = left + x
            let inside = row >= 0 && row < p.inputSize[1] && column >= 0 && column < p.inputSize[2]
            pixels[y * inputTile + x] = inside ? base + (row * p.inputSize[2] + column) * cin : zeros
          }
        }
        finite = kernel(WinogradInput(pixels: pixels.baseAddress!, channels: cin, v: target, rowStride: depth)) && finite
      }
    }
    return finite
  }

  /// Y = Aᵀ M A for one tile, plus bias and activation (ReLU in the unit's kernel, others
  /// after it), written where the output exists.
  private static func transformOutput(
    tile: Int, from m: UnsafeMutablePointer<Float>, _ geometry: Geometry, _ shared: Shared, _ activation: Activation,
    kernel: WinogradOutputKernel
  ) {
    let p = geometry.p, cout = p.outputChannels
    let (image, plane, top, left) = geometry.place(tile)
    let rows = min(outputTile, p.outputSize[1] - top), columns = min(outputTile, p.outputSize[2] - left)
    let rowStride = p.outputSize[2] * cout
    let corner = shared.output + (image * p.outputPixels + (plane * p.outputSize[1] + top) * p.outputSize[2] + left) * cout
    kernel(WinogradOutput(
      m: m, channels: cout, rows: rows, columns: columns, output: corner, rowStride: rowStride, bias: shared.bias,
      relu: activation == .relu))
    guard activation != .linear && activation != .relu else { return }
    for y in 0..<rows {
      for x in 0..<columns {
        let cell = corner + y * rowStride + x * cout
        for f in 0..<cout { cell[f] = activation.apply(cell[f]) }
      }
    }
  }
}
