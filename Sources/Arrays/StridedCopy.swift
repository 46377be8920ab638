import Kernels
import Tensors

/// Copies a strided view's elements into row-major order: runs of the innermost axis as block
/// copies, transposed layouts in tiles so that both sides stay in cache, and large copies split
/// between the cores.
enum StridedCopy {
  /// Elements per tile side when a transposed layout is copied.
  static let tile = 32

  /// Copies the view (`shape`, `strides` in elements, `offset`) of `source` into `destination`
  /// in row-major order of the view.
  static func gather<T>(
    _ source: UnsafePointer<T>, shape: [Int], strides: [Int], offset: Int, into destination: UnsafeMutablePointer<T>
  ) {
    // Merge axes that step evenly, and drop axes of extent 1.
    var extents: [Int] = [], steps: [Int] = []
    for (extent, step) in zip(shape, strides) where extent != 1 {
      if extent == 0 { return }
      if let last = extents.last, steps[steps.count - 1] == step * extent {
        extents[extents.count - 1] = last * extent
        steps[steps.count - 1] = step
      } else {
        extents.append(extent)
        steps.append(step)
      }
    }
    guard !extents.isEmpty else {
      destination[0] = source[offset]
      return
    }
    let total = extents.reduce(1, *)
    // Split the outermost axis between the cores for large copies.
    let outer = extents[0]
    let innerCount = total / outer
    let address = UnsafeSendablePointer(source), target = UnsafeSendableMutablePointer(destination)
    let box = Geometry(extents: extents, steps: steps)
    // Pieces of at least parallelThreshold elements, as element-wise work: with 2¹⁸ a batch of 8
    // slices of 50,176 floats stayed on one core.
    Parallel.forEachRange(outer, grain: max(1, Elementwise.parallelThreshold / max(innerCount, 1))) { range in
      for index in range {
        if Interruption.isRequested { return }
        copyBlock(
          address.pointer, box, offset: offset + index * box.steps[0], into: target.pointer + index * innerCount)
      }
    }
  }

  struct Geometry: Sendable {
    var extents: [Int]
    var steps: [Int]
  }

  /// Copies one slice (every axis after the first) of the merged geometry.
  private static func copyBlock<T>(_ source: UnsafePointer<T>, _ geometry: Geometry, offset: Int, into destination: UnsafeMutablePointer<T>) {
    let extents = Array(geometry.extents.dropFirst()), steps = Array(geometry.steps.dropFirst())
    guard let innerExtent = extents.last else {
      destination[0] = source[offset]
      return
    }
    let innerStep = steps[steps.count - 1]
    // A transposed layout: some outer axis steps by 1 while the inner one jumps. Tile those two.
    if innerStep != 1, extents.count >= 2, let unit = steps.dropLast().lastIndex(of: 1) {
      copyTiled(source, extents: extents, steps: steps, unitAxis: unit, offset: offset, into: destination)
      return
    }
    let outerCount = extents.dropLast().reduce(1, *)
    var counter = [Int](repeating: 0, count: extents.count - 1)
    var position = offset
    var written = 0
    for _ in 0..<outerCount {
      let from = source + position, to = destination + written
      if innerStep == 1 {
        to.update(from: from, count: innerExtent)
      } else {
        for index in 0..<innerExtent { to[index] = from[index * innerStep] }
      }
      written += innerExtent
      var axis = extents.count - 2
      while axis >= 0 {
        counter[axis] += 1
        position += steps[axis]
        if counter[axis] < extents[axis] { break }
        position -= steps[axis] * extents[axis]
        counter[axis] = 0
        axis -= 1
      }
    }
  }

  /// Copies with the unit-stride axis `unitAxis` and the innermost axis walked in square tiles:
  /// reads run along the unit axis, writes along the innermost one.
  private static func copyTiled<T>(
    _ source: UnsafePointer<T>, extents: [Int], steps: [Int], unitAxis: Int, offset: Int,
    into destination: UnsafeMutablePointer<T>
  ) {
    let last = extents.count - 1
    let rows = extents[unitAxis], columns = extents[last]
    let columnStep = steps[last]
    // Row-major strides of the destination.
    var destinationSteps = [Int](repeating: 1, count: extents.count)
    for axis in stride(from: last - 1, through: 0, by: -1) { destinationSteps[axis] = destinationSteps[axis + 1] * extents[axis + 1] }
    let rowStep = destinationSteps[unitAxis]
    // Every other axis is iterated outside the tiles.
    let others = (0..<last).filter { $0 != unitAxis }
    let otherCount = others.reduce(1) { $0 * extents[$1] }
    var counter = [Int](repeating: 0, count: others.count)
    var sourceBase = offset, destinationBase = 0
    for _ in 0..<otherCount {
      var row = 0
      while row < rows {
        let rowEnd = min(row + tile, rows)
        var column = 0
        while column < columns {
          let columnEnd = min(column + tile, columns)
          for r in row..<rowEnd {
            let from = source + sourceBase + r, to = destination + destinationBase + r * rowStep
            for c in column..<columnEnd { to[c] = from[c * columnStep] }
          }
          column = columnEnd
        }
        row = rowEnd
      }
      var index = others.count - 1
      while index >= 0 {
        let axis = others[index]
        counter[index] += 1
        sourceBase += steps[axis]
        destinationBase += destinationSteps[axis]
        if counter[index] < extents[axis] { break }
        sourceBase -= steps[axis] * extents[axis]
        destinationBase -= destinationSteps[axis] * extents[axis]
        counter[index] = 0
        index -= 1
      }
    }
  }
}

/// A pointer handed to the worker threads of one copy, which each touch their own elements.
struct UnsafeSendablePointer<T>: @unchecked Sendable {
  let pointer: UnsafePointer<T>
  init(_ pointer: UnsafePointer<T>) { self.pointer = pointer }
}

struct UnsafeSendableMutablePointer<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

extension NDArray {
  /// The view's elements in row-major order, in a new array (fast paths for dense views).
  func gathered<T: ArrayElement>(_ type: T.Type) -> [T] {
    let source = bufferElements(type)
    if isContiguous { return source }
    let count = self.count
    return source.withUnsafeBufferPointer { buffer in
      [T](unsafeUninitializedCapacity: count) { output, initialized in
        if let base = buffer.baseAddress, let target = output.baseAddress {
          StridedCopy.gather(base, shape: shape, strides: strides, offset: offset, into: target)
        }
        initialized = count
      }
    }
  }
}
