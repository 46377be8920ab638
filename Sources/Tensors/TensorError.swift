/// Errors from tensor construction, indexing and arithmetic.
///
/// Each case carries the numbers a person needs to see what went wrong; `description`
/// words them the way NumPy users read them.
public enum ShapeError: Error, Equatable, Sendable, CustomStringConvertible {
  case rankTooLarge(rank: Int, maximum: Int)
  case negativeDimension(shape: [Int], axis: Int)
  case sizeOverflow(shape: [Int])
  case scalarCountMismatch(shape: [Int], expected: Int, got: Int)
  case indexOutOfRange(index: Int, axis: Int, size: Int)
  case tooManyIndices(given: Int, rank: Int)
  case multipleEllipses
  case zeroSliceStep(axis: Int)
  case axisOutOfRange(axis: Int, rank: Int)
  case repeatedAxis(axis: Int)
  case cannotReshape(from: [Int], to: [Int])
  case multipleUnknownDimensions(shape: [Int])
  case badPermutation(axes: [Int], rank: Int)
  case cannotSqueeze(axis: Int, size: Int)
  case broadcast(lhs: [Int], rhs: [Int])
  case concatenateMismatch(axis: Int, first: [Int], other: [Int], index: Int)
  case stackMismatch(first: [Int], other: [Int], index: Int)
  case emptyList(operation: String)
  case inhomogeneous(depth: Int)
  case emptyReduction(operation: String)
  case invalidArgument(String)
  case tooLarge(what: String, shape: [Int], bytes: Int, limit: Int, inUse: Int)
  /// An operation NumPy has no loop for at these dtypes (`bitwise_and` of floats).
  case unsupportedTypes(operation: String, dtypes: [String])
  /// `-`, `-x` and `np.sign` of booleans, refused as NumPy refuses them, with its advice.
  case booleanOperation(operation: String, advice: String)
  /// A Python integer that does not fit the array's integer dtype (NEP 50): `int8_array + 1000`.
  case pythonIntegerOutOfBounds(value: String, dtype: String)
  case negativeIntegerPower
  /// A name that is not a dtype: `astype('flaot32')`.
  case unknownDType(String)

  public var description: String {
    switch self {
    case let .rankTooLarge(rank, maximum):
      return "a tensor has at most \(maximum) axes, this one would have \(rank)"
    case let .negativeDimension(shape, axis):
      return "negative dimensions are not allowed: shape \(formatShape(shape)) has \(shape[axis]) on axis \(axis)"
    case let .sizeOverflow(shape):
      return "shape \(formatShape(shape)) is too big: its elements would need more than 2⁶³ bytes"
    case let .scalarCountMismatch(shape, expected, got):
      return "shape \(formatShape(shape)) needs \(expected) values, got \(got)"
    case let .indexOutOfRange(index, axis, size):
      return "index \(index) is out of bounds for axis \(axis) with size \(size)"
    case let .tooManyIndices(given, rank):
      return "too many indices for tensor: tensor is \(rank)-dimensional, but \(given) were indexed"
    case .multipleEllipses:
      return "an index can only have a single ellipsis ('...')"
    case let .zeroSliceStep(axis):
      return "slice step cannot be zero (axis \(axis))"
    case let .axisOutOfRange(axis, rank):
      return "axis \(axis) is out of bounds for tensor of dimension \(rank)"
    case let .repeatedAxis(axis):
      return "repeated axis \(axis)"
    case let .cannotReshape(from, to):
      let size = from.reduce(1, *)
      return "cannot reshape tensor of size \(size) into shape \(formatShape(to))"
    case let .multipleUnknownDimensions(shape):
      return "can only specify one unknown dimension (-1), got shape \(formatShape(shape))"
    case let .badPermutation(axes, rank):
      return "axes \(formatShape(axes)) don't match tensor of dimension \(rank): give each axis 0..<\(rank) once"
    case let .cannotSqueeze(axis, size):
      return "cannot select an axis to squeeze out which has size not equal to one: axis \(axis) has size \(size)"
    case let .broadcast(lhs, rhs):
      return "operands could not be broadcast together with shapes \(formatShape(lhs)) \(formatShape(rhs))"
    case let .concatenateMismatch(axis, first, other, index):
      return "all input tensors must match except on axis \(axis): tensor 0 has shape \(formatShape(first)), tensor \(index) has shape \(formatShape(other))"
    case let .stackMismatch(first, other, index):
      return "all input tensors must have the same shape to stack: tensor 0 has shape \(formatShape(first)), tensor \(index) has shape \(formatShape(other))"
    case let .emptyList(operation):
      return "\(operation) needs at least one tensor"
    case let .inhomogeneous(depth):
      return "the nested list has an inhomogeneous shape after \(depth) dimensions: every list at one depth must have the same length"
    case let .emptyReduction(operation):
      return "zero-size tensor to reduction operation \(operation) which has no identity"
    case let .invalidArgument(message):
      return message
    case let .unsupportedTypes(operation, dtypes):
      return "ufunc '\(operation)' not supported for the input types (\(dtypes.joined(separator: ", ")))"
    case let .booleanOperation(operation, advice):
      return "numpy boolean \(operation) is not supported, \(advice)"
    case let .pythonIntegerOutOfBounds(value, dtype):
      return "Python integer \(value) out of bounds for \(dtype)"
    case .negativeIntegerPower:
      return "Integers to negative integer powers are not allowed."
    case .unknownDType(let name):
      return "data type '\(name)' not understood (convlab has bool, int8–int64, uint8–uint64, float16, float32 and float64)"
    case let .tooLarge(what, shape, bytes, limit, inUse):
      let held = inUse > 0 ? " with \(MemoryLimit.describe(inUse)) already in use" : ""
      return "\(what) of shape \(formatShape(shape)) would need \(MemoryLimit.describe(bytes))\(held); "
        + "the tensor memory limit is \(MemoryLimit.describe(limit)) (set_limits(memory=...) or --max-memory)"
    }
  }
}

/// A shape written the way Python writes tuples: `(4, 10, 8)`, `(5,)`, `()`.
public func formatShape(_ shape: [Int]) -> String {
  shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
