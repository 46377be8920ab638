/// The transforms of Winograd's F(4×4, 3×3) on channels-last data, `@inlinable` so that each
/// ISA module compiles its own copy (the transforms are half the work, and the baseline target
/// runs 8-lane vectors as pairs of 128-bit halves). Channels go 8 at a time; the last few
/// through a zero-padded copy.

/// One tile's input block for one depth tap: V[ξ][c] = (Bᵀ d B)[ξ].
public struct WinogradInput {
  /// The 36 pixels of the 6×6 block, row-major; a pixel in the padding points at zeros.
  public var pixels: UnsafeMutablePointer<UnsafePointer<Float>>
  public var channels: Int
  /// V[ξ] starts at `v + ξ·rowStride`.
  public var v: UnsafeMutablePointer<Float>
  public var rowStride: Int

  @inlinable public init(pixels: UnsafeMutablePointer<UnsafePointer<Float>>, channels: Int, v: UnsafeMutablePointer<Float>, rowStride: Int) {
    self.pixels = pixels
    self.channels = channels
    self.v = v
    self.rowStride = rowStride
  }
}

/// One tile's output block: Y = Aᵀ M A, plus bias, ReLU if asked, written to the `rows` ×
/// `columns` outputs that exist.
public struct WinogradOutput {
  /// M[ξ] starts at `m + ξ·channels`.
  public var m: UnsafePointer<Float>
  public var channels: Int
  public var rows: Int
  public var columns: Int
  /// The block's first output pixel; rows `rowStride` floats apart, pixels `channels` apart.
  public var output: UnsafeMutablePointer<Float>
  public var rowStride: Int
  public var bias: UnsafePointer<Float>?
  public var relu: Bool

  @inlinable public init(
    m: UnsafePointer<Float>, channels: Int, rows: Int, columns: Int, output: UnsafeMutablePointer<Float>, rowStride: Int,
    bias: UnsafePointer<Float>?, relu: Bool
  ) {
    self.m = m
    self.channels = channels
    self.rows = rows
    self.columns = columns
    self.output = output
    self.rowStride = rowStride
    self.bias = bias
    self.relu = relu
  }
}

/// Returns false when a value read was inf or NaN (the caller then computes directly).
public typealias WinogradInputKernel = @Sendable (_ tile: WinogradInput) -> Bool
public typealias WinogradOutputKernel = @Sendable (_ tile: WinogradOutput) -> Void

public typealias WinogradLanes = SIMD8<Float>

@inlinable @inline(__always)
func loadLanes(_ pointer: UnsafePointer<Float>) -> WinogradLanes { UnsafeRawPointer(pointer).loadUnaligned(as: WinogradLanes.self) }

@inlinable @inline(__always)
func storeLanes(_ value: WinogradLanes, _ pointer: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: WinogradLanes.self)
}

/// Bᵀ applied to six values; `write(i, value)` receives the six results.
@inlinable @inline(__always)
func winogradInputColumn(
  _ d0: WinogradLanes, _ d1: WinogradLanes, _ d2: WinogradLanes, _ d3: WinogradLanes, _ d4: WinogradLanes, _ d5: WinogradLanes,
  _ write: (Int, WinogradLanes) -> Void
) {
  let four = WinogradLanes(repeating: 4), five = WinogradLanes(repeating: 5), two = WinogradLanes(repeating: 2)
  let a = d4 - four * d2, b = d3 - four * d1, c = d4 - d2, e = two * (d3 - d1)
  write(0, four * d0 - five * d2 + d4)
  write(1, a + b)
  write(2, a - b)
  write(3, c + e)
  write(4, c - e)
  write(5, four * d1 - five * d3 + d5)
}

/// Aᵀ applied to six values; `write(i, value)` receives the four results.
@inlinable @inline(__always)
func winogradOutputColumn(
  _ m0: WinogradLanes, _ m1: WinogradLanes, _ m2: WinogradLanes, _ m3: WinogradLanes, _ m4: WinogradLanes, _ m5: WinogradLanes,
  _ write: (Int, WinogradLanes) -> Void
) {
  let sum12 = m1 + m2, difference12 = m1 - m2, sum34 = m3 + m4, difference34 = m3 - m4
  write(0, m0 + sum12 + sum34)
  write(1, difference12 + WinogradLanes(repeating: 2) * difference34)
  write(2, sum12 + WinogradLanes(repeating: 4) * sum34)
  write(3, difference12 + WinogradLanes(repeating: 8) * difference34 + m5)
}

