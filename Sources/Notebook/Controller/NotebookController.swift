import Script
import Tensors

/// The notebook's behaviour, without a terminal: keys and finished jobs come in as events, and
/// the state a view draws comes out — the cells, the editor, the mode, the message line, the
/// panes and the status. One `Mode` says what keys mean now. Statements run as jobs off the
/// caller's thread (or inline, for tests), so keys keep working while one runs.
public final class NotebookController {
  public enum Mode: Equatable {
    case editing
    /// Ctrl-R: the history entry matching `query`, newest first.
    case searching(query: String, match: Int?)
    /// A y/n question; y carries out `command` (`:save! PATH`).
    case confirming(Command, question: String)
    /// An earlier session that ended unsaved, offered at start: y restores it.
    case offeringRestore(journal: String, statements: Int)
    /// A file's statements running one at a time; typing goes on, Ctrl-C stops it.
    case replaying(Replay)
    /// `animate(…)` has the screen until q.
    case animating(AnimationPlayer)
  }

  public struct Replay: Sendable, Equatable {
    public var file: String
    /// Codes still to run, in order.
    public var left: [Int]
    public var total: Int
    public var ran: Int { total - left.count }
  }

  /// What the status line says about the file.
  public struct FileStatus: Sendable, Equatable {
    /// The file's last path component, or "untitled".
    public var name: String
    public var isModified: Bool
    /// "stopped at 2 of 4" after a replay that did not finish.
    public var replayStopped: String?
  }

  public let transcript: Transcript
  private var session: Session { transcript.session }
  public private(set) var mode: Mode = .editing
  public private(set) var history: History
  public private(set) var editor = LineEditor()
  private var historyCursor: HistoryCursor?
  /// The message line, when something was said.
  public private(set) var message: String?
  /// The cells as of the last finished job (the transcript itself belongs to a running job).
  public private(set) var cells: [Transcript.Cell] = []
  public private(set) var selectedCell: Int?
  /// The layout has room for the side pane (the view says so as it draws): without it, F1 and
  /// F2 open overlays over the transcript instead.
  public var isWide = true
  /// Rows an overlay pages by (the view sets it from its height).
  public var pageHeight = 10
  public private(set) var showVariablesOverlay = false
  /// How far an overlay is scrolled, in rows.
  public private(set) var overlayScroll = 0
  /// The completion menu Tab opens when several names fit.
  public private(set) var completionMenu: CompletionMenu?
  /// The statement a running job is running, shown in the transcript at once.
  public private(set) var runningSource: String?
  public private(set) var showVariables = true
  public private(set) var showHelp = false
  public private(set) var helpText = ""
  public private(set) var variables: [VariableRow] = []
  public private(set) var tensorBytes = 0
  /// Seconds the last statement took.
  public private(set) var lastSeconds: Double?
  public private(set) var fileStatus = FileStatus(name: "untitled", isModified: false)
  /// False once the user has quit.
  public private(set) var isRunning = true
  private var quitArmed = false
  private var job: BackgroundJob?
  private let inlineJobs: Bool

  /// `file` is opened as the session's own and replayed (a bare `:save` writes back to it); a
  /// file that is a journal another session left is restored instead. `restore` is an earlier
  /// unsaved session to offer at start.
  public init(
    session: Session, historyPath: String?, file: String? = nil, restore: Journal.Recoverable? = nil,
    inlineJobs: Bool = false
  ) {
    transcript = Transcript(session: session)
    history = History(path: historyPath)
    self.inlineJobs = inlineJobs
    if let file {
      open(file)
    } else if let restore {
      mode = .offeringRestore(journal: restore.path, statements: restore.statements)
      message = "an earlier session was not saved (\(count(restore.statements, "statement"))) — restore it? "
        + "y restores · n leaves it for convlab --recover"
    }
    refreshStatus()
  }

  /// Tab's menu: the candidates, the one chosen (nil until Tab or ↓ picks one), the editor
  /// range a choice fills, and what the chosen name is.
  public struct CompletionMenu: Sendable, Equatable {
    public var candidates: [String]
    public var selected: Int?
    public var range: Range<Int>
    /// The chosen candidate's signature or kind, for the hint line.
    public var detail: String?
  }

