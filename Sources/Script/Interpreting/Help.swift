import Layers

/// `help(thing)`: the signature, the arguments with defaults and meanings, and an example.
enum Help {
  static func text(for value: Value?, interpreter: Interpreter) -> String {
    guard let value else {
      return """
        convlab: type statements in a small Python-flavoured language.
          x = rand(4, 10, 8, 12, 128)
          y = Conv3DTranspose(32, 2, strides: 2)(x)
          y.shape
        help(name) for a layer or function · vars() for your names · layers: \(LayerCatalog.names.count) (see help(keras.layers))
        REPL commands: :save PATH, :load PATH, :history, :vars, :undo, :reset, :help, :quit
        """
    }
    switch value {
    case .layerClass(let name):
      guard let signature = LayerCatalog.signature(name) else { return "no help for \(name)" }
      return layerHelp(signature)
    case .layer(let layer):
      guard let signature = LayerCatalog.signature(layer.typeName) else { return layer.declaration }
      return "\(layer.name): \(layer.declaration)\n\n" + layerHelp(signature)
    case .function(let name):
      guard let builtin = Builtin.table[name] else { return "\(name)(…)" }
      return "\(builtin.signature.text)\n  \(builtin.summary)\n\nExample:\n  \(builtin.example)"
    case .method(let receiver, let name):
      guard let member = Members.member(receiver.value, name) else { return "\(receiver.value.kindName).\(name)(…)" }
      return "\(receiver.value.kindName).\(member.signature)\n  \(member.summary)\n\nExample:\n" + member.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    case .namespace(let module):
      return "module \(module):\n  " + Modules.members(of: module).joined(separator: ", ")
    default:
      var lines = ["\(value.kindName)"]
      let methods = Members.names(for: value), attributes = Members.attributes(for: value)
      if !attributes.isEmpty { lines.append("  attributes: " + attributes.joined(separator: ", ")) }
      if !methods.isEmpty { lines.append("  methods: " + methods.joined(separator: ", ")) }
      return lines.joined(separator: "\n")
    }
  }

  static func layerHelp(_ signature: LayerSignature) -> String {
    var lines = [signature.signatureLine, "  \(signature.summary)", ""]
    let width = signature.parameters.map { $0.name.count }.max() ?? 0
    for parameter in signature.parameters {
      let fallback = parameter.defaultValue.map { "= \($0)" } ?? "(required)"
      lines.append("  \(parameter.name.padding(width)) \(fallback)\n      \(parameter.summary)")
    }
    lines.append("\nExample:\n" + signature.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    return lines.joined(separator: "\n")
  }
}

extension String {
  func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
