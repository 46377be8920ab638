/// The register-tile micro-kernel of the GEMM convolution, `@inlinable` so that each ISA module
/// (compiled with its own `-target-cpu`) gets its own copy with that unit's instructions.
///
/// C[8 × 32] = A[8 × k] · B[k × 32]: A is 8 rows of k (row-major, `aStride` apart), B a packed
/// panel of k rows of 32. Sixteen SIMD16 accumulators stay in registers (zmm on AVX-512).
/// `fused` chooses fused multiply-add; it must be false where the target has no FMA, or each
/// lane becomes a library call.
@inlinable @inline(__always)
public func microKernel8x32(
  k: Int, a: UnsafePointer<Float>, aStride: Int, b: UnsafePointer<Float>, c: UnsafeMutablePointer<SIMD16<Float>>,
  fused: Bool
) {
  var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c10 = SIMD16<Float>(), c11 = SIMD16<Float>()
  var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c30 = SIMD16<Float>(), c31 = SIMD16<Float>()
  var c40 = SIMD16<Float>(), c41 = SIMD16<Float>(), c50 = SIMD16<Float>(), c51 = SIMD16<Float>()
  var c60 = SIMD16<Float>(), c61 = SIMD16<Float>(), c70 = SIMD16<Float>(), c71 = SIMD16<Float>()
  let raw = UnsafeRawPointer(b)
  for p in 0..<k {
    let b0 = raw.loadUnaligned(fromByteOffset: p * 128, as: SIMD16<Float>.self)
    let b1 = raw.loadUnaligned(fromByteOffset: p * 128 + 64, as: SIMD16<Float>.self)
    @inline(__always) func step(_ x0: inout SIMD16<Float>, _ x1: inout SIMD16<Float>, _ value: Float) {
      let broadcast = SIMD16<Float>(repeating: value)
      if fused {
        x0.addProduct(broadcast, b0)
        x1.addProduct(broadcast, b1)
      } else {
        x0 += broadcast * b0
        x1 += broadcast * b1
      }
    }
    step(&c00, &c01, a[p])
    step(&c10, &c11, a[aStride + p])
    step(&c20, &c21, a[2 * aStride + p])
    step(&c30, &c31, a[3 * aStride + p])
    step(&c40, &c41, a[4 * aStride + p])
    step(&c50, &c51, a[5 * aStride + p])
    step(&c60, &c61, a[6 * aStride + p])
    step(&c70, &c71, a[7 * aStride + p])
  }
  c[0] = c00; c[1] = c01; c[2] = c10; c[3] = c11; c[4] = c20; c[5] = c21; c[6] = c30; c[7] = c31
  c[8] = c40; c[9] = c41; c[10] = c50; c[11] = c51; c[12] = c60; c[13] = c61; c[14] = c70; c[15] = c71
}


/// The 6×16 tile for 256-bit units (AVX2 has 16 ymm registers: 12 accumulators, 2 rows of B, 1
/// broadcast). C[6 × 16] = A[6 × k] · B[k × 16], B packed in panels of 16.
@inlinable @inline(__always)
public func microKernel6x16(
  k: Int, a: UnsafePointer<Float>, aStride: Int, b: UnsafePointer<Float>, c: UnsafeMutablePointer<SIMD8<Float>>,
  fused: Bool
) {
  var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
  var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
  var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
  let raw = UnsafeRawPointer(b)
  for p in 0..<k {
    let b0 = raw.loadUnaligned(fromByteOffset: p * 64, as: SIMD8<Float>.self)
    let b1 = raw.loadUnaligned(fromByteOffset: p * 64 + 32, as: SIMD8<Float>.self)
    @inline(__always) func step(_ x0: inout SIMD8<Float>, _ x1: inout SIMD8<Float>, _ value: Float) {
      let broadcast = SIMD8<Float>(repeating: value)
      if fused {
        x0.addProduct(broadcast, b0)
        x1.addProduct(broadcast, b1)
      } else {
        x0 += broadcast * b0
        x1 += broadcast * b1
      }
    }
    step(&c00, &c01, a[p])
    step(&c10, &c11, a[aStride + p])
    step(&c20, &c21, a[2 * aStride + p])
    step(&c30, &c31, a[3 * aStride + p])
    step(&c40, &c41, a[4 * aStride + p])
    step(&c50, &c51, a[5 * aStride + p])
  }
  c[0] = c00; c[1] = c01; c[2] = c10; c[3] = c11; c[4] = c20; c[5] = c21
  c[6] = c30; c[7] = c31; c[8] = c40; c[9] = c41; c[10] = c50; c[11] = c51
}

