import Layers
import Script
import Tensors

/// What one submitted statement did: its output lines, or its error shown with a caret.
public struct StatementResult: Sendable, Equatable {
  public var source: String
  public var lines: [String]
  public var error: ScriptError?
  /// The error as shown to the user: the line, a caret under the range, and the message.
  public var renderedError: String?
  /// What the statement asks the notebook to open (help pane, animation).
  public var panel: Interpreter.Outcome.Panel? = nil
  /// The document's code this statement ran as (nil: it is not in the document).
  public var code: Int? = nil
  /// Where the statement is in the text it was run from.
  public var range: SourceRange? = nil
  /// Where the error is in `source` (the statement's own text), for a caret under it.
  public var errorPlacement: Diagnostic.Placement? = nil
  /// The styles of teaching lines among `lines` (diagram grids, heatmap rows), by their text.
  public var styles: [String: [TextStyle]] = [:]
}

/// A convlab session: the interpreter state and the document of what was run — the file it was
/// opened from, with its comments, and every statement typed since — plus the history of
/// everything typed. The document is journaled on every change. Front ends (the plain REPL,
/// `convlab run`, the notebook) drive it.
public final class Session {
  public private(set) var interpreter: Interpreter
  public private(set) var document = ScriptDocument()
  public internal(set) var history: [String] = []
  /// Where a bare `:save` writes: the file the session was opened from or last saved to.
  public private(set) var path: String?
  /// The document changed since it was opened or saved: quitting asks, and the journal stays.
  public private(set) var isModified = false
  /// A file read with bytes that are not UTF-8: writing the document over it would lose them.
  private var lossyFile: String?
  /// How each file the session read or wrote looked then (see `save(to:force:)`).
  private var fingerprints: [String: FileFingerprint] = [:]
  /// Where the document is kept on disk before results are shown (nil: none).
  public private(set) var journal: Journal?
  /// The state the session started from, so `:undo` can replay the rest exactly.
  private var initialState: InterpreterState
  public private(set) var initialSeed: UInt32

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

  /// What quitting now would leave unsaved: "2 statements not saved", or "lesson.conv has
  /// unsaved changes"; nil when nothing is.
  public var unsavedSummary: String? {
    guard isModified && !document.codes.isEmpty else { return nil }
    guard let path else { return "\(count(document.codes.count, "statement")) not saved" }
    return "\(path.split(separator: "/").last.map(String.init) ?? path) has unsaved changes"
  }

  // MARK: - The journal

  /// Starts journaling to a new file in `directory`, locked by this process.
  public func startJournal(in directory: String) {
    journal = Journal(directory: directory, header: journalHeader, body: document.script)
  }

  private var journalHeader: Journal.Header { Journal.Header(seed: initialSeed, file: path) }

  /// The document changed other than by a statement at its end: the journal is written anew.
  private func journalDocument() { journal?.rewrite(document.script, header: journalHeader) }

  /// The session ends: the journal goes if nothing is unsaved, and stays (unlocked, for
  /// `convlab --recover`) if something is.
  public func endJournal() {
    if isModified && !document.codes.isEmpty { journal?.keep() } else { journal?.finish() }
    journal = nil
  }

  // MARK: - Running statements

  /// Runs every statement of `source` in order, as typed: each one that fails changes nothing
  /// and is reported, and the ones after it still run (as in a REPL). Each statement that
  /// succeeds joins the document, with its trailing comment, and the journal before its result
  /// is shown. A parse error runs nothing.
  /// `each` is told each statement's result as soon as it has one, before the next runs.
  @discardableResult
  public func submit(
    _ source: String, recordHistory: Bool = true, each: (StatementResult) -> Void = { _ in }
  ) -> [StatementResult] {
    if recordHistory, !source.allSatisfy(\.isWhitespace) { history.append(source) }
    return execute(source, each: each) { text, lines in
      isModified = true
      journal?.append(text)  // on disk before the result is shown
      return document.append(text, outputs: Self.outputLines(lines))
    }
  }

  /// Runs `source` without keeping it: for what a REPL command shows (`:vars`) and for
  /// `convlab run`, whose scripts are not sessions to save.
  @discardableResult
  public func evaluate(_ source: String) -> [StatementResult] { execute(source) { _, _ in nil } }

