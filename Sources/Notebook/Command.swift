import Layers
import Script
import Tensors

/// A `:command` line, parsed once; the notebook and the plain REPL act on the same value.
/// Commands are never statements: they do not join the session's document or its journal.
public enum Command: Sendable, Equatable {
  /// `:save [PATH]`, `:save! [PATH]` (forced: over a file that changed on disk, or holds more).
  case save(path: String?, force: Bool)
  /// `:load PATH`: run a file's statements into this session.
  case load(String)
  case history, vars, help
  case undo, reset
  /// `:quit` (asks first when something is unsaved), `:quit!` (does not).
  case quit(force: Bool)
  /// A command missing its argument: the usage line to show.
  case usage(String)
  case unknown(String, suggestion: String?)

  public init(parsing line: String) {
    let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
    let name = parts.first ?? ""
    let argument = parts.count > 1 ? parts[1].trimmingWhitespace() : nil
    let path = argument.flatMap { $0.isEmpty ? nil : $0 }
    switch name {
    case "save", "save!": self = .save(path: path, force: name == "save!")
    case "load": self = path.map { .load($0) } ?? .usage("usage: :load PATH")
    case "history": self = .history
    case "vars": self = .vars
    case "help", "?": self = .help
    case "undo": self = .undo
    case "reset": self = .reset
    case "quit", "q", "exit": self = .quit(force: false)
    case "quit!", "q!", "exit!": self = .quit(force: true)
    default: self = .unknown(name, suggestion: closestName(to: name, in: Self.names))
    }
  }

  static let names = ["save", "save!", "load", "history", "vars", "undo", "reset", "help", "quit", "quit!"]

  public static let helpText = """
    :save [PATH]   write the session as a .conv file: its comments, each statement and its
                   output as #: lines (PATH becomes where a bare :save writes)
    :save! [PATH]  the same, even over a file that changed on disk or holds more statements
    :load PATH     run a file's statements into this session (they are added to it; a bare
                   :save still writes where it did; convlab PATH opens a file as the session)
    :history       everything typed, numbered
    :vars          the session's names: kinds, shapes, bytes
    :undo          drop the last statement and rebuild the state by replaying the rest
    :reset         forget every name and statement
    :help          this list (help(thing) explains a layer or function)
    :quit          leave, asking first if something is unsaved (Ctrl-D too); :quit! does not ask
    """
}

extension Session {
  /// What a command did, for a front end to show.
  public struct CommandOutcome: Sendable, Equatable {
    public var text: String
    public var failed = false
    /// The command that would go ahead anyway (`:save! PATH`), when this one stopped to ask.
    public var confirm: Command?

    public init(text: String, failed: Bool = false, confirm: Command? = nil) {
      self.text = text
      self.failed = failed
      self.confirm = confirm
    }
  }

  /// Carries out every command but `:quit`, which is the front end's, running `:load`'s
  /// statements at once (the notebook replays them itself, with progress).
  public func perform(_ command: Command) -> CommandOutcome {
    switch command {
    case .save(let target, let force):
      return saveOutcome(target: target, force: force)
    case .load(let target):
      do { return replay(try load(target).codes, from: target) } catch {
        return CommandOutcome(text: "cannot read \(target): \(error.reason)", failed: true)
      }
    case .history:
      return CommandOutcome(text: history.enumerated().map { "\($0.offset + 1)  \($0.element)" }.joined(separator: "\n"))
    case .vars:
      return CommandOutcome(text: evaluate("vars()").flatMap(\.lines).joined(separator: "\n"))
    case .help:
      return CommandOutcome(text: Command.helpText)
    case .undo:
      guard let dropped = undo() else { return CommandOutcome(text: "nothing to undo", failed: true) }
      return CommandOutcome(text: "undid: \(dropped.source)")
    case .reset:
      reset()
      return CommandOutcome(text: "session reset: no names, no statements")
    case .quit:
      return CommandOutcome(text: "")
    case .usage(let text):
      return CommandOutcome(text: text, failed: true)
    case .unknown(let name, let suggestion):
      return CommandOutcome(
        text: "unknown command :\(name)\(suggestion.map { " (did you mean :\($0)?)" } ?? ""); :help lists them",
        failed: true)
    }
  }

  private func saveOutcome(target: String?, force: Bool) -> CommandOutcome {
    do {
      let path = try save(to: target, force: force)
      let statements = document.codes.count
      return CommandOutcome(text: "saved \(count(statements, "statement")) to \(path)")
    } catch {
      switch error {
      case .noPath:
        return CommandOutcome(text: "usage: :save PATH (this session has no file yet)", failed: true)
      case .changedOnDisk(let path):
        return CommandOutcome(
          text: "\(path) changed on disk since this session read it: :save! \(path) overwrites it, :save OTHER.conv keeps both",
          failed: true, confirm: .save(path: path, force: true))
      case .dropsStatements(let path, let had, let writing):
        return CommandOutcome(
          text: "\(path) holds \(count(had, "statement")) and this save would write \(writing): :save! \(path) writes it anyway, :save OTHER.conv keeps both",
          failed: true, confirm: .save(path: path, force: true))
      case .lossy(let path):
        return CommandOutcome(
          text: "\(path) has bytes that are not UTF-8, which saving would replace: :save! \(path) writes it anyway, :save OTHER.conv keeps both",
          failed: true, confirm: .save(path: path, force: true))
      case .system(let failure):
        return CommandOutcome(text: "cannot save \(target ?? path ?? ""): \(failure.reason)", failed: true)
      }
    }
  }

  /// `convlab --plain FILE`: opens (or restores) FILE and runs its statements.
  public func openAndReplay(_ file: String) -> CommandOutcome {
    do { return replay(try openOrRestore(file).codes, from: file) } catch {
      return CommandOutcome(text: "cannot open \(file): \(error.reason)", failed: true)
    }
  }

  /// Runs `codes` in order, with what they print, up to the first that fails: it is shown with
  /// its file, line and caret, and it and the ones after it stay in the document, not run.
  func replay(_ codes: [Int], from file: String) -> CommandOutcome {
    var lines: [String] = []
    for (ran, id) in codes.enumerated() {
      let results = runCode(id)
      lines += results.flatMap(\.lines)
      if let failure = results.first(where: { $0.error != nil }) {
        lines.append(located(failure, code: id, file: file))
        lines.append("\(file): stopped at statement \(ran + 1) of \(codes.count); the session keeps the \(ran) before it, "
          + "and the rest unrun (:save keeps them all)")
        return CommandOutcome(text: lines.joined(separator: "\n"), failed: true)
      }
    }
    return CommandOutcome(text: lines.joined(separator: "\n"))
  }

  /// A failing statement of code `id` as `file:line:column: error: …` with its line and caret.
  public func located(_ failure: StatementResult, code id: Int, file: String) -> String {
    guard let error = failure.error, let code = document.code(id) else { return failure.renderedError ?? "" }
    return ScriptRunner.located(error, path: file, text: code.source, firstLine: max(code.line, 1))
      .trimmingCharacters(in: "\n")
  }
}

/// `1 statement`, `2 statements`.
func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

/// The whole file as text, or nil if it cannot be read.
func readTextFile(_ path: String) -> String? {
  guard let bytes = try? readFileBytes(path) else { return nil }
  return String(decoding: bytes, as: UTF8.self)
}
