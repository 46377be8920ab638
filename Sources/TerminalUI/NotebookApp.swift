import Tensors
import Notebook
import Script

/// The full-screen notebook: the view over a `NotebookController`. It reads keys into the
/// controller and draws what the controller holds — the transcript of numbered cells, the
/// editor at the bottom, the signature line, the status line, and the variables (F2) and help
/// (F1) panes. Scrolling the transcript is the view's own.
public final class NotebookApp {
  private let controller: NotebookController
  private var terminal: Terminal!
  private var scrollBack = 0
  /// Columns the transcript's wide pictures (diagram grids) are panned by: Shift-← and Shift-→.
  private var pan = 0

  public static let minimumSize = (columns: 60, rows: 15)

  public init(controller: NotebookController) { self.controller = controller }

  /// Runs until the user quits; the terminal is restored however it ends.
  public func run() -> Int32 {
    terminal = Terminal()
    defer { Terminal.restore() }
    while controller.isRunning {
      controller.poll()
      controller.tick()
      draw()
      if let key = terminal.readKey() { handle(key) }
    }
    return 0
  }

  /// Keys that move the view; the rest are the controller's.
  private func handle(_ key: Key) {
    // Too small to show what a key would do: only resizing, redrawing and quitting count.
    let (rows, columns) = terminal.size
    if rows < Self.minimumSize.rows || columns < Self.minimumSize.columns {
      if key == .control("l") { terminal.hardRedraw() }
      if key == .control("d") || key == .control("c") { controller.handle(key) }
      return
    }
    if case .animating = controller.mode {
      controller.handle(key)
      return
    }
    if controller.overlayIsOpen || controller.completionMenu != nil {
      controller.handle(key)
      return
    }
    switch key {
    case .shiftRight: pan += 8
    case .shiftLeft: pan = max(0, pan - 8)
    case .pageUp: scrollBack += pageHeight
    case .pageDown: scrollBack = max(0, scrollBack - pageHeight)
    case .wheelUp: scrollBack += 3
    case .wheelDown: scrollBack = max(0, scrollBack - 3)
    case .alt("<"), .ctrlHome: scrollBack = Int.max / 2
    case .alt(">"), .ctrlEnd: scrollBack = 0
    case .control("l"):
      terminal.hardRedraw()
      scrollBack = 0
    case .click(let row, _):
      if let cell = transcriptLayout.cellAtRow[row] { controller.selectCell(at: cell) }
    case .resize: break
    default:
      let before = controller.cells.count
      controller.handle(key)
      if key == .enter || controller.cells.count != before { scrollBack = 0 }
    }
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
    /// A teaching line's styles, one per character (its text as drawn, panned).
    var styles: [TextStyle]? = nil
  }

  /// The laid-out rows of the finished cells, kept until the cells, the width or the pan
  /// change: a frame is drawn every 40 ms, and re-wrapping a long session each time would not be.
  private var layoutCache: (cells: [Transcript.Cell], width: Int, pan: Int, lines: [Line])?

  private func transcriptLines(width: Int) -> [Line] {
    var lines: [Line]
    if let cache = layoutCache, cache.width == width, cache.pan == pan, cache.cells == controller.cells {
      lines = cache.lines
    } else {
      lines = cellLines(width: width)
      layoutCache = (controller.cells, width, pan, lines)
    }
    if let source = controller.runningSource {
      // The statement running now: its source at once, a spinner and the time so far.
      let number = "[\(controller.cells.count + 1)] "
      for (offset, sourceLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let prefix = offset == 0 ? number : String(repeating: " ", count: number.count)
        for piece in wrapToWidth(prefix + sourceLine, width) {
          lines.append(Line(text: piece, color: nil, bold: true, cell: controller.cells.count, source: true))
        }
      }
      let seconds = controller.running?.seconds ?? 0
      let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
      lines.append(Line(text: "\(frames[Int(seconds * 10) % frames.count]) running \(formatSeconds(seconds)) · Ctrl-C interrupts", color: .dim, cell: controller.cells.count))
    }
    return lines
  }

