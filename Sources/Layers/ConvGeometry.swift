import Tensors

/// How padding is chosen along one axis (Keras's `padding` argument, 'valid'/'same'/'causal').
public enum Padding: String, Sendable, CaseIterable {
  case valid, same, causal
}

/// Why a shape computation failed, in the field's words: which axis and which numbers.
public struct GeometryError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// What happens along one spatial axis: the sizes, the window, and where it sits.
public struct AxisPlan: Sendable, Equatable {
  public var name: String
  /// nil for an unknown extent (a symbolic input with `None` there).
  public var input: Int?
  public var output: Int?
  public var kernel: Int
  public var stride: Int
  public var dilation: Int
  /// Forward: padding before and after. Transposed: `padBefore` is the crop before, i.e. input
  /// `i` feeds output `i·stride − padBefore + tap·dilation`.
  public var padBefore: Int
  public var padAfter: Int
  /// Transposed only: the output_padding in effect (given, or inferred).
  public var outputPadding: Int
  /// Which rule computed `output`, so `explain()` shows the arithmetic that was actually done.
  public var rule: AxisRule = .valid

  /// The dilated kernel's reach, `d·(k − 1) + 1`.
  public var effectiveKernel: Int { dilation * (kernel - 1) + 1 }
}

/// The branch of `ConvGeometry` that sized an axis.
public enum AxisRule: Sendable, Equatable {
  /// Forward: no padding, `explicit` cells (Paddle), Keras 'same', Keras 'causal'.
  case valid, explicit, same, causal
  /// Keras transposed, `output_padding` inferred (nil) or given.
  case transposedValid, transposedSame
  /// Paddle transposed: explicit cells, or 'SAME' (the forward split); `requested` is the
  /// call's `output_size` on this axis.
  case paddleTransposed(same: Bool, requested: Int?)
}

/// Size arithmetic on one axis that cannot overflow: a result past `Int.max` is an error that
/// names the axis and the numbers (NumPy's rule: sizes computed from huge extents are errors,
/// never wrapped values).
struct CheckedSizes {
  let axis: String

  func add(_ a: Int, _ b: Int) throws(GeometryError) -> Int {
    let (result, overflow) = a.addingReportingOverflow(b)
    guard !overflow else { throw tooBig("\(a) + \(b)") }
    return result
  }

  func subtract(_ a: Int, _ b: Int) throws(GeometryError) -> Int {
    let (result, overflow) = a.subtractingReportingOverflow(b)
    guard !overflow else { throw tooBig("\(a) − \(b)") }
    return result
  }

  func multiply(_ a: Int, _ b: Int) throws(GeometryError) -> Int {
    let (result, overflow) = a.multipliedReportingOverflow(by: b)
    guard !overflow else { throw tooBig("\(a) · \(b)") }
    return result
  }

  private func tooBig(_ expression: String) -> GeometryError {
    GeometryError(message: "axis \(axis): \(expression) is too big for a size (past 2⁶³ − 1)")
  }
}

/// All shape arithmetic of the layer library. Compute, shape inference, `summary()` and
/// `explain()` read the same plan, so their numbers cannot disagree.
public enum ConvGeometry {
  /// Output length of a strided, dilated window over one axis.
  ///
  /// `valid`: ⌊(n − d·(k − 1) − 1) / s⌋ + 1 · `same`/`causal`: ⌈n / s⌉
  ///
  /// `explicitPadding` cells (Paddle's integer padding) are added to n before a valid window.
  public static func convolvedLength(
    _ n: Int, kernel k: Int, stride s: Int, dilation d: Int, padding: Padding, axis: String = "axis",
    explicitPadding: Int = 0
  ) throws(GeometryError) -> Int {
    guard n >= 0, k >= 1, s >= 1, d >= 1 else {
      throw GeometryError(
        message: "\(axis): sizes must be positive (input \(n), kernel \(k), stride \(s), dilation \(d))")
    }
    let checked = CheckedSizes(axis: axis)
    switch padding {
    case .valid:
      let window = try checked.add(try checked.multiply(d, k - 1), 1)
      let padded = try checked.add(n, explicitPadding)
      guard window <= padded else {
        let what = explicitPadding > 0 ? "padded input \(padded)" : "input \(n)"
        throw GeometryError(message: "valid window \(window) > \(what) on axis \(axis)")
      }
      return (padded - window) / s + 1
    case .same, .causal:
      // ⌈n / s⌉ without n + s − 1, which can pass Int.max.
      return n / s + (n % s == 0 ? 0 : 1)
    }
  }

