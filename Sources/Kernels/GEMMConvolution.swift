import GEMMCore

/// Standard (and grouped) convolution as an implicit GEMM per group:
/// C[pixels × filters] = A[pixels × (taps·channels)] · B[(taps·channels) × filters].
///
/// B (the weights) is packed once per layer into panels as wide as the instruction set's tile;
/// A (im2col) is never built whole: `BlockedGEMM` asks for one block of rows and one K slice at
/// a time, which `gather` copies from the input (zeros in the padding). A 1×1 convolution with
/// stride 1 reads the input itself as A.
enum GEMMConvolution {
  static func run(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation,
    instructionSet: InstructionSet = .best, cache: WeightCache? = nil
  ) -> [Float] {
    precondition(p.kind == .standard)
    let kernel = instructionSet.tileKernel(columns: p.outputChannels / p.groups)
    let inPerGroup = p.inputChannels / p.groups
    let shape = BlockedGEMM.Shape(
      m: p.batch * p.outputPixels, n: p.outputChannels / p.groups, k: p.taps * inPerGroup, groups: p.groups)
    let packed = packedWeights(weights, rowStride: p.outputChannels, shape, kernel: kernel, cache: cache)
    let pointwise = p.taps == 1 && p.groups == 1 && p.strides == [1, 1, 1] && p.offset == [0, 0, 0]
      && p.inputSize == p.outputSize
    return [Float](unsafeUninitializedCapacity: p.outputCount) { outputBuffer, count in
      input.withUnsafeBufferPointer { inputBuffer in
        packed.withUnsafeBufferPointer { packedBuffer in
          let bias = bias ?? []
          bias.withUnsafeBufferPointer { biasBuffer in
            let source = pointwise
              ? .matrix(inputBuffer.baseAddress!, stride: p.inputChannels, streamed: true)
              : implicitA(Gather(p), SharedInput(pointer: inputBuffer.baseAddress!), kernel: kernel)
            BlockedGEMM.run(
              shape, a: source, packed: packedBuffer.baseAddress!,
              c: .matrix(outputBuffer.baseAddress!, ldc: p.outputChannels), bias: biasBuffer.isEmpty ? nil : biasBuffer.baseAddress!,
              activation: activation, kernel: kernel)
          }
        }
      }
      count = p.outputCount
    }
  }

  /// B for `shape`, packed into `kernel`'s panels from `weights` (rows `rowStride` apart), once
  /// per layer when `cache` is given. The key names the packing, not the layer: a separable
  /// layer's fused and two-pass paths share the pointwise packing.
  static func packedWeights(
    _ weights: [Float], rowStride: Int, _ shape: BlockedGEMM.Shape, kernel: TileKernel, cache: WeightCache?
  ) -> [Float] {
    let pack = {
      weights.withUnsafeBufferPointer {
        BlockedGEMM.pack($0.baseAddress!, rowStride: rowStride, shape, width: kernel.columns)
      }
    }
    return cache?.value(for: "gemm \(kernel.columns) \(shape.groups)", make: pack) ?? pack()
  }

