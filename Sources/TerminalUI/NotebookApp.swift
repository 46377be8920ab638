import Kernels
import Notebook
import Script

/// The full-screen notebook: transcript of numbered cells, an editor at the bottom, a live
/// signature line, a status line, and the variables (F2) and help (F1) panes.
public final class NotebookApp {
  private let notebook: NotebookDocument
  private var history: History
  private var terminal: Terminal!
  private var editor = LineEditor()
  private var historyCursor: HistoryCursor?
  private var search: (query: String, match: Int?)?
  private var scrollBack = 0
  private var showVariables = true
  private var showHelp = false
  private var helpText = ""
  private var message: String?
  private var job: BackgroundJob?
  private var jobLabel = ""
  private var selectedCell: Int?
  private var quitArmed = false
  /// A `:save` waiting for y/n because its file changed on disk.
  private var confirmOverwrite: String?
  private var savedCellCount = 0
  private var lastSeconds: Double?
  private var variables: [VariableRow] = []
  private var tensorBytes = 0
  private var pendingReplay: [String] = []
  private var replayTotal = 0
  private var replaySource = ""
  private var replayProblem: String?
  private var running = true
  /// An `animate(…)` being stepped through: it has the whole screen until q.
  private var animation: AnimationPlayer?

  public static let minimumSize = (columns: 60, rows: 15)

  /// `file` is replayed first (with progress); `:save` without a path writes back to it.
  /// `notice` is shown on the hint line at start (e.g. an unsaved earlier session).
  /// A journal being restored from `file`: removed once its statements are replayed (and so
  /// journaled again by this session).
  private var consumedJournal: String?
  /// An unsaved earlier session (its journal) the user is being offered to restore.
  private var restoreOffer: String?

  /// `restore`: the journal of an unsaved earlier session, offered for restoring at start.
  public init(
    session: Session, historyPath: String?, file: String? = nil, notice: String? = nil, consumesJournal: Bool = false,
    restore: (path: String, statements: Int)? = nil
  ) {
    notebook = NotebookDocument(session: session)
    history = History(path: historyPath)
    message = notice
    consumedJournal = consumesJournal ? file : nil
    if let restore, file == nil {
      restoreOffer = restore.path
      let count = "\(restore.statements) statement\(restore.statements == 1 ? "" : "s")"
      message = "an earlier session was not saved (\(count)) — restore it? y restores · n leaves it for convlab --recover"
    }
    if let file {
      session.path = file
      startReplay(of: file)
    }
  }

  /// Runs until the user quits; the terminal is restored however it ends.
  public func run() -> Int32 {
    terminal = Terminal()
    defer { Terminal.restore() }
    while running {
      pollJob()
      startReplayStep()
      _ = animation?.tick()
      draw()
      if let key = terminal.readKey() { handle(key) }
    }
    return 0
  }

  // MARK: - Jobs

  private var busy: Bool { job != nil }

  private func start(_ label: String, _ work: @escaping (NotebookDocument) -> [NotebookDocument.Cell]) {
    Interruption.clear()
    jobLabel = label
    job = BackgroundJob(notebook, work: work)
  }

  private func pollJob() {
    guard let job, let result = job.finished else { return }
    self.job = nil
    variables = result.variables
    tensorBytes = result.tensorBytes
    lastSeconds = job.elapsed
    scrollBack = 0
    switch result.cells.last?.panel {
    case .help(let text):
      // help(x) also opens the help pane (F1 closes it).
      helpText = text
      showHelp = true
    case .animation(let frames) where replayTotal == 0 && !frames.isEmpty:
      animation = AnimationPlayer(frames: frames)
    default: break
    }
    if let last = result.cells.last, last.error?.hasSuffix("error: interrupted") == true {
      message = "interrupted: the session is as it was before that statement"
    }
    if replayTotal > 0, let last = result.cells.last, last.error != nil {
      // Stop at the first failing statement of a file, and say how far it got.
      let done = replayTotal - pendingReplay.count - 1
      message = "stopped replaying \(replaySource) at statement \(done + 1) of \(replayTotal): the session has the \(done) before it"
      pendingReplay = []
      replayTotal = 0
      replayProblem = nil
    }
  }

