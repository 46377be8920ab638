/// A recursive-descent parser with one `parseX()` per grammar rule (rule in its comment) and
/// Python's precedence. Positions are the lexer's byte offsets.
public struct Parser {
  /// Deeper nesting is refused rather than risking the stack.
  public static let maximumDepth = 200

  private var tokens: [Token]
  private var index = 0
  private var depth = 0
  /// `for` bodies the parser is inside: `break` and `continue` need one.
  private var loops = 0
  /// A bracket was still open when the input ended: more lines could finish the statement.
  private var ranOutInsideBrackets = false
  private let source: String

  public init(_ source: String) throws(ScriptError) {
    var lexer = Lexer(source)
    tokens = try lexer.tokenize()
    self.source = source
  }

  /// Whether `source` is whole statements, the start of one that more lines could finish, or
  /// wrong however it goes on. As Python's `codeop` decides it for its REPL: more lines can
  /// help only while a bracket is open or the last line ends in `\`, and only when the parser
  /// stopped at the end of the input. A REPL reads on while `.incomplete`, and reports
  /// `.invalid` at once instead of swallowing the lines that follow.
  public enum Completeness: Sendable, Equatable {
    case complete, incomplete
    case invalid(ScriptError)
  }

  public static func completeness(_ source: String) -> Completeness {
    // A line ending in `\` continues on the next, whatever precedes it.
    if source.hasSuffix("\\") { return .incomplete }
    // An indented block goes on until an empty line, as in Python's REPL.
    // Open while its last line is its header or in its body: a line after the block (as in a
    // pasted session) has closed it already.
    let lastLine = source.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    let code = lastLine.trimmingCharacters(in: " \t")
    let block = !code.isEmpty && opensBlock(source) && (continuesBlock(lastLine) || code.hasSuffix(":"))
    var parser: Parser
    do { parser = try Parser(source) } catch { return .invalid(error) }
    do {
      _ = try parser.parseProgram()
      return block ? .incomplete : .complete
    } catch {
      // `f(x(1)` stops at its first bracket, which the next line can still close.
      if parser.ranOutInsideBrackets { return .incomplete }
      var lexer = Lexer(source)
      guard let tokens = try? lexer.tokenize(), let end = tokens.last?.range.start else { return .invalid(error) }
      let continued = tokens.reduce(0) { depth, token in
        switch token.symbol {
        case "(", "[", "{": return depth + 1
        case ")", "]", "}": return depth - 1
        default: return depth
        }
      } > 0
      return (continued || block) && error.range.start >= end ? .incomplete : .invalid(error)
    }
  }

  /// Parses a whole input: statements separated by newlines or `;`.
  public static func parse(_ source: String) throws(ScriptError) -> [Statement] {
    var parser = try Parser(source)
    return try parser.parseProgram()
  }

  // MARK: - Token helpers

  private var current: Token { tokens[index] }

  private func isSymbol(_ symbol: String) -> Bool { current.symbol == symbol }

  private func isName(_ name: String) -> Bool {
    if case .name(name) = current.kind { return true }
    return false
  }

