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
  private var transcript: TranscriptView!

  public static let minimumSize = (columns: 60, rows: 15)

  public init(controller: NotebookController) { self.controller = controller }

  /// Runs until the user quits; the terminal is restored however it ends.
  public func run() -> Int32 {
    terminal = Terminal()
    transcript = TranscriptView(terminal: terminal, controller: controller)
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
    case .shiftRight: transcript.pan += 8
    case .shiftLeft: transcript.pan = max(0, transcript.pan - 8)
    case .pageUp: transcript.scrollBack += pageHeight
    case .pageDown: transcript.scrollBack = max(0, transcript.scrollBack - pageHeight)
    case .wheelUp: transcript.scrollBack += 3
    case .wheelDown: transcript.scrollBack = max(0, transcript.scrollBack - 3)
    case .alt("<"), .ctrlHome: transcript.scrollBack = Int.max / 2
    case .alt(">"), .ctrlEnd: transcript.scrollBack = 0
    case .control("l"):
      terminal.hardRedraw()
      transcript.scrollBack = 0
    case .click(let row, _):
      if let cell = transcript.cellAtRow[row] { controller.selectCell(at: cell) }
    case .resize: break
    default:
      let before = controller.cells.count
      controller.handle(key)
      if key == .enter || controller.cells.count != before { transcript.scrollBack = 0 }
    }
  }

  // MARK: - Drawing

  private var pageHeight: Int { max(1, terminal.size.rows - 6) }







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
      AnimationView(terminal: terminal, controller: controller).draw(animation, rows: rows, columns: columns)
      return
    }
    controller.isWide = columns >= 90
    let editor = controller.editor
    let editorLines = editor.text.split(separator: "\n", omittingEmptySubsequences: false)
    let editorHeight = min(editorLines.count, max(1, rows / 3))
    let statusRow = rows - 1
    let editorTop = statusRow - editorHeight
    // The hint rows: a message wraps (up to three rows) rather than running off the edge.
    let hints = HintView(terminal: terminal, controller: controller)
    let hint = hints.lines(columns)
    let hintTop = editorTop - hint.count
    let paneWidth = (controller.showVariables || controller.showHelp) && controller.isWide ? min(44, columns / 3) : 0
    let transcriptWidth = columns - (paneWidth > 0 ? paneWidth + 1 : 0)
    let transcriptHeight = max(1, hintTop)
    controller.pageHeight = max(1, transcriptHeight - 2)

    if controller.overlayIsOpen {
      OverlayView(terminal: terminal, controller: controller).drawOverlay(height: transcriptHeight, width: columns)
    } else {
      transcript.draw(height: transcriptHeight, width: transcriptWidth)
      if paneWidth > 0 {
        OverlayView(terminal: terminal, controller: controller).drawPane(top: 0, height: transcriptHeight, left: transcriptWidth + 1, width: paneWidth)
      }
    }
    for (offset, line) in hint.enumerated() { hints.draw(hintTop + offset, line, columns) }

    // Editor: the cursor's line scrolls sideways so the cursor stays in view.
    let firstPrompt = controller.selectedCell.map { "[\(controller.number(ofCell: $0))]> " } ?? ">>> "
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
      terminal.drawColored(editorTop + offset, promptWidth, String(editorLines[index]), width: textWidth, numbered: false, skip: lineSkip)
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

    StatusLine(terminal: terminal, controller: controller).draw(statusRow, columns)
    let cursorRow = editorTop + (cursorLine - firstEditorLine)
    let cursorScreenX = min(columns - 1, promptWidth + cursorX - skip)
    if let menu = controller.completionMenu {
      CompletionMenuView(terminal: terminal).draw(menu, cursorRow: cursorRow, cursorX: cursorScreenX, above: hintTop, below: statusRow, columns: columns)
    }
    terminal.moveCursor(cursorRow, cursorScreenX)
    terminal.refresh()
  }













}

import Layers

extension String {
  func replacingNewlines() -> String { split(separator: "\n").joined(separator: " ⏎ ") }
}

#if canImport(Glibc)
  import Glibc
#endif
