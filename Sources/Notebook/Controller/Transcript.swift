import Layers
import Script

/// The notebook's numbered cells over a session: one for each statement of the document (its
/// output, its error, or "not run"), and one for each typed statement that failed, which is
/// not in the document but stays here, marked, so it can be edited and run again.
public final class Transcript {
  public struct Cell: Sendable, Equatable {
    public var source: String
    public var lines: [String]
    /// The error shown with its caret, when the statement failed.
    public var error: String?
    /// How it failed (syntax, runtime, interrupted), when it did.
    public var failure: ScriptError.Kind? = nil
    /// The failure's message and where in `source` it points.
    public var errorMessage: String? = nil
    public var errorPlacement: Diagnostic.Placement? = nil
    /// How the teaching lines among `lines` are coloured, by their text.
    public var styles: [String: [TextStyle]] = [:]
    /// Seconds the statement took.
    public var seconds: Double
    /// What the statement asks the notebook to open (help pane, animation).
    public var panel: Interpreter.Outcome.Panel? = nil
    /// The document's code this cell shows; nil for a typed statement that failed.
    public var code: Int?
    /// A statement of the document that has not run (a replay stopped before it).
    public var pending = false
    /// The statements submitted together (a pasted block) share a group, shown as one cell.
    public var group = 0
  }

  public let session: Session
  public private(set) var cells: [Cell] = []
  private var groups = 0

  private func newGroup() -> Int {
    groups += 1
    return groups
  }

  public init(session: Session) { self.session = session }

  /// Runs `source` as typed (one or more statements) and appends a cell per statement.
  @discardableResult
  public func run(_ source: String, recordHistory: Bool = true) -> [Cell] {
    let (results, seconds) = timed { session.submit(source, recordHistory: recordHistory) }
    let group = newGroup()
    let added = results.map { result in
      var cell = Self.cell(result, seconds: seconds / Double(max(results.count, 1)))
      cell.group = group
      return cell
    }
    cells += added
    return added
  }

  /// Runs the document's code `id` (a step of replaying a file) and shows it: as a new cell, or
  /// in the place of the cell already showing it.
  @discardableResult
  public func runCode(_ id: Int) -> Cell? {
    guard let code = session.document.code(id) else { return nil }
    let (results, seconds) = timed { session.runCode(id) }
    var cell = Self.cell(results.last ?? StatementResult(source: code.source, lines: []), seconds: seconds)
    cell.source = code.source
    cell.lines = results.flatMap(\.lines)
    cell.code = id
    if let index = cells.firstIndex(where: { $0.code == id }) {
      cell.group = cells[index].group
      cells[index] = cell
    } else {
      cell.group = newGroup()
      cells.append(cell)
    }
    return cell
  }

  /// Shows the document's code `id` as not run (a replay stopped before it).
  public func showPending(_ id: Int) {
    guard let code = session.document.code(id), !cells.contains(where: { $0.code == id }) else { return }
    cells.append(Cell(source: code.source, lines: [], error: nil, seconds: 0, code: id, pending: true, group: newGroup()))
  }

  /// Forgets the cells (`:reset`).
  public func clear() { cells = [] }

  /// Drops the cell showing code `id` (`:undo`).
  public func removeCode(_ id: Int) { cells.removeAll { $0.code == id } }

  /// Cell `index` edited to `source`: the edit goes into the document in place, then the
  /// session is rebuilt from its first state by replaying the cells before it, and it and every
  /// later cell run again in order, as a notebook's "run all below". Cells that now fail stay,
  /// marked; a typed statement that failed before and now succeeds joins the document.
  public func rerun(from index: Int, replacingWith source: String) {
    guard cells.indices.contains(index) else { return }
    if let code = cells[index].code {
      session.replaceCode(code, with: source)
    }
    cells[index].source = source
    session.restart()
    for cell in cells[..<index] { if let code = cell.code { session.runCode(code) } }
    for position in index..<cells.count {
      if cells[position].code != nil {
        runCode(cells[position].code!)
        continue
      }
      // A statement typed once, failed then: it joins the document if it runs now.
      let previous = cells[..<position].last { $0.code != nil }?.code
      let (results, seconds) = timed { session.insert(cells[position].source, after: previous) }
      var cell = Self.cell(results.last ?? StatementResult(source: cells[position].source, lines: []), seconds: seconds)
      cell.lines = results.flatMap(\.lines)
      cell.source = cells[position].source
      cell.group = cells[position].group
      cells[position] = cell
    }
  }

  private func timed<T>(_ work: () -> T) -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = work()
    let elapsed = clock.now - start
    return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }

  private static func cell(_ result: StatementResult, seconds: Double) -> Cell {
    Cell(
      source: result.source, lines: result.lines, error: result.renderedError, failure: result.error?.kind,
      errorMessage: result.error?.message, errorPlacement: result.errorPlacement, styles: result.styles, seconds: seconds,
      panel: result.panel, code: result.code)
  }
}
