/// A small unsigned big integer (32-bit limbs, least significant first): just the operations
/// Dragon4 needs to compare and divide exact scaled values.
struct BigUInt: Comparable {
  private(set) var limbs: [UInt32]

  init(_ value: UInt64 = 0) {
    limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
    normalize()
  }

  static func powerOfTwo(_ exponent: Int) -> BigUInt {
    var result = BigUInt(1)
    result.shiftLeft(by: exponent)
    return result
  }

  var isZero: Bool { limbs.isEmpty }
  var isEven: Bool { limbs.first.map { $0 & 1 == 0 } ?? true }

  private mutating func normalize() {
    while let last = limbs.last, last == 0 { limbs.removeLast() }
  }

  mutating func shiftLeft(by bits: Int) {
    guard bits > 0, !isZero else { return }
    let whole = bits / 32, part = UInt32(bits % 32)
    var shifted = [UInt32](repeating: 0, count: whole)
    if part == 0 {
      shifted += limbs
    } else {
      var carry: UInt32 = 0
      for limb in limbs {
        shifted.append((limb << part) | carry)
        carry = limb >> (32 - part)
      }
      if carry != 0 { shifted.append(carry) }
    }
    limbs = shifted
  }

  mutating func multiply(by factor: UInt32) {
    var carry: UInt64 = 0
    for index in limbs.indices {
      let product = UInt64(limbs[index]) * UInt64(factor) + carry
      limbs[index] = UInt32(truncatingIfNeeded: product)
      carry = product >> 32
    }
    if carry != 0 { limbs.append(UInt32(carry)) }
    normalize()
  }

  mutating func multiplyByPowerOfTen(_ exponent: Int) {
    var remaining = exponent
    while remaining >= 9 {
      multiply(by: 1_000_000_000)
      remaining -= 9
    }
    var factor: UInt32 = 1
    for _ in 0..<remaining { factor *= 10 }
    if factor > 1 { multiply(by: factor) }
  }

  static func + (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
    var result = BigUInt()
    result.limbs = []
    var carry: UInt64 = 0
    for index in 0..<max(lhs.limbs.count, rhs.limbs.count) {
      let sum = UInt64(index < lhs.limbs.count ? lhs.limbs[index] : 0)
        + UInt64(index < rhs.limbs.count ? rhs.limbs[index] : 0) + carry
      result.limbs.append(UInt32(truncatingIfNeeded: sum))
      carry = sum >> 32
    }
    if carry != 0 { result.limbs.append(UInt32(carry)) }
    result.normalize()
    return result
  }

  /// `self -= other`, requiring `self >= other`.
  mutating func subtract(_ other: BigUInt) {
    var borrow: Int64 = 0
    for index in limbs.indices {
      var difference = Int64(limbs[index]) - borrow
        - Int64(index < other.limbs.count ? other.limbs[index] : 0)
      borrow = 0
      if difference < 0 {
        difference += 1 << 32
        borrow = 1
      }
      limbs[index] = UInt32(difference)
    }
    normalize()
  }

  /// Divides by `divisor` when the quotient is known to be below 10, keeping the remainder.
  mutating func divideSmallQuotient(by divisor: BigUInt) -> UInt8 {
    var quotient: UInt8 = 0
    while self >= divisor {
      subtract(divisor)
      quotient += 1
    }
    return quotient
  }

  static func < (lhs: BigUInt, rhs: BigUInt) -> Bool {
    if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count }
    for index in stride(from: lhs.limbs.count - 1, through: 0, by: -1)
    where lhs.limbs[index] != rhs.limbs[index] {
      return lhs.limbs[index] < rhs.limbs[index]
    }
    return false
  }
}
