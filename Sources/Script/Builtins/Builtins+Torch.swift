import Arrays
import Kernels
import Layers
import Tensors

// PyTorch: tensor creation with torch's dtypes (float32 unless the data says otherwise), its own
// random stream, joining, and torch.nn.functional's convolutions and pad.
extension Builtin {
  static let torch: [Builtin] = [
    Builtin(["torch.manual_seed"], "manual_seed(seed)", "restart PyTorch's CPU generator (its MT19937 stream, separate from NumPy's)", example: "torch.manual_seed(0); torch.rand(3)") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "seed")
      let seed = try Conversions.int(found.value, what: "seed", range: found.range)
      interpreter.state.torchGenerator.manualSeed(UInt64(bitPattern: Int64(seed)))
      return .none
    },
    Builtin(["torch.rand"], "rand(*size, dtype=None)", "uniform samples in [0, 1), float32, PyTorch's numbers after torch.manual_seed", example: "torch.manual_seed(0); torch.rand(2, 3)") { interpreter, a throws(ScriptError) in
      try interpreter.torchSample(a) { generator, count in generator.uniform(count: count) }
    },
    Builtin(["torch.randn"], "randn(*size, dtype=None)", "standard normal samples, float32, PyTorch's numbers after torch.manual_seed (to float32 rounding)", example: "torch.manual_seed(0); torch.randn(2, 3)") { interpreter, a throws(ScriptError) in
      try interpreter.torchSample(a) { generator, count in generator.normal(count: count) }
    },
    Builtin(["torch.zeros"], "zeros(*size, dtype=None)", "a tensor of zeros, float32 by default", example: "torch.zeros(2, 3)") { _, a throws(ScriptError) in
      let shape = try a.shape(from: 0, "size")
      return try a.result { try NDArray.zeros(shape, dtype: try a.dtype(nil) ?? .float32) }
    },
    Builtin(["torch.empty"], "empty(*size, dtype=None)", "a tensor whose values are not set (convlab's are zeros), float32 by default", example: "torch.empty(2, 3).shape") { _, a throws(ScriptError) in
      let shape = try a.shape(from: 0, "size")
      return try a.result { try NDArray.zeros(shape, dtype: try a.dtype(nil) ?? .float32) }
    },
    Builtin(["torch.ones"], "ones(*size, dtype=None)", "a tensor of ones, float32 by default", example: "torch.ones(2, 3)") { _, a throws(ScriptError) in
      let shape = try a.shape(from: 0, "size")
      return try a.result { try NDArray.ones(shape, dtype: try a.dtype(nil) ?? .float32) }
    },
    Builtin(["torch.arange"], "arange(start=0, end, step=1, dtype=None)", "evenly spaced values in [start, end): int64 for integers, else float32", example: "torch.arange(0, 1, 0.25)") { interpreter, a throws(ScriptError) in
      var renamed = a
      renamed.keyword = a.keyword.map { $0.name == "end" ? (name: "stop", value: $0.value, range: $0.range) : $0 }
      let value = try Builtin.table["numpy.arange"]!.call(&interpreter, renamed)
      return try interpreter.torchDefaultFloat(value, given: try a.dtype(nil), a)
    },
    Builtin(["torch.tensor", "torch.as_tensor"], "tensor(data, dtype=None)", "a tensor from nested lists (float32 for floats, int64 for ints) or an array (its dtype)", example: "torch.tensor([[1.0, 2.0], [3.0, 4.0]])") { interpreter, a throws(ScriptError) in
      let found = try a.value(0, "data")
      let array = try Conversions.array(found.value, what: "\(a.function)() data", range: found.range, dtype: try a.dtype(1))
      if case .array = found.value { return .array(array) }
      return try interpreter.torchDefaultFloat(.array(array), given: try a.dtype(1), a)
    },
    Builtin(["torch.from_numpy"], "from_numpy(ndarray)", "the array as a tensor, its dtype kept", example: "torch.from_numpy(np.arange(3.0))") { _, a throws(ScriptError) in
      .array(try a.array(0, "ndarray"))
    },
    Builtin(["torch.cat", "torch.concat"], "cat(tensors, dim=0)", "tensors joined along an existing dim", example: "torch.cat([torch.zeros(1, 2), torch.ones(2, 2)], dim=0)") { _, a throws(ScriptError) in
      let arrays = try a.arrays(0, "tensors")
      return try a.result { try NDArray.concatenate(arrays, axis: try a.int(1, "dim", default: 0)) }
    },
    Builtin(["torch.stack"], "stack(tensors, dim=0)", "equal-shaped tensors joined along a new dim", example: "torch.stack([torch.zeros(3), torch.ones(3)], dim=1)") { _, a throws(ScriptError) in
      let arrays = try a.arrays(0, "tensors")
      return try a.result { try NDArray.stack(arrays, axis: try a.int(1, "dim", default: 0)) }
    },
    Builtin(["torch.nn.Parameter"], "Parameter(data, requires_grad=True)", "the tensor itself: convlab does not train", example: "torch.nn.Parameter(torch.zeros(2))") { _, a throws(ScriptError) in
      .array(try a.array(0, "data"))
    },
    Builtin(["torch.set_printoptions"], "set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None)", "how torch tensors print, as torch.set_printoptions (profile 'default', 'short' or 'full')", example: "torch.set_printoptions(precision=2); torch.tensor([1.12345])") { interpreter, a throws(ScriptError) in
      var options = interpreter.state.printOptions.torch
      if let found = a.find(4, "profile"), !found.value.isNone {
        let profile = try a.string(4, "profile")
        guard ["default", "short", "full"].contains(profile) else {
          throw ScriptError(.runtime, "set_printoptions(): profile must be 'default', 'short' or 'full', got '\(profile)'", at: found.range)
        }
        options = TorchPrintOptions()
        if profile == "short" { options.precision = 2; options.edgeItems = 2 }
        if profile == "full" { options.threshold = .max }
      }
      func count(_ position: Int, _ name: String, least: Int) throws(ScriptError) -> Int? {
        guard let found = a.find(position, name), !found.value.isNone else { return nil }
        let value = try Conversions.int(found.value, what: name, range: found.range)
        guard value >= least, value <= 10_000 || name == "threshold" else {
          throw ScriptError(.runtime, "set_printoptions(): \(name) must be between \(least) and 10000, got \(value)", at: found.range)
        }
        return value
      }
      if let value = try count(0, "precision", least: 0) { options.precision = value }
      if let value = try count(1, "threshold", least: 0) { options.threshold = value }
      if let value = try count(2, "edgeitems", least: 0) { options.edgeItems = value }
      if let value = try count(3, "linewidth", least: 1) { options.lineWidth = value }
      // PyTorch sets sci_mode every call: leaving it out goes back to choosing by the values.
      options.sciMode = nil
      if let found = a.find(5, "sci_mode"), !found.value.isNone {
        guard case .bool(let flag) = found.value else {
          throw ScriptError(.runtime, "set_printoptions(): sci_mode must be True, False or None", at: found.range)
        }
        options.sciMode = flag
      }
      interpreter.state.printOptions.torch = options
      return .none
    },
    Builtin(["torch.nn.Upsample"], "Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None)", "a module that calls F.interpolate with these arguments on its input (its rank comes from the input)", example: "torch.nn.Upsample(scale_factor=2, mode='bilinear')(torch.ones(1, 1, 2, 2)).shape") { _, a throws(ScriptError) in
      try Interpreter.upsampleModule(a, preset: [])
    },
    Builtin(["torch.nn.UpsamplingNearest2d"], "UpsamplingNearest2d(size=None, scale_factor=None)", "nn.Upsample with mode='nearest'", example: "torch.nn.UpsamplingNearest2d(scale_factor=2)(torch.ones(1, 1, 2, 2)).shape") { _, a throws(ScriptError) in
      try Interpreter.upsampleModule(a, type: "UpsamplingNearest2d", preset: [("mode", .string("nearest"))])
    },
    Builtin(["torch.nn.UpsamplingBilinear2d"], "UpsamplingBilinear2d(size=None, scale_factor=None)", "nn.Upsample with mode='bilinear' and align_corners=True", example: "torch.nn.UpsamplingBilinear2d(scale_factor=2)(torch.ones(1, 1, 2, 2)).shape") { _, a throws(ScriptError) in
      try Interpreter.upsampleModule(a, type: "UpsamplingBilinear2d", preset: [("mode", .string("bilinear")), ("align_corners", .bool(true))])
    },
    Builtin(["torch.no_grad", "torch.inference_mode"], "no_grad()", "accepted: convlab never records gradients", example: "torch.no_grad()") { _, _ throws(ScriptError) in
      .none
    },
  ] + (1...3).flatMap { rank in
    [
      Builtin(["torch.nn.functional.conv\(rank)d"], "conv\(rank)d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)", "a \(rank)-D convolution with the given weight (out, in/groups, k…), as torch.nn.functional", example: "torch.nn.functional.conv\(rank)d(torch.randn(1, 2\(String(repeating: ", 5", count: rank))), torch.randn(4, 2\(String(repeating: ", 3", count: rank))), padding=1).shape") { interpreter, a throws(ScriptError) in
        try interpreter.functionalConvolution(a, rank: rank, transposed: false)
      },
      Builtin(["torch.nn.functional.conv_transpose\(rank)d"], "conv_transpose\(rank)d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1)", "a \(rank)-D transposed convolution with the given weight (in, out/groups, k…), as torch.nn.functional", example: "torch.nn.functional.conv_transpose\(rank)d(torch.randn(1, 2\(String(repeating: ", 3", count: rank))), torch.randn(2, 4\(String(repeating: ", 3", count: rank))), stride=2).shape") { interpreter, a throws(ScriptError) in
        try interpreter.functionalConvolution(a, rank: rank, transposed: true)
      },
    ]
  } + [
    Builtin(["torch.nn.functional.interpolate", "torch.nn.functional.upsample"], "interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None, antialias=False)", "upsamples the spatial dims of an N C … tensor by whole factors: 'nearest', 'linear' (3-D input), 'bilinear' (4-D), 'trilinear' (5-D), align_corners False — PyTorch's values, which for whole factors are Keras's UpSampling", example: "torch.nn.functional.interpolate(torch.ones(1, 1, 2, 2), scale_factor=2, mode='bilinear').shape") { interpreter, a throws(ScriptError) in
      try interpreter.functionalInterpolate(a)
    },
    Builtin(["torch.nn.functional.pad"], "pad(input, pad, mode='constant', value=None)", "pads the last dims: pad = (left, right) for the last, then (top, bottom) for the one before, …; modes 'constant', 'reflect', 'replicate', 'circular'", example: "torch.nn.functional.pad(torch.ones(1, 1, 2, 2), (0, 1, 0, 1))") { interpreter, a throws(ScriptError) in
      try interpreter.functionalPad(a)
    },
  ]
}

