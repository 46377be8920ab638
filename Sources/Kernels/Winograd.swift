import GEMMCore
import Synchronization
import Tensors

/// 3×3 stride-1 convolutions in 2-D by Winograd's F(4×4, 3×3) (Lavin & Gray 2016): each 4×4
/// block of output is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A over the 6×6 input block d under it, so the 36
/// elementwise products of the transformed domain replace 144 multiply-adds per channel pair.
///
/// The products over channels are 36 independent GEMMs, one per transformed position ξ:
/// M_ξ[tiles × out] = V_ξ[tiles × in] · U_ξ[in × out]. They run as one grouped `BlockedGEMM`
/// (36 groups) on the instruction set's micro-kernels; U is packed once per layer. Tiles go in
/// chunks, so the transformed input V and products M stay in the last-level cache.
///
/// Accuracy: the transforms' constants (4, 5, 1/24, …) grow rounding to about 1e-6 relative for
/// inputs of similar magnitudes, well inside the 2e-4 the fast paths are held to.
enum Winograd {
  /// Output block per tile along each axis, and the input block it reads.
  static let outputTile = 4, inputTile = 6, positions = 36

  /// Whether `p` is a convolution Winograd computes, and where it is worth its rounding: 3×3,
  /// stride 1, no dilation, one group, 2-D, at least 32 channels in and out. There the 36 GEMMs
  /// run at speed, and the direct sums' own rounding is of the same order as the transforms'
  /// (about 1e-5 of the output's scale, against 1e-6 direct); small layers, the ones people
  /// check by hand, stay exact to the frameworks' float32.
  static func applies(_ p: ConvolutionProblem) -> Bool {
    p.kind == .standard && p.groups == 1 && p.kernelSize == [1, 3, 3] && p.strides == [1, 1, 1]
      && p.dilations == [1, 1, 1] && p.inputSize[0] == 1 && p.inputChannels >= 32 && p.outputChannels >= 32
      && p.outputSize[1] >= 4 && p.outputSize[2] >= 4
  }