/// A micro-kernel and its tile: `rows` output pixels × `columns` filters per call, writing the
/// tile row-major into `c` (rows × columns floats).
public struct TileKernel: Sendable {
  public let rows: Int
  public let columns: Int
  public let run: @Sendable (_ k: Int, _ a: UnsafePointer<Float>, _ aStride: Int, _ b: UnsafePointer<Float>, _ c: UnsafeMutableRawPointer) -> Void

  public init(
    rows: Int, columns: Int,
    run: @escaping @Sendable (Int, UnsafePointer<Float>, Int, UnsafePointer<Float>, UnsafeMutableRawPointer) -> Void
  ) {
    self.rows = rows
    self.columns = columns
    self.run = run
  }
}

/// `accumulator[i] += x[i] · w[i]` for `count` floats, eight lanes at a time (the depthwise
/// inner loop, vectorised over channels).
@inlinable @inline(__always)
public func multiplyAccumulate(
  count: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>, accumulator: UnsafeMutablePointer<Float>, fused: Bool
) {
  var index = 0
  let rx = UnsafeRawPointer(x), rw = UnsafeRawPointer(w), ra = UnsafeMutableRawPointer(accumulator)
  while index + 8 <= count {
    let a = rx.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
    let b = rw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
    var c = UnsafeRawPointer(ra).loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
    if fused { c.addProduct(a, b) } else { c += a * b }
    ra.storeBytes(of: c, toByteOffset: index * 4, as: SIMD8<Float>.self)
    index += 8
  }
  while index < count {
    accumulator[index] += x[index] * w[index]
    index += 1
  }
}

public typealias MultiplyAccumulate = @Sendable (_ count: Int, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ accumulator: UnsafeMutablePointer<Float>) -> Void

/// Float operations per second of one thread running only fused multiply-adds on `lanes`-wide
/// vectors with 10 independent chains (enough to cover FMA latency): the machine's peak, measured
/// the same way the micro-kernels compute.
@inlinable @inline(__always)
public func peakFlopsLoop<V: SIMD>(_: V.Type, iterations: Int) -> (flops: Double, checksum: Float)
where V.Scalar == Float {
  var chains = (V(repeating: 1), V(repeating: 2), V(repeating: 3), V(repeating: 4), V(repeating: 5),
                V(repeating: 6), V(repeating: 7), V(repeating: 8), V(repeating: 9), V(repeating: 10))
  let a = V(repeating: 0.999_999), b = V(repeating: 1e-7)
  for _ in 0..<iterations {
    chains.0.addProduct(a, b); chains.1.addProduct(a, b); chains.2.addProduct(a, b); chains.3.addProduct(a, b)
    chains.4.addProduct(a, b); chains.5.addProduct(a, b); chains.6.addProduct(a, b); chains.7.addProduct(a, b)
    chains.8.addProduct(a, b); chains.9.addProduct(a, b)
  }
  let sum = chains.0 + chains.1 + chains.2 + chains.3 + chains.4 + chains.5 + chains.6 + chains.7 + chains.8 + chains.9
  return (Double(iterations) * 10 * Double(V.scalarCount) * 2, sum.sum())
}
