import Synchronization

private let interruptRequested = Atomic<Bool>(false)

/// Ctrl-C for long computations: the UI sets the flag, kernels check it between chunks of work
/// and stop early, and the interpreter turns it into an "interrupted" error. The statement's
/// partial results are thrown away with its state copy, so the session stays as it was.
public enum Interruption {
  public static var isRequested: Bool { interruptRequested.load(ordering: .relaxed) }
  public static func request() { interruptRequested.store(true, ordering: .relaxed) }
  public static func clear() { interruptRequested.store(false, ordering: .relaxed) }
}
