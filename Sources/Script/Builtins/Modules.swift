import Arrays
import Layers
import Tensors

/// The modules pasted code reaches through (`np`, `keras.layers`, `paddle.nn`, `tf.random`), and
/// the global names a session starts with. Functions come from `Builtin.table`, layers from
/// `LayerCatalog`; this adds only what is neither: submodules, constants and types.
enum Modules {
  /// Names that reach a module, and the module each reaches.
  static let namespaces: [String: String] = [
    "np": "numpy", "numpy": "numpy", "keras": "keras", "layers": "keras.layers", "paddle": "paddle", "nn": "paddle.nn",
    "tf": "tensorflow", "torch": "torch",
  ]

  /// Submodules by parent.
  static let submodules: [String: [String]] = [
    "numpy": ["random"],
    "keras": ["layers", "models", "initializers", "regularizers", "activations", "backend"],
    "paddle": ["nn"],
    "tensorflow": ["keras", "random"],
    "torch": ["nn"],
    "torch.nn": ["functional"],
  ]

  /// PyTorch's dtypes, by every name torch gives them.
  static let torchConstants: [String: Value] = [
    "float32": .dtype(.float32), "float": .dtype(.float32), "float64": .dtype(.float64), "double": .dtype(.float64),
    "float16": .dtype(.float16), "half": .dtype(.float16), "int64": .dtype(.int64), "long": .dtype(.int64),
    "int32": .dtype(.int32), "int": .dtype(.int32), "int16": .dtype(.int16), "short": .dtype(.int16), "int8": .dtype(.int8),
    "uint8": .dtype(.uint8), "bool": .dtype(.bool), "Tensor": .type("torch.Tensor"),
  ]

  /// Constants and types in `numpy`.
  static let numpyConstants: [String: Value] = {
    var constants: [String: Value] = [
      "newaxis": Value.none, "True_": .array(NDArray(scalar: true)), "False_": .array(NDArray(scalar: false)),
      "pi": .float(Double.pi), "e": .float(2.718_281_828_459_045), "inf": .float(.infinity), "nan": .float(.nan),
      "ndarray": .type("numpy.ndarray"),
    ]
    for (name, dtype) in ArrayArguments.scalarTypes { constants[name] = .dtype(dtype) }
    return constants
  }()

  static var globalNames: [String] {
    Builtin.globalNames + LayerCatalog.names.filter { !$0.contains(".") } + Array(namespaces.keys)
  }

  static func global(_ name: String) -> Value? {
    if let module = namespaces[name] { return .namespace(module) }
    if Builtin.table[name] != nil { return .function(name) }
    if !name.contains("."), let layer = LayerCatalog.canonicalName(name) { return .layerClass(layer) }
    return nil
  }

  /// Names inside a module, for completion, `dir` and "did you mean".
  static func members(of module: String) -> [String] {
    var names = (Builtin.membersByModule[module] ?? []) + (submodules[module] ?? [])
    switch module {
    case "numpy": names += numpyConstants.keys
    case "keras.layers": names += LayerCatalog.names.filter { !$0.contains(".") }
    case "paddle.nn": names += LayerCatalog.names.filter { $0.hasPrefix("paddle.nn.") }.map { String($0.dropFirst(10)) }
    case "torch.nn": names += LayerCatalog.names.filter { $0.hasPrefix("torch.nn.") }.map { String($0.dropFirst(9)) }
    case "torch": names += torchConstants.keys
    default: break
    }
    return names.sorted()
  }

  static func member(_ module: String, _ name: String) -> Value? {
    if submodules[module]?.contains(name) == true {
      return .namespace(module == "tensorflow" && name == "keras" ? "keras" : "\(module).\(name)")
    }
    if module == "numpy", let constant = numpyConstants[name] { return constant }
    if module == "torch", let constant = torchConstants[name] { return constant }
    if Builtin.table["\(module).\(name)"] != nil { return .function("\(module).\(name)") }
    switch module {
    case "keras.layers" where !name.contains("."): return LayerCatalog.canonicalName(name).map { .layerClass($0) }
    case "paddle.nn" where LayerCatalog.names.contains("paddle.nn.\(name)"): return .layerClass("paddle.nn.\(name)")
    case "torch.nn" where LayerCatalog.names.contains("torch.nn.\(name)"): return .layerClass("torch.nn.\(name)")
    default: return nil
    }
  }
}
