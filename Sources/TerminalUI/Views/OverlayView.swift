import Layers
import Notebook
import Script

/// Help and the variables: a pane beside the transcript where there is room, else an overlay
/// over it that the controller scrolls.
struct OverlayView {
  let terminal: Terminal
  let controller: NotebookController

  /// Help or the variables over the transcript, full width, scrolled by the controller.
  func drawOverlay(height: Int, width: Int) {
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
        lines += indentedWordWrap(String(line), width - 1).map { " " + $0 }
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

  func drawPane(top: Int, height: Int, left: Int, width: Int) {
    for row in top..<(top + height) { terminal.put(row, left - 1, "│", width: 1, color: .dim) }
    if controller.showHelp {
      terminal.put(top, left, " help (F1 closes)", width: width, color: .accent, bold: true)
      var row = top + 1
      for line in controller.helpText.split(separator: "\n", omittingEmptySubsequences: false) {
        for piece in indentedWordWrap(String(line), width) {
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
}
