/// Grouped convolution with as many output as input channels per group, g ∈ {1, 2, 4, 8}
/// (g = 1 is depthwise with multiplier 1; g = 4 is ResNeXt's 32 groups of 4), vectorised over
/// channels for one output row.
///
/// Output channel o = G·g + j sums, over taps and δ < g, x[G·g + (j + δ) mod g] · W′[tap][δ][o]
/// with W′[tap][δ][o] = W[tap][(j + δ) mod g][o]. For eight consecutive channels the x operand
/// is the contiguous input vector rotated within each group of g lanes — one shuffle — so no
/// lane is wasted on another group's zeros, as a block-diagonal GEMM would.
public struct GroupedRow {
  /// The input row (at the output row's depth and height) of each kernel row that lands
  /// inside the input, and that kernel row's weights for kx = 0 (`[kx][δ][channels]` follow).
  public var lines: UnsafePointer<UnsafePointer<Float>>
  public var lineWeights: UnsafePointer<UnsafePointer<Float>>
  public var lineCount: Int
  public var kernelWidth: Int, strideX: Int, dilationX: Int, offsetX: Int
  public var inputWidth: Int, outputWidth: Int, channels: Int
  public var bias: UnsafePointer<Float>?
  public var output: UnsafeMutablePointer<Float>
  /// Depthwise only: output channel o reads input channel o / multiplier (lines hold
  /// `channels / multiplier` channels per pixel); 1, 2, 4 or 8.
  public var multiplier: Int

  public init(
    lines: UnsafePointer<UnsafePointer<Float>>, lineWeights: UnsafePointer<UnsafePointer<Float>>, lineCount: Int,
    kernelWidth: Int, strideX: Int, dilationX: Int, offsetX: Int, inputWidth: Int, outputWidth: Int, channels: Int,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, multiplier: Int = 1
  ) {
    self.lines = lines
    self.lineWeights = lineWeights
    self.lineCount = lineCount
    self.kernelWidth = kernelWidth
    self.strideX = strideX
    self.dilationX = dilationX
    self.offsetX = offsetX
    self.inputWidth = inputWidth
    self.outputWidth = outputWidth
    self.channels = channels
    self.bias = bias
    self.output = output
    self.multiplier = multiplier
  }
}

/// The lane rotation within groups of `width` lanes, as constant shuffles.
public protocol GroupRotation {
  static var width: Int { get }
  static func rotate(_ v: SIMD8<Float>, by delta: Int) -> SIMD8<Float>
}

public enum GroupOf1: GroupRotation {
  @inlinable public static var width: Int { 1 }
  @inlinable @inline(__always) public static func rotate(_ v: SIMD8<Float>, by delta: Int) -> SIMD8<Float> { v }
}

public enum GroupOf2: GroupRotation {
  @inlinable public static var width: Int { 2 }
  @inlinable @inline(__always) public static func rotate(_ v: SIMD8<Float>, by delta: Int) -> SIMD8<Float> {
    delta == 0 ? v : SIMD8(v[1], v[0], v[3], v[2], v[5], v[4], v[7], v[6])
  }
}

public enum GroupOf4: GroupRotation {
  @inlinable public static var width: Int { 4 }
  @inlinable @inline(__always) public static func rotate(_ v: SIMD8<Float>, by delta: Int) -> SIMD8<Float> {
    switch delta {
    case 0: return v
    case 1: return SIMD8(v[1], v[2], v[3], v[0], v[5], v[6], v[7], v[4])
    case 2: return SIMD8(v[2], v[3], v[0], v[1], v[6], v[7], v[4], v[5])
    default: return SIMD8(v[3], v[0], v[1], v[2], v[7], v[4], v[5], v[6])
    }
  }
}

public enum GroupOf8: GroupRotation {
  @inlinable public static var width: Int { 8 }
  @inlinable @inline(__always) public static func rotate(_ v: SIMD8<Float>, by delta: Int) -> SIMD8<Float> {
    switch delta {
    case 0: return v
    case 1: return SIMD8(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[0])
    case 2: return SIMD8(v[2], v[3], v[4], v[5], v[6], v[7], v[0], v[1])
    case 3: return SIMD8(v[3], v[4], v[5], v[6], v[7], v[0], v[1], v[2])
    case 4: return SIMD8(v[4], v[5], v[6], v[7], v[0], v[1], v[2], v[3])
    case 5: return SIMD8(v[5], v[6], v[7], v[0], v[1], v[2], v[3], v[4])
    case 6: return SIMD8(v[6], v[7], v[0], v[1], v[2], v[3], v[4], v[5])
    default: return SIMD8(v[7], v[0], v[1], v[2], v[3], v[4], v[5], v[6])
    }
  }
}

