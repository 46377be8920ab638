import Kernels
import Tensors

/// `explain(layer, input)`: why the output has the size it has. Each spatial axis gets the rule
/// `ConvGeometry` used (`AxisPlan.rule`) with the numbers put in, as arithmetic that evaluates to
/// the size (tests evaluate it); then channels, parameters and mult-adds. A configuration that
/// cannot run shows the axis and the numbers where the arithmetic breaks instead of throwing:
/// that is the lesson. Only input the layer cannot take at all (rank, channels) throws.
extension Layer {
  public func explain(input inputShape: [Int?]) throws(LayerShapeError) -> [String] {
    let (body, output) = try explanationBody(input: inputShape)
    let result = output.map(describe) ?? "✗ (the arithmetic breaks below)"
    return ["\(declaration) on \(describe(inputShape)) → \(result)"] + body
  }

  /// The lines under the header, and the output shape (nil when an axis fails).
  func explanationBody(input inputShape: [Int?]) throws(LayerShapeError) -> (lines: [String], output: [Int?]?) {
    let (spatial, channels) = try split(inputShape)
    switch operation {
    case .convolution(let spec):
      guard let channels else {
        throw LayerShapeError(layer: typeName, "the channel axis of the input must be known, received shape \(describe(inputShape))")
      }
      try checkChannels(channels, spec)
      if let built = builtInputChannels, built != channels { throw channelMismatch(built, inputShape) }
      var lines = [Explanation.ruleHeader(spec)]
      var failed = false
      for (axis, result) in try axisPlans(for: inputShape).enumerated() {
        switch result {
        case .success(let plan): lines += Explanation.axisLines(plan, spec)
        case .failure(let error):
          lines += Explanation.failedAxisLines(spec, axis: axis, input: spatial[axis], error)
          failed = true
        }
      }
      guard !failed else {
        if let out = spec.outputChannels(inputChannels: channels), spec.middleChannels(inputChannels: channels) != nil {
          lines.append(Explanation.channelLine(spec, inputChannels: channels, outputChannels: out))
        } else {
          lines.append("  channels: \(channels)·\(spec.depthMultiplier) is too big (more than \(Int.max))")
        }
        return (lines, nil)
      }
      let plan = try self.plan(for: inputShape)
      let out = plan.outputChannels ?? channels
      lines.append(Explanation.channelLine(spec, inputChannels: channels, outputChannels: out))
      lines.append(Explanation.parameterLine(plan.weightShapes, total: plan.parameterCount))
      if let line = Explanation.multiplyAddLine(spec, plan, batch: inputShape[0]) { lines.append(line) }
      return (lines, plan.outputShape)
    case .resample(let spec):
      var lines: [String] = []
      var sizes: [Int?] = []
      var failed = false
      for (axis, name) in spatialAxisNames(rank: spec.rank).enumerated() {
        let (axisLines, size) = Explanation.resampleAxisLines(spec, axis: axis, name: name, input: spatial[axis])
        lines += axisLines
        sizes.append(size)
        if spatial[axis] != nil && size == nil { failed = true }
      }
      lines.append("  channels: \(channels.map(String.init) ?? "None") (unchanged)")
      lines.append("  parameters: 0")
      return (lines, failed ? nil : join(batch: inputShape[0], spatial: sizes, channels: channels))
    case .pool(let spec):
      let what = spec.reduction == .max ? "max" : "mean"
      var lines: [String] = []
      var failed = false
      if let window = spec.window(over: spatial), !spec.isGlobal {
        lines.append(Explanation.ruleHeader(window) + " (k: pool_size)")
        for (axis, result) in try axisPlans(for: inputShape).enumerated() {
          switch result {
          case .success(let plan): lines += Explanation.axisLines(plan, window)
          case .failure(let error):
            lines += Explanation.failedAxisLines(window, axis: axis, input: spatial[axis], error)
            failed = true
          }
        }
        var padded = spec.padding == .same
        if case .explicit(let before, _) = spec.padding { padded = before.contains { $0 > 0 } || spec.ceilMode }
        if padded {
          if spec.reduction == .max {
            lines.append("  the padding never wins a max (it is −∞)")
          } else if let divisor = spec.divisorOverride {
            lines.append("  every window divides by \(divisor) (divisor_override)")
          } else if spec.countIncludePad {
            lines.append("  count_include_pad: a mean divides by its window's cells, padding included (ceil_mode's overhang past the padding is not)")
          } else {
            lines.append("  the padding never enters a mean: each window divides by the input cells it covers")
          }
        }
        if spec.ceilMode {
          lines.append("  ceil_mode: the size rounds up, so the last window may hang past the padding (p₁ above counts that overhang)")
        }
      } else {
        // The window is the whole axis: a valid window of n over n cells, one output.
        for (name, n) in zip(spatialAxisNames(rank: spec.rank), spatial) {
          switch (n, spec.keepdims) {
          case (let n?, true): lines.append("  \(name): ⌊(\(n) − \(n)) / 1⌋ + 1 = 1")
          case (_, true): lines.append("  \(name): 1 (the window is the whole axis)")
          case (let n, false): lines.append("  \(name): \(n.map { "\($0) cells" } ?? "None") → removed (keepdims=False)")
          }
        }
        lines.append("  the \(what) of each channel over every spatial cell: the window is the whole input")
      }
      lines.append("  channels: \(channels.map(String.init) ?? "None") (unchanged: each channel is pooled on its own)")
      lines.append("  parameters: 0")
      return (lines, failed ? nil : try plan(for: inputShape).outputShape)
    }
  }
}

