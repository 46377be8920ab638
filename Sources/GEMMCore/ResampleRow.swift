/// One output row of a separable 2-D resize, on channels-last data: the input rows it reads
/// blended into `blended` (`rowWidth` floats), then each output cell blended from the cells of
/// that row its taps name. Multiplies and adds stay separate (never fused), so every unit's
/// copy computes exactly the scalar arithmetic, and the choice of unit never changes a result.
public struct ResampleRow {
  public var rows: UnsafePointer<UnsafePointer<Float>>
  public var rowWeights: UnsafePointer<Float>
  public var rowTaps: Int
  public var rowWidth: Int
  public var blended: UnsafeMutablePointer<Float>
  /// Output cell o's taps are `start[o]..<start[o + 1]` of `index` (input cells) and `weight`.
  public var start: UnsafePointer<Int>
  public var index: UnsafePointer<Int>
  public var weight: UnsafePointer<Float>
  public var cells: Int
  public var channels: Int
  public var output: UnsafeMutablePointer<Float>

  public init(
    rows: UnsafePointer<UnsafePointer<Float>>, rowWeights: UnsafePointer<Float>, rowTaps: Int, rowWidth: Int,
    blended: UnsafeMutablePointer<Float>, start: UnsafePointer<Int>, index: UnsafePointer<Int>, weight: UnsafePointer<Float>,
    cells: Int, channels: Int, output: UnsafeMutablePointer<Float>
  ) {
    self.rows = rows
    self.rowWeights = rowWeights
    self.rowTaps = rowTaps
    self.rowWidth = rowWidth
    self.blended = blended
    self.start = start
    self.index = index
    self.weight = weight
    self.cells = cells
    self.channels = channels
    self.output = output
  }
}

public typealias ResampleRowKernel = @Sendable (_ row: ResampleRow) -> Void

@inlinable @inline(__always)
public func resampleRow(_ r: ResampleRow) {
  let width = r.rowWidth
  // The first tap writes the blended row (zeroing it first had added a pass); a single tap of
  // weight 1 is the input row itself.
  let blended: UnsafePointer<Float>
  switch r.rowTaps {
  case 0:
    for k in 0..<width { r.blended[k] = 0 }
    blended = UnsafePointer(r.blended)
  case 1 where r.rowWeights[0] == 1:
    blended = r.rows[0]
  default:
    let s0 = r.rows[0], w0 = r.rowWeights[0], target = r.blended
    for k in 0..<width { target[k] = w0 * s0[k] }
    for t in 1..<r.rowTaps {
      let source = r.rows[t], w = r.rowWeights[t]
      for k in 0..<width { target[k] = target[k] + w * source[k] }
    }
    blended = UnsafePointer(target)
  }
  let channels = r.channels
  for o in 0..<r.cells {
    let cell = r.output + o * channels
    let first = r.start[o], end = r.start[o + 1]
    switch end - first {
    case 0:
      for c in 0..<channels { cell[c] = 0 }
    case 2:
      let a = blended + r.index[first] * channels, b = blended + r.index[first + 1] * channels
      let wa = r.weight[first], wb = r.weight[first + 1]
      for c in 0..<channels { cell[c] = wa * a[c] + wb * b[c] }
    default:
      let a = blended + r.index[first] * channels, wa = r.weight[first]
      for c in 0..<channels { cell[c] = wa * a[c] }
      for t in (first + 1)..<end {
        let b = blended + r.index[t] * channels, wb = r.weight[t]
        for c in 0..<channels { cell[c] = cell[c] + wb * b[c] }
      }
    }
  }
}