  /// The per-axis plan of a convolution over spatial extents `input` (nil = unknown).
  /// `outputSize` is Paddle's call-time `output_size` for transposed layers.
  public static func plan(_ spec: ConvSpec, input: [Int?], outputSize: [Int]? = nil)
    throws(GeometryError) -> [AxisPlan]
  {
    try (0..<spec.rank).map { (axis: Int) throws(GeometryError) -> AxisPlan in
      try plan(spec, axis: axis, input: input[axis], requested: outputSize?[axis])
    }
  }

  /// One spatial axis of `plan(_:input:outputSize:)`, so `explain()` can show every axis even
  /// when another one fails.
  public static func plan(_ spec: ConvSpec, axis: Int, input: Int?, requested: Int? = nil)
    throws(GeometryError) -> AxisPlan
  {
    var dilation = spec.dilation[axis]
    if spec.padding == .paddleSame { dilation = 1 }
    var plan = AxisPlan(
      name: spatialAxisNames(rank: spec.rank)[axis], input: input, output: nil, kernel: spec.kernelSize[axis],
      stride: spec.strides[axis], dilation: dilation, padBefore: 0, padAfter: 0, outputPadding: 0)
    if spec.kind == .transposed {
      try planTransposed(&plan, spec, axis: axis, requested: requested)
    } else {
      try planForward(&plan, spec.padding, axis: axis)
    }
    return plan
  }

  private static func planForward(_ plan: inout AxisPlan, _ padding: PaddingRule, axis: Int) throws(GeometryError) {
    let window = plan.effectiveKernel, s = plan.stride
    switch padding {
    case .valid, .paddleSame: plan.rule = .valid
    case .explicit: plan.rule = .explicit
    case .same: plan.rule = .same
    case .causal: plan.rule = .causal
    }
    guard let n = plan.input else {
      if padding == .causal { plan.padBefore = window - 1 }
      return
    }
    func length(_ rule: Padding, extra: Int = 0) throws(GeometryError) -> Int {
      try convolvedLength(
        n, kernel: plan.kernel, stride: s, dilation: plan.dilation, padding: rule, axis: plan.name,
        explicitPadding: extra)
    }
    let checked = CheckedSizes(axis: plan.name)
    switch padding {
    case .valid, .explicit, .paddleSame:
      if case let .explicit(before, after) = padding {
        plan.padBefore = before[axis]
        plan.padAfter = after[axis]
      }
      plan.output = try length(.valid, extra: try checked.add(plan.padBefore, plan.padAfter))
    case .same:
      plan.output = try length(.same)
      // (o − 1)·s + window − n: the reach of the last window past the input, split in two.
      let reach = try checked.add(try checked.multiply(plan.output! - 1, s), window)
      let total = max(reach - n, 0)
      plan.padBefore = total / 2
      plan.padAfter = total - total / 2
    case .causal:
      plan.output = try length(.causal)
      plan.padBefore = window - 1
    }
  }

  /// Transposed axes scatter input `i` to `i·s − padBefore + tap·d`; the full scatter extent
  /// `(n − 1)·s + window` loses `padBefore` cells before and `padAfter` after (negative when
  /// output padding extends it).
  private static func planTransposed(_ plan: inout AxisPlan, _ spec: ConvSpec, axis: Int, requested: Int?)
    throws(GeometryError)
  {
    let window = plan.effectiveKernel, s = plan.stride
    let given = spec.outputPadding?[axis]
    let checked = CheckedSizes(axis: plan.name)
    /// (n − 1)·s + window: the extent the input's stamps cover.
    func spread(_ n: Int) throws(GeometryError) -> Int {
      try checked.add(try checked.multiply(max(n - 1, 0), s), window)
    }
    switch spec.padding {
    case .valid, .same:
      // Keras, as backend_utils._convert_conv_transpose_padding_args_from_keras_to_jax pads the
      // stride-dilated input with (left, right) before a direct convolution.
      let left: Int, right: Int
      plan.rule = spec.padding == .valid ? .transposedValid : .transposedSame
      if spec.padding == .valid {
        plan.outputPadding = given ?? (max(window, s) - window)
        left = window - 1
        right = window - 1 + plan.outputPadding
      } else {
        plan.outputPadding = given ?? 0
        let padLength = given.map { window + window % 2 - 2 + $0 } ?? (s + window - 2)
        left = min(padLength / 2 + padLength % 2, window - 1)
        right = padLength - left
      }
      plan.padBefore = window - 1 - left
      plan.padAfter = window - 1 - right
      if let n = plan.input {
        guard n > 0 else {
          plan.output = 0
          return
        }
        plan.output = try checked.subtract(try checked.subtract(try spread(n), plan.padBefore), plan.padAfter)
      }
    case .explicit, .paddleSame:
      // Paddle: (n − 1)·s − before − after + d·(k − 1) + 1 + output_padding.
      var before = 0, after = 0
      plan.rule = .paddleTransposed(same: spec.padding == .paddleSame, requested: requested)
      if case let .explicit(b, a) = spec.padding {
        (before, after) = (b[axis], a[axis])
      } else if let n = plan.input {
        let forward = n / s + (n % s == 0 ? 0 : 1)
        let reach = try checked.add(try checked.multiply(max(forward - 1, 0), s), plan.kernel)
        let total = max(reach - n, 0)
        (before, after) = (total / 2, total - total / 2)
      }
      plan.padBefore = before
      guard let n = plan.input else {
        plan.padAfter = after - (given ?? 0)
        return
      }
      let inferred = try checked.subtract(try checked.subtract(try spread(n), before), after)
      if let requested {
        guard requested >= inferred && requested - inferred < s else {
          throw GeometryError(
            message: "output_size \(requested) on axis \(plan.name) is outside Paddle's range "
              + "[\(inferred), \(try checked.add(inferred, s))) for input \(n), stride \(s), padding (\(before), \(after)), kernel \(window)")
        }
        plan.outputPadding = requested - inferred
      } else {
        plan.outputPadding = given ?? 0
      }
      plan.padAfter = try checked.subtract(after, plan.outputPadding)
      let output = try checked.add(inferred, plan.outputPadding)
      plan.output = output
      guard output > 0 else {
        throw GeometryError(
          message: "output size \(output) ≤ 0 on axis \(plan.name): padding (\(before), \(after)) "
            + "removes more than the \(try spread(n)) cells the input spreads over")
      }
    case .causal:
      throw GeometryError(message: "causal padding is not defined for transposed convolution")
    }
  }

