import GEMMCore

/// The 8×32 tile compiled for AVX-512 (this module builds with `-target-cpu skylake-avx512`).
public let avx512TileKernel = TileKernel(
  rows: 8, columns: 32,
  run: { k, a, aStride, next, b, c, store in microKernel8x32(k: k, a: a, aStride: aStride, next: next, b: b, c: c, store: store, fused: true) },
  indirect: { segments, length, a, b, c, store in
    microKernel8x32Indirect(segments: segments, length: length, a: a, b: b, c: c, store: store, fused: true)
  })

public let avx512MultiplyAccumulate: MultiplyAccumulate = { count, x, w, accumulator in
  multiplyAccumulate(count: count, x: x, w: w, accumulator: accumulator, fused: true)
}

/// One thread's FMA loop on 512-bit vectors (see peakFlopsLoop).
public func avx512PeakLoop(iterations: Int) -> (flops: Double, checksum: Float) {
  peakFlopsLoop(SIMD16<Float>.self, iterations: iterations)
}

/// The grouped/depthwise row kernel (see GroupedRow.swift) for groups of 1, 2, 4 or 8 channels.
public let avx512GroupedRow: GroupedRowKernel = { width, row in groupedRow(width: width, row, fused: true) }

/// One output row of a 2-D resize (see ResampleRow.swift).
public let avx512ResampleRow: ResampleRowKernel = { row in resampleRow(row) }

/// Winograd F(4×4, 3×3)'s input and output transforms of one tile (see WinogradTile.swift).
public let avx512WinogradInput: WinogradInputKernel = { tile in winogradInput(tile) }
public let avx512WinogradOutput: WinogradOutputKernel = { tile in winogradOutput(tile) }

/// The 6×16 tile compiled for AVX-512, for products with at most 16 columns (filters per
/// group), where half of the 8×32 tile's columns would be padding. Its 256-bit vectors run at
/// the full multiply-add rate on units that split 512-bit operations in two (Zen 4).
public let avx512NarrowTileKernel = TileKernel(
  rows: 6, columns: 16,
  run: { k, a, aStride, next, b, c, store in microKernel6x16(k: k, a: a, aStride: aStride, next: next, b: b, c: c, store: store, fused: true) },
  indirect: { segments, length, a, b, c, store in
    microKernel6x16Indirect(segments: segments, length: length, a: a, b: b, c: c, store: store, fused: true)
  })