  /// A styled row shifted by the pan and cut to the width, marked … where it is cut.
  private func panned(_ text: String, _ styles: [TextStyle], width: Int, cell: Int) -> Line {
    var characters = Array(text), kept = styles
    let shift = min(pan, max(0, characters.count - width + 1))
    if shift > 0 {
      characters = ["…"] + characters.dropFirst(shift + 1)
      kept = [.plain] + kept.dropFirst(shift + 1)
    }
    if characters.count > width {
      characters = Array(characters.prefix(width - 1)) + ["…"]
      kept = Array(kept.prefix(width - 1)) + [.plain]
    }
    return Line(text: String(characters), cell: cell, styles: kept)
  }

  private func cellLines(width: Int) -> [Line] {
    var lines: [Line] = []
    for (index, cell) in controller.cells.enumerated() {
      let number = "[\(index + 1)] "
      // The rows each source line takes, for the error caret.
      var sourceRows: [Int: Range<Int>] = [:]
      for (offset, sourceLine) in cell.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let prefix = offset == 0 ? number : String(repeating: " ", count: number.count)
        let first = lines.count
        for piece in wrapToWidth(prefix + sourceLine, width) {
          lines.append(Line(text: piece, color: nil, bold: true, cell: index, source: true))
        }
        sourceRows[offset] = first..<lines.count
      }
      for output in cell.lines {
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
          // A picture's styled rows are panned, not wrapped: a wrapped row breaks the picture.
          if let styles = cell.styles[line] {
            lines.append(panned(line, styles, width: width, cell: index))
            continue
          }
          // Wrapped at words, so a sum breaks between its terms.
          for piece in wordWrap(line, width) {
            lines.append(Line(text: piece, cell: index))
          }
        }
      }
      if cell.pending {
        lines.append(Line(text: String(repeating: " ", count: number.count) + "(not run: the replay stopped above)", color: .dim, cell: index))
      }
      if let message = cell.errorMessage {
        // The caret goes under the row that shows the error's start, however the statement
        // was continued or wrapped; the message follows it.
        var caretAt = lines.count
        var caret = ""
        if let place = cell.errorPlacement, let rows = sourceRows[place.line] {
          let prefix = number.count
          let start = prefix + displayWidth(String(place.text.prefix(place.column)))
          let span = max(1, displayWidth(String(place.text.dropFirst(place.column).prefix(place.width))))
          let piece = min(start / width, rows.count - 1)
          let x = start - piece * width
          caretAt = rows.lowerBound + piece + 1
          caret = String(repeating: " ", count: x) + String(repeating: "^", count: max(1, min(span, width - x)))
        }
        var inserted: [Line] = caret.isEmpty ? [] : [Line(text: caret, color: .error, cell: index)]
        for piece in wordWrap("error: " + message, width) { inserted.append(Line(text: piece, color: .error, cell: index)) }
        lines.insert(contentsOf: inserted, at: min(caretAt, lines.count))
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
    if case .animating(let animation) = controller.mode {
      drawAnimation(animation, rows: rows, columns: columns)
      return
    }
    controller.isWide = columns >= 90
    let editor = controller.editor
    let editorLines = editor.text.split(separator: "\n", omittingEmptySubsequences: false)
    let editorHeight = min(editorLines.count, max(1, rows / 3))
    let statusRow = rows - 1
    let editorTop = statusRow - editorHeight
    // The hint rows: a message wraps (up to three rows) rather than running off the edge.
    let hint = hintLines(columns)
    let hintTop = editorTop - hint.count
    let paneWidth = (controller.showVariables || controller.showHelp) && controller.isWide ? min(44, columns / 3) : 0
    let transcriptWidth = columns - (paneWidth > 0 ? paneWidth + 1 : 0)
    let transcriptHeight = max(1, hintTop)
    controller.pageHeight = max(1, transcriptHeight - 2)

    if controller.overlayIsOpen {
      drawOverlay(height: transcriptHeight, width: columns)
    } else {
      drawTranscript(height: transcriptHeight, width: transcriptWidth)
      if paneWidth > 0 { drawPane(top: 0, height: transcriptHeight, left: transcriptWidth + 1, width: paneWidth) }
    }
    for (offset, line) in hint.enumerated() { drawHint(hintTop + offset, line, columns) }

    // Editor: the cursor's line scrolls sideways so the cursor stays in view.
    let firstPrompt = controller.selectedCell.map { "[\($0 + 1)]> " } ?? ">>> "
    let promptWidth = max(4, displayWidth(firstPrompt))
    let textWidth = columns - promptWidth
    let (cursorLine, cursorColumn) = editor.position
    let firstEditorLine = max(0, min(cursorLine - editorHeight + 1, editorLines.count - editorHeight))
    let cursorText = String(editorLines[cursorLine].prefix(cursorColumn))
    let cursorX = displayWidth(cursorText)
    // Scrolled so the cursor sits a few columns in from the right edge, as ptpython keeps it.
    let skip = cursorX < textWidth - 1 ? 0 : cursorX - textWidth + max(2, textWidth / 4)
    for offset in 0..<editorHeight {
      let index = firstEditorLine + offset
      guard index < editorLines.count else { break }
      let prompt = index == 0 ? firstPrompt : "... "
      terminal.put(editorTop + offset, 0, prompt, width: columns, color: .prompt, bold: true)
      let lineSkip = index == cursorLine ? skip : 0
      drawColored(editorTop + offset, promptWidth, String(editorLines[index]), width: textWidth, numbered: false, skip: lineSkip)
      if lineSkip > 0 { terminal.put(editorTop + offset, promptWidth, "…", width: 1, color: .dim) }
      if displayWidth(editorLines[index]) - lineSkip > textWidth {
        terminal.put(editorTop + offset, columns - 1, "…", width: 1, color: .dim)
      }
    }

    // Bracket matching: highlight the partner of the bracket at the cursor.
    if let match = editor.matchingBracket {
      let before = Array(editor.text)[..<match]
      let line = before.filter { $0 == "\n" }.count
      let lineStart = before.lastIndex(of: "\n").map { $0 + 1 } ?? 0
      let column = displayWidth(String(before[lineStart...])) - (line == cursorLine ? skip : 0)
      if line >= firstEditorLine && line < firstEditorLine + editorHeight, column >= 0, column < textWidth {
        let start = (line == 0 ? promptWidth : 4) + column
        terminal.put(editorTop + line - firstEditorLine, start, String(Array(editor.text)[match]), width: 1, color: .accent, bold: true, reverse: true)
      }
    }

    drawStatus(statusRow, columns)
    let cursorRow = editorTop + (cursorLine - firstEditorLine)
    let cursorScreenX = min(columns - 1, promptWidth + cursorX - skip)
    if let menu = controller.completionMenu {
      drawMenu(menu, cursorRow: cursorRow, cursorX: cursorScreenX, above: hintTop, below: statusRow, columns: columns)
    }
    terminal.moveCursor(cursorRow, cursorScreenX)
    terminal.refresh()
  }

