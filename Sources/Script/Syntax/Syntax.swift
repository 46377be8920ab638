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
  /// Levels in this tree (a leaf is 1). Evaluating recurses once per level, so the parser
  /// refuses trees past its limit however they grew: brackets or a long operator chain.
  public let height: Int

  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
    func tallest(_ items: [Expression?]) -> Int { items.map { $0?.height ?? 0 }.max() ?? 0 }
    switch kind {
    case .name, .int, .float, .string, .bool, .none, .ellipsis: height = 1
    case .tuple(let items), .list(let items), .compare(_, let items): height = 1 + tallest(items)
    case .unary(_, let operand), .attribute(let operand, _): height = 1 + operand.height
    case .binary(_, let left, let right): height = 1 + max(left.height, right.height)
    case .call(let callee, let arguments): height = 1 + max(callee.height, tallest(arguments.map(\.value)))
    case .index(let base, let items):
      let parts: [Expression?] = items.flatMap { item -> [Expression?] in
        switch item {
        case .index(let index): return [index]
        case .slice(let start, let stop, let step, _): return [start, stop, step]
        }
      }
      height = 1 + max(base.height, tallest(parts))
    }
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
