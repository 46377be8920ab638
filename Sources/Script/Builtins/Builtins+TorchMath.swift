import Arrays
import Tensors

// torch's functions that NumPy already has, under torch's names: `input`, `dim`, `keepdim`,
// `other`; float32 where NumPy would make float64; `correction=1` for std and var.
extension Builtin {
  /// One torch function computed by a NumPy builtin: the torch name, its signature, the NumPy
  /// function, and torch's keyword names that NumPy spells differently.
  struct TorchAlias: Sendable {
    let name: String
    let signature: String
    let numpy: String
    let renames: [String: String]
    /// Arguments torch defaults differently from NumPy, added when not given (std's and
    /// var's `correction=1`, as NumPy's `ddof=1`).
    var defaults: [(torch: String, numpy: String, value: Value)] = []
    /// Whether a float64 result NumPy makes from Python numbers is float32, as torch's.
    var makesFloat32 = false

    /// A call that runs, for help and the table's tests.
    var example: String {
      let x = "torch.tensor([[1.0, -2.0], [3.0, 4.0]])"
      switch name {
      case "where": return "torch.where(\(x) > 0, \(x), torch.zeros(2, 2))"
      case "clamp", "clip": return "torch.\(name)(\(x), min=0, max=2)"
      case "reshape": return "torch.reshape(\(x), (4,))"
      case "full": return "torch.full((2, 3), 1.5)"
      case "linspace": return "torch.linspace(0, 1, steps=5)"
      case "eye": return "torch.eye(3)"
      case "maximum", "minimum", "matmul", "allclose": return "torch.\(name)(\(x), torch.ones(2, 2))"
      case "sum", "mean", "prod", "amax", "amin", "std", "var", "argmax", "argmin": return "torch.\(name)(\(x), dim=1, keepdim=True)"
      default: return "torch.\(name)(\(x))"
      }
    }
  }

  static let torchAliases: [TorchAlias] = {
    let reduction = ["input": "a", "dim": "axis", "keepdim": "keepdims"]
    var aliases: [TorchAlias] = []
    for (name, target) in [("sum", "sum"), ("mean", "mean"), ("prod", "prod"), ("amax", "max"), ("amin", "min"), ("all", "all"), ("any", "any")] {
      aliases.append(TorchAlias(name: name, signature: "\(name)(input, dim=None, keepdim=False, *, dtype=None)", numpy: "numpy.\(target)", renames: reduction))
    }
    for name in ["argmax", "argmin"] {
      aliases.append(TorchAlias(name: name, signature: "\(name)(input, dim=None, keepdim=False)", numpy: "numpy.\(name)", renames: reduction))
    }
    for name in ["std", "var"] {
      aliases.append(TorchAlias(
        name: name, signature: "\(name)(input, dim=None, *, correction=1, keepdim=False)", numpy: "numpy.\(name)",
        renames: reduction.merging(["correction": "ddof"]) { $1 }, defaults: [("correction", "ddof", .int(1))]))
    }
    for name in ["abs", "exp", "log", "sqrt", "sin", "cos", "tanh", "square", "sign", "floor", "ceil", "isnan", "isfinite", "negative"] {
      aliases.append(TorchAlias(name: name, signature: "\(name)(input)", numpy: "numpy.\(name)", renames: ["input": "x"]))
    }
    for name in ["maximum", "minimum", "matmul"] {
      aliases.append(TorchAlias(name: name, signature: "\(name)(input, other)", numpy: "numpy.\(name)", renames: ["input": "x1", "other": "x2"]))
    }
    aliases += [
      TorchAlias(name: "where", signature: "where(condition, input, other)", numpy: "numpy.where", renames: ["input": "x", "other": "y"]),
      TorchAlias(name: "clamp", signature: "clamp(input, min=None, max=None)", numpy: "numpy.clip", renames: ["input": "a", "min": "a_min", "max": "a_max"]),
      TorchAlias(name: "clip", signature: "clip(input, min=None, max=None)", numpy: "numpy.clip", renames: ["input": "a", "min": "a_min", "max": "a_max"]),
      TorchAlias(name: "reshape", signature: "reshape(input, shape)", numpy: "numpy.reshape", renames: ["input": "a", "shape": "newshape"]),
      TorchAlias(name: "squeeze", signature: "squeeze(input, dim=None)", numpy: "numpy.squeeze", renames: ["input": "a", "dim": "axis"]),
      TorchAlias(name: "zeros_like", signature: "zeros_like(input, *, dtype=None)", numpy: "numpy.zeros_like", renames: ["input": "a"]),
      TorchAlias(name: "ones_like", signature: "ones_like(input, *, dtype=None)", numpy: "numpy.ones_like", renames: ["input": "a"]),
      TorchAlias(name: "allclose", signature: "allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False)", numpy: "numpy.allclose", renames: ["input": "a", "other": "b"]),
      TorchAlias(name: "full", signature: "full(size, fill_value, *, dtype=None)", numpy: "numpy.full", renames: ["size": "shape"], makesFloat32: true),
      TorchAlias(
        name: "linspace", signature: "linspace(start, end, steps, *, dtype=None)", numpy: "numpy.linspace", renames: ["end": "stop", "steps": "num"],
        makesFloat32: true),
      TorchAlias(name: "eye", signature: "eye(n, m=None, *, dtype=None)", numpy: "numpy.eye", renames: ["n": "N", "m": "M"], makesFloat32: true),
    ]
    return aliases
  }()