extension Sequential {
  /// `explain(model, input)`: each layer's explanation in turn, with the receptive field and the
  /// jump (effective stride, in input cells) of its output along each spatial axis. The walk
  /// stops at a layer whose arithmetic breaks.
  public func explain(input given: [Int?]?) throws(LayerShapeError) -> [String] {
    guard let start = given ?? inputShape.map({ [nil] + $0 }) else {
      throw LayerShapeError(layer: name, "the input shape is not known: pass one, e.g. explain(model, (None, 32, 32, 3))")
    }
    var lines = ["Sequential \"\(name)\" on \(describe(start))"]
    var shape = start
    var field: [ReceptiveField]?
    // Exact spans when every spatial size is known (from the input's, after the batch).
    let inputSpatial = layers.first.map { first in
      first.dataFormatIsLast ? Array(start.dropFirst().dropLast()) : Array(start.dropFirst(2))
    }
    var spans = inputSpatial.flatMap { ReceptiveSpans(spatial: $0) }
    var spreads = false  // an upsampling or transposed layer so far: the arithmetic only bounds
    for (index, layer) in layers.enumerated() {
      let (body, output) = try layer.explanationBody(input: shape)
      lines.append("[\(index + 1)] \(layer.name): \(layer.declaration)  \(describe(shape)) → \(output.map(describe) ?? "✗")")
      lines += body.map { "  " + $0 }
      guard let output else {
        lines.append("  ✗ the walk stops here: \(layer.name) cannot take \(describe(shape))")
        return lines
      }
      let current = field ?? Array(repeating: ReceptiveField(), count: layer.spatialRank)
      spans = spans?.after(layer, input: shape)
      switch layer.operation {
      case .convolution(let spec) where spec.kind == .transposed: spreads = true
      case .resample(let spec): if case .upsample = spec.operation { spreads = true }
      default: break
      }
      if let next = ReceptiveField.after(layer, current), next.count == layer.spatialRank {
        field = next
        let names = spatialAxisNames(rank: layer.spatialRank)
        // The exact widest span when the sizes are known; else the window arithmetic, an
        // upper bound after upsampling or transposed layers.
        let exact = spans?.sizes
        let sizes = zip(names, next).enumerated().map { index, pair in
          "\(pair.0) \(exact.map { String($0[index]) } ?? (spreads ? "≤ " : "") + String(pair.1.size))"
        }.joined(separator: ", ")
        let jumps = zip(names, next).map { "\($0) \($1.jumpText)" }.joined(separator: ", ")
        lines.append("    receptive field: \(sizes) input cells · jump: \(jumps)")
      } else if case .pool(let spec) = layer.operation, spec.isGlobal, let exact = spans?.sizes {
        // One output cell: no jump, and the span is what reaches it.
        let names = spatialAxisNames(rank: layer.spatialRank)
        let isWhole = inputSpatial == exact.map { Optional($0) }
        lines.append("    receptive field: \(zip(names, exact).map { "\($0) \($1)" }.joined(separator: ", ")) input cells\(isWhole ? " (the whole input)" : "")")
      }
      shape = output
    }
    lines.append("output \(describe(shape))")
    return lines
  }
}

