import Layers
import Notebook
import Script

/// `animate`'s frames over the whole screen, the keys on the status line.
struct AnimationView {
  let terminal: Terminal
  let controller: NotebookController

  /// One frame of an animation over the whole screen, the keys on the status line.
  func draw(_ animation: AnimationPlayer, rows: Int, columns: Int) {
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
        terminal.drawStyled(row, text, Array(styles.dropFirst(shift)), width: columns)
      } else {
        terminal.put(row, 0, text, width: columns, bold: row == 0)
      }
    }
    terminal.put(rows - 1, 0, animation.statusLine, width: columns, reverse: true)
    terminal.moveCursor(rows - 1, columns - 1)
    terminal.refresh()
  }
}