extension Interpreter {
  /// torch.rand/randn: `*size` or one tuple, float32 (or `dtype`).
  mutating func torchSample(_ a: CallArguments, _ draw: (inout TorchGenerator, Int) -> [Float]) throws(ScriptError) -> Value {
    let shape = try a.shape(from: 0, "size")
    let count = try a.wrap { try Tensor.elementCount(of: shape, itemSize: 4) }
    let values = draw(&state.torchGenerator, count)
    try checkInterrupted(a.range)  // a draw cut short by Ctrl-C is not a result
    let array = NDArray(Tensor(validShape: shape, scalars: values))
    guard let dtype = try a.dtype(nil) else { return .array(array) }
    return try a.result { try array.astype(dtype) }
  }

  /// PyTorch's default dtype: a float64 made from Python floats is float32.
  func torchDefaultFloat(_ value: Value, given: DType?, _ a: CallArguments) throws(ScriptError) -> Value {
    guard given == nil, case .array(let array) = value, array.dtype == .float64 else { return value }
    return try a.result { try array.astype(.float32) }
  }

  /// F.convNd / F.conv_transposeNd: the torch layer the weight describes, run once.
  mutating func functionalConvolution(_ a: CallArguments, rank: Int, transposed: Bool) throws(ScriptError) -> Value {
    let input = try a.value(0, "input"), weight = try a.value(1, "weight")
    let w = try Conversions.tensor(weight.value, what: "weight", range: weight.range)
    guard w.rank == rank + 2 else {
      throw ScriptError(.runtime, "\(a.function)(): weight should have \(rank + 2) dimensions, got shape \(formatShape(w.shape))", at: weight.range)
    }
    let groups = try a.int(6, "groups", default: 1)
    guard groups > 0 else { throw ScriptError(.runtime, "\(a.function)(): groups must be a positive integer", at: a.range) }
    let (grouped, overflow) = w.shape[1].multipliedReportingOverflow(by: groups)
    guard !overflow, groups <= Int(Int32.max) else {
      throw ScriptError(.runtime, "\(a.function)(): groups=\(groups) times the weight's \(w.shape[1]) channels is too big", at: a.range)
    }
    let inChannels = transposed ? w.shape[0] : grouped
    let outChannels = transposed ? grouped : w.shape[0]
    let bias = a.find(2, "bias").flatMap { $0.value.isNone ? nil : $0 }
    var keyword: [(name: String, value: ArgumentValue)] = [("bias", .bool(bias != nil)), ("groups", .int(groups))]
    let names = transposed ? ["stride", "padding", "output_padding", "groups", "dilation"] : ["stride", "padding", "dilation", "groups"]
    for (offset, name) in names.enumerated() where name != "groups" {
      if let found = a.find(3 + offset, name) { keyword.append((name, try argumentValue(found.value, range: found.range))) }
    }
    let arguments = ArgumentList([.int(inChannels), .int(outChannels), .sequence(w.shape.dropFirst(2).map { .int($0) })], keyword: keyword)
    let className = "torch.nn.Conv\(transposed ? "Transpose" : "")\(rank)d"
    do {
      var layer = try LayerCatalog.make(className, arguments)
      var weights = [w]
      if let bias { weights.append(try Conversions.tensor(bias.value, what: "bias", range: bias.range)) }
      try layer.setWeights(weights)
      let x = try Conversions.tensor(input.value, what: "input", range: input.range)
      return .array(NDArray(try layer(x, using: &state.generator)))
    } catch let error as ScriptError {
      throw error
    } catch {
      throw ScriptError(.runtime, "\(a.function)(): \(error)", at: a.range, cause: error)
    }
  }

