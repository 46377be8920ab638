import Tensors
import Testing

@testable import Script

@Suite("Memory limits")
struct LimitsTests {
  @Test func aHugeTensorIsRefusedBeforeAllocating() {
    let error = expectError(Marked("‸zeros(100000, 100000, 100)"))
    #expect(error?.message.contains("a tensor of shape (100000, 100000, 100) would need 7.3 TiB") == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("the tensor memory limit is") == true)
  }

  /// Counted in a ledger of its own, so tensors other tests hold at the same time do not count.
  @Test func temporariesCountTowardTheSessionsLimit() {
    // Each 19 MiB temporary fits alone; holding a variable and two at once does not.
    let error = MemoryLimit.withLedger(MemoryLedger()) {
      expectError(Marked("""
        set_limits(memory="48M")
        a = zeros(2500, 2000, dtype='float32')
        b = zeros(2500, 2000, dtype='float32') + ‸zeros(2500, 2000, dtype='float32')
        """))
    }
    #expect(error?.message.contains("already in use") == true, "\(error?.message ?? "")")
    #expect(error?.message.contains("limit is 48.0 MiB") == true, "\(error?.message ?? "")")
  }

  @Test func setLimitsIsTheSessionsAndTakesSizes() throws {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    for statement in try Parser.parse("set_limits(memory=\"2G\")") { _ = try interpreter.run(statement) }
    #expect(interpreter.state.memoryLimit == 2 << 30)
    #expect(MemoryLimit.parse("512M") == 512 << 20)
    #expect(MemoryLimit.parse("1.5GiB") == 3 << 29)
    #expect(MemoryLimit.parse("8GB") == 8_000_000_000)
    #expect(MemoryLimit.parse("100000") == 100_000)
    #expect(MemoryLimit.parse("-1G") == nil)
    #expect(MemoryLimit.parse("1Q") == nil)
    #expect(MemoryLimit.parse("1e30") == nil)
    let bad = expectError(Marked("set_limits(‸memory='lots')"))
    #expect(bad?.message.hasPrefix("set_limits(): memory is a size") == true)
  }

  @Test func varsShowsTheTotalAndTheLimit() throws {
    let lines = try run("set_limits(memory='1G')\nx = zeros(4, 4)\nvars()")
    #expect(lines.last?.hasSuffix("total tensor memory: 128 B (limit 1.0 GiB)") == true, "\(lines)")
  }

  @Test func aLedgerCountsOnlyTheTensorsMadeInIt() throws {
    let outside = try Tensor.zeros([1 << 20])
    let ledger = MemoryLedger()
    let inside = try MemoryLimit.withLedger(ledger) {
      #expect(MemoryLimit.inUse == 0, "a tensor of the process's ledger is not counted here")
      return try Tensor.zeros([1 << 18])
    }
    withExtendedLifetime((outside, inside)) {
      #expect(ledger.inUse == 1 << 20)
      #expect(MemoryLedger.process.inUse >= 4 << 20)
    }
  }
}
