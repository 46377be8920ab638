import GEMMCore

/// The 6×16 tile compiled for AVX2 with FMA (this module builds with `-target-cpu haswell`).
public let avx2TileKernel = TileKernel(
  rows: 6, columns: 16,
  run: { k, a, aStride, next, b, c, store in microKernel6x16(k: k, a: a, aStride: aStride, next: next, b: b, c: c, store: store, fused: true) },
  indirect: { segments, length, a, b, c, store in
    microKernel6x16Indirect(segments: segments, length: length, a: a, b: b, c: c, store: store, fused: true)
  })

public let avx2MultiplyAccumulate: MultiplyAccumulate = { count, x, w, accumulator in
  multiplyAccumulate(count: count, x: x, w: w, accumulator: accumulator, fused: true)
}

/// One thread's FMA loop on 256-bit vectors (see peakFlopsLoop).
public func avx2PeakLoop(iterations: Int) -> (flops: Double, checksum: Float) {
  peakFlopsLoop(SIMD8<Float>.self, iterations: iterations)
}

/// The grouped/depthwise row kernel (see GroupedRow.swift) for groups of 1, 2, 4 or 8 channels.
public let avx2GroupedRow: GroupedRowKernel = { width, row in groupedRow(width: width, row, fused: true) }

/// One output row of a 2-D resize (see ResampleRow.swift).
public let avx2ResampleRow: ResampleRowKernel = { row in resampleRow(row) }

/// Winograd F(4×4, 3×3)'s input and output transforms of one tile (see WinogradTile.swift).
public let avx2WinogradInput: WinogradInputKernel = { tile in winogradInput(tile) }
public let avx2WinogradOutput: WinogradOutputKernel = { tile in winogradOutput(tile) }
