/// A strided window onto a tensor's storage: where element `(i₀, …, iₙ₋₁)` lives is
/// `offset + Σ iₖ·strides[k]`. Basic indexing, transposes and broadcasting are all views;
/// `materialize` copies one out into a new contiguous tensor.
struct StridedView {
  var offset: Int
  var shape: [Int]
  var strides: [Int]

  init(offset: Int = 0, shape: [Int], strides: [Int]) {
    self.offset = offset
    self.shape = shape
    self.strides = strides
  }

  init(contiguous shape: [Int]) {
    self.init(shape: shape, strides: Tensor.contiguousStrides(for: shape))
  }

  var count: Int { shape.reduce(1, *) }

  /// Visits every element's storage position in row-major order of the view.
  func forEachPosition(_ body: (Int) -> Void) {
    let count = self.count
    guard count > 0 else { return }
    guard let innerExtent = shape.last else {
      body(offset)
      return
    }
    let innerStride = strides[strides.count - 1]
    let outerRank = shape.count - 1
    var counter = [Int](repeating: 0, count: outerRank)
    var base = offset
    var remaining = count / max(innerExtent, 1)
    while remaining > 0 {
      if Interruption.isRequested { return }  // Ctrl-C: the statement's result is thrown away
      var position = base
      for _ in 0..<innerExtent {
        body(position)
        position += innerStride
      }
      remaining -= 1
      // Odometer step over the outer axes.
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

  /// Copies the viewed elements of `source` into a contiguous array.
  func gather(_ source: [Float]) -> [Float] {
    var result = [Float]()
    result.reserveCapacity(count)
    source.withUnsafeBufferPointer { buffer in
      forEachPosition { result.append(buffer[$0]) }
    }
    return result
  }
}

extension Tensor {
  var contiguousView: StridedView { StridedView(contiguous: shape) }

  func materialize(_ view: StridedView) -> Tensor {
    Tensor(validShape: view.shape, scalars: view.gather(scalars))
  }
}
