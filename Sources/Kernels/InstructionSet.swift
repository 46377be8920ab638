import CPUFeatures
import GEMMAVX2
import GEMMAVX512
import GEMMCore

/// The vector unit the GEMM micro-kernel runs on, chosen once at start-up from what the CPU has.
public enum InstructionSet: String, Sendable, CaseIterable {
  case avx512, avx2, portable

  /// The widest one this CPU supports.
  public static let best: InstructionSet = {
    #if arch(x86_64)
      if convlab_cpu_has_avx512f() != 0 { return .avx512 }
      if convlab_cpu_has_avx2_fma() != 0 { return .avx2 }
    #endif
    return .portable
  }()

  var tileKernel: TileKernel {
    switch self {
    case .avx512: return avx512TileKernel
    case .avx2: return avx2TileKernel
    case .portable: return portableTileKernel
    }
  }
}

extension InstructionSet {
  var multiplyAccumulate: MultiplyAccumulate {
    switch self {
    case .avx512: return avx512MultiplyAccumulate
    case .avx2: return avx2MultiplyAccumulate
    case .portable: return { count, x, w, accumulator in
        GEMMCore.multiplyAccumulate(count: count, x: x, w: w, accumulator: accumulator, fused: false)
      }
    }
  }
}

extension InstructionSet {
  var groupedRow: GroupedRowKernel {
    switch self {
    case .avx512: return avx512GroupedRow
    case .avx2: return avx2GroupedRow
    case .portable: return portableGroupedRow
    }
  }
}

let portableGroupedRow: GroupedRowKernel = { width, row in groupedRow(width: width, row, fused: false) }

/// Compiled for the baseline CPU, so without fused multiply-add (see MicroKernel.swift).
let portableTileKernel = TileKernel(
  rows: 6, columns: 16,
  run: { k, a, aStride, b, c, store in microKernel6x16(k: k, a: a, aStride: aStride, b: b, c: c, store: store, fused: false) },
  indirect: { segments, length, a, b, c, store in
    microKernel6x16Indirect(segments: segments, length: length, a: a, b: b, c: c, store: store, fused: false)
  })
