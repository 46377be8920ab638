/// `explain(layer, input, notation='guide')`: each axis in "A guide to convolution arithmetic
/// for deep learning"'s own terms — i, k, s, p (and d, k̂), and for a transposed layer the
/// forward convolution it is the transpose of, with i′, p′, ĩ′ and a — and the number of the
/// guide's relationship that gives the size.
extension Layer {
  public func guideNotation(input inputShape: [Int?]) throws(LayerShapeError) -> [String] {
    guard case .convolution(let spec) = operation else {
      throw LayerShapeError(layer: typeName, "notation='guide' covers the convolutions of the guide's chapters 2, 4 and 5; \(typeName) is not one")
    }
    let plan = try self.plan(for: inputShape)
    var lines = ["in the guide's notation (Dumoulin & Visin):"]
    for axis in plan.axes {
      guard let n = axis.input, let out = axis.output else {
        lines.append("  \(axis.name): the input size is not known")
        continue
      }
      let k = axis.kernel, s = axis.stride, d = axis.dilation
      let window = axis.effectiveKernel
      if spec.kind == .transposed {
        lines.append("  " + Self.guideTransposed(name: axis.name, i: n, k: k, s: s, d: d, cropBefore: axis.padBefore, output: out))
      } else {
        lines.append("  " + Self.guideDirect(name: axis.name, i: n, k: k, s: s, d: d, window: window, before: axis.padBefore, after: axis.padAfter, output: out))
      }
    }
    return lines
  }

  static func guideDirect(name: String, i: Int, k: Int, s: Int, d: Int, window: Int, before: Int, after: Int, output: Int) -> String {
    guard before == after else {
      // The guide pads p on both sides; an uneven split is outside its relationships.
      return "\(name): i = \(i), k = \(k), s = \(s), padding \(before) before and \(after) after (the guide pads p on both sides): "
        + "o = ⌊(i + \(before) + \(after) − \(d > 1 ? "k̂" : "k"))/s⌋ + 1 = ⌊(\(i) + \(before + after) − \(window))/\(s)⌋ + 1 = \(output)"
    }
    let p = before
    if d > 1 {
      return "\(name): i = \(i), k = \(k), s = \(s), p = \(p), d = \(d): k̂ = k + (k − 1)(d − 1) = \(window), "
        + "o = ⌊(i + 2p − k̂)/s⌋ + 1 = ⌊(\(i) + \(2 * p) − \(window))/\(s)⌋ + 1 = \(output) (Relationship 15)"
    }
    let head = "\(name): i = \(i), k = \(k), s = \(s), p = \(p): "
    switch (s, p) {
    case (1, 0): return head + "o = (i − k) + 1 = (\(i) − \(k)) + 1 = \(output) (Relationship 1)"
    case (1, k / 2) where k % 2 == 1: return head + "half padding, o = i = \(output) (Relationship 3)"
    case (1, k - 1): return head + "full padding, o = i + (k − 1) = \(i) + \(k - 1) = \(output) (Relationship 4)"
    case (1, _): return head + "o = (i − k) + 2p + 1 = (\(i) − \(k)) + \(2 * p) + 1 = \(output) (Relationship 2)"
    case (_, 0): return head + "o = ⌊(i − k)/s⌋ + 1 = ⌊(\(i) − \(k))/\(s)⌋ + 1 = \(output) (Relationship 5)"
    default: return head + "o = ⌊(i + 2p − k)/s⌋ + 1 = ⌊(\(i) + \(2 * p) − \(k))/\(s)⌋ + 1 = \(output) (Relationship 6)"
    }
  }

  /// A transposed axis as the transpose of a forward convolution with the same k and s and
  /// padding p (the crop before), `a` the extra cells after (output_padding, or 'same''s).
  static func guideTransposed(name: String, i: Int, k: Int, s: Int, d: Int, cropBefore p: Int, output: Int) -> String {
    let full = (i - 1) * s + d * (k - 1) + 1
    let cropAfter = full - output - p
    let a = p - cropAfter
    guard d == 1, a >= 0, a < s else {
      // Keras's 'same' crops the fewer cells before: the guide's figure mirrored.
      let mirrored = cropAfter - p
      if d == 1, cropAfter > p, mirrored < s {
        return guideTransposed(name: name, i: i, k: k, s: s, d: d, cropBefore: cropAfter, output: output)
          + "; mirrored: this layer crops \(p) before and \(cropAfter) after, the guide \(cropAfter) before and \(p) after"
      }
      return "\(name): the full scatter (\(full) cells) cropped \(p) before and \(cropAfter) after = \(output); the guide's transposed "
        + "relationships \(d > 1 ? "have no dilation" : "crop p on both sides less a ∈ [0, s)"), so this one is outside them"
    }
    let stretched = i + (i - 1) * (s - 1)
    let head = "\(name): the transpose of a convolution with k = \(k), s = \(s), p = \(p), on i′ = \(i): k′ = k, s′ = 1, p′ = k − p − 1 = \(k - p - 1)"
      + (s > 1 ? ", ĩ′ = i′ + (i′ − 1)(s − 1) = \(stretched)" : "") + (a > 0 ? ", a = \(a)" : "") + ": "
    switch (s, p, a) {
    case (1, 0, _): return head + "o′ = i′ + (k − 1) = \(i) + \(k - 1) = \(output) (Relationship 8)"
    case (1, k / 2, _) where k % 2 == 1: return head + "o′ = i′ = \(output) (Relationship 10)"
    case (1, k - 1, _): return head + "o′ = i′ − (k − 1) = \(i) − \(k - 1) = \(output) (Relationship 11)"
    case (1, _, _): return head + "o′ = i′ + (k − 1) − 2p = \(i) + \(k - 1) − \(2 * p) = \(output) (Relationship 9)"
    case (_, 0, 0): return head + "o′ = s(i′ − 1) + k = \(s)·\(i - 1) + \(k) = \(output) (Relationship 12)"
    case (_, _, 0): return head + "o′ = s(i′ − 1) + k − 2p = \(s)·\(i - 1) + \(k) − \(2 * p) = \(output) (Relationship 13)"
    default: return head + "o′ = s(i′ − 1) + a + k − 2p = \(s)·\(i - 1) + \(a) + \(k) − \(2 * p) = \(output) (Relationship 14)"
    }
  }
}
