import Dispatch
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import Kernels

@Suite("Parallel work splitting")
struct ParallelTests {
  @Test(arguments: [0, 1, 2, 7, 1000])
  func coversEveryIndexExactlyOnce(count: Int) {
    let visits = Mutex([Int](repeating: 0, count: count))
    let ranges = Mutex<[Range<Int>]>([])
    Parallel.forEachRange(count) { range in
      ranges.withLock { $0.append(range) }
      visits.withLock { for index in range { $0[index] += 1 } }
    }
    visits.withLock { #expect($0 == [Int](repeating: 1, count: count)) }
    let given = ranges.withLock { $0 }
    #expect(given.allSatisfy { !$0.isEmpty }, "no empty range is handed out: \(given)")
    #expect(given.count == min(count, 4 * Parallel.workerCount), "four ranges per worker at most, none for no work: \(given)")
    let sizes = given.map(\.count)
    #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "ranges are even: \(given)")
  }

  @Test func respectsGrain() {
    let ranges = Mutex<[Range<Int>]>([])
    Parallel.forEachRange(10, grain: 100) { range in ranges.withLock { $0.append(range) } }
    #expect(ranges.withLock { $0 } == [0..<10])
  }

  @Test func usesTheCPUsTheProcessMayRunOn() throws {
    let cpus = allowedCPUCount
    try #require(cpus > 0, "/proc/self/status lists the allowed CPUs")
    #expect(Parallel.workerCount == cpus)
    #expect(WorkerPool.shared.threads == cpus - 1, "the caller is the last participant")
  }

  /// forEachItem over `count` items with enough flops to go parallel; every item once.
  static func itemsVisitedOnce(_ count: Int) -> Bool {
    let visits = Mutex([Int](repeating: 0, count: count))
    Parallel.forEachItem(count, flops: .max) { item in visits.withLock { $0[item] += 1 } }
    return visits.withLock { $0.allSatisfy { $0 == 1 } }
  }

  @Test(.enabled(if: WorkerPool.shared.threads > 0, "one CPU: the pool has no worker threads to run"))
  func poolRunsEveryParticipantOnce() {
    let pool = WorkerPool.shared
    for round in 0..<200 {
      let count = 1 + round % pool.participants  // fewer participants than threads too
      let ran = Mutex([Int](repeating: 0, count: count))
      // Another test's job may hold the pool; then run reports false and nothing ran.
      if pool.run(count, { participant in ran.withLock { $0[participant] += 1 } }) {
        #expect(ran.withLock { $0 } == [Int](repeating: 1, count: count))
      } else {
        #expect(ran.withLock { $0.allSatisfy { $0 == 0 } })
      }
    }
    #expect(!pool.run(pool.participants + 1) { _ in }, "more participants than threads is refused")
  }

  /// Whether `work` returns within `seconds` (run elsewhere, so a lost wake-up fails the test
  /// instead of hanging the run).
  static func finishes(within seconds: Double, _ work: @escaping @Sendable () -> Void) -> Bool {
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      work()
      done.signal()
    }
    return done.wait(timeout: .now() + seconds) == .success
  }

  /// Jobs after the workers have gone to sleep (past their spin) must wake them.
  @Test func jobsAfterTheWorkersSleepStillFinish() {
    let allVisited = Mutex(true)
    let finished = Self.finishes(within: 30) {
      for round in 0..<5 {
        if round > 0 { usleep(UInt32(WorkerPool.spin / .microseconds(1) * 3)) }
        let visited = Self.itemsVisitedOnce(97)
        allVisited.withLock { $0 = $0 && visited }
      }
    }
    #expect(finished, "a job after the workers slept never finished")
    #expect(allVisited.withLock { $0 })
  }

  /// A parallel loop inside a parallel loop (the pool is busy) and loops started from many
  /// threads at once fall back to Dispatch and still cover every item once.
  @Test func nestedAndConcurrentLoopsFinish() {
    let inner = Mutex<[Bool]>([])
    Parallel.forEachItem(8, flops: .max) { _ in
      let result = Self.itemsVisitedOnce(50)
      inner.withLock { $0.append(result) }
    }
    #expect(inner.withLock { $0 } == [Bool](repeating: true, count: 8))
    let outer = Mutex<[Bool]>([])
    DispatchQueue.concurrentPerform(iterations: 16) { _ in
      for _ in 0..<20 {
        let result = Self.itemsVisitedOnce(33)
        outer.withLock { $0.append(result) }
      }
    }
    #expect(outer.withLock { $0 } == [Bool](repeating: true, count: 16 * 20))
  }
}