  /// nn.Upsample and its two fixed forms: the arguments F.interpolate will get, by name
  /// (scale_factor as floats, as the module keeps it).
  static func upsampleModule(_ a: CallArguments, type: String = "Upsample", preset: [(String, ArgumentValue)]) throws(ScriptError) -> Value {
    let names = preset.isEmpty ? ["size", "scale_factor", "mode", "align_corners", "recompute_scale_factor"] : ["size", "scale_factor"]
    guard a.positional.count <= names.count else {
      throw ScriptError(.runtime, "\(a.function)() takes at most \(names.count) arguments (\(a.positional.count) given)", at: a.range)
    }
    var keyword: [(name: String, value: ArgumentValue)] = []
    for name in names {
      guard let found = a.find(names.firstIndex(of: name), name), !found.value.isNone else { continue }
      var value = try Conversions.argument(found.value, range: found.range)
      if name == "scale_factor" {
        func float(_ item: ArgumentValue) -> ArgumentValue { if case .int(let n) = item { return .float(Double(n)) } else { return item } }
        if case .sequence(let items) = value { value = .sequence(items.map(float)) } else { value = float(value) }
      }
      keyword.append((name, value))
    }
    if let unknown = a.keyword.first(where: { !names.contains($0.name) }) {
      throw ScriptError(.runtime, "\(a.function)() got an unexpected keyword argument '\(unknown.name)'", at: unknown.range)
    }
    for (name, value) in preset { keyword.append((name, value)) }
    if !keyword.contains(where: { $0.name == "mode" }) { keyword.append(("mode", .string("nearest"))) }
    return .object(type: type, arguments: ArgumentList(keyword: keyword))
  }