  /// An overlay covers the transcript: help or the variables, when the side pane has no room.
  public var overlayIsOpen: Bool { (showHelp && !isWide) || showVariablesOverlay }

  /// The view clamps the scroll to what the overlay holds.
  public func clampOverlayScroll(_ maximum: Int) { overlayScroll = max(0, min(overlayScroll, maximum)) }

  // MARK: - Jobs

  public var isBusy: Bool { job != nil }
  /// The running job's label and seconds so far.
  public var running: (label: String, seconds: Double)? { job.map { ($0.label, $0.elapsed) } }

  private func start(_ label: String, _ work: @escaping (Transcript) -> [Transcript.Cell]) {
    Interruption.clear()
    job = BackgroundJob(label, transcript, inline: inlineJobs, work: work)
  }

  /// Takes in a finished job and starts the next replay step; the view calls this each turn.
  public func poll() {
    if let job, let result = job.finished {
      self.job = nil
      finish(result, seconds: result.seconds)
    }
    if job == nil { runningSource = nil }
    if job == nil, case .replaying(var replay) = mode {
      guard let id = replay.left.first else {
        mode = .editing
        message = "replayed \(count(replay.total, "statement")) from \(replay.file)"
        refreshStatus()
        return
      }
      replay.left.removeFirst()
      mode = .replaying(replay)
      start("replaying \(replay.ran)/\(replay.total)") { [id] in $0.runCode(id).map { [$0] } ?? [] }
    }
  }

  /// Runs jobs to the end (tests, with inline jobs).
  public func settle() {
    repeat { poll() } while job != nil || isReplaying
  }

  public var isReplaying: Bool {
    if case .replaying = mode { return true }
    return false
  }

  private func finish(_ result: BackgroundJob.Result, seconds: Double) {
    cells = transcript.cells
    variables = result.variables
    tensorBytes = result.tensorBytes
    lastSeconds = seconds
    let last = result.cells.last
    if last?.failure == .interrupted {
      message = "interrupted: the session is as it was before that statement"
    }
    if case .replaying(let replay) = mode {
      if let last, last.error != nil { stopReplay(replay, at: last) }
    } else {
      switch last?.panel {
      case .help(let text):
        helpText = text
        // Narrow, the text is in the transcript already: no overlay over it.
        showHelp = isWide
      case .animation(let frames, let live) where !frames.isEmpty:
        mode = .animating(AnimationPlayer(frames: frames, styles: last?.styles ?? [:], live: live))
      default: break
      }
    }
    refreshStatus()
  }

  /// A replay's statement failed: the rest of the file stays in the session, shown as not run.
  private func stopReplay(_ replay: Replay, at failed: Transcript.Cell) {
    for id in replay.left { transcript.showPending(id) }
    cells = transcript.cells
    mode = .editing
    let ran = replay.ran - 1
    message = "stopped replaying \(replay.file) at statement \(replay.ran) of \(replay.total): the session has the \(ran) before it; "
      + "the rest are kept, not run (edit with Alt-↑)"
    fileStatus.replayStopped = "stopped at \(replay.ran) of \(replay.total)"
  }

  private func refreshStatus() {
    // Once nothing is left unrun (an edit ran the rest), the replay's stop is history.
    let stopped = transcript.cells.contains { $0.pending } ? fileStatus.replayStopped : nil
    fileStatus = FileStatus(
      name: session.path.map { String($0.split(separator: "/").last ?? "") } ?? "untitled",
      isModified: session.isModified && !session.document.codes.isEmpty, replayStopped: stopped)
    cells = transcript.cells
  }

  // MARK: - Files

  private func open(_ file: String) {
    startReplay(file) { () throws(SystemError) in try session.openOrRestore(file) }
  }

  /// Reads `file` into the session (`read`) and replays the codes it gives.
  private func startReplay(_ file: String, _ read: () throws(SystemError) -> (codes: [Int], problem: ScriptError?)) {
    do {
      let (codes, problem) = try read()
      replay(file, codes)
      if let problem { message = "\(file): \(problem.message)" }
    } catch {
      message = "cannot read \(file): \(error.reason)"
    }
  }

