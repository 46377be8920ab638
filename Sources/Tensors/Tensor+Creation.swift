/// The creation functions layers need (float32): initial weights and filled tensors.
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
}
