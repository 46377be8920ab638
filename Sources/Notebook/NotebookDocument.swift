import Kernels
import Script

/// A notebook: numbered cells (statements with their output or error) over a session. Unlike
/// the session's saved cells, failed statements stay here, marked, so they can be edited.
public final class NotebookDocument {
  public struct Cell: Sendable, Equatable {
    public var source: String
    public var lines: [String]
    /// The error shown with its caret, when the statement failed.
    public var error: String?
    /// Seconds the statement took.
    public var seconds: Double
    /// What the statement asks the notebook to open (help pane, animation).
    public var panel: Interpreter.Outcome.Panel? = nil
  }

  public let session: Session
  public private(set) var cells: [Cell] = []

  public init(session: Session) { self.session = session }

  /// Runs `source` (one or more statements) and appends a cell per statement.
  @discardableResult
  public func run(_ source: String, recordHistory: Bool = true) -> [Cell] {
    Interruption.clear()
    let clock = ContinuousClock()
    let start = clock.now
    let results = session.submit(source, recordHistory: recordHistory)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let added = results.map {
      Cell(
        source: $0.source, lines: $0.lines, error: $0.renderedError, seconds: seconds / Double(max(results.count, 1)),
        panel: $0.panel)
    }
    cells += added
    return added
  }

  /// Replaces cell `index` with `source` and re-runs it and every later cell in order, from a
  /// session rebuilt by replaying the cells before it (their shown outputs stay as they were).
  /// Cells that now fail are kept, marked with their error.
  public func rerun(from index: Int, replacingWith source: String) {
    guard cells.indices.contains(index) else { return }
    let kept = Array(cells[..<index])
    let later = cells[(index + 1)...].map(\.source)
    session.reset()
    for cell in kept { session.submit(cell.source, recordHistory: false) }
    cells = kept
    run(source)
    for text in later { run(text, recordHistory: false) }
  }
}
