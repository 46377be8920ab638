import Kernels

/// The exact receptive field of a stack of layers along each spatial axis: for every output
/// cell, the first and last input cell with a nonzero weight in its value, composed layer by
/// layer from what each layer's own axis reads (the cells the diagrams draw). The model's figure
/// is the widest span over its output cells. Needs every spatial size; none of the fractional
/// `r + (k − 1)·j` arithmetic, which overcounts after upsampling and transposed layers.
public struct ReceptiveSpans {
  /// Per spatial axis, per output cell of the layers so far: the model-input cells it reads
  /// (nil: none, e.g. a cell of pure padding).
  var spans: [[ClosedRange<Int>?]]

  /// Output cells composed per axis at most: past this the spans are not worked out.
  public static let maximumCells = 1 << 16
  /// (output cell, input cell read) pairs one layer's axis may list, at most: a kernel as long
  /// as the input would otherwise list n² of them.
  public static let maximumReads = 1 << 22

  init?(spatial: [Int?]) {
    guard spatial.allSatisfy({ $0 != nil && $0! <= Self.maximumCells }) else { return nil }
    spans = spatial.map { (0..<$0!).map { $0...$0 } }
  }

  /// The spans after `layer`, whose input has these full shape; nil when an axis cannot be read.
  func after(_ layer: Layer, input inputShape: [Int?]) -> ReceptiveSpans? {
    guard let spans = layer.composeReads(spans, input: inputShape, { reads, previous in
      reads.map { cells in
        var low = Int.max, high = Int.min
        for cell in cells {
          guard let span = previous[cell] else { continue }
          low = Swift.min(low, span.lowerBound)
          high = Swift.max(high, span.upperBound)
        }
        return low <= high ? low...high : nil
      }
    }) else { return nil }
    var next = self
    next.spans = spans
    return next
  }

  /// The widest span per axis, in input cells.
  var sizes: [Int] { spans.map { $0.compactMap { $0?.count }.max() ?? 0 } }
}

extension Layer {
  /// Per spatial axis, a value for each output cell composed from the values of the input cells
  /// it reads (`combine(reads, previous)`); nil when an axis cannot be read, is past the bounds,
  /// or `combine` gives up (nil). ReceptiveSpans, Overlap and Dependencies are this walk.
  func composeReads<Value>(_ previous: [[Value]], input inputShape: [Int?], _ combine: ([[Int]], [Value]) -> [Value]?) -> [[Value]]? {
    guard let axes = try? readingAxes(inputShape), axes.count == previous.count else { return nil }
    var next: [[Value]] = []
    for (axis, values) in zip(axes, previous) {
      guard axis.output <= ReceptiveSpans.maximumCells, axis.input == values.count, let reads = axis.inputsRead(),
        let combined = combine(reads, values)
      else { return nil }
      next.append(combined)
    }
    return next
  }

  /// The spatial axes as diagrams read them, without the diagrams' size limits.
  func readingAxes(_ inputShape: [Int?]) throws(LayerShapeError) -> [DiagramAxis] {
    let plan = try self.plan(for: inputShape)
    guard plan.spatial.allSatisfy({ $0 != nil }), plan.outputSpatial.allSatisfy({ $0 != nil }) else { return [] }
    switch operation {
    case .convolution(let spec):
      return plan.axes.map { DiagramAxis(plan: $0, transposed: spec.kind == .transposed) }
    case .pool:
      return plan.axes.map { DiagramAxis(plan: $0, transposed: false) }
    case .resample(let spec):
      let names = spatialAxisNames(rank: rank)
      return (0..<spec.rank).map { axis in
        DiagramAxis(resample: spec, axis: axis, name: names[axis], input: plan.spatial[axis]!, output: plan.outputSpatial[axis]!)
      }
    }
  }
}

extension DiagramAxis {
  /// For each output cell, the input cells with a nonzero weight in it; nil past
  /// `ReceptiveSpans.maximumReads` pairs.
  func inputsRead() -> [[Int]]? {
    let (pairs, overflow) = output.multipliedReportingOverflow(by: max(termsPerCell, 1))
    guard !overflow, pairs <= ReceptiveSpans.maximumReads else { return nil }
    if plan != nil { return (0..<output).map { o in (0..<kernel).compactMap { input(readBy: o, tap: $0) } } }
    switch resample! {
    case let .crop(before, _): return (0..<output).map { [$0 + before[0]] }
    case let .zeroPad(before, _):
      return (0..<output).map { o in o - before[0] >= 0 && o - before[0] < input ? [o - before[0]] : [] }
    case let .upsample(factors, interpolation):
      guard let method = Resampling.Interpolation(rawValue: interpolation.rawValue) else {
        return (0..<output).map { [$0 / factors[0]] }
      }
      return Resampling.weightMatrix(from: input, to: output, method).map { row in row.filter { $0.1 != 0 }.map(\.0) }
    }
  }
}

/// distill's checkerboard, counted: for each output cell, how many (input cell, kernel tap)
/// pairs reach it through every layer (a stack multiplies the counts along its paths), per
/// spatial axis. A cell's count is the product of its axes' counts.
public struct Overlap: Sendable {
  /// Per spatial axis, per output cell.
  public var counts: [[Int]]

  /// Counts past this saturate (a long stack multiplies them).
  static let saturation = Int(Int32.max)

  public init?(spatial: [Int?]) {
    guard spatial.allSatisfy({ $0 != nil && $0! <= ReceptiveSpans.maximumCells }) else { return nil }
    counts = spatial.map { Array(repeating: 1, count: $0!) }
  }

  public func after(_ layer: Layer, input inputShape: [Int?]) -> Overlap? {
    guard let counts = layer.composeReads(counts, input: inputShape, { reads, previous in
      reads.map { cells in cells.reduce(0) { Swift.min(Self.saturation, $0 + previous[$1]) } }
    }) else { return nil }
    return Overlap(counts: counts)
  }

  init(counts: [[Int]]) { self.counts = counts }
}

/// The exact dependencies of a stack, per spatial axis: for each output cell, the input cells
/// with a nonzero weight in its value through every layer (`trace`). A cell's set is the
/// product of its axes' sets.
public struct Dependencies: Sendable {
  /// Per spatial axis, per output cell: the model-input cells, sorted.
  public var cells: [[[Int]]]

  public init?(spatial: [Int?]) {
    guard spatial.allSatisfy({ $0 != nil && $0! <= ReceptiveSpans.maximumCells }) else { return nil }
    cells = spatial.map { (0..<$0!).map { [$0] } }
  }

  public func after(_ layer: Layer, input inputShape: [Int?]) -> Dependencies? {
    guard let cells = layer.composeReads(cells, input: inputShape, { reads, previous -> [[Int]]? in
      // The sets grow through a stack: the work of joining them, and their total, are bounded
      // as one layer's reads are.
      var work = 0
      for read in reads {
        for cell in read { work += previous[cell].count }
        guard work <= 4 * ReceptiveSpans.maximumReads else { return nil }
      }
      var total = 0
      var sets: [[Int]] = []
      for read in reads {
        let set = Array(Set(read.flatMap { previous[$0] })).sorted()
        total += set.count
        guard total <= ReceptiveSpans.maximumReads else { return nil }
        sets.append(set)
      }
      return sets
    }) else { return nil }
    var next = self
    next.cells = cells
    return next
  }
}
