import Tensors
import Script

/// What a REPL reader returns: a line, Ctrl-C at the prompt, or the end of input (Ctrl-D).
public enum ReadInput: Sendable, Equatable {
  case line(String)
  case interrupt
  case end
}

/// The plain read-eval-print loop, for pipes, scripts and terminals without the notebook. It
/// behaves as Python's interactive REPL: lines are read while a statement is incomplete (an open
/// bracket, a trailing `\`), a syntax error is reported as soon as a line makes the statement
/// wrong and reading goes on with the next line, Ctrl-C at the prompt prints `KeyboardInterrupt`
/// and a new prompt, and Ctrl-C during a statement stops it, leaving the session as it was.
/// `:` lines are commands. Input and output are injected, so it is testable.
public struct PlainREPL {
  public var session: Session
  public var prompts: Bool
  /// Reads one line after showing `prompt` (`>>> ` or `... `; a reader for pipes shows none).
  private let read: (_ prompt: String) -> ReadInput
  private let write: (String) -> Void
  /// Told each statement or command read whole (the line reader keeps a history of them).
  public var didRead: ((String) -> Void)?
  /// A line read past the end of a block: the first of the next statement.
  private let pending = PendingLine()

  private final class PendingLine {
    var line: String?
  }

  public init(session: Session, prompts: Bool, read: @escaping (_ prompt: String) -> ReadInput, write: @escaping (String) -> Void) {
    self.session = session
    self.prompts = prompts
    self.read = read
    self.write = write
  }

  /// Runs until end of input or `:quit`. Returns 0; 1 when input was not interactive and the
  /// last statement failed (so pipelines can tell); 130 when a piped script was interrupted.
  public func run() -> Int32 {
    var lastFailed = false
    var quitArmed = false
    reading: while true {
      let source: String
      switch readStatement() {
      case .end:
        // Ctrl-D: with unsaved work on a terminal, asks once, as :quit does.
        if prompts && needsQuitConfirmation(&quitArmed) { continue }
        break reading
      case .interrupted: continue  // a fresh prompt
      case .statement(let text): source = text
      }
      if !source.allSatisfy(\.isWhitespace) { didRead?(source) }
      if source.hasPrefix(":") || Parser.isQuitCall(source) {
        // exit() and quit() are :quit, as in Python's REPL; they are not statements of the session.
        let command = source.hasPrefix(":") ? Command(parsing: source) : .quit(force: false)
        if case .quit(let force) = command {
          if prompts && !force && needsQuitConfirmation(&quitArmed) { continue }
          break reading
        }
        quitArmed = false
        let outcome = session.perform(command)
        if !outcome.text.isEmpty { write(outcome.text + "\n") }
        lastFailed = outcome.failed
        continue
      }
      quitArmed = false
      if case .invalid(let error) = Parser.completeness(source) {
        write(error.rendered(source: source) + "\n")
        lastFailed = true
        continue
      }
      lastFailed = false
      Interruption.clear()
      var interrupted = false
      session.submit(source) { result in
        for line in result.lines { write(line + "\n") }
        guard let rendered = result.renderedError else { return }
        lastFailed = true
        if result.error?.isInterrupted == true {
          write("KeyboardInterrupt: the session is as it was before `\(result.source)`\n")
          interrupted = true
        } else {
          write(rendered + "\n")
        }
      }
      Interruption.clear()
      if interrupted && !prompts { return 130 }
    }
    if prompts { write("\n") }
    return !prompts && lastFailed ? 1 : 0
  }

  private enum Statement { case statement(String), interrupted, end }

  /// One statement's lines, read while Python's REPL would read on.
  private func readStatement() -> Statement {
    var statement = LineAccumulator()
    while true {
      let input: ReadInput
      if let line = pending.line {
        pending.line = nil
        input = .line(line)
      } else {
        input = read(statement.lines == 0 ? ">>> " : "... ")
      }
      switch input {
      case .end:
        return statement.lines == 0 ? .end : .statement(statement.source)
      case .interrupt:
        write("KeyboardInterrupt\n")
        return .interrupted
      case .line(let line):
        if statement.lines == 0 && line.hasPrefix(":") { return .statement(line) }
        // A line that does not belong to an open block ends it, and starts the next statement.
        if statement.lines > 0, !line.allSatisfy(\.isWhitespace), Parser.opensBlock(statement.source),
          !Parser.continuesBlock(line)
        {
          pending.line = line
          return .statement(statement.source)
        }
        if statement.add(line) != .incomplete { return .statement(statement.source) }
      }
    }
  }

  /// Whether quitting must wait for a second request: the first with unsaved work says what
  /// would be left and how to keep it.
  private func needsQuitConfirmation(_ armed: inout Bool) -> Bool {
    guard let unsaved = session.unsavedSummary, !armed else { return false }
    armed = true
    let save = session.path == nil ? ":save PATH" : ":save"
    write("\n\(unsaved): \(save) keeps them; :quit or Ctrl-D again leaves (convlab --recover finds them)\n")
    return true
  }
}