  private func replay(_ file: String, _ codes: [Int]) {
    fileStatus.replayStopped = nil
    mode = codes.isEmpty ? .editing : .replaying(Replay(file: file, left: codes, total: codes.count))
  }

  // MARK: - Keys

  public func handle(_ key: Key) {
    if case .animating(var player) = mode {
      mode = player.handle(key, page: pageHeight) == .leave ? .editing : .animating(player)
      return
    }
    if overlayIsOpen, handleOverlay(key) { return }
    if completionMenu != nil, handleMenu(key) { return }
    switch mode {
    case .searching(let query, let match):
      if handleSearch(key, query, match) { return }
    case .offeringRestore(let journal, _):
      mode = .editing
      if key == .character("y") || key == .character("Y") {
        open(journal)
        refreshStatus()
        return
      }
      message = "left the earlier session unsaved: convlab --recover lists it"
      if key == .character("n") || key == .character("N") { return }
    case .confirming(let command, _):
      mode = .editing
      if key == .character("y") || key == .character("Y") {
        message = session.perform(command).text
      } else {
        message = "not saved: the file keeps what it holds"
      }
      refreshStatus()
      return
    default: break
    }
    switch key {
    case .control("c"):
      if isBusy {
        Interruption.request()
        message = "interrupting…"
      } else {
        editor.set("")
        selectedCell = nil
        message = nil
      }
    case .control("d") where editor.isEmpty: requestQuit(force: false)
    case .control("r"): mode = .searching(query: "", match: nil)
    case .up: moveVertically(up: true)
    case .down: moveVertically(up: false)
    case .tab: complete()
    case .enter: submit()
    case .function(1): toggleHelp()
    case .function(2):
      if isWide {
        showVariables.toggle()
      } else {
        showVariablesOverlay = true
        showHelp = false
        overlayScroll = 0
      }
    case .altUp: selectCell(by: -1)
    case .altDown: selectCell(by: 1)
    case .escape:
      selectedCell = nil
      showHelp = false
      message = nil
    case .control("d"):
      editor.apply(.deleteForward)
    case .paste(let text):
      // The line break a copied block ends with is not a line to edit.
      var pasted = Prompts.stripped(text)
      while pasted.hasSuffix("\n") { pasted.removeLast() }
      insert(pasted)
    default:
      guard let action = LineEditor.Action(key: key) else { return }
      if case .insert(let text) = action { insert(text) } else { editor.apply(action) }
    }
  }

  /// Advances a playing animation; the view calls this each turn.
  public func tick() {
    if case .animating(var player) = mode, player.tick() { mode = .animating(player) }
  }

  private func insert(_ text: String) {
    editor.apply(.insert(text))
    historyCursor = nil
    message = nil
  }

  private func moveVertically(up: Bool) {
    let (line, _) = editor.position
    let lines = editor.text.split(separator: "\n", omittingEmptySubsequences: false).count
    if (up && line > 0) || (!up && line < lines - 1) {
      editor.apply(up ? .up : .down)
      return
    }
    if historyCursor == nil { historyCursor = HistoryCursor(history: history, draft: editor.text) }
    let entry = up ? historyCursor!.older(in: history) : historyCursor!.newer(in: history)
    if let entry { editor.set(entry) }
  }

  /// Keys while an overlay is open: ↑ ↓ PgUp PgDn Home End scroll it; Esc, q, F1 and F2
  /// close it; any other key closes it and goes on to the editor.
  private func handleOverlay(_ key: Key) -> Bool {
    switch key {
    case .up, .wheelUp: overlayScroll = max(0, overlayScroll - 1)
    case .down, .wheelDown: overlayScroll += 1
    case .pageUp: overlayScroll = max(0, overlayScroll - pageHeight)
    case .pageDown, .character(" "): overlayScroll += pageHeight
    case .home: overlayScroll = 0
    case .end: overlayScroll = Int.max / 2
    case .escape, .character("q"), .function(1), .function(2):
      closeOverlay()
    default:
      closeOverlay()
      return false
    }
    return true
  }

  private func closeOverlay() {
    showHelp = false
    showVariablesOverlay = false
    overlayScroll = 0
  }