  /// PyTorch's ceil_mode for a forward window with symmetric explicit padding p:
  /// ⌈(n + 2p − window) / s⌉ + 1 (rounding toward −∞, so a window wider than the input still
  /// gives one cell), less one when the last window would start past the input and its left
  /// padding; the window's reach past the padding counts as padding after.
  public static func planCeil(_ spec: ConvSpec, axis: Int, input: Int?) throws(GeometryError) -> AxisPlan {
    let name = spatialAxisNames(rank: spec.rank)[axis]
    guard case .explicit(let before, _) = spec.padding else { return try plan(spec, axis: axis, input: input) }
    let p = before[axis], s = spec.strides[axis], k = spec.kernelSize[axis], d = spec.dilation[axis]
    var plan = AxisPlan(
      name: name, input: input, output: nil, kernel: k, stride: s, dilation: d, padBefore: p, padAfter: p, outputPadding: 0,
      rule: .explicit)
    guard let n = input else { return plan }
    let checked = CheckedSizes(axis: name)
    let reach = try checked.add(try checked.multiply(d, k - 1), 1)
    let numerator = try checked.add(try checked.add(n, try checked.multiply(2, p)) - reach, s - 1)
    var output = (numerator >= 0 ? numerator / s : -(try checked.add(-numerator, s - 1) / s)) + 1
    if output > 0, try checked.multiply(output - 1, s) >= (try checked.add(n, p)) { output -= 1 }
    guard output > 0 else {
      throw GeometryError(message: "output size \(output) on axis \(name) is too small: input \(n), padding \(p), window \(reach), stride \(s)")
    }
    plan.output = output
    plan.padAfter = max(p, try checked.add(try checked.multiply(output - 1, s), reach) - n - p)
    return plan
  }

  /// Output extents of cropping, zero padding or upsampling.
  public static func plan(_ spec: ResampleSpec, input: [Int?]) throws(GeometryError) -> [Int?] {
    try (0..<spec.rank).map { (axis: Int) throws(GeometryError) -> Int? in
      try input[axis].map { (n: Int) throws(GeometryError) -> Int in try length(spec, axis: axis, input: n) }
    }
  }

  /// One axis of `plan(_:input:)` for an input of `n` cells, so `explain()` and `diagram()` can
  /// size every axis even when another one fails.
  public static func length(_ spec: ResampleSpec, axis: Int, input n: Int) throws(GeometryError) -> Int {
    let name = spatialAxisNames(rank: spec.rank)[axis]
    let checked = CheckedSizes(axis: name)
    switch spec.operation {
    case let .crop(before, after):
      let cropped = try checked.add(before[axis], after[axis])
      guard cropped < n else {
        throw GeometryError(
          message: "cropping (\(before[axis]), \(after[axis])) removes all \(n) cells of axis \(name)")
      }
      return n - cropped
    case let .zeroPad(before, after):
      return try checked.add(try checked.add(n, before[axis]), after[axis])
    case let .upsample(factors, _):
      return try checked.multiply(n, factors[axis])
    }
  }
}