/// One output row of the grouped convolution (bias added, no activation).
@inlinable @inline(__always)
public func groupedRow<G: GroupRotation>(_: G.Type, _ row: GroupedRow, fused: Bool) {
  let g = G.width, channels = row.channels
  @inline(__always) func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }
  @inline(__always) func step(_ acc: inout SIMD8<Float>, _ x: SIMD8<Float>, _ w: SIMD8<Float>) {
    if fused { acc.addProduct(x, w) } else { acc += x * w }
  }
  for ox in 0..<row.outputWidth {
    let out = row.output + ox &* channels
    let origin = ox &* row.strideX &- row.offsetX
    // The kernel columns that land inside the input.
    var kxFirst = 0
    while kxFirst < row.kernelWidth && origin &+ kxFirst &* row.dilationX < 0 { kxFirst &+= 1 }
    var kxEnd = row.kernelWidth
    while kxEnd > kxFirst && origin &+ (kxEnd &- 1) &* row.dilationX >= row.inputWidth { kxEnd &-= 1 }
    var c = 0
    while c &+ 32 <= channels {
      var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
      if let bias = row.bias { a0 = load(bias + c); a1 = load(bias + c + 8); a2 = load(bias + c + 16); a3 = load(bias + c + 24) }
      for l in 0..<row.lineCount {
        for kx in kxFirst..<kxEnd {
          let x = row.lines[l] + ((origin &+ kx &* row.dilationX) &* channels &+ c)
          let w = row.lineWeights[l] + (kx &* g &* channels &+ c)
          let x0 = load(x), x1 = load(x + 8), x2 = load(x + 16), x3 = load(x + 24)
          for delta in 0..<g {
            let wd = w + delta &* channels
            step(&a0, G.rotate(x0, by: delta), load(wd))
            step(&a1, G.rotate(x1, by: delta), load(wd + 8))
            step(&a2, G.rotate(x2, by: delta), load(wd + 16))
            step(&a3, G.rotate(x3, by: delta), load(wd + 24))
          }
        }
      }
      let raw = UnsafeMutableRawPointer(out + c)
      raw.storeBytes(of: a0, as: SIMD8<Float>.self)
      raw.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
      raw.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
      raw.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
      c &+= 32
    }
    while c &+ 8 <= channels {
      var a0 = row.bias.map { load($0 + c) } ?? SIMD8<Float>()
      for l in 0..<row.lineCount {
        for kx in kxFirst..<kxEnd {
          let x0 = load(row.lines[l] + ((origin &+ kx &* row.dilationX) &* channels &+ c))
          let w = row.lineWeights[l] + (kx &* g &* channels &+ c)
          for delta in 0..<g { step(&a0, G.rotate(x0, by: delta), load(w + delta &* channels)) }
        }
      }
      UnsafeMutableRawPointer(out + c).storeBytes(of: a0, as: SIMD8<Float>.self)
      c &+= 8
    }
    while c < channels {
      let j = c % g, base = c &- j
      var sum = row.bias?[c] ?? 0
      for l in 0..<row.lineCount {
        for kx in kxFirst..<kxEnd {
          let x = row.lines[l] + (origin &+ kx &* row.dilationX) &* channels
          let w = row.lineWeights[l] + kx &* g &* channels
          for delta in 0..<g { sum += x[base &+ (j &+ delta) % g] * w[delta &* channels &+ c] }
        }
      }
      out[c] = sum
      c &+= 1
    }
  }
}

public typealias GroupedRowKernel = @Sendable (_ groupWidth: Int, _ row: GroupedRow) -> Void

/// `groupedRow` for a run-time group width of 1, 2, 4 or 8 (each ISA module wraps this).
@inlinable @inline(__always)
public func groupedRow(width: Int, _ row: GroupedRow, fused: Bool) {
  switch width {
  case 1 where row.multiplier == 2: multipliedRow(RepeatEach2.self, row, fused: fused)
  case 1 where row.multiplier == 4: multipliedRow(RepeatEach4.self, row, fused: fused)
  case 1 where row.multiplier == 8: multipliedRow(RepeatEach8.self, row, fused: fused)
  case 1: groupedRow(GroupOf1.self, row, fused: fused)
  case 2: groupedRow(GroupOf2.self, row, fused: fused)
  case 4: groupedRow(GroupOf4.self, row, fused: fused)
  default: groupedRow(GroupOf8.self, row, fused: fused)
  }
}