/// How many input cells one output cell sees along an axis (`size`), and how far apart in input
/// cells neighbouring output cells are (`jump`, a fraction after transposed or upsampling layers).
struct ReceptiveField: Equatable {
  var size = 1
  var jumpNumerator = 1
  var jumpDenominator = 1

  var jumpText: String {
    jumpDenominator == 1 ? "\(jumpNumerator)" : "\(jumpNumerator)/\(jumpDenominator)"
  }

  /// r' = r + (span − 1)·j and j' = j·s for a window of `span` cells every `s`; j' = j / s when
  /// the layer spreads each cell over `s` outputs.
  static func after(_ layer: Layer, _ fields: [ReceptiveField]) -> [ReceptiveField]? {
    var result = fields
    for axis in fields.indices {
      var field = fields[axis]
      var overflowed = false
      func grow(_ span: Int) {
        let (spread, overflow) = (span - 1).multipliedReportingOverflow(by: field.jumpNumerator)
        let (size, past) = field.size.addingReportingOverflow(spread / field.jumpDenominator)
        if overflow || past { overflowed = true } else { field.size = size }
      }
      func scale(_ value: inout Int, by factor: Int) {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        if overflow { overflowed = true } else { value = product }
      }
      switch layer.operation {
      case .convolution(let spec):
        // The window as ConvGeometry plans it (Paddle's 'SAME' resets the dilation).
        guard let plan = try? ConvGeometry.plan(spec, axis: axis, input: nil) else { return nil }
        let s = plan.stride
        if spec.kind == .transposed {
          // An output cell is reached by at most ⌈window / s⌉ neighbouring input cells.
          grow(plan.effectiveKernel / s + (plan.effectiveKernel % s == 0 ? 0 : 1))
          scale(&field.jumpDenominator, by: s)
        } else {
          grow(plan.effectiveKernel)
          scale(&field.jumpNumerator, by: s)
        }
      case .pool(let spec):
        // A Global layer's window is the whole input: the exact spans say it, not this arithmetic.
        guard !spec.isGlobal, let window = spec.window(over: Array(repeating: nil, count: spec.rank)) else { return nil }
        grow(window.kernelSize[axis])
        scale(&field.jumpNumerator, by: window.strides[axis])
      case .resample(let spec):
        if case let .upsample(factors, interpolation) = spec.operation {
          if interpolation != .nearest { grow(2) }
          scale(&field.jumpDenominator, by: factors[axis])
        }
      }
      if overflowed { return nil }  // past 2⁶³: no figure rather than a wrong one
      let common = gcd(field.jumpNumerator, field.jumpDenominator)
      field.jumpNumerator /= common
      field.jumpDenominator /= common
      result[axis] = field
    }
    return result
  }

  private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}

/// The text of an explanation. Axis lines read `  name: arithmetic = size`, with "−" and "·"
/// for minus and times and ⌊ ⌋ / ⌈ ⌉ for floor and ceiling; notes under an axis are indented
/// further.
enum Explanation {
  static func number(_ value: Int) -> String { value < 0 ? "−\(-value)" : "\(value)" }

  /// The rule in letters, once per layer: n input, k kernel, s stride, d dilation.
  static func ruleHeader(_ spec: ConvSpec) -> String {
    let dilated = spec.dilation.contains { $0 > 1 } && spec.padding != .paddleSame
    let window = dilated ? "d·(k − 1) + 1" : "k"
    switch (spec.kind, spec.padding) {
    case (.transposed, .valid):
      return spec.outputPadding == nil
        ? "  transposed, padding 'valid', output_padding None: (n − 1)·s + max(\(window), s)"
        : "  transposed, padding 'valid', output_padding a: (n − 1)·s + \(window) + a"
    case (.transposed, .same):
      return spec.outputPadding == nil
        ? "  transposed, padding 'same', output_padding None: n·s"
        : "  transposed, padding 'same', output_padding a: (n − 1)·s + w − 2·⌊w / 2⌋ + a, w = \(window)"
    case (.transposed, .paddleSame):
      return "  Paddle transposed, padding 'SAME': (n − 1)·s − p₀ − p₁ + k + output_padding, p from the forward 'SAME' split"
    case (.transposed, _):
      return "  transposed, explicit padding (Paddle, PyTorch): (n − 1)·s − p₀ − p₁ + \(window) + output_padding"
    case (_, .valid), (_, .paddleSame):
      return dilated ? "  padding 'valid': ⌊(n − d·(k − 1) − 1) / s⌋ + 1" : "  padding 'valid': ⌊(n − k) / s⌋ + 1"
    case (_, .explicit):
      return "  explicit padding p₀, p₁: ⌊(n + p₀ + p₁ − \(window)) / s⌋ + 1"
    case (_, .same):
      return "  padding 'same': ⌈n / s⌉, padded so the window fits"
    case (_, .causal):
      return "  padding 'causal': ⌈n / s⌉, all padding before"
    }
  }