  /// What the rows above the editor say: search, a question, the message (wrapped, at most
  /// three rows), the completion menu's choice, or the signature of the call being typed.
  private enum Hint {
    case text(String, Terminal.Color?, bold: Bool)
    case signature(String, highlight: Range<Int>?)
  }

  private func hintLines(_ columns: Int) -> [Hint] {
    if case .searching(let query, let match) = controller.mode {
      let found = match.map { controller.history.entries[$0].replacingNewlines() } ?? ""
      return [.text("(history search) '\(query)': \(found)", .accent, bold: false)]
    }
    if case .confirming(_, let question) = controller.mode {
      return wordWrap(question, columns).prefix(3).map { .text($0, .accent, bold: true) }
    }
    if let message = controller.message {
      let wrapped = wordWrap(message, columns)
      let shown = wrapped.count > 3 ? Array(wrapped.prefix(2)) + [splitToWidth(wrapped[2], columns - 1).0 + "…"] : wrapped
      let color: Terminal.Color? = if case .offeringRestore = controller.mode { .accent } else { .dim }
      return shown.map { .text($0, color, bold: false) }
    }
    if let detail = controller.completionMenu?.detail { return [.text(detail, .dim, bold: false)] }
    if let hint = controller.signatureHint {
      let (text, highlight) = hint.line
      return [.signature(text, highlight: highlight)]
    }
    return [.text("", nil, bold: false)]
  }

