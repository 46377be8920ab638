import Layers
import Notebook
import Script

/// Tab's menu of names.
struct CompletionMenuView {
  let terminal: Terminal

  /// The completion menu: a column of candidates under the cursor (above it when there is no
  /// room below), the chosen one highlighted, scrolled to keep it in view.
  /// `above` is the first row the menu may not cover when it opens upwards (the hint rows
  /// stay visible: they show the chosen name's signature); `below` the same downwards.
  func draw(_ menu: NotebookController.CompletionMenu, cursorRow: Int, cursorX: Int, above: Int, below: Int, columns: Int) {
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
}
