import Tensors
import Script

/// `convlab run FILE…` and `convlab run --check FILE…`.
public enum ScriptRunner {
  /// Replays each file into one session, writing what the session prints. Stops at the first
  /// error (exit 1, with file:line:column and a caret). With `check`, compares each statement's
  /// output with its `#:` lines and reports every difference (exit 1 if any).
  ///
  /// With `update`, each statement's `#:` lines are rewritten to what it printed now (comments
  /// and blank lines stay), as doctest and snapshot tools accept new output.
  public static func run(
    files: [String], check: Bool, update: Bool = false, session: Session = Session(), write: (String) -> Void
  ) -> Int32 {
    let check = check || update
    var failures: [CheckFailure] = []
    for path in files {
      let loaded: ScriptFile.Loaded
      do { loaded = try ScriptFile.load(path: path) } catch {
        write("convlab: cannot read \(path): \(error.reason)\n")
        return 1
      }
      // A file that does not parse runs nothing: a script is all or nothing, as in Python.
      if let problem = loaded.problem {
        write(problem)
        return 1
      }
      let script = loaded.script, text = script.text
      var pending: [String] = []  // output of statements sharing a line, checked together
      var replacements: [(line: Int, count: Int, lines: [String])] = []
      for entry in script.entries {
        let results = session.submitStatement(entry, in: text)
        if let error = results.error {
          if error.message == "interrupted" {
            let location = SourceLocation(offset: entry.statement.range.start, in: text)
            write("\(path):\(location): interrupted (Ctrl-C) in: \(entry.source)\n")
            return 130
          }
          write(located(error, path: path, text: text))
          return 1
        }
        guard check else {
          for line in results.lines { write(line + "\n") }
          continue
        }
        pending += results.lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        guard let expected = entry.expected else { continue }
        if expected != pending {
          if update {
            replacements.append((entry.expectedLine - 1, expected.count, pending))
          } else {
            failures.append(CheckFailure(path: path, line: entry.expectedLine, expected: expected, actual: pending))
          }
        }
        pending = []
      }
      if update && !replacements.isEmpty {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for replacement in replacements.reversed() {
          lines.replaceSubrange(
            replacement.line..<(replacement.line + replacement.count),
            with: replacement.lines.map { $0.isEmpty ? "#:" : "#: " + $0 })
        }
        do { try AtomicFile.write(Array(lines.joined(separator: "\n").utf8), to: path) } catch {
          write("convlab: cannot write \(path): \(error.reason)\n")
          return 1
        }
        write("updated \(replacements.count) output\(replacements.count == 1 ? "" : "s") in \(path)\n")
      }
    }
    if check {
      for failure in failures { write(failure.description + "\n") }
      let statements = session.cells.count
      write(failures.isEmpty
        ? "checked \(statements) statement\(statements == 1 ? "" : "s") in \(files.count) file\(files.count == 1 ? "" : "s"): all outputs match\n"
        : "\(failures.count) output\(failures.count == 1 ? "" : "s") differ\n")
    }
    return failures.isEmpty ? 0 : 1
  }

  /// `file:line:column: error: message`, then the line and a caret.
  static func located(_ error: ScriptError, path: String, text: String) -> String {
    let location = SourceLocation(offset: error.range.start, in: text)
    let rendered = Diagnostic(message: error.message, range: error.range).rendered(source: text)
    let body = rendered.split(separator: "\n", omittingEmptySubsequences: false).dropLast().joined(separator: "\n")
    let kind = error.kind == .syntax ? "syntax error" : "error"
    return "\(path):\(location): \(kind): \(error.message)\n\(body)\n"
  }
}

extension Session {
  /// Runs one parsed statement of a file (so error ranges stay file offsets).
  func submitStatement(_ entry: ScriptFile.Entry, in text: String) -> (lines: [String], error: ScriptError?) {
    history.append(entry.source)
    do {
      let outcome = try runStatement(entry.statement, source: entry.source)
      return (outcome, nil)
    } catch {
      return ([], error)
    }
  }
}
