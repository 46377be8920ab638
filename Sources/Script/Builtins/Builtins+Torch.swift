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

  /// F.interpolate for whole upsampling factors (by scale_factor, or a size that is a multiple of
  /// the input): nearest, and the linear modes with align_corners=False, where PyTorch's source
  /// coordinates (clamped at the edges) give Keras's UpSampling values. Other forms are refused
  /// by name rather than computed differently.
  mutating func functionalInterpolate(_ a: CallArguments) throws(ScriptError) -> Value {
    let found = try a.value(0, "input")
    let x = try Conversions.tensor(found.value, what: "input", range: found.range)
    let rank = x.rank - 2
    guard (1...3).contains(rank) else {
      throw ScriptError(.runtime, "interpolate(): expects a 3-D, 4-D or 5-D input (N, C, …), got \(x.rank)-D", at: found.range)
    }
    let mode = a.has(3, "mode") ? try a.string(3, "mode") : "nearest"
    let linear = ["linear": 1, "bilinear": 2, "trilinear": 3]
    if let wanted = linear[mode], wanted != rank {
      throw ScriptError(.runtime, "interpolate(): mode '\(mode)' needs a \(wanted + 2)-D input, got \(x.rank)-D", at: a.find(3, "mode")!.range)
    }
    guard mode == "nearest" || linear[mode] != nil else {
      throw ScriptError(
        .runtime,
        "interpolate(): convlab computes mode 'nearest', 'linear', 'bilinear' and 'trilinear'; '\(mode)' \(mode == "bicubic" ? "(PyTorch's a = −0.75 cubic differs from Keras's)" : "") is not there yet",
        at: a.find(3, "mode")!.range)
    }
    if let corners = a.find(4, "align_corners"), case .bool(true) = corners.value {
      throw ScriptError(.runtime, "interpolate(): align_corners=True is not computed yet; align_corners=False (the default) is", at: corners.range)
    }
    if let antialias = a.find(6, "antialias"), case .bool(true) = antialias.value {
      throw ScriptError(.runtime, "interpolate(): antialias applies when shrinking, which convlab does not compute yet", at: antialias.range)
    }
    let spatial = Array(x.shape.dropFirst(2))
    var factors: [Int]
    if let size = a.find(1, "size"), !size.value.isNone {
      let sizes = try Conversions.shape(size.value, what: "size", range: size.range)
      let full = sizes.count == 1 ? Array(repeating: sizes[0], count: rank) : sizes
      guard full.count == rank, zip(full, spatial).allSatisfy({ $1 > 0 && $0 % $1 == 0 && $0 >= $1 }) else {
        throw ScriptError(.runtime, "interpolate(): size \(formatShape(full)) must be whole multiples of the input's \(formatShape(spatial)) (convlab upsamples by whole factors)", at: size.range)
      }
      factors = zip(full, spatial).map { $0 / $1 }
    } else if let scale = a.find(2, "scale_factor"), !scale.value.isNone {
      let items = scale.value.items ?? [scale.value]
      var values: [Int] = []
      for item in items {
        let value = try Conversions.double(item, what: "scale_factor", range: scale.range)
        guard value >= 1, value == value.rounded(), value <= Double(Int32.max) else {
          throw ScriptError(.runtime, "interpolate(): scale_factor \(value) is not a whole factor ≥ 1 (convlab upsamples by whole factors)", at: scale.range)
        }
        values.append(Int(value))
      }
      factors = values.count == 1 ? Array(repeating: values[0], count: rank) : values
      guard factors.count == rank else {
        throw ScriptError(.runtime, "interpolate(): scale_factor needs \(rank) values for a \(x.rank)-D input, got \(factors.count)", at: scale.range)
      }
    } else {
      throw ScriptError(.runtime, "interpolate(): either size or scale_factor should be defined", at: a.range)
    }
    let interpolation: ResampleSpec.Interpolation = mode == "nearest" ? .nearest : .bilinear
    var layer = Layer(
      typeName: "interpolate", name: "interpolate",
      operation: .resample(ResampleSpec(rank: rank, operation: .upsample(factors: factors, interpolation: interpolation), dataFormat: .channelsFirst)))
    layer.declaration = "F.interpolate(scale_factor=\(factors.count == 1 ? "\(factors[0])" : formatShape(factors)), mode='\(mode)')"
    do { return .array(NDArray(try layer(x, using: &state.generator))) } catch {
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
