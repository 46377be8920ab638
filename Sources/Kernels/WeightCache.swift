import Synchronization

/// Kernel-ready copies of one layer's weights (packed GEMM panels, reordered kernels), made on
/// first use and reused by every later call. The layer replaces its cache whenever its weights
/// change, so an entry never outlives the weights it was made from.
public final class WeightCache: Sendable {
  private let entries = Mutex<[String: [Float]]>([:])

  public init() {}

  /// The entry for `key`, made by `make` on first use.
  public func value(for key: String, make: () -> [Float]) -> [Float] {
    if let found = entries.withLock({ $0[key] }) { return found }
    let made = make()
    entries.withLock { $0[key] = made }
    return made
  }
}
