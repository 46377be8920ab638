/// `equivalent(layer, input)`: the same convolution geometry written in Keras's, PyTorch's and
/// Paddle's arguments, as code that runs. Each framework places padding its own way — Keras's
/// 'same' puts the odd cell after and depends on the input size when strided, PyTorch pads both
/// sides alike, transposed layers crop and extend differently — so the padding each needs is
/// found from the axis plans (the cells before and after every axis), and where a framework
/// cannot say it in the layer's own arguments, the extra step is written out (`F.pad`,
/// `ZeroPadding2D`, cropping the output) or the lack of an equivalent is said.
extension Layer {
  public func equivalents(input inputShape: [Int?]?) throws(LayerShapeError) -> [String] {
    guard case .convolution(let spec) = operation, spec.kind != .separable else {
      throw LayerShapeError(layer: typeName, "equivalent() writes convolutions (standard, transposed, depthwise) in each framework's arguments; \(typeName) is not one")
    }
    let r = spec.rank
    // Sizes decide Keras's strided 'same' and every transposed crop; without them, two
    // representative inputs show how the answer depends on them.
    if let inputShape {
      let plans = try axisPlans(for: inputShape).map { (result) throws(LayerShapeError) -> AxisPlan in
        do { return try result.get() } catch { throw LayerShapeError(layer: typeName, "\(error)") }
      }
      let (_, channels) = try split(inputShape)
      return ["\(declaration) on \(describe(inputShape)):"] + lines(spec, plans, channels: channels)
    }
    let dependent = spec.kind == .transposed || (spec.padding == .same && spec.strides.contains { $0 > 1 })
      || spec.padding == .paddleSame
    guard dependent else {
      let plans = (0..<r).map { axis in (try? ConvGeometry.plan(spec, axis: axis, input: 8 * spec.strides[axis] * spec.kernelSize[axis] + 1)) }
      guard plans.allSatisfy({ $0 != nil }) else { throw LayerShapeError(layer: typeName, "equivalent(): pass the input shape") }
      return ["\(declaration), on any input size:"] + lines(spec, plans.map { $0! }, channels: spec.declaredInputChannels)
    }
    var result: [String] = ["\(declaration): the padding depends on the input size (pass it for one answer); for example"]
    for (label, extra) in [("divisible by the stride", 0), ("one more than a multiple of it", 1)] {
      let sizes = (0..<r).map { 4 * spec.strides[$0] * max(2, spec.kernelSize[$0]) + extra }
      let plans = (0..<r).map { axis in try? ConvGeometry.plan(spec, axis: axis, input: sizes[axis]) }
      guard plans.allSatisfy({ $0 != nil }) else { continue }
      result.append("on inputs \(sizes.map(String.init).joined(separator: "×")) (\(label)):")
      result += lines(spec, plans.map { $0! }, channels: spec.declaredInputChannels).map { "  " + $0 }
    }
    return result
  }

