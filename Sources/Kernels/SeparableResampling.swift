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

  /// The taps PyTorch's CPU kernels use for one axis of `inputSize` cells resized to
  /// `outputSize`: for each output cell, the input cells it reads and their weights (zero
  /// weights included where PyTorch's loops multiply by them). `scale` is the user's
  /// scale_factor (PyTorch then steps by 1/scale, not by in/out), ignored with align_corners.
  /// Arithmetic in float32, as PyTorch's for float input. The table is per axis: about
  /// 2·(in + out) entries even for an antialiased shrink (in/out cells per output cell).
  public static func taps(
    _ mode: Mode, inputSize: Int, outputSize: Int, alignCorners: Bool, scale: Double?, antialias: Bool = false
  ) -> Resampling.Taps {
    precondition(inputSize > 0 && outputSize > 0)
    let step: Float = {
      if alignCorners { return outputSize > 1 ? Float(inputSize - 1) / Float(outputSize - 1) : 0 }
      if let scale, scale > 0 { return Float(1.0 / scale) }
      return Float(inputSize) / Float(outputSize)
    }()
    if antialias || mode == .lanczos {
      return antialiased(mode, inputSize: inputSize, outputSize: outputSize, scale: step)
    }
    // area_pixel_compute_source_index: `scale * (dst + 0.5) - 0.5` is a double expression in
    // PyTorch's C++, stored as float; then guard_index_and_lambda.
    func source(_ j: Int, cubic: Bool) -> (index: Int, lambda: Float) {
      var real = alignCorners ? step * Float(j) : Float(Double(step) * (Double(j) + 0.5) - 0.5)
      if !cubic && real < 0 { real = 0 }
      let index = min(Int(real.rounded(.down)), inputSize - 1)
      return (index, min(max(real - Float(index), 0), 1))
    }
    switch mode {
    case .nearest, .nearestExact:
      // nearest_idx: the equal and doubled sizes take a shortcut (same cells, no rounding).
      let scaleValue: Float = scale.map { $0 > 0 ? Float(1.0 / $0) : Float(inputSize) / Float(outputSize) } ?? Float(inputSize) / Float(outputSize)
      return Resampling.Taps((0..<outputSize).map { j -> [(Int, Float)] in
        if outputSize == inputSize { return [(j, 1)] }
        if outputSize == 2 * inputSize && mode == .nearest { return [(j >> 1, 1)] }
        let position = mode == .nearest ? Float(j) * scaleValue : Float((Double(j) + 0.5) * Double(scaleValue))
        return [(min(Int(position.rounded(.down)), inputSize - 1), 1)]
      })
    case .linear:
      return Resampling.Taps((0..<outputSize).map { j -> [(Int, Float)] in
        let (index, lambda) = source(j, cubic: false)
        return [(index, 1 - lambda), (index + (index < inputSize - 1 ? 1 : 0), lambda)]
      })
    case .cubic:
      let a: Float = -0.75
      func near(_ x: Float) -> Float { ((a + 2) * x - (a + 3)) * x * x + 1 }
      func far(_ x: Float) -> Float { ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
      return Resampling.Taps((0..<outputSize).map { j -> [(Int, Float)] in
        let (index, t) = source(j, cubic: true)
        let weights = [far(t + 1), near(t), near(1 - t), far(2 - t)]
        return (0..<4).map { (min(max(index - 1 + $0, 0), inputSize - 1), weights[$0]) }
      })
    case .area:
      // adaptive_avg_pool: cells [⌊j·in/out⌋, ⌈(j+1)·in/out⌉), equally weighted; full-width
      // products, so j·in cannot overflow whatever the sizes. The cells add up to fewer than
      // in + out.
      var matrix: [[(Int, Float)]] = []
      for j in 0..<outputSize {
        let start = outputSize.dividingFullWidth(j.multipliedFullWidth(by: inputSize)).quotient
        let (quotient, remainder) = outputSize.dividingFullWidth((j + 1).multipliedFullWidth(by: inputSize))
        let end = quotient + (remainder > 0 ? 1 : 0)
        matrix.append((start..<end).map { ($0, 1 / Float(end - start)) })
      }
      return Resampling.Taps(matrix)
    case .lanczos:
      preconditionFailure("lanczos is antialiased")
    }
  }

  /// PyTorch's antialiased taps (`_compute_indices_min_size_weights_aa`, PIL's filters): when
  /// shrinking, the triangle, the a = −0.5 cubic or Lanczos-3 is stretched by the scale, and
  /// each output's weights are normalised to sum to 1.
  static func antialiased(_ mode: Mode, inputSize: Int, outputSize: Int, scale: Float) -> Resampling.Taps {
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
    var matrix: [[(Int, Float)]] = []
    matrix.reserveCapacity(outputSize)
    for j in 0..<outputSize {
      if j & 1023 == 1023 && Interruption.isRequested { break }
      // The float/double mix of PyTorch's expressions, step by step.
      let center = Float(Double(scale) * (Double(j) + 0.5))
      let low = max(Int(Double(center - support) + 0.5), 0)
      let count = min(max(min(Int(Double(center + support) + 0.5), inputSize) - low, 0), width)
      var row = (0..<count).map { filter(Float((Double(Float($0 + low) - center) + 0.5) * Double(inverse))) }
      let total = row.reduce(0, +)
      if total != 0 { row = row.map { $0 / total } }
      matrix.append(row.enumerated().map { (low + $0.offset, $0.element) })
    }
    return Resampling.Taps(matrix)
  }

  /// `values` (row-major, `shape`) with `axis` resized by `taps`, on both cores. Stops early
  /// on Ctrl-C (the caller throws the result away).
  public static func apply(_ values: [Float], shape: [Int], axis: Int, taps: Resampling.Taps) -> [Float] {
    Resampling.resizeAxis(
      values, outer: shape[..<axis].reduce(1, *), from: shape[axis], inner: shape[(axis + 1)...].reduce(1, *), taps: taps)
  }
}
