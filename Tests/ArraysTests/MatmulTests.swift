import Arrays
import Kernels
import Tensors
import Testing
import TestSupport

@Suite("Matrix products")
struct MatmulTests {
  /// A float64 product from the definition, the reference the GEMM path must meet.
  static func reference(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[p * n + j]) }
        c[i * n + j] = Float(sum)
      }
    }
    return c
  }

  static func values(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Float(Int(state >> 40) % 2001 - 1000) / 1000
    }
  }

  /// Sizes around the tile edges and past one K slice (128 or 256 deep), batched and broadcast.
  @Test(arguments: [(1, 1, 1), (7, 33, 5), (17, 16, 300), (64, 64, 64), (3, 100, 1000), (50, 1, 129), (0, 4, 3), (4, 5, 0)])
  func float32AgreesWithTheDefinition(size: (Int, Int, Int)) throws {
    let (m, n, k) = size
    let a = Self.values(2 * m * k, seed: UInt64(m * 1000 + k)), b = Self.values(k * n, seed: UInt64(n * 7 + k))
    let left = NDArray.floats([2, m, k], a), right = NDArray.floats([k, n], b)
    let product = try NDArray.matmul(left, right)
    #expect(product.shape == [2, m, n])
    #expect(product.dtype == .float32)
    let expected = Self.reference(Array(a[..<(m * k)]), b, m: m, n: n, k: k)
      + Self.reference(Array(a[(m * k)...]), b, m: m, n: n, k: k)
    if m * n == 0 {
      #expect(product.floats.isEmpty)
    } else {
      expectClose(product.floats, expected, .scaled(Float(max(k, 1)) * 1e-6), "(\(m), \(k)) @ (\(k), \(n))")
    }
  }

  /// Within one K slice each element is the fused chain over k from 0, as OpenBLAS's kernels
  /// give NumPy: bit for bit, so `@` prints NumPy's digits.
  @Test(.enabled(if: MatrixProduct.isFused, "skipped: the portable kernel (no FMA unit) rounds twice"))
  func shortProductsAreTheFusedChain() throws {
    let (m, n, k) = (9, 40, 100)
    let a = Self.values(m * k, seed: 3), b = Self.values(k * n, seed: 4)
    let product = try NDArray.matmul(NDArray.floats([m, k], a), NDArray.floats([k, n], b)).floats
    for i in 0..<m {
      for j in 0..<n {
        var chain: Float = 0
        for p in 0..<k { chain = chain.addingProduct(a[i * k + p], b[p * n + j]) }
        #expect(product[i * n + j].bitPattern == chain.bitPattern, "element (\(i), \(j))")
      }
    }
  }

  @Test func vectorsLoseTheirAddedAxis() throws {
    let v = NDArray.floats([3], [1, 2, 3])
    let matrix = NDArray.floats([3, 2], [1, 0, 0, 1, 1, 1])
    #expect(try NDArray.matmul(v, v).shape == [])
    #expect(try NDArray.matmul(v, v).floats == [14])
    #expect(try NDArray.matmul(v, matrix).floats == [4, 5])
    #expect(throws: ShapeError.self) { try NDArray.matmul(matrix, matrix) }
  }
}
