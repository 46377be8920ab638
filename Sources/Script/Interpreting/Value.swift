import Arrays
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
  /// A Python dict, keys in insertion order (dicts here are small: configs, state dicts).
  case dict([DictEntry])
  /// A NumPy array; a 0-d one is a NumPy scalar (`np.float32(13.73)`, `np.int64(3)`).
  case array(NDArray)
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
  /// A NumPy dtype, and the scalar type named after it (`np.float32`, `x.dtype`): it compares
  /// equal to its name, and calling it makes a scalar (`np.float32(1.5)`).
  case dtype(DType)
  /// A Python type, by its qualified name (`type(x)`, `np.ndarray`, `int`): for `isinstance`.
  case type(String)

  /// Python's `type(value)`, by the name Python prints.
  public var pythonTypeName: String {
    switch self {
    case .array(let array) where array.flavor == .torch: return "torch.Tensor"
    case .array(let array): return array.rank == 0 ? "numpy.\(array.dtype.rawValue)" : "numpy.ndarray"
    case .layer(let layer): return "keras.layers.\(layer.typeName)"
    case .model: return "keras.Sequential"
    case .function: return "builtin_function_or_method"
    case .layerClass: return "type"
    default: return kindName
    }
  }

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
    case .dict: return "dict"
    case .array(let array): return array.rank == 0 ? array.dtype.rawValue : "tensor"
    case .symbolic: return "symbolic tensor"
    case .layer(let layer): return layer.typeName
    case .model: return "Sequential"
    case .function: return "function"
    case .layerClass: return "layer class"
    case .namespace: return "module"
    case .method: return "method"
    case .object(let type, _): return type
    case .dtype: return "dtype"
    case .type: return "type"
    }
  }
}

/// One `key: value` of a dict.
public struct DictEntry: Sendable {
  public var key: Value
  public var value: Value
}

extension [DictEntry] {
  /// The position of `key`, compared as Python compares keys.
  func position(of key: Value) -> Int? { firstIndex { $0.key.pythonEquals(key) } }

  /// Sets `key` to `value`: in place when present, else at the end.
  mutating func set(_ key: Value, _ value: Value) {
    if let position = position(of: key) { self[position].value = value } else { append(DictEntry(key: key, value: value)) }
  }
}

/// Indirection for a method's receiver (keeps `Value` small).
public final class Box: Sendable {
  public let value: Value
  init(_ value: Value) { self.value = value }
}

// MARK: - How values print

extension Value {
  /// Python's `repr`: strings quoted, tensors with their shape and dtype line and NumPy body,
  /// NumPy scalars as NumPy's `str` shows them (`13.73`, `3`, `True`).
  public func repr(_ options: PrintOptions) -> String {
    switch self {
    case .string(let text): return pythonQuoted(text)
    case .dtype(let dtype): return "dtype('\(dtype.rawValue)')"
    case .array(let array) where array.flavor == .torch: return array.torchRepr(options.torch)
    case .array(let array) where array.rank > 0:
      return "tensor \(formatShape(array.shape)) \(array.dtype.rawValue)\n" + array.formatted(options)
    default: return str(options)
    }
  }

  /// The repr of an item inside a tuple or list, on one line. A nested tuple or list is
  /// already on one line: only other items are flattened, so printing stays linear in depth.
  private func itemRepr(_ options: PrintOptions) -> String {
    switch self {
    case .tuple, .list: return repr(options)
    case .array(let array) where array.flavor == .torch: return array.torchRepr(options.torch)
    case .array(let array): return array.reprString(options)
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
    case .dict(let entries): return "{" + entries.map { "\($0.key.itemRepr(options)): \($0.value.itemRepr(options))" }.joined(separator: ", ") + "}"
    case .array(let array) where array.flavor == .torch: return array.torchRepr(options.torch)
    case .array(let array): return array.formatted(options)
    case .symbolic(let symbolic): return symbolic.description
    case .layer(let layer):
      let built = layer.hasWeights ? ", built=\(layer.weights.isEmpty ? "False" : "True")" : ""
      return "<\(layer.declaration) name=\(layer.name)\(built)>"
    case .model(let model): return "<Sequential name=\(model.name), \(model.layers.count) layers>"
    case .function(let name): return "<function \(name)>"
    case .layerClass(let name): return "<class \(name)>"
    case .namespace(let name): return "<module '\(name)'>"
    case .method(let receiver, let name): return "<bound method \(name) of \(receiver.value.kindName)>"
    case .object(let type, let arguments) where Value.upsampleModules.contains(type):
      // nn.Upsample's extra_repr: its size or scale_factor, and its mode.
      let shown = arguments.keyword.filter { ["size", "scale_factor", "mode"].contains($0.name) }
      return "\(type)(" + shown.map { "\($0.name)=\($0.value)" }.joined(separator: ", ") + ")"
    case .object(let type, let arguments): return "\(type)(\(arguments))"
    case .dtype(let dtype): return dtype.rawValue
    case .type(let name): return "<class '\(name)'>"
    }
  }
}

/// Python's float repr: shortest round-trip digits, `1.0`, `1e-05`, `1e+16`, `inf`, `nan`.
func pythonFloat(_ value: Double) -> String { pythonFloatString(value) }

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

extension NDArray {
  /// The items of iterating the array, as Python does: NumPy scalars of a 1-d array, the
  /// sub-arrays of a higher one.
  func pythonItems() -> [Value] {
    guard rank > 0 else { return [] }
    return (0..<shape[0]).map { index in .array(try! self[.at(index)]) }
  }

  /// `a.tolist()` / `a.item()`: Python numbers in nested lists.
  func pythonValue() -> Value {
    guard rank > 0 else {
      switch scalarValue! {
      case .bool(let flag): return .bool(flag)
      case .int(let number): return .int(Int(number))
      case .uint(let number): return number <= UInt64(Int.max) ? .int(Int(number)) : .float(Double(number))
      case .float(let number): return .float(number)
      }
    }
    return .list((0..<shape[0]).map { index in (try! self[.at(index)]).pythonValue() })
  }
}

// MARK: - Tensors made by torch

extension Value {
  /// A tensor made by torch (it prints as `tensor(…)`).
  var isTorchTensor: Bool {
    if case .array(let array) = self { return array.flavor == .torch }
    return false
  }

  /// The value with every array in it (in tuples, lists and dict values too) given `flavor`.
  func flavored(_ flavor: NDArray.Flavor) -> Value {
    switch self {
    case .array(let array): return array.flavor == flavor ? self : .array(array.with(flavor: flavor))
    case .tuple(let items): return .tuple(items.map { $0.flavored(flavor) })
    case .list(let items): return .list(items.map { $0.flavored(flavor) })
    case .dict(let entries): return .dict(entries.map { DictEntry(key: $0.key, value: $0.value.flavored(flavor)) })
    default: return self
    }
  }

  /// What an operation on `operands` gives: torch tensors in, torch tensors out, as in PyTorch.
  func following(_ operands: Value...) -> Value {
    operands.contains(where: \.isTorchTensor) ? flavored(.torch) : self
  }
}

extension Value {
  /// torch.nn's upsampling modules: objects that call F.interpolate with their arguments.
  static let upsampleModules: Set<String> = ["Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"]
}
