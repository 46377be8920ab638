import ArrayLoops
import ArrayLoopsAVX2
import ArrayLoopsAVX512
import Kernels
import Testing

/// Every unit's loops against the scalar definitions, bit for bit, on values that find the
/// edges (NaN, ±0, ±inf, subnormals, exp's overflow and underflow bounds) at every offset
/// from a vector's start, so the vector body and the scalar remainder are both checked.
struct ArrayLoopCases {
  static let specials: [Float] = [
    .nan, -.nan, 0, -0.0, .infinity, -.infinity, 1, -1, 0x1p-149, -0x1p-140, .leastNormalMagnitude, 88.72283935546875,
    88.8, -103.97208404541015625, -104, 0.70710677, 0.70710683, .greatestFiniteMagnitude, 2, 2,
  ]

  /// 1,000 values: the specials, then random ones over many magnitudes, both signs.
  static func values(seed: UInt64) -> [Float] {
    var state = seed
    func next() -> UInt64 {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return state >> 11
    }
    var result = specials
    while result.count < 1000 {
      let magnitude = Float(next() % 1_000_000) / 1_000_000 * Float(1 << (next() % 12))
      result.append(next() % 2 == 0 ? magnitude : -magnitude)
      if next() % 17 == 0 { result.append(specials[Int(next() % UInt64(specials.count))]) }
    }
    return result
  }

  static func same(_ x: Float, _ y: Float) -> Bool { x.isNaN ? y.isNaN : x.bitPattern == y.bitPattern }

  static func binary(_ op: FloatBinaryLoop, _ x: Float, _ y: Float) -> Float {
    switch op {
    case .add: return x + y
    case .subtract: return x - y
    case .multiply: return x * y
    case .divide: return x / y
    case .maximum: return x > y || x.isNaN ? x : y
    case .minimum: return x < y || x.isNaN ? x : y
    }
  }

  static func unary(_ op: FloatUnaryLoop, _ x: Float) -> Float {
    switch op {
    case .negative: return -x
    case .absolute: return abs(x)
    case .square: return x * x
    case .sqrt: return x.squareRoot()
    case .exp: return numpyExpFloat(x)
    case .log: return numpyLogFloat(x)
    }
  }

  static func check(_ loops: ArrayLoops) {
    let a = values(seed: 1), b = values(seed: 2)
    for op in [FloatBinaryLoop.add, .subtract, .multiply, .divide, .maximum, .minimum] {
      for count in [0, 1, 15, 17, 63, 1000] {
        for (aStep, bStep) in [(1, 1), (1, 0), (0, 1), (0, 0)] {
          var out = [Float](repeating: 7, count: count)
          out.withUnsafeMutableBufferPointer { o in loops.binaryFloat(op, a, aStep, b, bStep, o.baseAddress!, count) }
          let wrong = (0..<count).filter { !same(out[$0], binary(op, a[$0 * aStep], b[$0 * bStep])) }
          #expect(wrong.isEmpty, "\(op) count \(count) steps \(aStep),\(bStep): first wrong at \(wrong.first ?? -1)")
        }
      }
    }
    for op in [FloatUnaryLoop.negative, .absolute, .square, .sqrt, .exp, .log] {
      for count in [1, 15, 17, 1000] {
        var out = [Float](repeating: 7, count: count)
        _ = out.withUnsafeMutableBufferPointer { o in loops.unaryFloat(op, a, o.baseAddress!, count) }
        let wrong = (0..<count).filter { !same(out[$0], unary(op, a[$0])) }
        #expect(wrong.isEmpty, "\(op) count \(count): first wrong at \(wrong.first.map { "\($0) (\(a[$0]))" } ?? "")")
      }
    }
    for largest in [true, false] {
      for count in [0, 5, 64, 65, 1000] {
        for start in [0, 3, 20] where start + count <= a.count {
          // Without a NaN in the run, then with one planted in it.
          for nan in [false, true] where count > 0 || !nan {
            var data = Array(a[start..<(start + count)]).map { $0.isNaN ? 0 : $0 }
            if nan { data[count / 2] = .nan }
            var expected: Float = -3
            for value in data { expected = largest ? (expected > value || expected.isNaN ? expected : value) : (expected < value || expected.isNaN ? expected : value) }
            let value = loops.extremeFloat(data, count, -3, largest)
            #expect(same(value, expected), "extreme largest \(largest) count \(count) nan \(nan): \(value) vs \(expected)")
          }
        }
      }
    }
  }
}

@Suite("Array loops agree with their definitions, bit for bit")
struct ArrayLoopTests {
  @Test func portableLoops() { ArrayLoopCases.check(.portable) }

  @Test(.enabled(if: InstructionSet.avx2.isSupported && InstructionSet.best.width >= InstructionSet.avx2.width,
    "no AVX2 and FMA on this CPU (or CONVLAB_MAX_ISA caps it): the AVX2 array loops were not run"))
  func avx2Loops() { ArrayLoopCases.check(avx2ArrayLoops) }

  @Test(.enabled(if: InstructionSet.avx512.isSupported && InstructionSet.best.width >= InstructionSet.avx512.width,
    "no AVX-512F on this CPU (or CONVLAB_MAX_ISA caps it): the AVX-512 array loops were not run"))
  func avx512Loops() { ArrayLoopCases.check(avx512ArrayLoops) }
}
