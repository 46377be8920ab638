/// The editor's text and cursor, with readline/Emacs editing. Multi-line: lines are separated
/// by "\n" in `characters`. No terminal here; the UI maps keys to `Action`s.
public struct LineEditor: Sendable, Equatable {
  public private(set) var characters: [Character] = []
  /// Index in `characters` (0...count).
  public private(set) var cursor = 0
  /// The last killed text, for Ctrl-Y.
  public private(set) var killed = ""

  public init(_ text: String = "") {
    characters = Array(text)
    cursor = characters.count
  }

  public var text: String { String(characters) }
  public var isEmpty: Bool { characters.isEmpty }

  public enum Action: Sendable, Equatable {
    case insert(String)
    case left, right, wordLeft, wordRight
    case lineStart, lineEnd  // Home/End, Ctrl-A/Ctrl-E
    case up, down  // within a multi-line buffer
    case deleteBackward, deleteForward
    case killToLineEnd  // Ctrl-K
    case killToLineStart  // Ctrl-U
    case killWordBackward  // Ctrl-W
    case killWordForward  // Alt-D
    case yank  // Ctrl-Y
  }

  public mutating func apply(_ action: Action) {
    switch action {
    case .insert(let text):
      characters.insert(contentsOf: text, at: cursor)
      cursor += text.count
    case .left: cursor = max(0, cursor - 1)
    case .right: cursor = min(characters.count, cursor + 1)
    case .wordLeft: cursor = wordStart(before: cursor)
    case .wordRight: cursor = wordEnd(after: cursor)
    case .lineStart: cursor = lineStart(of: cursor)
    case .lineEnd: cursor = lineEnd(of: cursor)
    case .up, .down:
      let (line, column) = position
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let target = action == .up ? line - 1 : line + 1
      guard target >= 0 && target < lines.count else { return }
      let start = lines[..<target].reduce(0) { $0 + $1.count + 1 }
      cursor = start + min(column, lines[target].count)
    case .deleteBackward:
      guard cursor > 0 else { return }
      characters.remove(at: cursor - 1)
      cursor -= 1
    case .deleteForward:
      guard cursor < characters.count else { return }
      characters.remove(at: cursor)
    case .killToLineEnd:
      let end = lineEnd(of: cursor)
      kill(cursor..<(end == cursor && end < characters.count ? end + 1 : end))
    case .killToLineStart:
      kill(lineStart(of: cursor)..<cursor)
    case .killWordBackward:
      kill(wordStart(before: cursor)..<cursor)
    case .killWordForward:
      kill(cursor..<wordEnd(after: cursor))
    case .yank:
      apply(.insert(killed))
    }
  }

  /// Replaces the whole text; the cursor goes to the end.
  public mutating func set(_ text: String) {
    characters = Array(text)
    cursor = characters.count
  }

  /// Replaces `range` (character offsets) with `replacement`, leaving the cursor after it.
  public mutating func replace(_ range: Range<Int>, with replacement: String) {
    characters.replaceSubrange(range, with: replacement)
    cursor = range.lowerBound + replacement.count
  }

  /// Text before the cursor.
  public var beforeCursor: String { String(characters[..<cursor]) }

  /// 0-based line and character column of the cursor.
  public var position: (line: Int, column: Int) {
    let before = characters[..<cursor]
    let line = before.filter { $0 == "\n" }.count
    return (line, cursor - lineStart(of: cursor))
  }

  /// The offset of the bracket matching the one just before the cursor (or, failing that, at
  /// the cursor), for highlighting; nil when there is none. Brackets inside strings don't count.
  public var matchingBracket: Int? {
    let pairs: [Character: Character] = [")": "(", "]": "[", "}": "{", "(": ")", "[": "]", "{": "}"]
    let inString = stringMask(characters)
    for position in [cursor - 1, cursor] where position >= 0 && position < characters.count && !inString[position] {
      let bracket = characters[position]
      guard let partner = pairs[bracket] else { continue }
      let forward = "([{".contains(bracket)
      var depth = 0
      var index = position
      while index >= 0 && index < characters.count {
        if !inString[index] {
          if characters[index] == bracket { depth += 1 }
          if characters[index] == partner {
            depth -= 1
            if depth == 0 { return index }
          }
        }
        index += forward ? 1 : -1
      }
    }
    return nil
  }

  private mutating func kill(_ range: Range<Int>) {
    guard !range.isEmpty else { return }
    killed = String(characters[range])
    characters.removeSubrange(range)
    cursor = range.lowerBound
  }

  private func lineStart(of index: Int) -> Int {
    var position = index
    while position > 0 && characters[position - 1] != "\n" { position -= 1 }
    return position
  }

  private func lineEnd(of index: Int) -> Int {
    var position = index
    while position < characters.count && characters[position] != "\n" { position += 1 }
    return position
  }

  private func isWord(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" }

  private func wordStart(before index: Int) -> Int {
    var position = index
    while position > 0 && !isWord(characters[position - 1]) { position -= 1 }
    while position > 0 && isWord(characters[position - 1]) { position -= 1 }
    return position
  }

  private func wordEnd(after index: Int) -> Int {
    var position = index
    while position < characters.count && !isWord(characters[position]) { position += 1 }
    while position < characters.count && isWord(characters[position]) { position += 1 }
    return position
  }
}

/// For each character, whether it lies inside a '…' or "…" string literal (quotes included).
func stringMask(_ characters: [Character]) -> [Bool] {
  var mask = [Bool](repeating: false, count: characters.count)
  var quote: Character?
  for (index, character) in characters.enumerated() {
    if let open = quote {
      mask[index] = true
      if character == open { quote = nil }
    } else if character == "'" || character == "\"" {
      quote = character
      mask[index] = true
    }
  }
  return mask
}
