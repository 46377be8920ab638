/// Creation functions, named and behaving as their NumPy counterparts (float32 results).
extension Tensor {
  /// A tensor of `shape` with every element `value` (`np.full`).
  public static func full(_ shape: [Int], value: Float) throws(ShapeError) -> Tensor {
    let count = try elementCount(of: shape)
    return Tensor(validShape: shape, scalars: [Float](repeating: value, count: count))
  }

  /// `np.zeros(shape)`.
  public static func zeros(_ shape: [Int]) throws(ShapeError) -> Tensor {
    try full(shape, value: 0)
  }

  /// `np.ones(shape)`.
  public static func ones(_ shape: [Int]) throws(ShapeError) -> Tensor {
    try full(shape, value: 1)
  }

  /// Uniform samples in [0, 1) (`np.random.rand(*shape)`), drawn in row-major order.
  public static func rand(_ shape: [Int], using generator: inout RandomGenerator) throws(ShapeError)
    -> Tensor
  {
    try sample(shape) { generator.nextUniform() }
  }

  /// Standard normal samples (`np.random.randn(*shape)`), drawn in row-major order.
  public static func randn(_ shape: [Int], using generator: inout RandomGenerator) throws(ShapeError)
    -> Tensor
  {
    try sample(shape) { generator.nextNormal() }
  }

  /// A tensor of `shape` filled in row-major order by `draw`, each double rounded to float32.
  public static func sample(_ shape: [Int], _ draw: () -> Double) throws(ShapeError) -> Tensor {
    let count = try elementCount(of: shape)
    var scalars = [Float](repeating: 0, count: count)
    for index in 0..<count { scalars[index] = Float(draw()) }
    return Tensor(validShape: shape, scalars: scalars)
  }

  /// Evenly spaced values in [start, stop) (`np.arange`): `⌈(stop − start) / step⌉` elements,
  /// element i = start + i·step computed in double precision.
  public static func arange(_ start: Double, _ stop: Double, step: Double = 1) throws(ShapeError)
    -> Tensor
  {
    guard step != 0 else { throw .invalidArgument("step must not be zero") }
    guard start.isFinite, stop.isFinite, step.isFinite else {
      throw .invalidArgument("start, stop and step must be finite")
    }
    let length = ((stop - start) / step).rounded(.up)
    guard length.isFinite, length < Double(Int32.max) else {
      // The count may not fit an Int (arange(1e308)), so it is shown as the float it is.
      throw .invalidArgument("\(length.isFinite ? "\(length)" : "more than 2**63") elements is too many")
    }
    let count = max(0, Int(length))
    try MemoryLimit.check(count: count, shape: [count], what: "arange")
    let scalars = (0..<count).map { Float(start + Double($0) * step) }
    return Tensor(validShape: [count], scalars: scalars)
  }

  /// `num` evenly spaced values from `start` to `stop` (`np.linspace`); with `endpoint` the
  /// last one is exactly `stop`.
  public static func linspace(_ start: Double, _ stop: Double, count: Int = 50, endpoint: Bool = true)
    throws(ShapeError) -> Tensor
  {
    guard count >= 0 else {
      throw .invalidArgument("number of samples, \(count), must be non-negative")
    }
    try MemoryLimit.check(count: count, shape: [count], what: "linspace")
    let divisions = endpoint ? count - 1 : count
    let step = divisions > 0 ? (stop - start) / Double(divisions) : 0
    var scalars = (0..<count).map { Float(start + Double($0) * step) }
    if endpoint && count > 1 { scalars[count - 1] = Float(stop) }
    return Tensor(validShape: [count], scalars: scalars)
  }

  /// An `rows × columns` matrix with ones on diagonal `k` (`np.eye(N, M, k)`): k > 0 above
  /// the main diagonal, k < 0 below.
  public static func eye(_ rows: Int, columns: Int? = nil, diagonal k: Int = 0) throws(ShapeError)
    -> Tensor
  {
    let columns = columns ?? rows
    var result = try zeros([rows, columns])
    for row in 0..<rows {
      let column = row + k
      if column >= 0 && column < columns { result.scalars[row * columns + column] = 1 }
    }
    return result
  }

  /// A nested list of numbers, as written in source (`[[1, 2], [3, 4]]`).
  public indirect enum Nested: Sendable, Equatable {
    case number(Double)
    case list([Nested])
  }

  /// Builds a tensor from a nested list (`np.array([[1, 2], [3, 4]])`); every list at one
  /// depth must have the same length.
  public init(nested: Nested) throws(ShapeError) {
    var shape: [Int] = []
    var level = nested
    while case .list(let items) = level {
      shape.append(items.count)
      guard let first = items.first else { break }
      level = first
    }
    let count = try Tensor.elementCount(of: shape)
    var scalars: [Float] = []
    scalars.reserveCapacity(count)
    try Tensor.flatten(nested, shape: shape, depth: 0, into: &scalars)
    self.init(validShape: shape, scalars: scalars)
  }

  private static func flatten(_ node: Nested, shape: [Int], depth: Int, into scalars: inout [Float])
    throws(ShapeError)
  {
    switch node {
    case .number(let value):
      guard depth == shape.count else { throw .inhomogeneous(depth: depth) }
      scalars.append(Float(value))
    case .list(let items):
      guard depth < shape.count, items.count == shape[depth] else {
        throw .inhomogeneous(depth: depth)
      }
      for item in items { try flatten(item, shape: shape, depth: depth + 1, into: &scalars) }
    }
  }
}
