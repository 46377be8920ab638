import Script
import Tensors

/// Tab completion: what the word at the cursor could become.
public struct Completion: Sendable, Equatable {
  /// Character offsets (in the editor's text) of the partial word to replace.
  public var range: Range<Int>
  public var candidates: [String]

  /// The longest prefix every candidate shares.
  public var commonPrefix: String {
    guard var prefix = candidates.first else { return "" }
    for candidate in candidates.dropFirst() {
      while !candidate.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
  }

  /// Candidates for the word ending at `cursor`: session names, builtins and layer names; members
  /// after a `.` (`np.ran`, `keras.layers.Conv3`, `y.sh`); keyword arguments of the call being
  /// typed (`strides=`).
  public static func complete(_ text: String, cursor: Int, state: InterpreterState) -> Completion? {
    let characters = Array(text)
    guard cursor <= characters.count, !insideString(characters[..<cursor]) else { return nil }
    var start = cursor
    while start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber
      || characters[start - 1] == "_" || characters[start - 1] == "."
    {
      start -= 1
    }
    let token = String(characters[start..<cursor])
    let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    let partial = parts.last ?? ""
    var names: [String]
    if parts.count > 1 {
      guard let value = Introspection.value(ofPath: Array(parts.dropLast()), in: state) else { return nil }
      names = Introspection.memberNames(of: value)
    } else {
      names = Array(state.variables.keys) + Introspection.globalNames
      if let hint = SignatureHint.find(text, cursor: cursor, state: state) {
        names = hint.signature.parameters.map { $0.name + "=" } + names
      }
    }
    var seen = Set<String>()
    let matches = names.filter { $0.hasPrefix(partial) && $0 != partial && seen.insert($0).inserted }
    guard !matches.isEmpty else { return nil }
    let keywords = matches.filter { $0.hasSuffix("=") }
    // Alphabetical, as a menu lists them (ptpython, IPython); keyword arguments first.
    let others = matches.filter { !$0.hasSuffix("=") }.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    return Completion(range: (cursor - partial.count)..<cursor, candidates: keywords + others)
  }

  static func insideString(_ characters: ArraySlice<Character>) -> Bool {
    var quote: Character?
    for character in characters {
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "'" || character == "\"" {
        quote = character
      } else if character == "#" {
        return true
      }
    }
    return quote != nil
  }
}

/// The signature of the call the cursor is in, with the argument being typed.
public struct SignatureHint: Sendable, Equatable {
  public var signature: Introspection.CallSignature
  /// Which parameter the cursor is on, if it can be told.
  public var current: Int?

  /// `Conv3DTranspose(filters, kernel_size, strides=(1, 1, 1), …)` and the highlighted part.
  public var line: (text: String, highlight: Range<Int>?) {
    var text = signature.name + "("
    var highlight: Range<Int>?
    for (index, parameter) in signature.parameters.enumerated() {
      if index > 0 { text += ", " }
      if index == current { highlight = text.count..<(text.count + parameter.text.count) }
      text += parameter.text
    }
    return (text + ")", highlight)
  }

  public static func == (lhs: SignatureHint, rhs: SignatureHint) -> Bool {
    lhs.signature == rhs.signature && lhs.current == rhs.current
  }

  /// Finds the innermost unclosed call before `cursor` and the argument position in it.
  public static func find(_ text: String, cursor: Int, state: InterpreterState) -> SignatureHint? {
    let characters = Array(text.prefix(cursor))
    var depth = 0
    var open: Int?
    var index = characters.count - 1
    // Scan back to the unmatched "(" (strings are skipped by a forward pass below).
    let inString = stringMask(characters)
    while index >= 0 {
      let character = characters[index]
      if !inString[index] {
        if ")]}".contains(character) { depth += 1 }
        if "([{".contains(character) {
          if depth == 0 {
            if character == "(" { open = index }
            break
          }
          depth -= 1
        }
      }
      index -= 1
    }
    guard let open else { return nil }
    var start = open
    while start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber
      || characters[start - 1] == "_" || characters[start - 1] == "."
    {
      start -= 1
    }
    let callee = String(characters[start..<open]).split(separator: ".").map(String.init)
    guard !callee.isEmpty, let value = Introspection.value(ofPath: callee, in: state),
      let signature = Introspection.signature(of: value)
    else { return nil }
    // Count top-level commas after "(" and read a keyword being typed.
    var commas = 0
    var segmentStart = open + 1
    depth = 0
    for position in (open + 1)..<characters.count where !inString[position] {
      let character = characters[position]
      if "([{".contains(character) { depth += 1 }
      if ")]}".contains(character) { depth -= 1 }
      if character == "," && depth == 0 {
        commas += 1
        segmentStart = position + 1
      }
    }
    let segment = String(characters[segmentStart...].prefix { $0 != "=" && $0 != ":" })
    let keyword = segment.trimmingWhitespace()
    var current: Int? = commas < signature.parameters.count ? commas : nil
    if characters[segmentStart...].contains(where: { $0 == "=" || $0 == ":" }),
      let named = signature.parameters.firstIndex(where: { $0.name == keyword })
    {
      current = named
    }
    return SignatureHint(signature: signature, current: current)
  }
}

