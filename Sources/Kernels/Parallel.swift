import CPUFeatures
import Dispatch
import Synchronization

/// Work splitting for kernels: the machine's cores, and a parallel loop over index ranges.
public enum Parallel {
  /// Worker count: the CPUs this process may run on (2 on the reference machine), read once,
  /// since every kernel call asks and the pool is sized by it (reading it is a sysfs read,
  /// several microseconds in a VM).
  public static let workerCount = max(1, Int(convlab_usable_cpus()))

  /// Runs `body` over `0..<count` split into at most `workerCount` contiguous ranges, at
  /// least `grain` indices each, and returns when all have finished. Small loops run inline,
  /// so callers need not special-case them.
  public static func forEachRange(
    _ count: Int, grain: Int = 1, _ body: @Sendable (Range<Int>) -> Void
  ) {
    guard count > 0 else { return }
    let chunks = min(workerCount, max(1, count / max(grain, 1)))
    if chunks == 1 {
      body(0..<count)
      return
    }
    perform(chunks) { chunk in
      let start = count * chunk / chunks
      let end = count * (chunk + 1) / chunks
      body(start..<end)
    }
  }

  /// Runs `body` for every index in `0..<count`, handing indices out one at a time to
  /// `workerCount` workers, so uneven items still finish together.
  /// `flops` (when known) keeps small jobs on the calling thread, where handing work to a worker
  /// would cost more than the work (a few microseconds while the pool spins: 500 kFLOP is about
  /// 5 µs of one core).
  public static func forEachItem(_ count: Int, flops: Int = .max, _ body: @Sendable (Int) -> Void) {
    guard count > 0 else { return }
    let workers = flops < 500_000 ? 1 : min(workerCount, count)
    if workers == 1 {
      for item in 0..<count { body(item) }
      return
    }
    let next = Atomic<Int>(0)
    perform(workers) { _ in
      while true {
        let item = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard item < count else { return }
        body(item)
      }
    }
  }

  /// Runs `body(0..<count)` concurrently: on the spinning worker pool when it is free, else on
  /// Dispatch's threads (a pool busy with another thread's job, or a job started from inside
  /// one).
  private static func perform(_ count: Int, _ body: @Sendable (Int) -> Void) {
    if WorkerPool.shared.run(count, body) { return }
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
  }
}
