import GEMMAVX2
import GEMMAVX512
import Synchronization

/// The machine's float32 peak, measured with our own FMA loop on every core at once, on the
/// vector unit the kernels use. `% of peak` figures in the README divide by this.
public enum PeakFlops {
  /// GFLOP/s over all workers for about `seconds`.
  public static func measure(seconds: Double = 1.0) -> Double {
    let iterations = 20_000_000
    let isa = InstructionSet.best
    let total = Mutex(0.0)
    let clock = ContinuousClock()
    let start = clock.now
    var elapsed = 0.0
    while elapsed < seconds {
      Parallel.forEachRange(Parallel.workerCount) { range in
        for _ in range {
          let (flops, checksum) = isa == .avx512 ? avx512PeakLoop(iterations: iterations) : avx2PeakLoop(iterations: iterations)
          total.withLock { $0 += flops + (checksum.isNaN ? 1 : 0) }
        }
      }
      let duration = clock.now - start
      elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
    return total.withLock { $0 } / elapsed / 1e9
  }
}
