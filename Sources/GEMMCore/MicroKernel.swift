import CPUFeatures

/// The register-tile micro-kernel of the GEMM convolution, `@inlinable` so that each ISA module
/// (compiled with its own `-target-cpu`) gets its own copy with that unit's instructions.
///
/// C[8 × 32] (+)= A[8 × k] · B[k × 32]: A is 8 rows of k (row-major, `aStride` apart), B a packed
/// panel of k rows of 32, `c` the 8 rows of C (each 32 floats; rows need not be evenly spaced,
/// so a product can land straight in scattered output pixels); `accumulate` adds to what C
/// holds (the later slices of a K-blocked product), then bias and ReLU as `store` asks. Sixteen SIMD16 accumulators stay in registers.
/// `fused` chooses fused multiply-add; it must be false where the target has no FMA, or each
/// lane becomes a library call.
@inlinable @inline(__always)
public func microKernel8x32(
  k: Int, a: UnsafePointer<Float>, aStride: Int, next: UnsafePointer<Float>? = nil, b: UnsafePointer<Float>,
  c: UnsafePointer<UnsafeMutablePointer<Float>>, store: TileStore, fused: Bool
) {
  // One segment of k through eight row pointers: the indirect kernel's loop is this loop.
  let rows = (a, a + aStride, a + 2 &* aStride, a + 3 &* aStride, a + 4 &* aStride, a + 5 &* aStride, a + 6 &* aStride, a + 7 &* aStride)
  let n = next ?? a
  let upcoming = (n, n + aStride, n + 2 &* aStride, n + 3 &* aStride, n + 4 &* aStride, n + 5 &* aStride, n + 6 &* aStride, n + 7 &* aStride)
  withUnsafePointer(to: rows) { tuple in
    tuple.withMemoryRebound(to: UnsafePointer<Float>.self, capacity: 8) { table in
      withUnsafePointer(to: upcoming) { upcomingTuple in
        upcomingTuple.withMemoryRebound(to: UnsafePointer<Float>.self, capacity: 8) { ahead in
          microKernel8x32Indirect(segments: 1, length: k, a: table, ahead: next == nil ? nil : ahead, b: b, c: c, store: store, fused: fused)
        }
      }
    }
  }
}

/// x0 += a·b0, x1 += a·b1, fused or not (see above). One copy per vector width, not a
/// generic: in the unrolled loops the generic one was left unspecialised (a call per lane).
@inlinable @inline(__always)
func fma(_ x0: inout SIMD8<Float>, _ x1: inout SIMD8<Float>, _ a: Float, _ b0: SIMD8<Float>, _ b1: SIMD8<Float>, _ fused: Bool) {
  let broadcast = SIMD8<Float>(repeating: a)
  if fused {
    x0.addProduct(broadcast, b0)
    x1.addProduct(broadcast, b1)
  } else {
    x0 += broadcast * b0
    x1 += broadcast * b1
  }
}

@inlinable @inline(__always)
func fma(_ x0: inout SIMD16<Float>, _ x1: inout SIMD16<Float>, _ a: Float, _ b0: SIMD16<Float>, _ b1: SIMD16<Float>, _ fused: Bool) {
  let broadcast = SIMD16<Float>(repeating: a)
  if fused {
    x0.addProduct(broadcast, b0)
    x1.addProduct(broadcast, b1)
  } else {
    x0 += broadcast * b0
    x1 += broadcast * b1
  }
}

/// Writes (or adds) one tile row of two vectors to row `row` of C. One copy per vector width,
/// not a generic: the generic version was not inlined into the micro-kernels.
@inlinable @inline(__always)
func storeRow(_ c: UnsafePointer<UnsafeMutablePointer<Float>>, _ row: Int, _ x0: SIMD8<Float>, _ x1: SIMD8<Float>, _ store: TileStore) {
  let raw = UnsafeMutableRawPointer(c[row])
  var y0 = x0, y1 = x1
  if store.accumulate {
    y0 += UnsafeRawPointer(raw).loadUnaligned(as: SIMD8<Float>.self)
    y1 += UnsafeRawPointer(raw).loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
  }
  if let bias = store.bias {
    y0 += UnsafeRawPointer(bias).loadUnaligned(as: SIMD8<Float>.self)
    y1 += UnsafeRawPointer(bias).loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
  }
  if store.relu {
    y0.replace(with: SIMD8<Float>(), where: y0 .< SIMD8<Float>())
    y1.replace(with: SIMD8<Float>(), where: y1 .< SIMD8<Float>())
  }
  raw.storeBytes(of: y0, as: SIMD8<Float>.self)
  raw.storeBytes(of: y1, toByteOffset: 32, as: SIMD8<Float>.self)
}