  private func lines(_ spec: ConvSpec, _ plans: [AxisPlan], channels: Int?) -> [String] {
    let r = spec.rank
    func tuple(_ values: [Int]) -> String { values.count == 1 ? "\(values[0])" : "(" + values.map(String.init).joined(separator: ", ") + ")" }
    func compact(_ values: [Int]) -> String { Set(values).count == 1 ? "\(values[0])" : tuple(values) }
    let c = channels.map(String.init) ?? "C"
    let k = compact(spec.kernelSize), s = compact(spec.strides), d = compact(plans.map(\.dilation))
    let filters = spec.filters.map(String.init) ?? "\(c)·\(spec.depthMultiplier)"
    let out: String = spec.kind == .depthwise ? (channels.map { "\($0 * spec.depthMultiplier)" } ?? "C·\(spec.depthMultiplier)") : filters
    let groups = spec.kind == .depthwise ? c : "\(spec.groups)"
    let dimension = "\(r)d", keras = "\(r)D"
    var text: [String] = []

    if spec.kind == .transposed {
      // Output cell o = i·s − crop + t·d: crop `before` cells before, `after` after (negative:
      // cells added after, output_padding).
      let before = plans.map(\.padBefore), after = plans.map(\.padAfter)
      let extra = zip(before, after).map { $0 - $1 }
      let limits = zip(spec.strides, plans.map(\.dilation)).map { max($0, $1) }
      // PyTorch crops `padding` cells on both sides and adds output_padding after.
      if zip(extra, limits).allSatisfy({ $0 >= 0 && $0 < $1 }) {
        text.append("PyTorch: nn.ConvTranspose\(dimension)(\(c), \(out), \(k), stride=\(s), padding=\(compact(before)), output_padding=\(compact(extra))\(d == "1" ? "" : ", dilation=\(d)")\(spec.groups > 1 ? ", groups=\(groups)" : ""))")
      } else {
        let symmetric = zip(before, after).map { min($0, max($1, 0)) }
        let crop = zip(zip(before, after), symmetric).map { ($0.0 - $1, $0.1 - $1) }
        text.append("PyTorch: no padding/output_padding gives this crop (\(zip(before, after).map { "\($0), \($1)" }.joined(separator: "; "))); nn.ConvTranspose\(dimension)(\(c), \(out), \(k), stride=\(s), padding=\(compact(symmetric))), then crop the output by \(crop.map { "(\($0.0), \($0.1))" }.joined(separator: ", ")) cells per axis")
      }
      // Keras: try its padding/output_padding forms for the same crops.
      var kerasForm: String?
      search: for padding in [PaddingRule.valid, .same] {
        // None, and the one output_padding that would move the crop after to this one (a
        // search over every value below the stride would hang on a stride of 2³¹).
        var zero = spec
        zero.padding = padding
        zero.outputPadding = spec.strides.map { _ in 0 }
        let shift = (try? ConvGeometry.plan(zero, axis: 0, input: plans[0].input)).map { $0.padAfter - plans[0].padAfter }
        let valid = shift.flatMap { value in value >= 0 && spec.strides.allSatisfy({ value < $0 }) ? value : nil }
        for option in [nil] + (valid.map { [Optional($0)] } ?? []) {
          var trial = spec
          trial.padding = padding
          trial.outputPadding = option.map { value in spec.strides.map { _ in value } }
          if let op = trial.outputPadding, zip(op, spec.strides).contains(where: { $0 >= $1 }) { continue }
          let trialPlans = (0..<r).map { axis in try? ConvGeometry.plan(trial, axis: axis, input: plans[axis].input) }
          guard trialPlans.allSatisfy({ $0 != nil }),
            zip(trialPlans.map { $0! }, plans).allSatisfy({ $0.padBefore == $1.padBefore && $0.padAfter == $1.padAfter })
          else { continue }
          kerasForm = "padding='\(padding == .same ? "same" : "valid")'" + (option.map { ", output_padding=\($0)" } ?? "")
          break search
        }
      }
      if let kerasForm {
        text.append("Keras:   Conv\(keras)Transpose(\(out), \(k), strides=\(s), \(kerasForm)\(d == "1" ? "" : ", dilation_rate=\(d)"))")
      } else {
        // 'valid' with output_padding 0 keeps the whole scatter: crop the rest from it.
        var valid = spec
        valid.padding = .valid
        valid.outputPadding = spec.strides.map { _ in 0 }
        let validPlans = (0..<r).map { axis in try? ConvGeometry.plan(valid, axis: axis, input: plans[axis].input) }
        let crops = zip(validPlans, plans).map { ($1.padBefore - ($0?.padBefore ?? 0), $1.padAfter - ($0?.padAfter ?? 0)) }
        if crops.allSatisfy({ $0.0 >= 0 && $0.1 >= 0 }) {
          let amounts = crops.map { "(\($0.0), \($0.1))" }
          text.append("Keras:   Conv\(keras)Transpose(\(out), \(k), strides=\(s), padding='valid', output_padding=0\(d == "1" ? "" : ", dilation_rate=\(d)")), then Cropping\(keras)(\(r == 1 ? amounts[0] : "(" + amounts.joined(separator: ", ") + ")"))  (no padding of Keras's crops (\(zip(before, after).map { "\($0), \($1)" }.joined(separator: "; "))))")
        } else {
          text.append("Keras:   none: Conv\(keras)Transpose cannot extend its output past the scatter (crops \(zip(before, after).map { "\($0), \($1)" }.joined(separator: "; ")))")
        }
      }
      let paddleExtra = after.map { $0 < 0 ? -$0 : 0 }
      let paddleAfter = zip(after, paddleExtra).map { $0 + $1 }
      let pairs = zip(before, paddleAfter).flatMap { [$0, $1] }
      text.append("Paddle:  paddle.nn.Conv\(keras)Transpose(\(c), \(out), \(k), stride=\(s), padding=\(tuple(pairs)), output_padding=\(compact(paddleExtra))\(d == "1" ? "" : ", dilation=\(d)"))")
      return text
    }

    // Forward: cells of padding before and after each axis.
    let before = plans.map(\.padBefore), after = plans.map { max($0.padAfter, 0) }
    let torchSame = zip(zip(before, after), plans).allSatisfy { $0.0 == $1.dilation * ($1.kernel - 1) / 2 && $0.0 + $0.1 == $1.dilation * ($1.kernel - 1) }
      && spec.strides.allSatisfy { $0 == 1 }
    let common = zip(before, after).map { min($0, $1) }
    let torchArgs = "\(c), \(out), \(k)\(s == "1" ? "" : ", stride=\(s)")"
    let torchTail = "\(d == "1" ? "" : ", dilation=\(d)")\(spec.kind == .depthwise || spec.groups > 1 ? ", groups=\(groups)" : "")"
    if zip(before, after).allSatisfy({ $0 == $1 }) {
      text.append("PyTorch: nn.Conv\(dimension)(\(torchArgs), padding=\(compact(before))\(torchTail))")
    } else if torchSame {
      text.append("PyTorch: nn.Conv\(dimension)(\(torchArgs), padding='same'\(torchTail))")
    } else {
      // F.pad's pairs run from the last axis back.
      let pads = zip(zip(before, after), common).reversed().flatMap { [$0.0 - $1, $0.1 - $1] }
      text.append("PyTorch: x = F.pad(x, \(tuple(pads))); nn.Conv\(dimension)(\(torchArgs), padding=\(compact(common))\(torchTail))  (PyTorch pads both sides alike: the extra cells go in F.pad)")
    }
    // Keras: its padding forms, else ZeroPadding first.
    var kerasPadding: String?
    for padding in [PaddingRule.valid, .same] + (r == 1 ? [.causal] : []) {
      var trial = spec
      trial.padding = padding
      let trialPlans = (0..<r).map { axis in try? ConvGeometry.plan(trial, axis: axis, input: plans[axis].input) }
      if trialPlans.allSatisfy({ $0 != nil }),
        zip(trialPlans.map { $0! }, plans).allSatisfy({ $0.padBefore == $1.padBefore && max($0.padAfter, 0) == max($1.padAfter, 0) })
      {
        kerasPadding = padding == .valid ? "valid" : padding == .same ? "same" : "causal"
        break
      }
    }
    let kerasName = spec.kind == .depthwise ? "DepthwiseConv\(keras)" : "Conv\(keras)"
    let kerasArgs = spec.kind == .depthwise
      ? "\(k), strides=\(s)\(spec.depthMultiplier > 1 ? ", depth_multiplier=\(spec.depthMultiplier)" : "")"
      : "\(out), \(k), strides=\(s)\(spec.groups > 1 ? ", groups=\(spec.groups)" : "")"
    let dilation = d == "1" ? "" : ", dilation_rate=\(d)"
    if let kerasPadding {
      text.append("Keras:   \(kerasName)(\(kerasArgs), padding='\(kerasPadding)'\(dilation))")
    } else {
      let amounts = zip(before, after).map { "(\($0), \($1))" }
      let argument = r == 1 ? amounts[0] : "(" + amounts.joined(separator: ", ") + ")"
      text.append("Keras:   ZeroPadding\(keras)(\(argument)), then \(kerasName)(\(kerasArgs), padding='valid'\(dilation))")
    }
    let pairs = zip(before, after).flatMap { [$0, $1] }
    let paddle = zip(before, after).allSatisfy({ $0 == $1 }) ? compact(before) : tuple(pairs)
    text.append("Paddle:  paddle.nn.Conv\(keras)(\(c), \(out), \(k), stride=\(s), padding=\(paddle)\(d == "1" ? "" : ", dilation=\(d)")\(spec.kind == .depthwise || spec.groups > 1 ? ", groups=\(groups)" : ""))")
    return text + inverse(spec, plans, kerasPadding: kerasPadding)
  }

