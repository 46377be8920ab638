import Tensors

/// NumPy's `ndarray` for convlab: an n-dimensional array of one dtype, rank 0 through 8.
///
/// An array is a strided view onto a buffer: element `(i₀, …, iₙ₋₁)` is
/// `buffer[offset + Σ iₖ·strides[k]]` (strides in elements, possibly 0 or negative). Slices,
/// transposes and broadcasts are views that share the buffer; copy on write keeps every array a
/// value, so writing through one name never changes another (where NumPy's views would).
///
/// New arrays are laid out as NumPy lays them out: results of element-wise operations follow
/// their inputs' memory order (`order='K'`), so reductions visit elements in NumPy's order and
/// float sums agree to the last bit.
public struct NDArray: Sendable {
  public private(set) var shape: [Int]
  /// Steps in elements between neighbours along each axis.
  public private(set) var strides: [Int]
  /// Position of element `(0, …, 0)` in the buffer.
  public private(set) var offset: Int
  public internal(set) var buffer: ArrayBuffer
  /// Counts the buffer toward the memory limit while any view of it is alive; shared by every
  /// view of the buffer, so it being uniquely referenced means the buffer is ours to write.
  var allocation: Allocation?
  /// How the array prints: NumPy's `array(…)` or PyTorch's `tensor(…)`.
  public internal(set) var flavor: Flavor = .numpy

  public var dtype: DType { buffer.dtype }
  public var rank: Int { shape.count }
  /// Elements in the array (not in its buffer).
  public var count: Int { shape.reduce(1, *) }
  /// Bytes the elements take, as NumPy's `nbytes`.
  public var byteCount: Int { count * dtype.itemSize }

  /// An array over `elements` in row-major order; the shape is trusted to be valid and to fit.
  init(validShape shape: [Int], buffer: ArrayBuffer) {
    self.shape = shape
    strides = Tensor.contiguousStrides(for: shape)
    offset = 0
    self.buffer = buffer
    allocation = Allocation.track(bytes: buffer.count * buffer.dtype.itemSize)
  }

  /// A view of `base`'s buffer with its own geometry.
  init(viewOf base: NDArray, shape: [Int], strides: [Int], offset: Int) {
    self.shape = shape
    self.strides = strides
    self.offset = offset
    buffer = base.buffer
    allocation = base.allocation
    flavor = base.flavor
  }

  /// A new array of `shape` laid out with `strides` over `buffer` (an element order other than
  /// row-major: `order='K'` results).
  init(validShape shape: [Int], strides: [Int], buffer: ArrayBuffer) {
    self.shape = shape
    self.strides = strides
    offset = 0
    self.buffer = buffer
    allocation = Allocation.track(bytes: buffer.count * buffer.dtype.itemSize)
  }

  /// An array from elements in row-major order.
  public init<T: ArrayElement>(shape: [Int], elements: [T]) throws(ShapeError) {
    let count = try Tensor.elementCount(of: shape, itemSize: T.dtype.itemSize)
    guard count == elements.count else {
      throw .scalarCountMismatch(shape: shape, expected: count, got: elements.count)
    }
    self.init(validShape: shape, buffer: T.buffer(elements))
  }

  /// A 0-d array: NumPy's scalar `np.float32(1.5)`, `np.int64(3)`, `np.True_`.
  public init<T: ArrayElement>(scalar value: T) {
    self.init(validShape: [], buffer: T.buffer([value]))
  }

  /// A float32 array sharing `tensor`'s storage.
  public init(_ tensor: Tensor) {
    shape = tensor.shape
    strides = Tensor.contiguousStrides(for: tensor.shape)
    offset = 0
    buffer = .float32(tensor.scalars)
    allocation = tensor.allocation
  }

  /// The elements of a dtype-`T` array's buffer (the whole buffer, not only this view's).
  func bufferElements<T: ArrayElement>(_ type: T.Type) -> [T] {
    guard let elements = T.elements(of: buffer) else {
      preconditionFailure("array of \(dtype) read as \(T.dtype)")
    }
    return elements
  }

  // MARK: layout

  /// Row-major with no gaps, starting at the buffer's first element and covering all of it.
  public var isContiguous: Bool {
    offset == 0 && buffer.count == count && NDArray.isRowMajor(shape: shape, strides: strides)
  }

