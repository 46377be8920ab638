/// A binary operator, by its symbol (`and`, `or` as words).
public enum BinaryOperator: String, Sendable, Equatable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", remainder = "%"
  case power = "**", matrixMultiply = "@", and, or
  case bitwiseAnd = "&", bitwiseOr = "|", bitwiseXor = "^", leftShift = "<<", rightShift = ">>"
}

/// A unary operator: `-x`, `+x`, `~x`, `not x`.
public enum UnaryOperator: String, Sendable, Equatable {
  case negate = "-", plus = "+", invert = "~", not
}

/// A comparison operator; a chain `a < b <= c` holds one per link.
public enum ComparisonOperator: String, Sendable, Equatable, CaseIterable {
  case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
  case contains = "in", notContains = "not in"
}

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
    /// `{key: value, …}`.
    case dict([DictItem])
    case unary(UnaryOperator, Expression)
    /// Left-associative operators of one precedence level, as a flat chain: `a + b - c` is
    /// `a` then `+ b`, `- c`. Flat, so a chain of thousands of terms is no deeper than one.
    case chain(Expression, [Link])
    /// `value if condition else otherwise`.
    case conditional(Expression, condition: Expression, otherwise: Expression)
    /// `base ** exponent` (right-associative).
    case power(Expression, Expression)
    /// `a < b <= c`: the operators and the operands, one more than the operators.
    case compare([ComparisonOperator], [Expression])
    case call(Expression, [Argument])
    case attribute(Expression, String)
    case index(Expression, [SubscriptItem])
    /// `*rest` among the targets of an unpacking assignment.
    case starred(Expression)
    /// `[element for target in iterable if condition …]`, one or more `for` clauses.
    case comprehension(Expression, [ComprehensionClause])
    /// An f-string: literal text and `{value!conversion:spec}` fields, in order.
    case formatted([FormattedPart])
  }

  /// One `key: value` of a dict display.
  public struct DictItem: Sendable, Equatable {
    public var key: Expression
    public var value: Expression
  }

  /// `for target in iterable` and its `if` conditions, in a comprehension.
  public struct ComprehensionClause: Sendable, Equatable {
    public var target: Expression
    public var iterable: Expression
    public var conditions: [Expression]
  }

  /// A piece of an f-string.
  public enum FormattedPart: Sendable, Equatable {
    case text(String)
    /// `{value}`, `{value!r}`, `{value:.3f}`.
    case field(Expression, conversion: Character?, spec: String)
  }

  /// One step of a chain: an operator and its right operand.
  public struct Link: Sendable, Equatable {
    public var op: BinaryOperator
    public var operand: Expression

    public init(_ op: BinaryOperator, _ operand: Expression) {
      self.op = op
      self.operand = operand
    }
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
    case .dict(let items): height = 1 + tallest(items.flatMap { [$0.key, $0.value] })
    case .unary(_, let operand), .attribute(let operand, _), .starred(let operand): height = 1 + operand.height
    case .comprehension(let element, let clauses):
      height = 1 + max(element.height, tallest(clauses.flatMap { [$0.target, $0.iterable] + $0.conditions }))
    case .formatted(let parts):
      height = 1 + tallest(parts.map { part -> Expression? in
        if case .field(let value, _, _) = part { return value }
        return nil
      })
    case .chain(let first, let links): height = 1 + max(first.height, tallest(links.map(\.operand)))
    case .power(let base, let exponent): height = 1 + max(base.height, exponent.height)
    case .conditional(let value, let condition, let otherwise): height = 1 + max(value.height, condition.height, otherwise.height)
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
  /// `f(*items)` spreads a sequence into positional arguments, `f(**options)` a dict into
  /// keyword arguments.
  public enum Spread: Sendable, Equatable { case positional, keywords }

  public var label: String?
  public var value: Expression
  public var range: SourceRange
  public var spread: Spread? = nil
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
    /// `target = value`, `a = b = value`: each target a name, an attribute, a subscript, or a
    /// tuple or list of targets to unpack into (one of them may be `*starred`).
    case assign(targets: [Expression], value: Expression)
    /// `import a.b as c`
    case importModule(path: [String], alias: String?)
    /// `from a.b import c as d, e`
    case fromImport(path: [String], names: [ImportedName])
    /// `target += value` and the other augmented assignments.
    case augmentedAssign(target: Expression, op: BinaryOperator, value: Expression)
    /// `del a, b`
    case delete([Expression])
    /// `for target in iterable:` and its body, on the same line or indented below.
    case forLoop(target: Expression, iterable: Expression, body: [Statement])
    /// `if condition:` … `elif condition:` … `else:` …
    case ifStatement(branches: [Branch], orElse: [Statement])
    case breakLoop, continueLoop, pass
  }

  /// One `if` or `elif` and its body.
  public struct Branch: Sendable, Equatable {
    public var condition: Expression
    public var body: [Statement]
  }

  public struct ImportedName: Sendable, Equatable {
    public var name: String
    public var alias: String?
  }

  public var kind: Kind
  public var range: SourceRange
}