  /// F.interpolate as PyTorch computes it (torch/nn/functional.py's checks, UpSample.h's source
  /// indices): nearest, nearest-exact, linear/bilinear/trilinear, bicubic (a = −0.75) and area,
  /// to any size, align_corners, and antialias for bilinear/bicubic. Every axis is resized by its
  /// own taps, one axis after another.
  mutating func functionalInterpolate(_ a: CallArguments) throws(ScriptError) -> Value {
    let found = try a.value(0, "input")
    let x = try Conversions.array(found.value, what: "input", range: found.range)
    let mode = a.has(3, "mode") ? try a.string(3, "mode") : "nearest"
    let modeRange = a.find(3, "mode")?.range ?? a.range
    // PyTorch's checks, in its order: align_corners, size/scale_factor, antialias, then which
    // kernel the mode and the rank select.
    let cornersFound = a.find(4, "align_corners").flatMap { $0.value.isNone ? nil : $0 }
    if let cornersFound, ["nearest", "area", "nearest-exact"].contains(mode) {
      throw ScriptError(.runtime, "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear", at: cornersFound.range)
    }
    let alignCorners = try a.bool(4, "align_corners", default: false)
    let rank = max(x.rank - 2, 0)
    let spatial = Array(x.shape.dropFirst(2))
    let sizeFound = a.find(1, "size").flatMap { $0.value.isNone ? nil : $0 }
    let scaleFound = a.find(2, "scale_factor").flatMap { $0.value.isNone ? nil : $0 }
    var recompute = false
    if let found = a.find(5, "recompute_scale_factor"), !found.value.isNone {
      recompute = try a.bool(5, "recompute_scale_factor", default: false)
    }
    var outputs: [Int]
    var scales: [Double]? = nil
    switch (sizeFound, scaleFound) {
    case (_?, _?):
      throw ScriptError(.runtime, "only one of size or scale_factor should be defined", at: a.range)
    case (let size?, nil):
      if recompute { throw ScriptError(.runtime, "recompute_scale_factor is not meaningful with an explicit size.", at: a.find(5, "recompute_scale_factor")!.range) }
      if let items = size.value.items {
        outputs = []
        for item in items { outputs.append(try Conversions.int(item, what: "size", range: size.range)) }
        guard outputs.count == rank else {
          throw ScriptError(
            .runtime, "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of \(spatial) and output size of \(size.value.str(.default)). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.",
            at: size.range)
        }
      } else {
        outputs = Array(repeating: try Conversions.int(size.value, what: "size", range: size.range), count: rank)
      }
    case (nil, let scale?):
      var factors: [Double] = []
      for item in scale.value.items ?? [scale.value] { factors.append(try Conversions.double(item, what: "scale_factor", range: scale.range)) }
      if scale.value.items == nil, let factor = factors.first { factors = Array(repeating: factor, count: rank) }
      guard factors.count == rank else {
        throw ScriptError(
          .runtime, "Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of \(spatial) and scale_factor of shape \(scale.value.str(.default)). Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.",
          at: scale.range)
      }
      outputs = []
      for (n, factor) in zip(spatial, factors) {
        let product = (Double(n) * factor).rounded(.down)
        guard product.isFinite, abs(product) < Double(Int32.max) else {
          throw ScriptError(.runtime, "interpolate(): scale_factor \(factor) makes an output of \(product) cells", at: scale.range)
        }
        outputs.append(Int(product))
      }
      // "area" always works from the output size (PyTorch recomputes its scale).
      scales = recompute || mode == "area" ? nil : factors
    case (nil, nil):
      throw ScriptError(.runtime, "either size or scale_factor should be defined", at: a.range)
    }
    let antialias = try a.bool(6, "antialias", default: false)
    if antialias && !(["bilinear", "bicubic", "lanczos"].contains(mode) && x.rank == 4) {
      throw ScriptError(
        .runtime, "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input", at: a.find(6, "antialias")!.range)
    }
    let kernels: [String: (ranks: Set<Int>, SeparableResampling.Mode)] = [
      "nearest": ([3, 4, 5], .nearest), "nearest-exact": ([3, 4, 5], .nearestExact), "area": ([3, 4, 5], .area),
      "linear": ([3], .linear), "bilinear": ([4], .linear), "trilinear": ([5], .linear), "bicubic": ([4], .cubic), "lanczos": ([4], .lanczos),
    ]
    guard let (ranks, kind) = kernels[mode], ranks.contains(x.rank) else {
      let needs = ["linear": 3, "bilinear": 4, "trilinear": 5]
      if let wanted = needs[mode], (3...5).contains(x.rank) {
        throw ScriptError(.runtime, "Got \(x.rank)D input, but \(mode) mode needs \(wanted)D input", at: modeRange)
      }
      throw ScriptError(
        .runtime, "Input Error: Only 3D, 4D and 5D input Tensors supported (got \(x.rank)D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got \(mode))",
        at: x.rank < 3 || x.rank > 5 ? found.range : modeRange)
    }
    if kind == .lanczos && alignCorners {
      throw ScriptError(.runtime, "Lanczos mode does not support align_corners=True", at: a.find(4, "align_corners")!.range)
    }
    if kind == .lanczos && !antialias { throw ScriptError(.runtime, "Lanczos mode requires antialias=True", at: modeRange) }
    guard spatial.allSatisfy({ $0 > 0 }), outputs.allSatisfy({ $0 > 0 }) else {
      let names = ["D", "H", "W"].suffix(rank)
      func list(_ sizes: [Int]) -> String { zip(names, sizes).map { "\($0): \($1)" }.joined(separator: ", ") }
      throw ScriptError(.runtime, "Input and output sizes should be greater than 0, but got input (\(list(spatial))) output (\(list(outputs)))", at: a.range)
    }
    let outputShape = Array(x.shape.prefix(2)) + outputs
    do {
      let count = try Tensor.checkedCount(of: outputShape)
      try MemoryLimit.check(count: count, shape: outputShape, what: "interpolate()'s output")
      var values = try x.float32Tensor().scalars
      var shape = x.shape
      // Shrinking axes first keeps the intermediate results no larger than input and output.
      let order = (0..<rank).sorted { Double(outputs[$0]) / Double(spatial[$0]) < Double(outputs[$1]) / Double(spatial[$1]) }
      for axis in order {
        let taps = SeparableResampling.taps(
          kind, inputSize: spatial[axis], outputSize: outputs[axis], alignCorners: alignCorners, scale: scales?[axis], antialias: antialias)
        values = SeparableResampling.apply(values, shape: shape, axis: axis + 2, taps: taps)
        shape[axis + 2] = outputs[axis]
        try checkInterrupted(a.range)
      }
      let result = NDArray(try Tensor(shape: outputShape, scalars: values))
      return .array(x.dtype == .float32 ? result : try result.astype(x.dtype))
    } catch let error as ScriptError {
      throw error
    } catch {
      throw ScriptError(.runtime, "interpolate(): \(error)", at: a.range, cause: error)
    }
  }