  private func drawHint(_ row: Int, _ hint: Hint, _ columns: Int) {
    switch hint {
    case .text(let text, let color, let bold): terminal.put(row, 0, text, width: columns, color: color, bold: bold)
    case .signature(let text, let highlight):
      // Shifted left when the argument being typed would fall off the right edge.
      var characters = Array(text), range = highlight
      if let highlight, displayWidth(String(characters[..<highlight.upperBound])) > columns - 1 {
        var cut = 0
        while cut < highlight.lowerBound, displayWidth(String(characters[cut..<highlight.upperBound])) > columns - 2 { cut += 1 }
        characters = ["…"] + Array(characters[cut...])
        range = (highlight.lowerBound - cut + 1)..<(highlight.upperBound - cut + 1)
      }
      guard let range else {
        terminal.put(row, 0, String(characters), width: columns, color: .dim)
        return
      }
      let before = String(characters[..<range.lowerBound]), middle = String(characters[range]),
        after = String(characters[range.upperBound...])
      terminal.put(row, 0, before, width: columns, color: .dim)
      let x = displayWidth(before)
      terminal.put(row, x, middle, width: max(0, columns - x), bold: true, reverse: true)
      terminal.put(row, x + displayWidth(middle), after, width: max(0, columns - x - displayWidth(middle)), color: .dim)
    }
  }

  private func drawTranscript(height: Int, width: Int) {
    // Newest at the bottom unless scrolled back.
    let lines = transcriptLines(width: width)
    let maxScroll = max(0, lines.count - height)
    scrollBack = min(scrollBack, maxScroll)
    let first = max(0, lines.count - height - scrollBack)
    transcriptLayout = TranscriptLayout()
    for (row, line) in lines[first..<min(lines.count, first + height)].enumerated() {
      transcriptLayout.cellAtRow[row] = line.cell
      let selected = controller.selectedCell == line.cell && line.source
      if line.source && !selected {
        drawColored(row, 0, line.text, width: width, numbered: true)
      } else if let styles = line.styles, !selected {
        drawStyled(row, line.text, styles, width: width)
      } else {
        terminal.put(row, 0, line.text, width: width, color: selected ? .selection : line.color, bold: line.bold)
      }
    }
    if controller.cells.isEmpty && !controller.isReplaying && controller.runningSource == nil {
      terminal.put(0, 0, "convlab — type a statement, e.g.  x = rand(4, 10, 8, 12, 128)", width: width, color: .dim)
      terminal.put(1, 0, "Tab completes · F1 help · F2 variables · Ctrl-D quits · :help for commands", width: width, color: .dim)
    }
  }

  /// Help or the variables over the transcript, full width, scrolled by the controller.
  private func drawOverlay(height: Int, width: Int) {
    var lines: [String] = []
    let title: String
    if controller.showVariablesOverlay {
      title = "variables"
      for variable in controller.variables {
        let size = variable.bytes > 0 ? Introspection.byteDescription(variable.bytes) : ""
        let detail = variable.kind == "tensor" ? variable.shape : [variable.kind, variable.shape].filter { !$0.isEmpty }.joined(separator: " ")
        let left = " \(variable.name)  \(detail)"
        lines.append(left + String(repeating: " ", count: max(2, width - displayWidth(left) - displayWidth(size) - 1)) + size)
      }
      if lines.isEmpty { lines.append(" (no names yet)") }
      lines.append(" total \(Introspection.byteDescription(controller.tensorBytes))")
    } else {
      title = "help"
      for line in controller.helpText.split(separator: "\n", omittingEmptySubsequences: false) {
        lines += indentedWrap(String(line), width - 1).map { " " + $0 }
      }
    }
    let body = max(1, height - 1)
    controller.clampOverlayScroll(max(0, lines.count - body))
    let first = controller.overlayScroll
    let last = min(lines.count, first + body)
    let position = lines.count > body ? " · lines \(first + 1)–\(last) of \(lines.count) · ↑↓ PgUp PgDn" : ""
    terminal.put(0, 0, " \(title)\(position) · Esc closes", width: width, color: .accent, bold: true, reverse: true)
    for (row, line) in lines[first..<last].enumerated() { terminal.put(row + 1, 0, line, width: width) }
  }

