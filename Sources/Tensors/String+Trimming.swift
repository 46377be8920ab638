extension String {
  /// The string without leading and trailing characters from `set` (Foundation's
  /// `trimmingCharacters(in:)`, which these modules do without).
  public func trimmingCharacters(in set: String) -> String {
    String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
  }

  /// The string without leading and trailing whitespace.
  public func trimmingWhitespace() -> String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }

  /// The string without trailing whitespace (leading whitespace is layout: indents, gutters).
  public func trimmingTrailingSpaces() -> String {
    String(reversed().drop(while: \.isWhitespace).reversed())
  }
}
