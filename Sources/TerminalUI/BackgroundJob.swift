import Dispatch
import Notebook
import Script
import Synchronization

/// A statement running off the UI thread. The UI polls `finished`; only the worker touches the
/// notebook while the job runs.
final class BackgroundJob: Sendable {
  struct Result: Sendable {
    var cells: [NotebookDocument.Cell]
    var variables: [VariableRow]
    var tensorBytes: Int
  }

  private let state = Mutex<Result?>(nil)
  let started = ContinuousClock.now

  /// The notebook handed to the worker; the UI does not use it until the job finishes.
  private struct Handoff: @unchecked Sendable {
    let notebook: NotebookDocument
    let work: (NotebookDocument) -> [NotebookDocument.Cell]
  }

  init(_ notebook: NotebookDocument, work: @escaping (NotebookDocument) -> [NotebookDocument.Cell]) {
    let handoff = Handoff(notebook: notebook, work: work)
    DispatchQueue.global(qos: .userInitiated).async { [self] in
      let cells = handoff.work(handoff.notebook)
      let snapshot = VariableRow.snapshot(handoff.notebook.session.state)
      self.state.withLock { $0 = Result(cells: cells, variables: snapshot, tensorBytes: handoff.notebook.session.state.tensorBytes) }
    }
  }

  var finished: Result? { state.withLock { $0 } }

  var elapsed: Double {
    let duration = ContinuousClock.now - started
    return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }
}

struct VariableRow: Sendable, Equatable {
  var name: String
  var kind: String
  var shape: String
  var bytes: Int

  static func snapshot(_ state: InterpreterState) -> [VariableRow] {
    Introspection.variableRows(state).map { VariableRow(name: $0.name, kind: $0.kind, shape: $0.shape, bytes: $0.bytes) }
  }
}