  /// The completion menu: a column of candidates under the cursor (above it when there is no
  /// room below), the chosen one highlighted, scrolled to keep it in view.
  /// `above` is the first row the menu may not cover when it opens upwards (the hint rows
  /// stay visible: they show the chosen name's signature); `below` the same downwards.
  private func drawMenu(_ menu: NotebookController.CompletionMenu, cursorRow: Int, cursorX: Int, above: Int, below: Int, columns: Int) {
    let count = menu.candidates.count
    let roomBelow = below - cursorRow - 1, roomAbove = above
    let height = min(count, 8, max(roomBelow, roomAbove))
    guard height > 0 else { return }
    let firstRow = roomBelow >= height ? cursorRow + 1 : above - height
    let widest = min(columns - 2, (menu.candidates.map { displayWidth($0) }.max() ?? 1) + 2)
    let x = max(0, min(cursorX - menu.range.count, columns - widest - 1))
    let selected = menu.selected ?? -1
    let start = max(0, min(selected - height + 1, count - height))
    for row in 0..<height {
      let index = start + row
      let text = " " + menu.candidates[index]
      let padded = text + String(repeating: " ", count: max(0, widest - displayWidth(text)))
      terminal.put(firstRow + row, x, padded, width: widest, color: index == selected ? nil : .menu, bold: index == selected, reverse: index == selected)
    }
    if count > height {
      terminal.put(firstRow + height - 1, x + widest, "↓", width: 1, color: .dim)
      if start > 0 { terminal.put(firstRow, x + widest, "↑", width: 1, color: .dim) }
    }
  }

  /// A help line wrapped at words, its continuation rows indented as the line is.
  private func indentedWrap(_ line: String, _ width: Int) -> [String] {
    let indent = line.prefix { $0 == " " }.count
    let pad = String(repeating: " ", count: min(indent + 2, width / 2))
    let pieces = wordWrap(String(line.dropFirst(indent)), max(10, width - pad.count))
    return pieces.enumerated().map { index, piece in (index == 0 ? String(repeating: " ", count: indent) : pad) + piece }
  }