  static func axisLines(_ plan: AxisPlan, _ spec: ConvSpec) -> [String] {
    let name = plan.name
    guard let n = plan.input, let out = plan.output else {
      return ["  \(name): None (known when the data comes)"]
    }
    let k = plan.kernel, s = plan.stride, d = plan.dilation, w = plan.effectiveKernel
    var lines: [String] = []
    if d > 1 { lines.append("    \(name) window: d·(k − 1) + 1 = \(d)·(\(k) − 1) + 1 = \(w)") }
    let windowText = d > 1 ? "\(d)·(\(k) − 1) + 1" : "\(k)"
    switch plan.rule {
    case .valid:
      let body = d > 1 ? "\(n) − \(d)·(\(k) − 1) − 1" : "\(n) − \(k)"
      lines.insert("  \(name): ⌊(\(body)) / \(s)⌋ + 1 = \(out)", at: 0)
    case .explicit:
      lines.insert(
        "  \(name): ⌊(\(n) + \(plan.padBefore) + \(plan.padAfter) − \(w)) / \(s)⌋ + 1 = \(out)", at: 0)
    case .same:
      lines.insert("  \(name): ⌈\(n) / \(s)⌉ = \(out)", at: 0)
      let total = plan.padBefore + plan.padAfter
      var note = "    \(name) padding: max((\(out) − 1)·\(s) + \(w) − \(n), 0) = \(total) → \(plan.padBefore) before, \(plan.padAfter) after"
      if total % 2 == 1 { note += " (odd: the extra cell goes after, as TensorFlow and XLA pad)" }
      lines.append(note)
    case .causal:
      lines.insert("  \(name): ⌈\(n) / \(s)⌉ = \(out)", at: 0)
      lines.append("    \(name) padding: \(w) − 1 = \(plan.padBefore) before, 0 after (output t never sees input after t)")
    case .transposedValid:
      if spec.outputPadding == nil {
        lines.insert("  \(name): (\(n) − 1)·\(s) + max(\(w), \(s)) = \(out)", at: 0)
      } else {
        lines.insert("  \(name): (\(n) − 1)·\(s) + \(w) + \(plan.outputPadding) = \(out)", at: 0)
      }
      lines.append(scatterNote(plan))
    case .transposedSame:
      if spec.outputPadding == nil {
        lines.insert("  \(name): \(n)·\(s) = \(out)", at: 0)
      } else {
        lines.insert("  \(name): (\(n) − 1)·\(s) + \(w) − 2·⌊\(w) / 2⌋ + \(plan.outputPadding) = \(out)", at: 0)
      }
      lines.append(scatterNote(plan))
    case .paddleTransposed(let same, let requested):
      let before = plan.padBefore, after = plan.padAfter + plan.outputPadding
      let inferred = out - plan.outputPadding
      if same {
        let forward = (n + s - 1) / s
        lines.append(
          "    \(name) 'SAME' split: max((⌈\(n) / \(s)⌉ − 1)·\(s) + \(k) − \(n), 0) = max((\(forward) − 1)·\(s) + \(k) − \(n), 0) = \(before + after) → \(before) before, \(after) after (dilation reset to 1)")
        lines.insert("  \(name): (\(n) − 1)·\(s) − \(before) − \(after) + \(k) + \(plan.outputPadding) = \(out)", at: 0)
      } else {
        lines.insert(
          "  \(name): (\(n) − 1)·\(s) − \(before) − \(after) + \(windowText) + \(plan.outputPadding) = \(out)", at: 0)
      }
      if let requested {
        lines.append(
          "    \(name) output_size \(requested) is in [\(inferred), \(inferred + s)) → output_padding \(plan.outputPadding)")
      } else if s > 1, spec.outputPadding?.contains(where: { $0 != 0 }) == true {
        // Paddle refuses output_size beside output_padding: suggest only what would run.
        lines.append(
          "    \(name) the outputs [\(inferred), \(inferred) + \(s)) all fold back to \(n) inputs; output_padding picks one here (output_size at call time would pick it instead, on a layer declared without output_padding)")
      } else if s > 1 {
        lines.append(
          "    \(name) output_size at call time may ask for \(inferred) to \(inferred + s - 1), the range [\(inferred), \(inferred) + \(s)) of outputs that fold back to \(n) inputs")
      }
    }
    return lines
  }

