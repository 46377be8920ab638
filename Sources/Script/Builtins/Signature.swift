import Layers

/// A builtin's signature as Python writes it, read once into parameters: `zeros(shape,
/// dtype=float)`, `arange([start,] stop[, step], dtype=None)`, `print(*values, sep=' ')`,
/// `array(object, dtype=None, *, copy=True)`. Calls are checked against it, and the signature
/// line and completion show its parameters.
struct Signature: Sendable {
  struct Parameter: Sendable, Equatable {
    /// Empty for a positional-only placeholder such as `(a1, a2, ...)`.
    var name: String
    /// As written, with its default: `dtype=float`.
    var text: String
    var keywordOnly: Bool
  }

  let text: String
  let name: String
  let parameters: [Parameter]
  /// nil when any number may be given (`*args`, `d0, d1, ...`).
  let maximumPositional: Int?
  /// `**kwargs`.
  let acceptsAnyKeyword: Bool

  init(_ text: String) {
    self.text = text
    let open = text.firstIndex(of: "(") ?? text.endIndex
    name = String(text[..<open])
    let close = text.lastIndex(of: ")") ?? text.endIndex
    let inside = open < close ? String(text[text.index(after: open)..<close]) : ""
    var parameters: [Parameter] = [], variadic = false, anyKeyword = false, keywordOnly = false
    for part in Self.splitTopLevel(inside.filter { $0 != "[" && $0 != "]" }) {
      switch part {
      case "/": continue
      case "*": keywordOnly = true
      case "...": variadic = true
      case _ where part.hasPrefix("**"): anyKeyword = true
      case _ where part.hasPrefix("*"):
        variadic = true
        keywordOnly = true
        parameters.append(Parameter(name: "", text: part, keywordOnly: false))
      case _ where part.hasPrefix("("): parameters.append(Parameter(name: "", text: part, keywordOnly: keywordOnly))
      default:
        let name = String(part.prefix { $0 != "=" }).trimmingSpaces()
        parameters.append(Parameter(name: name, text: part, keywordOnly: keywordOnly))
      }
    }
    self.parameters = parameters
    maximumPositional = variadic ? nil : parameters.filter { !$0.keywordOnly }.count
    acceptsAnyKeyword = anyKeyword
  }

  /// Refuses a keyword the signature does not name and more positional arguments than it
  /// takes (a `shape` given as separate ints, convlab's shortcut, is one argument).
  func bind(_ arguments: CallArguments) throws(ScriptError) {
    if !acceptsAnyKeyword {
      let names = parameters.map(\.name).filter { !$0.isEmpty }
      for keyword in arguments.keyword where !names.contains(keyword.name) {
        let suggestion = closestName(to: keyword.name, in: names)
        throw ScriptError(
          .runtime,
          "\(arguments.function)() got an unexpected keyword argument '\(keyword.name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
          at: keyword.range)
      }
    }
    guard let maximum = maximumPositional, arguments.positional.count > maximum else { return }
    if parameters.first?.name == "shape", arguments.sizesGivenSeparately { return }
    throw ScriptError(
      .runtime,
      "\(arguments.function)() takes at most \(maximum) positional argument\(maximum == 1 ? "" : "s") but \(arguments.positional.count) were given",
      at: arguments.positional[maximum].range)
  }

  /// `a, (b, c), d=[1, 2]` → `a`, `(b, c)`, `d=[1, 2]`.
  static func splitTopLevel(_ text: String) -> [String] {
    var parts: [String] = [], current = "", depth = 0, quote: Character?
    for character in text {
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "'" || character == "\"" {
        quote = character
      } else if "([{".contains(character) {
        depth += 1
      } else if ")]}".contains(character) {
        depth -= 1
      } else if character == ",", depth == 0 {
        parts.append(current.trimmingSpaces())
        current = ""
        continue
      }
      current.append(character)
    }
    if !current.trimmingSpaces().isEmpty { parts.append(current.trimmingSpaces()) }
    return parts.filter { !$0.isEmpty }
  }
}
