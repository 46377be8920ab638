/// One token of the convlab language, with where it stands in the source.
public struct Token: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case name(String)
    case int(Int)
    /// An integer literal past `Int.max`: an error unless it is 2⁶³ after a unary minus.
    case bigInt(String)
    case float(Double)
    case string(String)
    /// An f-string: literal text, and fields whose expression text is at a byte range of the
    /// source (the parser reads it there, so positions in it are the source's).
    case formatString([FormatPiece])
    case symbol(String)  // operators and punctuation: + - * / // % ** ( ) [ ] , : ; . = == …
    case newline  // ends a statement (only outside brackets)
    case end
  }

  public enum FormatPiece: Sendable, Equatable {
    case text(String)
    case field(expression: SourceRange, conversion: Character?, spec: String)
  }

  public var kind: Kind
  public var range: SourceRange

  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  /// The word of a name token (`for`, `x`), for messages.
  var word: String {
    if case .name(let text) = kind { return text }
    return symbol ?? ""
  }

  var symbol: String? {
    if case .symbol(let text) = kind { return text }
    return nil
  }
}
