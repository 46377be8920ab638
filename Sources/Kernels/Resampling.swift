import Tensors
import RealModule
import GEMMCore

/// Spatial resampling on channels-last tensors with three spatial axes (leading extents 1 for
/// 1-D and 2-D): zero padding, cropping and upsampling.
public enum Resampling {
  /// `output[o] = input[o − before]` per spatial axis, zero where that falls outside the input:
  /// zero padding when `before ≥ 0`, cropping when `before < 0`.
  public static func shift(
    _ input: [Float], batch: Int, inputSize: [Int], outputSize: [Int], before: [Int], channels: Int
  ) -> [Float] {
    var output = [Float](repeating: 0, count: batch * outputSize.reduce(1, *) * channels)
    for n in 0..<batch {
      for oz in 0..<outputSize[0] {
        if Interruption.isRequested { return output }
        let iz = oz - before[0]
        guard iz >= 0 && iz < inputSize[0] else { continue }
        for oy in 0..<outputSize[1] {
          let iy = oy - before[1]
          guard iy >= 0 && iy < inputSize[1] else { continue }
          let firstX = max(0, before[2]), lastX = min(outputSize[2], inputSize[2] + before[2])
          guard firstX < lastX else { continue }
          let source = (((n * inputSize[0] + iz) * inputSize[1] + iy) * inputSize[2] + firstX - before[2]) * channels
          let target = (((n * outputSize[0] + oz) * outputSize[1] + oy) * outputSize[2] + firstX) * channels
          let count = (lastX - firstX) * channels
          output[target..<(target + count)] = input[source..<(source + count)]
        }
      }
    }
    return output
  }

  /// Nearest-neighbour upsampling by whole factors: `output[o] = input[o / factor]`.
  public static func repeatNearest(
    _ input: [Float], batch: Int, inputSize: [Int], factors: [Int], channels: Int
  ) -> [Float] {
    let outputSize = (0..<3).map { inputSize[$0] * factors[$0] }
    var output = [Float](repeating: 0, count: batch * outputSize.reduce(1, *) * channels)
    var target = 0
    for n in 0..<batch {
      for oz in 0..<outputSize[0] {
        if Interruption.isRequested { return output }
        for oy in 0..<outputSize[1] {
          for ox in 0..<outputSize[2] {
            let source =
              (((n * inputSize[0] + oz / factors[0]) * inputSize[1] + oy / factors[1]) * inputSize[2]
                + ox / factors[2]) * channels
            output[target..<(target + channels)] = input[source..<(source + channels)]
            target += channels
          }
        }
      }
    }
    return output
  }

  /// Interpolation kernels of `jax.image.resize` (which Keras 3 uses on the jax backend).
  public enum Interpolation: String, Sendable, CaseIterable {
    case bilinear, bicubic, lanczos3, lanczos5

    /// Reach of the kernel in input pixels.
    var radius: Double {
      switch self {
      case .bilinear: return 1
      case .bicubic: return 2
      case .lanczos3: return 3
      case .lanczos5: return 5
      }
    }

    func weight(_ distance: Double) -> Double {
      let x = Swift.abs(distance)
      switch self {
      case .bilinear:
        return Swift.max(0, 1 - x)
      case .bicubic:  // Keys (1981) with a = −0.5
        if x >= 2 { return 0 }
        if x >= 1 { return ((-0.5 * x + 2.5) * x - 4) * x + 2 }
        return ((1.5 * x - 2.5) * x) * x + 1
      case .lanczos3, .lanczos5:
        if x > radius { return 0 }
        if x <= 1e-3 { return 1 }
        return radius * Double.sin(.pi * x) * Double.sin(.pi * x / radius) / (Double.pi * Double.pi * x * x)
      }
    }
  }

