import Dispatch
import Script
import Synchronization

/// Work on the transcript (running statements) off the UI thread, so keys, scrolling and the
/// spinner keep working; or inline, for tests. The controller polls `finished`; only the worker
/// touches the transcript and its session while the job runs.
final class BackgroundJob: Sendable {
  struct Result: Sendable {
    var cells: [Transcript.Cell]
    var variables: [VariableRow]
    var tensorBytes: Int
    /// How long the work took, measured where it ran (not when the UI next looked).
    var seconds: Double
  }

  private let state = Mutex<Result?>(nil)
  let started = ContinuousClock.now
  let label: String

  /// The transcript handed to the worker; the UI does not use it until the job finishes.
  private struct Handoff: @unchecked Sendable {
    let transcript: Transcript
    let work: (Transcript) -> [Transcript.Cell]
  }

  init(_ label: String, _ transcript: Transcript, inline: Bool, work: @escaping (Transcript) -> [Transcript.Cell]) {
    self.label = label
    let handoff = Handoff(transcript: transcript, work: work)
    let run: @Sendable () -> Void = { [self] in
      let start = ContinuousClock.now
      let cells = handoff.work(handoff.transcript)
      let duration = ContinuousClock.now - start
      let state = handoff.transcript.session.state
      let result = Result(
        cells: cells, variables: VariableRow.snapshot(state), tensorBytes: state.tensorBytes,
        seconds: Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18)
      self.state.withLock { $0 = result }
    }
    if inline { run() } else { DispatchQueue.global(qos: .userInitiated).async(execute: run) }
  }

  var finished: Result? { state.withLock { $0 } }

  var elapsed: Double {
    let duration = ContinuousClock.now - started
    return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }
}

/// A row of the variables pane.
public struct VariableRow: Sendable, Equatable {
  public var name: String
  public var kind: String
  public var shape: String
  public var bytes: Int

  static func snapshot(_ state: InterpreterState) -> [VariableRow] {
    Introspection.variableRows(state).map { VariableRow(name: $0.name, kind: $0.kind, shape: $0.shape, bytes: $0.bytes) }
  }
}
