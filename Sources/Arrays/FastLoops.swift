import ArrayLoops
import ArrayLoopsAVX2
import ArrayLoopsAVX512
import Kernels
import Tensors

/// The float loops for this machine's vector unit (`ArrayLoops`), and the element-wise drivers
/// that hand them whole runs, split between the cores for large arrays.
enum FastLoops {
  static let current: ArrayLoops = {
    switch InstructionSet.best {
    case .avx512: return avx512ArrayLoops
    case .avx2: return avx2ArrayLoops
    case .portable: return .portable
    }
  }()

  typealias PairKernel<T, R> = @Sendable (UnsafePointer<T>, Int, UnsafePointer<T>, Int, UnsafeMutablePointer<R>, Int) -> Void
  typealias MapKernel<T> = @Sendable (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void

  /// `kernel` over `a` and `b` (dtype `T`) broadcast to `shape`, or nil when their innermost
  /// steps are not 0 or 1 (the generic loop handles those).
  static func zip<T: ArrayElement, R: ArrayElement>(
    _ a: NDArray, _ b: NDArray, shape: [Int], kernel: @escaping PairKernel<T, R>
  ) throws(ShapeError) -> NDArray? {
    let sa = Layout.broadcastStrides(a, to: shape), sb = Layout.broadcastStrides(b, to: shape)
    let order = Layout.axisOrder(shape: shape, operands: [sa, sb])
    let outStrides = Layout.strides(shape: shape, order: order)
    let loop = RunLoop(shape: shape, order: order, operands: [(outStrides, 0), (sa, a.offset), (sb, b.offset)])
    let stepA = loop.innerStrides[1], stepB = loop.innerStrides[2]
    guard (stepA == 0 || stepA == 1) && (stepB == 0 || stepB == 1) else { return nil }
    let count = try Tensor.elementCount(of: shape, itemSize: R.dtype.itemSize)
    let left = a.bufferElements(T.self), right = b.bufferElements(T.self)
    let elements: [R] = left.withUnsafeBufferPointer { leftBuffer in
      right.withUnsafeBufferPointer { rightBuffer in
        Elementwise.makeBuffer(count) { out in
          guard let x = leftBuffer.baseAddress, let y = rightBuffer.baseAddress else { return }
          if loop.extents.count <= 1 {
            let p = UnsafeSendablePointer(x + loop.starts[1]), q = UnsafeSendablePointer(y + loop.starts[2])
            let o = UnsafeSendableMutablePointer(out)
            split(count) { start, length in
              kernel(p.pointer + start * stepA, stepA, q.pointer + start * stepB, stepB, o.pointer + start, length)
            }
            return
          }
          let inner = loop.innerCount
          loop.forEachRun { starts in kernel(x + starts[1], stepA, y + starts[2], stepB, out + starts[0], inner) }
        }
      }
    }
    return NDArray(validShape: shape, strides: outStrides, buffer: R.buffer(elements))
  }

  /// `kernel` over every element of `a` (dtype `T`), or nil when its innermost step is not 1.
  static func map<T: ArrayElement>(_ a: NDArray, kernel: @escaping MapKernel<T>) throws(ShapeError) -> NDArray? {
    let shape = a.shape
    let order = Layout.axisOrder(shape: shape, operands: [a.strides])
    let outStrides = Layout.strides(shape: shape, order: order)
    let loop = RunLoop(shape: shape, order: order, operands: [(outStrides, 0), (a.strides, a.offset)])
    guard loop.innerStrides[1] == 1 || loop.innerCount == 1 else { return nil }
    let count = try Tensor.elementCount(of: shape, itemSize: T.dtype.itemSize)
    let source = a.bufferElements(T.self)
    let elements: [T] = source.withUnsafeBufferPointer { input in
      Elementwise.makeBuffer(count) { out in
        guard let x = input.baseAddress else { return }
        if loop.extents.count <= 1 {
          let p = UnsafeSendablePointer(x + loop.starts[1]), o = UnsafeSendableMutablePointer(out)
          split(count) { start, length in kernel(p.pointer + start, o.pointer + start, length) }
          return
        }
        let inner = loop.innerCount
        loop.forEachRun { starts in kernel(x + starts[1], out + starts[0], inner) }
      }
    }
    return NDArray(validShape: shape, strides: outStrides, buffer: T.buffer(elements))
  }

  /// Calls `body(start, length)` over `0..<count` in pieces, on both cores when it is long.
  static func split(_ count: Int, _ body: @Sendable (Int, Int) -> Void) {
    guard count >= Elementwise.parallelThreshold else {
      body(0, count)
      return
    }
    Parallel.forEachRange(count, grain: Elementwise.parallelThreshold / 2) { range in
      if Interruption.isRequested { return }
      body(range.lowerBound, range.count)
    }
  }
}

extension BinaryUfunc {
  /// The vector loop for this ufunc on floats, if there is one.
  var floatLoop: FloatBinaryLoop? {
    switch self {
    case .add: return .add
    case .subtract: return .subtract
    case .multiply: return .multiply
    case .divide: return .divide
    case .maximum: return .maximum
    case .minimum: return .minimum
    default: return nil
    }
  }

  var compareLoop: FloatCompareLoop? {
    switch self {
    case .less: return .less
    case .lessEqual: return .lessEqual
    case .greater: return .greater
    case .greaterEqual: return .greaterEqual
    case .equal: return .equal
    case .notEqual: return .notEqual
    default: return nil
    }
  }
}

extension UnaryUfunc {
  var floatLoop: FloatUnaryLoop? {
    switch self {
    case .negative: return .negative
    case .absolute: return .absolute
    case .square: return .square
    case .sqrt: return .sqrt
    case .exp: return .exp
    case .log: return .log
    default: return nil
    }
  }
}
