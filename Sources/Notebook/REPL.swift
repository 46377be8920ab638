import Script

/// The plain read-eval-print loop, for pipes, scripts and dumb terminals. Lines are read until
/// brackets close; `:` lines are commands. Input and output are injected, so it is testable.
public struct PlainREPL {
  public var session: Session
  public var prompts: Bool
  private let read: () -> String?
  private let write: (String) -> Void

  public init(session: Session, prompts: Bool, read: @escaping () -> String?, write: @escaping (String) -> Void) {
    self.session = session
    self.prompts = prompts
    self.read = read
    self.write = write
  }

  /// Runs until end of input or `:quit`. Returns 0, or 1 when the last statement failed and
  /// input was not interactive (so pipelines can tell).
  public func run() -> Int32 {
    var lastFailed = false
    while true {
      if prompts { write(">>> ") }
      guard var source = read() else { break }
      if source.hasPrefix(":") {
        let outcome = session.command(source)
        if !outcome.text.isEmpty { write(outcome.text + "\n") }
        lastFailed = outcome.failed
        if outcome.quit { break }
        continue
      }
      while Parser.needsMoreInput(source) {
        if prompts { write("... ") }
        guard let more = read() else { break }
        source += "\n" + more
      }
      lastFailed = false
      for result in session.submit(source) {
        for line in result.lines { write(line + "\n") }
        if let rendered = result.renderedError {
          write(rendered + "\n")
          lastFailed = true
        }
      }
    }
    if prompts { write("\n") }
    return !prompts && lastFailed ? 1 : 0
  }
}