@inlinable @inline(__always)
func storeRow(_ c: UnsafePointer<UnsafeMutablePointer<Float>>, _ row: Int, _ x0: SIMD16<Float>, _ x1: SIMD16<Float>, _ store: TileStore) {
  let raw = UnsafeMutableRawPointer(c[row])
  var y0 = x0, y1 = x1
  if store.accumulate {
    y0 += UnsafeRawPointer(raw).loadUnaligned(as: SIMD16<Float>.self)
    y1 += UnsafeRawPointer(raw).loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
  }
  if let bias = store.bias {
    y0 += UnsafeRawPointer(bias).loadUnaligned(as: SIMD16<Float>.self)
    y1 += UnsafeRawPointer(bias).loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
  }
  if store.relu {
    y0.replace(with: SIMD16<Float>(), where: y0 .< SIMD16<Float>())
    y1.replace(with: SIMD16<Float>(), where: y1 .< SIMD16<Float>())
  }
  raw.storeBytes(of: y0, as: SIMD16<Float>.self)
  raw.storeBytes(of: y1, toByteOffset: 64, as: SIMD16<Float>.self)
}

/// Asks for the lines of C's `count` rows (`bytes` each) before the product, so that storing
/// the tile finds them in cache.
@inlinable @inline(__always)
func prefetchRows(_ c: UnsafePointer<UnsafeMutablePointer<Float>>, count: Int, bytes: Int) {
  for row in 0..<count {
    let raw = UnsafeRawPointer(c[row])
    for offset in stride(from: 0, to: bytes, by: 64) { convlab_prefetch_for_write(raw + offset) }
    convlab_prefetch_for_write(raw + (bytes - 1))  // a row not aligned to a line spans one more
  }
}

/// Asks for one line of each of the next tile's `count` rows of A, at column `column`. The
/// kernels call it every 16 k steps (a line of floats), so the next tile's A streams in while
/// this one multiplies: A read in place from memory (a 1×1 convolution's input) is eight short
/// streams per tile, too short for the hardware prefetcher, and had held a 1×1 convolution to
/// 68% of the kernel's in-cache speed on one core (87% with this).
@inlinable @inline(__always)
func prefetchLines(_ rows: UnsafePointer<UnsafePointer<Float>>, count: Int, at column: Int) {
  for row in 0..<count { convlab_prefetch_for_read(rows[row] + column) }
}

/// How a micro-kernel stores its tile: added to what C holds (later K slices), plus a bias
/// per column and a ReLU (the last slice), so the common epilogues cost no extra pass.
public struct TileStore {
  public var accumulate: Bool
  public var bias: UnsafePointer<Float>?
  public var relu: Bool

  @inlinable public init(accumulate: Bool, bias: UnsafePointer<Float>? = nil, relu: Bool = false) {
    self.accumulate = accumulate
    self.bias = bias
    self.relu = relu
  }
}


/// The 6×16 tile for 256-bit units (AVX2 has 16 ymm registers: 12 accumulators, 2 rows of B, 1
/// broadcast). C[6 × 16] (+)= A[6 × k] · B[k × 16], B packed in panels of 16; C as for 8×32.
@inlinable @inline(__always)
public func microKernel6x16(
  k: Int, a: UnsafePointer<Float>, aStride: Int, next: UnsafePointer<Float>? = nil, b: UnsafePointer<Float>,
  c: UnsafePointer<UnsafeMutablePointer<Float>>, store: TileStore, fused: Bool
) {
  // One segment of k through six row pointers: the indirect kernel's loop is this loop.
  let rows = (a, a + aStride, a + 2 &* aStride, a + 3 &* aStride, a + 4 &* aStride, a + 5 &* aStride)
  let n = next ?? a
  let upcoming = (n, n + aStride, n + 2 &* aStride, n + 3 &* aStride, n + 4 &* aStride, n + 5 &* aStride)
  withUnsafePointer(to: rows) { tuple in
    tuple.withMemoryRebound(to: UnsafePointer<Float>.self, capacity: 6) { table in
      withUnsafePointer(to: upcoming) { upcomingTuple in
        upcomingTuple.withMemoryRebound(to: UnsafePointer<Float>.self, capacity: 6) { ahead in
          microKernel6x16Indirect(segments: 1, length: k, a: table, ahead: next == nil ? nil : ahead, b: b, c: c, store: store, fused: fused)
        }
      }
    }
  }
}

