@testable import Notebook

extension Session {
  /// A `:command` line, as the REPL carries it out.
  func command(_ line: String) -> CommandOutcome { perform(Command(parsing: line)) }
}
