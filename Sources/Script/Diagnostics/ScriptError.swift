/// An error from parsing or running a statement, with the source range it is about.
public struct ScriptError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable { case syntax, runtime }

  public var kind: Kind
  public var message: String
  public var range: SourceRange

  public init(_ kind: Kind, _ message: String, at range: SourceRange) {
    self.kind = kind
    self.message = Self.capped(message)
    self.range = range
  }

  /// Characters of a message shown at most: a value quoted in it (a 6,000-character string, a
  /// long name) is cut in the middle, saying how much.
  public static let maximumMessageLength = 400

  static func capped(_ message: String) -> String {
    guard message.count > maximumMessageLength else { return message }
    let head = message.prefix(maximumMessageLength * 2 / 3), tail = message.suffix(maximumMessageLength / 4)
    return "\(head) … (\(message.count - head.count - tail.count) characters left out) … \(tail)"
  }

  public var description: String { message }

  /// The line, a caret under the range, and the message.
  public func rendered(source: String) -> String {
    Diagnostic(message: message, range: range).rendered(source: source)
  }
}

/// The closest of `candidates` to `name` by edit distance, when close enough to be a likely typo.
public func closestName(to name: String, in candidates: some Sequence<String>) -> String? {
  let lowered = name.lowercased()
  var best: (String, Int)?
  for candidate in candidates {
    let distance = editDistance(lowered, candidate.lowercased())
    if distance <= max(1, name.count / 3), distance < (best?.1 ?? .max) { best = (candidate, distance) }
  }
  return best?.0
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters each cost 1 (so `zerso` is one step from `zeros`).
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  guard !a.isEmpty else { return b.count }
  guard !b.isEmpty else { return a.count }
  var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
  for i in 0...a.count { table[i][0] = i }
  for j in 0...b.count { table[0][j] = j }
  for i in 1...a.count {
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
      }
    }
  }
  return table[a.count][b.count]
}