  /// Where a transposed axis's scatter lands and what is cut from it.
  static func scatterNote(_ plan: AxisPlan) -> String {
    guard let n = plan.input else { return "" }
    let full = (n - 1) * plan.stride + plan.effectiveKernel
    var note = "    \(plan.name) scatter: input i stamps the kernel at output i·\(plan.stride)"
    note += plan.padBefore > 0 ? " − \(plan.padBefore)" : ""
    note += "; full extent (\(n) − 1)·\(plan.stride) + \(plan.effectiveKernel) = \(full)"
    switch (plan.padBefore, plan.padAfter) {
    case (0, 0): break
    case (let before, let after) where after >= 0: note += ", cropped \(before) before and \(after) after"
    case (let before, let after): note += ", cropped \(before) before, \(-after) cell\(after == -1 ? "" : "s") added after (output_padding)"
    }
    return note
  }

  /// The arithmetic of an axis whose geometry failed, and why.
  static func failedAxisLines(_ spec: ConvSpec, axis: Int, input: Int?, _ error: GeometryError) -> [String] {
    let name = spatialAxisNames(rank: spec.rank)[axis]
    let k = spec.kernelSize[axis], s = spec.strides[axis], d = spec.dilation[axis]
    guard let n = input else { return ["  \(name): ✗ \(error.message)"] }
    var arithmetic = ""
    switch (spec.kind, spec.padding) {
    case (.standard, .valid), (.depthwise, .valid), (.separable, .valid):
      arithmetic = d > 1 ? "⌊(\(n) − \(d)·(\(k) − 1) − 1) / \(s)⌋ + 1" : "⌊(\(n) − \(k)) / \(s)⌋ + 1"
    case (.standard, .explicit(let before, let after)):
      arithmetic = "⌊(\(n) + \(before[axis]) + \(after[axis]) − \(d * (k - 1) + 1)) / \(s)⌋ + 1"
    case (.transposed, .explicit(let before, let after)):
      arithmetic = "(\(n) − 1)·\(s) − \(before[axis]) − \(after[axis]) + \(d)·(\(k) − 1) + 1 + \(spec.outputPadding?[axis] ?? 0)"
    default: break
    }
    return ["  \(name): \(arithmetic.isEmpty ? "" : arithmetic + " ")✗ \(error.message)"]
  }

  static func channelLine(_ spec: ConvSpec, inputChannels c: Int, outputChannels out: Int) -> String {
    switch spec.kind {
    case .standard, .transposed:
      guard spec.groups > 1 else { return "  channels: \(c) → \(out) (filters)" }
      return "  channels: \(c) → \(out) (filters) in \(spec.groups) groups: each filter reads \(c) / \(spec.groups) = \(c / spec.groups) input channels and each group makes \(out) / \(spec.groups) = \(out / spec.groups)"
    case .depthwise:
      return "  channels: \(c)·\(spec.depthMultiplier) = \(out) (each input channel filtered on its own, depth_multiplier \(spec.depthMultiplier))"
    case .separable:
      let middle = spec.middleChannels(inputChannels: c) ?? .max
      return "  channels: depthwise \(c)·\(spec.depthMultiplier) = \(middle), then pointwise 1×1 \(middle) → \(out) (filters)"
    }
  }

  /// `total`: the plan's checked count of the weights' elements.
  static func parameterLine(_ shapes: [(role: String, shape: [Int])], total: Int) -> String {
    let parts = shapes.map { role, shape in "\(role) \(shape.map(String.init).joined(separator: "·"))" }
    return "  parameters: " + parts.joined(separator: " + ") + " = \(groupedThousands(total))"
  }

