import Arrays
import Tensors

/// Arrays written out in tests.
extension NDArray {
  static func of<T: ArrayElement>(_ shape: [Int], _ values: [T]) -> NDArray { try! NDArray(shape: shape, elements: values) }
  static func floats(_ shape: [Int], _ values: [Float]) -> NDArray { of(shape, values) }
  static func doubles(_ shape: [Int], _ values: [Double]) -> NDArray { of(shape, values) }
  static func ints(_ shape: [Int], _ values: [Int64]) -> NDArray { of(shape, values) }
  /// `np.arange(count).reshape(shape)` (int64).
  static func range(_ shape: [Int]) -> NDArray {
    of(shape, (0..<Int64(shape.reduce(1, *))).map { $0 })
  }

  var floats: [Float] { elements(as: Float.self) }
  var doubles: [Double] { elements(as: Double.self) }
  var ints: [Int64] { elements(as: Int64.self) }
  var bools: [Bool] { elements(as: Bool.self) }
}

/// `a ⊙ b` with NumPy's promotion, for tests.
func apply(_ ufunc: BinaryUfunc, _ a: NDArray, _ b: NDArray) throws -> NDArray { try ufunc(.array(a), .array(b)) }
func apply(_ ufunc: BinaryUfunc, _ a: NDArray, _ b: Operand) throws -> NDArray { try ufunc(.array(a), b) }