/// The indirect form of `microKernel6x16` (XNNPACK's IGEMM): A is `segments` runs of `length`
/// floats per row, found through a table of row pointers (`a[segment·6 + row]`), so the rows of
/// a convolution's im2col can be read where they lie in the input instead of being copied.
@inlinable @inline(__always)
public func microKernel6x16Indirect(
  segments: Int, length: Int, a: UnsafePointer<UnsafePointer<Float>>, ahead: UnsafePointer<UnsafePointer<Float>>? = nil,
  b: UnsafePointer<Float>, c: UnsafePointer<UnsafeMutablePointer<Float>>, store: TileStore, fused: Bool
) {
  prefetchRows(c, count: 6, bytes: 64)
  var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
  var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
  var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
  var panel = UnsafeRawPointer(b)
  var rows = a, upcoming = ahead
  for _ in 0..<segments {
    let a0 = rows[0], a1 = rows[1], a2 = rows[2], a3 = rows[3], a4 = rows[4], a5 = rows[5]
    // Four k steps a trip: with one, the loop's own instructions and A's address arithmetic
    // held the FMAs to about 65% of peak with A and B in L1; 75–90% with four. (A trip count
    // chosen at run time kept LLVM from unrolling, hence the separate tail loop; a local step
    // function shared by both loops spilled the accumulators to the stack.)
    var p = 0
    while p &+ 4 <= length {
      if let upcoming, p & 15 == 0 { prefetchLines(upcoming, count: 6, at: p) }
      for step in 0..<4 {
        let b0 = panel.loadUnaligned(fromByteOffset: step &* 64, as: SIMD8<Float>.self)
        let b1 = panel.loadUnaligned(fromByteOffset: step &* 64 &+ 32, as: SIMD8<Float>.self)
        let q = p &+ step
        fma(&c00, &c01, a0[q], b0, b1, fused); fma(&c10, &c11, a1[q], b0, b1, fused)
        fma(&c20, &c21, a2[q], b0, b1, fused); fma(&c30, &c31, a3[q], b0, b1, fused)
        fma(&c40, &c41, a4[q], b0, b1, fused); fma(&c50, &c51, a5[q], b0, b1, fused)
      }
      panel += 256
      p &+= 4
    }
    while p < length {
      let b0 = panel.loadUnaligned(as: SIMD8<Float>.self)
      let b1 = panel.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
      fma(&c00, &c01, a0[p], b0, b1, fused); fma(&c10, &c11, a1[p], b0, b1, fused)
      fma(&c20, &c21, a2[p], b0, b1, fused); fma(&c30, &c31, a3[p], b0, b1, fused)
      fma(&c40, &c41, a4[p], b0, b1, fused); fma(&c50, &c51, a5[p], b0, b1, fused)
      panel += 64
      p &+= 1
    }
    rows += 6
    upcoming = upcoming.map { $0 + 6 }
  }
  storeRow(c, 0, c00, c01, store); storeRow(c, 1, c10, c11, store)
  storeRow(c, 2, c20, c21, store); storeRow(c, 3, c30, c31, store)
  storeRow(c, 4, c40, c41, store); storeRow(c, 5, c50, c51, store)
}