  /// Queues a script file's statements for replay; a problem in the file (bad UTF-8, a syntax
  /// error) stops the replay where it is, and is shown once the statements before it have run.
  private func startReplay(of file: String) {
    do {
      let loaded = try ScriptFile.load(path: file)
      notebook.session.noteRead(file)
      pendingReplay = loaded.script.entries.map(\.source)
      replayTotal = pendingReplay.count
      replaySource = file
      replayProblem = loaded.problem
      if replayTotal == 0, let problem = loaded.problem { message = firstLine(problem) }
    } catch {
      message = "cannot open \(file): \(error.reason)"
    }
  }

  private func firstLine(_ text: String) -> String {
    String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
  }

  private func startReplayStep() {
    guard !busy, !pendingReplay.isEmpty else {
      if replayTotal > 0 && pendingReplay.isEmpty && !busy {
        message = "replayed \(replayTotal) statements from \(replaySource)"
        if let problem = replayProblem {
          message = firstLine(problem) + " — replayed the \(replayTotal) statements before it"
          replayProblem = nil
        }
        savedCellCount = notebook.session.cells.count
        replayTotal = 0
        if let consumedJournal {
          unlink(consumedJournal)
          notebook.session.path = nil  // a restored session is saved somewhere new
          savedCellCount = 0
        }
      }
      return
    }
    let source = pendingReplay.removeFirst()
    start("replaying \(replayTotal - pendingReplay.count)/\(replayTotal)") { $0.run(source, recordHistory: false) }
  }

  // MARK: - Keys