  static func run(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation,
    instructionSet: InstructionSet = .best, cache: WeightCache? = nil
  ) -> [Float] {
    precondition(applies(p))
    let kernel = instructionSet.tileKernel
    let cin = p.inputChannels, cout = p.outputChannels
    let tilesDown = (p.outputSize[1] + outputTile - 1) / outputTile
    let tilesAcross = (p.outputSize[2] + outputTile - 1) / outputTile
    let tilesPerImage = tilesDown * tilesAcross
    let tiles = p.batch * tilesPerImage
    let packed = packedWeights(weights, cin: cin, cout: cout, kernel: kernel, cache: cache)
    // Tiles per chunk: V and M of a chunk (36·(in + out) floats a tile) in about 6 MB.
    let perTile = positions * (cin + cout) * MemoryLayout<Float>.size
    let chunkTiles = max(kernel.rows * 4, min(tiles, 6 << 20 / perTile))
    let v = UnsafeMutablePointer<Float>.allocate(capacity: chunkTiles * positions * cin)
    let m = UnsafeMutablePointer<Float>.allocate(capacity: chunkTiles * positions * cout)
    let zeros = UnsafeMutablePointer<Float>.allocate(capacity: cin)
    zeros.initialize(repeating: 0, count: cin)
    defer {
      v.deallocate()
      m.deallocate()
      zeros.deallocate()
    }
    let geometry = Geometry(p: p, tilesDown: tilesDown, tilesAcross: tilesAcross, tilesPerImage: tilesPerImage)
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
              Parallel.forEachItem((count + grain - 1) / grain, flops: count * positions * cin * 8) { item in
                var finite = true
                for tile in (item * grain)..<min(count, (item + 1) * grain) {
                  finite = transformInput(tile: start + tile, into: shared.v + tile * positions * cin, geometry, shared.input, zeros: shared.zeros) && finite
                }
                if !finite { nonFinite.value.store(true, ordering: .relaxed) }
              }
              // An inf or NaN would spread over its whole tile (inf − inf in the transforms):
              // such inputs take the direct path, where each output sees only its own window.
              if nonFinite.value.load(ordering: .relaxed) { break }
              BlockedGEMM.run(
                BlockedGEMM.Shape(m: count, n: cout, k: cin, groups: positions),
                a: .matrix(UnsafePointer(shared.v), stride: positions * cin), packed: packedBuffer.baseAddress!,
                c: .matrix(shared.m, ldc: positions * cout), bias: nil, activation: .linear, kernel: kernel)
              Parallel.forEachItem((count + grain - 1) / grain, flops: count * positions * cout * 8) { item in
                for tile in (item * grain)..<min(count, (item + 1) * grain) {
                  transformOutput(tile: start + tile, from: shared.m + tile * positions * cout, geometry, shared, activation)
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
    let tilesDown: Int, tilesAcross: Int, tilesPerImage: Int
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

  /// U = G g Gᵀ for every (in, out) pair, in double, laid out (in, ξ, out) and packed as 36
  /// groups of in × out, once per layer. `weights` are Keras's (3, 3, in, out).
  static func packedWeights(_ weights: [Float], cin: Int, cout: Int, kernel: TileKernel, cache: WeightCache?) -> [Float] {
    let make = { () -> [Float] in
      let g: [[Double]] = [[0.25, 0, 0], [-1.0 / 6, -1.0 / 6, -1.0 / 6], [-1.0 / 6, 1.0 / 6, -1.0 / 6],
        [1.0 / 24, 1.0 / 12, 1.0 / 6], [1.0 / 24, -1.0 / 12, 1.0 / 6], [0, 0, 1]]
      var u = [Float](repeating: 0, count: cin * positions * cout)
      for c in 0..<cin {
        for f in 0..<cout {
          var tap = [[Double]](repeating: [0, 0, 0], count: 3)
          for y in 0..<3 { for x in 0..<3 { tap[y][x] = Double(weights[((y * 3 + x) * cin + c) * cout + f]) } }
          for i in 0..<6 {
            // (G g)[i][x], then (G g Gᵀ)[i][j]
            let row = (0..<3).map { x in (0..<3).reduce(0.0) { $0 + g[i][$1] * tap[$1][x] } }
            for j in 0..<6 {
              let value = (0..<3).reduce(0.0) { $0 + row[$1] * g[j][$1] }
              u[(c * positions + i * 6 + j) * cout + f] = Float(value)
            }
          }
        }
      }
      return u.withUnsafeBufferPointer {
        BlockedGEMM.pack(
          $0.baseAddress!, rowStride: positions * cout, BlockedGEMM.Shape(m: 0, n: cout, k: cin, groups: positions),
          width: kernel.columns)
      }
    }
    return cache?.value(for: "winograd F(4,3) \(kernel.columns)", make: make) ?? make()
  }

  typealias Lanes = SIMD8<Float>

  @inline(__always)
  private static func load(_ pointer: UnsafePointer<Float>) -> Lanes { UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self) }

  @inline(__always)
  private static func store(_ value: Lanes, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Lanes.self)
  }

  /// V[ξ][c] = (Bᵀ d B)[ξ] for one tile, channels 8 at a time (the last few through a
  /// zero-padded copy). d reads zeros outside the input.
  /// Returns false when a value read was inf or NaN.
  private static func transformInput(
    tile: Int, into v: UnsafeMutablePointer<Float>, _ geometry: Geometry, _ input: UnsafePointer<Float>,
    zeros: UnsafePointer<Float>
  ) -> Bool {
    let p = geometry.p, cin = p.inputChannels
    let image = tile / geometry.tilesPerImage, within = tile % geometry.tilesPerImage
    let top = (within / geometry.tilesAcross) * outputTile - p.offset[1]
    let left = (within % geometry.tilesAcross) * outputTile - p.offset[2]
    let base = input + image * p.inputPixels * cin
    // (v − v) is 0 for finite v and NaN otherwise; summed over every V stored.
    var check = Lanes.zero
    withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: positions) { pixels in
      withUnsafeTemporaryAllocation(of: Lanes.self, capacity: positions) { t in
        for y in 0..<inputTile {
          let row = top + y
          for x in 0..<inputTile {
            let column = left + x
            let inside = row >= 0 && row < p.inputSize[1] && column >= 0 && column < p.inputSize[2]
            pixels[y * inputTile + x] = inside ? base + (row * p.inputSize[2] + column) * cin : zeros
          }
        }
        var c = 0
        while c + 8 <= cin {
          check += transformInputLanes(pixels.baseAddress!, channel: c, t.baseAddress!, into: v + c, rowStride: cin)
          c += 8
        }
        guard c < cin else { return }
        // The last channels: padded to 8 lanes in a copy, the valid lanes copied out.
        let rest = cin - c
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * positions * 8) { scratch in
          let padded = scratch.baseAddress!, out = padded + positions * 8
          padded.initialize(repeating: 0, count: positions * 8)
          for index in 0..<positions {
            for lane in 0..<rest { padded[index * 8 + lane] = pixels[index][c + lane] }
            pixels[index] = UnsafePointer(padded + index * 8)
          }
          check += transformInputLanes(pixels.baseAddress!, channel: 0, t.baseAddress!, into: out, rowStride: 8)
          for index in 0..<positions {
            for lane in 0..<rest { v[index * cin + c + lane] = out[index * 8 + lane] }
          }
        }
      }
    }
    return check.sum() == 0
  }

  /// Bᵀ d B on 8 channels: d from `pixels[·] + channel`, V[ξ] at `v + ξ·rowStride`.
  /// Returns the sum of (v − v) over what it stored: zero unless a value was inf or NaN.
  @inline(__always)
  private static func transformInputLanes(
    _ pixels: UnsafeMutablePointer<UnsafePointer<Float>>, channel: Int, _ t: UnsafeMutablePointer<Lanes>,
    into v: UnsafeMutablePointer<Float>, rowStride: Int
  ) -> Lanes {
    var check = Lanes.zero
    // t = Bᵀ d, column by column.
    for x in 0..<inputTile {
      let d0 = load(pixels[x] + channel), d1 = load(pixels[6 + x] + channel), d2 = load(pixels[12 + x] + channel)
      let d3 = load(pixels[18 + x] + channel), d4 = load(pixels[24 + x] + channel), d5 = load(pixels[30 + x] + channel)
      inputTransform(d0, d1, d2, d3, d4, d5) { y, value in t[y * inputTile + x] = value }
    }
    // V = t B, row by row.
    for y in 0..<inputTile {
      let row = t + y * inputTile
      inputTransform(row[0], row[1], row[2], row[3], row[4], row[5]) { x, value in
        store(value, v + (y * inputTile + x) * rowStride)
        check += value - value
      }
    }
    return check
  }

  /// Bᵀ applied to six values; `write(i, value)` receives the six results.
  @inline(__always)
  private static func inputTransform(
    _ d0: Lanes, _ d1: Lanes, _ d2: Lanes, _ d3: Lanes, _ d4: Lanes, _ d5: Lanes, _ write: (Int, Lanes) -> Void
  ) {
    let four = Lanes(repeating: 4), five = Lanes(repeating: 5), two = Lanes(repeating: 2)
    let a = d4 - four * d2, b = d3 - four * d1, c = d4 - d2, e = two * (d3 - d1)
    write(0, four * d0 - five * d2 + d4)
    write(1, a + b)
    write(2, a - b)
    write(3, c + e)
    write(4, c - e)
    write(5, four * d1 - five * d3 + d5)
  }

  /// Aᵀ applied to six values; `write(i, value)` receives the four results.
  @inline(__always)
  private static func outputTransform(
    _ m0: Lanes, _ m1: Lanes, _ m2: Lanes, _ m3: Lanes, _ m4: Lanes, _ m5: Lanes, _ write: (Int, Lanes) -> Void
  ) {
    let sum12 = m1 + m2, difference12 = m1 - m2, sum34 = m3 + m4, difference34 = m3 - m4
    write(0, m0 + sum12 + sum34)
    write(1, difference12 + Lanes(repeating: 2) * difference34)
    write(2, sum12 + Lanes(repeating: 4) * sum34)
    write(3, difference12 + Lanes(repeating: 8) * difference34 + m5)
  }

  /// Y = Aᵀ M A for one tile, plus bias and activation, written where the output exists.
  private static func transformOutput(
    tile: Int, from m: UnsafeMutablePointer<Float>, _ geometry: Geometry, _ shared: Shared, _ activation: Activation
  ) {
    let p = geometry.p, cout = p.outputChannels
    let image = tile / geometry.tilesPerImage, within = tile % geometry.tilesPerImage
    let top = (within / geometry.tilesAcross) * outputTile, left = (within % geometry.tilesAcross) * outputTile
    let rows = min(outputTile, p.outputSize[1] - top), columns = min(outputTile, p.outputSize[2] - left)
    let base = shared.output + image * p.outputPixels * cout
    withUnsafeTemporaryAllocation(of: Lanes.self, capacity: positions + 4 * inputTile + 16) { scratch in
      let mm = scratch.baseAddress!, t = mm + positions, y4 = t + 4 * inputTile
      var f = 0
      while f < cout {
        let width = min(8, cout - f)
        for index in 0..<positions {
          let source = m + index * cout + f
          if width == 8 {
            mm[index] = load(source)
          } else {
            var lanes = Lanes.zero
            for lane in 0..<width { lanes[lane] = source[lane] }
            mm[index] = lanes
          }
        }
        for x in 0..<inputTile {
          outputTransform(mm[x], mm[6 + x], mm[12 + x], mm[18 + x], mm[24 + x], mm[30 + x]) { y, value in t[y * inputTile + x] = value }
        }
        var bias = Lanes.zero
        if let b = shared.bias {
          if width == 8 { bias = load(b + f) } else { for lane in 0..<width { bias[lane] = b[f + lane] } }
        }
        for y in 0..<rows {
          let row = t + y * inputTile
          outputTransform(row[0], row[1], row[2], row[3], row[4], row[5]) { x, value in y4[y * 4 + x] = value + bias }
        }
        for y in 0..<rows {
          for x in 0..<columns {
            let target = base + ((top + y) * p.outputSize[2] + left + x) * cout + f
            var value = y4[y * 4 + x]
            switch activation {
            case .linear: break
            case .relu: value.replace(with: Lanes.zero, where: .!(value .> Lanes.zero))  // NaN → 0, as `apply`
            default: for lane in 0..<8 { value[lane] = activation.apply(value[lane]) }
            }
            if width == 8 { store(value, target) } else { for lane in 0..<width { target[lane] = value[lane] } }
          }
        }
        f += 8
      }
    }
  }
}
