import Script
import Tensors

extension Session {
  /// The result of a `:command` line.
  public struct CommandOutcome: Sendable, Equatable {
    public var text: String
    public var quit = false
    public var failed = false
    /// `:save` stopped because the file changed on disk: `:save! PATH` would overwrite it.
    public var overwriteRefused: String?
  }

  public static let commandHelp = """
    :save [PATH]   write the session's statements, each with its output as #: lines
    :save! [PATH]  the same, even over a file that changed on disk since it was read
    :load PATH     run a script into this session
    :history       everything typed, numbered
    :vars          the session's names: kinds, shapes, bytes
    :undo          drop the last statement and rebuild the state by replaying the rest
    :reset         forget every name
    :help          this list (help(thing) explains a layer or function)
    :quit          leave (Ctrl-D too)
    """

  /// Runs a REPL command such as `:save s.conv`.
  public func command(_ line: String) -> CommandOutcome {
    let parts = line.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
    let name = parts.first ?? ""
    let argument = parts.count > 1 ? parts[1].trimmingWhitespace() : nil
    switch name {
    case "save", "save!":
      guard let target = argument ?? path else { return CommandOutcome(text: "usage: :save PATH", failed: true) }
      do {
        try save(to: target, force: name == "save!")
        return CommandOutcome(text: "saved \(cells.count) statement\(cells.count == 1 ? "" : "s") to \(target)")
      } catch .changedOnDisk {
        return CommandOutcome(
          text: "\(target) changed on disk since this session read it: :save! \(target) overwrites it, :save OTHER.conv keeps both",
          failed: true, overwriteRefused: target)
      } catch {
        guard case .system(let failure) = error else { return CommandOutcome(text: "cannot save \(target)", failed: true) }
        return CommandOutcome(text: "cannot save \(target): \(failure.reason)", failed: true)
      }
    case "load":
      guard let target = argument else { return CommandOutcome(text: "usage: :load PATH", failed: true) }
      let loaded: ScriptFile.Loaded
      do { loaded = try ScriptFile.load(path: target) } catch {
        return CommandOutcome(text: "cannot read \(target): \(error.reason)", failed: true)
      }
      noteRead(target)
      var lines: [String] = []
      var failed = false, ran = 0
      for result in submit(loaded.script.text, recordHistory: false) {
        if let rendered = result.renderedError {
          lines.append(rendered)
          failed = true
          break
        }
        ran += 1
        lines += result.lines
      }
      if let problem = loaded.problem, !failed {
        lines.append(problem.trimmingCharacters(in: "\n"))
        failed = true
      }
      if failed {
        // Never a half-loaded session without saying so.
        lines.append("\(target): loaded \(ran) statement\(ran == 1 ? "" : "s") before the error; the session keeps them")
      } else {
        path = target
      }
      return CommandOutcome(text: lines.joined(separator: "\n"), failed: failed)
    case "history":
      return CommandOutcome(text: history.enumerated().map { "\($0.offset + 1)  \($0.element)" }.joined(separator: "\n"))
    case "vars":
      return CommandOutcome(text: submit("vars()", recordHistory: false).flatMap(\.lines).joined(separator: "\n"))
    case "undo":
      guard let dropped = undo() else { return CommandOutcome(text: "nothing to undo", failed: true) }
      return CommandOutcome(text: "undid: \(dropped.source)")
    case "reset":
      reset()
      return CommandOutcome(text: "session reset")
    case "help":
      return CommandOutcome(text: Self.commandHelp)
    case "quit", "q", "exit":
      return CommandOutcome(text: "", quit: true)
    default:
      let known = ["save", "load", "history", "vars", "undo", "reset", "help", "quit"]
      let suggestion = closestName(to: name, in: known).map { " (did you mean :\($0)?)" } ?? ""
      return CommandOutcome(text: "unknown command :\(name)\(suggestion); :help lists them", failed: true)
    }
  }
}


/// The whole file as text, or nil if it cannot be read.
func readTextFile(_ path: String) -> String? {
  guard let bytes = try? readFileBytes(path) else { return nil }
  return String(decoding: bytes, as: UTF8.self)
}