  @discardableResult
  private mutating func advance() -> Token {
    let token = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  private mutating func accept(_ symbol: String) -> Token? {
    isSymbol(symbol) ? advance() : nil
  }

  private mutating func expect(_ symbol: String, _ context: String) throws(ScriptError) -> Token {
    if let token = accept(symbol) { return token }
    throw unexpected("expected '\(symbol)' \(context)")
  }

  private func describe(_ token: Token) -> String {
    switch token.kind {
    case .name(let name): return "'\(name)'"
    case .int, .bigInt, .float: return "number"
    case .string, .formatString: return "string"
    case .symbol(let symbol): return "'\(symbol)'"
    case .newline: return "end of line"
    case .end: return "end of input"
    }
  }

  private func unexpected(_ expectation: String) -> ScriptError {
    ScriptError(.syntax, "\(expectation), found \(describe(current))", at: current.range)
  }

  /// The closing bracket for `open`; at the end of the input, the error points at the bracket
  /// that was never closed.
  private mutating func close(_ symbol: String, _ open: Token) throws(ScriptError) -> Token {
    if let token = accept(symbol) { return token }
    if current.kind == .end {
      ranOutInsideBrackets = true
      throw ScriptError(.syntax, "'\(open.symbol ?? "")' was never closed", at: open.range)
    }
    throw unexpected("expected '\(symbol)' to close the '\(open.symbol ?? "")' at column \(column(open.range.start))")
  }

  private mutating func nest() throws(ScriptError) {
    depth += 1
    guard depth <= Self.maximumDepth else {
      throw ScriptError(.syntax, "expression nested too deeply (more than \(Self.maximumDepth) levels)", at: current.range)
    }
  }

  // MARK: - Statements

  /// program := statement ((';' | NEWLINE) statement)* END
  public mutating func parseProgram() throws(ScriptError) -> [Statement] {
    var statements: [Statement] = []
    while true {
      while current.kind == .newline || isSymbol(";") { advance() }
      if current.kind == .end { return statements }
      statements.append(try parseStatement())
      try expectStatementEnd()
    }
  }

  private mutating func expectStatementEnd() throws(ScriptError) {
    guard current.kind == .newline || isSymbol(";") || current.kind == .end else {
      throw unexpected("expected the end of the statement")
    }
  }

  /// Python statements convlab does not run, and what it offers instead.
  private static let unsupported: [String: String] = [
    "def": "function definitions", "class": "class definitions", "while": "while loops (use a for loop over range)",
    "try": "try statements", "with": "with statements", "lambda": "lambda expressions", "return": "return statements",
    "yield": "yield", "raise": "raise statements", "async": "async code", "await": "await", "global": "global",
    "nonlocal": "nonlocal", "assert": "assert statements (compare and print instead)",
  ]

  private func refuseUnsupported() throws(ScriptError) {
    guard case .name(let name) = current.kind, let what = Self.unsupported[name] else { return }
    // A name used as a value (`def = 1` is not Python either, but `lambda` is a keyword too).
    throw ScriptError(.syntax, "convlab does not run \(what): '\(name)' is not supported", at: current.range)
  }

  /// statement := import | from_import | for | if | 'del' targets | 'break' | 'continue' | 'pass'
  ///            | targets ('=' targets)* '=' expression | target AUGOP expression | expression
  mutating func parseStatement() throws(ScriptError) -> Statement {
    let start = current.range.start
    if isName("import") { return try parseImport() }
    if isName("from") { return try parseFromImport() }
    if isName("for") { return try parseFor() }
    if isName("if") { return try parseIf() }
    try refuseUnsupported()
    for (keyword, kind) in [("break", Statement.Kind.breakLoop), ("continue", .continueLoop), ("pass", .pass)] where isName(keyword) {
      if keyword != "pass" && loops == 0 { throw ScriptError(.syntax, "'\(keyword)' outside loop", at: current.range) }
      return Statement(kind: kind, range: advance().range)
    }
    if isName("elif") || isName("else") {
      throw ScriptError(.syntax, "'\(current.word)' without an 'if' before it", at: current.range)
    }
    if isName("del"), let next = tokens[safe: index + 1], case .name = next.kind {
      advance()
      var targets: [Expression] = []
      repeat {
        let target = try parseOr()
        try checkTarget(target, deleting: true)
        targets.append(target)
      } while accept(",") != nil && current.kind != .newline && current.kind != .end
      return Statement(kind: .delete(targets), range: SourceRange(start, targets.last!.range.end))
    }
    let expression = try parseExpression()
    if let symbol = current.symbol, symbol.count >= 2, symbol.hasSuffix("="), !["==", "!=", "<=", ">="].contains(symbol),
      let op = BinaryOperator(rawValue: String(symbol.dropLast()))
    {
      switch expression.kind {
      case .name, .attribute, .index: break
      default: throw ScriptError(.syntax, "'\(symbol)' needs a name, an attribute or an index on its left", at: expression.range)
      }
      advance()
      let value = try parseExpression()
      return Statement(kind: .augmentedAssign(target: expression, op: op, value: value), range: SourceRange(start, value.range.end))
    }
    guard accept("=") != nil else {
      if case .starred = expression.kind {
        throw ScriptError(.syntax, "can't use starred expression here", at: expression.range)
      }
      return Statement(kind: .expression(expression), range: expression.range)
    }
    // `a = b = value`: every target but the last expression is assigned the value.
    var targets = [expression]
    var value = try parseExpression()
    while accept("=") != nil {
      targets.append(value)
      value = try parseExpression()
    }
    for target in targets { try checkTarget(target, deleting: false) }
    return Statement(kind: .assign(targets: targets, value: value), range: SourceRange(start, value.range.end))
  }

  /// A name, an attribute, an index, or (not for `del`) a tuple or list of targets with at
  /// most one `*starred` among them.
  private func checkTarget(_ target: Expression, deleting: Bool) throws(ScriptError) {
    switch target.kind {
    case .name, .attribute, .index: return
    case .tuple(let items), .list(let items) where !deleting:
      var starred = 0
      for item in items {
        if case .starred(let inner) = item.kind {
          starred += 1
          guard starred == 1 else { throw ScriptError(.syntax, "multiple starred expressions in assignment", at: item.range) }
          try checkTarget(inner, deleting: false)
        } else {
          try checkTarget(item, deleting: false)
        }
      }
    default:
      let verb = deleting ? "delete" : "assign to"
      throw ScriptError(.syntax, "cannot \(verb) this expression (\(verb) a name, an attribute or an index)", at: target.range)
    }
  }

  // MARK: - Compound statements

  /// for := 'for' targets 'in' expression ':' block
  private mutating func parseFor() throws(ScriptError) -> Statement {
    let header = advance()
    try nest()
    defer { depth -= 1 }
    let target = try parseTargetList()
    guard isName("in") else { throw unexpected("expected 'in' after the loop's target") }
    advance()
    let iterable = try parseExpression()
    _ = try expect(":", "to end the 'for' line")
    loops += 1
    defer { loops -= 1 }
    let body = try parseBlock(after: header)
    return Statement(kind: .forLoop(target: target, iterable: iterable, body: body), range: SourceRange(header.range.start, body.last!.range.end))
  }

  /// The targets of a `for`: `x`, `x, y`, `(x, y)`, `*rest` among them.
  private mutating func parseTargetList() throws(ScriptError) -> Expression {
    var items: [Expression] = []
    repeat {
      items.append(try parseStarredTarget())
    } while accept(",") != nil && !isName("in")
    let target = items.count == 1 ? items[0] : Expression(.tuple(items), SourceRange(items[0].range.start, items.last!.range.end))
    try checkTarget(target, deleting: false)
    return target
  }

  /// if := 'if' expression ':' block ('elif' expression ':' block)* ['else' ':' block]
  private mutating func parseIf() throws(ScriptError) -> Statement {
    let header = current
    try nest()
    defer { depth -= 1 }
    var branches: [Statement.Branch] = []
    var orElse: [Statement] = []
    var end = header.range.end
    repeat {
      let keyword = advance()
      let condition = try parseExpression()
      _ = try expect(":", "to end the '\(keyword.word)' line")
      let body = try parseBlock(after: keyword)
      branches.append(Statement.Branch(condition: condition, body: body))
      end = body.last!.range.end
    } while continuesCompound(header, with: "elif")
    if continuesCompound(header, with: "else") {
      let keyword = advance()
      _ = try expect(":", "after 'else'")
      orElse = try parseBlock(after: keyword)
      end = orElse.last!.range.end
    }
    return Statement(kind: .ifStatement(branches: branches, orElse: orElse), range: SourceRange(header.range.start, end))
  }

  /// Whether `keyword` (`elif`, `else`) continues the compound statement begun by `header`:
  /// on the header's line after a one-line body, or first on a later line at its indentation.
  /// The newlines before it are taken only when it does.
  private mutating func continuesCompound(_ header: Token, with keyword: String) -> Bool {
    if isName(keyword) { return true }
    let saved = index
    while current.kind == .newline { advance() }
    if isName(keyword) && startsLine(index) && indentation(of: current) == indentation(of: header) { return true }
    index = saved
    return false
  }

  /// block := simple_statement (';' simple_statement)*            (on the header's line)
  ///        | NEWLINE+ statement+ at one deeper indentation          (an indented block)
  private mutating func parseBlock(after header: Token) throws(ScriptError) -> [Statement] {
    if current.kind != .newline && current.kind != .end {
      var body = [try parseStatement()]
      while accept(";") != nil && current.kind != .newline && current.kind != .end { body.append(try parseStatement()) }
      try expectStatementEnd()
      return body
    }
    let missing = "expected an indented block after '\(header.word)' on line \(line(header.range.start))"
    while current.kind == .newline { advance() }
    guard current.kind != .end else { throw ScriptError(.syntax, missing, at: current.range) }
    let indent = indentation(of: current)
    guard indent > indentation(of: header) else { throw ScriptError(.syntax, missing, at: current.range) }
    var body: [Statement] = []
    while true {
      body.append(try parseStatement())
      while accept(";") != nil && current.kind != .newline && current.kind != .end { body.append(try parseStatement()) }
      try expectStatementEnd()
      // The block goes on while the next line is at its indentation; the newlines before a
      // line that ends it are left for the statement around the block.
      let saved = index
      while current.kind == .newline { advance() }
      if current.kind == .end || indentation(of: current) < indent {
        index = saved
        return body
      }
      guard indentation(of: current) == indent else { throw ScriptError(.syntax, "unexpected indent", at: current.range) }
    }
  }

  /// Bytes from the start of the token's line to the token.
  private func indentation(of token: Token) -> Int {
    let bytes = source.utf8
    var lineStart = token.range.start
    var position = bytes.index(bytes.startIndex, offsetBy: min(lineStart, bytes.count))
    while lineStart > 0 {
      let before = bytes.index(before: position)
      if bytes[before] == UInt8(ascii: "\n") { break }
      position = before
      lineStart -= 1
    }
    return token.range.start - lineStart
  }

  /// Whether the token at `position` is the first of its line.
  private func startsLine(_ position: Int) -> Bool {
    position == 0 || tokens[position - 1].kind == .newline
  }

  /// 1-based line of a byte offset.
  private func line(_ offset: Int) -> Int {
    source.utf8.prefix(offset).reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
  }

  /// Whether `source` is `exit()` or `quit()` alone, which a REPL takes as its quit command.
  public static func isQuitCall(_ source: String) -> Bool {
    let trimmed = Prompts.stripped(source).trimmingCharacters(in: " \t\n")
    guard trimmed.utf8.count < 64, trimmed.hasPrefix("exit") || trimmed.hasPrefix("quit") else { return false }
    guard let statements = try? parse(trimmed), statements.count == 1, case .expression(let expression) = statements[0].kind,
      case .call(let callee, let arguments) = expression.kind, arguments.isEmpty, case .name(let name) = callee.kind
    else { return false }
    return name == "exit" || name == "quit"
  }

  /// Whether a non-empty `line` read after an open block belongs to it: indented (after any
  /// `... ` prompt), or an `elif`/`else`. Another line begins the next statement, as in a file.
  public static func continuesBlock(_ line: String) -> Bool {
    var text = Substring(line)
    if Prompts.isPrompt(text, ">>>") { return false }
    if Prompts.isPrompt(text, "...") { text = text.dropFirst(4) }
    if text.first == " " || text.first == "\t" { return true }
    return ["elif ", "elif(", "else:", "else :"].contains { text.hasPrefix($0) }
  }

  /// Whether `source` holds a compound statement whose body is an indented block (a line ending
  /// in `:` after `for`, `if`, `elif` or `else`): a REPL reads on until an empty line.
  public static func opensBlock(_ source: String) -> Bool {
    // Only a statement that starts with `for` or `if` can: the rest are not lexed again (a
    // REPL asks after every line of a statement that may run over thousands).
    let start = Prompts.stripped(String(source.prefix(64))).drop { $0 == " " || $0 == "\t" || $0 == "\n" }
    guard start.hasPrefix("for") || start.hasPrefix("if") else { return false }
    var lexer = Lexer(source)
    guard let tokens = try? lexer.tokenize() else { return false }
    var lineStart = true, headed = false
    for (position, token) in tokens.enumerated() {
      if lineStart, case .name(let name) = token.kind { headed = ["for", "if", "elif", "else"].contains(name) }
      lineStart = token.kind == .newline
      if headed, token.symbol == ":", let next = tokens[safe: position + 1], next.kind == .newline || next.kind == .end {
        return true
      }
    }
    return false
  }

  /// dotted := NAME ('.' NAME)*
  private mutating func parseDotted() throws(ScriptError) -> [String] {
    var path: [String] = []
    repeat {
      guard case .name(let part) = current.kind else { throw unexpected("expected a module name") }
      advance()
      path.append(part)
    } while accept(".") != nil
    return path
  }

  /// import := 'import' dotted ['as' NAME]
  private mutating func parseImport() throws(ScriptError) -> Statement {
    let start = advance().range.start
    let path = try parseDotted()
    var alias: String?
    if isName("as") {
      advance()
      guard case .name(let name) = current.kind else { throw unexpected("expected a name after 'as'") }
      alias = name
      advance()
    }
    return Statement(kind: .importModule(path: path, alias: alias), range: SourceRange(start, tokens[index - 1].range.end))
  }

  /// from_import := 'from' dotted 'import' NAME ['as' NAME] (',' NAME ['as' NAME])*
  private mutating func parseFromImport() throws(ScriptError) -> Statement {
    let start = advance().range.start
    let path = try parseDotted()
    guard isName("import") else { throw unexpected("expected 'import'") }
    advance()
    let parenthesized = accept("(") != nil
    var names: [Statement.ImportedName] = []
    repeat {
      if parenthesized && isSymbol(")") { break }
      guard case .name(let name) = current.kind else { throw unexpected("expected a name to import") }
      advance()
      var alias: String?
      if isName("as") {
        advance()
        guard case .name(let aliasName) = current.kind else { throw unexpected("expected a name after 'as'") }
        alias = aliasName
        advance()
      }
      names.append(Statement.ImportedName(name: name, alias: alias))
    } while accept(",") != nil
    if parenthesized { _ = try expect(")", "to close the import list") }
    return Statement(kind: .fromImport(path: path, names: names), range: SourceRange(start, tokens[index - 1].range.end))
  }

  // MARK: - Expressions

  /// expression := or_test   (a bare tuple `1, 2` is accepted where a statement's value stands)
  public mutating func parseExpression() throws(ScriptError) -> Expression {
    let first = try parseStarredOr()
    guard isSymbol(","), depth == 0 else { return first }
    var items = [first]
    while accept(",") != nil {
      if current.kind == .newline || current.kind == .end || isSymbol(";") || isSymbol("=") || isSymbol(":") { break }
      if let symbol = current.symbol, symbol.count >= 2, symbol.hasSuffix("="), BinaryOperator(rawValue: String(symbol.dropLast())) != nil { break }
      items.append(try parseStarredOr())
    }
    return Expression(.tuple(items), SourceRange(first.range.start, items.last!.range.end))
  }

  /// `*operand` (an unpacking target, or an item spread into a list or tuple) or an expression.
  /// Written out, not through a closure: each bracket level costs stack, and 200 must fit.
  private mutating func parseStarredOr() throws(ScriptError) -> Expression {
    guard let star = accept("*") else {
      let value = try parseOr()  // not parseTest: one frame fewer per nesting level
      return isName("if") ? try parseConditional(after: value) : value
    }
    try nest()
    defer { depth -= 1 }
    let inner = try parseOr()
    return Expression(.starred(inner), SourceRange(star.range.start, inner.range.end))
  }

  /// A target of a `for` or comprehension: no comparison, so that `in` ends it.
  private mutating func parseStarredTarget() throws(ScriptError) -> Expression {
    guard let star = accept("*") else { return try parseBitwiseOr() }
    let inner = try parseBitwiseOr()
    return Expression(.starred(inner), SourceRange(star.range.start, inner.range.end))
  }

  /// A node built by a loop (an operator chain, calls, indexing, attributes): it may grow the
  /// tree without the parser recursing, so its height is checked here.
  private func node(_ kind: Expression.Kind, _ range: SourceRange) throws(ScriptError) -> Expression {
    let expression = Expression(kind, range)
    guard expression.height <= Self.maximumDepth else {
      throw ScriptError(.syntax, "expression nested too deeply (more than \(Self.maximumDepth) levels)", at: current.range)
    }
    return expression
  }

  /// or_test := and_test ('or' and_test)*
  /// test := or_test ['if' or_test 'else' test]
  // Callers on the nesting path inline this (parseOr, then parseConditional at an `if`): the
  // parser's depth limit must fit a thread's stack in a debug build.
  private mutating func parseTest() throws(ScriptError) -> Expression {
    let value = try parseOr()
    return isName("if") ? try parseConditional(after: value) : value
  }

  @inline(never)
  private mutating func parseConditional(after value: Expression) throws(ScriptError) -> Expression {
    advance()
    try nest()
    defer { depth -= 1 }
    let condition = try parseOr()
    guard isName("else") else { throw unexpected("expected 'else' in the conditional expression (value if condition else other)") }
    advance()
    let otherwise = try parseTest()
    return try node(.conditional(value, condition: condition, otherwise: otherwise), SourceRange(value.range.start, otherwise.range.end))
  }

  private mutating func parseOr() throws(ScriptError) -> Expression {
    try parseChain { parser in parser.isName("or") ? .or : nil } operand: { (parser: inout Parser) throws(ScriptError) in try parser.parseAnd() }
  }

  /// and_test := not_test ('and' not_test)*
  private mutating func parseAnd() throws(ScriptError) -> Expression {
    try parseChain { parser in parser.isName("and") ? .and : nil } operand: { (parser: inout Parser) throws(ScriptError) in try parser.parseNot() }
  }

  /// `operand (op operand)*` as one flat chain, for the left-associative levels.
  private mutating func parseChain(
    _ op: (Parser) -> BinaryOperator?, operand: (inout Parser) throws(ScriptError) -> Expression
  ) throws(ScriptError) -> Expression {
    let first = try operand(&self)
    var links: [Expression.Link] = []
    while let symbol = op(self) {
      advance()
      links.append(Expression.Link(symbol, try operand(&self)))
    }
    guard let last = links.last else { return first }
    return try node(.chain(first, links), SourceRange(first.range.start, last.operand.range.end))
  }

  /// not_test := 'not' not_test | comparison
  private mutating func parseNot() throws(ScriptError) -> Expression {
    guard isName("not") else { return try parseComparison() }
    let start = advance().range.start
    try nest()
    defer { depth -= 1 }
    let operand = try parseNot()
    return Expression(.unary(.not, operand), SourceRange(start, operand.range.end))
  }

  /// comparison := bitwise_or (('<' | '<=' | '>' | '>=' | '==' | '!=' | 'in' | 'not' 'in') bitwise_or)*
  private mutating func parseComparison() throws(ScriptError) -> Expression {
    let first = try parseBitwiseOr()
    var operators: [ComparisonOperator] = []
    var operands = [first]
    while true {
      if let symbol = current.symbol, let op = ComparisonOperator(rawValue: symbol) {
        advance()
        operators.append(op)
      } else if isName("in") {
        advance()
        operators.append(.contains)
      } else if isName("not"), tokens[safe: index + 1]?.word == "in" {
        advance()
        advance()
        operators.append(.notContains)
      } else {
        break
      }
      operands.append(try parseBitwiseOr())
    }
    guard !operators.isEmpty else { return first }
    return Expression(.compare(operators, operands), SourceRange(first.range.start, operands.last!.range.end))
  }

  /// bitwise_or := bitwise_xor ('|' bitwise_xor)*
  private mutating func parseBitwiseOr() throws(ScriptError) -> Expression {
    try parseChain { parser in parser.isSymbol("|") ? .bitwiseOr : nil } operand: {
      (parser: inout Parser) throws(ScriptError) in try parser.parseBitwiseXor()
    }
  }

  /// bitwise_xor := bitwise_and ('^' bitwise_and)*
  private mutating func parseBitwiseXor() throws(ScriptError) -> Expression {
    try parseChain { parser in parser.isSymbol("^") ? .bitwiseXor : nil } operand: {
      (parser: inout Parser) throws(ScriptError) in try parser.parseBitwiseAnd()
    }
  }

  /// bitwise_and := shift ('&' shift)*
  private mutating func parseBitwiseAnd() throws(ScriptError) -> Expression {
    try parseChain { parser in parser.isSymbol("&") ? .bitwiseAnd : nil } operand: {
      (parser: inout Parser) throws(ScriptError) in try parser.parseShift()
    }
  }

  /// shift := sum (('<<' | '>>') sum)*
  private mutating func parseShift() throws(ScriptError) -> Expression {
    try parseChain { parser in
      parser.current.symbol.flatMap { ["<<", ">>"].contains($0) ? BinaryOperator(rawValue: $0) : nil }
    } operand: { (parser: inout Parser) throws(ScriptError) in try parser.parseSum() }
  }

  /// sum := term (('+' | '-') term)*
  private mutating func parseSum() throws(ScriptError) -> Expression {
    try parseChain { parser in
      parser.current.symbol.flatMap { ["+", "-"].contains($0) ? BinaryOperator(rawValue: $0) : nil }
    } operand: { (parser: inout Parser) throws(ScriptError) in try parser.parseTerm() }
  }

  /// term := factor (('*' | '/' | '//' | '%' | '@') factor)*
  private mutating func parseTerm() throws(ScriptError) -> Expression {
    try parseChain { parser in
      parser.current.symbol.flatMap { ["*", "/", "//", "%", "@"].contains($0) ? BinaryOperator(rawValue: $0) : nil }
    } operand: { (parser: inout Parser) throws(ScriptError) in try parser.parseFactor() }
  }

  /// factor := ('-' | '+' | '~') factor | power
  private mutating func parseFactor() throws(ScriptError) -> Expression {
    guard let symbol = current.symbol, let op = UnaryOperator(rawValue: symbol), op != .not else { return try parsePower() }
    let start = advance().range.start
    // −2⁶³ is a 64-bit integer though 2⁶³ is not: `-9223372036854775808` alone is Int.min.
    if symbol == "-", case .bigInt("9223372036854775808") = current.kind,
      !["**", "(", "[", "."].contains(tokens[min(index + 1, tokens.count - 1)].symbol ?? "")
    {
      return Expression(.int(.min), SourceRange(start, advance().range.end))
    }
    try nest()
    defer { depth -= 1 }
    let operand = try parseFactor()
    return Expression(.unary(op, operand), SourceRange(start, operand.range.end))
  }

  /// power := primary ['**' factor]
  private mutating func parsePower() throws(ScriptError) -> Expression {
    let base = try parsePrimary()
    guard accept("**") != nil else { return base }
    try nest()
    defer { depth -= 1 }
    let exponent = try parseFactor()
    return Expression(.power(base, exponent), SourceRange(base.range.start, exponent.range.end))
  }

  /// primary := atom ('(' arguments ')' | '[' subscripts ']' | '.' NAME)*
  private mutating func parsePrimary() throws(ScriptError) -> Expression {
    var expression = try parseAtom()
    while true {
      if let open = accept("(") {
        try nest()
        let arguments = try parseArguments(open: open)
        depth -= 1
        let closing = try close(")", open)
        expression = try node(.call(expression, arguments), SourceRange(expression.range.start, closing.range.end))
      } else if let open = accept("[") {
        try nest()
        let items = try parseSubscripts()
        depth -= 1
        let closing = try close("]", open)
        expression = try node(.index(expression, items), SourceRange(expression.range.start, closing.range.end))
      } else if accept(".") != nil {
        guard case .name(let name) = current.kind else { throw unexpected("expected an attribute name after '.'") }
        let token = advance()
        expression = try node(.attribute(expression, name), SourceRange(expression.range.start, token.range.end))
      } else {
        return expression
      }
    }
  }

  /// arguments := (argument (',' argument)* [','])?   argument := NAME ('=' | ':') expression | expression
  private mutating func parseArguments(open: Token) throws(ScriptError) -> [Argument] {
    var arguments: [Argument] = []
    var sawKeyword = false
    while !isSymbol(")") {
      let start = current.range.start
      if case .name(let label) = current.kind, let next = tokens[safe: index + 1]?.symbol, next == "=" || next == ":" {
        advance()
        advance()
        var value = try parseOr()
        if isName("if") { value = try parseConditional(after: value) }
        arguments.append(Argument(label: label, value: value, range: SourceRange(start, value.range.end)))
        sawKeyword = true
      } else if let star = accept("*") ?? accept("**") {
        let value = try parseTest()
        let spread: Argument.Spread = star.symbol == "*" ? .positional : .keywords
        if spread == .keywords { sawKeyword = true }
        arguments.append(Argument(label: nil, value: value, range: SourceRange(start, value.range.end), spread: spread))
      } else {
        var value = try parseOr()
        if isName("if") { value = try parseConditional(after: value) }
        if sawKeyword {
          throw ScriptError(.syntax, "positional argument follows keyword argument", at: value.range)
        }
        arguments.append(Argument(label: nil, value: value, range: value.range))
      }
      if accept(",") == nil { break }
    }
    return arguments
  }

  /// subscripts := subscript (',' subscript)* [',']
  /// subscript := '...' | [expression] ':' [expression] [':' [expression]] | expression
  private mutating func parseSubscripts() throws(ScriptError) -> [SubscriptItem] {
    var items: [SubscriptItem] = []
    while !isSymbol("]") {
      let start = current.range.start
      var first: Expression?
      if !isSymbol(":") {
        first = try parseOr()
        if isName("if") { first = try parseConditional(after: first!) }
      }
      if accept(":") != nil {
        var stop: Expression?, step: Expression?
        if !isSymbol(":") && !isSymbol(",") && !isSymbol("]") { stop = try parseOr() }
        if accept(":") != nil, !isSymbol(",") && !isSymbol("]") { step = try parseOr() }
        items.append(.slice(start: first, stop: stop, step: step, range: SourceRange(start, tokens[index - 1].range.end)))
      } else if let first {
        items.append(.index(first))
      }
      if accept(",") == nil { break }
    }
    return items
  }

  /// atom := NAME | NUMBER | STRING+ | '...' | '(' [expression [',' …]] ')' | '[' [expression (',' expression)*] ']'
  private mutating func parseAtom() throws(ScriptError) -> Expression {
    let token = current
    switch token.kind {
    case .name(let name):
      if ["lambda", "yield", "await"].contains(name) { try refuseUnsupported() }
      advance()
      switch name {
      case "True", "true": return Expression(.bool(true), token.range)
      case "False", "false": return Expression(.bool(false), token.range)
      case "None", "nil": return Expression(.none, token.range)
      default: return Expression(.name(name), token.range)
      }
    case .int(let value):
      advance()
      return Expression(.int(value), token.range)
    case .bigInt(let digits):
      throw ScriptError(.syntax, "integer \(digits) is too large (the limit is \(Int.max))", at: token.range)
    case .float(let value):
      advance()
      return Expression(.float(value), token.range)
    case .string(var text):
      advance()
      var end = token.range.end
      while case .string(let more) = current.kind {  // "a" "b" concatenates, as in Python
        text += more
        end = advance().range.end
      }
      return Expression(.string(text), SourceRange(token.range.start, end))
    case .symbol("..."):
      advance()
      return Expression(.ellipsis, token.range)
    case .symbol("("):
      advance()
      try nest()
      defer { depth -= 1 }
      if let closing = accept(")") { return Expression(.tuple([]), SourceRange(token.range.start, closing.range.end)) }
      let first = try parseStarredOr()
      if let closing = accept(")") {
        if case .starred = first.kind { throw ScriptError(.syntax, "cannot use starred expression here", at: first.range) }
        return Expression(first.kind, SourceRange(token.range.start, closing.range.end))
      }
      var items = [first]
      while accept(",") != nil {
        if isSymbol(")") { break }
        items.append(try parseStarredOr())
      }
      let closing = try close(")", token)
      return Expression(.tuple(items), SourceRange(token.range.start, closing.range.end))
    case .symbol("["):
      advance()
      try nest()
      defer { depth -= 1 }
      var items: [Expression] = []
      while !isSymbol("]") {
        items.append(try parseStarredOr())
        if items.count == 1, isName("for") {
          let clauses = try parseComprehensionClauses()
          let closing = try close("]", token)
          return try node(.comprehension(items[0], clauses), SourceRange(token.range.start, closing.range.end))
        }
        if accept(",") == nil { break }
      }
      let closing = try close("]", token)
      return Expression(.list(items), SourceRange(token.range.start, closing.range.end))
    case .symbol("{"):
      return try parseDict(token)
    case .formatString(let pieces):
      advance()
      var parts: [Expression.FormattedPart] = []
      for piece in pieces {
        switch piece {
        case .text(let text): parts.append(.text(text))
        case let .field(range, conversion, spec):
          // The field's expression, read where it stands: blanks before it keep its positions
          // the source's, so its errors point into the f-string.
          let prefix = String(repeating: " ", count: range.start)
          let text = String(decoding: Array(source.utf8)[range.start..<range.end], as: UTF8.self)
          var parser = try Parser(prefix + text.replacingNewlinesWithSpaces())
          parser.depth = depth + 1
          let value = try parser.parseExpression()
          guard parser.current.kind == .end else { throw parser.unexpected("expected '}' after the f-string's expression") }
          parts.append(.field(value, conversion: conversion, spec: spec))
        }
      }
      return try node(.formatted(parts), token.range)
    default:
      throw unexpected("expected an expression")
    }
  }

  /// dict := '{' [expression ':' expression (',' expression ':' expression)* [',']] '}'
  // Its own function: parseAtom's frame is on the stack once per nesting level.
  @inline(never)
  private mutating func parseDict(_ token: Token) throws(ScriptError) -> Expression {
    advance()
    try nest()
    defer { depth -= 1 }
    var items: [Expression.DictItem] = []
    while !isSymbol("}") {
      let key = try parseExpression()
      guard accept(":") != nil else {
        throw unexpected("expected ':' after a dict key (convlab has dicts, not sets)")
      }
      items.append(Expression.DictItem(key: key, value: try parseExpression()))
      if accept(",") == nil { break }
    }
    let closing = try close("}", token)
    return Expression(.dict(items), SourceRange(token.range.start, closing.range.end))
  }

  /// comprehension_clause := 'for' targets 'in' or_test ('if' or_test)*   (one or more)
  private mutating func parseComprehensionClauses() throws(ScriptError) -> [Expression.ComprehensionClause] {
    var clauses: [Expression.ComprehensionClause] = []
    while isName("for") {
      advance()
      let target = try parseTargetList()
      guard isName("in") else { throw unexpected("expected 'in' after the comprehension's target") }
      advance()
      let iterable = try parseOr()
      var conditions: [Expression] = []
      while isName("if") {
        advance()
        conditions.append(try parseOr())
      }
      clauses.append(Expression.ComprehensionClause(target: target, iterable: iterable, conditions: conditions))
    }
    return clauses
  }

  /// 1-based character column of a byte offset, for messages.
  private func column(_ offset: Int) -> Int { SourceLocation(offset: offset, in: source).column }
}

extension String {
  fileprivate func replacingNewlinesWithSpaces() -> String { String(map { $0 == "\n" ? " " : $0 }) }
}

extension Array {
  subscript(safe index: Int) -> Element? { index >= 0 && index < count ? self[index] : nil }
}

/// Reads a statement line by line as a REPL does, deciding after each line whether it is
/// complete, still open, or wrong (`Parser.completeness`), in time linear in its length: the
/// brackets are counted line by line, and the whole is parsed when they close, or — while
/// they stay open — at the 1st, 2nd, 4th, 8th… line, so a wrong line is reported early
/// without parsing the growing text after every line.
public struct LineAccumulator: Sendable {
  public private(set) var source = ""
  public private(set) var lines = 0
  private var depth = 0
  private var nextCheck = 1

  public init() {}

  public mutating func add(_ line: String) -> Parser.Completeness {
    source += lines == 0 ? line : "\n" + line
    lines += 1
    var lexer = Lexer(line)
    guard let tokens = try? lexer.tokenize() else { return Parser.completeness(source) }
    for token in tokens {
      switch token.symbol {
      case "(", "[", "{": depth += 1
      case ")", "]", "}": depth -= 1
      default: break
      }
    }
    guard depth > 0 || line.hasSuffix("\\") else { return Parser.completeness(source) }
    guard lines == nextCheck else { return .incomplete }
    nextCheck *= 2
    return Parser.completeness(source)
  }
}
