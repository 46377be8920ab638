import Tensors
import GEMMCore

/// C[M × N·groups] = A · B per group, plus bias and activation, blocked the GotoBLAS way so the
/// micro-kernel's operands stay in cache:
///
/// - K is cut into slices of at most `kc` (a B micro-panel of kc × tile columns fills about half
///   of L1);
/// - each work item is a block of at most `mc` rows of A and a run of B panels; for each K slice
///   it gathers its rows of A once (mc × kc, in L2) and runs every panel over every row tile;
/// - partial sums live in C itself (the output), so working memory is one A block per thread.
///
/// Bias and activation are applied to each tile right after its last K slice, while it is in L1.
enum BlockedGEMM {
  /// Where A comes from: a matrix already in memory (1×1 convolutions, rows `stride` apart), or
  /// a gather that writes rows `[first, first + count)`, columns `[k0, k1)` of one group's A
  /// into a buffer with rows `k1 − k0` apart (im2col for that block only).
  enum Source: @unchecked Sendable {
    // The matrix is only read while the GEMM runs.
    /// `streamed`: A is read once from memory (a 1×1 convolution's input with few filters), so
    /// the micro-kernel asks for the next tile's rows while it runs; off where A was just
    /// written and is in cache (Winograd's transformed tiles, 5–10% slower with the requests).
    case matrix(UnsafePointer<Float>, stride: Int, streamed: Bool = false)
    case gather(@Sendable (_ into: UnsafeMutablePointer<Float>, _ first: Int, _ count: Int, _ k0: Int, _ k1: Int, _ group: Int) -> Void)
    /// Rows of A as `segments` runs of `length` contiguous floats each, found through pointers:
    /// `fill` writes the pointers of rows `[first, first + count)` in register-tile order (row
    /// r's segment s at `table[(r / tileRows)·segments·tileRows + s·tileRows + r % tileRows]`),
    /// pointing into the input where a run lies inside it and into `spill` (room for
    /// `count·segments·length` floats) where it has to be assembled with zeros. Used for short
    /// kernel rows (few channels), where copying A would cost as much as the product; K is
    /// sliced by whole segments, so `length` must fit a slice.
    case indirect(
      segments: Int, length: Int,
      fill: @Sendable (
        _ table: UnsafeMutablePointer<UnsafePointer<Float>>, _ spill: UnsafeMutablePointer<Float>, _ first: Int,
        _ count: Int, _ tileRows: Int) -> Void)
  }

  struct Shape {
    var m: Int, n: Int, k: Int, groups: Int
  }

  /// Where C's element (row, column) lives: `base + rowOffset(row) + columnOffset(column)`.
  /// A matrix has rowOffset = row·ldc and columnOffset = column. A scatter (transposed
  /// convolution with stride = kernel) takes rowOffset from a table (the output pixel an input
  /// pixel's first tap lands on) and splits columns into taps of `tapWidth` channels, each tap
  /// shifted by its own offset; a tile's columns must then stay within one tap.
  struct Output: @unchecked Sendable {
    // Work items write disjoint elements.
    let base: UnsafeMutablePointer<Float>
    let ldc: Int
    let rowOffsets: UnsafePointer<Int>?
    let tapWidth: Int
    let tapOffsets: UnsafePointer<Int>?

    static func matrix(_ base: UnsafeMutablePointer<Float>, ldc: Int) -> Output {
      Output(base: base, ldc: ldc, rowOffsets: nil, tapWidth: 0, tapOffsets: nil)
    }

    static func scatter(
      _ base: UnsafeMutablePointer<Float>, rowOffsets: UnsafePointer<Int>, tapWidth: Int, tapOffsets: UnsafePointer<Int>
    ) -> Output {
      Output(base: base, ldc: 0, rowOffsets: rowOffsets, tapWidth: tapWidth, tapOffsets: tapOffsets)
    }

    @inline(__always)
    func rowOffset(_ row: Int) -> Int { rowOffsets?[row] ?? row &* ldc }

    @inline(__always)
    func columnOffset(_ column: Int) -> Int {
      guard let tapOffsets else { return column }
      return tapOffsets[column / tapWidth] &+ column % tapWidth
    }

