/// One token of the convlab language, with where it stands in the source.
public struct Token: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case name(String)
    case int(Int)
    /// An integer literal past `Int.max`: an error unless it is 2⁶³ after a unary minus.
    case bigInt(String)
    case float(Double)
    case string(String)
    case symbol(String)  // operators and punctuation: + - * / // % ** ( ) [ ] , : ; . = == …
    case newline  // ends a statement (only outside brackets)
    case end
  }

  public var kind: Kind
  public var range: SourceRange

  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  var symbol: String? {
    if case .symbol(let text) = kind { return text }
    return nil
  }
}
