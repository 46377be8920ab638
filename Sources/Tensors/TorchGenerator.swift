import RealModule

/// PyTorch's CPU generator, so `torch.manual_seed(s)` then `torch.rand`/`torch.randn` give
/// PyTorch's numbers:
///
/// - **Engine:** MT19937 seeded with the low 32 bits of the seed (`init_genrand`, as
///   `at::mt19937` does); unseeded, PyTorch's default seed 67280421310721.
/// - **rand (float32):** `(u32 & (2²⁴ − 1)) · 2⁻²⁴`, one draw per element, in order.
/// - **randn (float32), 16 or more elements:** every element drawn as a uniform, then each
///   block of 16 turned into normals by Box–Muller (`u1 = 1 − x[j]`, `u2 = x[j + 8]`,
///   `r = √(−2 ln u1)`, `x[j] = r cos 2πu2`, `x[j + 8] = r sin 2πu2`); a tail shorter than 16
///   redraws the last 16 elements and transforms them again (ATen's `normal_fill`).
/// - **randn, fewer than 16 elements:** double normals from two 53-bit uniforms
///   (`u = (hi·2³² + lo) & (2⁵³ − 1) · 2⁻⁵³`), `r = √(−2 ln(1 − u2))`, `θ = 2πu1`, returning
///   `r cos θ` and keeping `r sin θ` for the next draw (`normal_distribution<double>`).
///
/// The blocks of 16 use the Cephes single-precision log and sin/cos polynomials with the
/// operations and fused multiply-adds PyTorch's AVX2 kernel is compiled to, so the values are
/// PyTorch's bit for bit (checked against its draws for several seeds and sizes).
public struct TorchGenerator: Sendable, Equatable {
  public static let defaultSeed: UInt64 = 67_280_421_310_721

  private var engine: RandomGenerator
  private var cachedNormal: Double?

  public init(seed: UInt64 = TorchGenerator.defaultSeed) {
    engine = RandomGenerator(seed: UInt32(truncatingIfNeeded: seed))
    cachedNormal = nil
  }

  public mutating func manualSeed(_ seed: UInt64) { self = TorchGenerator(seed: seed) }

  mutating func uniformFloat() -> Float { Float(engine.nextUInt32() & 0xFF_FFFF) * 0x1p-24 }

  mutating func uniformDouble() -> Double {
    let high = UInt64(engine.nextUInt32()), low = UInt64(engine.nextUInt32())
    return Double(((high << 32) | low) & ((1 << 53) - 1)) * 0x1p-53
  }

  /// `torch.rand(count)`. Ctrl-C stops a long draw (the caller discards it).
  public mutating func uniform(count: Int) -> [Float] {
    var values = [Float](repeating: 0, count: count)
    for index in 0..<count {
      if index & 0xFFFF == 0 && Interruption.isRequested { break }
      values[index] = uniformFloat()
    }
    return values
  }

  /// `torch.randn(count)`.
  public mutating func normal(count: Int) -> [Float] {
    guard count >= 16 else { return (0..<count).map { _ in Float(normalDouble()) } }
    var data = uniform(count: count)
    func fill16(_ start: Int) {
      for j in 0..<8 {
        let u1 = 1 - data[start + j], u2 = data[start + j + 8]
        let radius = (-2 * Self.cephesLog(u1)).squareRoot()
        // 2π rounded to nearest, as C++ writes it (Swift's Float.pi is rounded down).
        let (sine, cosine) = Self.cephesSinCos(Float(2 * Double.pi) * u2)
        data[start + j] = radius * cosine
        data[start + j + 8] = radius * sine
      }
    }
    for start in stride(from: 0, to: count - 15, by: 16) {
      if start & 0xFFFF == 0 && Interruption.isRequested { return data }
      fill16(start)
    }
    if count % 16 != 0 {
      for index in (count - 16)..<count { data[index] = uniformFloat() }
      fill16(count - 16)
    }
    return data
  }

  mutating func normalDouble() -> Double {
    if let cached = cachedNormal {
      cachedNormal = nil
      return cached
    }
    let u1 = uniformDouble(), u2 = uniformDouble()
    let radius = (-2 * Double.log(1 - u2)).squareRoot()
    let theta = 2 * Double.pi * u1
    cachedNormal = radius * Double.sin(theta)
    return radius * Double.cos(theta)
  }

  // PyTorch's build (GCC, -ffp-contract=fast) fuses each multiply into the add or subtract that
  // takes it, the first multiply in program order winning; the fused steps below are those.

  /// Cephes `logf` (Pommier's SIMD form), step by step in float32, for 0 < x < 1.
  static func cephesLog(_ value: Float) -> Float {
    var x = max(value, Float(bitPattern: 0x0080_0000))  // the smallest normal
    let exponent = Int32(bitPattern: x.bitPattern >> 23) - 0x7F
    x = Float(bitPattern: (x.bitPattern & ~0x7F80_0000) | Float(0.5).bitPattern)  // mantissa in [0.5, 1)
    var e = Float(exponent) + 1
    let below = x < 0.707_106_781_186_547_524
    let extra: Float = below ? x : 0
    x = x - 1
    e = e - (below ? 1 : 0)
    x = x + extra
    let z = x * x
    var y: Float = 7.037_683_629_2e-2
    for p: Float in [-1.151_461_031_0e-1, 1.167_699_874_0e-1, -1.242_014_084_6e-1, 1.424_932_278_7e-1, -1.666_805_766_5e-1,
      2.000_071_476_5e-1, -2.499_999_399_3e-1, 3.333_333_117_4e-1]
    {
      y = p.addingProduct(y, x)
    }
    y = y * x
    y = (e * -2.121_944_40e-4).addingProduct(y, z)
    y = y.addingProduct(-z, 0.5)
    return (x + y).addingProduct(e, 0.693_359_375)
  }

  /// Cephes `sincosf` (Pommier's SIMD form), step by step in float32, for 0 ≤ x < 8192.
  static func cephesSinCos(_ value: Float) -> (sin: Float, cos: Float) {
    let negative = value.sign == .minus
    var x = abs(value)
    var j = Int32(x * 1.273_239_544_735_16)  // 4/π, truncated
    j = (j + 1) & ~1
    let y = Float(j)
    let swapSine = j & 4 != 0
    let polynomialIsCosine = j & 2 == 0
    x = x.addingProduct(y, -0.785_156_25)
    x = x.addingProduct(y, -2.418_756_484_985_351_562_5e-4)
    x = x.addingProduct(y, -3.774_894_977_445_941_08e-8)
    let negateCosine = ~(j - 2) & 4 != 0
    let z = x * x
    var c: Float = Float(-1.388_731_625_493_765e-3).addingProduct(2.443_315_711_809_948e-5, z)
    c = Float(4.166_664_568_298_827e-2).addingProduct(c, z)
    c = c * z
    c = (-(z * 0.5)).addingProduct(c, z)
    c = c + 1
    var s: Float = Float(8.332_160_873_6e-3).addingProduct(-1.951_529_589_1e-4, z)
    s = Float(-1.666_665_461_1e-1).addingProduct(s, z)
    s = s * z
    s = x.addingProduct(s, x)
    let sine = polynomialIsCosine ? s : c
    let cosine = polynomialIsCosine ? c : s
    let sineNegative = negative != swapSine
    return (sineNegative ? -sine : sine, negateCosine ? -cosine : cosine)
  }
}