/// Bᵀ d B on 8 channels; returns the sum of (v − v) over what it stored, zero unless a value
/// was inf or NaN.
@inlinable @inline(__always)
func winogradInputLanes(
  _ pixels: UnsafeMutablePointer<UnsafePointer<Float>>, channel: Int, _ t: UnsafeMutablePointer<WinogradLanes>,
  into v: UnsafeMutablePointer<Float>, rowStride: Int
) -> WinogradLanes {
  var check = WinogradLanes()
  for x in 0..<6 {
    winogradInputColumn(
      loadLanes(pixels[x] + channel), loadLanes(pixels[6 + x] + channel), loadLanes(pixels[12 + x] + channel),
      loadLanes(pixels[18 + x] + channel), loadLanes(pixels[24 + x] + channel), loadLanes(pixels[30 + x] + channel)
    ) { y, value in t[y * 6 + x] = value }
  }
  for y in 0..<6 {
    let row = t + y * 6
    winogradInputColumn(row[0], row[1], row[2], row[3], row[4], row[5]) { x, value in
      storeLanes(value, v + (y * 6 + x) * rowStride)
      check += value - value
    }
  }
  return check
}

@inlinable @inline(__always)
public func winogradInput(_ tile: WinogradInput) -> Bool {
  let channels = tile.channels
  var check = WinogradLanes()
  withUnsafeTemporaryAllocation(of: WinogradLanes.self, capacity: 36) { t in
    var c = 0
    while c + 8 <= channels {
      check += winogradInputLanes(tile.pixels, channel: c, t.baseAddress!, into: tile.v + c, rowStride: tile.rowStride)
      c += 8
    }
    guard c < channels else { return }
    let rest = channels - c
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * 36 * 8) { scratch in
      let padded = scratch.baseAddress!, out = padded + 36 * 8
      padded.initialize(repeating: 0, count: 36 * 8)
      for index in 0..<36 {
        for lane in 0..<rest { padded[index * 8 + lane] = tile.pixels[index][c + lane] }
        tile.pixels[index] = UnsafePointer(padded + index * 8)
      }
      check += winogradInputLanes(tile.pixels, channel: 0, t.baseAddress!, into: out, rowStride: 8)
      for index in 0..<36 {
        for lane in 0..<rest { tile.v[index * tile.rowStride + c + lane] = out[index * 8 + lane] }
      }
    }
  }
  return check.sum() == 0
}

@inlinable @inline(__always)
public func winogradOutput(_ tile: WinogradOutput) {
  let channels = tile.channels
  withUnsafeTemporaryAllocation(of: WinogradLanes.self, capacity: 36 + 24) { scratch in
    let mm = scratch.baseAddress!, t = mm + 36
    var f = 0
    while f < channels {
      let width = min(8, channels - f)
      for index in 0..<36 {
        let source = tile.m + index * channels + f
        if width == 8 {
          mm[index] = loadLanes(source)
        } else {
          var lanes = WinogradLanes()
          for lane in 0..<width { lanes[lane] = source[lane] }
          mm[index] = lanes
        }
      }
      for x in 0..<6 {
        winogradOutputColumn(mm[x], mm[6 + x], mm[12 + x], mm[18 + x], mm[24 + x], mm[30 + x]) { y, value in t[y * 6 + x] = value }
      }
      var bias = WinogradLanes()
      if let b = tile.bias {
        if width == 8 { bias = loadLanes(b + f) } else { for lane in 0..<width { bias[lane] = b[f + lane] } }
      }
      for y in 0..<tile.rows {
        let row = t + y * 6
        let target = tile.output + y * tile.rowStride + f
        winogradOutputColumn(row[0], row[1], row[2], row[3], row[4], row[5]) { x, value in
          guard x < tile.columns else { return }
          var result = value + bias
          // NaN → 0, as the scalar ReLU.
          if tile.relu { result.replace(with: WinogradLanes(), where: .!(result .> WinogradLanes())) }
          let cell = target + x * channels
          if width == 8 { storeLanes(result, cell) } else { for lane in 0..<width { cell[lane] = result[lane] } }
        }
      }
      f += 8
    }
  }
}