  /// A separable convolution: the depthwise `depthwise` (multiplier 1, no bias) then a 1×1
  /// convolution to `outputChannels` with `pointwiseWeights` `(middle, out)`, `bias` and
  /// `activation`. The pointwise GEMM's A is the depthwise result, which each block computes
  /// for its own pixels (whole output rows straight into A, a block's partial rows through a row
  /// buffer) and never stores whole: writing the intermediate tensor and reading it back cost
  /// more than the depthwise arithmetic. nil where this does not apply: a depth multiplier
  /// the row kernel does not read in place (3, 5, …), or more middle channels than one K slice (each slice would redo the rows).
  static func runSeparable(
    _ dp: ConvolutionProblem, input: [Float], depthwiseWeights: [Float], outputChannels: Int,
    pointwiseWeights: [Float], bias: [Float]?, activation: Activation, instructionSet: InstructionSet = .best,
    cache: WeightCache? = nil
  ) -> [Float]? {
    let kernel = instructionSet.tileKernel
    let middle = dp.outputChannels
    guard dp.kind == .depthwise, GroupedConvolution.groupWidth(dp) == 1,
      middle <= BlockedGEMM.sliceDepth(columns: kernel.columns)
    else { return nil }
    let width = dp.outputSize[2], pixels = dp.batch * dp.outputPixels
    let shape = BlockedGEMM.Shape(m: pixels, n: outputChannels, k: middle, groups: 1)
    let packed = packedWeights(pointwiseWeights, rowStride: outputChannels, shape, kernel: kernel, cache: cache)
    let rowKernel = instructionSet.groupedRow
    return [Float](unsafeUninitializedCapacity: pixels * outputChannels) { outputBuffer, count in
      input.withUnsafeBufferPointer { inputBuffer in
        depthwiseWeights.withUnsafeBufferPointer { depthwiseBuffer in
          packed.withUnsafeBufferPointer { packedBuffer in
            (bias ?? []).withUnsafeBufferPointer { biasBuffer in
              let x = SharedInput(pointer: inputBuffer.baseAddress!), w = SharedInput(pointer: depthwiseBuffer.baseAddress!)
              let source = BlockedGEMM.Source.gather { a, first, rows, k0, k1, _ in
                precondition(k0 == 0 && k1 == middle, "one K slice")
                var rowBuffer: UnsafeMutablePointer<Float>?
                defer { rowBuffer?.deallocate() }
                var pixel = first
                while pixel < first + rows {
                  let row = pixel / width, rowStart = row * width
                  let end = min(first + rows, rowStart + width)
                  let destination = a + (pixel - first) * middle
                  let whole = pixel == rowStart && end == rowStart + width
                  if !whole && rowBuffer == nil { rowBuffer = .allocate(capacity: width * middle) }
                  GroupedConvolution.computeRow(
                    row, dp, g: 1, input: x.pointer, weights: w.pointer, bias: nil,
                    output: whole ? destination : rowBuffer!, kernel: rowKernel, activation: .linear)
                  if !whole {
                    destination.update(from: rowBuffer! + (pixel - rowStart) * middle, count: (end - pixel) * middle)
                  }
                  pixel = end
                }
              }
              BlockedGEMM.run(
                shape, a: source, packed: packedBuffer.baseAddress!,
                c: .matrix(outputBuffer.baseAddress!, ldc: outputChannels),
                bias: biasBuffer.isEmpty ? nil : biasBuffer.baseAddress!, activation: activation, kernel: kernel,
                rowAlignment: width)
            }
          }
        }
      }
      count = pixels * outputChannels
    }
  }

  /// The implicit GEMM's A over `plan`: read in place through row pointers where
  /// `indirectShape` allows, else gathered (copied) a block and K slice at a time.
  static func implicitA(_ plan: Gather, _ input: SharedInput, kernel: TileKernel) -> BlockedGEMM.Source {
    guard let runs = indirectShape(plan, kernel: kernel) else {
      return .gather { a, first, count, k0, k1, group in
        gather(plan, input.pointer, into: a, first: first, count: count, k0: k0, k1: k1, group: group)
      }
    }
    return .indirect(segments: runs.segments, length: runs.length) { table, spill, first, count, tileRows in
      pointRows(
        plan, input.pointer, perTap: runs.perTap, parts: runs.parts, table: table, spill: spill, first: first, count: count,
        tileRows: tileRows)
    }
  }

  /// Whether A is better read through row pointers than copied, and as which runs (a K slice
  /// holds whole runs). Kernel rows (x taps × channels, one run when the x taps are adjacent)
  /// when they fit half a slice: a 7×7 RGB stem, a 5×20 spectrogram filter, a 3×3×3 kernel
  /// over 32 channels, where copying im2col costs as much as the product. Else one run per tap
  /// (its channels) when those fit a slice: a 3×3 kernel over 64 channels. Else each tap's
  /// channels as `parts` equal runs of at least 32 that fit a slice: 256 channels as two runs
  /// of 128 (a DCGAN's transposed phases, a TCN's dilated taps), which had been copied. No groups.
  /// The deepest K read indirectly: a block's spill holds its rows' whole K (only border pixels
  /// use it), so 128 rows × 16384 floats = 8 MiB per worker at most; deeper products gather
  /// im2col a K slice at a time.
  static let maximumIndirectDepth = 16_384

