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
      switch try sequencePositions(items[0], count: values.count, kind: base.kindName) {
      case .one(let position): return values[position]
      case .many(let positions, _, _): return isTuple ? .tuple(positions.map { values[$0] }) : .list(positions.map { values[$0] })
      }
    case .dict(let entries):
      guard items.count == 1, case .index(let expression) = items[0] else {
        throw ScriptError(.runtime, "a dict takes one key in brackets: d[key]", at: range)
      }
      let key = try evaluate(expression)
      guard let position = entries.position(of: key) else {
        throw ScriptError(.runtime, "KeyError: \(key.repr(state.printOptions))", at: expression.range)
      }
      return entries[position].value
    case .string(let text):
      guard items.count == 1 else { throw ScriptError(.runtime, "string indices must be a single integer or slice", at: range) }
      let characters = Array(text)
      switch try sequencePositions(items[0], count: characters.count, kind: "string") {
      case .one(let position): return .string(String(characters[position]))
      case .many(let positions, _, _): return .string(String(positions.map { characters[$0] }))
      }
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

  enum SequencePositions {
    /// `s[i]`, resolved and in range.
    case one(Int)
    /// `s[a:b:c]`, the positions it takes in order; `first` is where the slice starts even
    /// when it takes none.
    case many([Int], first: Int, step: Int)
  }

  /// Python's indexing of a list, tuple or string of `count` items: a negative index counts
  /// from the end; a slice clips to the sequence.
  mutating func sequencePositions(_ item: SubscriptItem, count: Int, kind: String) throws(ScriptError) -> SequencePositions {
    switch item {
    case .index(let expression):
      let position = try Conversions.int(try evaluate(expression), what: "\(kind) index", range: expression.range)
      let resolved = position < 0 ? position + count : position
      guard resolved >= 0 && resolved < count else {
        throw ScriptError(.runtime, "\(kind) index \(position) out of range for length \(count)", at: expression.range)
      }
      return .one(resolved)
    case let .slice(start, stop, step, sliceRange):
      let bounds = (try optionalInt(start), try optionalInt(stop), try optionalInt(step))
      do {
        let (first, taken, stride) = try NDArray.sliceIndices(start: bounds.0, stop: bounds.1, step: bounds.2, size: count, axis: 0)
        return .many((0..<taken).map { first + $0 * stride }, first: first, step: stride)
      } catch {
        throw ScriptError(.runtime, "\(error)", at: sliceRange, cause: error)
      }
    }
  }

  /// `l[i] = v`, `l[a:b] = iterable` (the slice replaced, its length free) and `l[a:b:c] =
  /// iterable` (lengths equal), as Python assigns into a list.
  mutating func assignItem(_ value: Value, into list: inout [Value], _ items: [SubscriptItem], range: SourceRange) throws(ScriptError) {
    guard items.count == 1 else { throw ScriptError(.runtime, "list indices must be a single integer or slice", at: range) }
    switch try sequencePositions(items[0], count: list.count, kind: "list assignment") {
    case .one(let position): list[position] = value
    case .many(let positions, let start, let step):
      let replacement = try iterate(value, range: range)
      if step == 1 {
        // A plain slice may change the list's length.
        guard list.count - positions.count + replacement.count <= Self.maximumSequenceLength else {
          throw ScriptError(.runtime, "the list would be longer than a list holds in convlab (\(Self.maximumSequenceLength))", at: range)
        }
        list.replaceSubrange(start..<(start + positions.count), with: replacement)
        return
      }
      guard replacement.count == positions.count else {
        throw ScriptError(
          .runtime, "attempt to assign sequence of size \(replacement.count) to extended slice of size \(positions.count)", at: range)
      }
      for (position, item) in zip(positions, replacement) { list[position] = item }
    }
  }

  private mutating func optionalInt(_ expression: Expression?) throws(ScriptError) -> Int? {
    guard let expression else { return nil }
    let value = try evaluate(expression)
    if case .none = value { return nil }
    return try Conversions.int(value, what: "slice bound", range: expression.range)
  }
}