  static let torchMath: [Builtin] = torchAliases.map { alias in
    Builtin(["torch.\(alias.name)"], alias.signature, "torch.\(alias.name), computed as np.\(alias.numpy.dropFirst(6))", example: alias.example) { interpreter, a throws(ScriptError) in
      guard let target = Builtin.table[alias.numpy] else { throw ScriptError(.runtime, "\(a.function)() is not available", at: a.range) }
      var renamed = a
      renamed.keyword = a.keyword.map { (name: alias.renames[$0.name] ?? $0.name, value: $0.value, range: $0.range) }
      for (torchName, numpyName, value) in alias.defaults where !a.has(nil, torchName) {
        renamed.keyword.append((name: numpyName, value: value, range: a.range))
      }
      let value = try target.call(&interpreter, renamed)
      return alias.makesFloat32 ? try interpreter.torchDefaultFloat(value, given: try a.dtype(nil), a) : value
    }
  } + [
    Builtin(["torch.max", "torch.min"], "max(input, dim=None, keepdim=False)", "the largest (smallest) element; with dim, (values, indices) along it; with another tensor, the element-wise maximum", example: "torch.max(torch.tensor([[1, 5], [7, 2]]), dim=1)") { interpreter, a throws(ScriptError) in
      let largest = a.function.hasSuffix("max")
      var renamed = a
      renamed.keyword = a.keyword.map { (name: ["input": "a", "dim": "axis", "keepdim": "keepdims"][$0.name] ?? $0.name, value: $0.value, range: $0.range) }
      if let other = a.find(1, "other"), case .array(let array) = other.value, array.rank > 0 || a.find(1, "dim") == nil {
        var pair = a
        pair.keyword = []
        pair.positional = [try a.value(0, "input"), other]
        return try Builtin.table[largest ? "numpy.maximum" : "numpy.minimum"]!.call(&interpreter, pair)
      }
      let values = try Builtin.table[largest ? "numpy.max" : "numpy.min"]!.call(&interpreter, renamed)
      guard a.has(1, "dim") else { return values }
      // torch.return_types.max(values, indices)
      let indices = try Builtin.table[largest ? "numpy.argmax" : "numpy.argmin"]!.call(&interpreter, renamed)
      return .tuple([values, indices])
    },
  ] + ["transpose", "permute", "unsqueeze", "flatten"].map { name in
    let signatures = [
      "transpose": "transpose(input, dim0, dim1)", "permute": "permute(input, dims)", "unsqueeze": "unsqueeze(input, dim)",
      "flatten": "flatten(input, start_dim=0, end_dim=-1)",
    ]
    return Builtin(["torch.\(name)"], signatures[name]!, "the tensor method \(name), as a function", example: "torch.\(name)(torch.zeros(2, 3, 4)\(name == "flatten" ? "" : name == "permute" ? ", (2, 0, 1)" : name == "unsqueeze" ? ", 0" : ", 0, 1")).shape") { interpreter, a throws(ScriptError) in
      let input = try a.value(0, "input")
      let array = try Conversions.array(input.value, what: "input", range: input.range)
      var receiver = Value.array(array.with(flavor: .torch))
      var rest = a
      rest.positional.removeFirst()
      rest.function = name
      return try interpreter.callMethod(&receiver, name, rest)
    }
  } + [("relu", "relu"), ("sigmoid", "sigmoid")].flatMap { name, activation in
    [
      Builtin(["torch.\(name)", "torch.nn.functional.\(name)"], "\(name)(input)", "the \(name) activation, element-wise", example: "torch.\(name)(torch.tensor([-1.0, 0.0, 2.0]))") { interpreter, a throws(ScriptError) in
        var renamed = a
        renamed.keyword = []
        renamed.positional = [try a.value(0, "input")]
        return try Builtin.table["keras.activations.\(activation)"]!.call(&interpreter, renamed)
      },
    ]
  }
}