  static func indirectShape(_ g: Gather, kernel: TileKernel) -> (segments: Int, length: Int, perTap: Bool, parts: Int)? {
    let slice = BlockedGEMM.sliceDepth(columns: kernel.columns)
    let xShifts = g.shifts[2], taps = g.shifts.reduce(1) { $0 * $1.count }
    guard g.groups == 1, taps * g.channels <= maximumIndirectDepth else { return nil }
    let adjacent = zip(xShifts, xShifts.dropFirst()).allSatisfy { $1 == $0 + 1 }
    let row = xShifts.count * g.channels
    if adjacent && row <= slice / 2 {
      return (g.shifts[0].count * g.shifts[1].count, row, false, 1)
    }
    let fewest = (g.channels + slice - 1) / slice
    guard let parts = (fewest...max(fewest, g.channels / 32)).first(where: { g.channels % $0 == 0 }) else { return nil }
    return (taps * parts, g.channels / parts, true, parts)
  }

  /// The row pointers of `indirectShape`'s A for output pixels `[first, first + count)`, in
  /// register-tile order (see `BlockedGEMM.Source.indirect`): each kernel row of a pixel points
  /// into the input where it lies wholly inside, else at a copy in `spill` with zeros for the
  /// padding. Pixels whose whole window is inside (most of them) take one offset per kernel row.
  static func pointRows(
    _ g: Gather, _ input: UnsafePointer<Float>, perTap: Bool, parts: Int = 1, table: UnsafeMutablePointer<UnsafePointer<Float>>,
    spill: UnsafeMutablePointer<Float>, first: Int, count: Int, tileRows: Int
  ) {
    let channels = g.channels
    let xShifts = g.shifts[2], yShifts = g.shifts[1], zShifts = g.shifts[0]
    // Runs per kernel row: one (all x taps) or one per x tap, each tap's channels in `parts`
    // runs; the window spans all of them.
    let xRuns = perTap ? xShifts : [xShifts[0]]
    let length = perTap ? channels / parts : xShifts.count * channels
    let runsPerRow = xRuns.count * parts
    let segments = zShifts.count * yShifts.count * runsPerRow
    let lineLength = g.inputSize[2] * channels, planeLength = g.inputSize[1] * lineLength
    let segmentShifts = (0..<segments).map { segment in
      (z: zShifts[segment / runsPerRow / yShifts.count], y: yShifts[segment / runsPerRow % yShifts.count],
       x: xRuns[segment % runsPerRow / parts], channel: segment % parts * length)
    }
    let segmentOffsets = segmentShifts.map {
      $0.z * planeLength + $0.y * lineLength + ($0.x - xShifts[0]) * channels + $0.channel
    }
    // Output x whose window lies inside its input line: ox·stride + xShifts[0] ≥ 0 and
    // ox·stride + xShifts.last < width.
    let sx = g.strides[2], xFirst = xShifts[0], xLast = xShifts.last!
    let oxLo = xFirst >= 0 ? 0 : (sx - 1 - xFirst) / sx
    let widthLeft = g.inputSize[2] - 1 - xLast
    let oxHi = max(oxLo, min(g.outputSize[2], widthLeft >= 0 ? widthLeft / sx + 1 : 0))
    var pixel = PixelCursor(first, outputSize: g.outputSize)
    var slots = TileSlots(rows: tileRows, segments: segments), r = 0
    var zeroRun: UnsafePointer<Float>?
    segmentOffsets.withUnsafeBufferPointer { offsets in
      while r < count {
        let (n, oz, oy, ox) = (pixel.n, pixel.oz, pixel.oy, pixel.ox)
        let z0 = oz * g.strides[0], y0 = oy * g.strides[1]
        let rowInside = z0 + zShifts[0] >= 0 && z0 + zShifts.last! < g.inputSize[0]
          && y0 + yShifts[0] >= 0 && y0 + yShifts.last! < g.inputSize[1]
        if rowInside && ox >= oxLo && ox < oxHi {
          // A run of interior pixels along x: one offset per kernel row each, the window moving
          // by a stride (most pixels come here; per-pixel bounds checks cost as much as the GEMM
          // for single-channel inputs).
          let run = min(oxHi - ox, count - r)
          var corner = input + (n * g.inputSize[0] + z0) * planeLength + y0 * lineLength + (ox * sx + xFirst) * channels
          let step = sx * channels
          for _ in 0..<run {
            let slot = table + slots.first
            for segment in 0..<segments { slot[segment &* tileRows] = corner + offsets[segment] }
            corner += step
            slots.advance()
          }
          r += run
          pixel.advance(by: run)
          continue
        }
        let x0 = ox * sx
        for segment in 0..<segments {
          // Part of the window is padding. A kernel row inside the input is read in place, one
          // wholly in padding reads a zero run shared by the whole fill, and only a row that
          // straddles the edge is copied with zeros (copying every row had cost a fifth of a
          // 3-D convolution with few channels).
          let shift = segmentShifts[segment]
          let iz = z0 + shift.z, iy = y0 + shift.y
          let runStart = (x0 + shift.x) * channels + shift.channel, runEnd = runStart + length
          let validStart = max(runStart, 0), validEnd = min(runEnd, lineLength)
          let pointer: UnsafePointer<Float>
          if iz < 0 || iz >= g.inputSize[0] || iy < 0 || iy >= g.inputSize[1] || validStart >= validEnd {
            if zeroRun == nil {
              let copy = spill + (r * segments + segment) * length
              copy.update(repeating: 0, count: length)
              zeroRun = UnsafePointer(copy)
            }
            pointer = zeroRun!
          } else {
            let line = input + ((n * g.inputSize[0] + iz) * g.inputSize[1] + iy) * lineLength
            if validStart == runStart && validEnd == runEnd {
              pointer = line + runStart
            } else {
              let copy = spill + (r * segments + segment) * length
              copy.update(repeating: 0, count: length)
              (copy + (validStart - runStart)).update(from: line + validStart, count: validEnd - validStart)
              pointer = UnsafePointer(copy)
            }
          }
          table[slots.first + segment * tileRows] = pointer
        }
        slots.advance()
        r += 1
        pixel.advance()
      }
    }
  }

