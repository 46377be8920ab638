import Tensors
import Notebook

#if canImport(Glibc)
  import Glibc
#endif

/// The terminal's settings before the line reader changed them, for the signal handlers that
/// put them back (set once, before any handler is installed).
nonisolated(unsafe) private var originalSettings = termios()
nonisolated(unsafe) private var settingsSaved = false

/// Line editing for the plain REPL on a terminal, without curses: the project's `LineEditor`
/// over a raw-mode terminal, redrawn with ANSI sequences. ←/→, Home/End and the readline keys
/// edit; ↑/↓ walk the history (kept across runs, shared with the notebook); Ctrl-R searches it;
/// Tab completes; a bracketed paste arrives whole. Ctrl-C gives `.interrupt` and Ctrl-D on an
/// empty line `.end`.
///
/// Between lines (while a statement runs) the terminal stays unbuffered and silent but with
/// signals on: Ctrl-C is SIGINT then, and keys typed ahead wait, unechoed, for the next prompt,
/// instead of the kernel's line editing reading Ctrl-D or Ctrl-R itself. `restoreTerminal()`
/// (and a fatal signal) puts the terminal back as it was.
public final class LineReader {
  private var history: History
  private let complete: (String, Int) -> Completion?
  private var editor = LineEditor()
  private var cursor: HistoryCursor?
  /// Rows of the last drawing above the cursor's row, to go back to its top.
  private var rowsAboveCursor = 0
  private var lastTab = false

  /// `complete(text, cursor)` offers completions for the text being typed.
  public init(historyPath: String?, complete: @escaping (String, Int) -> Completion?) {
    history = History(path: historyPath)
    self.complete = complete
  }

  /// Whether standard input and output are a terminal this can drive.
  public static var isAvailable: Bool {
    guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { return false }
    let term = getenv("TERM").map { String(cString: $0) } ?? ""
    return !term.isEmpty && term != "dumb"
  }

  /// A whole statement was read: it joins the history.
  public func remember(_ statement: String) { history.add(statement) }

  /// Puts the terminal back as it was before the first line was read.
  public func restoreTerminal() {
    if settingsSaved { tcsetattr(STDIN_FILENO, TCSANOW, &originalSettings) }
  }