    /// The bias index of a column: its channel.
    @inline(__always)
    func channel(_ column: Int) -> Int { tapOffsets == nil ? column : column % tapWidth }
  }

  /// Floats in B packed for `shape`: per group, panels of `k` rows × `width` columns, zero-padded.
  static func packedCount(_ shape: Shape, width: Int) -> Int {
    shape.groups * (shape.n + width - 1) / width * shape.k * width
  }

  /// Packs B, whose row `r` of group `g` is `b[r·rowStride + g·n ..< … + n]` (Keras's kernel
  /// layout flattened to K × out).
  static func pack(_ b: UnsafePointer<Float>, rowStride: Int, _ shape: Shape, width: Int) -> [Float] {
    let panels = (shape.n + width - 1) / width
    return [Float](unsafeUninitializedCapacity: packedCount(shape, width: width)) { buffer, count in
      buffer.initialize(repeating: 0)
      for group in 0..<shape.groups {
        for panel in 0..<panels {
          let columns = min(width, shape.n - panel * width)
          let target = buffer.baseAddress! + ((group * panels + panel) * shape.k) * width
          for row in 0..<shape.k {
            let source = b + row * rowStride + group * shape.n + panel * width
            (target + row * width).update(from: source, count: columns)
          }
        }
      }
      count = buffer.count
    }
  }

