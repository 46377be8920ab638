import RealModule

/// The seeded random generator behind `rand`, `randn` and the layer initializers.
///
/// It is NumPy's legacy global generator (`np.random.seed` / `np.random.rand` /
/// `np.random.randn`), reproduced bit for bit so that a NumPy user's seeded script gives the
/// same numbers here, on every run and every machine:
///
/// - **Algorithm:** 32-bit Mersenne Twister MT19937 (Matsumoto & Nishimura, 1998).
/// - **Seeding:** `seed(s)` with 0 ≤ s < 2³² fills the 624-word state with the reference
///   `init_genrand` recurrence `x[i] = 1812433253·(x[i−1] ⊕ (x[i−1] ≫ 30)) + i`.
/// - **Uniform [0, 1):** two 32-bit outputs `a`, `b` give `((a ≫ 5)·2²⁶ + (b ≫ 6)) / 2⁵³`, a
///   double with 53 random bits, rounded to float32 when stored in a tensor.
/// - **Standard normal:** Marsaglia's polar method on two uniforms mapped to (−1, 1); each
///   accepted pair yields two normals, the second kept for the next call (NumPy's `gauss`
///   cache, cleared by `seed`).
///
/// Only integer arithmetic and IEEE `sqrt`/`log` are involved; nothing depends on the
/// platform's `random()`.
public struct RandomGenerator: Sendable, Equatable {
  private static let stateSize = 624
  private static let shift = 397

  private var state: [UInt32]
  private var position: Int
  private var cachedNormal: Double?

  /// A generator seeded with `seed` (taken modulo 2³², as NumPy requires 0 ≤ seed < 2³²).
  public init(seed: UInt32) {
    state = [UInt32](repeating: 0, count: Self.stateSize)
    position = Self.stateSize
    cachedNormal = nil
    reseed(seed)
  }

  /// A generator seeded from the system's entropy source, for sessions that never call `seed`.
  public init() {
    var system = SystemRandomNumberGenerator()
    self.init(seed: UInt32.random(in: .min ... .max, using: &system))
  }

  /// Restarts the sequence, exactly as `np.random.seed(seed)` does.
  public mutating func reseed(_ seed: UInt32) {
    var value = seed
    for index in 0..<Self.stateSize {
      state[index] = value
      value = 1_812_433_253 &* (value ^ (value >> 30)) &+ UInt32(index + 1)
    }
    position = Self.stateSize
    cachedNormal = nil
  }

  /// The next raw 32-bit output.
  public mutating func nextUInt32() -> UInt32 {
    if position >= Self.stateSize { twist() }
    var y = state[position]
    position += 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9D2C_5680
    y ^= (y << 15) & 0xEFC6_0000
    y ^= y >> 18
    return y
  }

  /// A uniform double in [0, 1) with 53 random bits.
  public mutating func nextUniform() -> Double {
    let high = Double(nextUInt32() >> 5)
    let low = Double(nextUInt32() >> 6)
    return (high * 67_108_864.0 + low) / 9_007_199_254_740_992.0
  }

  /// A standard normal deviate (mean 0, standard deviation 1).
  public mutating func nextNormal() -> Double {
    if let cached = cachedNormal {
      cachedNormal = nil
      return cached
    }
    var x1 = 0.0, x2 = 0.0, radiusSquared = 0.0
    repeat {
      x1 = 2.0 * nextUniform() - 1.0
      x2 = 2.0 * nextUniform() - 1.0
      radiusSquared = x1 * x1 + x2 * x2
    } while radiusSquared >= 1.0 || radiusSquared == 0.0
    let factor = (-2.0 * Double.log(radiusSquared) / radiusSquared).squareRoot()
    cachedNormal = factor * x1
    return factor * x2
  }

  private mutating func twist() {
    let upperMask: UInt32 = 0x8000_0000, lowerMask: UInt32 = 0x7FFF_FFFF
    for index in 0..<Self.stateSize {
      let y = (state[index] & upperMask) | (state[(index + 1) % Self.stateSize] & lowerMask)
      var next = state[(index + Self.shift) % Self.stateSize] ^ (y >> 1)
      if y & 1 != 0 { next ^= 0x9908_B0DF }
      state[index] = next
    }
    position = 0
  }
}
