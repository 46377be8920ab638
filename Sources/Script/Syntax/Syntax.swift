/// An expression and the source range it came from.
public struct Expression: Sendable, Equatable {
  public indirect enum Kind: Sendable, Equatable {
    case name(String)
    case int(Int)
    case float(Double)
    case string(String)
    case bool(Bool)
    case none
    case ellipsis
    case tuple([Expression])
    case list([Expression])
    case unary(String, Expression)  // "-", "+", "not"
    case binary(String, Expression, Expression)  // + - * / // % ** @ and or
    case compare([String], [Expression])  // a < b <= c: operators and operands
    case call(Expression, [Argument])
    case attribute(Expression, String)
    case index(Expression, [SubscriptItem])
  }

  public var kind: Kind
  public var range: SourceRange

  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// A call argument: positional, or `name=value` / `name: value`.
public struct Argument: Sendable, Equatable {
  public var label: String?
  public var value: Expression
  public var range: SourceRange
}

/// One index of `x[...]`: an expression (`2`, `None`, `...`) or a slice `start:stop:step`.
public enum SubscriptItem: Sendable, Equatable {
  case index(Expression)
  case slice(start: Expression?, stop: Expression?, step: Expression?, range: SourceRange)
}

/// A statement and its source range.
public struct Statement: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case expression(Expression)
    /// `target = value`; the target is a name, an attribute or a subscript.
    case assign(target: Expression, value: Expression)
    /// `import a.b as c`
    case importModule(path: [String], alias: String?)
    /// `from a.b import c as d, e`
    case fromImport(path: [String], names: [ImportedName])
  }

  public struct ImportedName: Sendable, Equatable {
    public var name: String
    public var alias: String?
  }

  public var kind: Kind
  public var range: SourceRange
}
