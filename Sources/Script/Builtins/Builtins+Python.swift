import Arrays
import Tensors

// Python's own builtins: conversions, sequences, introspection, leaving.
extension Builtin {
  static let python: [Builtin] = [
    Builtin(["len"], "len(obj, /)", "the first extent of an array, a sequence's length, a model's layer count", example: "len(np.zeros((4, 3)))") { _, a throws(ScriptError) in
      let found = try a.value(0, "obj")
      switch found.value {
      case .array(let array):
        guard let first = array.shape.first else { throw ScriptError(.runtime, "len() of unsized object (a 0-d array)", at: found.range) }
        return .int(first)
      case .tuple(let items), .list(let items): return .int(items.count)
      case .string(let text): return .int(text.count)
      case .model(let model): return .int(model.layers.count)
      case .dict(let entries): return .int(entries.count)
      default: throw ScriptError(.runtime, "object of type '\(found.value.kindName)' has no len()", at: found.range)
      }
    },
    Builtin(["int"], "int(x=0, /)", "an int from a number (toward zero) or a string", example: "int(3.9), int('42')") { _, a throws(ScriptError) in
      guard a.count > 0 else { return .int(0) }
      let found = try a.value(0, "x")
      if case .string(let text) = found.value {
        guard let number = Int(text.trimmingSpaces()) else {
          throw ScriptError(.runtime, "invalid literal for int() with base 10: \(pythonQuoted(text))", at: found.range)
        }
        return .int(number)
      }
      if case .array(let array) = found.value, array.count == 1, !array.dtype.isFloat {
        return .int(try Conversions.int(found.value, what: "int() argument", range: found.range))
      }
      let number = try Conversions.double(found.value, what: "int() argument", range: found.range)
      guard number.isFinite, Swift.abs(number) < 9.2e18 else {
        throw ScriptError(.runtime, "cannot convert \(pythonFloat(number)) to an integer", at: found.range)
      }
      return .int(Int(number.rounded(.towardZero)))
    },
    Builtin(["float"], "float(x=0.0, /)", "a float from a number or a string ('nan' and 'inf' too)", example: "float(3), float('1e-3')") { _, a throws(ScriptError) in
      guard a.count > 0 else { return .float(0) }
      let found = try a.value(0, "x")
      if case .string(let text) = found.value {
        guard let number = Double(text.trimmingSpaces()) else {
          throw ScriptError(.runtime, "could not convert string to float: \(pythonQuoted(text))", at: found.range)
        }
        return .float(number)
      }
      return .float(try Conversions.double(found.value, what: "float() argument", range: found.range))
    },
    Builtin(["str"], "str(object='')", "the text print shows for a value", example: "str(np.arange(3))") { interpreter, a throws(ScriptError) in
      guard a.count > 0 else { return .string("") }
      return .string(try a.value(0, "object").value.str(interpreter.state.printOptions))
    },
    Builtin(["repr"], "repr(obj, /)", "the text the REPL echoes for a value", example: "repr(np.float32(0.1))") { interpreter, a throws(ScriptError) in
      .string(try a.value(0, "obj").value.repr(interpreter.state.printOptions))
    },
    Builtin(["bool"], "bool(x=False, /)", "whether a value is true, as Python decides", example: "bool(0), bool([1])") { interpreter, a throws(ScriptError) in
      .bool(a.count == 0 ? false : try interpreter.truthy(try a.value(0, "x").value, range: a.range))
    },
    Builtin(["list"], "list(iterable=(), /)", "a list of the items (an array's rows)", example: "list(range(3)), list(np.arange(3))") { interpreter, a throws(ScriptError) in
      guard a.count > 0 else { return .list([]) }
      let found = try a.value(0, "iterable")
      return .list(try interpreter.iterate(found.value, range: found.range))
    },
    Builtin(["tuple"], "tuple(iterable=(), /)", "a tuple of the items", example: "tuple([4, 10, 8])") { interpreter, a throws(ScriptError) in
      guard a.count > 0 else { return .tuple([]) }
      let found = try a.value(0, "iterable")
      return .tuple(try interpreter.iterate(found.value, range: found.range))
    },
    Builtin(["range"], "range([start,] stop[, step], /)", "the ints from start up to stop, as a list (at most 10,000,000)", example: "list(range(0, 10, 3))") { _, a throws(ScriptError) in
      // Python takes only integers here (range(2.9e9) is a TypeError, not 2.9·10⁹ steps).
      for item in a.positional {
        if case .float = item.value {
          throw ScriptError(.runtime, "TypeError: 'float' object cannot be interpreted as an integer", at: item.range)
        }
      }
      let first = try a.int(0, "start")
      let (start, stop) = a.positional.count >= 2 ? (first, try a.int(1, "stop")) : (0, first)
      let step = try a.int(2, "step", default: 1)
      guard step != 0 else { throw ScriptError(.runtime, "range() arg 3 must not be zero", at: a.positional[2].range) }
      // The length by arithmetic (counting the stride walked all of it); the distance as an
      // unsigned difference, which holds any two Ints' gap.
      let (low, high) = step > 0 ? (start, stop) : (stop, start)
      let distance: UInt = high > low ? UInt(bitPattern: high &- low) : 0
      let length = distance == 0 ? 0 : (distance - 1) / step.magnitude + 1
      guard length <= UInt(Interpreter.maximumSequenceLength) else {
        throw ScriptError(
          .runtime, "range() of \(length) items is more than a list holds in convlab (\(Interpreter.maximumSequenceLength))", at: a.range)
      }
      return .list(Swift.stride(from: start, to: stop, by: step).map { .int($0) })
    },
    Builtin(["dict"], "dict(iterable=(), /, **kwargs)", "a dict from (key, value) pairs, another dict, or keywords", example: "dict(filters=8, kernel_size=3)") { interpreter, a throws(ScriptError) in
      var entries: [DictEntry] = []
      if let found = a.positional.first {
        if case .dict(let other) = found.value {
          entries = other
        } else {
          for (index, pair) in try interpreter.iterate(found.value, range: found.range).enumerated() {
            guard let items = pair.items, items.count == 2 else {
              throw ScriptError(.runtime, "dictionary update sequence element #\(index) has length \(pair.items?.count ?? 1); 2 is required", at: found.range)
            }
            entries.set(try interpreter.hashableKey(items[0], range: found.range), items[1])
          }
        }
      }
      for keyword in a.keyword { entries.set(.string(keyword.name), keyword.value) }
      return .dict(entries)
    },
    Builtin(["sorted"], "sorted(iterable, /, *, reverse=False)", "a new list of the items in ascending order", example: "sorted([3, 1, 2], reverse=True)") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "iterable")
      var items = try interpreter.iterate(found.value, range: found.range)
      var receiver = Value.list(items)
      var arguments = a
      arguments.positional = []
      _ = try interpreter.listMethod(&items, &receiver, "sort", arguments)
      return receiver
    },
    Builtin(["reversed"], "reversed(sequence, /)", "the items in reverse order, as a list", example: "list(reversed([1, 2, 3]))") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "sequence")
      return .list(try interpreter.iterate(found.value, range: found.range).reversed())
    },
    Builtin(["any"], "any(iterable, /)", "whether any item is true (an array's items are its rows)", example: "any([0, 0, 1]), any(np.zeros(3))") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "iterable")
      for item in try interpreter.iterate(found.value, range: found.range) where try interpreter.truthy(item, range: found.range) { return .bool(true) }
      return .bool(false)
    },
    Builtin(["all"], "all(iterable, /)", "whether every item is true (an array's items are its rows)", example: "all([1, 2, 3]), all(np.ones(3))") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "iterable")
      for item in try interpreter.iterate(found.value, range: found.range) where !(try interpreter.truthy(item, range: found.range)) { return .bool(false) }
      return .bool(true)
    },
    Builtin(["enumerate"], "enumerate(iterable, start=0)", "(index, item) pairs", example: "[(i, s) for i, s in enumerate((4, 10, 8))]") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "iterable")
      let start = try a.int(1, "start", default: 0)
      return .list(try interpreter.iterate(found.value, range: found.range).enumerated().map { .tuple([.int(start + $0.offset), $0.element]) })
    },
    Builtin(["zip"], "zip(*iterables)", "tuples of the items at each position, as long as the shortest", example: "list(zip(['h', 'w'], (8, 12)))") { interpreter, a throws(ScriptError) in
      var columns: [[Value]] = []
      for index in 0..<a.positional.count {
        let found = try a.value(index, "iterable")
        columns.append(try interpreter.iterate(found.value, range: found.range))
      }
      let count = columns.map(\.count).min() ?? 0
      return .list((0..<count).map { row in .tuple(columns.map { $0[row] }) })
    },
    Builtin(["type"], "type(object, /)", "the type of a value, as Python names it", example: "type(np.zeros(2))") { _, a throws(ScriptError) in
      .type(try a.value(0, "object").value.pythonTypeName)
    },
    Builtin(["isinstance"], "isinstance(obj, class_or_tuple, /)", "whether obj is of the type (or one of the types)", example: "isinstance(3, (int, float))") { _, a throws(ScriptError) in
      let object = try a.value(0, "obj").value
      let classes = try a.value(1, "class_or_tuple")
      var names: [String] = []
      for item in classes.value.items ?? [classes.value] {
        switch item {
        case .type(let name): names.append(name)
        case .function(let name) where ["int", "float", "str", "bool", "list", "tuple", "dict"].contains(name): names.append(name)
        case .layerClass(let name): names.append("keras.layers." + name)
        default:
          throw ScriptError(.runtime, "isinstance() arg 2 must be a type, a tuple of types, or a union", at: classes.range)
        }
      }
      let own = object.pythonTypeName
      // bool is an int in Python; a NumPy scalar is not a Python number.
      return .bool(names.contains(own) || (own == "bool" && names.contains("int")))
    },
    Builtin(["dir"], "dir([object], /)", "the names in the session, or a module's members, or a value's attributes and methods", example: "dir(np.random)") { interpreter, a throws(ScriptError) in
      guard a.count > 0 else { return .list(interpreter.state.variables.keys.sorted().map { .string($0) }) }
      let object = try a.value(0, "object").value
      if case .namespace(let module) = object { return .list(Modules.members(of: module).sorted().map { .string($0) }) }
      return .list(Set(Members.names(for: object) + Members.attributes(for: object)).sorted().map { .string($0) })
    },
    Builtin(["exit", "quit"], "exit(code=None)", "leave convlab (as :quit)", example: "exit") { interpreter, _ throws(ScriptError) in
      interpreter.panel = .quit
      return .none
    },
  ]
}
