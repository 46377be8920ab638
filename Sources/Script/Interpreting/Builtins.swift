import Arrays
import Kernels
import Layers
import Tensors

/// The names a session starts with, and the modules pasted code reaches through.
enum Builtins {
  static let activations = Activation.allCases.map(\.rawValue) + ["silu"]

  /// NumPy functions also reachable without `np.` (convlab's shortcuts): `rand`, `zeros`, `exp`…
  static let tensorFunctions = [
    "rand", "randn", "zeros", "ones", "full", "arange", "linspace", "eye", "array", "tensor", "seed", "load", "save",
    "concatenate", "stack", "reshape", "transpose", "expand_dims", "squeeze", "exp", "log", "sqrt", "abs", "sin",
    "cos", "floor", "ceil", "round", "clip", "maximum", "minimum", "sum", "mean", "max", "min", "std", "argmax",
    "allclose", "where", "matmul", "dot",
  ]

  /// The `NumPyFunction.table` entry a canonical function name runs: `numpy.zeros` → `zeros`,
  /// `numpy.random.rand` and the shortcut `rand` → `random.rand`, `zeros` → `zeros`.
  static func numpyName(for name: String) -> String? {
    if name.hasPrefix("numpy.") { return String(name.dropFirst(6)) }
    switch name {
    case "rand", "randn", "seed": return "random." + name
    case "tensor", "abs", "round", "sum", "max", "min": return nil  // Python's builtins or convlab's own
    default: return tensorFunctions.contains(name) || sessionFunctions.contains(name) ? name : nil
    }
  }

  static let sessionFunctions = [
    "print", "shape", "len", "Input", "Sequential", "summary", "set_printoptions", "set_image_data_format", "help",
    "vars", "set_limits", "timeit", "memit", "show", "explain", "diagram", "animate", "int", "float", "str", "bool", "list", "tuple", "range",
    "type", "isinstance", "dir", "enumerate", "zip", "exit", "quit",
  ]

  static let namespaces: [String: String] = [
    "np": "numpy", "numpy": "numpy", "keras": "keras", "layers": "keras.layers", "paddle": "paddle", "nn": "paddle.nn",
    "tf": "tensorflow",
  ]

  static var globalNames: [String] {
    tensorFunctions + sessionFunctions + activations + LayerCatalog.names.filter { !$0.contains(".") }
      + Array(namespaces.keys)
  }

  static func global(_ name: String) -> Value? {
    if let module = namespaces[name] { return .namespace(module) }
    if tensorFunctions.contains(name) || sessionFunctions.contains(name) { return .function(name) }
    if activations.contains(name) { return .function("activations.\(name)") }
    if !name.contains("."), let layer = LayerCatalog.canonicalName(name) { return .layerClass(layer) }
    return nil
  }

  static var numpyFunctions: [String] { NumPyFunction.numpyNames }
  static let kerasInitializers = [
    "Constant", "Zeros", "Ones", "RandomNormal", "RandomUniform", "TruncatedNormal", "GlorotUniform", "GlorotNormal",
    "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "VarianceScaling",
  ]
  static let kerasRegularizers = ["L1", "L2", "L1L2", "l1", "l2", "l1_l2"]

  private static let numpyMembers =
    numpyFunctions + NumPyFunction.scalarTypes.keys.sorted() + ["random", "newaxis", "pi", "e", "inf", "nan", "True_", "False_", "ndarray"]

  /// Names inside a module, for completion and "did you mean".
  static func members(of module: String) -> [String] {
    switch module {
    case "numpy": return numpyMembers
    case "numpy.random": return NumPyFunction.randomNames
    case "keras": return ["layers", "models", "initializers", "regularizers", "activations", "Sequential", "Input"]
    case "keras.layers": return LayerCatalog.names.filter { !$0.contains(".") } + ["Input"]
    case "keras.models": return ["Sequential"]
    case "keras.initializers": return kerasInitializers
    case "keras.regularizers": return kerasRegularizers
    case "keras.activations": return activations
    case "paddle": return ["rand", "randn", "uniform", "zeros", "ones", "to_tensor", "seed", "nn", "disable_static"]
    case "paddle.nn": return ["Conv3DTranspose"]
    case "tensorflow": return ["keras", "random"]
    case "tensorflow.random": return ["normal", "uniform"]
    default: return []
    }
  }

  static func member(_ module: String, _ name: String) -> Value? {
    guard members(of: module).contains(name) else { return nil }
    switch (module, name) {
    case ("numpy", "random"): return .namespace("numpy.random")
    case ("numpy", "ndarray"): return .type("numpy.ndarray")
    case ("numpy", let type) where NumPyFunction.scalarTypes[type] != nil: return .dtype(NumPyFunction.scalarTypes[type]!)
    case ("numpy", "newaxis"): return Value.none
    case ("numpy", "True_"): return .array(NDArray(scalar: true))
    case ("numpy", "False_"): return .array(NDArray(scalar: false))
    case ("numpy", "pi"): return .float(Double.pi)
    case ("numpy", "e"): return .float(2.718_281_828_459_045)
    case ("numpy", "inf"): return .float(.infinity)
    case ("numpy", "nan"): return .float(.nan)
    case ("numpy", _): return .function("numpy.\(name)")
    case ("numpy.random", _): return .function("numpy.random.\(name)")
    case ("keras", "Sequential"), ("keras.models", "Sequential"): return .function("Sequential")
    case ("keras", "Input"), ("keras.layers", "Input"): return .function("Input")
    case ("keras", _): return .namespace("keras.\(name)")
    case ("keras.layers", _): return .layerClass(LayerCatalog.canonicalName(name) ?? name)
    case ("keras.initializers", _), ("keras.regularizers", _): return .function("\(module).\(name)")
    case ("keras.activations", _): return .function("activations.\(name)")
    case ("paddle", "nn"): return .namespace("paddle.nn")
    case ("tensorflow", "random"): return .namespace("tensorflow.random")
    case ("tensorflow.random", _): return .function("tensorflow.random.\(name)")
    case ("paddle", _): return .function("paddle.\(name)")
    case ("paddle.nn", _): return .layerClass("paddle.nn.\(name)")
    case ("tensorflow", "keras"): return .namespace("keras")
    default: return nil
    }
  }
}
