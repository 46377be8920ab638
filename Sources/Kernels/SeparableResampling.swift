import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// PyTorch's `F.interpolate` for any sizes: each output cell of an axis reads a few input cells
/// with weights (PyTorch's `aten/src/ATen/native/UpSample.h` rules), and the axes are applied
/// one after another.
public enum SeparableResampling {
  /// PyTorch's interpolation modes.
  public enum Mode: String, Sendable, CaseIterable {
    case nearest
    case nearestExact = "nearest-exact"
    case linear
    case cubic
    case area
    /// Lanczos-3 (antialiased only, as PyTorch has it).
    case lanczos
  }

  /// For one axis: output cell `j` reads `indices[j·taps + t]` with `weights[j·taps + t]`.
  public struct Taps: Sendable, Equatable {
    public var taps: Int
    public var indices: [Int]
    public var weights: [Float]
    public var outputSize: Int { taps == 0 ? 0 : indices.count / taps }
  }

  /// The taps PyTorch's CPU kernels use for one axis of `inputSize` cells resized to
  /// `outputSize`. `scale` is the user's scale_factor (PyTorch then steps by 1/scale, not by
  /// in/out), ignored with align_corners. Arithmetic in float32, as PyTorch's for float input.
  public static func taps(_ mode: Mode, inputSize: Int, outputSize: Int, alignCorners: Bool, scale: Double?, antialias: Bool = false) -> Taps {
    precondition(inputSize > 0 && outputSize > 0)
    let step: Float = {
      if alignCorners { return outputSize > 1 ? Float(inputSize - 1) / Float(outputSize - 1) : 0 }
      if let scale, scale > 0 { return Float(1.0 / scale) }
      return Float(inputSize) / Float(outputSize)
    }()
    // area_pixel_compute_source_index: `scale * (dst + 0.5) - 0.5` is a double expression in
    // PyTorch's C++, stored as float; then guard_index_and_lambda.
    func source(_ j: Int, cubic: Bool) -> (index: Int, lambda: Float) {
      var real = alignCorners ? step * Float(j) : Float(Double(step) * (Double(j) + 0.5) - 0.5)
      if !cubic && real < 0 { real = 0 }
      let index = min(Int(real.rounded(.down)), inputSize - 1)
      return (index, min(max(real - Float(index), 0), 1))
    }
    var indices: [Int] = [], weights: [Float] = []
    if antialias || mode == .lanczos {
      return antialiased(mode, inputSize: inputSize, outputSize: outputSize, scale: step)
    }
    switch mode {
    case .nearest, .nearestExact:
      // nearest_idx: the equal and doubled sizes take a shortcut (same cells, no rounding).
      for j in 0..<outputSize {
        let index: Int
        if outputSize == inputSize { index = j } else if outputSize == 2 * inputSize && mode == .nearest { index = j >> 1 } else {
          let scaleValue: Float = scale.map { $0 > 0 ? Float(1.0 / $0) : Float(inputSize) / Float(outputSize) } ?? Float(inputSize) / Float(outputSize)
          let position = mode == .nearest ? Float(j) * scaleValue : Float((Double(j) + 0.5) * Double(scaleValue))
          index = min(Int(position.rounded(.down)), inputSize - 1)
        }
        indices.append(index)
        weights.append(1)
      }
      return Taps(taps: 1, indices: indices, weights: weights)
    case .linear:
      for j in 0..<outputSize {
        let (index, lambda) = source(j, cubic: false)
        indices += [index, index + (index < inputSize - 1 ? 1 : 0)]
        weights += [1 - lambda, lambda]
      }
      return Taps(taps: 2, indices: indices, weights: weights)
    case .cubic:
      let a: Float = -0.75
      func near(_ x: Float) -> Float { ((a + 2) * x - (a + 3)) * x * x + 1 }
      func far(_ x: Float) -> Float { ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
      for j in 0..<outputSize {
        let (index, t) = source(j, cubic: true)
        for offset in -1...2 { indices.append(min(max(index + offset, 0), inputSize - 1)) }
        weights += [far(t + 1), near(t), near(1 - t), far(2 - t)]
      }
      return Taps(taps: 4, indices: indices, weights: weights)
    case .area:
      // adaptive_avg_pool: cells [⌊j·in/out⌋, ⌈(j+1)·in/out⌉), equally weighted.
      // Full-width products: j·in cannot overflow whatever the sizes.
      let starts = (0..<outputSize).map { outputSize.dividingFullWidth($0.multipliedFullWidth(by: inputSize)).quotient }
      let ends = (0..<outputSize).map { j in
        let product = (j + 1).multipliedFullWidth(by: inputSize)
        let (quotient, remainder) = outputSize.dividingFullWidth(product)
        return quotient + (remainder > 0 ? 1 : 0)
      }
      let widest = zip(starts, ends).map { $1 - $0 }.max()!
      for j in 0..<outputSize {
        let width = ends[j] - starts[j]
        for t in 0..<widest {
          indices.append(t < width ? starts[j] + t : starts[j])
          weights.append(t < width ? 1 / Float(width) : 0)
        }
      }
      return Taps(taps: widest, indices: indices, weights: weights)
    case .lanczos:
      preconditionFailure("lanczos is antialiased")
    }
  }

  /// PyTorch's antialiased taps (`_compute_indices_min_size_weights_aa`, PIL's filters): when
  /// shrinking, the triangle or the a = −0.5 cubic is stretched by the scale, and each output's
  /// weights are normalised to sum to 1.
  static func antialiased(_ mode: Mode, inputSize: Int, outputSize: Int, scale: Float) -> Taps {
    let size: Float = mode == .lanczos ? 6 : mode == .cubic ? 4 : 2
    let support = scale >= 1 ? size * 0.5 * scale : size * 0.5
    let width = scale >= 1 ? Int(support.rounded(.up)) * 2 + 1 : Int(size)
    let inverse: Float = scale >= 1 ? 1 / scale : 1
    func filter(_ value: Float) -> Float {
      let x = abs(value)
      if mode == .lanczos {
        func sinc(_ x: Double) -> Double { x == 0 ? 1 : sin(x * .pi) / (x * .pi) }
        return x < 3 ? Float(sinc(Double(x)) * sinc(Double(x) / 3)) : 0
      }
      if mode != .cubic { return x < 1 ? 1 - x : 0 }
      let a: Float = -0.5
      if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
      if x < 2 { return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
      return 0
    }
    var indices: [Int] = [], weights: [Float] = []
    for j in 0..<outputSize {
      // The float/double mix of PyTorch's expressions, step by step.
      let center = Float(Double(scale) * (Double(j) + 0.5))
      let low = max(Int(Double(center - support) + 0.5), 0)
      let count = min(max(min(Int(Double(center + support) + 0.5), inputSize) - low, 0), width)
      var row = (0..<count).map { filter(Float((Double(Float($0 + low) - center) + 0.5) * Double(inverse))) }
      let total = row.reduce(0, +)
      if total != 0 { row = row.map { $0 / total } }
      for t in 0..<width {
        indices.append(t < count ? low + t : min(low, inputSize - 1))
        weights.append(t < count ? row[t] : 0)
      }
    }
    return Taps(taps: width, indices: indices, weights: weights)
  }

  /// `values` (row-major, `shape`) with `axis` resized by `taps`. Stops early on Ctrl-C (the
  /// caller throws the result away).
  public static func apply(_ values: [Float], shape: [Int], axis: Int, taps: Taps) -> [Float] {
    let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
    let inputSize = shape[axis], outputSize = taps.outputSize
    var result = [Float](repeating: 0, count: outer * outputSize * inner)
    values.withUnsafeBufferPointer { source in
      result.withUnsafeMutableBufferPointer { target in
        for o in 0..<outer {
          if Interruption.isRequested { return }
          for j in 0..<outputSize {
            if j & 1023 == 1023 && Interruption.isRequested { return }
            let row = target.baseAddress! + (o * outputSize + j) * inner
            for t in 0..<taps.taps {
              let weight = taps.weights[j * taps.taps + t]
              if weight == 0 && t > 0 { continue }
              let from = source.baseAddress! + (o * inputSize + taps.indices[j * taps.taps + t]) * inner
              for i in 0..<inner { row[i] += weight * from[i] }
            }
          }
        }
      }
    }
    return result
  }
}
