import Foundation
import Layers

/// The `str` methods pasted code uses, with Python's semantics.
extension Interpreter {
  mutating func stringMethod(_ text: String, _ name: String, _ a: CallArguments) throws(ScriptError) -> Value {
    func string(_ position: Int, _ label: String) throws(ScriptError) -> String { try a.string(position, label) }
    func characters(_ position: Int) throws(ScriptError) -> Set<Character>? {
      guard a.has(position, "chars") else { return nil }
      return Set(try string(position, "chars"))
    }
    func strip(_ text: Substring, leading: Bool, trailing: Bool, _ set: Set<Character>?) -> String {
      let drop: (Character) -> Bool = { set?.contains($0) ?? $0.isWhitespace }
      var result = text
      if leading { result = result.drop(while: drop) }
      if trailing { while let last = result.last, drop(last) { result = result.dropLast() } }
      return String(result)
    }
    switch name {
    case "upper": return .string(text.uppercased())
    case "lower": return .string(text.lowercased())
    case "title": return .string(text.capitalized)
    case "capitalize": return .string(text.prefix(1).uppercased() + text.dropFirst().lowercased())
    case "strip": return .string(strip(Substring(text), leading: true, trailing: true, try characters(0)))
    case "lstrip": return .string(strip(Substring(text), leading: true, trailing: false, try characters(0)))
    case "rstrip": return .string(strip(Substring(text), leading: false, trailing: true, try characters(0)))
    case "isdigit": return .bool(!text.isEmpty && text.allSatisfy { $0.isNumber })
    case "split":
      let limit = try a.int(1, "maxsplit", default: -1)
      if a.has(0, "sep") {
        let separator = try string(0, "sep")
        guard !separator.isEmpty else { throw ScriptError(.runtime, "empty separator", at: a.range) }
        var parts = text.components(separatedBy: separator)
        if limit >= 0, parts.count > limit + 1 {
          parts = Array(parts.prefix(limit)) + [parts.dropFirst(limit).joined(separator: separator)]
        }
        return .list(parts.map { .string($0) })
      }
      return .list(text.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
    case "join":
      let found = try a.value(0, "iterable")
      var parts: [String] = []
      for item in try iterate(found.value, range: found.range) {
        guard case .string(let part) = item else {
          throw ScriptError(.runtime, "sequence item \(parts.count): expected str instance, \(item.kindName) found", at: found.range)
        }
        parts.append(part)
      }
      return .string(parts.joined(separator: text))
    case "replace":
      let old = try string(0, "old"), new = try string(1, "new")
      guard !old.isEmpty else { return .string(text) }
      return .string(text.replacingOccurrences(of: old, with: new))
    case "startswith", "endswith":
      let found = try a.value(0, "prefix")
      var candidates: [String] = []
      for item in found.value.items ?? [found.value] {
        guard case .string(let candidate) = item else {
          throw ScriptError(.runtime, "\(name) first arg must be str or a tuple of str, not \(item.kindName)", at: found.range)
        }
        candidates.append(candidate)
      }
      return .bool(candidates.contains { name == "startswith" ? text.hasPrefix($0) : text.hasSuffix($0) })
    case "find":
      let needle = try string(0, "sub")
      guard let found = text.range(of: needle) else { return .int(-1) }
      return .int(text.distance(from: text.startIndex, to: found.lowerBound))
    case "count":
      let needle = try string(0, "sub")
      guard !needle.isEmpty else { return .int(text.count + 1) }
      return .int(text.components(separatedBy: needle).count - 1)
    case "zfill":
      let width = try a.int(0, "width")
      let sign = text.first.map { "+-".contains($0) } == true ? String(text.prefix(1)) : ""
      let digits = text.dropFirst(sign.count)
      return .string(sign + String(repeating: "0", count: Swift.max(0, width - text.count)) + digits)
    case "ljust", "rjust", "center":
      let width = try a.int(0, "width")
      let fill = a.has(1, "fillchar") ? try string(1, "fillchar") : " "
      guard fill.count == 1 else { throw ScriptError(.runtime, "The fill character must be exactly one character long", at: a.range) }
      let spare = Swift.max(0, width - text.count)
      let left = name == "rjust" ? spare : (name == "center" ? spare / 2 + (spare % 2 & width % 2) : 0)
      return .string(String(repeating: fill, count: left) + text + String(repeating: fill, count: spare - left))
    case "format":
      return .string(try formatFields(text, a))
    default:
      throw ScriptError(.runtime, "'str' object has no attribute '\(name)'", at: a.range)
    }
  }

  /// `'{} x {:.2f} {name}'.format(…)`: fields numbered automatically or by position, or named
  /// by keyword, each with the f-string's conversion and format spec.
  private func formatFields(_ template: String, _ a: CallArguments) throws(ScriptError) -> String {
    var result = "", automatic = 0
    var characters = template[...]
    while let character = characters.first {
      characters = characters.dropFirst()
      if character == "}" {
        guard characters.first == "}" else { throw ScriptError(.runtime, "Single '}' encountered in format string", at: a.range) }
        characters = characters.dropFirst()
        result.append("}")
        continue
      }
      guard character == "{" else {
        result.append(character)
        continue
      }
      if characters.first == "{" {
        characters = characters.dropFirst()
        result.append("{")
        continue
      }
      guard let close = characters.firstIndex(of: "}") else {
        throw ScriptError(.runtime, "Single '{' encountered in format string", at: a.range)
      }
      let field = characters[..<close]
      characters = characters[characters.index(after: close)...]
      let specStart = field.firstIndex(of: ":")
      let head = field[..<(specStart ?? field.endIndex)]
      let spec = specStart.map { String(field[field.index(after: $0)...]) } ?? ""
      let bang = head.firstIndex(of: "!")
      let key = String(head[..<(bang ?? head.endIndex)])
      let conversion = bang.flatMap { head[head.index(after: $0)...].first }
      let value: Value
      if key.isEmpty || key.allSatisfy(\.isNumber) {
        let position = key.isEmpty ? automatic : Int(key)!
        if key.isEmpty { automatic += 1 }
        guard position < a.positional.count else {
          throw ScriptError(.runtime, "Replacement index \(position) out of range for positional args tuple", at: a.range)
        }
        value = a.positional[position].value
      } else {
        guard let found = a.keyword.first(where: { $0.name == key }) else { throw ScriptError(.runtime, "KeyError: '\(key)'", at: a.range) }
        value = found.value
      }
      result += try Formatting.format(value, conversion: conversion, spec: spec, options: state.printOptions, range: a.range)
    }
    return result
  }
}

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

extension Value {
  /// A layer argument as a value: sequences as tuples, as Keras's configs hold them.
  init(_ argument: ArgumentValue) {
    switch argument {
    case .int(let number): self = .int(number)
    case .float(let number): self = .float(number)
    case .string(let text): self = .string(text)
    case .bool(let flag): self = .bool(flag)
    case .null: self = .none
    case .sequence(let items): self = .tuple(items.map(Value.init))
    case let .object(type, arguments): self = .object(type: type, arguments: arguments)
    }
  }