  /// `rowAlignment`: row blocks (of a gathered A) start at multiples of it where a block holds
  /// that many rows, so a gather that computes whole image rows never computes one twice.
  static func run(
    _ shape: Shape, a source: Source, packed: UnsafePointer<Float>, c output: Output,
    bias: UnsafePointer<Float>?, activation: Activation, kernel: TileKernel, rowAlignment: Int = 1
  ) {
    let mr = kernel.rows, nr = kernel.columns
    guard shape.m > 0 && shape.n > 0 && shape.groups > 0 else { return }  // an empty batch or no filters
    guard shape.k > 0 else {
      // No input channels: every output is the bias alone.
      for row in 0..<shape.m {
        for column in 0..<(shape.n * shape.groups) {
          let target = output.base + (output.rowOffset(row) + output.columnOffset(column))
          target.pointee = activation.apply(bias?[output.channel(column)] ?? 0)
        }
      }
      return
    }
    if case let .indirect(segments, length, fill) = source {
      runIndirect(shape, segments: segments, length: length, fill: fill, packed: packed, c: output, bias: bias, activation: activation, kernel: kernel)
      return
    }
    let kcMax = sliceDepth(columns: nr)
    let slices = max(1, (shape.k + kcMax - 1) / kcMax)
    let kc = (shape.k + slices - 1) / slices
    let blocking = Blocking.slicingK(shape, kernel: kernel, alignment: rowAlignment)
    let panels = blocking.panels, chunks = blocking.chunks, mBlocks = blocking.mBlocks
    let shared = Shared(packed: packed, bias: bias)
    let flops = 2 * shape.m * shape.n * shape.k * shape.groups
    let streamed: Bool
    if case .matrix(_, _, true) = source { streamed = true } else { streamed = false }
    Parallel.forEachItem(shape.groups * mBlocks * chunks, flops: flops) { item in
      let chunk = item % chunks
      let mBlock = (item / chunks) % mBlocks
      let group = item / (chunks * mBlocks)
      let first = mBlock * blocking.mc, rows = min(blocking.mc, shape.m - first)
      let buffer: UnsafeMutablePointer<Float>?
      if case .gather = source {
        buffer = .allocate(capacity: roundUp(rows, to: mr) * kc)
      } else {
        buffer = nil
      }
      let scratch = UnsafeMutablePointer<Float>.allocate(capacity: mr * (nr + max(kc, 1)))
      let rowPointers = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: 2 * mr)
      for r in 0..<mr { rowPointers[mr + r] = scratch + r * nr }
      defer {
        buffer?.deallocate()
        scratch.deallocate()
        rowPointers.deallocate()
      }
      for slice in 0..<slices {
        if Interruption.isRequested { return }
        let k0 = slice * kc, k1 = min(shape.k, k0 + kc), depth = k1 - k0
        let a: UnsafePointer<Float>, aStride: Int
        switch source {
        case .matrix(let matrix, let stride, _):
          a = matrix + first * stride + group * shape.k + k0
          aStride = stride
        case .gather(let gather):
          gather(buffer!, first, rows, k0, k1, group)
          a = UnsafePointer(buffer!)
          aStride = depth
        case .indirect: preconditionFailure("handled by runIndirect")
        }
        let last = slice == slices - 1
        for panel in blocking.panels(chunk) {
          let b = shared.packed + ((group * panels + panel) * shape.k + k0) * nr
          let column = group * shape.n + panel * nr
          let width = min(nr, shape.n - panel * nr)
          let columnBase = output.base + output.columnOffset(column)
          var row = 0
          while row < rows {
            let height = min(mr, rows - row)
            for r in 0..<height { rowPointers[r] = columnBase + output.rowOffset(first + row + r) }
            var tileA = a + row * aStride
            if height == mr && width == nr {
              let next = streamed && row + 2 * mr <= rows ? tileA + mr * aStride : nil
              storeFull(
                rowPointers, height: height, width: width, first: slice == 0, last: last,
                bias: shared.bias.map { $0 + output.channel(column) }, activation
              ) { store in kernel.run(depth, tileA, aStride, next, b, rowPointers, store) }
            } else {
              // Edge tile: missing A rows are zero in a copy, the product goes through scratch.
              if height < mr {
                let copy = scratch + mr * nr
                copy.update(repeating: 0, count: mr * depth)
                for r in 0..<height { (copy + r * depth).update(from: tileA + r * aStride, count: depth) }
                tileA = UnsafePointer(copy)
              }
              kernel.run(depth, tileA, height < mr ? depth : aStride, nil, b, rowPointers + mr, TileStore(accumulate: false))
              storeEdge(
                scratch, columns: nr, to: rowPointers, height: height, width: width, first: slice == 0, last: last,
                bias: shared.bias.map { $0 + output.channel(column) }, activation)
            }
            row += mr
          }
        }
      }
    }
  }

  /// The GEMM over an indirect A (one group): each work item fills the row pointers of its
  /// block, arranged per register tile, and runs the indirect micro-kernel over its panels, a
  /// slice of whole segments at a time; edge tiles read a zero row and write through scratch.
  private static func runIndirect(
    _ shape: Shape, segments: Int, length: Int,
    fill: @escaping @Sendable (UnsafeMutablePointer<UnsafePointer<Float>>, UnsafeMutablePointer<Float>, Int, Int, Int) -> Void,
    packed: UnsafePointer<Float>, c output: Output, bias: UnsafePointer<Float>?, activation: Activation, kernel: TileKernel
  ) {
    precondition(shape.groups == 1 && shape.k == segments * length)
    let mr = kernel.rows, nr = kernel.columns
    // As few slices as fit, as even as whole segments allow: 9 runs of 64 channels as 3 + 3 + 3,
    // not 4 + 4 + 1 (a slice of one run costs a whole pass over C's tiles for little work).
    let fitting = max(1, sliceDepth(columns: nr) / length)
    let fewestSlices = (segments + fitting - 1) / fitting
    let segmentsPerSlice = (segments + fewestSlices - 1) / fewestSlices
    let slices = (segments + segmentsPerSlice - 1) / segmentsPerSlice
    // A is not copied, so with one slice (no partial sums to keep in cache) a block is only its
    // pointer table: 4× bigger blocks cut the per-block set-up (allocations, pointer fill).
    let blocking = slices == 1
      ? Blocking(shape, kernel: kernel, maxRows: mr * 64, blocksPerWorker: 4)
      : Blocking.slicingK(shape, kernel: kernel)
    let chunks = blocking.chunks
    // The row every edge tile's missing rows read (their products go to scratch).
    let zero = UnsafeMutablePointer<Float>.allocate(capacity: length)
    zero.initialize(repeating: 0, count: length)
    defer { zero.deallocate() }
    let shared = Shared(packed: packed, bias: bias, zero: zero)
    Parallel.forEachItem(blocking.mBlocks * chunks, flops: 2 * shape.m * shape.n * shape.k) { item in
      if Interruption.isRequested { return }
      let chunk = item % chunks, mBlock = item / chunks
      let firstRow = mBlock * blocking.mc, rows = min(blocking.mc, shape.m - firstRow)
      let tiles = (rows + mr - 1) / mr
      let tileTable = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: tiles * segments * mr)
      let spill = UnsafeMutablePointer<Float>.allocate(capacity: rows * segments * length)
      let scratch = UnsafeMutablePointer<Float>.allocate(capacity: mr * nr)
      let rowPointers = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: 2 * mr)
      for r in 0..<mr { rowPointers[mr + r] = scratch + r * nr }
      defer {
        tileTable.deallocate()
        spill.deallocate()
        scratch.deallocate()
        rowPointers.deallocate()
      }
      fill(tileTable, spill, firstRow, rows, mr)
      for row in rows..<(tiles * mr) {
        for segment in 0..<segments { tileTable[((tiles - 1) * segments + segment) * mr + row % mr] = shared.zero! }
      }
      // K in slices of whole segments (kernel rows), each slice's B panel fitting half of L1 as
      // in `run`; the tile table holds every segment, so a slice starts `s0·mr` pointers in.
      for slice in 0..<slices {
        if slice > 0 && Interruption.isRequested { return }
        let s0 = slice * segmentsPerSlice, s1 = min(segments, s0 + segmentsPerSlice)
        let first = slice == 0, last = slice == slices - 1
        for panel in blocking.panels(chunk) {
          let b = shared.packed + (panel * shape.k + s0 * length) * nr
          let column = panel * nr
          let width = min(nr, shape.n - column)
          let columnBase = output.base + output.columnOffset(column)
          let columnBias = shared.bias.map { $0 + output.channel(column) }
          for tile in 0..<tiles {
            let height = min(mr, rows - tile * mr)
            let table = UnsafePointer(tileTable + (tile * segments + s0) * mr)
            for r in 0..<mr {
              rowPointers[r] = r < height ? columnBase + output.rowOffset(firstRow + tile * mr + r) : scratch + r * nr
            }
            if width == nr {
              storeFull(
                rowPointers, height: height, width: width, first: first, last: last, bias: columnBias, activation
              ) { store in kernel.runIndirect(s1 - s0, length, table, b, rowPointers, store) }
            } else {
              kernel.runIndirect(s1 - s0, length, table, b, rowPointers + mr, TileStore(accumulate: false))
              storeEdge(
                scratch, columns: nr, to: rowPointers, height: height, width: width, first: first, last: last,
                bias: columnBias, activation)
            }
          }
        }
      }
    }
  }

  private struct Shared: @unchecked Sendable {
    // Work items only read these.
    let packed: UnsafePointer<Float>
    let bias: UnsafePointer<Float>?
    var zero: UnsafePointer<Float>? = nil
  }

  /// Floats of K per slice: a B micro-panel of this many rows × `columns` fills L1 (32 KiB).
  /// Half of L1 had been the rule; measured side by side on Zen 4, the whole of it was as fast
  /// or faster on every GEMM-shaped case (r50_3x3_7 13%, separable 10%, r50_1x1 5%, on both
  /// units' kernels): half as many passes over C's partial sums and per-call set-ups, while the
  /// panel, re-read from L2, needs 8 bytes a cycle.
  static func sliceDepth(columns: Int) -> Int { 8192 / columns }

  /// How a GEMM's work is cut into items: blocks of at most `maxRows` rows (about
  /// `blocksPerWorker` per worker when M is small, so blocks share the work out evenly), each
  /// with a run of B panels (a chunk), enough chunks for four items per worker.
  struct Blocking: Sendable {
    let mc: Int, mBlocks: Int, panels: Int, panelsPerChunk: Int, chunks: Int

    init(_ shape: Shape, kernel: TileKernel, maxRows: Int, blocksPerWorker: Int, alignment: Int = 1) {
      let workers = Parallel.workerCount, blocks = blocksPerWorker * workers
      panels = (shape.n + kernel.columns - 1) / kernel.columns
      let rows = min(maxRows, roundUp((shape.m + blocks - 1) / blocks, to: kernel.rows))
      mc = rows >= alignment ? rows / alignment * alignment : rows
      mBlocks = (shape.m + mc - 1) / mc
      let wantedChunks = min(panels, max(1, (4 * workers + shape.groups * mBlocks - 1) / (shape.groups * mBlocks)))
      panelsPerChunk = (panels + wantedChunks - 1) / wantedChunks
      chunks = (panels + panelsPerChunk - 1) / panelsPerChunk
    }

    /// Blocks whose partial sums stay in cache while K goes by in slices (and whose copied A
    /// does): up to 16 tiles of rows, one block per worker when M is small.
    static func slicingK(_ shape: Shape, kernel: TileKernel, alignment: Int = 1) -> Blocking {
      Blocking(shape, kernel: kernel, maxRows: kernel.rows * 16, blocksPerWorker: 1, alignment: alignment)
    }

    /// The B panels of chunk `chunk`.
    func panels(_ chunk: Int) -> Range<Int> { (chunk * panelsPerChunk)..<min(panels, (chunk + 1) * panelsPerChunk) }
  }

  /// Runs a full tile's `product` for one K slice with the store it needs: added to C after the
  /// first slice, bias and ReLU fused into the last, any other activation applied to the
  /// tile's `height` rows at `destinations` after the last.
  @inline(__always)
  static func storeFull(
    _ destinations: UnsafePointer<UnsafeMutablePointer<Float>>, height: Int, width: Int, first: Bool, last: Bool,
    bias: UnsafePointer<Float>?, _ activation: Activation, _ product: (TileStore) -> Void
  ) {
    product(TileStore(accumulate: !first, bias: last ? bias : nil, relu: last && activation == .relu))
    guard last && activation != .relu && activation != .linear else { return }
    for r in 0..<height { epilogue(destinations[r], ldc: 0, rows: 1, width: width, bias: nil, activation) }
  }

  /// Writes an edge tile, computed into `values` (rows `columns` apart), to its `height` output
  /// rows at `destinations`: copied by the first K slice, added by later ones, with bias and
  /// activation after the last.
  @inline(__always)
  static func storeEdge(
    _ values: UnsafePointer<Float>, columns: Int, to destinations: UnsafePointer<UnsafeMutablePointer<Float>>,
    height: Int, width: Int, first: Bool, last: Bool, bias: UnsafePointer<Float>?, _ activation: Activation
  ) {
    for r in 0..<height {
      let destination = destinations[r], row = values + r * columns
      if first {
        destination.update(from: row, count: width)
      } else {
        for j in 0..<width { destination[j] += row[j] }
      }
      if last { epilogue(destination, ldc: 0, rows: 1, width: width, bias: bias, activation) }
    }
  }

  /// Adds bias (per column) and applies the activation to a rows × width block of C.
  @inline(__always)
  static func epilogue(
    _ c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, width: Int, bias: UnsafePointer<Float>?, _ activation: Activation
  ) {
    switch (bias, activation) {
    case (nil, .linear): return
    case (nil, .relu):
      for r in 0..<rows {
        let row = c + r * ldc
        for j in 0..<width { row[j] = max(row[j], 0) }
      }
    case (let bias?, .linear):
      for r in 0..<rows {
        let row = c + r * ldc
        for j in 0..<width { row[j] += bias[j] }
      }
    case (let bias?, .relu):
      for r in 0..<rows {
        let row = c + r * ldc
        for j in 0..<width { row[j] = max(row[j] + bias[j], 0) }
      }
    default:
      for r in 0..<rows {
        let row = c + r * ldc
        for j in 0..<width { row[j] = activation.apply(row[j] + (bias?[j] ?? 0)) }
      }
    }
  }

  @inline(__always)
  static func roundUp(_ value: Int, to multiple: Int) -> Int {
    (value + multiple - 1) / multiple * multiple
  }
}
