import Arrays
import Kernels
import Layers
import Tensors

// Keras's activations, initializers and regularizers.
extension Builtin {
  static let keras: [Builtin] = activations + initializers + regularizers

  /// Every activation, also without a module; `tanh` alone is NumPy's (a number in, a number
  /// out, as `exp`), `keras.activations.tanh` the activation.
  static let activations: [Builtin] = (Activation.allCases.map(\.rawValue) + ["silu"]).map { name in
    let summary = "Keras's \(name) activation, element-wise" + (name == "softmax" ? " (softmax: over the last axis)" : "")
    return Builtin(
      ["keras.activations.\(name)"] + (UnaryUfunc(rawValue: name) == nil ? [name] : []), "\(name)(x)", summary,
      example: "keras.activations.\(name)(np.array([-2.0, 0.0, 3.0]))"
    ) { _, a throws(ScriptError) in
      let activation = Activation(kerasName: name)!
      let found = try a.value(0, "x")
      var tensor = try Conversions.tensor(found.value, what: "\(name)() argument", range: found.range)
      let last = tensor.shape.last ?? 1
      tensor.withUnsafeMutableScalars { activation.apply(to: $0, lastAxis: last) }
      return .array(NDArray(tensor))
    }
  }

  /// Initializers and regularizers are arguments to layers: a call records its arguments, and
  /// the layer reads them with Keras's rules.
  private static func argumentObject(_ module: String, _ type: String, _ signature: String, _ summary: String, example: String) -> Builtin {
    Builtin(["keras.\(module).\(type)"], signature, summary, example: example) { _, a throws(ScriptError) in
      var keyword: [(name: String, value: ArgumentValue)] = []
      for item in a.keyword { keyword.append((item.name, try Conversions.argument(item.value, range: item.range))) }
      var positional: [ArgumentValue] = []
      for item in a.positional { positional.append(try Conversions.argument(item.value, range: item.range)) }
      return .object(type: type, arguments: ArgumentList(positional, keyword: keyword))
    }
  }

  static let initializers: [Builtin] = [
    ("Constant", "Constant(value=0.0)", "every weight the same value"),
    ("Zeros", "Zeros()", "every weight 0"),
    ("Ones", "Ones()", "every weight 1"),
    ("RandomNormal", "RandomNormal(mean=0.0, stddev=0.05, seed=None)", "normal samples"),
    ("RandomUniform", "RandomUniform(minval=-0.05, maxval=0.05, seed=None)", "uniform samples in [minval, maxval)"),
    ("TruncatedNormal", "TruncatedNormal(mean=0.0, stddev=0.05, seed=None)", "normal samples, redrawn beyond two standard deviations"),
    ("GlorotUniform", "GlorotUniform(seed=None)", "uniform in ±√(6 / (fan_in + fan_out)) (Keras's default kernel initializer)"),
    ("GlorotNormal", "GlorotNormal(seed=None)", "truncated normal with stddev √(2 / (fan_in + fan_out))"),
    ("HeUniform", "HeUniform(seed=None)", "uniform in ±√(6 / fan_in)"),
    ("HeNormal", "HeNormal(seed=None)", "truncated normal with stddev √(2 / fan_in)"),
    ("LecunUniform", "LecunUniform(seed=None)", "uniform in ±√(3 / fan_in)"),
    ("LecunNormal", "LecunNormal(seed=None)", "truncated normal with stddev √(1 / fan_in)"),
  ].map { type, signature, summary in
    argumentObject("initializers", type, signature, "a kernel or bias initializer: \(summary)", example: "Conv2D(4, 3, kernel_initializer=keras.initializers.\(type)())")
  }

  static let regularizers: [Builtin] = [
    ("L1", "L1(l1=0.01)", "l1 · Σ|w|"), ("L2", "L2(l2=0.01)", "l2 · Σw²"), ("L1L2", "L1L2(l1=0.0, l2=0.0)", "l1 · Σ|w| + l2 · Σw²"),
    ("l1", "l1(l1=0.01)", "as L1"), ("l2", "l2(l2=0.01)", "as L2"), ("l1_l2", "l1_l2(l1=0.01, l2=0.01)", "as L1L2, both 0.01 by default"),
  ].map { type, signature, summary in
    argumentObject("regularizers", type, signature, "a weight penalty, \(summary) (accepted and shown; convlab does not train, so it never changes the output)", example: "Conv2D(4, 3, kernel_regularizer=keras.regularizers.\(type)())")
  }
}