  /// Keys while the completion menu is open: Tab and ↓ choose the next name, Shift-Tab and ↑
  /// the previous (each fills the editor), Enter keeps the choice, Esc closes; other keys
  /// close the menu and act as usual.
  private func handleMenu(_ key: Key) -> Bool {
    guard var menu = completionMenu else { return false }
    switch key {
    case .tab, .down, .backTab, .up:
      let forward = key == .tab || key == .down
      let count = menu.candidates.count
      let next = menu.selected.map { ($0 + (forward ? 1 : count - 1)) % count } ?? (forward ? 0 : count - 1)
      let candidate = menu.candidates[next]
      editor.replace(menu.range, with: candidate)
      menu.range = menu.range.lowerBound..<(menu.range.lowerBound + candidate.count)
      menu.selected = next
      menu.detail = describe(candidate, before: menu.range.lowerBound)
      completionMenu = menu
      return true
    case .enter:
      completionMenu = nil
      return menu.selected != nil
    case .escape:
      completionMenu = nil
      return true
    default:
      completionMenu = nil
      return false
    }
  }

  /// What a completion candidate names, in one line: a signature, or a kind and shape.
  private func describe(_ candidate: String, before offset: Int) -> String? {
    let characters = Array(editor.text.prefix(offset))
    var start = characters.count
    while start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber || "_.".contains(characters[start - 1]) {
      start -= 1
    }
    let path = String(characters[start...]).split(separator: ".").map(String.init) + [candidate.hasSuffix("=") ? "" : candidate]
    guard !candidate.hasSuffix("="), let value = Introspection.value(ofPath: path, in: session.state) else { return nil }
    return Introspection.oneLine(value)
  }

  private func handleSearch(_ key: Key, _ query: String, _ match: Int?) -> Bool {
    var query = query, match = match
    switch key {
    case .character(let character):
      query.append(character)
      match = history.search(query, before: history.entries.count)
    case .backspace:
      if !query.isEmpty { query.removeLast() }
      match = history.search(query, before: history.entries.count)
    case .control("r"):
      match = history.search(query, before: match ?? history.entries.count) ?? match
    case .enter, .right, .left, .control("e"), .control("a"):
      if let match { editor.set(history.entries[match]) }
      mode = .editing
      return true
    case .escape, .control("g"), .control("c"):
      mode = .editing
      return true
    default:
      return false
    }
    mode = .searching(query: query, match: match)
    return true
  }

  private func complete() {
    guard !isBusy else { return }
    guard let completion = Completion.complete(editor.text, cursor: editor.cursor, state: session.state) else {
      message = nil
      return
    }
    message = nil
    if completion.candidates.count == 1 {
      editor.replace(completion.range, with: completion.candidates[0])
    } else {
      let prefix = completion.commonPrefix
      var range = completion.range
      if prefix.count > completion.range.count {
        editor.replace(completion.range, with: prefix)
        range = range.lowerBound..<(range.lowerBound + prefix.count)
      }
      completionMenu = CompletionMenu(candidates: completion.candidates, selected: nil, range: range, detail: nil)
    }
  }

  /// The signature of the call being typed, for the hint line (nil while a job runs).
  public var signatureHint: SignatureHint? {
    isBusy ? nil : SignatureHint.find(editor.text, cursor: editor.cursor, state: session.state)
  }

  private func toggleHelp() {
    if showHelp {
      showHelp = false
      return
    }
    guard !isBusy else { return }
    overlayScroll = 0
    let characters = Array(editor.text)
    var start = min(editor.cursor, characters.count), end = start
    let isPart: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    while start > 0 && isPart(characters[start - 1]) { start -= 1 }
    while end < characters.count && isPart(characters[end]) { end += 1 }
    let word = String(characters[start..<end]).split(separator: ".").map(String.init)
    let state = session.state
    if let value = Introspection.value(ofPath: word, in: state) {
      helpText = Introspection.help(for: value, in: state)
    } else if let hint = signatureHint,
      let value = Introspection.value(ofPath: hint.signature.name.split(separator: ".").map(String.init), in: state)
    {
      helpText = Introspection.help(for: value, in: state)
    } else {
      helpText = "Put the cursor on a name (a layer, a function, a variable) and press F1.\n\n" + Command.helpText
    }
    showHelp = true
  }

