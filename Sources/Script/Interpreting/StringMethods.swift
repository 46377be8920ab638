import Foundation
import Layers

/// The `str` methods pasted code uses, with Python's semantics.
extension Interpreter {
  mutating func stringMethod(_ text: String, _ name: String, _ a: CallArguments) throws(ScriptError) -> Value {
    func string(_ position: Int, _ label: String) throws(ScriptError) -> String { try a.string(position, label) }
    /// A padded width: bounded as a string's length is (a width of 10¹² had asked for a
    /// terabyte), negative widths meaning none.
    func width() throws(ScriptError) -> Int {
      let width = try a.int(0, "width")
      guard width <= Self.maximumSequenceLength else {
        throw ScriptError(.runtime, "\(name)(): width \(width) is more than a string holds in convlab (\(Self.maximumSequenceLength))", at: a.range)
      }
      return Swift.max(0, width)
    }
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
      let width = try width()
      let sign = text.first.map { "+-".contains($0) } == true ? String(text.prefix(1)) : ""
      let digits = text.dropFirst(sign.count)
      return .string(sign + String(repeating: "0", count: Swift.max(0, width - text.count)) + digits)
    case "ljust", "rjust", "center":
      let width = try width()
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
