import Layers
import Notebook
import Script

/// The rows above the editor.
struct HintView {
  let terminal: Terminal
  let controller: NotebookController

  /// What the rows above the editor say: search, a question, the message (wrapped, at most
  /// three rows), the completion menu's choice, or the signature of the call being typed.
  enum Hint {
    case text(String, Terminal.Color?, bold: Bool)
    case signature(String, highlight: Range<Int>?)
  }

  func lines(_ columns: Int) -> [Hint] {
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

  func draw(_ row: Int, _ hint: Hint, _ columns: Int) {
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
}
