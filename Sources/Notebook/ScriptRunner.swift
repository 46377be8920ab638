import Script
import Tensors

/// A difference found by `convlab run --check`.
public struct CheckFailure: Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var line: Int
  public var expected: [String]
  public var actual: [String]

  public var description: String {
    var text = "\(path):\(line): output differs\n"
    text += expected.isEmpty ? "  expected: (nothing)" : expected.map { "  expected: \($0)" }.joined(separator: "\n")
    text += "\n" + (actual.isEmpty ? "  actual:   (nothing)" : actual.map { "  actual:   \($0)" }.joined(separator: "\n"))
    return text
  }
}

/// `convlab run FILE…` and `convlab run --check FILE…`.
public enum ScriptRunner {
  /// Replays each file into one session, writing what the session prints. Stops at the first
  /// error (exit 1, with file:line:column and a caret); a file that does not parse runs
  /// nothing, as a Python script. With `check`, compares each statement's output with its `#:`
  /// lines and reports every difference (exit 1 if any).
  ///
  /// With `update`, each statement's `#:` lines are rewritten to what it printed now (comments
  /// and blank lines stay), as doctest and snapshot tools accept new output.
  public static func run(
    files: [String], check: Bool, update: Bool = false, session: Session = Session(), write: (String) -> Void
  ) -> Int32 {
    let check = check || update
    var failures: [CheckFailure] = []
    var statements = 0
    for path in files {
      var document: ScriptDocument
      do {
        let (read, problem) = try ScriptDocument.read(path: path)
        if let problem {
          // A byte that is not UTF-8: where it is in the file.
          let text = String(decoding: try readFileBytes(path), as: UTF8.self)
          write(located(problem, path: path, text: text, firstLine: 1))
          return 1
        }
        document = read
      } catch {
        write("convlab: cannot read \(path): \(error.reason)\n")
        return 1
      }
      for code in document.codes {
        if case .failed(let error) = code.status {
          write(located(error, path: path, text: code.source, firstLine: code.line))
          return 1
        }
      }
      var updated = 0
      scripts: for code in document.codes {
        var printed: [String] = []
        for result in session.evaluate(code.source) {
          if let error = result.error {
            if error.isInterrupted {
              let start = result.range?.start ?? error.range.start
              let location = SourceLocation(offset: start, in: code.source, firstLine: code.line)
              write("\(path):\(location): interrupted (Ctrl-C) in: \(result.source)\n")
              return 130
            }
            write(located(error, path: path, text: code.source, firstLine: code.line))
            return 1
          }
          if !check { for line in result.lines { write(line + "\n") } }
          printed += Session.outputLines(result.lines)
          if result.panel == .quit { break scripts }  // exit() ends a script, as in Python
        }
        statements += 1
        guard check, printed != code.outputs else { continue }
        if update {
          document.update(code.id) { $0.outputs = printed }
          updated += 1
        } else {
          failures.append(
            CheckFailure(path: path, line: code.line + code.source.filter { $0 == "\n" }.count + 1, expected: code.outputs, actual: printed))
        }
      }
      if updated > 0 {
        do { try AtomicFile.write(Array(document.text.utf8), to: path) } catch {
          write("convlab: cannot write \(path): \(error.reason)\n")
          return 1
        }
        write("updated \(count(updated, "output")) in \(path)\n")
      }
    }
    if check {
      for failure in failures { write(failure.description + "\n") }
      write(failures.isEmpty
        ? "checked \(count(statements, "statement")) in \(count(files.count, "file")): all outputs match\n"
        : "\(count(failures.count, "output")) differ\n")
    }
    return failures.isEmpty ? 0 : 1
  }

  /// `file:line:column: error: message`, then the line and a caret; `text` starts on line
  /// `firstLine` of the file.
  static func located(_ error: ScriptError, path: String, text: String, firstLine: Int) -> String {
    let location = SourceLocation(offset: error.range.start, in: text, firstLine: firstLine)
    let rendered = Diagnostic(message: error.message, range: error.range).rendered(source: text)
    let body = rendered.split(separator: "\n", omittingEmptySubsequences: false).dropLast().joined(separator: "\n")
    let kind = error.kind == .syntax ? "syntax error" : "error"
    return "\(path):\(location): \(kind): \(error.message)\n\(body)\n"
  }
}