  private func handle(_ key: Terminal.Key) {
    if animation != nil {
      if animation!.handle(key) == .leave { animation = nil }
      return
    }
    if key != .control("d") { quitArmed = false }
    if search != nil, handleSearch(key) { return }
    if let journal = restoreOffer {
      restoreOffer = nil
      if key == .character("y") || key == .character("Y") {
        consumedJournal = journal
        notebook.session.path = journal
        startReplay(of: journal)
        return
      }
      message = "left the earlier session unsaved: convlab --recover lists it"
      if key == .character("n") || key == .character("N") { return }
    }
    if let target = confirmOverwrite {
      // The answer to "FILE changed on disk — overwrite it?": y saves over it, anything else keeps it.
      confirmOverwrite = nil
      if key == .character("y") || key == .character("Y") {
        let outcome = notebook.session.command(":save! \(target)")
        message = outcome.text
        if !outcome.failed { savedCellCount = notebook.session.cells.count }
      } else {
        message = "not saved: \(target) keeps the changes made on disk"
      }
      return
    }
    switch key {
    case .character(let character):
      insert(String(character))
    case .control("c"):
      if busy {
        Interruption.request()
        message = "interrupting…"
      } else {
        editor.set("")
        selectedCell = nil
        message = nil
      }
    case .control("d"):
      if !editor.isEmpty {
        editor.apply(.deleteForward)
      } else if busy {
        message = "a statement is running: Ctrl-C interrupts it"
      } else {
        requestQuit()
      }
    case .control("a"), .named("home"): editor.apply(.lineStart)
    case .control("e"), .named("end"): editor.apply(.lineEnd)
    case .control("b"), .named("left"): editor.apply(.left)
    case .control("f"), .named("right"): editor.apply(.right)
    case .control("k"): editor.apply(.killToLineEnd)
    case .control("u"): editor.apply(.killToLineStart)
    case .control("w"): editor.apply(.killWordBackward)
    case .control("y"): editor.apply(.yank)
    case .alt("b"): editor.apply(.wordLeft)
    case .alt("f"): editor.apply(.wordRight)
    case .alt("d"): editor.apply(.killWordForward)
    case .alt("<"), .named("ctrl-home"): scrollBack = Int.max / 2
    case .alt(">"), .named("ctrl-end"): scrollBack = 0
    case .control("l"):
      terminal.hardRedraw()
      scrollBack = 0
    case .control("r"):
      search = ("", nil)
    case .named("backspace"): editor.apply(.deleteBackward)
    case .named("delete"): editor.apply(.deleteForward)
    case .named("up"): moveVertically(up: true)
    case .named("down"): moveVertically(up: false)
    case .named("pageup"), .named("wheel-up"): scrollBack += key == .named("pageup") ? pageHeight : 3
    case .named("pagedown"), .named("wheel-down"): scrollBack = max(0, scrollBack - (key == .named("pagedown") ? pageHeight : 3))
    case .named("tab"): complete()
    case .named("enter"): submit()
    case .named("alt-enter"): insert("\n")
    case .named("f1"): toggleHelp()
    case .named("f2"): showVariables.toggle()
    case .named("alt-up"): selectCell(by: -1)
    case .named("alt-down"): selectCell(by: 1)
    case .named("escape"):
      selectedCell = nil
      showHelp = false
      message = nil
    case .click(let row, _): clickTranscript(row)
    default: break
    }
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

  private func handleSearch(_ key: Terminal.Key) -> Bool {
    guard var current = search else { return false }
    switch key {
    case .character(let character):
      current.query.append(character)
      current.match = history.search(current.query, before: history.entries.count)
    case .named("backspace"):
      if !current.query.isEmpty { current.query.removeLast() }
      current.match = history.search(current.query, before: history.entries.count)
    case .control("r"):
      current.match = history.search(current.query, before: current.match ?? history.entries.count) ?? current.match
    case .named("enter"), .named("right"), .named("left"), .control("e"), .control("a"):
      if let match = current.match { editor.set(history.entries[match]) }
      search = nil
      return true
    case .named("escape"), .control("g"), .control("c"):
      search = nil
      return true
    default:
      return false
    }
    search = current
    return true
  }

  private func complete() {
    guard !busy else { return }
    guard let completion = Completion.complete(editor.text, cursor: editor.cursor, state: notebook.session.state) else {
      message = nil
      return
    }
    if completion.candidates.count == 1 {
      editor.replace(completion.range, with: completion.candidates[0])
      message = nil
    } else {
      let prefix = completion.commonPrefix
      if prefix.count > completion.range.count { editor.replace(completion.range, with: prefix) }
      message = completion.candidates.prefix(12).joined(separator: "  ") + (completion.candidates.count > 12 ? "  …" : "")
    }
  }

  private func toggleHelp() {
    if showHelp {
      showHelp = false
      return
    }
    guard !busy else { return }
    let characters = Array(editor.text)
    var start = min(editor.cursor, characters.count), end = start
    let isPart: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    while start > 0 && isPart(characters[start - 1]) { start -= 1 }
    while end < characters.count && isPart(characters[end]) { end += 1 }
    let word = String(characters[start..<end]).split(separator: ".").map(String.init)
    let state = notebook.session.state
    if let value = Introspection.value(ofPath: word, in: state) {
      helpText = Introspection.help(for: value, in: state)
    } else if let hint = SignatureHint.find(editor.text, cursor: editor.cursor, state: state),
      let value = Introspection.value(ofPath: hint.signature.name.split(separator: ".").map(String.init), in: state)
    {
      helpText = Introspection.help(for: value, in: state)
    } else {
      helpText = "Put the cursor on a name (a layer, a function, a variable) and press F1.\n\n" + Session.commandHelp
    }
    showHelp = true
  }

  private func selectCell(by step: Int) {
    guard !busy, !notebook.cells.isEmpty else { return }
    let next = (selectedCell ?? notebook.cells.count) + step
    guard next >= 0 else { return }
    if next >= notebook.cells.count {
      selectedCell = nil
      editor.set("")
      return
    }
    selectedCell = next
    editor.set(notebook.cells[next].source)
    message = "editing cell [\(next + 1)]: Enter re-runs it and every later cell · Esc cancels"
  }

  private func clickTranscript(_ row: Int) {
    guard let cell = transcriptLayout.cellAtRow[row] else { return }
    selectCell(by: cell - (selectedCell ?? notebook.cells.count))
  }

  private func submit() {
    let text = editor.text
    if text.hasPrefix(":") {
      editor.set("")
      runCommand(text)
      return
    }
    if Parser.needsMoreInput(text) {
      insert("\n")
      return
    }
    guard !text.allSatisfy(\.isWhitespace) else { return }
    guard !busy else {
      message = "a statement is running: wait, or Ctrl-C to interrupt it"
      return
    }
    history.add(text)
    historyCursor = nil
    editor.set("")
    message = nil
    scrollBack = 0
    if let cell = selectedCell {
      selectedCell = nil
      start("re-running from cell [\(cell + 1)]") { notebook in
        notebook.rerun(from: cell, replacingWith: text)
        return Array(notebook.cells.suffix(1))
      }
    } else {
      start("running") { $0.run(text) }
    }
  }

  private func runCommand(_ line: String) {
    guard !busy else {
      message = "a statement is running: Ctrl-C interrupts it"
      return
    }
    history.add(line)
    let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
    switch parts.first {
    case "quit", "q", "exit":
      requestQuit()
    case "load":
      guard parts.count > 1 else {
        message = "usage: :load PATH"
        return
      }
      startReplay(of: parts[1])
    case "undo", "reset":
      message = "\(parts[0]) is not available in the notebook: edit a cell with Alt-↑ instead"
    default:
      let outcome = notebook.session.command(line)
      message = outcome.text.split(separator: "\n").first.map(String.init)
      if let target = outcome.overwriteRefused {
        confirmOverwrite = target
        let name = target.split(separator: "/").last.map(String.init) ?? target
        message = "\(name) changed on disk since it was read — overwrite it? (y/n)"
      }
      if parts.first == "save" && !outcome.failed { savedCellCount = notebook.session.cells.count }
      if parts.first == "vars" || parts.first == "history" || parts.first == "help" {
        helpText = outcome.text
        showHelp = true
      }
    }
  }

  private var hasUnsavedStatements: Bool { notebook.session.cells.count > savedCellCount }

  private func requestQuit() {
    if hasUnsavedStatements && !quitArmed {
      quitArmed = true
      message = "\(notebook.session.cells.count - savedCellCount) unsaved statement(s): Ctrl-D again to quit, or :save PATH"
      return
    }
    running = false
  }

  // MARK: - Drawing

  private var pageHeight: Int { max(1, terminal.size.rows - 6) }

  private struct TranscriptLayout {
    var cellAtRow: [Int: Int] = [:]
  }

  private var transcriptLayout = TranscriptLayout()

  private struct Line {
    var text: String
    var color: Terminal.Color?
    var bold = false
    var cell: Int
    var source = false
  }

  private func transcriptLines(width: Int) -> [Line] {
    var lines: [Line] = []
    for (index, cell) in notebook.cells.enumerated() {
      let number = "[\(index + 1)] "
      for (offset, sourceLine) in cell.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let prefix = offset == 0 ? number : String(repeating: " ", count: number.count)
        for piece in wrapToWidth(prefix + sourceLine, width) {
          lines.append(Line(text: piece, color: nil, bold: true, cell: index, source: true))
        }
      }
      for output in cell.lines {
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
          // A diagram's grid rows are clipped, not wrapped: a wrapped row breaks the picture
          // (F2 hides the variables pane to see all of a wide one).
          if DiagramColoring.isGridLine(line) {
            lines.append(Line(text: splitToWidth(line, width).0, cell: index))
            continue
          }
          for piece in wrapToWidth(line, width) { lines.append(Line(text: piece, cell: index)) }
        }
      }
      if let error = cell.error {
        // The error's own line and caret are the statement again; show the caret line and message.
        let parts = error.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for part in parts.dropFirst() {
          let shifted = part.hasPrefix("error:") ? part : String(repeating: " ", count: number.count) + part
          let pieces = part.hasPrefix("error:") ? wordWrap(shifted, width) : wrapToWidth(shifted, width)
          for piece in pieces { lines.append(Line(text: piece, color: .error, cell: index)) }
        }
      }
    }
    return lines
  }

  private func draw() {
    let (rows, columns) = terminal.size
    terminal.clear()
    guard rows >= Self.minimumSize.rows && columns >= Self.minimumSize.columns else {
      terminal.put(0, 0, "terminal too small (\(columns)×\(rows))", width: columns, color: .error, bold: true)
      terminal.put(1, 0, "convlab needs at least \(Self.minimumSize.columns)×\(Self.minimumSize.rows)", width: columns)
      terminal.refresh()
      return
    }
    if let animation {
      drawAnimation(animation, rows: rows, columns: columns)
      return
    }
    let editorLines = editor.text.split(separator: "\n", omittingEmptySubsequences: false)
    let editorHeight = min(editorLines.count, max(1, rows / 3))
    let statusRow = rows - 1
    let editorTop = statusRow - editorHeight
    let hintRow = editorTop - 1
    let paneWidth = (showVariables || showHelp) && columns >= 90 ? min(44, columns / 3) : 0
    let transcriptWidth = columns - (paneWidth > 0 ? paneWidth + 1 : 0)
    let transcriptHeight = hintRow

    // Transcript: newest at the bottom unless scrolled back.
    let lines = transcriptLines(width: transcriptWidth)
    let maxScroll = max(0, lines.count - transcriptHeight)
    scrollBack = min(scrollBack, maxScroll)
    let first = max(0, lines.count - transcriptHeight - scrollBack)
    transcriptLayout = TranscriptLayout()
    for (row, line) in lines[first..<min(lines.count, first + transcriptHeight)].enumerated() {
      transcriptLayout.cellAtRow[row] = line.cell
      let selected = selectedCell == line.cell && line.source
      if line.source && !selected {
        drawColored(row, 0, line.text, width: transcriptWidth, numbered: true)
      } else if line.text.hasPrefix("│"), line.text.contains(where: { "░▒▓█".contains($0) }) {
        drawHeatmapRow(row, line.text, width: transcriptWidth)
      } else if !selected, DiagramColoring.isGridRow(line.text) {
        drawDiagramRow(row, line.text, width: transcriptWidth)
      } else {
        terminal.put(row, 0, line.text, width: transcriptWidth, color: selected ? .selection : line.color, bold: line.bold)
      }
    }
    if notebook.cells.isEmpty && replayTotal == 0 {
      terminal.put(0, 0, "convlab — type a statement, e.g.  x = rand(4, 10, 8, 12, 128)", width: transcriptWidth, color: .dim)
      terminal.put(1, 0, "Tab completes · F1 help · F2 variables · Ctrl-D quits · :help for commands", width: transcriptWidth, color: .dim)
    }

    if paneWidth > 0 { drawPane(top: 0, height: transcriptHeight, left: transcriptWidth + 1, width: paneWidth) }

    // Hint line: search, message, or the signature of the call being typed.
    if let search {
      let match = search.match.map { history.entries[$0].replacingNewlines() } ?? ""
      terminal.put(hintRow, 0, "(history search) '\(search.query)': \(match)", width: columns, color: .accent)
    } else if let message {
      terminal.put(hintRow, 0, message, width: columns, color: .dim)
    } else if !busy, let hint = SignatureHint.find(editor.text, cursor: editor.cursor, state: notebook.session.state) {
      let (text, highlight) = hint.line
      if let highlight {
        let characters = Array(text)
        let before = String(characters[..<highlight.lowerBound]), middle = String(characters[highlight]),
          after = String(characters[highlight.upperBound...])
        terminal.put(hintRow, 0, before, width: columns, color: .dim)
        let x = displayWidth(before)
        terminal.put(hintRow, x, middle, width: columns - x, bold: true, reverse: true)
        terminal.put(hintRow, x + displayWidth(middle), after, width: max(0, columns - x - displayWidth(middle)), color: .dim)
      } else {
        terminal.put(hintRow, 0, text, width: columns, color: .dim)
      }
    }

    // Editor.
    let firstPrompt = selectedCell.map { "[\($0 + 1)]> " } ?? ">>> "
    let promptWidth = max(4, displayWidth(firstPrompt))
    let (cursorLine, cursorColumn) = editor.position
    let firstEditorLine = max(0, min(cursorLine - editorHeight + 1, editorLines.count - editorHeight))
    for offset in 0..<editorHeight {
      let index = firstEditorLine + offset
      guard index < editorLines.count else { break }
      let prompt = index == 0 ? firstPrompt : "... "
      terminal.put(editorTop + offset, 0, prompt, width: columns, color: .prompt, bold: true)
      drawColored(editorTop + offset, promptWidth, String(editorLines[index]), width: columns - promptWidth, numbered: false)
    }

    // Bracket matching: highlight the partner of the bracket at the cursor.
    if let match = editor.matchingBracket {
      let before = Array(editor.text)[..<match]
      let line = before.filter { $0 == "\n" }.count
      let lineStart = before.lastIndex(of: "\n").map { $0 + 1 } ?? 0
      let column = displayWidth(String(before[lineStart...]))
      if line >= firstEditorLine && line < firstEditorLine + editorHeight {
        let start = (line == 0 ? promptWidth : 4) + column
        terminal.put(editorTop + line - firstEditorLine, start, String(Array(editor.text)[match]), width: 1, color: .accent, bold: true, reverse: true)
      }
    }

    drawStatus(statusRow, columns)

    let cursorText = String(editorLines[cursorLine].prefix(cursorColumn))
    terminal.moveCursor(editorTop + (cursorLine - firstEditorLine), min(columns - 1, promptWidth + displayWidth(cursorText)))
    terminal.refresh()
  }

  private func drawPane(top: Int, height: Int, left: Int, width: Int) {
    for row in top..<(top + height) { terminal.put(row, left - 1, "│", width: 1, color: .dim) }
    if showHelp {
      terminal.put(top, left, " help (F1 closes)", width: width, color: .accent, bold: true)
      var row = top + 1
      for line in helpText.split(separator: "\n", omittingEmptySubsequences: false) {
        for piece in wrapToWidth(String(line), width) {
          guard row < top + height else { return }
          terminal.put(row, left, piece, width: width)
          row += 1
        }
      }
      return
    }
    terminal.put(top, left, " variables (F2)", width: width, color: .accent, bold: true)
    var row = top + 1
    for variable in variables {
      guard row < top + height - 1 else { break }
      // Tensors show their shape; other values their kind. Sizes are right-aligned.
      let size = variable.bytes > 0 ? Introspection.byteDescription(variable.bytes) : ""
      let detail = variable.kind == "tensor" ? variable.shape : [variable.kind, variable.shape].filter { !$0.isEmpty }.joined(separator: " ")
      let name = " " + variable.name + " "
      terminal.put(row, left, name, width: width, color: .name)
      let sizeX = max(displayWidth(name), width - displayWidth(size))
      terminal.put(row, left + displayWidth(name), detail, width: max(0, sizeX - displayWidth(name) - 1))
      if !size.isEmpty { terminal.put(row, left + sizeX, size, width: width - sizeX, color: .dim) }
      row += 1
    }
    if variables.isEmpty { terminal.put(row, left, " (no names yet)", width: width, color: .dim) }
    terminal.put(top + height - 1, left, " total \(Introspection.byteDescription(tensorBytes))", width: width, color: .dim)
  }

  private func drawStatus(_ row: Int, _ columns: Int) {
    let name = notebook.session.path.map { String($0.split(separator: "/").last ?? "") } ?? "untitled"
    var status = " convlab · \(name)\(hasUnsavedStatements ? "*" : "")"
    if let job, job.elapsed > 0.3 {
      let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
      let frame = frames[Int(job.elapsed * 10) % frames.count]
      status += " · \(frame) \(jobLabel) \(formatSeconds(job.elapsed)) · Ctrl-C interrupts"
    } else if let lastSeconds {
      status += " · last \(formatSeconds(lastSeconds))"
    }
    status += " · \(Introspection.byteDescription(tensorBytes))"
    let keys = columns >= 110 ? "F1 help  F2 vars  Tab complete  Ctrl-R search  Ctrl-D quit " : "F1 help  F2 vars  Ctrl-D quit "
    let padding = max(1, columns - displayWidth(status) - displayWidth(keys))
    terminal.put(row, 0, status + String(repeating: " ", count: padding) + keys, width: columns, reverse: true)
  }

  /// One frame of an animation over the whole screen, the keys on the status line.
  private func drawAnimation(_ animation: AnimationPlayer, rows: Int, columns: Int) {
    let frame = animation.frames[animation.index].flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
      .flatMap { wrapToWidth(String($0), columns) }
    for (row, text) in frame.prefix(rows - 1).enumerated() {
      if DiagramColoring.isGridRow(text) {
        drawDiagramRow(row, text, width: columns)
      } else {
        terminal.put(row, 0, text, width: columns, bold: row == 0)
      }
    }
    terminal.put(rows - 1, 0, animation.statusLine, width: columns, reverse: true)
    terminal.moveCursor(rows - 1, columns - 1)
    terminal.refresh()
  }

  /// A diagram grid row: the cells the output reads highlighted, zeros dim, crops in red.
  private func drawDiagramRow(_ row: Int, _ text: String, width: Int) {
    var x = 0
    for (character, style) in zip(text, DiagramColoring.styles(text)) {
      guard x < width else { return }
      switch style {
      case .plain: terminal.put(row, x, String(character), width: width - x)
      case .line, .zero: terminal.put(row, x, String(character), width: width - x, color: .dim)
      case .cropped: terminal.put(row, x, String(character), width: width - x, color: .error, bold: true)
      case .target: terminal.put(row, x, String(character), width: width - x, color: .accent, bold: true)
      case .label: terminal.put(row, x, String(character), width: width - x, color: .accent, bold: true, reverse: true)
      }
      x += displayWidth(character)
    }
  }

  /// A heatmap row from `show()`: each shading level in its own colour.
  private func drawHeatmapRow(_ row: Int, _ text: String, width: Int) {
    var x = 0
    for character in text {
      guard x < width else { return }
      let color: Terminal.Color? =
        switch character {
        case "░": .heat1
        case "▒": .heat2
        case "▓": .heat3
        case "█": .heat4
        default: nil
        }
      terminal.put(row, x, String(character), width: width - x, color: color)
      x += displayWidth(character)
    }
  }

  /// Syntax colouring from the lexer's tokens.
  private func drawColored(_ row: Int, _ column: Int, _ text: String, width: Int, numbered: Bool) {
    var x = column
    var rest = Substring(text)
    if numbered, let space = rest.firstIndex(of: " "), rest.hasPrefix("[") {
      let number = String(rest[...space])
      terminal.put(row, x, number, width: width, color: .prompt)
      x += displayWidth(number)
      rest = rest[rest.index(after: space)...]
    }
    let line = String(rest)
    var lexer = Lexer(line)
    guard let tokens = try? lexer.tokenize() else {
      terminal.put(row, x, line, width: max(0, column + width - x))
      return
    }
    let bytes = Array(line.utf8)
    var offset = 0
    for token in tokens where token.kind != .end && token.kind != .newline {
      let gap = String(decoding: bytes[offset..<min(token.range.start, bytes.count)], as: UTF8.self)
      terminal.put(row, x, gap, width: max(0, column + width - x))
      x += displayWidth(gap)
      let piece = String(decoding: bytes[token.range.start..<min(token.range.end, bytes.count)], as: UTF8.self)
      var color: Terminal.Color?
      switch token.kind {
      case .string: color = .string
      case .int, .bigInt, .float: color = .number
      case .name(let name):
        if ["True", "False", "None", "import", "from", "as", "and", "or", "not", "true", "false", "nil"].contains(name) {
          color = .accent
        } else if LayerCatalog.canonicalName(name) != nil { color = .name }
      default: break
      }
      terminal.put(row, x, piece, width: max(0, column + width - x), color: color)
      x += displayWidth(piece)
      offset = token.range.end
    }
    if offset < bytes.count {
      let tail = String(decoding: bytes[offset...], as: UTF8.self)
      terminal.put(row, x, tail, width: max(0, column + width - x), color: .dim)
    }
  }

  private func formatSeconds(_ seconds: Double) -> String {
    seconds >= 1 ? "\((seconds * 10).rounded() / 10) s" : "\((seconds * 10_000).rounded() / 10) ms"
  }
}

import Layers

extension String {
  fileprivate func replacingNewlines() -> String { split(separator: "\n").joined(separator: " ⏎ ") }
}

#if canImport(Glibc)
  import Glibc
#endif
