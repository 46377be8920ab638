/// Terminal columns a character occupies: 2 for East Asian wide and emoji, 0 for combining marks
/// and zero-width characters, else 1. (wcwidth depends on the process locale; this does not.)
public func displayWidth(_ character: Character) -> Int {
  guard let first = character.unicodeScalars.first else { return 0 }
  let value = first.value
  if value < 0x20 || (value >= 0x7F && value < 0xA0) { return 0 }
  if (0x0300...0x036F).contains(value) || (0x200B...0x200F).contains(value) || (0xFE00...0xFE0F).contains(value) {
    return 0
  }
  let wide: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
    0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
    0x1F900...0x1F9FF, 0x20000...0x3FFFD,
  ]
  return wide.contains { $0.contains(value) } ? 2 : 1
}

public func displayWidth(_ text: some StringProtocol) -> Int {
  text.reduce(0) { $0 + displayWidth($1) }
}

/// The longest prefix of `text` that fits in `width` columns, and the rest.
public func splitToWidth(_ text: String, _ width: Int) -> (String, String) {
  var used = 0
  var index = text.startIndex
  while index < text.endIndex {
    let next = used + displayWidth(text[index])
    if next > width { break }
    used = next
    index = text.index(after: index)
  }
  if index == text.startIndex && !text.isEmpty { index = text.index(after: index) }  // never stall
  return (String(text[..<index]), String(text[index...]))
}

/// `text` wrapped to lines of at most `width` columns (hard wrap, as a terminal would).
public func wrapToWidth(_ text: String, _ width: Int) -> [String] {
  guard width > 0 else { return [text] }
  var lines: [String] = []
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    var rest = String(line)
    if rest.isEmpty { lines.append("") }
    while !rest.isEmpty {
      let (head, tail) = splitToWidth(rest, width)
      lines.append(head)
      rest = tail
    }
  }
  return lines
}

/// `text` wrapped at spaces where it can be (hard-wrapped only inside words longer than a line).
public func wordWrap(_ text: String, _ width: Int) -> [String] {
  guard width > 0 else { return [text] }
  var lines: [String] = []
  var current = ""
  for word in text.split(separator: " ", omittingEmptySubsequences: false) {
    let candidate = current.isEmpty ? String(word) : current + " " + word
    if displayWidth(candidate) <= width {
      current = candidate
      continue
    }
    if !current.isEmpty { lines.append(current) }
    var rest = String(word)
    while displayWidth(rest) > width {
      let (head, tail) = splitToWidth(rest, width)
      lines.append(head)
      rest = tail
    }
    current = rest
  }
  lines.append(current)
  return lines
}

/// `line` wrapped at words, its indent kept and its continuation rows indented two more
/// (help's argument lines, explain's notes).
public func indentedWordWrap(_ line: String, _ width: Int) -> [String] {
  let indent = line.prefix { $0 == " " }.count
  let pad = String(repeating: " ", count: min(indent + 2, width / 2))
  let pieces = wordWrap(String(line.dropFirst(indent)), max(10, width - pad.count))
  return pieces.enumerated().map { index, piece in (index == 0 ? String(repeating: " ", count: indent) : pad) + piece }
}
