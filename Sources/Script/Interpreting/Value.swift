import Layers
import Tensors

/// A value in a convlab session.
public indirect enum Value: Sendable {
  case int(Int)
  case float(Double)
  case string(String)
  case bool(Bool)
  case none
  case tuple([Value])
  case list([Value])
  case tensor(Tensor)
  /// A shape without data (`Input(shape)`, or a layer applied to one).
  case symbolic(SymbolicTensor)
  case layer(Layer)
  case model(Sequential)
  /// A builtin function, by its qualified name (`print`, `numpy.zeros`).
  case function(String)
  /// A layer class (`Conv2D`, `paddle.nn.Conv3DTranspose`): calling it declares a layer.
  case layerClass(String)
  /// A module such as `numpy`, `numpy.random`, `keras.layers`, `paddle.nn`.
  case namespace(String)
  /// A method bound to its receiver (`y.reshape`, `model.add`).
  case method(receiver: Box, name: String)
  /// A configuration object (`Constant(0.5)`, `L2(0.01)`) passed to layer constructors.
  case object(type: String, arguments: ArgumentList)

  /// The kind as `vars()` and messages name it.
  public var kindName: String {
    switch self {
    case .int: return "int"
    case .float: return "float"
    case .string: return "str"
    case .bool: return "bool"
    case .none: return "NoneType"
    case .tuple: return "tuple"
    case .list: return "list"
    case .tensor: return "tensor"
    case .symbolic: return "symbolic tensor"
    case .layer(let layer): return layer.typeName
    case .model: return "Sequential"
    case .function: return "function"
    case .layerClass: return "layer class"
    case .namespace: return "module"
    case .method: return "method"
    case .object(let type, _): return type
    }
  }
}

/// Indirection for a method's receiver (keeps `Value` small).
public final class Box: Sendable {
  public let value: Value
  init(_ value: Value) { self.value = value }
}

// MARK: - How values print

extension Value {
  /// Python's `repr`: strings quoted, tensors with their shape line and NumPy body.
  public func repr(_ options: PrintOptions) -> String {
    switch self {
    case .string(let text): return pythonQuoted(text)
    case .tensor(let tensor): return "tensor \(formatShape(tensor.shape)) float32\n" + tensor.formatted(options)
    default: return str(options)
    }
  }

  /// The repr of an item inside a tuple or list, on one line. A nested tuple or list is
  /// already on one line: only other items are flattened, so printing stays linear in depth.
  private func itemRepr(_ options: PrintOptions) -> String {
    switch self {
    case .tuple, .list: return repr(options)
    default: return repr(options).replacingNewlines()
    }
  }

  /// Python's `str`, as `print` shows it.
  public func str(_ options: PrintOptions) -> String {
    switch self {
    case .int(let value): return String(value)
    case .float(let value): return pythonFloat(value)
    case .string(let text): return text
    case .bool(let value): return value ? "True" : "False"
    case .none: return "None"
    case .tuple(let items):
      let inner = items.map { $0.itemRepr(options) }
      return items.count == 1 ? "(\(inner[0]),)" : "(" + inner.joined(separator: ", ") + ")"
    case .list(let items): return "[" + items.map { $0.itemRepr(options) }.joined(separator: ", ") + "]"
    case .tensor(let tensor): return tensor.formatted(options)
    case .symbolic(let symbolic): return symbolic.description
    case .layer(let layer):
      let built = layer.hasWeights ? ", built=\(layer.weights.isEmpty ? "False" : "True")" : ""
      return "<\(layer.declaration) name=\(layer.name)\(built)>"
    case .model(let model): return "<Sequential name=\(model.name), \(model.layers.count) layers>"
    case .function(let name): return "<function \(name)>"
    case .layerClass(let name): return "<class \(name)>"
    case .namespace(let name): return "<module '\(name)'>"
    case .method(let receiver, let name): return "<bound method \(name) of \(receiver.value.kindName)>"
    case .object(let type, let arguments): return "\(type)(\(arguments))"
    }
  }
}

/// Python's float repr: shortest round-trip digits, `1.0`, `1e-05`, `1e+16`, `inf`, `nan`.
func pythonFloat(_ value: Double) -> String {
  if value.isNaN { return "nan" }
  if value.isInfinite { return value < 0 ? "-inf" : "inf" }
  let magnitude = abs(value)
  if magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e16) {
    // Swift writes 1e-05 as "1e-05" already; normalise the exponent to at least two digits.
    var text = "\(value)"
    if let e = text.firstIndex(of: "e") {
      var exponent = String(text[text.index(after: e)...])
      let sign = exponent.hasPrefix("-") ? "-" : "+"
      exponent = exponent.trimmingPrefix(while: { $0 == "-" || $0 == "+" })
      if exponent.count < 2 { exponent = "0" + exponent }
      var mantissa = String(text[..<e])
      if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
      text = mantissa + "e" + sign + exponent
    }
    return text
  }
  let text = "\(value)"
  return text.contains("e") ? String(format16(value)) : text
}

/// Positional digits for values Swift would print in exponent form but Python would not.
private func format16(_ value: Double) -> String {
  let whole = value.rounded(.towardZero)
  if whole == value && abs(value) < 1e16 { return "\(Int64(value)).0" }
  return "\(value)"
}

func pythonQuoted(_ text: String) -> String {
  let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
  var result = String(quote)
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\r": result += "\\r"
    case "\t": result += "\\t"
    case quote: result += "\\" + String(quote)
    case _ where isPrintable(scalar): result.unicodeScalars.append(scalar)
    case _ where scalar.value < 0x100: result += "\\x" + hex(scalar.value, 2)
    case _ where scalar.value < 0x10000: result += "\\u" + hex(scalar.value, 4)
    default: result += "\\U" + hex(scalar.value, 8)
    }
  }
  return result + String(quote)
}

private func hex(_ value: UInt32, _ digits: Int) -> String {
  let text = String(value, radix: 16)
  return String(repeating: "0", count: max(0, digits - text.count)) + text
}

/// Python's `str.isprintable` for one character: not a control, format, surrogate, private-use
/// or unassigned code point, and not a separator other than the space.
private func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
  if scalar == " " { return true }
  switch scalar.properties.generalCategory {
  case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
    return false
  default: return true
  }
}

extension String {
  func replacingAll(_ target: Character, with replacement: String) -> String {
    var result = ""
    for character in self { if character == target { result += replacement } else { result.append(character) } }
    return result
  }

  fileprivate func replacingNewlines() -> String { replacingAll("\n", with: " ") }

  fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> String {
    String(drop(while: predicate))
  }
}
