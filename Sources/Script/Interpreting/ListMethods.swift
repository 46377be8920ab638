import Arrays

/// The `list` methods pasted code uses; the changing ones store the list back (see
/// `Member.changesReceiver`).
extension Interpreter {
  mutating func listMethod(_ items: inout [Value], _ receiver: inout Value, _ name: String, _ a: CallArguments) throws(ScriptError) -> Value {
    func grow(by count: Int) throws(ScriptError) {
      guard items.count + count <= Self.maximumSequenceLength else {
        throw ScriptError(.runtime, "the list would be longer than a list holds in convlab (\(Self.maximumSequenceLength))", at: a.range)
      }
    }
    func position(of found: (value: Value, range: SourceRange)) throws(ScriptError) -> Int {
      for (index, item) in items.enumerated() where try compare(.equal, item, found.value, range: found.range).isTrueScalar {
        return index
      }
      throw ScriptError(.runtime, "\(found.value.repr(state.printOptions)) is not in list", at: found.range)
    }
    var result: Value = .none
    switch name {
    case "append":
      try grow(by: 1)
      items.append(try a.value(0, "object").value)
    case "extend":
      let found = try a.value(0, "iterable")
      let more = try iterate(found.value, range: found.range)
      try grow(by: more.count)
      items += more
    case "insert":
      try grow(by: 1)
      let index = try a.int(0, "index")
      let resolved = Swift.min(Swift.max(index < 0 ? index + items.count : index, 0), items.count)
      items.insert(try a.value(1, "object").value, at: resolved)
    case "pop":
      guard !items.isEmpty else { throw ScriptError(.runtime, "pop from empty list", at: a.range) }
      let index = try a.int(0, "index", default: -1)
      let resolved = index < 0 ? index + items.count : index
      guard resolved >= 0 && resolved < items.count else { throw ScriptError(.runtime, "pop index out of range", at: a.range) }
      result = items.remove(at: resolved)
    case "remove": items.remove(at: try position(of: try a.value(0, "value")))
    case "reverse": items.reverse()
    case "clear": items.removeAll()
    case "copy": return .list(items)
    case "index": return .int(try position(of: try a.value(0, "value")))
    case "count":
      let found = try a.value(0, "value")
      var count = 0
      for item in items where try compare(.equal, item, found.value, range: found.range).isTrueScalar { count += 1 }
      return .int(count)
    case "sort":
      let descending = try a.bool(nil, "reverse", default: false)
      var failure: ScriptError?
      items.sort { left, right in
        guard failure == nil else { return false }
        do throws(ScriptError) {
          return try self.compare(descending ? .greater : .less, left, right, range: a.range).isTrueScalar
        } catch {
          failure = error
          return false
        }
      }
      if let failure { throw failure }
    default:
      throw ScriptError(.runtime, "'list' object has no attribute '\(name)'", at: a.range)
    }
    receiver = .list(items)
    return result
  }
}

extension Value {
  /// True for `True` and for a true 0-d array (what `==` gives on NumPy scalars).
  var isTrueScalar: Bool {
    switch self {
    case .bool(let flag): return flag
    case .array(let array) where array.rank == 0: return array.scalarValue?.isTrue ?? false
    default: return false
    }
  }
}
