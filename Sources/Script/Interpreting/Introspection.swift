import Arrays
import Layers
import Tensors

/// Read-only questions about names and values, for completion, signature hints and help panes.
/// Nothing here runs a call.
public enum Introspection {
  /// Builtin names every session starts with.
  public static var globalNames: [String] { Modules.globalNames }

  /// The value a dotted path names (`np.random`, `model.layers`, `y`), resolving names and
  /// attributes only; nil when it names nothing.
  public static func value(ofPath path: [String], in state: InterpreterState) -> Value? {
    guard let first = path.first else { return nil }
    guard var value = state.variables[first] ?? Modules.global(first) else { return nil }
    let interpreter = Interpreter(state: state)
    for name in path.dropFirst() {
      guard let next = try? interpreter.attribute(value, name, range: SourceRange(0, 0)) else { return nil }
      value = next
    }
    return value
  }

  /// Names reachable with `.` from a value: module members, attributes and methods.
  public static func memberNames(of value: Value) -> [String] {
    if case .namespace(let module) = value { return Modules.members(of: module) }
    return Members.attributes(for: value) + Members.names(for: value)
  }

  /// A callable's parameters as written in its signature.
  public struct CallSignature: Sendable, Equatable {
    public var name: String
    /// Each parameter's name and how it reads in the signature (`strides=(1, 1, 1)`).
    public var parameters: [(name: String, text: String)]

    public static func == (lhs: CallSignature, rhs: CallSignature) -> Bool {
      lhs.name == rhs.name && lhs.parameters.elementsEqual(rhs.parameters) { $0.name == $1.name && $0.text == $1.text }
    }
  }

  public static func signature(of value: Value) -> CallSignature? {
    switch value {
    case .layerClass(let name):
      guard let signature = LayerCatalog.signature(name) else { return nil }
      return CallSignature(
        name: name,
        parameters: signature.parameters.map { parameter in
          (parameter.name, parameter.defaultValue.map { "\(parameter.name)=\($0)" } ?? parameter.name)
        })
    case .method(let receiver, let name):
      guard let member = Members.member(receiver.value, name) else { return nil }
      let signature = Signature(member.signature)
      return CallSignature(name: signature.name, parameters: signature.parameters.map { ($0.name, $0.text) })
    case .function(let name):
      guard let signature = Builtin.table[name]?.signature else { return nil }
      return CallSignature(name: signature.name, parameters: signature.parameters.map { ($0.name, $0.text) })
    default:
      return nil
    }
  }

  /// One row per variable, sorted by name: name, kind, shape, bytes of tensor data.
  public static func variableRows(_ state: InterpreterState) -> [(name: String, kind: String, shape: String, bytes: Int)] {
    state.variables.keys.sorted().map { name in
      let value = state.variables[name]!
      var shape = ""
      switch value {
      case .array(let array): shape = formatShape(array.shape)
      case .symbolic(let symbolic): shape = describe(symbolic.shape)
      case .model(let model): shape = ((try? model.outputShape) ?? nil).map(describe) ?? ""
      default: break
      }
      return (name, value.kindName, shape, value.tensorBytes)
    }
  }

  /// `1.5 MiB`.
  public static func byteDescription(_ bytes: Int) -> String { byteText(bytes) }

  /// Help text for a value (what `help(value)` prints).
  public static func help(for value: Value, in state: InterpreterState) -> String {
    Help.text(for: value, interpreter: Interpreter(state: state))
  }
}

extension Introspection {
  /// A value in one line, for a completion menu's hint: a signature, or a kind and shape.
  public static func oneLine(_ value: Value) -> String {
    switch value {
    case .layerClass(let name): return LayerCatalog.signature(name)?.signatureLine ?? name
    case .function(let name):
      guard let builtin = Builtin.table[name] else { return name }
      return "\(builtin.signature.text) — \(builtin.summary)"
    case .method(let receiver, let name):
      guard let member = Members.member(receiver.value, name) else { return name }
      return "\(member.signature) — \(member.summary)"
    case .namespace(let module): return "module \(module)"
    case .array(let array): return array.rank == 0 ? value.repr(.default) : "tensor \(formatShape(array.shape)) \(array.dtype.rawValue)"
    case .layer(let layer): return layer.declaration
    default: return value.kindName
    }
  }
}