  /// Runs each statement of `source`; `kept` records one that succeeded (its verbatim text:
  /// from its start to the next statement's, trailing comment included) and returns its code.
  private func execute(
    _ source: String, each: (StatementResult) -> Void = { _ in }, kept: (String, [String]) -> Int?
  ) -> [StatementResult] {
    let statements: [Statement]
    do { statements = try Parser.parse(source) } catch {
      return [
        StatementResult(
          source: source, lines: [], error: error, renderedError: error.rendered(source: source),
          errorPlacement: Diagnostic(message: error.message, range: error.range).placement(in: source))
      ]
    }
    var results: [StatementResult] = []
    interpreter.source = source
    defer { interpreter.source = nil }
    for (index, statement) in statements.enumerated() {
      let text = verbatim(source, statements, index)
      do {
        let outcome = try interpreter.run(statement)
        let code = kept(text, outcome.lines)
        results.append(
          StatementResult(
            source: text, lines: outcome.lines, panel: outcome.panel, code: code, range: statement.range, styles: outcome.styles))
      } catch {
        // The statement's text starts at its range (the input's start, for the first).
        let base = index == 0 ? 0 : statement.range.start
        let local = SourceRange(max(0, error.range.start - base), max(0, error.range.end - base))
        results.append(
          StatementResult(
            source: text, lines: [], error: error, renderedError: error.rendered(source: source), range: statement.range,
            errorPlacement: Diagnostic(message: error.message, range: local).placement(in: text)))
      }
      each(results[results.count - 1])
    }
    return results
  }

  /// Statement `index`'s text as typed: from its start (the input's start, for the first) to
  /// where the next begins, without the `;` or blank space between.
  private func verbatim(_ source: String, _ statements: [Statement], _ index: Int) -> String {
    let start = index == 0 ? 0 : statements[index].range.start
    let end = index + 1 < statements.count ? statements[index + 1].range.start : source.utf8.count
    var text = source.slice(SourceRange(start, end))
    while let last = text.last, last.isWhitespace || last == ";" { text.removeLast() }
    return text
  }

  /// A statement's printed lines as `#:` lines (a multi-line value is several).
  static func outputLines(_ lines: [String]) -> [String] {
    lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
  }

  /// Runs the document's code `id` (a replay step): it becomes ran, with what it printed, or
  /// failed, with its error. The journal already holds it.
  @discardableResult
  public func runCode(_ id: Int) -> [StatementResult] {
    guard let code = document.code(id) else { return [] }
    if case .failed(let error) = code.status, error.kind == .syntax {
      // Code that does not parse, or cannot be read, stays as it is: running it cannot help.
      return [
        StatementResult(
          source: code.source, lines: [], error: error, renderedError: error.rendered(source: code.source), code: id,
          errorPlacement: Diagnostic(message: error.message, range: error.range).placement(in: code.source))
      ]
    }
    var results = execute(code.source) { _, _ in id }
    if let failure = results.first(where: { $0.error != nil }), let error = failure.error {
      document.update(id) { $0.status = .failed(error) }
      results = results.map { var result = $0; result.code = id; return result }
    } else {
      document.update(id) {
        $0.status = .ran
        $0.outputs = Self.outputLines(results.flatMap(\.lines))
      }
    }
    return results
  }

  // MARK: - Files

  /// `convlab FILE`: the session's document becomes the file's, and a bare `:save` writes back
  /// to it. Nothing runs yet: the caller replays the returned codes in order.
  @discardableResult
  public func open(_ path: String) throws(SystemError) -> (codes: [Int], problem: ScriptError?) {
    let (read, problem) = try ScriptDocument.read(path: path)
    document = read
    self.path = path
    lossyFile = problem == nil ? nil : path
    isModified = false
    noteRead(path)
    journalDocument()
    return (document.codes.map(\.id), problem)
  }

  /// `:load FILE`: the file's lines join the end of the document, to be run by the caller.
  /// Where a bare `:save` writes does not change, and the session has unsaved work after it.
  public func load(_ path: String) throws(SystemError) -> (codes: [Int], problem: ScriptError?) {
    let (read, problem) = try ScriptDocument.read(path: path)
    noteRead(path)
    let codes = document.append(read)
    if !codes.isEmpty { isModified = true }
    journalDocument()
    return (codes, problem)
  }

  /// Restores a journal another session left: its seed, its document and its file (the save
  /// target again), with everything unsaved. The journal's statements are in this session's
  /// own journal when this returns, so the old one can go; the caller replays the codes.
  public func restore(journal text: String) -> [Int] {
    let header = Journal.Header.parse(text)
    if let header { reseed(header.seed) }
    document = ScriptDocument(parsing: header == nil ? text : String(text.drop { $0 != "\n" }.dropFirst()))
    path = header?.file
    isModified = true
    journalDocument()
    return document.codes.map(\.id)
  }

