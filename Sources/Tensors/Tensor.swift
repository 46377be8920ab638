/// An n-dimensional array of `Float` (float32), rank 0 through 8, stored row-major and
/// contiguous.
///
/// `Tensor` is a value type: copies share storage until one of them is written
/// (the copy-on-write of `Array`), so passing tensors around never copies data.
public struct Tensor: Sendable, Equatable {
  /// The largest rank a tensor may have (NumPy allows 64; convolution needs at most 5).
  public static let maximumRank = 8

  /// Extent of each axis, outermost first.
  public let shape: [Int]
  /// The elements in row-major (C) order; `scalars.count == shape.product`.
  public internal(set) var scalars: [Float]
  /// Counts the storage toward the memory limit while any copy of this tensor (or an array
  /// sharing its storage) is alive.
  package let allocation: Allocation?

  /// Creates a tensor from a shape and its elements in row-major order.
  public init(shape: [Int], scalars: [Float]) throws(ShapeError) {
    let count = try Tensor.elementCount(of: shape)
    guard count == scalars.count else {
      throw .scalarCountMismatch(shape: shape, expected: count, got: scalars.count)
    }
    self.shape = shape
    self.scalars = scalars
    allocation = Allocation.track(count)
  }

  /// Trusted initializer for shapes already validated and storage of the right size.
  package init(validShape shape: [Int], scalars: [Float]) {
    assert(shape.reduce(1, *) == scalars.count)
    self.shape = shape
    self.scalars = scalars
    allocation = Allocation.track(scalars.count)
  }

  /// A tensor over storage another value already counts (an array's float32 buffer).
  package init(validShape shape: [Int], scalars: [Float], sharing allocation: Allocation?) {
    assert(shape.reduce(1, *) == scalars.count)
    self.shape = shape
    self.scalars = scalars
    self.allocation = allocation
  }

  public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
    lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
  }

  /// A rank-0 tensor holding one value.
  public init(_ value: Float) {
    self.init(validShape: [], scalars: [value])
  }

  public var rank: Int { shape.count }
  public var count: Int { scalars.count }
  /// Bytes of element storage (4 per element).
  public var byteCount: Int { scalars.count * MemoryLayout<Float>.stride }

  /// Row-major strides in elements: the last axis has stride 1.
  public var strides: [Int] { Tensor.contiguousStrides(for: shape) }

  /// Edits the elements in place; the shape cannot change.
  public mutating func withUnsafeMutableScalars<Result>(
    _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> Result
  ) rethrows -> Result {
    try scalars.withUnsafeMutableBufferPointer(body)
  }

  /// The single value of a tensor with one element.
  public var scalar: Float? { scalars.count == 1 ? scalars[0] : nil }

  /// Validates a shape and returns its element count: rank ≤ 8, no negative extent, and
  /// NumPy's size rule — the product of the non-zero extents, in bytes, fits in `Int` — so no
  /// size computed from a valid shape (a reduction's result, a concatenation, a layer's
  /// output) can overflow, even when another extent is 0. The tensor must also fit the
  /// memory limit.
  public static func elementCount(of shape: [Int], itemSize: Int = 4) throws(ShapeError) -> Int {
    let count = try checkedCount(of: shape, itemSize: itemSize)
    try MemoryLimit.check(count: count, itemSize: itemSize, shape: shape, what: "a tensor")
    return count
  }

  /// `elementCount(of:)` without the memory limit: for shapes no storage is made for.
  public static func checkedCount(of shape: [Int], itemSize: Int = 4) throws(ShapeError) -> Int {
    guard shape.count <= maximumRank else {
      throw .rankTooLarge(rank: shape.count, maximum: maximumRank)
    }
    var nonzero = itemSize
    for (axis, extent) in shape.enumerated() {
      guard extent >= 0 else { throw .negativeDimension(shape: shape, axis: axis) }
      guard extent > 0 else { continue }
      let (product, overflow) = nonzero.multipliedReportingOverflow(by: extent)
      guard !overflow else { throw .sizeOverflow(shape: shape) }
      nonzero = product
    }
    return shape.contains(0) ? 0 : nonzero / itemSize
  }

  package static func contiguousStrides(for shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var step = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[axis] = step
      step *= max(shape[axis], 1)
    }
    return strides
  }

  /// The broadcast shape of two shapes (NumPy's rule: aligned at their last axes, an extent of
  /// 1 or a missing axis stretches), or an error naming both.
  public static func broadcastShape(_ lhs: [Int], _ rhs: [Int]) throws(ShapeError) -> [Int] {
    let rank = max(lhs.count, rhs.count)
    var result = [Int](repeating: 1, count: rank)
    for offset in 0..<rank {
      let left = offset < lhs.count ? lhs[lhs.count - 1 - offset] : 1
      let right = offset < rhs.count ? rhs[rhs.count - 1 - offset] : 1
      guard left == right || left == 1 || right == 1 else { throw .broadcast(lhs: lhs, rhs: rhs) }
      result[rank - 1 - offset] = left == 1 ? right : left
    }
    return result
  }

  /// Resolves a possibly negative axis (`-1` is the last) against a rank.
  public static func normalizeAxis(_ axis: Int, rank: Int) throws(ShapeError) -> Int {
    let resolved = axis < 0 ? axis + rank : axis
    guard resolved >= 0 && resolved < rank else { throw .axisOutOfRange(axis: axis, rank: rank) }
    return resolved
  }
}