  /// Row-major with no gaps (axes of extent 1 may have any stride), anywhere in the buffer.
  var isRowMajorDense: Bool { NDArray.isRowMajor(shape: shape, strides: strides) }

  static func isRowMajor(shape: [Int], strides: [Int]) -> Bool {
    var expected = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
      if shape[axis] == 0 { return true }
      guard strides[axis] == expected else { return false }
      expected *= shape[axis]
    }
    return true
  }

  /// The buffer positions of the elements, in row-major order of the view.
  func forEachPosition(_ body: (Int) -> Void) {
    StridedWalk(shape: shape, strides: strides, offset: offset).forEach(body)
  }

  /// The elements in row-major order (the array's dtype must be `T`'s).
  public func elements<T: ArrayElement>(as type: T.Type) -> [T] { gathered(type) }

  /// A row-major copy that owns its buffer exactly (no offset, no spare elements); the array
  /// itself when it already is one.
  public func contiguous() -> NDArray {
    if isContiguous { return self }
    struct Gather: ElementsVisitor {
      let array: NDArray
      func visit<T: ArrayElement>(_ elements: [T]) -> ArrayBuffer { T.buffer(array.gathered(T.self)) }
    }
    return NDArray(validShape: shape, buffer: buffer.visit(Gather(array: self)))
  }

  /// The one value of a single-element array, as a cast value.
  public var scalarValue: CastValue? {
    guard count == 1 else { return nil }
    struct Read: ElementsVisitor {
      let position: Int
      func visit<T: ArrayElement>(_ elements: [T]) -> CastValue { elements[position].castValue }
    }
    var position = offset
    forEachPosition { position = $0 }
    return buffer.visit(Read(position: position))
  }

  /// The value at buffer position `position`.
  func value(atPosition position: Int) -> CastValue {
    struct Read: ElementsVisitor {
      let position: Int
      func visit<T: ArrayElement>(_ elements: [T]) -> CastValue { elements[position].castValue }
    }
    return buffer.visit(Read(position: position))
  }

  // MARK: tensors

  /// The array as a float32 tensor for a layer: shared storage when it already is one, else a
  /// float32 copy (`astype('float32')`, as Keras casts its inputs).
  public func float32Tensor() throws(ShapeError) -> Tensor {
    if dtype == .float32 && isContiguous {
      return Tensor(validShape: shape, scalars: bufferElements(Float.self), sharing: allocation)
    }
    let converted = try astype(.float32).contiguous()
    return Tensor(validShape: shape, scalars: converted.bufferElements(Float.self), sharing: converted.allocation)
  }

  /// Two arrays are identical: same dtype, shape and elements (bit for bit for floats, so NaNs
  /// in the same places compare equal).
  public func isIdentical(to other: NDArray) -> Bool {
    guard dtype == other.dtype, shape == other.shape else { return false }
    struct Bits: ElementsVisitor {
      let array: NDArray
      func visit<T: ArrayElement>(_ elements: [T]) -> [UInt64] {
        array.elements(as: T.self).map { value in
          switch value.castValue {
          case .float(let number): return number.bitPattern
          case .int(let number): return UInt64(bitPattern: number)
          case .uint(let number): return number
          case .bool(let flag): return flag ? 1 : 0
          }
        }
      }
    }
    return buffer.visit(Bits(array: self)) == other.buffer.visit(Bits(array: other))
  }
}

/// Visits the buffer positions of a strided view in row-major order of its indices, checking
/// for Ctrl-C between runs of the innermost axis.
struct StridedWalk {
  var shape: [Int]
  var strides: [Int]
  var offset: Int

  func forEach(_ body: (Int) -> Void) {
    guard !shape.contains(0) else { return }
    guard let inner = shape.last else {
      body(offset)
      return
    }
    let innerStride = strides[strides.count - 1]
    let outerRank = shape.count - 1
    var counter = [Int](repeating: 0, count: outerRank)
    var base = offset
    var remaining = shape.dropLast().reduce(1, *)
    while remaining > 0 {
      if Interruption.isRequested { return }  // the statement's result is thrown away
      var position = base
      for _ in 0..<inner {
        body(position)
        position += innerStride
      }
      remaining -= 1
      var axis = outerRank - 1
      while axis >= 0 {
        counter[axis] += 1
        base += strides[axis]
        if counter[axis] < shape[axis] { break }
        base -= strides[axis] * shape[axis]
        counter[axis] = 0
        axis -= 1
      }
    }
  }
}
