import Layers
import Notebook
import Script

/// The status line: the file, what is running, the time the last statement took, the memory.
struct StatusLine {
  let terminal: Terminal
  let controller: NotebookController

  func draw(_ row: Int, _ columns: Int) {
    let file = controller.fileStatus
    var status = " convlab · \(file.name)\(file.isModified ? "*" : "")"
    if let stopped = file.replayStopped { status += " (\(stopped))" }
    if let (label, seconds) = controller.running, seconds > 0.3 {
      let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
      let frame = frames[Int(seconds * 10) % frames.count]
      status += " · \(frame) \(label) \(secondsText(seconds)) · Ctrl-C interrupts"
    } else if let lastSeconds = controller.lastSeconds, lastSeconds >= 0.001 {
      status += " · last \(secondsText(lastSeconds))"
    }
    status += " · \(Introspection.byteDescription(controller.tensorBytes))"
    // The longest list of keys that fits beside the status; none when even the shortest does not.
    let keys = ["F1 help  F2 vars  Tab complete  Ctrl-R search  Ctrl-D quit ", "F1 help  F2 vars  Ctrl-D quit ", "F1 help ", ""]
      .first { displayWidth(status) + 1 + displayWidth($0) <= columns } ?? ""
    let padding = max(1, columns - displayWidth(status) - displayWidth(keys))
    terminal.put(row, 0, status + String(repeating: " ", count: padding) + keys, width: columns, reverse: true)
  }
}

/// `12.3 ms`, `1.5 s`.
func secondsText(_ seconds: Double) -> String {
  seconds >= 1 ? "\((seconds * 10).rounded() / 10) s" : "\((seconds * 10_000).rounded() / 10) ms"
}
