import CPUFeatures
import GEMMAVX2
import GEMMAVX512
import GEMMCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The vector unit the GEMM micro-kernel runs on, chosen once at start-up from what the CPU has.
public enum InstructionSet: String, Sendable, CaseIterable {
  case avx512, avx2, portable

  /// The widest one this CPU supports, capped by `CONVLAB_MAX_ISA` (`avx2`, `portable`) when
  /// set, as oneDNN's `ONEDNN_MAX_CPU_ISA` caps it: to time or test a narrower unit's kernels on
  /// a machine that has a wider one.
  public static let best: InstructionSet = {
    let cap = getenv("CONVLAB_MAX_ISA").flatMap { InstructionSet(rawValue: String(cString: $0).lowercased()) }
    return allCases.first { $0.isSupported && $0.width <= (cap ?? .avx512).width } ?? .portable
  }()

  /// Whether this CPU has the unit.
  public var isSupported: Bool {
    #if arch(x86_64)
      switch self {
      case .avx512: return convlab_cpu_has_avx512f() != 0
      case .avx2: return convlab_cpu_has_avx2_fma() != 0
      case .portable: return true
      }
    #else
      return self == .portable
    #endif
  }

  /// The unit's float lanes (portable code uses no particular width: 1).
  public var width: Int {
    switch self {
    case .avx512: return 16
    case .avx2: return 8
    case .portable: return 1
    }
  }

  var tileKernel: TileKernel {
    switch self {
    case .avx512: return avx512TileKernel
    case .avx2: return avx2TileKernel
    case .portable: return portableTileKernel
    }
  }

  /// The tile for a product `columns` wide: on AVX-512, at most 16 columns take the 6×16 tile
  /// instead of padding half of each 8×32 one.
  func tileKernel(columns: Int) -> TileKernel {
    self == .avx512 && columns <= 16 ? avx512NarrowTileKernel : tileKernel
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

extension InstructionSet {
  var winogradInput: WinogradInputKernel {
    switch self {
    case .avx512: return avx512WinogradInput
    case .avx2: return avx2WinogradInput
    case .portable: return { tile in GEMMCore.winogradInput(tile) }
    }
  }

  var winogradOutput: WinogradOutputKernel {
    switch self {
    case .avx512: return avx512WinogradOutput
    case .avx2: return avx2WinogradOutput
    case .portable: return { tile in GEMMCore.winogradOutput(tile) }
    }
  }

  var resampleRow: ResampleRowKernel {
    switch self {
    case .avx512: return avx512ResampleRow
    case .avx2: return avx2ResampleRow
    case .portable: return { row in GEMMCore.resampleRow(row) }
    }
  }
}

let portableGroupedRow: GroupedRowKernel = { width, row in groupedRow(width: width, row, fused: false) }

/// Compiled for the baseline CPU, so without fused multiply-add (see MicroKernel.swift).
let portableTileKernel = TileKernel(
  rows: 6, columns: 16,
  run: { k, a, aStride, next, b, c, store in microKernel6x16(k: k, a: a, aStride: aStride, next: next, b: b, c: c, store: store, fused: false) },
  indirect: { segments, length, a, b, c, store in
    microKernel6x16Indirect(segments: segments, length: length, a: a, b: b, c: c, store: store, fused: false)
  })
