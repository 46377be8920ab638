/// Splits source text into tokens. Newlines end statements only outside brackets, so a call
/// may span lines; `#` starts a comment; positions are UTF-8 byte offsets.
public struct Lexer {
  private let bytes: [UInt8]
  private var position = 0
  private var depth = 0
  private let firstPosition: Int
  /// Whether the text was copied from a REPL: some line starts with a `>>>` prompt.
  private let hasPrompts: Bool

  public init(_ source: String) {
    bytes = Array(source.utf8)
    // A byte-order mark at the very start is skipped, as Python skips it.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    firstPosition = position
    hasPrompts = source.split(separator: "\n", omittingEmptySubsequences: false).contains { Prompts.isPrompt($0, ">>>") }
  }

  /// A REPL's prompt at a line start: `>>> ` or `... `, or the bare prompt of an empty line.
  /// Text copied from Python, IPython or the docs runs as written, as IPython reads it.
  private mutating func skipPrompt() {
    guard position == firstPosition || bytes[position - 1] == UInt8(ascii: "\n") else { return }
    guard hasPrompts else {
      // A `...` prompt alone on its line (the end of a block copied from a REPL) is empty.
      var end = position + 3
      while end < bytes.count && bytes[end] == UInt8(ascii: " ") { end += 1 }
      if matches("..."), end == bytes.count || bytes[end] == UInt8(ascii: "\n") { position = end }
      return
    }
    for prompt in [">>>", "..."] where matches(prompt) {
      let after = position + 3
      if after == bytes.count || bytes[after] == UInt8(ascii: "\n") {
        position = after
      } else if bytes[after] == UInt8(ascii: " ") {
        position = after + 1
      }
      return
    }
  }

  private static let symbols: [String] = [
    "**=", "//=", ">>=", "<<=", "+=", "-=", "*=", "/=", "%=", "@=", "&=", "|=", "^=",
    "**", "//", "==", "!=", "<=", ">=", "->", "...", "<<", ">>",
    "+", "-", "*", "/", "%", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=", "<", ">", "@", "&", "|", "^", "~",
  ].sorted { $0.count > $1.count }

  /// The symbols by their first byte, longest first: a token tries only its own few.
  private static let symbolsByFirstByte: [UInt8: [String]] = Dictionary(grouping: symbols) { $0.utf8.first! }

  public mutating func tokenize() throws(ScriptError) -> [Token] {
    var tokens: [Token] = []
    while true {
      let token = try next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  private func peek(_ offset: Int = 0) -> UInt8? {
    position + offset < bytes.count ? bytes[position + offset] : nil
  }

  private mutating func next() throws(ScriptError) -> Token {
    // Skip prompts, spaces, comments, and (inside brackets) newlines and backslash continuations.
    skipPrompt()
    while let byte = peek() {
      if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
        position += 1
      } else if byte == UInt8(ascii: "#") {
        while let c = peek(), c != UInt8(ascii: "\n") { position += 1 }
      } else if byte == UInt8(ascii: "\\") && peek(1) == UInt8(ascii: "\n") {
        position += 2
        skipPrompt()
      } else if byte == UInt8(ascii: "\n") && depth > 0 {
        position += 1
        skipPrompt()
      } else {
        break
      }
    }
    let start = position
    guard let byte = peek() else { return Token(.end, SourceRange(start, start)) }

    if byte == UInt8(ascii: "\n") {
      position += 1
      return Token(.newline, SourceRange(start, position))
    }
    if isDigit(byte) || (byte == UInt8(ascii: ".") && peek(1).map(isDigit) == true) {
      return try number(start)
    }
    if (byte == UInt8(ascii: "f") || byte == UInt8(ascii: "F")), let quote = peek(1),
      quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")
    {
      return try formatString(start, quote: quote)
    }
    if isNameStart(byte) {
      while let c = peek(), isNameStart(c) || isDigit(c) { position += 1 }
      let text = String(decoding: bytes[start..<position], as: UTF8.self)
      return Token(.name(text), SourceRange(start, position))
    }
    if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") { return try string(start, quote: byte) }
    for symbol in Self.symbolsByFirstByte[byte] ?? [] where matches(symbol) {
      position += symbol.utf8.count
      if "([{".contains(symbol) { depth += 1 }
      if ")]}".contains(symbol) { depth = max(0, depth - 1) }
      return Token(.symbol(symbol), SourceRange(start, position))
    }
    let width = utf8Width(byte)
    let character = String(decoding: bytes[start..<min(bytes.count, start + width)], as: UTF8.self)
    let shown = byte < 0x20 || byte == 0x7F ? "control character 0x\(String(byte, radix: 16, uppercase: true))" : "'\(character)'"
    throw ScriptError(.syntax, "unexpected \(shown)", at: SourceRange(start, start + width))
  }

  private func matches(_ symbol: String) -> Bool {
    var offset = position
    for byte in symbol.utf8 {
      guard offset < bytes.count, bytes[offset] == byte else { return false }
      offset += 1
    }
    return true
  }

  private mutating func number(_ start: Int) throws(ScriptError) -> Token {
    var isFloat = false
    while let c = peek(), isDigit(c) || c == UInt8(ascii: "_") { position += 1 }
    if peek() == UInt8(ascii: "."), peek(1) != UInt8(ascii: ".") || peek(2) != UInt8(ascii: ".") {
      isFloat = true
      position += 1
      while let c = peek(), isDigit(c) || c == UInt8(ascii: "_") { position += 1 }
    }
    if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
      let save = position
      position += 1
      if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
      if let digit = peek(), isDigit(digit) {
        isFloat = true
        while let c = peek(), isDigit(c) { position += 1 }
      } else {
        position = save
      }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self).replacingUnderscores()
    let range = SourceRange(start, position)
    if isFloat {
      guard let value = Double(text) else { throw ScriptError(.syntax, "invalid number '\(text)'", at: range) }
      return Token(.float(value), range)
    }
    guard let value = Int(text) else { return Token(.bigInt(text), range) }
    return Token(.int(value), range)
  }