  /// Where a pixel's row pointers go in register-tile order: its segment s at
  /// `first + s·rows`, the next pixel one lane on, a new tile after `rows` lanes.
  struct TileSlots {
    let rows: Int, segments: Int
    private(set) var first = 0
    private var lane = 0

    init(rows: Int, segments: Int) {
      self.rows = rows
      self.segments = segments
    }

    mutating func advance() {
      lane += 1
      first += 1
      if lane == rows {
        lane = 0
        first += (segments - 1) * rows
      }
    }
  }

  /// An output pixel's coordinates, stepped in row-major order: divisions once, then a carry
  /// per pixel (divisions per pixel cost as much as the copies when channels are few).
  struct PixelCursor {
    var n: Int, oz: Int, oy: Int, ox: Int
    let size: [Int]

    init(_ index: Int, outputSize: [Int]) {
      size = outputSize
      ox = index % size[2]
      oy = index / size[2] % size[1]
      oz = index / (size[2] * size[1]) % size[0]
      n = index / (size[2] * size[1] * size[0])
    }

    /// `count` pixels on along x, staying within the current line or ending just past it.
    mutating func advance(by count: Int) {
      ox += count - 1
      advance()
    }

    mutating func advance() {
      ox += 1
      guard ox == size[2] else { return }
      ox = 0
      oy += 1
      guard oy == size[1] else { return }
      oy = 0
      oz += 1
      guard oz == size[0] else { return }
      oz = 0
      n += 1
    }
  }

