import Synchronization
import Testing

@testable import Kernels

@Suite("Parallel work splitting")
struct ParallelTests {
  @Test(arguments: [0, 1, 2, 7, 1000])
  func coversEveryIndexExactlyOnce(count: Int) {
    let visits = Mutex([Int](repeating: 0, count: count))
    Parallel.forEachRange(count) { range in
      visits.withLock { for index in range { $0[index] += 1 } }
    }
    visits.withLock { #expect($0.allSatisfy { $0 == 1 }) }
  }

  @Test func respectsGrain() {
    let ranges = Mutex<[Range<Int>]>([])
    Parallel.forEachRange(10, grain: 100) { range in ranges.withLock { $0.append(range) } }
    #expect(ranges.withLock { $0 } == [0..<10])
  }

  @Test func usesTheMachinesCores() {
    #expect(Parallel.workerCount >= 1)
  }
}