  private func drawPane(top: Int, height: Int, left: Int, width: Int) {
    for row in top..<(top + height) { terminal.put(row, left - 1, "│", width: 1, color: .dim) }
    if controller.showHelp {
      terminal.put(top, left, " help (F1 closes)", width: width, color: .accent, bold: true)
      var row = top + 1
      for line in controller.helpText.split(separator: "\n", omittingEmptySubsequences: false) {
        for piece in indentedWrap(String(line), width) {
          guard row < top + height else { return }
          terminal.put(row, left, piece, width: width)
          row += 1
        }
      }
      return
    }
    terminal.put(top, left, " variables (F2)", width: width, color: .accent, bold: true)
    var row = top + 1
    for variable in controller.variables {
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
    if controller.variables.isEmpty { terminal.put(row, left, " (no names yet)", width: width, color: .dim) }
    terminal.put(top + height - 1, left, " total \(Introspection.byteDescription(controller.tensorBytes))", width: width, color: .dim)
  }

  private func drawStatus(_ row: Int, _ columns: Int) {
    let file = controller.fileStatus
    var status = " convlab · \(file.name)\(file.isModified ? "*" : "")"
    if let stopped = file.replayStopped { status += " (\(stopped))" }
    if let (label, seconds) = controller.running, seconds > 0.3 {
      let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
      let frame = frames[Int(seconds * 10) % frames.count]
      status += " · \(frame) \(label) \(formatSeconds(seconds)) · Ctrl-C interrupts"
    } else if let lastSeconds = controller.lastSeconds, lastSeconds >= 0.001 {
      status += " · last \(formatSeconds(lastSeconds))"
    }
    status += " · \(Introspection.byteDescription(controller.tensorBytes))"
    let keys = columns >= 110 ? "F1 help  F2 vars  Tab complete  Ctrl-R search  Ctrl-D quit " : "F1 help  F2 vars  Ctrl-D quit "
    let padding = max(1, columns - displayWidth(status) - displayWidth(keys))
    terminal.put(row, 0, status + String(repeating: " ", count: padding) + keys, width: columns, reverse: true)
  }

  /// One frame of an animation over the whole screen, the keys on the status line.
  private func drawAnimation(_ animation: AnimationPlayer, rows: Int, columns: Int) {
    controller.pageHeight = max(1, rows - 2)
    // Lines are clipped, never wrapped (a wrapped grid row breaks the picture): < and > pan,
    // ↑ ↓ PgUp PgDn scroll; the title row stays.
    let all = animation.frames[animation.index].flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    let widest = all.map { displayWidth($0) }.max() ?? 0
    let pan = min(animation.pan, max(0, widest - columns + 1))
    let body = all.dropFirst().dropFirst(min(animation.scroll, max(0, all.count - rows + 1)))
    for (row, line) in ([all.first ?? ""] + body).prefix(rows - 1).enumerated() {
      let shift = row == 0 ? 0 : pan
      let text = String(line.dropFirst(shift))
      if let styles = animation.styles[line] {
        drawStyled(row, text, Array(styles.dropFirst(shift)), width: columns)
      } else {
        terminal.put(row, 0, text, width: columns, bold: row == 0)
      }
    }
    terminal.put(rows - 1, 0, animation.statusLine, width: columns, reverse: true)
    terminal.moveCursor(rows - 1, columns - 1)
    terminal.refresh()
  }

  /// A teaching line in the styles its producer returned: the cells the output reads
  /// highlighted, zeros dim, crops in red, the target marked, heatmap shades in their colours.
  private func drawStyled(_ row: Int, _ text: String, _ styles: [TextStyle], width: Int) {
    var x = 0
    for (index, character) in text.enumerated() {
      guard x < width else { return }
      let style = index < styles.count ? styles[index] : .plain
      let piece = String(character)
      switch style {
      case .plain: terminal.put(row, x, piece, width: width - x)
      case .line, .zero: terminal.put(row, x, piece, width: width - x, color: .dim)
      case .cropped: terminal.put(row, x, piece, width: width - x, color: .error, bold: true)
      case .target: terminal.put(row, x, piece, width: width - x, color: .accent, bold: true)
      case .label: terminal.put(row, x, piece, width: width - x, color: .accent, bold: true, reverse: true)
      case .heat1: terminal.put(row, x, piece, width: width - x, color: .heat1)
      case .heat2: terminal.put(row, x, piece, width: width - x, color: .heat2)
      case .heat3: terminal.put(row, x, piece, width: width - x, color: .heat3)
      case .heat4: terminal.put(row, x, piece, width: width - x, color: .heat4)
      }
      x += displayWidth(character)
    }
  }

  /// Syntax colouring from the lexer's tokens.
  /// Syntax colouring from the lexer's tokens; `skip` display columns of the text are
  /// scrolled out of view on the left.
  private func drawColored(_ row: Int, _ column: Int, _ text: String, width: Int, numbered: Bool, skip: Int = 0) {
    var x = column - skip
    var rest = Substring(text)
    let right = column + width
    // Each piece is drawn where it falls, its part left of `column` cut off.
    func put(_ piece: String, color: Terminal.Color? = nil) {
      var piece = Substring(piece)
      while x < column, let first = piece.first {
        x += displayWidth(first)
        piece = piece.dropFirst()
      }
      if x >= column, x < right, !piece.isEmpty { terminal.put(row, x, String(piece), width: right - x, color: color) }
      x += displayWidth(piece)
    }
    if numbered, let space = rest.firstIndex(of: " "), rest.hasPrefix("[") {
      put(String(rest[...space]), color: .prompt)
      rest = rest[rest.index(after: space)...]
    }
    let line = String(rest)
    // A very long line is drawn plainly: lexing 15 KB on every frame would hold up typing.
    var lexer = Lexer(line)
    guard line.utf8.count < 4_000, let tokens = try? lexer.tokenize() else {
      put(line)
      return
    }
    let bytes = Array(line.utf8)
    var offset = 0
    for token in tokens where token.kind != .end && token.kind != .newline {
      guard x < right else { return }
      put(String(decoding: bytes[offset..<min(token.range.start, bytes.count)], as: UTF8.self))
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
      put(piece, color: color)
      offset = token.range.end
    }
    if offset < bytes.count { put(String(decoding: bytes[offset...], as: UTF8.self), color: .dim) }
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
