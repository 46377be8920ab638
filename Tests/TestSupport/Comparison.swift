import Tensors
import Testing

/// How far a computed value may be from the expected one.
public enum Tolerance: Sendable, CustomStringConvertible {
  /// |actual − expected| ≤ bound · max(1, |expected|): absolute near zero, relative above one.
  case scaled(Float)
  /// |actual − expected| ≤ absolute + relative · |expected|, NumPy's `allclose` rule.
  case allclose(relative: Float, absolute: Float)
  /// |actual − expected| ≤ bound · max(1, the largest |expected|): an error measured against
  /// the tensor's scale, for transforms (Winograd) whose rounding follows the sums' size.
  case ofScale(Float)

  func bound(_ expected: Float, scale: Float) -> Float {
    switch self {
    case .scaled(let bound): return bound * max(1, abs(expected))
    case .allclose(let relative, let absolute): return absolute + relative * abs(expected)
    case .ofScale(let bound): return bound * max(1, scale)
    }
  }

  public var description: String {
    switch self {
    case .scaled(let bound): return "\(bound)·max(1, |expected|)"
    case .allclose(let relative, let absolute): return "\(absolute) + \(relative)·|expected|"
    case .ofScale(let bound): return "\(bound)·max(1, max |expected|)"
    }
  }
}

/// The result of comparing computed values with expected ones element by element. It fails on
/// a length or shape mismatch, on an empty comparison (nothing was checked), when NaN or an
/// infinity appears on one side only (or infinities of opposite sign), and when a finite
/// element is outside the tolerance. `failure` names the worst element and its index.
public struct Comparison: Sendable, CustomStringConvertible {
  public private(set) var failure: String?
  public var passed: Bool { failure == nil }
  public var description: String { failure ?? "every element within tolerance" }

  public init(_ actual: [Float], _ expected: [Float], shape: [Int]? = nil, tolerance: Tolerance) {
    guard actual.count == expected.count else {
      failure = "\(actual.count) values where \(expected.count) were expected"
      return
    }
    guard !expected.isEmpty else {
      failure = "nothing compared: both sides are empty"
      return
    }
    // Non-finite mismatches are worse than any finite excess; the first one is reported.
    var worst: (index: Int, excess: Float)?
    let scale = expected.lazy.filter(\.isFinite).map(abs).max() ?? 0
    for index in expected.indices {
      let a = actual[index], e = expected[index]
      if !e.isFinite || !a.isFinite {
        let same = e.isNaN ? a.isNaN : a == e
        if !same {
          failure = "element \(Self.position(index, shape)) is \(a), expected \(e)"
          return
        }
        continue
      }
      let excess = abs(a - e) - tolerance.bound(e, scale: scale)
      if excess > 0 && excess > (worst?.excess ?? 0) { worst = (index, excess) }
    }
    if let (index, excess) = worst {
      failure = "element \(Self.position(index, shape)) is \(actual[index]), expected \(expected[index]): "
        + "|difference| exceeds \(tolerance) by \(excess)"
    }
  }

  public init(_ actual: Tensor, _ expected: Tensor, tolerance: Tolerance) {
    self.init(actual.scalars, expected.scalars, shape: expected.shape, tolerance: tolerance)
    if actual.shape != expected.shape { failure = "shape \(actual.shape) where \(expected.shape) was expected" }
  }

  /// `[i, j, k] (flat n)` when the shape is known, else the flat index.
  static func position(_ index: Int, _ shape: [Int]?) -> String {
    guard let shape, shape.count > 1 else { return "[\(index)]" }
    var rest = index, coordinates: [Int] = []
    for extent in shape.reversed() {
      coordinates.append(extent == 0 ? 0 : rest % extent)
      rest /= max(extent, 1)
    }
    return "[\(coordinates.reversed().map(String.init).joined(separator: ", "))] (flat \(index))"
  }
}

/// Records an issue unless `actual` matches `expected` within `tolerance` (see `Comparison`).
public func expectClose(
  _ actual: [Float], _ expected: [Float], _ tolerance: Tolerance, shape: [Int]? = nil, _ context: @autoclosure () -> String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let comparison = Comparison(actual, expected, shape: shape, tolerance: tolerance)
  if let failure = comparison.failure {
    let prefix = context()
    Issue.record(Comment(rawValue: prefix.isEmpty ? failure : "\(prefix): \(failure)"), sourceLocation: sourceLocation)
  }
}

/// Records an issue unless the tensors have the same shape and match within `tolerance`.
public func expectClose(
  _ actual: Tensor, _ expected: Tensor, _ tolerance: Tolerance, _ context: @autoclosure () -> String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let comparison = Comparison(actual, expected, tolerance: tolerance)
  if let failure = comparison.failure {
    let prefix = context()
    Issue.record(Comment(rawValue: prefix.isEmpty ? failure : "\(prefix): \(failure)"), sourceLocation: sourceLocation)
  }
}
