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

/// How eight consecutive output channels read the input: groups of `width` channels rotated
/// within the group (constant shuffles), and for depthwise with depth multiplier m, 8 / m input
/// channels each repeated m times (`load` widens them; rows hold `channels / multiplier`).
public protocol GroupRotation {
  static var width: Int { get }
  static var multiplier: Int { get }
  static func rotate(_ v: SIMD8<Float>, by delta: Int) -> SIMD8<Float>
  static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float>
}

extension GroupRotation {
  @inlinable public static var multiplier: Int { 1 }
  @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
  }
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
  let g = G.width, m = G.multiplier, channels = row.channels, inputChannels = channels / m
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
          let x = row.lines[l] + ((origin &+ kx &* row.dilationX) &* inputChannels &+ c / m)
          let w = row.lineWeights[l] + (kx &* g &* channels &+ c)
          let x0 = G.load(x), x1 = G.load(x + 8 / m), x2 = G.load(x + 16 / m), x3 = G.load(x + 24 / m)
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
          let x0 = G.load(row.lines[l] + ((origin &+ kx &* row.dilationX) &* inputChannels &+ c / m))
          let w = row.lineWeights[l] + (kx &* g &* channels &+ c)
          for delta in 0..<g { step(&a0, G.rotate(x0, by: delta), load(w + delta &* channels)) }
        }
      }
      UnsafeMutableRawPointer(out + c).storeBytes(of: a0, as: SIMD8<Float>.self)
      c &+= 8
    }
    while c < channels {
      // Output c (channel j of its group) reads input (c − j) / m + (j + δ) mod g.
      let j = c % g, base = (c &- j) / m
      var sum = row.bias?[c] ?? 0
      for l in 0..<row.lineCount {
        for kx in kxFirst..<kxEnd {
          let x = row.lines[l] + (origin &+ kx &* row.dilationX) &* inputChannels
          let w = row.lineWeights[l] + kx &* g &* channels
          for delta in 0..<g { sum += x[base &+ (j &+ delta) % g] * w[delta &* channels &+ c] }
        }
      }
      out[c] = sum
      c &+= 1
    }
  }
}

/// The depth multipliers `groupedRow(width:_:fused:)` reads the input for in place.
public let groupedRowMultipliers = [1, 2, 4, 8]

public typealias GroupedRowKernel = @Sendable (_ groupWidth: Int, _ row: GroupedRow) -> Void

/// `groupedRow` for a run-time group width of 1, 2, 4 or 8 (each ISA module wraps this).
@inlinable @inline(__always)
public func groupedRow(width: Int, _ row: GroupedRow, fused: Bool) {
  switch width {
  case 1 where row.multiplier != 1:
    switch row.multiplier {
    case 2: groupedRow(RepeatEach2.self, row, fused: fused)
    case 4: groupedRow(RepeatEach4.self, row, fused: fused)
    case 8: groupedRow(RepeatEach8.self, row, fused: fused)
    default: preconditionFailure("depth multiplier \(row.multiplier) is not read in place (see groupedRowMultipliers)")
    }
  case 1: groupedRow(GroupOf1.self, row, fused: fused)
  case 2: groupedRow(GroupOf2.self, row, fused: fused)
  case 4: groupedRow(GroupOf4.self, row, fused: fused)
  default: groupedRow(GroupOf8.self, row, fused: fused)
  }
}

/// Depthwise with depth multiplier 2, 4 or 8 (one channel per group, so no rotation).
public enum RepeatEach2: GroupRotation {
  @inlinable public static var width: Int { 1 }
  @inlinable public static var multiplier: Int { 2 }
  @inlinable @inline(__always) public static func rotate(_ v: SIMD8<Float>, by delta: Int) -> SIMD8<Float> { v }
  @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    return SIMD8(v[0], v[0], v[1], v[1], v[2], v[2], v[3], v[3])
  }
}

public enum RepeatEach4: GroupRotation {
  @inlinable public static var width: Int { 1 }
  @inlinable public static var multiplier: Int { 4 }
  @inlinable @inline(__always) public static func rotate(_ v: SIMD8<Float>, by delta: Int) -> SIMD8<Float> { v }
  @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Float>.self)
    return SIMD8(v[0], v[0], v[0], v[0], v[1], v[1], v[1], v[1])
  }
}

public enum RepeatEach8: GroupRotation {
  @inlinable public static var width: Int { 1 }
  @inlinable public static var multiplier: Int { 8 }
  @inlinable @inline(__always) public static func rotate(_ v: SIMD8<Float>, by delta: Int) -> SIMD8<Float> { v }
  @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { SIMD8(repeating: p[0]) }
}
