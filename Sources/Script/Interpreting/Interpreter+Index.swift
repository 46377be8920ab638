import Arrays
import Tensors

extension Interpreter {
  /// `x[...]`: NumPy indexing on arrays (basic and advanced), Python indexing on tuples,
  /// lists and strings.
  mutating func index(_ base: Value, _ items: [SubscriptItem], range: SourceRange) throws(ScriptError) -> Value {
    switch base {
    case .array(let array):
      let indices = try arrayIndices(items)
      do { return .array(try array[indices]) } catch { throw ScriptError(.runtime, "\(error)", at: range) }
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
        let bounds = (try optionalInt(start), try optionalInt(stop), try optionalInt(step))
        do {
          let (first, count, stride) = try NDArray.sliceIndices(
            start: bounds.0, stop: bounds.1, step: bounds.2, size: values.count, axis: 0)
          let chosen = (0..<count).map { values[first + $0 * stride] }
          return isTuple ? .tuple(chosen) : .list(chosen)
        } catch {
          throw ScriptError(.runtime, "\(error)", at: sliceRange, cause: error)
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

  /// The index components of `x[...]` for an array: integers, slices, `...`, `None`, and
  /// integer or boolean arrays (or lists of them).
  mutating func arrayIndices(_ items: [SubscriptItem]) throws(ScriptError) -> [ArrayIndex] {
    var indices: [ArrayIndex] = []
    for item in items {
      switch item {
      case .index(let expression):
        if case .ellipsis = expression.kind {
          indices.append(.ellipsis)
          continue
        }
        let value = try evaluate(expression)
        switch value {
        case .none: indices.append(.newAxis)
        case .int(let number): indices.append(.at(number))
        case .array(let array) where array.rank == 0 && array.dtype.isInteger:
          indices.append(.at(try Conversions.int(value, what: "index", range: expression.range)))
        case .array(let array) where array.dtype.isInteger || array.dtype == .bool: indices.append(.array(array))
        case .list, .tuple:
          let array = try Conversions.array(value, what: "index", range: expression.range)
          guard array.dtype.isInteger || array.dtype == .bool || array.count == 0 else {
            throw ScriptError(.runtime, "arrays used as indices must be of integer (or boolean) type", at: expression.range)
          }
          indices.append(.array(array.count == 0 ? try! array.astype(.int64) : array))
        default:
          throw ScriptError(
            .runtime,
            "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices, got \(value.kindName)",
            at: expression.range)
        }
      case let .slice(start, stop, step, _):
        indices.append(.slice(start: try optionalInt(start), stop: try optionalInt(stop), step: try optionalInt(step)))
      }
    }
    return indices
  }

  private mutating func optionalInt(_ expression: Expression?) throws(ScriptError) -> Int? {
    guard let expression else { return nil }
    let value = try evaluate(expression)
    if case .none = value { return nil }
    return try Conversions.int(value, what: "slice bound", range: expression.range)
  }
}
