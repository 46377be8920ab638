import Tensors

extension Interpreter {
  /// `x[...]`: NumPy basic indexing on tensors, Python indexing on tuples and lists.
  mutating func index(_ base: Value, _ items: [SubscriptItem], range: SourceRange) throws(ScriptError) -> Value {
    switch base {
    case .tensor(let tensor):
      var indices: [TensorIndex] = []
      for item in items {
        switch item {
        case .index(let expression):
          if case .ellipsis = expression.kind {
            indices.append(.ellipsis)
            continue
          }
          let value = try evaluate(expression)
          if case .none = value {
            indices.append(.newAxis)
          } else {
            indices.append(.at(try Conversions.int(value, what: "index", range: expression.range)))
          }
        case let .slice(start, stop, step, _):
          indices.append(.slice(start: try optionalInt(start), stop: try optionalInt(stop), step: try optionalInt(step)))
        }
      }
      do { return .tensor(try tensor[indices]) } catch { throw ScriptError(.runtime, "\(error)", at: range) }
    case .tuple(let values), .list(let values):
      guard items.count == 1 else { throw ScriptError(.runtime, "\(base.kindName) indices must be a single integer or slice", at: range) }
      let isTuple: Bool = { if case .tuple = base { return true } else { return false } }()
      switch items[0] {
      case .index(let expression):
        let position = try Conversions.int(try evaluate(expression), what: "\(base.kindName) index", range: expression.range)
        let resolved = position < 0 ? position + values.count : position
        guard resolved >= 0 && resolved < values.count else {
          throw ScriptError(.runtime, "\(base.kindName) index \(position) out of range for length \(values.count)", at: expression.range)
        }
        return values[resolved]
      case let .slice(start, stop, step, sliceRange):
        do {
          let positions = try Tensor.arange(0, Double(values.count))
          let picked = try positions[.slice(start: try optionalInt(start), stop: try optionalInt(stop), step: try optionalInt(step))]
          let chosen = picked.scalars.map { values[Int($0)] }
          return isTuple ? .tuple(chosen) : .list(chosen)
        } catch let error as ScriptError { throw error } catch {
          throw ScriptError(.runtime, "\(error)", at: sliceRange)
        }
      }
    case .string(let text):
      guard items.count == 1, case .index(let expression) = items[0] else {
        throw ScriptError(.runtime, "string slicing is not supported", at: range)
      }
      let characters = Array(text)
      let position = try Conversions.int(try evaluate(expression), what: "string index", range: expression.range)
      let resolved = position < 0 ? position + characters.count : position
      guard resolved >= 0 && resolved < characters.count else {
        throw ScriptError(.runtime, "string index out of range", at: expression.range)
      }
      return .string(String(characters[resolved]))
    default:
      throw ScriptError(.runtime, "'\(base.kindName)' object is not subscriptable", at: range)
    }
  }

  private mutating func optionalInt(_ expression: Expression?) throws(ScriptError) -> Int? {
    guard let expression else { return nil }
    let value = try evaluate(expression)
    if case .none = value { return nil }
    return try Conversions.int(value, what: "slice bound", range: expression.range)
  }
}