  /// The original settings without line editing and echo; `signals`: Ctrl-C is SIGINT.
  private static func unbuffered(signals: Bool) -> termios {
    var raw = originalSettings
    raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | BRKINT | ISTRIP)
    raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | (signals ? 0 : ISIG))
    withUnsafeMutableBytes(of: &raw.c_cc) { cc in
      cc[Int(VMIN)] = 1
      cc[Int(VTIME)] = 0
    }
    return raw
  }

  /// Saves the terminal's settings once, and restores them on any fatal signal.
  private static func saveSettings() -> Bool {
    if settingsSaved { return true }
    guard tcgetattr(STDIN_FILENO, &originalSettings) == 0 else { return false }
    settingsSaved = true
    for signal in [SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGTRAP, SIGFPE] {
      Glibc.signal(signal) { number in
        tcsetattr(STDIN_FILENO, TCSANOW, &originalSettings)
        Glibc.signal(number, SIG_DFL)
        raise(number)
      }
    }
    return true
  }

  public func read(prompt: String) -> ReadInput {
    guard Self.saveSettings() else { return plainRead(prompt) }
    var raw = Self.unbuffered(signals: false), running = Self.unbuffered(signals: true)
    tcsetattr(STDIN_FILENO, TCSANOW, &raw)  // not TCSAFLUSH: keys typed ahead are kept
    output("\u{1B}[?2004h")  // bracketed paste on
    defer {
      output("\u{1B}[?2004l")
      tcsetattr(STDIN_FILENO, TCSANOW, &running)
    }
    editor = LineEditor()
    cursor = nil
    rowsAboveCursor = 0
    // Ctrl-C pressed after a statement ended but before the terminal was raw again was SIGINT,
    // and the kernel dropped what was typed with it: it counts as Ctrl-C at this prompt.
    if Interruption.isRequested {
      Interruption.clear()
      output("^C\r\n")
      return .interrupt
    }
    draw(prompt)
    let decoder = KeyDecoder(next: readByte)
    var search: Search?
    while let key = decoder.key() {
      if let current = search {
        switch searchStep(key, current) {
        case .searching(let next):
          search = next
          drawSearch(next)
          continue
        case .cancel:
          search = nil
          draw(prompt)
          continue
        case .accept(let passOn):
          search = nil
          if !passOn {
            draw(prompt)
            continue
          }
        }
      }
      if key != .tab { lastTab = false }
      switch key {
      case .enter:
        editor.apply(.lineEnd)
        while editor.position.line < editor.text.split(separator: "\n", omittingEmptySubsequences: false).count - 1 {
          editor.apply(.down)
          editor.apply(.lineEnd)
        }
        draw(prompt)
        output("\r\n")
        return .line(editor.text)
      case .control("c"):
        output("^C\r\n")
        return .interrupt
      case .control("d"):
        if editor.isEmpty {
          output("\r\n")
          return .end
        }
        editor.apply(.deleteForward)
      case .control("r"):
        search = Search(query: "", match: nil)
        drawSearch(search!)
        continue
      case .control("l"):
        output("\u{1B}[H\u{1B}[2J")
        rowsAboveCursor = 0
      case .tab: completeWord()
      case .up, .down: walk(up: key == .up)
      default: edit(key)
      }
      draw(prompt)
    }
    output("\r\n")
    return .end
  }

  /// Without a terminal's settings (not a terminal after all): the prompt and a plain line.
  private func plainRead(_ prompt: String) -> ReadInput {
    output(prompt)
    guard let line = readLine(strippingNewline: true) else { return .end }
    return .line(line)
  }

  private func readByte(_ waiting: Bool) -> UInt8? {
    if !waiting {
      // The rest of an escape sequence comes at once; a lone Escape does not wait for it.
      var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
      guard poll(&descriptor, 1, 50) > 0 else { return nil }
    }
    var byte: UInt8 = 0
    while true {
      let count = Glibc.read(STDIN_FILENO, &byte, 1)
      if count == 1 { return byte }
      if count < 0 && errno == EINTR { continue }
      return nil
    }
  }

  private func edit(_ key: Key) {
    guard let action = LineEditor.Action(key: key) else { return }
    editor.apply(action)
    cursor = nil
  }

  /// ↑/↓: within a statement of several lines, else through the history.
  private func walk(up: Bool) {
    let lines = editor.text.split(separator: "\n", omittingEmptySubsequences: false).count
    let line = editor.position.line
    if (up && line > 0) || (!up && line < lines - 1) {
      editor.apply(up ? .up : .down)
      return
    }
    if cursor == nil { cursor = HistoryCursor(history: history, draft: editor.text) }
    if let entry = up ? cursor!.older(in: history) : cursor!.newer(in: history) { editor.set(entry) }
  }

  private func completeWord() {
    guard let completion = complete(editor.text, editor.cursor) else { return }
    if completion.candidates.count == 1 {
      editor.replace(completion.range, with: completion.candidates[0])
      return
    }
    let prefix = completion.commonPrefix
    if prefix.count > completion.range.count {
      editor.replace(completion.range, with: prefix)
      return
    }
    if lastTab {
      // A second Tab lists them below, as readline does, and the line is drawn again.
      output("\r\n" + completion.candidates.prefix(60).joined(separator: "  ") + "\r\n")
      rowsAboveCursor = 0
    }
    lastTab = true
  }

  /// Ctrl-R: the query typed so far and the newest history entry holding it.
  private struct Search {
    var query: String
    var match: Int?
  }

  private enum SearchStep {
    case searching(Search)
    case cancel
    /// The match goes into the editor; `passOn`: the key then does what it does.
    case accept(passOn: Bool)
  }

  private func searchStep(_ key: Key, _ search: Search) -> SearchStep {
    var search = search
    switch key {
    case .character(let character):
      search.query.append(character)
      search.match = history.search(search.query, before: history.entries.count)
    case .backspace:
      if !search.query.isEmpty { search.query.removeLast() }
      search.match = history.search(search.query, before: history.entries.count)
    case .control("r"):
      search.match = history.search(search.query, before: search.match ?? history.entries.count) ?? search.match
    case .control("g"), .escape, .control("c"):
      return .cancel
    default:
      if let match = search.match { editor.set(history.entries[match]) }
      return .accept(passOn: key != .enter)
    }
    return .searching(search)
  }

  // MARK: - Drawing

  private var columns: Int {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }

  /// Draws the prompt and the statement (continuation lines after `... `), and puts the
  /// cursor where the editor's is.
  private func draw(_ prompt: String) {
    let lines = editor.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let prompts = lines.indices.map { $0 == 0 ? prompt : "... " }
    render(zip(prompts, lines).map { $0 + $1 }, cursorLine: editor.position.line,
      cursorWidth: displayWidth(prompts[editor.position.line]) + displayWidth(editor.beforeCursorOnLine))
  }

  private func drawSearch(_ search: Search) {
    let found = search.match.map { history.entries[$0].split(separator: "\n").joined(separator: " ⏎ ") } ?? ""
    let text = "(reverse-i-search)'\(search.query)': \(found)"
    render([text], cursorLine: 0, cursorWidth: displayWidth("(reverse-i-search)'\(search.query)"))
  }

  /// Replaces what was drawn last with `rows` (each wrapped at the terminal's width).
  private func render(_ rows: [String], cursorLine: Int, cursorWidth: Int) {
    let width = columns
    // Each line takes its wrapped rows; a line that fills its last row exactly is followed by
    // a row for the cursor, so every line ends on a fresh row.
    let heights = rows.map { displayWidth($0) / width + 1 }
    var text = "\r" + (rowsAboveCursor > 0 ? "\u{1B}[\(rowsAboveCursor)A" : "") + "\u{1B}[J"
    for (index, row) in rows.enumerated() {
      text += row
      if displayWidth(row) % width == 0 && displayWidth(row) > 0 { text += " \r" }
      if index < rows.count - 1 { text += "\r\n" }
    }
    let endRow = heights.reduce(0, +) - 1
    let cursorRow = heights.prefix(cursorLine).reduce(0, +) + cursorWidth / width
    let up = endRow - cursorRow
    text += "\r" + (up > 0 ? "\u{1B}[\(up)A" : "") + (cursorWidth % width > 0 ? "\u{1B}[\(cursorWidth % width)C" : "")
    output(text)
    rowsAboveCursor = cursorRow
  }

  private func output(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }
}

extension LineEditor {
  /// The text of the cursor's line before the cursor.
  fileprivate var beforeCursorOnLine: String {
    String(beforeCursor.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
  }
}