  struct SharedInput: @unchecked Sendable {
    // Read-only while the GEMM runs.
    let pointer: UnsafePointer<Float>
  }

  /// How im2col reads the input: output coordinate q on an axis reads input
  /// `q·stride + shift` for each of that axis's tap shifts (outside the input: zero). A forward
  /// convolution has shifts `k·dilation − offset`; one output phase of a transposed convolution
  /// is the same with stride 1 and only that phase's taps.
  struct Gather: Sendable {
    var batch: Int
    var outputSize: [Int]
    var inputSize: [Int]
    var strides: [Int]
    var shifts: [[Int]]
    var channels: Int
    var groups: Int

    init(_ p: ConvolutionProblem) {
      batch = p.batch
      outputSize = p.outputSize
      inputSize = p.inputSize
      strides = p.strides
      shifts = (0..<3).map { axis in (0..<p.kernelSize[axis]).map { $0 * p.dilations[axis] - p.offset[axis] } }
      channels = p.inputChannels
      groups = p.groups
    }

    init(batch: Int, outputSize: [Int], inputSize: [Int], shifts: [[Int]], channels: Int) {
      self.batch = batch
      self.outputSize = outputSize
      self.inputSize = inputSize
      self.strides = [1, 1, 1]
      self.shifts = shifts
      self.channels = channels
      self.groups = 1
    }

    var rows: Int { batch * outputSize.reduce(1, *) }
    var depth: Int { shifts.reduce(1) { $0 * $1.count } * channels / groups }
  }

