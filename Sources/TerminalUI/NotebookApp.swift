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
    if case .animating = controller.mode {
      controller.handle(key)
      return
    }
    switch key {
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
  }

  private func transcriptLines(width: Int) -> [Line] {
    var lines: [Line] = []
    for (index, cell) in controller.cells.enumerated() {
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
      if cell.pending {
        lines.append(Line(text: String(repeating: " ", count: number.count) + "(not run: the replay stopped above)", color: .dim, cell: index))
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
    if case .animating(let animation) = controller.mode {
      drawAnimation(animation, rows: rows, columns: columns)
      return
    }
    let editor = controller.editor
    let editorLines = editor.text.split(separator: "\n", omittingEmptySubsequences: false)
    let editorHeight = min(editorLines.count, max(1, rows / 3))
    let statusRow = rows - 1
    let editorTop = statusRow - editorHeight
    let hintRow = editorTop - 1
    let paneWidth = (controller.showVariables || controller.showHelp) && columns >= 90 ? min(44, columns / 3) : 0
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
      let selected = controller.selectedCell == line.cell && line.source
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
    if controller.cells.isEmpty && !controller.isReplaying {
      terminal.put(0, 0, "convlab — type a statement, e.g.  x = rand(4, 10, 8, 12, 128)", width: transcriptWidth, color: .dim)
      terminal.put(1, 0, "Tab completes · F1 help · F2 variables · Ctrl-D quits · :help for commands", width: transcriptWidth, color: .dim)
    }

    if paneWidth > 0 { drawPane(top: 0, height: transcriptHeight, left: transcriptWidth + 1, width: paneWidth) }

    // Hint line: search, a question, the message, or the signature of the call being typed.
    if case .searching(let query, let match) = controller.mode {
      let found = match.map { controller.history.entries[$0].replacingNewlines() } ?? ""
      terminal.put(hintRow, 0, "(history search) '\(query)': \(found)", width: columns, color: .accent)
    } else if case .confirming(_, let question) = controller.mode {
      terminal.put(hintRow, 0, question, width: columns, color: .accent, bold: true)
    } else if let message = controller.message {
      terminal.put(hintRow, 0, message, width: columns, color: .dim)
    } else if let hint = controller.signatureHint {
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
    let firstPrompt = controller.selectedCell.map { "[\($0 + 1)]> " } ?? ">>> "
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
    if controller.showHelp {
      terminal.put(top, left, " help (F1 closes)", width: width, color: .accent, bold: true)
      var row = top + 1
      for line in controller.helpText.split(separator: "\n", omittingEmptySubsequences: false) {
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
    } else if let lastSeconds = controller.lastSeconds {
      status += " · last \(formatSeconds(lastSeconds))"
    }
    status += " · \(Introspection.byteDescription(controller.tensorBytes))"
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
