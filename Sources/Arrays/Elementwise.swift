import Kernels
import Tensors

/// The element-wise loops every ufunc runs on: one or two inputs of one dtype, already cast
/// and broadcast, into a new array laid out in their memory order.
enum Elementwise {
  /// Arrays at least this long are split between the cores.
  static let parallelThreshold = 1 << 16

  /// A new buffer of `count` elements filled by `fill`, which must write every element.
  @inline(__always)
  static func makeBuffer<R: ArrayElement>(
    _ count: Int, _ fill: (UnsafeMutablePointer<R>) -> Void
  ) -> [R] {
    [R](unsafeUninitializedCapacity: count) { buffer, initialized in
      if let base = buffer.baseAddress { fill(base) }
      initialized = count
    }
  }

  /// `body` applied to every element of `a` (dtype `T`).
  @inline(__always)
  static func map<T: ArrayElement, R: ArrayElement>(_ a: NDArray, _ body: (T) -> R) throws(ShapeError) -> NDArray {
    let shape = a.shape
    let count = try Tensor.elementCount(of: shape, itemSize: R.dtype.itemSize)
    let order = Layout.axisOrder(shape: shape, operands: [a.strides])
    let outStrides = Layout.strides(shape: shape, order: order)
    let loop = RunLoop(shape: shape, order: order, operands: [(outStrides, 0), (a.strides, a.offset)])
    let source = a.bufferElements(T.self)
    let elements: [R] = source.withUnsafeBufferPointer { input in
      makeBuffer(count) { out in
        guard let input = input.baseAddress else { return }
        let step = loop.innerStrides[1]
        let inner = loop.innerCount
        loop.forEachRun { starts in
          let o = out + starts[0], x = input + starts[1]
          if step == 1 {
            for i in 0..<inner { o[i] = body(x[i]) }
          } else {
            for i in 0..<inner { o[i] = body(x[i * step]) }
          }
        }
      }
    }
    return NDArray(validShape: shape, strides: outStrides, buffer: R.buffer(elements))
  }

  /// `body` applied pairwise to `a` and `b` (both dtype `T`) broadcast to `shape`.
  @inline(__always)
  static func zip<T: ArrayElement, R: ArrayElement>(
    _ a: NDArray, _ b: NDArray, shape: [Int], _ body: (T, T) -> R
  ) throws(ShapeError) -> NDArray {
    let count = try Tensor.elementCount(of: shape, itemSize: R.dtype.itemSize)
    let sa = Layout.broadcastStrides(a, to: shape), sb = Layout.broadcastStrides(b, to: shape)
    let order = Layout.axisOrder(shape: shape, operands: [sa, sb])
    let outStrides = Layout.strides(shape: shape, order: order)
    let loop = RunLoop(shape: shape, order: order, operands: [(outStrides, 0), (sa, a.offset), (sb, b.offset)])
    let left = a.bufferElements(T.self), right = b.bufferElements(T.self)
    let inner = loop.innerCount, stepA = loop.innerStrides[1], stepB = loop.innerStrides[2]
    let elements: [R] = left.withUnsafeBufferPointer { leftBuffer in
      right.withUnsafeBufferPointer { rightBuffer in
        makeBuffer(count) { out in
          guard let x = leftBuffer.baseAddress, let y = rightBuffer.baseAddress else { return }
          loop.forEachRun { starts in
            let o = out + starts[0], p = x + starts[1], q = y + starts[2]
            switch (stepA, stepB) {
            case (1, 1): for i in 0..<inner { o[i] = body(p[i], q[i]) }
            case (1, 0):
              let constant = q[0]
              for i in 0..<inner { o[i] = body(p[i], constant) }
            case (0, 1):
              let constant = p[0]
              for i in 0..<inner { o[i] = body(constant, q[i]) }
            default: for i in 0..<inner { o[i] = body(p[i * stepA], q[i * stepB]) }
            }
          }
        }
      }
    }
    return NDArray(validShape: shape, strides: outStrides, buffer: R.buffer(elements))
  }
}

/// A value handed to worker threads that only read it, or that write disjoint parts of memory
/// it points to.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