  /// Columns `[k0, k1)` of group `group`'s im2col for output pixels `[first, first + count)`,
  /// rows `k1 − k0` apart. Column `tap·(in/groups) + c` of a pixel is input channel c under that
  /// tap, or 0 outside the input. When the column taps are adjacent in the input (dilation 1,
  /// no groups), each (tz, ty) row of the slice is a single copy.
  static func gather(
    _ g: Gather, _ input: UnsafePointer<Float>, into a: UnsafeMutablePointer<Float>, first: Int,
    count: Int, k0: Int, k1: Int, group: Int
  ) {
    let channels = g.channels, inPerGroup = channels / g.groups
    let depth = k1 - k0
    let xShifts = g.shifts[2], yShifts = g.shifts[1], zShifts = g.shifts[0]
    let rowSpan = xShifts.count * inPerGroup
    let contiguous = g.groups == 1 && zip(xShifts, xShifts.dropFirst()).allSatisfy { $1 == $0 + 1 }
    let lineLength = g.inputSize[2] * channels
    let firstKRow = k0 / rowSpan, lastKRow = (k1 - 1) / rowSpan
    // Interior pixels (every tap inside the input) copy each kernel row of the slice from a
    // fixed offset of the pixel's window corner, with no bounds to check.
    func interiorRange(_ axis: Int) -> ClosedRange<Int>? {
      let shifts = g.shifts[axis], stride = g.strides[axis]
      guard let low = shifts.first, let high = shifts.last else { return nil }
      let first = (-low + stride - 1) / stride, last = (g.inputSize[axis] - 1 - high) / stride
      let lower = max(0, low >= 0 ? 0 : first), upper = min(g.outputSize[axis] - 1, high < g.inputSize[axis] ? last : -1)
      return lower <= upper ? lower...upper : nil
    }
    let interior = contiguous ? (interiorRange(0), interiorRange(1), interiorRange(2)) : (nil, nil, nil)
    var kRowOffsets: [Int] = []
    if contiguous {
      for kRow in firstKRow...lastKRow {
        let zShift = zShifts[kRow / yShifts.count], yShift = yShifts[kRow % yShifts.count]
        kRowOffsets.append((zShift * g.inputSize[1] + yShift) * lineLength + xShifts[0] * channels)
      }
    }
    var pixel = PixelCursor(first, outputSize: g.outputSize)
    for r in 0..<count {
      defer { pixel.advance() }
      let (n, oz, oy, ox) = (pixel.n, pixel.oz, pixel.oy, pixel.ox)
      let baseX = ox * g.strides[2]
      if let zRange = interior.0, let yRange = interior.1, let xRange = interior.2,
        zRange.contains(oz), yRange.contains(oy), xRange.contains(ox)
      {
        let corner = input + (((n * g.inputSize[0] + oz * g.strides[0]) * g.inputSize[1] + oy * g.strides[1]) * lineLength
          + baseX * channels)
        var out = a + r * depth
        for (index, kRow) in (firstKRow...lastKRow).enumerated() {
          let rowStart = kRow * rowSpan
          let lo = max(k0, rowStart), hi = min(k1, rowStart + rowSpan)
          copyFloats(out, corner + (kRowOffsets[index] + (lo - rowStart)), hi - lo)
          out += hi - lo
        }
        continue
      }
      for kRow in firstKRow...lastKRow {
        let tz = kRow / yShifts.count, ty = kRow % yShifts.count
        let rowStart = kRow * rowSpan
        let lo = max(k0, rowStart), hi = min(k1, rowStart + rowSpan)
        let out = a + r * depth + (lo - k0)
        let iz = oz * g.strides[0] + zShifts[tz]
        let iy = oy * g.strides[1] + yShifts[ty]
        guard iz >= 0 && iz < g.inputSize[0] && iy >= 0 && iy < g.inputSize[1] else {
          zeroFloats(out, hi - lo)
          continue
        }
        let line = input + ((n * g.inputSize[0] + iz) * g.inputSize[1] + iy) * lineLength
        if contiguous {
          // Taps tx and channels c of this row sit at line[(baseX + shift₀ + tx)·channels + c].
          let start = (baseX + xShifts[0]) * channels + (lo - rowStart), end = start + (hi - lo)
          let validStart = min(max(start, 0), end), validEnd = max(min(end, lineLength), validStart)
          zeroFloats(out, validStart - start)
          copyFloats(out + (validStart - start), line + validStart, validEnd - validStart)
          zeroFloats(out + (validEnd - start), end - validEnd)
          continue
        }
        var k = lo
        while k < hi {
          let local = k - rowStart
          let tx = local / inPerGroup, c = local % inPerGroup
          let run = min(inPerGroup - c, hi - k)
          let ix = baseX + xShifts[tx]
          let destination = out + (k - lo)
          if ix >= 0 && ix < g.inputSize[2] {
            let source = line + ix * channels + group * inPerGroup + c
            copyFloats(destination, source, run)
          } else {
            zeroFloats(destination, run)
          }
          k += run
        }
      }
    }
  }

  /// Copies `count` floats. Kernel rows of few channels are short runs, for which a memmove
  /// call costs more than the copy, so those are copied inline (in vectors, which the
  /// optimiser does not turn back into a call).
  @inline(__always)
  static func copyFloats(_ destination: UnsafeMutablePointer<Float>, _ source: UnsafePointer<Float>, _ count: Int) {
    if count > 64 {
      destination.update(from: source, count: count)
      return
    }
    var i = 0
    let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(destination)
    while i &+ 4 <= count {
      to.storeBytes(of: from.loadUnaligned(fromByteOffset: i &* 4, as: SIMD4<Float>.self), toByteOffset: i &* 4, as: SIMD4<Float>.self)
      i &+= 4
    }
    while i < count {
      destination[i] = source[i]
      i &+= 1
    }
  }

  @inline(__always)
  static func zeroFloats(_ destination: UnsafeMutablePointer<Float>, _ count: Int) {
    if count > 64 {
      destination.update(repeating: 0, count: count)
      return
    }
    var i = 0
    let to = UnsafeMutableRawPointer(destination)
    while i &+ 4 <= count {
      to.storeBytes(of: SIMD4<Float>(), toByteOffset: i &* 4, as: SIMD4<Float>.self)
      i &+= 4
    }
    while i < count {
      destination[i] = 0
      i &+= 1
    }
  }
}