/// Eight consecutive output channels of a depthwise convolution with depth multiplier m read
/// 8 / m input channels, each m times: one short load, widened by a shuffle.
public protocol ChannelRepeat {
  static var multiplier: Int { get }
  static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float>
}

public enum RepeatEach2: ChannelRepeat {
  @inlinable public static var multiplier: Int { 2 }
  @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    return SIMD8(v[0], v[0], v[1], v[1], v[2], v[2], v[3], v[3])
  }
}

public enum RepeatEach4: ChannelRepeat {
  @inlinable public static var multiplier: Int { 4 }
  @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Float>.self)
    return SIMD8(v[0], v[0], v[0], v[0], v[1], v[1], v[1], v[1])
  }
}

public enum RepeatEach8: ChannelRepeat {
  @inlinable public static var multiplier: Int { 8 }
  @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { SIMD8(repeating: p[0]) }
}

/// One output row of a depthwise convolution with depth multiplier `R.multiplier` (bias added,
/// no activation), reading the input's channels in place: the weights are (taps, channels) with
/// output channel o = c·m + j, as Keras lays them out.
@inlinable @inline(__always)
public func multipliedRow<R: ChannelRepeat>(_: R.Type, _ row: GroupedRow, fused: Bool) {
  let channels = row.channels, m = R.multiplier, inputChannels = channels / m
  @inline(__always) func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }
  @inline(__always) func step(_ acc: inout SIMD8<Float>, _ x: SIMD8<Float>, _ w: SIMD8<Float>) {
    if fused { acc.addProduct(x, w) } else { acc += x * w }
  }
  for ox in 0..<row.outputWidth {
    let out = row.output + ox &* channels
    let origin = ox &* row.strideX &- row.offsetX
    var kxFirst = 0
    while kxFirst < row.kernelWidth && origin &+ kxFirst &* row.dilationX < 0 { kxFirst &+= 1 }
    var kxEnd = row.kernelWidth
    while kxEnd > kxFirst && origin &+ (kxEnd &- 1) &* row.dilationX >= row.inputWidth { kxEnd &-= 1 }
    var c = 0
    while c &+ 32 <= channels {
      var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
      if let bias = row.bias { a0 = load(bias + c); a1 = load(bias + c + 8); a2 = load(bias + c + 16); a3 = load(bias + c + 24) }
      for l in 0..<row.lineCount {
        for kx in kxFirst..<kxEnd {
          let x = row.lines[l] + ((origin &+ kx &* row.dilationX) &* inputChannels &+ c / m)
          let w = row.lineWeights[l] + (kx &* channels &+ c)
          step(&a0, R.load(x), load(w))
          step(&a1, R.load(x + 8 / m), load(w + 8))
          step(&a2, R.load(x + 16 / m), load(w + 16))
          step(&a3, R.load(x + 24 / m), load(w + 24))
        }
      }
      let raw = UnsafeMutableRawPointer(out + c)
      raw.storeBytes(of: a0, as: SIMD8<Float>.self)
      raw.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
      raw.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
      raw.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
      c &+= 32
    }
    while c &+ 8 <= channels {
      var a0 = row.bias.map { load($0 + c) } ?? SIMD8<Float>()
      for l in 0..<row.lineCount {
        for kx in kxFirst..<kxEnd {
          let x = row.lines[l] + ((origin &+ kx &* row.dilationX) &* inputChannels &+ c / m)
          step(&a0, R.load(x), load(row.lineWeights[l] + (kx &* channels &+ c)))
        }
      }
      UnsafeMutableRawPointer(out + c).storeBytes(of: a0, as: SIMD8<Float>.self)
      c &+= 8
    }
    while c < channels {
      var sum = row.bias?[c] ?? 0
      for l in 0..<row.lineCount {
        for kx in kxFirst..<kxEnd {
          let x = row.lines[l] + (origin &+ kx &* row.dilationX) &* inputChannels
          sum += x[c / m] * row.lineWeights[l][kx &* channels &+ c]
        }
      }
      out[c] = sum
      c &+= 1
    }
  }
}