  /// A strided forward convolution maps several input sizes to one output size; the transposed
  /// layer that undoes it needs the output_padding that picks each back. Per axis: the input
  /// sizes this output comes from, and for each, Keras's and PyTorch's output_padding.
  private func inverse(_ spec: ConvSpec, _ plans: [AxisPlan], kerasPadding: String?) -> [String] {
    guard spec.kind == .standard, plans.contains(where: { $0.stride > 1 }),
      plans.allSatisfy({ $0.input != nil && $0.output != nil })
    else { return [] }
    var lines = ["Inverse: the input sizes each output size comes from, and the output_padding a transposed layer needs to give each back:"]
    for (axis, plan) in plans.enumerated() where plan.stride > 1 {
      let n = plan.input!, o = plan.output!, s = plan.stride
      guard s <= 64 else {
        lines.append("  \(plan.name): stride \(s): the \(s) input sizes around \(n) all give \(o); the transposed layer's output_padding picks one")
        continue
      }
      let sizes = (max(1, n - 2 * s)...(n + 2 * s)).filter { m in
        (try? ConvGeometry.plan(spec, axis: axis, input: m))?.output == o
      }
      /// The output_padding (nil: Keras's None) in `options` whose transposed plan gives back m.
      func pick(_ padding: PaddingRule, allowNone: Bool, _ m: Int) -> String {
        // None (Keras), then the one output_padding that adds what output_padding 0 lacks.
        var zero = spec
        zero.kind = .transposed
        zero.groups = 1
        zero.padding = padding
        zero.outputPadding = spec.strides.map { _ in 0 }
        let lacking = (try? ConvGeometry.plan(zero, axis: axis, input: o))?.output.map { m - $0 }
        let options: [Int?] = (allowNone ? [nil] : []) + (lacking.map { $0 >= 0 && $0 < limit ? [Optional($0)] : [] } ?? [])
        for option in options {
          var transposed = spec
          transposed.kind = .transposed
          transposed.groups = 1
          transposed.padding = padding
          transposed.outputPadding = option.map { value in spec.strides.map { _ in value } }
          if (try? ConvGeometry.plan(transposed, axis: axis, input: o))?.output == m { return option.map(String.init) ?? "None" }
        }
        return "none"
      }
      let limit = max(s, plan.dilation)
      let keras: PaddingRule? = kerasPadding == "valid" ? .valid : kerasPadding == "same" ? .same : nil
      let torch: PaddingRule? = plan.padBefore == max(plan.padAfter, 0)
        ? .explicit(before: spec.strides.map { _ in plan.padBefore }, after: spec.strides.map { _ in plan.padBefore }) : nil
      let choices = sizes.map { m -> String in
        var parts: [String] = []
        if let keras { parts.append("Keras output_padding=\(pick(keras, allowNone: true, m))") }
        if let torch { parts.append("PyTorch padding=\(plan.padBefore), output_padding=\(pick(torch, allowNone: false, m))") }
        return "\(m) (\(parts.joined(separator: "; ")))"
      }
      lines.append("  \(plan.name): inputs \(sizes.map(String.init).joined(separator: ", ")) all give \(o); back to \(choices.joined(separator: ", "))")
    }
    return lines
  }
}
