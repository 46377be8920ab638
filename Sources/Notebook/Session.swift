import Layers
import Script
import Tensors

/// One statement that ran, with what it printed.
public struct Cell: Sendable, Equatable {
  public var source: String
  public var lines: [String]
}

/// What one submitted statement did: its output lines, or its error shown with a caret.
public struct StatementResult: Sendable, Equatable {
  public var source: String
  public var lines: [String]
  public var error: ScriptError?
  /// The error as shown to the user: the line, a caret under the range, and the message.
  public var renderedError: String?
  /// What the statement asks the notebook to open (help pane, animation).
  public var panel: Interpreter.Outcome.Panel? = nil
}

/// A convlab session: the interpreter state, the cells that succeeded (in order), and the
/// history of everything typed. Front ends (plain REPL, `convlab run`, the notebook) drive it.
public final class Session {
  public private(set) var interpreter: Interpreter
  public private(set) var cells: [Cell] = []
  public internal(set) var history: [String] = []
  /// The file this session was loaded from or last saved to.
  public var path: String?
  /// How each file the session read or wrote looked then (see `save(to:force:)`).
  private var fingerprints: [String: FileFingerprint] = [:]
  /// Where successful statements are flushed before their results are shown (nil: none).
  public private(set) var journal: Journal?
  /// The state the session started from, so `:undo` can replay the rest exactly.
  private let initialState: InterpreterState
  private let initialSeed: UInt32

  /// `workingDirectory` is where relative `load`/`save` paths point (nil: the process's).
  public init(seed: UInt32? = nil, dataFormat: DataFormat = .channelsLast, workingDirectory: String? = nil) {
    var system = SystemRandomNumberGenerator()
    initialSeed = seed ?? UInt32.random(in: .min ... .max, using: &system)
    var state = InterpreterState(seed: initialSeed, dataFormat: dataFormat)
    state.workingDirectory = workingDirectory
    initialState = state
    interpreter = Interpreter(state: initialState)
  }

  public var state: InterpreterState { interpreter.state }

  /// Starts journaling to a new file in `directory`.
  public func startJournal(in directory: String) {
    journal = Journal(directory: directory, seed: initialSeed)
  }

  /// The session ended normally: its journal is no longer needed.
  public func finishJournal() {
    journal?.finish()
    journal = nil
  }

  /// Runs every statement of `source` in order; each one that fails changes nothing and is
  /// reported, and the ones after it still run (as in a REPL). Parse errors stop the input.
  @discardableResult
  public func submit(_ source: String, recordHistory: Bool = true) -> [StatementResult] {
    if recordHistory, !source.allSatisfy(\.isWhitespace) { history.append(source) }
    let statements: [Statement]
    do { statements = try Parser.parse(source) } catch {
      return [StatementResult(source: source, lines: [], error: error, renderedError: error.rendered(source: source))]
    }
    var results: [StatementResult] = []
    for statement in statements {
      let text = source.slice(statement.range)
      do {
        let outcome = try interpreter.run(statement)
        journal?.append(text)  // on disk before the result is shown
        cells.append(Cell(source: text, lines: outcome.lines))
        results.append(StatementResult(source: text, lines: outcome.lines, panel: outcome.panel))
      } catch {
        results.append(StatementResult(source: text, lines: [], error: error, renderedError: error.rendered(source: source)))
      }
    }
    return results
  }

  /// Runs one already-parsed statement, keeping it as a cell when it succeeds.
  func runStatement(_ statement: Statement, source: String) throws(ScriptError) -> [String] {
    let outcome = try interpreter.run(statement)
    journal?.append(source)
    cells.append(Cell(source: source, lines: outcome.lines))
    return outcome.lines
  }

  /// The saved form: every successful statement followed by its output as `#:` lines. A
  /// session that never called `seed` starts with the seed it drew, so a replay draws the same
  /// numbers.
  public func transcript() -> String {
    var text = ""
    if !cells.contains(where: { $0.source.contains("seed(") }) {
      text += "seed(\(initialSeed))  # the session's starting seed, so a replay draws the same numbers\n"
    }
    for cell in cells {
      text += cell.source + "\n"
      for line in cell.lines {
        for part in line.split(separator: "\n", omittingEmptySubsequences: false) {
          text += part.isEmpty ? "#:\n" : "#: \(part)\n"
        }
      }
    }
    return text
  }

  /// `convlab run --force`: `save()` may replace files that changed on disk.
  public func allowOverwrite(_ allowed: Bool) {
    interpreter.state.allowsOverwrite = allowed
  }

  /// Records how `file` looks now: the session has read (or written) it.
  public func noteRead(_ file: String) {
    fingerprints[file] = FileFingerprint.of(file)
  }

  /// Whether `file` changed on disk since this session last read or wrote it.
  public func changedOnDisk(_ file: String) -> Bool {
    guard let known = fingerprints[file] else { return false }
    return FileFingerprint.of(file) != known
  }

  public enum SaveError: Error, Equatable {
    case changedOnDisk(String)
    case system(SystemError)
  }

  /// `:save PATH`: writes the transcript atomically. A file that changed on disk since the
  /// session read or wrote it is not overwritten unless `force` (the notebook asks first).
  public func save(to path: String, force: Bool = false) throws(SaveError) {
    if !force && changedOnDisk(path) { throw .changedOnDisk(path) }
    do { try AtomicFile.write(Array(transcript().utf8), to: path) } catch { throw .system(error) }
    self.path = path
    noteRead(path)
  }

  /// `:undo`: drops the last successful statement and rebuilds the state by replaying the rest.
  @discardableResult
  public func undo() -> Cell? {
    guard let last = cells.popLast() else { return nil }
    let remaining = cells
    journal?.restart(seed: initialSeed)
    interpreter = Interpreter(state: initialState)
    cells = []
    for cell in remaining { submit(cell.source, recordHistory: false) }
    return last
  }

  /// `:reset`: forgets every name and cell (history stays).
  public func reset() {
    journal?.restart(seed: initialSeed)
    interpreter = Interpreter(state: initialState)
    cells = []
  }
}

extension String {
  /// The text of a byte range.
  func slice(_ range: SourceRange) -> String {
    let bytes = Array(utf8)
    let start = min(max(0, range.start), bytes.count), end = min(max(start, range.end), bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}