  /// Mult-adds for the whole batch (or one sample when the batch is unknown): `total` (what
  /// `summary()` counts) written as the product it is.
  static func multiplyAddLine(_ spec: ConvSpec, _ plan: LayerPlan, batch: Int?) -> String? {
    let input = plan.spatial, output = plan.outputSpatial
    guard input.allSatisfy({ $0 != nil }), output.allSatisfy({ $0 != nil }), let c = plan.channels,
      let out = plan.outputChannels
    else { return nil }
    func product(_ values: [Int?]) -> String { values.map { String($0!) }.joined(separator: "·") }
    let taps = spec.kernelSize.map(String.init).joined(separator: "·")
    let lead = batch.map { "\($0) · " } ?? ""
    let terms: String, note: String
    switch spec.kind {
    case .standard:
      terms = "\(lead)(\(product(output))) · \(out) · (\(taps)) · \(c / spec.groups)"
      note = "outputs · filters · taps · input channels per filter"
    case .transposed:
      terms = "\(lead)(\(product(input))) · \(c) · (\(taps)) · \(out / spec.groups)"
      note = "each input value stamps its kernel into \(out / spec.groups) output channel\(out / spec.groups == 1 ? "" : "s")"
    case .depthwise:
      terms = "\(lead)(\(product(output))) · \(out) · (\(taps))"
      note = "outputs · channels · taps"
    case .separable:
      let middle = spec.middleChannels(inputChannels: c) ?? .max
      terms = "\(lead)(\(product(output))) · (\(middle) · (\(taps)) + \(middle) · \(out))"
      note = "depthwise, then pointwise"
    }
    let perSample = plan.multiplyAdds
    let total = perSample.flatMap { count in
      let (product, overflow) = count.multipliedReportingOverflow(by: batch ?? 1)
      return overflow ? nil : product
    }
    let value = total.map(groupedThousands) ?? "more than 2⁶³ − 1"
    return "  mult-adds: \(terms) = \(value)\(batch == nil ? " per sample" : "") (\(note))"
  }

  /// An axis of cropping, zero padding or upsampling: the size from `ConvGeometry`, written
  /// out with the operation's numbers.
  static func resampleAxisLines(_ spec: ResampleSpec, axis: Int, name: String, input: Int?) -> ([String], Int?) {
    guard let n = input else { return (["  \(name): None (known when the data comes)"], nil) }
    let arithmetic: String
    switch spec.operation {
    case let .crop(before, after): arithmetic = "\(n) − \(before[axis]) − \(after[axis])"
    case let .zeroPad(before, after): arithmetic = "\(n) + \(before[axis]) + \(after[axis])"
    case let .upsample(factors, _): arithmetic = "\(n)·\(factors[axis])"
    }
    let out: Int
    do { out = try ConvGeometry.length(spec, axis: axis, input: n) } catch {
      return (["  \(name): \(arithmetic) ✗ \(error.message)"], nil)
    }
    var lines = ["  \(name): \(arithmetic) = \(out)"]
    if case let .upsample(factors, interpolation) = spec.operation {
      let f = factors[axis]
      if let method = Resampling.Interpolation(rawValue: interpolation.rawValue) {
        let taps = Resampling.weightMatrix(from: n, to: out, method)
        let samples = (0..<min(out, 4)).map { o -> String in
          let at = (Double(o) + 0.5) / Double(f) - 0.5
          let mix = taps[o].map { "\(decimal($0.1))·x[\($0.0)]" }.joined(separator: " + ")
          return "\(o) → \(decimal(at)) → \(mix)"
        }
        lines.append("    \(name) \(interpolation.rawValue): output o samples input (o + ½)/\(f) − ½, weights renormalised at the edges: " + samples.joined(separator: "; ") + (out > 4 ? "; …" : ""))
      } else {
        lines.append("    \(name) nearest: output o copies input ⌊o / \(f)⌋")
      }
    }
    return (lines, out)
  }

  /// A short decimal: 0.25, −0.25, 1.
  static func decimal(_ value: Double) -> String {
    let rounded = (value * 10_000).rounded() / 10_000
    var text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    if text.hasPrefix("-") { text = "−" + text.dropFirst() }
    return text
  }
}
