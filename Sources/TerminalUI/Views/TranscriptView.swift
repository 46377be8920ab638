import Layers
import Notebook
import Script

/// The transcript: numbered cells with their outputs, carets under errors, the running cell;
/// newest at the bottom unless scrolled back. Its layout is cached until the cells, the width
/// or the pan change.
final class TranscriptView {
  private let terminal: Terminal
  private let controller: NotebookController
  /// Rows scrolled back from the newest.
  var scrollBack = 0
  /// Columns the wide pictures (diagram grids) are panned by: Shift-← and Shift-→.
  var pan = 0
  /// Which cell each drawn row belongs to, for clicks.
  private(set) var cellAtRow: [Int: Int] = [:]

  init(terminal: Terminal, controller: NotebookController) {
    self.terminal = terminal
    self.controller = controller
  }

  struct Line {
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

  func transcriptLines(width: Int) -> [Line] {
    var lines: [Line]
    if let cache = layoutCache, cache.width == width, cache.pan == pan, cache.cells == controller.cells {
      lines = cache.lines
    } else {
      lines = cellLines(width: width)
      layoutCache = (controller.cells, width, pan, lines)
    }
    if let source = controller.runningSource {
      // The statement running now: its source at once, a spinner and the time so far.
      let number = "[\(controller.number(ofCell: controller.cells.count))] "
      for (offset, sourceLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let prefix = offset == 0 ? number : String(repeating: " ", count: number.count)
        for piece in wrapToWidth(prefix + sourceLine, width) {
          lines.append(Line(text: piece, color: nil, bold: true, cell: controller.cells.count, source: true))
        }
      }
      let seconds = controller.running?.seconds ?? 0
      let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
      lines.append(Line(text: "\(frames[Int(seconds * 10) % frames.count]) running \(secondsText(seconds)) · Ctrl-C interrupts", color: .dim, cell: controller.cells.count))
    }
    return lines
  }

  /// A styled row shifted by the pan and cut to the width, marked … where it is cut.
  func panned(_ text: String, _ styles: [TextStyle], width: Int, cell: Int) -> Line {
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

  func cellLines(width: Int) -> [Line] {
    var lines: [Line] = []
    var shown = 0, previousGroup: Int?, numberWidth = 4
    for (index, cell) in controller.cells.enumerated() {
      // The statements of one submission (a pasted block) are one cell under one number.
      let opens = cell.group != previousGroup
      if opens {
        shown += 1
        numberWidth = "[\(shown)] ".count
      }
      previousGroup = cell.group
      let number = opens ? "[\(shown)] " : String(repeating: " ", count: numberWidth)
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
          for piece in indentedWordWrap(line, width) {
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

  func draw(height: Int, width: Int) {
    // Newest at the bottom unless scrolled back.
    let lines = transcriptLines(width: width)
    let maxScroll = max(0, lines.count - height)
    scrollBack = min(scrollBack, maxScroll)
    let first = max(0, lines.count - height - scrollBack)
    cellAtRow = [:]
    for (row, line) in lines[first..<min(lines.count, first + height)].enumerated() {
      cellAtRow[row] = line.cell
      let selected = controller.selectedCell == line.cell && line.source
      if line.source && !selected {
        terminal.drawColored(row, 0, line.text, width: width, numbered: true)
      } else if let styles = line.styles, !selected {
        terminal.drawStyled(row, line.text, styles, width: width)
      } else {
        terminal.put(row, 0, line.text, width: width, color: selected ? .selection : line.color, bold: line.bold)
      }
    }
    if controller.cells.isEmpty && !controller.isReplaying && controller.runningSource == nil {
      terminal.put(0, 0, "convlab — type a statement, e.g.  x = rand(4, 10, 8, 12, 128)", width: width, color: .dim)
      terminal.put(1, 0, "Tab completes · F1 help · F2 variables · Ctrl-D quits · :help for commands", width: width, color: .dim)
    }
  }
}
