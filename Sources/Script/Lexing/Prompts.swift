/// The prompts of Python's REPL (`>>> `, `... `) at the start of copied lines. The lexer
/// skips them, so pasted and saved text runs as written; the notebook takes them off a paste
/// before it reaches the editor.
public enum Prompts {
  /// Whether `line` starts with `prompt` (`>>>` or `...`) followed by a space or nothing.
  static func isPrompt(_ line: Substring, _ prompt: String) -> Bool {
    guard line.hasPrefix(prompt) else { return false }
    let rest = line.dropFirst(prompt.count)
    return rest.isEmpty || rest.hasPrefix(" ")
  }

  /// `text` without its prompts, when some line has a `>>>` prompt (as IPython decides);
  /// other text is returned as it is.
  public static func stripped(_ text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.contains(where: { isPrompt($0, ">>>") }) else { return text }
    return lines.map { line in
      for prompt in [">>>", "..."] where isPrompt(line, prompt) { return String(line.dropFirst(prompt.count).dropFirst()) }
      return String(line)
    }.joined(separator: "\n")
  }
}