  /// Resizes each spatial axis from `inputSize` to `outputSize` with half-pixel sample points
  /// `(o + ½)·(n/m) − ½`, kernel weights over all input pixels normalized to sum to one (so the
  /// edges behave as jax's do), one axis after another.
  public static func resize(
    _ input: [Float], batch: Int, inputSize: [Int], outputSize: [Int], channels: Int,
    interpolation: Interpolation
  ) -> [Float] {
    if inputSize[0] == outputSize[0] && outputSize[1] != inputSize[1] && outputSize[2] != inputSize[2] {
      return resizePlane(input, planes: batch * inputSize[0], inputSize: Array(inputSize[1...]), outputSize: Array(outputSize[1...]), channels: channels, interpolation: interpolation)
    }
    return resizeAxes(input, batch: batch, inputSize: inputSize, outputSize: outputSize, channels: channels, interpolation: interpolation)
  }

  /// One axis after another, each output line a weighted sum of whole input lines: every case,
  /// and the reference the one-pass plane resize is checked against.
  static func resizeAxes(
    _ input: [Float], batch: Int, inputSize: [Int], outputSize: [Int], channels: Int, interpolation: Interpolation
  ) -> [Float] {
    var data = input
    var size = inputSize
    for axis in 0..<3 where outputSize[axis] != size[axis] {
      let outer = batch * size[..<axis].reduce(1, *)
      let inner = size[(axis + 1)...].reduce(1, *) * channels
      data = resizeAxis(data, outer: outer, from: size[axis], inner: inner, taps: Taps(weightMatrix(from: size[axis], to: outputSize[axis], interpolation)))
      size[axis] = outputSize[axis]
    }
    return data
  }

  /// One axis resized by `taps`: `values` is `outer` blocks of `from` lines of `inner` floats,
  /// and each output line the weighted sum, in tap order, of the input lines its taps name
  /// (zero weights included, so an inf or NaN they name still reaches it, as in the
  /// frameworks' loops). Stops early on Ctrl-C (the caller throws the result away).
  static func resizeAxis(_ values: [Float], outer: Int, from: Int, inner: Int, taps: Taps) -> [Float] {
    let to = taps.start.count - 1
    var resized = [Float](repeating: 0, count: outer * to * inner)
    values.withUnsafeBufferPointer { source in
      resized.withUnsafeMutableBufferPointer { target in
        let shared = ResizeBuffers(source: source.baseAddress!, target: target.baseAddress!)
        Parallel.forEachRange(outer * to, grain: max(1, 16_384 / max(1, inner))) { range in
          for line in range {
            if Interruption.isRequested { return }
            let block = line / to, o = line % to
            let destination = shared.target + line * inner
            for t in taps.range(o) {
              let row = shared.source + (block * from + taps.index[t]) * inner
              let w = taps.weight[t]
              for k in 0..<inner { destination[k] += w * row[k] }
            }
          }
        }
      }
    }
    return resized
  }