  /// `convlab FILE`: a journal another session left is restored — locked while it is read,
  /// deleted once this session's own journal holds it — and any other file opened.
  public func openOrRestore(_ file: String) throws(SystemError) -> (codes: [Int], problem: ScriptError?) {
    guard let text = readTextFile(file), Journal.Header.parse(text) != nil else { return try open(file) }
    guard let claim = Journal.Claim(file) else {
      throw SystemError(reason: "it is the journal of a convlab that is still running")
    }
    let codes = restore(journal: text)
    claim.release(deleting: journal != nil)
    return (codes, nil)
  }

  /// Starts over from `seed`: the session's numbers are those of the session being restored.
  private func reseed(_ seed: UInt32) {
    initialSeed = seed
    let workingDirectory = initialState.workingDirectory, dataFormat = initialState.dataFormat
    initialState = InterpreterState(seed: seed, dataFormat: dataFormat)
    initialState.workingDirectory = workingDirectory
    interpreter = Interpreter(state: initialState)
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
    /// No path given and the session has none.
    case noPath
    case changedOnDisk(String)
    /// The file holds more statements than the save would write.
    case dropsStatements(String, had: Int, writing: Int)
    /// The file has bytes that are not UTF-8, which the document cannot write back.
    case lossy(String)
    case system(SystemError)
  }

  /// The saved form: the document with fresh outputs. A session that never calls `seed` and
  /// did not start from seed 0 (`convlab run`'s) begins with the seed it drew, so a replay
  /// draws the same numbers.
  public func transcript() -> String {
    let seeded = initialSeed == 0 || document.codes.contains { $0.source.contains("seed(") }
    let seedLine = "seed(\(initialSeed))  # the session's starting seed, so a replay draws the same numbers\n"
    return (seeded ? "" : seedLine) + document.text
  }

  /// `:save [PATH]`: writes the document atomically and makes PATH where a bare `:save` writes.
  /// Unless `force`, it refuses a file that changed on disk since the session read or wrote it,
  /// a file that holds more statements than it would write, and a file read with bytes that
  /// are not UTF-8 (the notebook asks; `:save!` insists).
  @discardableResult
  public func save(to target: String? = nil, force: Bool = false) throws(SaveError) -> String {
    guard let target = target ?? path else { throw .noPath }
    if !force {
      if changedOnDisk(target) { throw .changedOnDisk(target) }
      if lossyFile == target { throw .lossy(target) }
      let writing = document.codes.count
      if let (onDisk, _) = try? ScriptDocument.read(path: target), onDisk.codes.count > writing {
        throw .dropsStatements(target, had: onDisk.codes.count, writing: writing)
      }
    }
    do { try AtomicFile.write(Array(transcript().utf8), to: target) } catch { throw .system(error) }
    path = target
    if lossyFile == target { lossyFile = nil }
    isModified = false
    noteRead(target)
    journalDocument()  // its header now names the file
    return target
  }

  // MARK: - Changing what ran

  /// Starts the interpreter over from the session's first state (the document stays).
  public func restart() { interpreter = Interpreter(state: initialState) }

  /// `:undo`: drops the last statement that ran and rebuilds the state by replaying the rest.
  @discardableResult
  public func undo() -> ScriptDocument.Code? {
    guard let last = document.codes.last(where: { $0.status == .ran }) else { return nil }
    document.remove(last.id)
    isModified = true
    restart()
    for code in document.codes where code.status == .ran { runCode(code.id) }
    journalDocument()
    return last
  }

  /// `:reset`: forgets every name and every statement (history stays).
  public func reset() {
    if !document.items.isEmpty { isModified = true }
    document.removeAll()
    restart()
    journalDocument()
  }

  /// The notebook edited code `id`: its new source, not yet run.
  public func replaceCode(_ id: Int, with source: String) {
    document.update(id) {
      $0.source = source
      $0.status = .pending
    }
    isModified = true
    journalDocument()
  }

  /// Runs a statement that failed when typed (the notebook re-runs it after an edit above):
  /// what succeeds now joins the document after code `after`, as it would have when typed.
  public func insert(_ source: String, after: Int?) -> [StatementResult] {
    var previous = after
    let results = execute(source) { text, lines in
      let id = document.insert(text, after: previous, status: .ran)
      document.update(id) { $0.outputs = Self.outputLines(lines) }
      previous = id
      isModified = true
      return id
    }
    if results.contains(where: { $0.code != nil }) { journalDocument() }
    return results
  }
}