  /// F.pad: `pad` pairs from the last dim backwards; constant pads may be negative (they crop).
  mutating func functionalPad(_ a: CallArguments) throws(ScriptError) -> Value {
    let found = try a.value(0, "input"), padFound = try a.value(1, "pad")
    let array = try Conversions.array(found.value, what: "input", range: found.range)
    var pads: [Int] = []
    for item in padFound.value.items ?? [padFound.value] {
      let amount = try Conversions.int(item, what: "pad", range: padFound.range)
      guard abs(amount) <= Int(Int32.max) else {
        throw ScriptError(.runtime, "pad(): \(amount) cells is too many", at: padFound.range)
      }
      pads.append(amount)
    }
    let modeText = a.has(2, "mode") ? try a.string(2, "mode") : "constant"
    guard let mode = EdgePadding.Mode(rawValue: modeText) else {
      throw ScriptError(.runtime, "pad(): mode must be 'constant', 'reflect', 'replicate' or 'circular', got '\(modeText)'", at: a.find(2, "mode")!.range)
    }
    guard pads.count % 2 == 0, pads.count / 2 <= array.rank else {
      throw ScriptError(.runtime, "Padding length must be divisible by 2 and at most twice the input's \(array.rank) dims, got \(pads.count)", at: padFound.range)
    }
    let value = a.find(3, "value").flatMap { $0.value.isNone ? nil : $0 }
    let fill = try value.map { (found) throws(ScriptError) -> Double in try Conversions.double(found.value, what: "value", range: found.range) } ?? 0
    if mode != .constant && value != nil {
      throw ScriptError(.runtime, "Padding mode \"\(modeText)\" doesn't take in value argument", at: value!.range)
    }
    var before = Array(repeating: 0, count: array.rank), after = before
    for pair in 0..<(pads.count / 2) {
      let axis = array.rank - 1 - pair
      before[axis] = pads[2 * pair]
      after[axis] = pads[2 * pair + 1]
      let n = array.shape[axis]
      if mode != .constant && (before[axis] < 0 || after[axis] < 0) {
        throw ScriptError(.runtime, "pad(): negative padding is only for mode='constant', got (\(before[axis]), \(after[axis])) at dimension \(axis)", at: padFound.range)
      }
      if mode == .reflect && max(before[axis], after[axis]) >= n {
        throw ScriptError(
          .runtime,
          "Padding size should be less than the corresponding input dimension, but got: padding (\(before[axis]), \(after[axis])) at dimension \(axis) of input \(formatShape(array.shape))",
          at: padFound.range)
      }
      if mode == .circular && max(before[axis], after[axis]) > n {
        throw ScriptError(.runtime, "Padding value causes wrapping around more than once: (\(before[axis]), \(after[axis])) at dimension \(axis) of \(n) cells", at: padFound.range)
      }
      if (mode == .replicate || mode == .circular) && n == 0 {
        throw ScriptError(.runtime, "pad(): mode '\(modeText)' needs a non-empty dimension \(axis)", at: padFound.range)
      }
      if n + before[axis] + after[axis] < 0 {
        throw ScriptError(.runtime, "pad(): the padding (\(before[axis]), \(after[axis])) removes more than the \(n) cells of dimension \(axis)", at: padFound.range)
      }
    }
    let outputShape = zip(array.shape, zip(before, after)).map { $0 + $1.0 + $1.1 }
    do {
      let count = try Tensor.checkedCount(of: outputShape)
      try MemoryLimit.check(count: count, shape: outputShape, what: "pad()'s output")
      let tensor = try array.float32Tensor()
      let padded = EdgePadding.pad(tensor.scalars, shape: array.shape, before: before, after: after, mode: mode, value: Float(fill))
      try checkInterrupted(a.range)
      let result = NDArray(try Tensor(shape: outputShape, scalars: padded))
      return .array(array.dtype == .float32 ? result : try result.astype(array.dtype))
    } catch let error as ScriptError {
      throw error
    } catch {
      throw ScriptError(.runtime, "pad(): \(error)", at: a.range, cause: error)
    }
  }
}