  /// Rows × cols resized in one pass, for each output row: the input rows it reads blended
  /// into one row (vectorised over cols × channels), then each output cell blended from that
  /// row's cells. The output is written once and not zeroed first; the input rows an output row
  /// reads stay in cache for its neighbours. Same weights as the two-pass form.
  static func resizePlane(
    _ input: [Float], planes: Int, inputSize: [Int], outputSize: [Int], channels: Int, interpolation: Interpolation,
    on isa: InstructionSet = .best
  ) -> [Float] {
    let (h, w) = (inputSize[0], inputSize[1]), (oh, ow) = (outputSize[0], outputSize[1])
    let rowTaps = Taps(weightMatrix(from: h, to: oh, interpolation))
    let columnTaps = Taps(weightMatrix(from: w, to: ow, interpolation))
    let rowWidth = w * channels
    let count = planes * oh * ow * channels
    return input.withUnsafeBufferPointer { source in
      [Float](unsafeUninitializedCapacity: count) { target, initialized in
        let shared = ResizeBuffers(source: source.baseAddress!, target: target.baseAddress!)
        let kernel = isa.resampleRow
        let maxTaps = (0..<oh).map { rowTaps.range($0).count }.max() ?? 0
        rowTaps.weight.withUnsafeBufferPointer { rowWeight in
          columnTaps.start.withUnsafeBufferPointer { start in
            columnTaps.index.withUnsafeBufferPointer { index in
              columnTaps.weight.withUnsafeBufferPointer { weight in
                let tables = TapTables(rowWeight: rowWeight.baseAddress!, start: start.baseAddress!, index: index.baseAddress!, weight: weight.baseAddress!)
                Parallel.forEachRange(planes * oh, grain: max(1, 65_536 / max(1, ow * channels))) { range in
                  let blended = UnsafeMutablePointer<Float>.allocate(capacity: max(rowWidth, 1))
                  let rows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: max(maxTaps, 1))
                  defer {
                    blended.deallocate()
                    rows.deallocate()
                  }
                  for line in range {
                    if Interruption.isRequested { return }
                    let plane = line / oh, oy = line % oh
                    let taps = rowTaps.range(oy)
                    for (slot, t) in taps.enumerated() { rows[slot] = UnsafePointer(shared.source + (plane * h + rowTaps.index[t]) * rowWidth) }
                    kernel(ResampleRow(
                      rows: rows, rowWeights: tables.rowWeight + taps.lowerBound, rowTaps: taps.count, rowWidth: rowWidth,
                      blended: blended, start: tables.start, index: tables.index, weight: tables.weight, cells: ow, channels: channels,
                      output: shared.target + line * ow * channels))
                  }
                }
              }
            }
          }
        }
        initialized = count
      }
    }
  }

  /// A weight matrix flattened for the inner loops: output o's taps are `start[o]..<start[o + 1]`.
  public struct Taps: @unchecked Sendable {
    let start: [Int]
    let index: [Int]
    let weight: [Float]

    init(_ matrix: [[(Int, Double)]]) {
      self.init(matrix.map { $0.map { ($0.0, Float($0.1)) } })
    }

    init(_ matrix: [[(Int, Float)]]) {
      var start = [0], index: [Int] = [], weight: [Float] = []
      for taps in matrix {
        for (i, w) in taps {
          index.append(i)
          weight.append(w)
        }
        start.append(index.count)
      }
      (self.start, self.index, self.weight) = (start, index, weight)
    }

    func range(_ o: Int) -> Range<Int> { start[o]..<start[o + 1] }
  }

  private struct TapTables: @unchecked Sendable {
    // Read-only tables every worker reads.
    let rowWeight: UnsafePointer<Float>
    let start: UnsafePointer<Int>
    let index: UnsafePointer<Int>
    let weight: UnsafePointer<Float>
  }

  private struct ResizeBuffers: @unchecked Sendable {
    // Workers read the source and write disjoint lines of the target.
    let source: UnsafePointer<Float>
    let target: UnsafeMutablePointer<Float>
  }

  /// For each output position, the input positions it samples and their weights (what
  /// `resize` computes with, and what `explain`/`diagram` show).
  public static func weightMatrix(from n: Int, to m: Int, _ interpolation: Interpolation)
    -> [[(Int, Double)]]
  {
    let scale = Double(n) / Double(m)
    return (0..<m).map { o in
      let sample = (Double(o) + 0.5) * scale - 0.5
      guard sample >= -0.5 && sample <= Double(n) - 0.5 else { return [] }
      let low = Swift.max(0, Int((sample - interpolation.radius).rounded(.down)))
      let high = Swift.min(n - 1, Int((sample + interpolation.radius).rounded(.up)))
      var taps = (low...high).map { ($0, interpolation.weight(sample - Double($0))) }.filter { $0.1 != 0 }
      let total = taps.reduce(0) { $0 + $1.1 }
      guard Swift.abs(total) > 1000 * Double(Float.ulpOfOne) else { return [] }
      taps = taps.map { ($0.0, $0.1 / total) }
      return taps
    }
  }
}