  /// The number the transcript shows for cell `index`: statements submitted together (a
  /// pasted block) share one.
  public func number(ofCell index: Int) -> Int {
    guard cells.indices.contains(index) else { return Set(cells.map(\.group)).count + 1 }
    var number = 0, previous: Int?
    for cell in cells[...index] where cell.group != previous {
      number += 1
      previous = cell.group
    }
    return number
  }

  /// Alt-↑/↓: the cell above or below the selected one goes into the editor.
  public func selectCell(by step: Int) {
    selectCell(at: (selectedCell ?? cells.count) + step)
  }

  /// A click on cell `index`: it goes into the editor (past the last: back to a new cell).
  public func selectCell(at index: Int) {
    guard !isBusy, !cells.isEmpty, index >= 0 else { return }
    if index >= cells.count {
      selectedCell = nil
      editor.set("")
      return
    }
    selectedCell = index
    editor.set(cells[index].source)
    message = "editing cell [\(number(ofCell: index))]: Enter re-runs it and every later cell · Esc cancels"
  }

  private func submit() {
    let text = editor.text
    if text.hasPrefix(":") {
      editor.set("")
      runCommand(text)
      return
    }
    if Parser.isQuitCall(text) {
      // exit() and quit() are :quit, as in Python's REPL, not statements of the session.
      editor.set("")
      requestQuit(force: false)
      return
    }
    if Parser.completeness(text) == .incomplete {
      insert("\n")
      return
    }
    guard !text.allSatisfy(\.isWhitespace) else { return }
    if isReplaying {
      message = "a file is replaying: wait, or Ctrl-C to stop it"
      return
    }
    guard !isBusy else {
      message = "a statement is running: wait, or Ctrl-C to interrupt it"
      return
    }
    history.add(text)
    historyCursor = nil
    editor.set("")
    message = nil
    quitArmed = false
    if let cell = selectedCell {
      selectedCell = nil
      start("re-running from cell [\(cell + 1)]") { transcript in
        transcript.rerun(from: cell, replacingWith: text)
        return Array(transcript.cells.suffix(1))
      }
    } else {
      runningSource = text
      start("running") { $0.run(text) }
    }
  }

  private func runCommand(_ line: String) {
    history.add(line)
    let command = Command(parsing: line)
    if case .quit(let force) = command {
      requestQuit(force: force)
      return
    }
    guard !isBusy else {
      message = "a statement is running: Ctrl-C interrupts it"
      return
    }
    quitArmed = false
    switch command {
    case .load(let file):
      startReplay(file) { () throws(SystemError) in try session.load(file) }
    case .undo:
      if let dropped = session.undo() {
        transcript.removeCode(dropped.id)
        message = "undid: \(dropped.source)"
      } else {
        message = "nothing to undo"
      }
      variables = VariableRow.snapshot(session.state)
      tensorBytes = session.state.tensorBytes
    case .reset:
      message = session.perform(.reset).text
      transcript.clear()
      selectedCell = nil
      variables = []
      tensorBytes = 0
    case .vars, .history, .help:
      helpText = session.perform(command).text
      showHelp = true
      overlayScroll = 0
    default:
      let outcome = session.perform(command)
      message = outcome.text.split(separator: "\n").first.map(String.init)
      if let confirm = outcome.confirm, case .save(let target?, _) = confirm {
        let name = target.split(separator: "/").last.map(String.init) ?? target
        let why = message?.contains("changed on disk") == true ? "changed on disk since it was read" : "would lose statements or bytes"
        let question = "\(name) \(why) — save over it? (y/n)"
        mode = .confirming(confirm, question: question)
        message = outcome.text
      }
    }
    refreshStatus()
  }

  private func requestQuit(force: Bool) {
    if isBusy {
      message = "a statement is running: Ctrl-C interrupts it"
      return
    }
    if let unsaved = session.unsavedSummary, !force && !quitArmed {
      quitArmed = true
      message = "\(unsaved): :save\(session.path == nil ? " PATH" : "") keeps them · Ctrl-D or :quit again leaves"
      return
    }
    isRunning = false
  }
}