  private mutating func string(_ start: Int, quote: UInt8) throws(ScriptError) -> Token {
    position += 1
    var value: [UInt8] = []
    while true {
      guard let c = peek(), c != UInt8(ascii: "\n") else {
        throw ScriptError(.syntax, "unterminated string: add the closing \(quote == UInt8(ascii: "'") ? "'" : "\"")", at: SourceRange(start, position))
      }
      if (c < 0x20 && c != UInt8(ascii: "\t")) || c == 0x7F {
        let name = c == 0 ? "NUL byte" : "control character 0x\(String(c, radix: 16, uppercase: true))"
        throw ScriptError(.syntax, "\(name) in a string: write it as an escape", at: SourceRange(position, position + 1))
      }
      position += 1
      if c == quote { break }
      if c == UInt8(ascii: "\\"), peek() != nil {
        value += try escape(at: position - 1)
        continue
      }
      value.append(c)
    }
    return Token(.string(String(decoding: value, as: UTF8.self)), SourceRange(start, position))
  }

  /// `f'…'` at `start`: literal text (escapes and `{{ }}` as Python reads them) and
  /// `{expression!conversion:spec}` fields, whose expression is left where it is for the parser.
  private mutating func formatString(_ start: Int, quote: UInt8) throws(ScriptError) -> Token {
    position += 2
    var pieces: [Token.FormatPiece] = []
    var text: [UInt8] = []
    func unterminated() -> ScriptError {
      ScriptError(
        .syntax, "unterminated f-string: add the closing \(quote == UInt8(ascii: "'") ? "'" : "\"")",
        at: SourceRange(start, position))
    }
    while true {
      guard let c = peek(), c != UInt8(ascii: "\n") else { throw unterminated() }
      if c == quote {
        position += 1
        break
      }
      if c == UInt8(ascii: "\\"), peek(1) != nil {
        position += 1
        text += try escape(at: position - 1)
        continue
      }
      if c == UInt8(ascii: "}") {
        guard peek(1) == UInt8(ascii: "}") else {
          throw ScriptError(.syntax, "f-string: single '}' is not allowed (write '}}' for a brace)", at: SourceRange(position, position + 1))
        }
        text.append(c)
        position += 2
        continue
      }
      guard c == UInt8(ascii: "{") else {
        text.append(c)
        position += 1
        continue
      }
      if peek(1) == UInt8(ascii: "{") {
        text.append(c)
        position += 2
        continue
      }
      if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))) }
      text = []
      let open = position
      position += 1
      // The expression runs to a `!`, `:` or `}` outside brackets and strings.
      let expressionStart = position
      var nesting = 0
      var inner: UInt8?
      while let d = peek(), d != UInt8(ascii: "\n") {
        if let q = inner {
          if d == q { inner = nil }
        } else if d == UInt8(ascii: "'") || d == UInt8(ascii: "\"") {
          if d == quote { break }
          inner = d
        } else if d == UInt8(ascii: "(") || d == UInt8(ascii: "[") || d == UInt8(ascii: "{") {
          nesting += 1
        } else if d == UInt8(ascii: ")") || d == UInt8(ascii: "]") || (d == UInt8(ascii: "}") && nesting > 0) {
          nesting -= 1
        } else if nesting == 0
          && (d == UInt8(ascii: "}") || d == UInt8(ascii: ":") || (d == UInt8(ascii: "!") && peek(1) != UInt8(ascii: "=")))
        {
          break
        }
        position += 1
      }
      let expression = SourceRange(expressionStart, position)
      if bytes[expressionStart..<position].allSatisfy({ $0 == UInt8(ascii: " ") }) {
        throw ScriptError(.syntax, "f-string: empty expression not allowed", at: SourceRange(open, min(position + 1, bytes.count)))
      }
      var conversion: Character?
      if peek() == UInt8(ascii: "!") {
        guard let letter = peek(1), [UInt8(ascii: "r"), UInt8(ascii: "s"), UInt8(ascii: "a")].contains(letter) else {
          throw ScriptError(
            .syntax, "f-string: invalid conversion character: expected 's', 'r', or 'a'",
            at: SourceRange(position, min(position + 2, bytes.count)))
        }
        conversion = Character(UnicodeScalar(letter))
        position += 2
      }
      var spec: [UInt8] = []
      if peek() == UInt8(ascii: ":") {
        position += 1
        while let d = peek(), d != UInt8(ascii: "}"), d != UInt8(ascii: "\n"), d != quote {
          if d == UInt8(ascii: "{") {
            throw ScriptError(.syntax, "f-string: nested fields in a format spec are not supported", at: SourceRange(position, position + 1))
          }
          spec.append(d)
          position += 1
        }
      }
      guard peek() == UInt8(ascii: "}") else { throw ScriptError(.syntax, "f-string: expecting '}'", at: SourceRange(open, position)) }
      position += 1
      pieces.append(.field(expression: expression, conversion: conversion, spec: String(decoding: spec, as: UTF8.self)))
    }
    if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))) }
    return Token(.formatString(pieces), SourceRange(start, position))
  }

  /// Python's escapes after the backslash at `start`: `\\ \' \" \a \b \f \n \r \t \v`, octal
  /// `\0`–`\777`, `\xhh`, `\uhhhh`, `\Uhhhhhhhh`. Any other is an error (Python warns and keeps
  /// the backslash, which is rarely what was meant).
  private mutating func escape(at start: Int) throws(ScriptError) -> [UInt8] {
    let escaped = bytes[position]
    position += 1
    let simple: [UInt8: UInt8] = [
      UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "'"): 0x27, UInt8(ascii: "\""): 0x22, UInt8(ascii: "a"): 0x07,
      UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D,
      UInt8(ascii: "t"): 0x09, UInt8(ascii: "v"): 0x0B,
    ]
    if let byte = simple[escaped] { return [byte] }
    func scalar(_ value: UInt32) throws(ScriptError) -> [UInt8] {
      guard let scalar = Unicode.Scalar(value) else {
        throw ScriptError(
          .syntax, "\\U\(String(value, radix: 16)) is not a Unicode code point", at: SourceRange(start, position))
      }
      return Array(String(Character(scalar)).utf8)
    }
    func digits(_ count: Int, radix: Int) throws(ScriptError) -> UInt32 {
      var value: UInt32 = 0
      for _ in 0..<count {
        guard let byte = peek(), let digit = Int(String(UnicodeScalar(byte)), radix: radix) else {
          let name = Character(UnicodeScalar(escaped))
          throw ScriptError(
            .syntax, "truncated \\\(name) escape: it takes \(count) hex digits", at: SourceRange(start, position))
        }
        value = value * UInt32(radix) + UInt32(digit)
        position += 1
      }
      return value
    }
    switch escaped {
    case UInt8(ascii: "0")...UInt8(ascii: "7"):
      var value = UInt32(escaped - UInt8(ascii: "0"))
      for _ in 0..<2 {
        guard let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) else { break }
        value = value * 8 + UInt32(byte - UInt8(ascii: "0"))
        position += 1
      }
      return try scalar(value)
    case UInt8(ascii: "x"): return try scalar(try digits(2, radix: 16))
    case UInt8(ascii: "u"): return try scalar(try digits(4, radix: 16))
    case UInt8(ascii: "U"): return try scalar(try digits(8, radix: 16))
    default:
      let width = utf8Width(escaped)
      let shown = String(decoding: bytes[(position - 1)..<min(bytes.count, position - 1 + width)], as: UTF8.self)
      throw ScriptError(
        .syntax, "invalid escape sequence '\\\(shown)': write '\\\\' for a backslash",
        at: SourceRange(start, min(bytes.count, position - 1 + width)))
    }
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
  private func isNameStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || byte == UInt8(ascii: "_")
  }
  private func utf8Width(_ byte: UInt8) -> Int {
    byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