/// The indirect form of `microKernel8x32` (see `microKernel6x16Indirect`).
@inlinable @inline(__always)
public func microKernel8x32Indirect(
  segments: Int, length: Int, a: UnsafePointer<UnsafePointer<Float>>, ahead: UnsafePointer<UnsafePointer<Float>>? = nil,
  b: UnsafePointer<Float>, c: UnsafePointer<UnsafeMutablePointer<Float>>, store: TileStore, fused: Bool
) {
  prefetchRows(c, count: 8, bytes: 128)
  var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c10 = SIMD16<Float>(), c11 = SIMD16<Float>()
  var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c30 = SIMD16<Float>(), c31 = SIMD16<Float>()
  var c40 = SIMD16<Float>(), c41 = SIMD16<Float>(), c50 = SIMD16<Float>(), c51 = SIMD16<Float>()
  var c60 = SIMD16<Float>(), c61 = SIMD16<Float>(), c70 = SIMD16<Float>(), c71 = SIMD16<Float>()
  var panel = UnsafeRawPointer(b)
  var rows = a, upcoming = ahead
  for _ in 0..<segments {
    let a0 = rows[0], a1 = rows[1], a2 = rows[2], a3 = rows[3], a4 = rows[4], a5 = rows[5], a6 = rows[6], a7 = rows[7]
    // Four k steps a trip, as in the 6×16 kernel.
    var p = 0
    while p &+ 4 <= length {
      if let upcoming, p & 15 == 0 { prefetchLines(upcoming, count: 8, at: p) }
      for step in 0..<4 {
        let b0 = panel.loadUnaligned(fromByteOffset: step &* 128, as: SIMD16<Float>.self)
        let b1 = panel.loadUnaligned(fromByteOffset: step &* 128 &+ 64, as: SIMD16<Float>.self)
        let q = p &+ step
        fma(&c00, &c01, a0[q], b0, b1, fused); fma(&c10, &c11, a1[q], b0, b1, fused)
        fma(&c20, &c21, a2[q], b0, b1, fused); fma(&c30, &c31, a3[q], b0, b1, fused)
        fma(&c40, &c41, a4[q], b0, b1, fused); fma(&c50, &c51, a5[q], b0, b1, fused)
        fma(&c60, &c61, a6[q], b0, b1, fused); fma(&c70, &c71, a7[q], b0, b1, fused)
      }
      panel += 512
      p &+= 4
    }
    while p < length {
      let b0 = panel.loadUnaligned(as: SIMD16<Float>.self)
      let b1 = panel.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
      fma(&c00, &c01, a0[p], b0, b1, fused); fma(&c10, &c11, a1[p], b0, b1, fused)
      fma(&c20, &c21, a2[p], b0, b1, fused); fma(&c30, &c31, a3[p], b0, b1, fused)
      fma(&c40, &c41, a4[p], b0, b1, fused); fma(&c50, &c51, a5[p], b0, b1, fused)
      fma(&c60, &c61, a6[p], b0, b1, fused); fma(&c70, &c71, a7[p], b0, b1, fused)
      panel += 128
      p &+= 1
    }
    rows += 8
    upcoming = upcoming.map { $0 + 8 }
  }
  storeRow(c, 0, c00, c01, store); storeRow(c, 1, c10, c11, store)
  storeRow(c, 2, c20, c21, store); storeRow(c, 3, c30, c31, store)
  storeRow(c, 4, c40, c41, store); storeRow(c, 5, c50, c51, store)
  storeRow(c, 6, c60, c61, store); storeRow(c, 7, c70, c71, store)
}

/// A micro-kernel and its tile: `rows` output pixels × `columns` filters per call, writing (or,
/// adding; see `TileStore`) tile row r at `c[r]`.
public struct TileKernel: Sendable {
  /// `next`: the next tile's A (same stride), whose lines the kernel requests as it goes, or nil.
  public typealias Run = @Sendable (
    _ k: Int, _ a: UnsafePointer<Float>, _ aStride: Int, _ next: UnsafePointer<Float>?, _ b: UnsafePointer<Float>,
    _ c: UnsafePointer<UnsafeMutablePointer<Float>>, _ store: TileStore
  ) -> Void
  /// The indirect form: `segments` runs of `length` floats per row through row pointers
  /// `a[segment·rows + row]` (see `microKernel6x16Indirect`).
  public typealias RunIndirect = @Sendable (
    _ segments: Int, _ length: Int, _ a: UnsafePointer<UnsafePointer<Float>>, _ b: UnsafePointer<Float>,
    _ c: UnsafePointer<UnsafeMutablePointer<Float>>, _ store: TileStore
  ) -> Void
  public let rows: Int
  public let columns: Int
  public let run: Run
  public let runIndirect: RunIndirect

  public init(rows: Int, columns: Int, run: @escaping Run, indirect: @escaping RunIndirect) {
    self.rows = rows
    self.columns = columns
    self.run = run
    self.runIndirect = indirect
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
