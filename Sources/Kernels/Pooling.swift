import Tensors

/// One pooling over channels-last tensors with three spatial axes (leading extents 1 for 1-D
/// and 2-D): a max or a mean of each channel over a strided window.
public struct PoolingProblem: Sendable, Equatable {
  public enum Reduction: Sendable, Equatable { case max, average }

  public var reduction: Reduction
  public var batch: Int
  public var inputSize: [Int]
  public var outputSize: [Int]
  public var window: [Int]
  public var strides: [Int]
  /// Cells of padding before each axis: a window may hang over either end ('same').
  public var padBefore: [Int]
  public var channels: Int
  /// Spacing between window cells (PyTorch's max pooling).
  public var dilation = [1, 1, 1]
  /// PyTorch's count_include_pad: a mean divides by the window's cells up to this bound per axis
  /// (the input and its padding), not by the input cells it covers.
  public var divisorBound: [Int]? = nil
  /// PyTorch's divisor_override.
  public var divisorOverride: Int? = nil

  public init(
    reduction: Reduction, batch: Int, inputSize: [Int], outputSize: [Int], window: [Int], strides: [Int],
    padBefore: [Int], channels: Int
  ) {
    self.reduction = reduction
    self.batch = batch
    self.inputSize = inputSize
    self.outputSize = outputSize
    self.window = window
    self.strides = strides
    self.padBefore = padBefore
    self.channels = channels
  }
}

public enum Pooling {
  /// A mean's divisor: `divisor_override`; else with count_include_pad the window's cells up to
  /// each axis's padded end (`bounds`), else the input cells it covers. `starts` are the
  /// window's first cells (negative in the padding before).
  public static func divisor(covered: Int, starts: [Int], windows: [Int], bounds: [Int]?, override: Int?) -> Int {
    if let override { return override }
    guard let bounds else { return covered }
    return starts.indices.reduce(1) { $0 * paddedExtent(start: starts[$1], window: windows[$1], bound: bounds[$1]) }
  }

  /// count_include_pad's cells on one axis: the window from `start` up to the padded end `bound`.
  @inline(__always)
  static func paddedExtent(start: Int, window: Int, bound: Int) -> Int { min(start + window, bound) - start }

  /// Keras's pooling on the jax backend: padding never takes part (max pads with −∞; a mean
  /// divides by the input cells its window covers), and a NaN in a window makes its max NaN.
  public static func run(_ problem: PoolingProblem, input: [Float]) -> [Float] {
    let p = problem
    let outputCells = p.outputSize.reduce(1, *)
    var output = [Float](repeating: 0, count: p.batch * outputCells * p.channels)
    var accumulator = [Float](repeating: 0, count: p.channels)
    /// Output `o`'s window on `axis`: its first cell (negative in the padding before), and the
    /// input cells it covers, every dilation-th — worked out, not listed, since this runs for
    /// every output cell.
    func span(_ axis: Int, _ o: Int) -> (start: Int, cells: StrideTo<Int>, count: Int) {
      let start = o * p.strides[axis] - p.padBefore[axis], d = p.dilation[axis]
      let first = start < 0 ? (-start + d - 1) / d : 0
      let reach = p.inputSize[axis] - 1 - start
      let last = reach < 0 ? -1 : min(p.window[axis] - 1, reach / d)
      let count = max(0, last - first + 1)
      return (start, stride(from: start + first * d, to: start + (first + count) * d, by: d), count)
    }
    input.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        accumulator.withUnsafeMutableBufferPointer { acc in
          var written = 0
          for n in 0..<p.batch {
            for oz in 0..<p.outputSize[0] {
              let zs = span(0, oz)
              for oy in 0..<p.outputSize[1] {
                if Interruption.isRequested { return }
                let ys = span(1, oy)
                for ox in 0..<p.outputSize[2] {
                  let xs = span(2, ox)
                  for c in 0..<p.channels { acc[c] = p.reduction == .max ? -.infinity : 0 }
                  for z in zs.cells {
                    for y in ys.cells {
                      let row = ((n * p.inputSize[0] + z) * p.inputSize[1] + y) * p.inputSize[2]
                      for x in xs.cells {
                        let base = (row + x) * p.channels
                        if p.reduction == .max {
                          for c in 0..<p.channels {
                            let value = source[base + c]
                            // A NaN wins and then stays, as lax.max propagates it.
                            if value > acc[c] || value.isNaN { acc[c] = value }
                          }
                        } else {
                          for c in 0..<p.channels { acc[c] += source[base + c] }
                        }
                      }
                    }
                  }
                  var divisor = zs.count * ys.count * xs.count
                  if let bound = p.divisorBound {
                    divisor = paddedExtent(start: zs.start, window: p.window[0], bound: bound[0])
                      * paddedExtent(start: ys.start, window: p.window[1], bound: bound[1])
                      * paddedExtent(start: xs.start, window: p.window[2], bound: bound[2])
                  }
                  let count = Float(p.divisorOverride ?? divisor)
                  for c in 0..<p.channels {
                    target[written + c] = p.reduction == .max ? acc[c] : acc[c] / count
                  }
                  written += p.channels
                }
              }
            }
          }
        }
      }
    }
    return output
  }
}