  var isMethod: Bool {
    if case .method = self { return true }
    return false
  }
}

extension Interpreter {
  /// The keys of Keras 3's layer configs in the order its `get_config()` writes them (the
  /// base classes' keys first), for every layer convlab has.
  static let kerasConfigOrder = [
    "name", "trainable", "dtype", "depth_multiplier", "filters", "kernel_size", "size", "strides", "padding", "cropping",
    "output_padding", "data_format", "dilation_rate", "groups", "activation", "interpolation", "use_bias",
    "kernel_initializer", "depthwise_initializer", "pointwise_initializer", "bias_initializer", "kernel_regularizer",
    "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
    "depthwise_constraint", "pointwise_constraint", "bias_constraint",
  ]

  /// `layer.get_config()` as Keras 3 writes it: name, trainable and the dtype policy, then the
  /// constructor's arguments normalized as the layer holds them (kernel_size=3 → (3, 3)), and
  /// initializers, regularizers and constraints as Keras's serialized objects.
  func kerasConfig(_ layer: Layer, _ receiver: Value, range: SourceRange) -> [DictEntry] {
    func serialized(_ module: String, _ className: String, _ config: [DictEntry]) -> Value {
      .dict([
        DictEntry(key: .string("module"), value: .string(module)), DictEntry(key: .string("class_name"), value: .string(className)),
        DictEntry(key: .string("config"), value: .dict(config)), DictEntry(key: .string("registered_name"), value: .none),
      ])
    }
    var entries: [DictEntry] = [
      DictEntry(key: .string("name"), value: .string(layer.name)), DictEntry(key: .string("trainable"), value: .bool(true)),
      DictEntry(key: .string("dtype"), value: serialized("keras", "DTypePolicy", [DictEntry(key: .string("name"), value: .string("float32"))])),
    ]
    for (name, argument) in layer.configuration where name != "name" {
      var value = (try? attribute(receiver, name, range: range)).flatMap { $0.isMethod ? nil : $0 } ?? Value(argument)
      let module = name.hasSuffix("_initializer") ? "keras.initializers" : name.hasSuffix("_regularizer") ? "keras.regularizers" : nil
      switch (module, argument) {
      case (let module?, .string(let snake)):
        // 'glorot_uniform' → GlorotUniform, as Keras deserializes the name.
        value = serialized(module, snake.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(), [])
      case (let module?, .object(let type, let arguments)):
        value = serialized(module, type, arguments.keyword.map { DictEntry(key: .string($0.name), value: Value($0.value)) })
      default: break
      }
      entries.set(.string(name), value)
    }
    let order = Self.kerasConfigOrder
    return entries.enumerated().sorted { left, right in
      let (a, b) = (order.firstIndex(of: left.element.key.str(.default)) ?? order.count, order.firstIndex(of: right.element.key.str(.default)) ?? order.count)
      return a != b ? a < b : left.offset < right.offset
    }.map(\.element)
  }
}
