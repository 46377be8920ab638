import CPUFeatures
import Dispatch
import Synchronization

/// Work splitting for kernels: the machine's cores, and a parallel loop over index ranges.
public enum Parallel {
  /// Worker count: the CPUs this process may run on (2 on the reference machine), read once,
  /// since every kernel call asks and the pool is sized by it (reading it is a sysfs read,
  /// several microseconds in a VM).
  public static let workerCount = max(1, Int(convlab_usable_cpus()))

  /// Runs `body` over `0..<count` split into contiguous ranges of at least `grain` indices,
  /// and returns when all have finished. Up to four ranges per worker are handed out as
  /// workers come free, so a core slowed by a neighbour (a VM's other tenant, the caller's own
  /// thread) does not leave the other waiting at the end: with one range each, the faster
  /// core had spun for a quarter of a resize. Small loops run inline, so callers need not
  /// special-case them.
  public static func forEachRange(
    _ count: Int, grain: Int = 1, _ body: @Sendable (Range<Int>) -> Void
  ) {
    guard count > 0 else { return }
    let chunks = min(workerCount * 4, max(1, count / max(grain, 1)))
    if chunks == 1 {
      body(0..<count)
      return
    }
    let next = Atomic<Int>(0)
    perform(min(workerCount, chunks)) { _ in
      while true {
        let chunk = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard chunk < chunks else { return }
        body(count * chunk / chunks..<count * (chunk + 1) / chunks)
      }
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
